"""Replace server folders whole, so no interruption leaves one half old and half new.

Each changed folder is built complete under the staging folder, with the
user's own entries hard-linked in (never moved, so they are never missing from
the live folder), then swapped with the live one by an atomic exchange. Old
folders are kept until every swap is done: an error, Ctrl-C or SIGTERM (held
while a folder swaps, acted on between two folders) swaps them all back.
SIGKILL cannot be caught; it leaves each folder wholly old or wholly new, and
the next run's `recover` clears the staging folder.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from mcpgen.write.exchange import exchange
from mcpgen.write.lock import Interrupted, drop_held, signals_held
from mcpgen.write.recover import recover
from mcpgen.write.signature import is_signed
from mcpgen.write.staging import PARTIAL, make_staging, staging_dir, write_new
from mcpgen.write.tree import FolderChange, TreePlan


@dataclass
class _Done:
    rel: Path
    how: str  # "swapped", "created" or "removed"


def apply_tree(root: Path, plan: TreePlan) -> None:
    """Carry out `plan` (the caller holds the lock on root)."""
    if plan.empty:
        return
    root.mkdir(parents=True, exist_ok=True)
    recover(root)
    tmp = staging_dir(root)
    done: list[_Done] = []
    with signals_held() as waiting:
        try:
            make_staging(root)
            for change in plan.folders:
                if waiting():
                    raise Interrupted
                _replace(root, tmp, change, done)
        except BaseException:
            _undo(root, tmp, done)
            recover(root)
            raise
        recover(root)
        # After the folders: the tree's kustomization.yaml never names a folder that is
        # not there yet. One rename, so it is wholly old or wholly new.
        for name, content in plan.root_write.items():
            partial = root / f".{name}{PARTIAL}"
            partial.write_text(content, encoding="utf-8")
            os.replace(partial, root / name)
        emptied = {root / d.rel.parent for d in done if d.how == "removed"}
        for folder in sorted(emptied, reverse=True):
            if folder != root and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        drop_held()


def _replace(root: Path, tmp: Path, change: FolderChange, done: list[_Done]) -> None:
    """Build the new folder, then swap it in (signals are held: swap and record are one)."""
    live = root / change.rel
    new, old = tmp / "new" / change.rel, tmp / "old" / change.rel
    if not change.files and not change.keep:
        old.parent.mkdir(parents=True, exist_ok=True)
        os.rename(live, old)
        done.append(_Done(change.rel, "removed"))
        return
    new.mkdir(parents=True)
    for name, content in change.files.items():
        write_new(new / name, content)
    for name in change.keep:
        os.link(live / name, new / name, follow_symlinks=False)
    if not live.exists():
        live.parent.mkdir(parents=True, exist_ok=True)
        os.rename(new, live)
        done.append(_Done(change.rel, "created"))
        return
    os.chmod(new, stat.S_IMODE(live.stat().st_mode))
    old.parent.mkdir(parents=True, exist_ok=True)
    if exchange(new, live):
        os.rename(new, old)
    else:  # two renames; `recover` rolls forward if SIGKILL lands between them
        os.rename(live, old)
        os.rename(new, live)
    done.append(_Done(change.rel, "swapped"))


def _undo(root: Path, tmp: Path, done: list[_Done]) -> None:
    for item in reversed(done):
        live, old, new = root / item.rel, tmp / "old" / item.rel, tmp / "new" / item.rel
        if item.how == "removed":
            os.rename(old, live)
        elif item.how == "created":
            new.parent.mkdir(parents=True, exist_ok=True)
            os.rename(live, new)
            _rmdir_empty_up(live.parent, root)
        elif not exchange(old, live):
            os.rename(live, new)
            os.rename(old, live)


def drain_folders(root: Path, tmp: Path) -> None:
    """Clear the server folders an interrupted run left in staging, losing nothing."""
    staged = {
        (side, ns.name, server.name)
        for side in ("new", "old")
        if (tmp / side).is_dir()
        for ns in os.scandir(tmp / side)
        if ns.is_dir(follow_symlinks=False)
        for server in os.scandir(ns.path)
        if server.is_dir(follow_symlinks=False)
    }
    for side, ns, name in sorted(staged):
        here, live = tmp / side / ns / name, root / ns / name
        other = tmp / ("old" if side == "new" else "new") / ns / name
        if not os.path.lexists(live) and side == "new" and other.is_dir():
            os.rename(here, live)  # stopped between the two renames of a swap: roll forward
            continue
        _drain(here, live)


def _drain(staged: Path, live: Path) -> None:
    """Put back every user entry the live folder lacks; drop mcpgen's files and extra links.

    An entry whose name the live folder also holds is a hard link of the user's
    file, or mcpgen's content (staged, or replaced): a user's file that mcpgen
    could not prove it wrote is never replaced, so nothing of the user's is lost.
    """
    for entry in os.scandir(staged):
        path, target = Path(entry.path), live / entry.name
        if entry.is_dir(follow_symlinks=False):
            continue  # never mcpgen's: left for the user, and reported
        if entry.name.endswith(PARTIAL) or os.path.lexists(target) or is_signed(path):
            path.unlink()
        else:  # the user's, added while mcpgen wrote: back where it was
            live.mkdir(parents=True, exist_ok=True)
            os.rename(path, target)
    _rmdir_empty_up(staged, staged.parents[2])


def _rmdir_empty_up(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
