"""The templates run as Jinja compiled them, on mcpgen's small runtime, without Jinja.

The committed modules are what `python -m mcpgen_dev.compiled_templates` writes; every
golden spec and every generated spec (hostile strings included) renders to the same
bytes through them as through Jinja itself; an edited template falls back to Jinja; a
template that needs more than the runtime offers is refused when it is compiled.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from test_providers import CASES, provider_server
from test_render_properties import servers

from conftest import ROOT
from mcpgen.load import load_paths
from mcpgen.model import MCPServer
from mcpgen.render import runtime, templating
from mcpgen.render.templating import TEMPLATES, needed, render_template
from mcpgen.rules import build_plan
from mcpgen_dev import compiled_templates

COMPILED = ROOT / "mcpgen" / "render" / "compiled"


def both_ways(server: MCPServer) -> list[tuple[str, str, str]]:
    plan = build_plan(server)
    return [
        (
            name,
            render_template(name, {"plan": plan}),
            render_template(name, {"plan": plan}, jinja=True),
        )
        for name in TEMPLATES
        if needed(name, plan)
    ]


def test_the_committed_modules_are_what_the_generator_writes() -> None:
    wanted = compiled_templates.modules()
    committed = {p.name: p.read_text(encoding="utf-8") for p in COMPILED.glob("*.py")}
    assert committed == wanted, "run: python -m mcpgen_dev.compiled_templates"


def test_every_template_has_a_current_module() -> None:
    for name in TEMPLATES:
        assert templating.compiled_root(name) is not None, name


def test_every_example_renders_the_same_bytes_both_ways() -> None:
    servers_found = load_paths([str(ROOT / "examples")]).servers
    assert len(servers_found) >= 5
    for loaded in servers_found:
        for name, compiled, jinja in both_ways(loaded.server):
            assert compiled == jinja, (loaded.server.metadata.name, name)


@pytest.mark.parametrize(("provider", "protocol"), CASES)
def test_every_provider_renders_the_same_bytes_both_ways(provider: str, protocol: str) -> None:
    for name, compiled, jinja in both_ways(provider_server(provider, protocol)):
        assert compiled == jinja, name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(servers())
def test_any_valid_spec_renders_the_same_bytes_both_ways(raw: dict[str, Any]) -> None:
    for name, compiled, jinja in both_ways(MCPServer.model_validate(raw)):
        assert compiled == jinja, name


def test_a_missing_value_fails_as_strictly_as_jinja() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render_template("service.yaml.j2", {}, jinja=True)
    with pytest.raises(runtime.UndefinedError, match="'plan' is undefined"):
        render_template("service.yaml.j2", {})


@pytest.fixture
def edited_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in TEMPLATES:
        (folder / name).write_bytes((templating.templates_dir() / name).read_bytes())
    monkeypatch.setattr(templating, "templates_dir", lambda: folder)
    templating.compiled_root.cache_clear()
    templating.jinja_environment.cache_clear()
    yield folder
    templating.compiled_root.cache_clear()
    templating.jinja_environment.cache_clear()


def test_an_edited_template_is_rendered_by_jinja(edited_templates: Path) -> None:
    service = edited_templates / "service.yaml.j2"
    service.write_text(service.read_text().replace("kind: Service", "kind: Service\n# edited"))
    assert templating.compiled_root("service.yaml.j2") is None
    assert templating.compiled_root("deployment.yaml.j2") is not None
    plan = build_plan(provider_server("nginx", "sse"))
    assert "# edited" in render_template("service.yaml.j2", {"plan": plan})


@pytest.mark.parametrize(
    ("source", "refused"),
    [
        ("{% for x in plan.labels %}{{ loop.index }}{% endfor %}", "LoopContext"),
        ("{{ plan.name | upper }}", "filter 'upper'"),
        ("{% if plan.name is defined %}x{% endif %}", "test 'defined'"),
        ("{% include 'service.yaml.j2' %}", "environment.get_template"),
        ("{% macro m() %}x{% endmacro %}{{ m() }}", "Macro"),
        ("{{ self }}", "TemplateReference"),
    ],
)
def test_the_generator_refuses_what_the_runtime_cannot_run(source: str, refused: str) -> None:
    with pytest.raises(compiled_templates.Unsupported, match=refused):
        compiled_templates.compile_source("probe.yaml.j2", source)


RENDER_AND_LIST_MODULES = """
import sys
from mcpgen.cli import main
try:
    main(["render", "-q", sys.argv[1]])
except SystemExit as exc:
    if exc.code:
        raise
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def test_a_render_does_not_import_jinja() -> None:
    spec = str(ROOT / "examples" / "sse-basic.yaml")
    run = subprocess.run(
        [sys.executable, "-c", RENDER_AND_LIST_MODULES, spec],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "kind: Deployment" in run.stdout
    imported = run.stderr.split()
    assert "mcpgen.render.compiled.deployment" in imported
    assert not [m for m in imported if m.split(".")[0] in ("jinja2", "markupsafe")]


def test_a_render_writes_nothing_but_its_output(tmp_path: Path) -> None:
    # No cache of any kind: HOME and XDG_CACHE_HOME stay empty, and only -o is written.
    home, out = tmp_path / "home", tmp_path / "out"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "XDG_CACHE_HOME": str(home / "c")}
    subprocess.run(
        [sys.executable, "-m", "mcpgen", "render", "-q", str(ROOT / "examples"), "-o", str(out)],
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert list(home.iterdir()) == []
    assert (out / "kustomization.yaml").is_file()
