"""`mcpgen ...` run in-process the way a user runs it, stdout and stderr apart."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, stdin: str | None = None) -> Run:
    from mcpgen.cli import main

    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)
