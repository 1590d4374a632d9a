"""Which files of a Helm chart folder mcpgen may replace: those its `.mcpgen-owned` proves.

A chart holds JSON and Markdown, which cannot carry a signature line, so the
chart folder keeps one list of what mcpgen wrote, in `sha256sum` format
(`sha256sum -c .mcpgen-owned` checks it by hand). A file is mcpgen's only while
its bytes still have the listed digest: a file edited by hand, a user's extra
values file, `.git` and everything else is left alone.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mcpgen.write.signature import read_regular
from mcpgen.write.staging import STAGING

OWNED = ".mcpgen-owned"


@dataclass
class ChartPlan:
    write: dict[Path, str] = field(default_factory=dict)
    delete: dict[Path, str] = field(default_factory=dict)  # path -> the content it must still have
    unchanged: int = 0
    kept: list[Path] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.write and not self.delete


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def owned_list(files: dict[Path, str]) -> str:
    return "".join(f"{_sha256(files[p])}  {p.as_posix()}\n" for p in sorted(files))


def _safe_rel(text: str) -> Path | None:
    rel = PurePosixPath(text)
    if not text or rel.is_absolute() or any(part in ("", ".", "..") for part in rel.parts):
        return None
    return Path(*rel.parts)


def _listed(out: Path) -> dict[Path, str] | None:
    text = read_regular(out / OWNED)
    if text is None:
        return None
    listed: dict[Path, str] = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        rel = _safe_rel(name) if sep and len(digest) == 64 else None
        if rel is not None:
            listed[rel] = digest
    return listed


def _path_problem(out: Path, rel: Path) -> str | None:
    here = out
    for part in rel.parts[:-1]:
        here = here / part
        try:
            info = here.lstat()
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            return f"{here}: not a folder (a symlink or a file); mcpgen does not write through it"
    return None


def plan_chart(out: Path, files: dict[Path, str]) -> ChartPlan:
    """What writing `files` (relative path -> content) into the chart folder `out` changes."""
    plan = ChartPlan()
    entries = [e for e in os.listdir(out) if e != STAGING] if out.is_dir() else []
    listed = _listed(out)
    if entries and listed is None:
        plan.conflicts.append(
            f"{out}: holds files that mcpgen did not write (it has no {OWNED}; a chart from "
            "mcpgen 0.1 has none either); pick an empty folder"
        )
        return plan
    listed = listed or {}
    for rel, content in sorted(files.items()):
        target = out / rel
        problem = _path_problem(out, rel)
        if problem:
            plan.conflicts.append(problem)
            continue
        if not os.path.lexists(target):
            plan.write[rel] = content
            continue
        text = read_regular(target)
        if text == content:
            plan.unchanged += 1
        elif text is not None and listed.get(rel) == _sha256(text):
            plan.write[rel] = content
        else:
            plan.conflicts.append(
                f"{target}: not written by mcpgen (missing from {OWNED}, or edited by hand), "
                "so mcpgen will not overwrite it; move it away or delete it, then render again"
            )
    for rel, digest in sorted(listed.items()):
        if rel in files or _path_problem(out, rel):
            continue
        text = read_regular(out / rel)
        if text is not None and _sha256(text) == digest:
            plan.delete[rel] = text
        elif os.path.lexists(out / rel):
            plan.kept.append(rel)
    if not plan.conflicts:
        owned = owned_list(files)
        if read_regular(out / OWNED) != owned:
            plan.write[Path(OWNED)] = owned
    return plan


def kept_files(out: Path, files: dict[Path, str], plan: ChartPlan) -> list[Path]:
    """The user's files in the chart folder (dot-folders not walked): left alone, and said so."""
    kept = set(plan.kept)
    for folder, dirs, names in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            rel = (Path(folder) / name).relative_to(out)
            if rel not in files and rel != Path(OWNED) and rel not in plan.delete:
                kept.add(rel)
    return sorted(kept)
