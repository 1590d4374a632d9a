"""Helpers for the write-safety tests: spec trees, snapshots, a namespace with mounts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BASE = (ROOT / "examples" / "sse-optimized.yaml").read_text()


def write_specs(folder: Path, count: int, variant: str) -> None:
    """`count` servers; variant "a" and "b" differ in every folder, and half differ in kinds."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = BASE.replace("name: everything-sse", f"name: srv-{i:03}")
        text = text.replace("team: platform", f"team: {variant}")
        if variant == "b" and i % 2:
            text = text.replace("replicas: 3", "replicas: 1")  # no PDB: a file goes away
        (folder / f"srv-{i:03}.yaml").write_text(text)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path (symlinks as their target text)."""
    out: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            out[rel] = b"-> " + str(path.readlink()).encode()
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def folders_of(files: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
    by: dict[str, dict[str, bytes]] = {}
    for rel, data in files.items():
        folder, _, name = rel.rpartition("/")
        by.setdefault(folder, {})[name] = data
    return by


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "mcpgen", *args]


def in_mount_namespace(script: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of a private user and mount namespace (mounts die with it)."""
    unshare = shutil.which("unshare")
    assert unshare, "util-linux unshare is needed for the filesystem tests"
    return subprocess.run(
        [unshare, "-rm", "sh", "-euc", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
