"""Write imported files into one folder without ever replacing what import did not write.

A file that exists is left alone unless it is byte-identical (unchanged) or
carries import's signature unbroken (a later import replaces it); anything else
is a conflict, and on any conflict nothing is written. Each file is written to
a temporary name in the same folder and renamed over its target, so a reader
sees the old file or the new one, never half of one. Symlinks are refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mcpgen.importers.files import is_ours
from mcpgen.write.signature import read_regular


@dataclass(slots=True)
class ImportPlan:
    write: dict[str, str] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _state(path: Path) -> tuple[str, str | None]:
    """("absent" | "file" | "other", text)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "absent", None
    if not stat.S_ISREG(info.st_mode):
        return "other", None
    text = read_regular(path)
    return ("file", text) if text is not None else ("other", None)


def plan_import(out: Path, files: dict[str, str]) -> ImportPlan:
    result = ImportPlan()
    if out.is_symlink():
        result.conflicts.append(f"{out}: a symlink; mcpgen import writes only into a real folder")
        return result
    if out.exists() and not out.is_dir():
        result.conflicts.append(f"{out}: exists and is not a folder")
        return result
    for name, content in sorted(files.items()):
        kind, text = _state(out / name)
        if kind == "absent":
            result.write[name] = content
        elif kind == "other":
            result.conflicts.append(
                f"{out / name}: not a regular file (a symlink, a folder, unreadable or too "
                "big); mcpgen import leaves it alone"
            )
        elif text == content:
            result.unchanged.append(name)
        elif text is not None and is_ours(text):
            result.write[name] = content
        else:
            result.conflicts.append(
                f"{out / name}: exists and was not written by mcpgen import (or was edited "
                "since); move it away or import into another folder"
            )
    return result


def apply(out: Path, planned: ImportPlan) -> None:
    """Write every planned file by rename; re-check each target just before."""
    for name, content in sorted(planned.write.items()):
        target = out / name
        kind, text = _state(target)
        if kind == "other" or (kind == "file" and text is not None and not is_ours(text)):
            raise FileExistsError(f"{target}: changed while mcpgen import ran; left alone")
        fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".mcpgen-import")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
