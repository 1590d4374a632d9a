"""Compile `templates/*.j2` with Jinja into `mcpgen/render/compiled/`: `python -m
mcpgen_dev.compiled_templates`.

Each module is Jinja's own generated code for one template, compiled with the
environment `mcpgen.render.templating` renders with, importing its runtime names from
`mcpgen.render.runtime` instead of `jinja2.runtime`, plus the template's SHA-256 so a
render can tell a module from an edited template (and falls back to Jinja). A template
whose code needs more than that runtime offers is refused here, not at render time.
A test fails when the committed modules differ from what this writes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mcpgen.render import runtime
from mcpgen.render.templating import TEMPLATES, jinja_environment, module_name, templates_dir

OUT = Path(__file__).resolve().parent.parent / "mcpgen" / "render" / "compiled"
_IMPORT = re.compile(r"^from jinja2\.runtime import (?P<names>[\w, ]+)$", re.MULTILINE)
_READS = re.compile(r"\b(environment|context)\.(\w+)")
_LOOKUPS = re.compile(r"environment\.(filters|tests)\['(\w+)'\]")


class Unsupported(ValueError):
    """A template's compiled code needs what mcpgen.render.runtime does not offer."""


def compiled_module(name: str) -> str:
    """The module for template `name`, as committed."""
    return compile_source(name, (templates_dir() / name).read_text(encoding="utf-8"))


def compile_source(name: str, source: str) -> str:
    """Jinja's code for `source` as a module on mcpgen.render.runtime; Unsupported when
    the code needs more than that runtime offers."""
    code = jinja_environment().compile(source, name=name, raw=True)
    header = _IMPORT.search(code)
    if header is None:
        raise Unsupported(f"{name}: Jinja's code does not start with its runtime import")
    imported = {n.strip() for n in header["names"].split(",")}
    if not imported <= runtime.IMPORTED:
        raise Unsupported(f"{name}: imports {sorted(imported - runtime.IMPORTED)}")
    body = code[header.end() :]
    for unsupported in sorted(runtime.UNSUPPORTED):
        if re.search(rf"\b{unsupported}\b", body):
            raise Unsupported(f"{name}: uses {unsupported}")
    reads = {"environment": runtime.ENVIRONMENT_READS, "context": runtime.CONTEXT_READS}
    for owner, attribute in _READS.findall(body):
        if attribute not in reads[owner]:
            raise Unsupported(f"{name}: reads {owner}.{attribute}")
    offered = {"filters": runtime.environment.filters, "tests": runtime.environment.tests}
    for table, key in _LOOKUPS.findall(body):
        if key not in offered[table]:
            raise Unsupported(f"{name}: needs the {table[:-1]} {key!r}")
    digest = hashlib.sha256(source.encode()).hexdigest()
    return (
        f"# Generated from templates/{name} by `python -m mcpgen_dev.compiled_templates`;\n"
        "# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.\n"
        f"from mcpgen.render.runtime import {header['names']}, environment\n"
        f'SOURCE_SHA256 = "{digest}"\n' + body
    )


def modules() -> dict[str, str]:
    """File name -> text, for every template and the package's own __init__."""
    out = {"__init__.py": '"""Jinja-compiled templates: mcpgen_dev.compiled_templates."""\n'}
    for name in TEMPLATES:
        out[f"{module_name(name)}.py"] = compiled_module(name)
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    wanted = modules()
    for stale in OUT.glob("*.py"):
        if stale.name not in wanted:
            stale.unlink()
    for file, text in wanted.items():
        (OUT / file).write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(wanted)} files")


if __name__ == "__main__":
    main()
