"""The Jinja environment: strict, no autoescape, one filter for every value."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from mcpgen.render.scalars import to_yaml
from mcpgen.resources import data_dir

# One template per kind, in the order they are rendered (output is re-sorted).
TEMPLATES = (
    "serviceaccount.yaml.j2",
    "poddisruptionbudget.yaml.j2",
    "service.yaml.j2",
    "deployment.yaml.j2",
    "horizontalpodautoscaler.yaml.j2",
    "ingress.yaml.j2",
    "route.yaml.j2",
    "backendconfig.yaml.j2",
    "serverstransport.yaml.j2",
    "httproute.yaml.j2",
    "virtualservice.yaml.j2",
    "destinationrule.yaml.j2",
)


def templates_dir() -> Path:
    return data_dir("templates")


@cache
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, not HTML: safety comes from the `y` filter instead
        keep_trailing_newline=True,
    )
    env.filters["y"] = to_yaml
    return env


def render_template(name: str, context: dict[str, Any]) -> str:
    return environment().get_template(name).render(context)
