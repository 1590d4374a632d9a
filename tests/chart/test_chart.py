"""The chart with a real helm: generated files current, lint, install, schema, hook, NOTES."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from chart.helm import CHART, HELM_MAJORS, by_identity, helm, values_of

from conftest import EXAMPLES, ROOT, mcpgen
from mcpgen import chart
from mcpgen.load import load_paths
from mcpgen.model.spec import MCPServerSpec
from mcpgen.render import render_server


def test_generated_chart_files_are_current() -> None:
    assert (CHART / "values.yaml").read_text() == chart.values_yaml()
    assert json.loads((CHART / "values.schema.json").read_text()) == chart.values_schema()
    readme = (CHART / "README.md").read_text()
    assert readme == chart.readme(readme), "run: python -m mcpgen.chart"
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


@pytest.mark.parametrize("major", HELM_MAJORS)
def test_lint_strict(major: str) -> None:
    out = helm("lint", "--strict", str(CHART), "--set", "image=mcp/x:1", major=major).stdout
    assert "0 chart(s) failed" in out


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
    pods = [d for d in yaml.safe_load_all(out) if d and d["kind"] == "Pod"]
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
    rendered = helm("template", "everything-sse", str(out), "-n", "mcp", "--skip-tests").stdout
    theirs = by_identity([d for d in yaml.safe_load_all(rendered) if d])
    assert theirs == by_identity(list(render_server(server).documents))
    # Another release name still names every object after the server.
    other = helm("template", "other", str(out), "-n", "mcp", "--skip-tests").stdout
    assert {d["metadata"]["name"] for d in yaml.safe_load_all(other) if d} == {"everything-sse"}
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
