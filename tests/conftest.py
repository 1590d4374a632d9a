"""Shared test helpers: the examples, and the CLI run the way a user runs it."""

from __future__ import annotations

import os
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


def assert_golden(golden: Path, text: str) -> None:
    """`text` must equal the golden file. With MCPGEN_UPDATE_GOLDEN=1 the file is rewritten
    and the test fails if that changed it, so an update run still names every golden
    that moved (read their diff) instead of comparing the new file with itself."""
    before = golden.read_text(encoding="utf-8") if golden.is_file() else None
    if os.environ.get("MCPGEN_UPDATE_GOLDEN") and before != text:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        pytest.fail(f"updated {golden.relative_to(ROOT)}: review its diff, then run again")
    assert before is not None, f"no golden file {golden.name}; run with MCPGEN_UPDATE_GOLDEN=1"
    assert text == before, f"{golden.relative_to(ROOT)} differs; see MCPGEN_UPDATE_GOLDEN"


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    return request.param
