"""`mcpgen explain`: the resolved transport and every rule's decision, with fixes."""

from __future__ import annotations

import json
from typing import Any

import click

from mcpgen.cli.common import EXIT_USAGE, diagnostic_json, load_or_exit
from mcpgen.rules import Plan

_ERA_MEANS = {
    "modern": "era modern (MCP 2026-07-28): no sessions, any pod answers any request",
    "dual": "era dual: 2026-07-28 clients are stateless; 2025 clients may hold sessions",
    "legacy": "era legacy (MCP 2025 or HTTP+SSE): sessions live on one pod",
    None: "era unknown: the 2025 session rules apply (pin protocolVersions with "
    "`mcpgen probe URL --write-spec FILE`)",
}


def _applied(p: Plan) -> list[str]:
    d, s = p.deployment, p.service
    out = [_ERA_MEANS[p.era]]
    if d.max_surge is not None:
        out.append(
            f"rollout: RollingUpdate maxSurge {d.max_surge}, maxUnavailable 0 "
            "(no pod stops before its replacement is ready)"
        )
    else:
        out.append("rollout: Kubernetes default (RollingUpdate 25%/25%)")
    grace = d.grace_seconds
    out.append(
        f"terminationGracePeriodSeconds: {grace} (open streams get time to finish)"
        if grace
        else "terminationGracePeriodSeconds: Kubernetes default (30)"
    )
    out.append(
        f"Service sessionAffinity: ClientIP for {s.affinity_timeout}s"
        if s.session_affinity
        else "Service sessionAffinity: none"
    )
    out.append(
        f"PodDisruptionBudget: {_pairs(p.pdb, ' ')}" if p.pdb else "PodDisruptionBudget: none"
    )
    if p.provider:
        kinds = [kind for kind, body in p.proxy.items() if body is not None]
        out.append(f"exposed through {p.provider}: {', '.join(kinds)}")
    out.append(f"annotations on pods and Service: {_pairs(p.annotations, ': ')}")
    return out


def _pairs(mapping: dict[str, object], sep: str) -> str:
    # Words for people; JSON readers get the values in `decisions`.
    return ", ".join(f"{k}{sep}{v}" for k, v in mapping.items())


def _decisions(p: Plan) -> dict[str, object]:
    """What `applied` says in words, as data: JSON readers get values, not sentences
    with Python reprs inside."""
    d, s = p.deployment, p.service
    return {
        "rollout": (
            {"type": "RollingUpdate", "maxSurge": d.max_surge, "maxUnavailable": 0}
            if d.max_surge is not None
            else None
        ),
        "terminationGracePeriodSeconds": d.grace_seconds,
        "sessionAffinity": (
            {"type": "ClientIP", "timeoutSeconds": s.affinity_timeout}
            if s.session_affinity
            else None
        ),
        "podDisruptionBudget": p.pdb or None,
        "proxy": (
            {
                "provider": p.provider,
                "kinds": [kind for kind, body in p.proxy.items() if body is not None],
            }
            if p.provider
            else None
        ),
        "annotations": dict(p.annotations),
    }


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one array, an object per server; `decisions` holds the values `applied` "
    "describes (null: Kubernetes' default or not applied).",
)
def explain(paths: tuple[str, ...], output: str) -> None:
    """Show how each server's transport was resolved, what was applied, and why."""
    from mcpgen.rules import build_plan

    loaded = load_or_exit(paths)
    reports: list[dict[str, Any]] = []
    for item in loaded.servers:
        p = build_plan(item.server)
        reports.append(
            {
                "server": f"{p.namespace}/{p.name}",
                "source": f"{item.file}:{item.line}",
                "endpoint": p.path,
                "resolvedTransport": p.resolved_transport(),
                "era": p.era or "unknown",
                "applied": _applied(p),
                "decisions": _decisions(p),
                "diagnostics": [diagnostic_json(d) for d in p.diagnostics],
            }
        )
    # A rule that refuses the spec (a drain longer than the grace period) fails here too.
    refused = any(d["severity"] == "error" for r in reports for d in r["diagnostics"])
    if output == "json":
        click.echo(json.dumps(reports, indent=2))
        if refused:
            raise SystemExit(EXIT_USAGE)
        return
    for r in reports:
        rt = r["resolvedTransport"]
        click.echo(f"{r['server']}  ({r['source']})")
        click.echo("  resolvedTransport:")
        click.echo(f"    protocol: {rt['protocol']}")
        click.echo(f"  era: {r['era']}")
        click.echo(f"    sseConfigApplied: {str(rt['sseConfigApplied']).lower()}")
        click.echo("    reasons:")
        for reason in rt["reasons"]:
            click.echo(f"    - {reason}")
        click.echo(f"  endpoint path: {r['endpoint']}")
        click.echo("  applied:")
        for line in r["applied"]:
            click.echo(f"  - {line}")
        click.echo("  diagnostics:" if r["diagnostics"] else "  diagnostics: none")
        for d in r["diagnostics"]:
            click.echo(f"  - {d['severity']} {d['code']}: {d['message']}")
            if d["fix"]:
                click.echo(f"    fix: {d['fix']}")
        click.echo()
    if refused:
        raise SystemExit(EXIT_USAGE)
