"""Fixtures for the validate tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, mcpgen


@pytest.fixture(scope="session")
def rendered_examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example rendered the way a user renders them: `mcpgen render examples/ -o DIR`."""
    out = tmp_path_factory.mktemp("rendered")
    run = mcpgen("render", str(ROOT / "examples"), "-o", str(out), "-q")
    assert run.code == 0, run.err
    return out
