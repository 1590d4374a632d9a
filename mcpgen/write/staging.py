"""The staging folder: inside the output folder, so every rename stays on one filesystem."""

from __future__ import annotations

import os
from pathlib import Path

STAGING = ".mcpgen-tmp"
# An interrupted run can leave staged manifests behind until the next run cleans
# them up; git must not pick them up for Argo CD or Flux meanwhile.
_GITIGNORE = "# mcpgen's staging folder: removed by the next mcpgen render\n*\n"


PARTIAL = ".mcpgen-partial"  # a staged file still being written: never mistaken for a whole one


def write_new(path: Path, content: str) -> None:
    """Write a staged file so that its final name only ever holds the whole content."""
    partial = path.with_name(path.name + PARTIAL)
    partial.write_text(content, encoding="utf-8")
    os.rename(partial, path)


def staging_dir(root: Path) -> Path:
    return root / STAGING


def make_staging(root: Path) -> Path:
    tmp = staging_dir(root)
    tmp.mkdir(exist_ok=True)
    ignore = tmp / ".gitignore"
    if not ignore.exists():
        ignore.write_text(_GITIGNORE, encoding="utf-8")
    return tmp


def is_hidden(name: str) -> bool:
    """Dot-entries (.git, .github, mcpgen's own staging) are never mcpgen's to touch."""
    return name.startswith(".")


class LeftInStaging(Exception):
    """Recovery found something in staging it cannot prove is a copy; it is left there."""


def remove_staging(tmp: Path) -> None:
    """Remove the staging folder if nothing but empty folders is left in it."""
    for folder, _dirs, _files in os.walk(tmp, topdown=False):
        if Path(folder) != tmp and not os.listdir(folder):
            os.rmdir(folder)
    leftovers = sorted(set(os.listdir(tmp)) - {".gitignore"})
    if leftovers:
        raise LeftInStaging(
            f"{tmp}: an interrupted mcpgen render left entries it cannot match to the tree "
            f"(first: {tmp / leftovers[0]}); look at them, then remove {tmp}"
        )
    (tmp / ".gitignore").unlink(missing_ok=True)
    tmp.rmdir()
