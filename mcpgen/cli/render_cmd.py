"""`mcpgen render`: MCPServer files in, manifests out (stdout, a folder, or a check)."""

from __future__ import annotations

from pathlib import Path

import click

from mcpgen.cli.common import EXIT_FINDINGS, fail, format_diagnostic, load_or_exit


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write DIR/<namespace>/<name>/<kind>.yaml and a kustomization.yaml per server.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["manifests", "helm"]),
    default="manifests",
    show_default=True,
    help="helm: write a ready chart for one server (the chart plus its values.yaml) to DIR.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 with a diff when DIR differs from what would be written.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Also remove mcpgen's files of servers that no longer exist in the input.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")
def render(
    paths: tuple[str, ...],
    output_dir: Path | None,
    fmt: str,
    check: bool,
    prune: bool,
    quiet: bool,
) -> None:
    """Render MCPServer specs (files, directories, globs, - for stdin) to Kubernetes YAML."""
    from mcpgen.render import render_server, to_stream

    if (check or prune) and output_dir is None:
        fail("--check and --prune need --output-dir")
    if fmt == "helm" and (output_dir is None or prune):
        fail("--format helm needs --output-dir, and takes no --prune")
    loaded = load_or_exit(paths)
    rendered = [render_server(item.server) for item in loaded.servers]
    if not quiet:
        for item, result in zip(loaded.servers, rendered, strict=True):
            for d in result.plan.diagnostics:
                if d.severity != "info":
                    click.echo(format_diagnostic(f"{item.file}:{item.line}", d), err=True)
    if output_dir is None:
        click.echo(to_stream([doc for r in rendered for doc in r.documents]), nl=False)
        return

    from mcpgen.render.output import apply_changes, desired_tree, plan_changes, unified_diff

    if fmt == "helm":
        from mcpgen.render.helm_chart import chart_changes, chart_files, foreign_files

        if len(loaded.servers) != 1:
            fail(f"--format helm writes one server's chart; got {len(loaded.servers)} servers")
        if foreign_files(output_dir):
            fail(f"{output_dir} holds files that are not an mcp-server chart; pick an empty folder")
        changes = chart_changes(output_dir, chart_files(loaded.servers[0].server))
    else:
        changes = plan_changes(output_dir, desired_tree(rendered), prune)
    if check:
        if changes.empty:
            click.echo(f"{output_dir}: up to date ({changes.unchanged} files)", err=True)
            return
        click.echo(unified_diff(output_dir, changes), nl=False)
        click.echo(
            f"{output_dir}: out of date: {len(changes.write)} to write, "
            f"{len(changes.delete)} to delete; run `mcpgen render ... -o {output_dir}`"
            + (" --prune" if prune else ""),
            err=True,
        )
        raise SystemExit(EXIT_FINDINGS)
    apply_changes(output_dir, changes)
    click.echo(
        f"{output_dir}: {len(changes.write)} written, {len(changes.delete)} deleted, "
        f"{changes.unchanged} unchanged",
        err=True,
    )
