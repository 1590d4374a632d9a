"""Plans in, Kubernetes documents out: Jinja text, parsed back, emitted stably."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcpgen.model import MCPServer
from mcpgen.render.order import sort_key
from mcpgen.render.templating import TEMPLATES, needed, render_template
from mcpgen.rules import Plan, build_plan
from mcpgen.yamlio.emit import dump, read_template_output

__all__ = ["Rendered", "render_plan", "render_server", "to_stream"]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One server's plan and its documents, in Helm's install order."""

    plan: Plan
    documents: tuple[dict[str, Any], ...]


def render_plan(resolved: Plan) -> list[dict[str, Any]]:
    documents = []
    for name in TEMPLATES:
        if not needed(name, resolved):
            continue
        text = render_template(name, {"plan": resolved})
        if text.strip():
            documents.append(read_template_output(text))
    return sorted(documents, key=sort_key)


def render_server(server: MCPServer) -> Rendered:
    resolved = build_plan(server)
    return Rendered(resolved, tuple(render_plan(resolved)))


def to_stream(documents: list[dict[str, Any]]) -> str:
    """One YAML stream in Helm's install order, each document opened by `---`."""
    return "".join(f"---\n{dump(doc)}" for doc in sorted(documents, key=sort_key))
