"""Write, check and prune the rendered tree `DIR/<namespace>/<name>/<kind>.yaml`.

mcpgen owns the server folders it writes: Argo CD's source hydrator never
deletes stale files and Flux applies every YAML file under a path, so stale
files are removed here. A file is mcpgen's when every document in it carries
`app.kubernetes.io/managed-by: mcpgen`; anything else is never touched.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mcpgen.render import Rendered
from mcpgen.render.emit import dump
from mcpgen.rules.labels import MANAGED_BY

KUSTOMIZATION = "kustomization.yaml"
_MANAGED_KEY = "app.kubernetes.io/managed-by"


def server_files(rendered: Rendered) -> dict[str, str]:
    """File name -> content for one server's folder, kustomization.yaml included."""
    kinds = Counter(str(doc["kind"]).lower() for doc in rendered.documents)
    files: dict[str, str] = {}
    for doc in rendered.documents:
        kind = str(doc["kind"]).lower()
        name = f"{kind}.yaml" if kinds[kind] == 1 else f"{kind}-{doc['metadata']['name']}.yaml"
        files[name] = dump(doc)
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "metadata": {"name": rendered.plan.name, "labels": {_MANAGED_KEY: MANAGED_BY}},
        "resources": list(files),
    }
    files[KUSTOMIZATION] = dump(kustomization)
    return files


def desired_tree(rendered: list[Rendered]) -> dict[Path, str]:
    tree: dict[Path, str] = {}
    for item in rendered:
        folder = Path(item.plan.namespace) / item.plan.name
        for name, content in server_files(item).items():
            tree[folder / name] = content
    return tree


def _owned(path: Path) -> bool:
    from mcpgen.render.emit import parse_all

    try:
        documents = [d for d in parse_all(path.read_text(encoding="utf-8")) if d is not None]
    except Exception:  # unreadable or not YAML: not ours, leave it be
        return False
    return bool(documents) and all(
        isinstance(d, dict)
        and isinstance(d.get("metadata"), dict)
        and (d["metadata"].get("labels") or {}).get(_MANAGED_KEY) == MANAGED_BY
        for d in documents
    )


def _owned_files(folder: Path) -> set[Path]:
    if not folder.is_dir():
        return set()
    return {p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and _owned(p)}


def _server_folders(root: Path) -> set[Path]:
    """Every `<namespace>/<name>` folder under root; ownership is judged file by file."""
    if not root.is_dir():
        return set()
    return {
        server.relative_to(root)
        for namespace in root.iterdir()
        if namespace.is_dir()
        for server in namespace.iterdir()
        if server.is_dir()
    }


@dataclass
class Changes:
    write: dict[Path, str] = field(default_factory=dict)  # relative path -> new content
    delete: set[Path] = field(default_factory=set)  # relative paths of owned stale files
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.write and not self.delete


def writes(root: Path, tree: dict[Path, str]) -> Changes:
    """The files of `tree` that differ from what is under `root` (nothing deleted yet)."""
    changes = Changes()
    for rel, content in tree.items():
        target = root / rel
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            changes.unchanged += 1
        else:
            changes.write[rel] = content
    return changes


def plan_changes(root: Path, tree: dict[Path, str], prune: bool) -> Changes:
    changes = writes(root, tree)
    folders = {rel.parent for rel in tree}
    if prune:
        folders |= _server_folders(root)
    for folder in folders:
        for path in _owned_files(root / folder):
            rel = path.relative_to(root)
            if rel not in tree:
                changes.delete.add(rel)
    return changes


def unified_diff(root: Path, changes: Changes) -> str:
    out: list[str] = []
    for rel in sorted(changes.write):
        target = root / rel
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        out += difflib.unified_diff(
            old.splitlines(keepends=True),
            changes.write[rel].splitlines(keepends=True),
            fromfile=f"a/{rel}" if target.is_file() else "/dev/null",
            tofile=f"b/{rel}",
        )
    for rel in sorted(changes.delete):
        old = (root / rel).read_text(encoding="utf-8")
        out += difflib.unified_diff(
            old.splitlines(keepends=True), [], fromfile=f"a/{rel}", tofile="/dev/null"
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def apply_changes(root: Path, changes: Changes) -> None:
    """All or nothing: stage every new file, then swap them in, rolling back on failure."""
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".mcpgen-", dir=root.parent))
    backup = staging / "backup"
    moved: list[tuple[Path, Path | None]] = []  # (target, its backup or None if new)
    try:
        for rel, content in changes.write.items():
            staged = staging / "new" / rel
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(content, encoding="utf-8")
        for rel in [*changes.write, *changes.delete]:
            target = root / rel
            saved = None
            if target.exists():
                saved = backup / rel
                saved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, saved)
            moved.append((target, saved))
            if rel in changes.write:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / "new" / rel, target)
    except BaseException:
        for target, saved in reversed(moved):
            if target.exists():
                target.unlink()
            if saved is not None:
                os.replace(saved, target)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for rel in changes.delete:
        _remove_empty_parents(root, (root / rel).parent)


def _remove_empty_parents(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
