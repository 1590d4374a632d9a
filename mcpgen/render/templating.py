"""The Jinja environment: strict, no autoescape, one filter for every value."""

from __future__ import annotations

import contextlib
import os
import stat
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcpgen.datafiles import data_dir
from mcpgen.render.scalars import to_yaml
from mcpgen.rules.plan import Plan
from mcpgen.rules.providers.base import PROXY_KINDS

if TYPE_CHECKING:  # jinja2 itself is imported on first use (cold start)
    import jinja2
    from jinja2.bccache import Bucket

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


# Part of every cache entry's checksum: what changes the compiled code besides the
# template's own text (the environment's settings and the versions that compile it).
_SETTINGS = "StrictUndefined autoescape=False keep_trailing_newline=True filters=y"


def _cache_dir() -> Path | None:
    """The folder of compiled templates, or None when caching is off or would be unsafe.

    Compiled templates are code this process runs, so the folder must be ours alone:
    a real folder (not a symlink), owned by this user, writable by nobody else.
    """
    if os.environ.get("MCPGEN_NO_CACHE"):
        return None
    base = os.environ.get("MCPGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "mcpgen"
    )
    folder = Path(base) / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ):
        return None
    return folder


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    from hashlib import sha256

    import jinja2

    from mcpgen import __version__

    folder = _cache_dir()
    if folder is None:
        return None
    salt = f"{_SETTINGS}|jinja2 {jinja2.__version__}|mcpgen {__version__}|{templates_dir()}"

    class Cache(jinja2.FileSystemBytecodeCache):
        """Jinja's file cache, keyed on the source *and* everything else that shapes the
        code (Jinja itself checks the Python version); a broken entry is recompiled."""

        def get_source_checksum(self, source: str) -> str:
            return sha256(f"{salt}\0{source}".encode()).hexdigest()

        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (ValueError, EOFError, TypeError, OSError):
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            with contextlib.suppress(OSError):  # a read-only or full disk: no cache entry
                super().dump_bytecode(bucket)

    return Cache(str(folder))


@cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, not HTML: safety comes from the `y` filter instead
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["y"] = to_yaml
    return env


def render_template(name: str, context: dict[str, Any]) -> str:
    return str(environment().get_template(name).render(context))
