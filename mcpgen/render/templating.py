"""The Jinja environment: strict, no autoescape, one filter for every value."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from mcpgen.render.scalars import to_yaml
from mcpgen.resources import data_dir
from mcpgen.rules.plan import Plan
from mcpgen.rules.providers.base import PROXY_KINDS

# One template per kind, in the order they are rendered (output is re-sorted).
# Service and Deployment always render; the rest only when the plan holds their
# object, so a cold render compiles only the templates it uses.
TEMPLATES = (
    "networkpolicy.yaml.j2",
    "serviceaccount.yaml.j2",
    "poddisruptionbudget.yaml.j2",
    "service.yaml.j2",
    "deployment.yaml.j2",
    "horizontalpodautoscaler.yaml.j2",
    *(f"{kind}.yaml.j2" for kind in PROXY_KINDS),
    "servicemonitor.yaml.j2",
)


def needed(name: str, plan: Plan) -> bool:
    kind = name.removesuffix(".yaml.j2")
    if kind in plan.proxy:
        return plan.proxy[kind] is not None
    optional = {
        "serviceaccount": plan.service_account,
        "poddisruptionbudget": plan.pdb,
        "horizontalpodautoscaler": plan.hpa,
        "networkpolicy": plan.network_policy,
        "servicemonitor": plan.service_monitor,
    }
    return optional.get(kind, True) is not None


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
