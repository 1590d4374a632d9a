"""`mcpgen import`: MCP server definitions of other tools in, MCPServer YAML out."""

from __future__ import annotations

from pathlib import Path

import click

from mcpgen.cli.common import EXIT_FINDINGS, EXIT_USAGE, fail, refuse


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write DIR/<name>.yaml per server, and DIR/<name>-secrets.yaml for its Secret.",
)
# mcpgen 0.1's `-o DIR`; -o is the output format in the other commands.
@click.option("-o", "legacy_dir", type=click.Path(file_okay=False, path_type=Path), hidden=True)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 with a diff when DIR differs from what would be written.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print what did not map.")
def import_(
    paths: tuple[str, ...],
    output_dir: Path | None,
    legacy_dir: Path | None,
    check: bool,
    quiet: bool,
) -> None:
    """Import servers from server.json, mcpServers (Claude, Cursor), VS Code mcp.json,
    or ToolHive and kmcp MCPServer resources; the format is read from each file's keys."""
    from mcpgen.importers import import_paths
    from mcpgen.load import LoadError

    if legacy_dir is not None:
        if output_dir is not None:
            fail("give the folder once: --output-dir DIR")
        if not quiet:
            click.echo(f"note: -o {legacy_dir}: use --output-dir {legacy_dir}", err=True)
        output_dir = legacy_dir
    if output_dir is None:
        fail("name the folder to write: --output-dir DIR")

    if not paths:
        fail("no input: name the files to import (or - for stdin)")
    try:
        result = import_paths(list(paths))
    except LoadError as exc:
        refuse(exc)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for skip in result.skipped:
        click.echo(f"{skip.origin}: {skip.raw_name}: nothing to deploy: {skip.reason}", err=True)
    if not quiet:
        for d in result.drafts:
            for item in d.unmapped:
                click.echo(f"{d.origin}: {d.name}: not mapped: {item}", err=True)
            for item in d.notes:
                click.echo(f"{d.origin}: {d.name}: note: {item}", err=True)
    _write(output_dir, result.files, check)


def _write(out: Path, files: dict[str, str], check: bool) -> None:
    from mcpgen.importers.writer import apply, plan_import
    from mcpgen.render.output import unified_diff
    from mcpgen.write.lock import Busy, locked

    if not files:
        click.echo(f"{out}: nothing to write", err=True)
        return
    try:
        if not check and not out.is_symlink():
            out.mkdir(parents=True, exist_ok=True)
        planned = plan_import(out, files)
        if planned.conflicts:
            for problem in planned.conflicts:
                click.echo(f"error: {problem}", err=True)
            click.echo(f"{len(planned.conflicts)} conflict(s); nothing was written", err=True)
            raise SystemExit(EXIT_USAGE)
        if check:
            if not planned.write:
                click.echo(f"{out}: up to date ({len(planned.unchanged)} files)", err=True)
                return
            writes = {Path(name): content for name, content in planned.write.items()}
            click.echo(unified_diff(out, writes, set()), nl=False)
            click.echo(
                f"{out}: out of date: {len(planned.write)} to write; run `mcpgen import ... "
                f"-o {out}`",
                err=True,
            )
            raise SystemExit(EXIT_FINDINGS)
        with locked(out):
            planned = plan_import(out, files)  # again, under the lock: another run may have written
            if planned.conflicts:
                for problem in planned.conflicts:
                    click.echo(f"error: {problem}", err=True)
                raise SystemExit(EXIT_USAGE)
            apply(out, planned)
    except Busy as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or out}: {exc.strerror or exc}")
    click.echo(f"{out}: {len(planned.write)} written, {len(planned.unchanged)} unchanged", err=True)
