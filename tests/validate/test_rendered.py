"""What mcpgen renders validates clean; break it the way hands do and each break is found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, GOLDEN, mcpgen
from mcpgen.load import load_paths
from mcpgen.render import render_server, to_stream
from mcpgen.validate import Options, validate_paths, validate_text


def test_rendered_examples_folder_validates_clean(rendered_examples: Path) -> None:
    run = mcpgen("validate", "-o", "json", "--fail-on", "warning", str(rendered_examples))
    assert run.code == 0, run.out
    report = json.loads(run.out)
    # Nothing but the notice that HTTP+SSE is deprecated, once per SSE server.
    assert {(f["code"], f["severity"]) for f in report["findings"]} == {("POL017", "info")}
    sse_servers = {"everything-sse", "wikipedia-sse", "wikipedia-sticky", "notes-auto"}
    assert {f["resource"].split("/")[1] for f in report["findings"]} == sse_servers
    kustomizations = len(list(rendered_examples.rglob("kustomization.yaml")))
    assert report["summary"]["skipped"] == kustomizations
    assert report["summary"]["valid"] == report["summary"]["resources"] - kustomizations


def test_every_example_rendered_through_the_python_api_is_clean(example: Path) -> None:
    for loaded in load_paths([str(example)]).servers:
        stream = to_stream(list(render_server(loaded.server).documents))
        report = validate_text(stream, example.name)
        sse = render_server(loaded.server).plan.protocol == "sse"
        assert [f.code for f in report.findings] == (["POL017"] if sse else []), report.findings
        assert report.summary().valid == stream.count("\n---\n") + 1


def test_golden_files_of_every_provider_are_clean() -> None:
    report = validate_paths([str(GOLDEN)], Options(skip=frozenset({"POL017"})))
    # The one thing no manifest can fix: Traefik's entryPoint read timeout.
    assert {(f.code, Path(f.file).name) for f in report.findings} == {
        ("POL013", "traefik-sse.yaml"),
        ("POL013", "traefik-streamable-http.yaml"),
    }
    assert report.summary().resources > 90


def test_the_examples_themselves_pass_schema_and_model() -> None:
    report = validate_paths([str(p) for p in EXAMPLES], Options())
    assert report.findings == []
    assert report.summary().valid == len(EXAMPLES)


def _sse_sticky(rendered: Path) -> Path:
    return rendered / "mcp" / "wikipedia-sticky"


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "needle"),
    [
        ("deployment.yaml", "maxUnavailable: 0", "maxUnavailable: 1", "POL001", "maxUnavailable"),
        (
            "poddisruptionbudget.yaml",
            "minAvailable: 1",
            "minAvailable: 2",
            "POL004",
            "minAvailable",
        ),
        (
            "ingress.yaml",
            'proxy-read-timeout: "3600"',
            'proxy-read-timeout: "60"',
            "POL005",
            "proxy-read-timeout",
        ),
        ("deployment.yaml", "replicas: 2", 'replicas: "2"', "SCH001", "replicas"),
        ("service.yaml", "sessionAffinity:", "sessionAfinity:", "SCH001", "sessionAfinity"),
    ],
)
def test_a_hand_edit_of_rendered_output_is_caught(
    rendered_examples: Path,
    tmp_path: Path,
    file: str,
    old: str,
    new: str,
    code: str,
    needle: str,
) -> None:
    server = tmp_path / "wikipedia-sticky"
    server.mkdir()
    for path in _sse_sticky(rendered_examples).iterdir():
        (server / path.name).write_text(path.read_text())
    target = server / file
    text = target.read_text()
    assert old in text
    target.write_text(text.replace(old, new, 1))
    report = validate_paths([str(server)], Options())
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, report.findings
    lines = target.read_text().splitlines()
    assert found[0].file == str(target)
    assert needle in lines[found[0].line - 1]
