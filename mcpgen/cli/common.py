"""What the commands share: loading with clean exits, and printing diagnostics."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import click

from mcpgen.diagnostics import Finding

if TYPE_CHECKING:
    from mcpgen.load import LoadError, LoadResult

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(EXIT_USAGE)


def load_or_exit(paths: tuple[str, ...]) -> LoadResult:
    from mcpgen.load import LoadError, load_paths  # pydantic: only for commands that load specs

    if not paths:
        fail("no input: name MCPServer files or directories (or - for stdin)")
    try:
        result = load_paths(paths)
    except LoadError as exc:
        refuse(exc)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if not result.servers:
        fail(f"no MCPServer documents found in {', '.join(paths)}")
    return result


def refuse(exc: LoadError) -> NoReturn:
    """Every problem of a refused input on its own line, then exit 2."""
    from mcpgen.load.errors import as_line

    for problem in exc.problems:
        click.echo(f"error: {as_line(problem)}", err=True)
    count = len(exc.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''}; nothing was written", err=True)
    raise SystemExit(EXIT_USAGE) from None


def format_diagnostic(where: str, d: Finding) -> str:
    """A rule's finding on a spec, as render prints it."""
    line = f"{where}: {d.severity} {d.code}: {d.message}"
    return f"{line}\n  fix: {d.fix}" if d.fix else line


def diagnostic_json(d: Finding) -> dict[str, str]:
    """A rule's finding on a spec, as explain's JSON has always shown it."""
    return {
        "code": d.code,
        "severity": d.severity,
        "field": d.field,
        "message": d.message,
        "fix": d.fix,
    }
