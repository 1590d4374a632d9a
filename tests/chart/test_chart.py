"""The chart with a real helm: generated files current, lint, install, schema, hook, NOTES."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from chart.helm import (
    CHART,
    HELM_MAJORS,
    by_identity,
    helm,
    split_hook,
    strict_load_all,
    values_of,
)

from conftest import EXAMPLES, ROOT, mcpgen
from mcpgen.load import load_paths
from mcpgen.model.spec import MCPServerSpec
from mcpgen.render import render_server
from mcpgen.rules.stdio import LIVENESS_SCRIPT
from mcpgen_dev import chart_files as chart


def test_generated_chart_files_are_current() -> None:
    assert (CHART / "values.yaml").read_text() == chart.values_yaml()
    assert json.loads((CHART / "values.schema.json").read_text()) == chart.values_schema()
    assert (CHART / "templates" / "_rules.tpl").read_text() == chart.rules_tpl()
    readme = (CHART / "README.md").read_text()
    assert readme == chart.readme(readme), "run: python -m mcpgen_dev.chart_files"
    assert (CHART / chart.LIVENESS_FILE).read_text() == LIVENESS_SCRIPT
    for key in (
        "`transport.config.http.sse.enableSessionAffinity`",
        "`ingress.provider`",
        "`pdb.minAvailable`",
        "`testHook`",
    ):
        assert key in readme


def test_values_defaults_are_the_model_defaults() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    model = MCPServerSpec.model_validate({"image": "x"}).model_dump(by_alias=True)
    for key in chart.CHART_ONLY:
        values.pop(key)
    assert values.pop("image") == ""
    model.pop("image")
    assert values == model


CI_VALUES = sorted((CHART / "ci").glob("*-values.yaml"))


@pytest.mark.parametrize("major", HELM_MAJORS)
@pytest.mark.parametrize("values", CI_VALUES, ids=[p.stem for p in CI_VALUES])
def test_lint_strict_with_the_ci_values(major: str, values: Path) -> None:
    # What chart-testing runs (`ct lint` lints with each ci/*-values.yaml).
    out = helm("lint", "--strict", str(CHART), "-f", str(values), major=major).stdout
    assert "0 chart(s) failed" in out


@pytest.mark.parametrize("major", HELM_MAJORS)
def test_lint_strict_without_an_image_says_which_value(major: str) -> None:
    # values.yaml has no image on purpose (nothing sensible to default to).
    proc = helm("lint", "--strict", str(CHART), check=False, major=major)
    assert proc.returncode != 0
    assert "image" in proc.stdout + proc.stderr


def _example_release(example: Path) -> tuple[str, str]:
    server = load_paths([str(example)]).servers[0].server
    return server.metadata.name, server.metadata.namespace


@pytest.mark.parametrize("major", HELM_MAJORS)
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_install_with_the_example_file_is_render(example: Path, major: str) -> None:
    """README Path 2 as written: `-f` the same file `mcpgen render` reads."""
    name, namespace = _example_release(example)
    if major == "helm4":
        out = helm(
            *("install", name, str(CHART), "-n", namespace, "-f", str(example)),
            "--dry-run=client",
            major=major,
        ).stdout
        manifest = out.split("MANIFEST:", 1)[1].split("NOTES:", 1)[0]
        hooks = out.split("HOOKS:", 1)[1].split("MANIFEST:", 1)[0]
        text = hooks + "\n---\n" + manifest
    else:  # Helm 3's install contacts a cluster even with --dry-run=client
        args = ("template", name, str(CHART), "-n", namespace, "-f", str(example))
        text = helm(*args, major=major).stdout
    docs = split_hook(strict_load_all(text))
    server = load_paths([str(example)]).servers[0].server
    assert by_identity(docs) == by_identity(list(render_server(server).documents))
    # The chart's whole output, hook included, passes mcpgen's own checks.
    run = mcpgen("validate", "-", stdin=text)
    assert run.code == 0, run.out
    assert "0 errors, 0 warnings" in run.out


@pytest.mark.parametrize("major", HELM_MAJORS)
def test_a_document_names_its_release(major: str) -> None:
    example = ROOT / "examples" / "sse-basic.yaml"
    name, namespace = _example_release(example)
    wrong_name = helm(
        "template",
        "other",
        str(CHART),
        "-n",
        namespace,
        "-f",
        str(example),
        check=False,
        major=major,
    )
    assert wrong_name.returncode != 0
    assert f'metadata.name "{name}" is not the release name "other"' in wrong_name.stderr
    wrong_ns = helm(
        "template",
        name,
        str(CHART),
        "-n",
        "elsewhere",
        "-f",
        str(example),
        check=False,
        major=major,
    )
    assert wrong_ns.returncode != 0
    assert f"install it with `-n {namespace}`" in wrong_ns.stderr


@pytest.mark.parametrize("major", HELM_MAJORS)
def test_document_and_bare_spec_cannot_mix(major: str) -> None:
    example = ROOT / "examples" / "sse-basic.yaml"
    name, namespace = _example_release(example)
    mixed = helm(
        "template",
        name,
        str(CHART),
        "-n",
        namespace,
        "-f",
        str(example),
        "--set",
        "image=mcp/other:1",
        check=False,
        major=major,
    )
    assert mixed.returncode != 0
    assert "image" in mixed.stderr
    # A document's spec gets the same checks as a bare spec.
    bad = helm(
        "template",
        name,
        str(CHART),
        "-n",
        namespace,
        "-f",
        str(example),
        "--set",
        "spec.replcas=2",
        check=False,
        major=major,
    )
    assert bad.returncode != 0
    assert "replcas" in bad.stderr
    # false overrides a true default (sprig's mergeOverwrite would drop it).
    off = helm(
        "template",
        name,
        str(CHART),
        "-n",
        namespace,
        "-f",
        str(example),
        "--set",
        "spec.healthCheck.enabled=false",
        major=major,
    ).stdout
    assert "readinessProbe" not in off


def test_a_chart_version_bump_leaves_pod_templates_alone(tmp_path: Path) -> None:
    bumped = tmp_path / "mcp-server"
    shutil.copytree(CHART, bumped)
    chart_yaml = bumped / "Chart.yaml"
    chart_yaml.write_text(re.sub(r"(?m)^version: .*$", "version: 9.9.9", chart_yaml.read_text()))
    example = ROOT / "examples" / "sse-optimized.yaml"
    name, namespace = _example_release(example)

    def pod_template(chart_dir: Path) -> object:
        out = helm("template", name, str(chart_dir), "-n", namespace, "-f", str(example)).stdout
        (deployment,) = [d for d in strict_load_all(out) if d["kind"] == "Deployment"]
        return deployment["spec"]["template"]

    assert pod_template(bumped) == pod_template(CHART)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_install_dry_run_and_notes(example: Path, tmp_path: Path) -> None:
    loaded = load_paths([str(example)]).servers[0]
    values = tmp_path / "values.yaml"
    raw = yaml.safe_load(example.read_text())["spec"]
    values.write_text(yaml.safe_dump(values_of(loaded.server, raw)))
    name, namespace = loaded.server.metadata.name, loaded.server.metadata.namespace
    out = helm(
        "install", name, str(CHART), "-n", namespace, "-f", str(values), "--dry-run=client"
    ).stdout
    protocol = render_server(loaded.server).plan.protocol
    assert f"speaks {protocol}" in out
    assert f"helm test {name} -n {namespace}" in out
    if protocol == "sse":
        assert "maxUnavailable 0" in out


def test_test_hook_runs_the_probe_with_the_resolved_protocol(tmp_path: Path) -> None:
    out = helm(
        "template",
        "wiki",
        str(CHART),
        "-n",
        "mcp",
        "--set",
        "image=mcp/x:1",
        "--set",
        "args={--transport,sse}",
        "--set",
        "service.port=3001",
    ).stdout
    pods = [d for d in strict_load_all(out) if d["kind"] == "Pod"]
    [pod] = pods
    assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
    assert pod["spec"]["containers"][0]["args"] == [
        "probe",
        "http://wiki.mcp.svc:3001/sse",
        "--expect",
        "sse",
        "--timeout",
        "20",
        "--deep",
    ]


def test_the_hook_checks_required_capabilities_and_strict_mode() -> None:
    args = [
        "--set",
        "image=mcp/x:1",
        "--set",
        "validation.requiredCapabilities={tools,prompts}",
        "--set",
        "validation.strictMode=true",
    ]
    out = helm("template", "wiki", str(CHART), "-n", "mcp", *args).stdout
    [pod] = [d for d in yaml.safe_load_all(out) if d and d["kind"] == "Pod"]
    assert pod["spec"]["containers"][0]["args"][-5:] == [
        "--require-capability",
        "tools",
        "--require-capability",
        "prompts",
        "--strict",
    ]
    off = helm(
        "template", "wiki", str(CHART), "-n", "mcp", *args, "--set", "validation.enabled=false"
    )
    assert not [d for d in yaml.safe_load_all(off.stdout) if d and d["kind"] == "Pod"]


# Each pattern must match the refusal of both Helm majors (their schema libraries word
# errors differently); the model refuses the same values in `mcpgen render`.
REFUSALS = [
    ("unknown-key", ["--set", "replcas=2"], [r"replcas"]),
    (
        "bad-enum",
        ["--set", "transport.protocol=websocket"],
        [r"transport.protocol", r"must be one of", r"streamable-http"],
    ),
    (
        "port-range",
        ["--set", "transport.config.http.port=70000"],
        [r"transport.config.http.port", r"65,?535"],
    ),
    ("missing-image", ["--set", "image="], [r"image"]),
    (
        "hpa-bounds",
        ["--set", "hpa.enabled=true", "--set", "hpa.minReplicas=5", "--set", "hpa.maxReplicas=2"],
        [r"minReplicas \(5\) is greater than maxReplicas \(2\)"],
    ),
    (
        "gateway",
        ["--set", "ingress.enabled=true", "--set", "ingress.provider=gateway-api"],
        [r"needs gateway\.name"],
    ),
]


@pytest.mark.parametrize("major", HELM_MAJORS)
@pytest.mark.parametrize(
    ("args", "patterns"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_bad_values_are_refused_readably(major: str, args: list[str], patterns: list[str]) -> None:
    proc = helm(
        "template", "x", str(CHART), "--set", "image=mcp/x:1", *args, check=False, major=major
    )
    assert proc.returncode != 0
    for pattern in patterns:
        assert re.search(pattern, proc.stderr), (pattern, proc.stderr)


def test_render_format_helm_writes_a_chart_helm_takes_as_is(tmp_path: Path) -> None:
    out = tmp_path / "chart"
    source = ROOT / "examples" / "sse-optimized.yaml"
    run = mcpgen("render", "-q", "--format", "helm", "-o", str(out), str(source))
    assert run.code == 0, run.err
    assert "0 chart(s) failed" in helm("lint", "--strict", str(out)).stdout
    server = load_paths([str(source)]).servers[0].server
    rendered = helm("template", "everything-sse", str(out), "-n", "mcp").stdout
    theirs = by_identity(split_hook(strict_load_all(rendered)))
    assert theirs == by_identity(list(render_server(server).documents))
    assert not (out / "ci").exists()  # the generic chart's lint values; this one has its own
    # Another release name still names every object after the server.
    other = helm("template", "other", str(out), "-n", "mcp").stdout
    names = {d["metadata"]["name"] for d in split_hook(strict_load_all(other))}
    assert names == {"everything-sse"}
    assert (
        mcpgen("render", "-q", "--format", "helm", "-o", str(out), str(source), "--check").code == 0
    )


def test_render_format_helm_refuses_many_servers_and_foreign_folders(tmp_path: Path) -> None:
    run = mcpgen("render", "--format", "helm", "-o", str(tmp_path / "c"), "examples/")
    assert run.code == 2
    assert "one server" in run.err
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    run = mcpgen(
        "render", "--format", "helm", "-o", str(tmp_path / "mine"), "examples/sse-basic.yaml"
    )
    assert run.code == 2
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


def test_the_hook_image_is_this_release_built_by_the_dockerfile(tmp_path: Path) -> None:
    """No container engine here: check what can be checked without one."""
    import tomllib

    import click

    from mcpgen.cli import main

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    chart_yaml = yaml.safe_load((CHART / "Chart.yaml").read_text())
    # The tag defaults to appVersion, which must be the mcpgen the chart ships with.
    assert chart_yaml["appVersion"] == project["version"]
    assert project["scripts"]["mcpgen"]
    out = helm("template", "wiki", str(CHART), "-n", "mcp", "--set", "image=mcp/x:1").stdout
    (pod,) = [d for d in strict_load_all(out) if d["kind"] == "Pod"]
    (container,) = pod["spec"]["containers"]
    assert container["image"] == f"ghcr.io/mcpgen/mcpgen:{project['version']}"
    dockerfile = (ROOT / "Dockerfile").read_text()
    # Every COPY source of the build stage exists (what `docker build .` would copy).
    for line in dockerfile.splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            for source in words[1:-1]:
                assert (ROOT / source).exists(), source
    # ENTRYPOINT mcpgen + the hook's args is a `mcpgen probe` command line click accepts.
    (entry,) = [ln for ln in dockerfile.splitlines() if ln.startswith("ENTRYPOINT")]
    assert json.loads(entry.removeprefix("ENTRYPOINT").strip()) == ["mcpgen"]
    assert container["args"][0] == "probe"
    probe = main.get_command(click.Context(main), "probe")
    assert probe is not None
    ctx = probe.make_context("probe", list(container["args"][1:]))
    assert ctx.params["deep"] and ctx.params["expect"] in ("sse", "streamable-http")
    # The runtime user matches the hook's securityContext.
    assert "USER 1000:1000" in dockerfile
    assert pod["spec"]["securityContext"]["runAsUser"] == 1000


def test_every_template_reads_the_values_as_a_spec() -> None:
    # A template that reads .Values before mcp-server.init sees a whole document's
    # defaults, not its spec, whenever Helm happens to render it first.
    templates = [*CHART.glob("templates/*.yaml"), *CHART.glob("templates/tests/*.yaml")]
    for path in [*templates, CHART / "templates" / "NOTES.txt"]:
        first = path.read_text().splitlines()[0]
        assert first == '{{- include "mcp-server.init" . -}}', path.name
