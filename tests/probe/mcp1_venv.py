"""A venv of the tests' own with mcp 1.x: the legacy-only servers need an SDK that
cannot share an environment with 2.x (see tests/tool_venv.py)."""

from __future__ import annotations

from pathlib import Path

from tool_venv import tool_venv

# The newest 1.x release: the last SDK that speaks only the 2025 revisions.
REQUIREMENTS = ("mcp==1.30.0", "uvicorn")


def python() -> Path:
    """The venv's interpreter, building the venv first when it is missing or stale."""
    return tool_venv("mcp1", REQUIREMENTS) / "python"
