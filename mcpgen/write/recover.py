"""Clean up after an interrupted run: finish or undo it, losing nothing of the user's."""

from __future__ import annotations

from pathlib import Path

from mcpgen.write.staging import remove_staging, staging_dir


def recover(root: Path) -> None:
    from mcpgen.write.folders import drain_folders  # they call recover() themselves
    from mcpgen.write.journal import roll_forward

    tmp = staging_dir(root)
    if not tmp.is_dir():
        return
    roll_forward(root, tmp)
    drain_folders(root, tmp)
    remove_staging(tmp)
