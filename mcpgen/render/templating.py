"""The templates: Jinja-compiled at build time, strict, no autoescape, one filter for
every value."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcpgen.datafiles import data_dir
from mcpgen.render.runtime import Context
from mcpgen.render.scalars import to_yaml
from mcpgen.rules.plan import Plan
from mcpgen.rules.providers.base import PROXY_KINDS

if TYPE_CHECKING:  # jinja2 is imported only to compile (mcpgen_dev) or for an edited template
    import jinja2

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


def module_name(template: str) -> str:
    """`deployment.yaml.j2` -> `deployment`: its module in mcpgen.render.compiled."""
    return template.removesuffix(".yaml.j2")


@cache
def jinja_environment() -> jinja2.Environment:
    """The environment every template is compiled with (by mcpgen_dev.compiled_templates,
    or here when a template no longer matches its compiled module)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, not HTML: safety comes from the `y` filter instead
        keep_trailing_newline=True,
    )
    env.filters["y"] = to_yaml
    return env


@cache
def compiled_root(name: str) -> Callable[[Context], Iterator[str]] | None:
    """The compiled render function of template `name`, or None when the template's text
    is not the one it was compiled from (an edited checkout): Jinja renders it then."""
    from hashlib import sha256
    from importlib import import_module

    try:
        module = import_module(f"mcpgen.render.compiled.{module_name(name)}")
    except ImportError:
        return None
    digest = sha256((templates_dir() / name).read_bytes()).hexdigest()
    if getattr(module, "SOURCE_SHA256", None) != digest:
        return None
    root: Callable[[Context], Iterator[str]] = module.root
    return root


def render_template(name: str, context: dict[str, Any], *, jinja: bool = False) -> str:
    """The template's text for `context`; `jinja` renders with Jinja itself (the tests
    compare both ways)."""
    root = None if jinja else compiled_root(name)
    if root is None:
        return str(jinja_environment().get_template(name).render(context))
    return "".join(root(Context(context)))
