"""`mcpgen render`: MCPServer files in, manifests out (stdout, a folder, or a check)."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcpgen.cli.common import EXIT_FINDINGS, EXIT_USAGE, fail, format_diagnostic, load_or_exit

if TYPE_CHECKING:
    from mcpgen.load import LoadResult
    from mcpgen.render import Rendered
    from mcpgen.write.chart import ChartPlan
    from mcpgen.write.tree import TreePlan


FORMATS = ("manifests", "helm")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write DIR/<namespace>/<name>/<kind>.yaml, a kustomization.yaml per server and one "
    "DIR/kustomization.yaml over them all.",
)
@click.option(
    "-o",
    "--output",
    "output",
    metavar="[manifests|helm]",
    help="Output format, as in every mcpgen command (default manifests). helm: a ready "
    "chart for one server (the chart plus its values.yaml) in --output-dir. "
    "(-o DIR, from mcpgen 0.1, still means --output-dir DIR.)",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), hidden=True)
@click.option(
    "--namespace",
    metavar="NS",
    help="Namespace for specs whose metadata names none (else: default).",
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
    output: str | None,
    fmt: str | None,
    namespace: str | None,
    check: bool,
    prune: bool,
    quiet: bool,
) -> None:
    """Render MCPServer specs (files, directories, globs, - for stdin) to Kubernetes YAML."""
    from mcpgen.render import render_server

    if output is not None and output not in FORMATS:
        # mcpgen 0.1's `-o DIR`: -o is the output format now, as in validate and probe.
        if output_dir is not None:
            fail(f"-o {output}: the output format is manifests or helm")
        if not quiet:
            click.echo(f"note: -o {output}: use --output-dir {output} (-o is the format)", err=True)
        output_dir, output = Path(output), None
    fmt = output or fmt or "manifests"
    if (check or prune) and output_dir is None:
        fail("--check and --prune need --output-dir")
    if fmt == "helm" and (output_dir is None or prune):
        fail("-o helm needs --output-dir, and takes no --prune")
    loaded = load_or_exit(paths)
    if namespace is not None:
        _default_namespace(loaded, namespace)
    # Server by server: each one's documents become text at once and are dropped, so
    # memory holds the output's text, never every server's objects at the same time.
    stream: list[tuple[tuple[int, str, str, str], str]] = []
    tree: dict[Path, dict[str, str]] = {}
    refused = 0
    for item in loaded.servers:
        result = render_server(item.server)
        for d in result.plan.diagnostics:
            if d.severity == "error" or (d.severity == "warning" and not quiet):
                click.echo(format_diagnostic(f"{item.file}:{item.line}", d), err=True)
            refused += d.severity == "error"
        if refused:
            continue  # nothing will be written: only the diagnostics are still wanted
        if output_dir is None:
            stream += _stream_entries(result)
        elif fmt != "helm":
            from mcpgen.render.output import server_folder

            rel, files = server_folder(result)
            tree[rel] = files
    if refused:
        click.echo(f"{refused} problem{'s' if refused != 1 else ''}; nothing was written", err=True)
        raise SystemExit(EXIT_USAGE)
    if output_dir is None:
        stream.sort(key=lambda entry: entry[0])
        click.echo("".join(text for _, text in stream), nl=False)
        return

    write_tree(output_dir, loaded, tree, fmt=fmt, check=check, prune=prune, quiet=quiet)


def _stream_entries(result: Rendered) -> list[tuple[tuple[int, str, str, str], str]]:
    """Each document's place in Helm's install order, and its text (as `to_stream` writes)."""
    from mcpgen.render.order import sort_key
    from mcpgen.yamlio.emit import dump

    return [(sort_key(doc), f"---\n{dump(doc)}") for doc in result.documents]


def _default_namespace(loaded: LoadResult, namespace: str) -> None:
    from pydantic import ValidationError

    from mcpgen.model.server import Metadata

    try:
        Metadata.model_validate({"name": "x", "namespace": namespace})
    except ValidationError:
        fail(f"--namespace {namespace!r}: a namespace is a DNS-1123 label (lowercase, digits, '-')")
    for i, item in enumerate(loaded.servers):
        if "namespace" not in item.server.metadata.model_fields_set:
            metadata = item.server.metadata.model_copy(update={"namespace": namespace})
            server = item.server.model_copy(update={"metadata": metadata})
            loaded.servers[i] = dataclasses.replace(item, server=server)


def write_tree(
    out: Path,
    loaded: LoadResult,
    tree: dict[Path, dict[str, str]],
    *,
    fmt: str,
    check: bool,
    prune: bool,
    quiet: bool,
) -> None:
    """Plan under the folder's lock, refuse on any conflict, then write or show the drift."""
    from mcpgen.write.lock import Busy, Interrupted, Terminated, locked, sigterm_unwinds
    from mcpgen.write.staging import LeftInStaging

    if fmt == "helm" and len(loaded.servers) != 1:
        fail(f"--format helm writes one server's chart; got {len(loaded.servers)} servers")
    try:
        if not check:
            out.mkdir(parents=True, exist_ok=True)
        with contextlib.ExitStack() as stack:
            if out.is_dir():
                stack.enter_context(locked(out, shared=check))
            plan = _plan(out, loaded, tree, fmt, prune)
            if plan.conflicts:
                for problem in plan.conflicts:
                    click.echo(f"error: {problem}", err=True)
                click.echo(f"{len(plan.conflicts)} conflict(s); nothing was written", err=True)
                raise SystemExit(EXIT_USAGE)
            if not quiet:
                _say_kept(out, plan)
            if check:
                _check(out, plan, prune)
                return
            with sigterm_unwinds():
                _apply(out, plan)
    except (Busy, LeftInStaging) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or out}: {exc.strerror or exc}; the server folders are as they were")
    except (KeyboardInterrupt, Terminated, Interrupted):
        click.echo(
            f"{out}: interrupted; every server folder is wholly as before or wholly new",
            err=True,
        )
        raise SystemExit(130) from None
    click.echo(
        f"{out}: {len(plan.write)} written, {len(plan.delete)} deleted, {plan.unchanged} unchanged",
        err=True,
    )


