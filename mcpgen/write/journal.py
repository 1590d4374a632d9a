"""Replace a set of files through a roll-forward journal (the Helm chart folder).

The chart folder is the output folder itself, so it cannot be swapped whole
from inside it. Instead every new file is staged complete first; then one
atomic rename commits a journal naming what to replace and delete; then the
renames run. An interruption before the commit leaves the old chart; after
it, the next run (or this one, on Ctrl-C or SIGTERM) finishes the renames.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from mcpgen.write.lock import Interrupted, drop_held, signals_held
from mcpgen.write.recover import recover
from mcpgen.write.staging import make_staging, write_new

_JOURNAL = "journal.json"


def apply_files(
    root: Path, write: dict[Path, str], delete: dict[Path, str], keep_dirs: set[Path]
) -> None:
    """Write `write`, delete each of `delete` if it still has that content (relative paths)."""
    root.mkdir(parents=True, exist_ok=True)
    recover(root)
    with signals_held() as waiting:
        try:
            tmp = make_staging(root)
            _stage(tmp, write)
            if waiting():
                raise Interrupted  # before the commit point: the old chart stays
            write_new(tmp / _JOURNAL, _journal(write, delete, keep_dirs))  # the commit point
        finally:
            recover(root)  # rolls forward once committed; before that, drops the staged files
        drop_held()


def _stage(tmp: Path, write: dict[Path, str]) -> None:
    for rel, content in sorted(write.items()):
        staged = tmp / "files" / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        write_new(staged, content)


def _journal(write: dict[Path, str], delete: dict[Path, str], keep_dirs: set[Path]) -> str:
    entry = {
        "write": sorted(str(p) for p in write),
        "delete": {str(p): text for p, text in sorted(delete.items())},
        "keep_dirs": sorted(str(p) for p in keep_dirs),
    }
    return json.dumps(entry, sort_keys=True)


def roll_forward(root: Path, tmp: Path) -> None:
    """Finish a committed journal, or drop uncommitted staged files; idempotent."""
    journal = tmp / _JOURNAL
    if journal.is_file():
        entry = json.loads(journal.read_text(encoding="utf-8"))
        for rel in entry["write"]:
            staged, target = tmp / "files" / rel, root / rel
            if staged.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        for rel, content in entry["delete"].items():
            target = root / rel
            if _holds(target, content):
                target.unlink()
        keep = {root / p for p in entry["keep_dirs"]} | {root}
        for rel in entry["delete"]:
            folder = (root / rel).parent
            while folder not in keep and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        journal.unlink()
    if (tmp / "files").is_dir():
        shutil.rmtree(tmp / "files")  # only ever holds files staged here


def _holds(path: Path, content: str) -> bool:
    from mcpgen.write.signature import read_regular

    return read_regular(path) == content
