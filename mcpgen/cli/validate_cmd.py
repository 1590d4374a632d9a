"""`mcpgen validate`: manifests against strict schemas and the SSE rules; findings out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from mcpgen.cli.common import fail
from mcpgen.upstream import KUBERNETES_VERSION

if TYPE_CHECKING:
    from mcpgen.validate.run import Validator


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: grouped by file; json: one object; github: workflow annotations.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding of this severity or above is found.",
)
@click.option(
    "--kubernetes-version",
    default=KUBERNETES_VERSION,
    show_default=True,
    metavar="X.Y",
    help="Validate against this Kubernetes version's upstream strict schemas.",
)
@click.option(
    "--ignore-missing-schemas",
    is_flag=True,
    help="Skip kinds with no schema instead of reporting them (as kubeconform does).",
)
@click.option(
    "--validator",
    type=click.Choice(["embedded", "kubeconform"]),
    default="embedded",
    show_default=True,
    help="kubeconform: run it from PATH for the schema check (mcpgen's schemas/ added).",
)
@click.option("--no-policy", is_flag=True, help="Check schemas only, not the SSE rules.")
@click.option(
    "--skip",
    "skipped",
    multiple=True,
    metavar="CODE",
    help="Do not report findings with this code (repeatable), e.g. --skip POL017; counted in "
    "the summary. One object's: annotate it mcpgen.io/ignore: CODE[,CODE].",
)
# mcpgen 0.1's name for --skip: kept, since CI configs already say it.
@click.option("--ignore", "ignored", multiple=True, metavar="CODE", hidden=True)
@click.option(
    "--schema-location",
    "schema_locations",
    multiple=True,
    metavar="LOC",
    help="More schemas, tried in order after mcpgen's own, in kubeconform's syntax: a "
    "folder, a <kind>_<version>.json file, or a template such as "
    "'crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'. Repeatable.",
)
def validate(
    paths: tuple[str, ...],
    output: str,
    fail_on: str,
    kubernetes_version: str,
    ignore_missing_schemas: bool,
    validator: Validator,  # click.Choice gives only these values
    no_policy: bool,
    skipped: tuple[str, ...],
    ignored: tuple[str, ...],
    schema_locations: tuple[str, ...],
) -> None:
    """Check Kubernetes manifests (files, directories, - for stdin) before they are applied.

    Every document is validated against the upstream strict Kubernetes schemas
    (and mcpgen's schemas/ for MCPServer and the third-party kinds it emits);
    MCPServer documents also against the model. Every MCP workload found in a
    Deployment (annotations, args, env, probe or ingress path) is checked with
    its Service, PodDisruptionBudget and Ingress against the SSE rules.

    Exit 0 when clean, 1 on findings at or above --fail-on, 2 on unreadable input.
    """
    from mcpgen.validate import Options, validate_paths
    from mcpgen.validate.output import writer
    from mcpgen.validate.schema_registry import (
        BadSchemaLocation,
        SchemaLocation,
        UnknownKubernetesVersion,
        upstream_folder,
    )

    if not paths:
        fail("no input: name manifest files or directories (or - for stdin)")
    for code in (*skipped, *ignored):
        if not re.fullmatch(r"[A-Z]{3}[0-9]{3}", code):
            fail(f"--skip {code!r}: a finding code looks like POL017")
    try:
        locations = tuple(SchemaLocation.parse(text) for text in schema_locations)
    except BadSchemaLocation as exc:
        fail(str(exc))
    try:
        upstream_folder(kubernetes_version)
    except UnknownKubernetesVersion as exc:
        fail(str(exc))
    if validator == "kubeconform":
        from mcpgen.validate.kubeconform import find_executable

        if find_executable() is None:
            fail("--validator kubeconform: kubeconform is not on PATH")
    options = Options(
        kubernetes_version=kubernetes_version,
        ignore_missing_schemas=ignore_missing_schemas,
        validator=validator,
        policy=not no_policy,
        skip=frozenset((*skipped, *ignored)),
        schema_locations=locations,
    )
    try:
        report = validate_paths(paths, options)
    except RuntimeError as exc:  # kubeconform missing or gave no JSON
        fail(str(exc))
    out = writer(output, click.echo)
    for finding in report.findings:
        out.write(finding)
    out.flush(report.summary())
    raise SystemExit(report.exit_code(fail_on))