def _plan(
    out: Path, loaded: LoadResult, tree: dict[Path, dict[str, str]], fmt: str, prune: bool
) -> TreePlan | ChartPlan:
    if fmt == "helm":
        from mcpgen.render.helm_chart import chart_files
        from mcpgen.write.chart import kept_files, plan_chart

        files = chart_files(loaded.servers[0].server)
        chart = plan_chart(out, files)
        chart.kept = kept_files(out, files, chart) if out.is_dir() else []
        return chart
    from mcpgen.render.output import KUSTOMIZATION, tree_kustomization
    from mcpgen.write.tree import plan_tree

    return plan_tree(out, tree, prune, {KUSTOMIZATION: tree_kustomization(tree)})


def _apply(out: Path, plan: TreePlan | ChartPlan) -> None:
    from mcpgen.write.chart import ChartPlan
    from mcpgen.write.folders import apply_tree
    from mcpgen.write.journal import apply_files

    if isinstance(plan, ChartPlan):
        keep = {p.parent for p in plan.write} | {Path()}
        apply_files(out, plan.write, plan.delete, keep)
    else:
        apply_tree(out, plan)


def _check(out: Path, plan: TreePlan | ChartPlan, prune: bool) -> None:
    from mcpgen.render.output import unified_diff
    from mcpgen.write.tree import TreePlan

    stale = plan.stale if isinstance(plan, TreePlan) else []
    if plan.empty and not stale:
        click.echo(f"{out}: up to date ({plan.unchanged} files)", err=True)
        return
    delete = set(plan.delete)
    click.echo(unified_diff(out, plan.write, delete), nl=False)
    for rel in stale:
        # Not deployed (DIR/kustomization.yaml leaves it out), but Flux applies every
        # YAML file under a path that has no kustomization.yaml, and it misleads readers.
        click.echo(f"{out / rel}: stale: no server in the input renders here", err=True)
    click.echo(
        f"{out}: out of date: {len(plan.write)} to write, {len(delete)} to delete"
        + (f", {len(stale)} stale server folder(s)" if stale else "")
        + f"; run `mcpgen render ... --output-dir {out}`"
        + (" --prune" if prune or stale else ""),
        err=True,
    )
    raise SystemExit(EXIT_FINDINGS)


_SAY_AT_MOST = 20


def _say_kept(out: Path, plan: TreePlan | ChartPlan) -> None:
    from mcpgen.write.tree import TreePlan

    kept = plan.kept
    chart = not isinstance(plan, TreePlan)
    for rel in kept[:_SAY_AT_MOST]:
        # A YAML file in a server folder is not in that folder's kustomization.yaml.
        missing = not chart and len(rel.parts) == 3 and rel.suffix in (".yaml", ".yml")
        why = f", and not in {rel.parent / 'kustomization.yaml'}: never deployed" if missing else ""
        click.echo(f"note: {out / rel}: left alone (not written by mcpgen){why}", err=True)
    if len(kept) > _SAY_AT_MOST:
        click.echo(f"note: and {len(kept) - _SAY_AT_MOST} more left alone", err=True)
    for rel in plan.stale if isinstance(plan, TreePlan) else []:
        click.echo(
            f"note: {out / rel}: stale: no server in the input renders here; left out of "
            f"{out / 'kustomization.yaml'}, kept until `--prune`",
            err=True,
        )
