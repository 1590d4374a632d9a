"""`mcpgen schema` and `mcpgen crd`: the MCPServer JSON Schema and CustomResourceDefinition."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--spec-only",
    is_flag=True,
    help="Print only the spec's schema, every $ref inlined (the chart's values schema).",
)
def schema(spec_only: bool) -> None:
    """Print the MCPServer JSON Schema (draft 2020-12), as committed in schemas/."""
    import json

    from mcpgen.schema import json_schema_text, spec_schema

    click.echo(
        json.dumps(spec_schema(), indent=2) if spec_only else json_schema_text(), nl=spec_only
    )


@click.command()
def crd() -> None:
    """Print the MCPServer CustomResourceDefinition (apiextensions.k8s.io/v1)."""
    from mcpgen.schema import crd_text

    click.echo(crd_text(), nl=False)
