"""Shared test helpers: the examples, and the CLI run the way a user runs it."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = ROOT / "tests" / "golden"


@dataclass
class Run:
    code: int
    out: str
    err: str


def mcpgen(*args: str, stdin: str | None = None, cwd: Path | None = None) -> Run:
    """Run the CLI in-process (fast) with separate stdout and stderr."""
    from mcpgen.cli import main

    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def mcpgen_process(*args: str, cwd: Path | None = None) -> Run:
    """Run the CLI as its own process: real exit codes, real import of the entry point."""
    proc = subprocess.run(
        [sys.executable, "-m", "mcpgen", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    return request.param
