"""What writing a rendered tree changes, decided before anything is touched.

Every refusal is found here, so a refused write leaves the tree as it was: a
file in mcpgen's way that mcpgen cannot prove it wrote, a symlink or a file
where a folder must be, a folder of the user's inside a server folder, or a
server folder on another filesystem.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from mcpgen.write.signature import is_signed, read_regular, signed_body
from mcpgen.write.staging import is_hidden


@dataclass
class FolderChange:
    """One server folder `<namespace>/<name>`, to be replaced whole."""

    rel: Path
    files: dict[str, str]  # every file mcpgen's folder must hold; {} when the server is gone
    write: list[str] = field(default_factory=list)  # names whose content changes
    delete: list[str] = field(default_factory=list)  # mcpgen's stale files
    keep: list[str] = field(default_factory=list)  # the user's entries, carried over untouched


@dataclass
class TreePlan:
    folders: list[FolderChange] = field(default_factory=list)
    unchanged: int = 0
    kept: list[Path] = field(default_factory=list)  # left alone: not mcpgen's (relative)
    conflicts: list[str] = field(default_factory=list)
    root_write: dict[str, str] = field(default_factory=dict)  # DIR/kustomization.yaml
    # mcpgen's server folders whose server is gone from the input (kept without --prune).
    stale: list[Path] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.folders and not self.root_write

    @property
    def write(self) -> dict[Path, str]:
        files = {f.rel / n: f.files[n] for f in self.folders for n in f.write}
        return files | {Path(name): content for name, content in self.root_write.items()}

    @property
    def delete(self) -> set[Path]:
        return {f.rel / n for f in self.folders for n in f.delete}


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def _dir_problem(root: Path, rel: Path) -> str | None:
    """Why mcpgen cannot replace the folder root/rel, if it cannot."""
    root_dev = root.stat().st_dev if root.is_dir() else None
    here = root
    for part in rel.parts:
        here = here / part
        info = _lstat(here)
        if info is None:
            return None
        if stat.S_ISLNK(info.st_mode):
            return f"{here}: is a symlink; mcpgen does not write through symlinks"
        if not stat.S_ISDIR(info.st_mode):
            return f"{here}: is a file where mcpgen writes a folder; move it away"
        if root_dev is not None and info.st_dev != root_dev:
            return (
                f"{here}: is on another filesystem than {root}; mcpgen replaces server "
                "folders by rename, so they must live on the output folder's filesystem"
            )
    return None


def _folder(root: Path, rel: Path, files: dict[str, str], plan: TreePlan) -> None:
    live = root / rel
    problem = _dir_problem(root, rel)
    if problem:
        plan.conflicts.append(problem)
        return
    change = FolderChange(rel, files)
    entries = {e.name: e for e in os.scandir(live)} if live.is_dir() else {}
    for name, content in files.items():
        entry = entries.get(name)
        if entry is None:
            change.write.append(name)
            continue
        text = read_regular(live / name)
        if text == content:
            plan.unchanged += 1
        elif _replaceable(text, content):
            change.write.append(name)
        else:
            plan.conflicts.append(
                f"{live / name}: not written by mcpgen (no valid mcpgen signature: new, or "
                "edited by hand), so mcpgen will not overwrite it; move it away or delete it, "
                "then render again"
            )
    for name, entry in sorted(entries.items()):
        if name in files:
            continue
        if entry.is_file(follow_symlinks=False) and is_signed(live / name):
            change.delete.append(name)
        else:
            change.keep.append(name)
    if not (change.write or change.delete):
        plan.kept += [rel / n for n in change.keep]
        return
    for name in change.keep:
        if entries[name].is_dir(follow_symlinks=False):
            plan.conflicts.append(
                f"{live / name}: a folder mcpgen did not write, inside the server folder "
                f"{live}, which mcpgen replaces whole; move it out of the server folder"
            )
    plan.kept += [rel / n for n in change.keep]
    plan.folders.append(change)


def _replaceable(text: str | None, content: str) -> bool:
    """A file mcpgen signed and nobody edited, or an unsigned one that already holds
    exactly mcpgen's output (a tree from mcpgen 0.1): replacing it loses nothing."""
    if text is None:
        return False
    body = signed_body(content)
    return signed_body(text) is not None or (body is not None and text == body)


def server_folders(root: Path, kept: list[Path]) -> set[Path]:
    """Every real `<namespace>/<name>` folder under root; symlinks and dot-folders are skipped."""
    found: set[Path] = set()
    if not root.is_dir():
        return found
    for ns in os.scandir(root):
        if is_hidden(ns.name):
            continue
        if not ns.is_dir(follow_symlinks=False):
            if ns.is_symlink():
                kept.append(Path(ns.name))
            continue
        for server in os.scandir(ns.path):
            if is_hidden(server.name):
                continue
            if server.is_dir(follow_symlinks=False):
                found.add(Path(ns.name, server.name))
            elif server.is_symlink():
                kept.append(Path(ns.name, server.name))
    return found


def _holds_signed(folder: Path) -> bool:
    return any(
        e.is_file(follow_symlinks=False) and is_signed(Path(e.path)) for e in os.scandir(folder)
    )


def _root_file(root: Path, name: str, content: str, plan: TreePlan) -> None:
    target = root / name
    if not os.path.lexists(target):
        plan.root_write[name] = content
        return
    text = read_regular(target)
    if text == content:
        plan.unchanged += 1
    elif _replaceable(text, content):
        plan.root_write[name] = content
    else:
        plan.conflicts.append(
            f"{target}: not written by mcpgen (no valid mcpgen signature), so mcpgen will not "
            "overwrite it; mcpgen writes the tree's kustomization.yaml there: move yours "
            "away (or render into a subfolder), then render again"
        )


def plan_tree(
    root: Path,
    tree: dict[Path, dict[str, str]],
    prune: bool,
    root_files: dict[str, str] | None = None,
) -> TreePlan:
    """`tree`: server folder (relative) -> file name -> signed content; `root_files`: files
    directly in root (the tree's kustomization.yaml)."""
    plan = TreePlan()
    wanted = dict(tree)
    for rel in sorted(server_folders(root, plan.kept)):
        if rel in tree:
            continue
        if prune:
            wanted[rel] = {}
        elif _dir_problem(root, rel) is None and _holds_signed(root / rel):
            plan.stale.append(rel)
    for rel in sorted(wanted):
        _folder(root, rel, wanted[rel], plan)
    for name, content in sorted((root_files or {}).items()):
        _root_file(root, name, content, plan)
    plan.kept.sort()
    return plan
