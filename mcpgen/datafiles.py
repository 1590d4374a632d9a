"""Where the data folders live: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`templates`, `schemas` or `chart`: mcpgen/_data/<name> in a wheel, the repo's own folder
    (charts/mcp-server for `chart`) in a checkout."""
    repo_name = "charts/mcp-server" if name == "chart" else name
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / repo_name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"mcpgen's {name} folder is missing from this installation")
