"""`mcpgen validate` as a user and CI run it: formats, summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import mcpgen, mcpgen_process

from .helpers import manifest

BROKEN = manifest(
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: weather, namespace: mcp}
    spec:
      replicas: 1
      selector: {matchLabels: {app: weather}}
      strategy: {rollingUpdate: {maxUnavailable: 1}}
      template:
        metadata:
          labels: {app: weather}
          annotations: {mcp.transport.protocol: sse}
        spec:
          terminationGracePeriodSeconds: 120
          containers:
          - name: server
            image: "ghcr.io/example/weather:1"
            readinessProbe: {tcpSocket: {port: 8000}}
            imagePulPolicy: Always
    """
)
WARNING_ONLY = BROKEN.replace(
    "{rollingUpdate: {maxUnavailable: 1}}", "{rollingUpdate: {maxUnavailable: 0}}"
)
WARNING_ONLY = WARNING_ONLY.replace(
    "terminationGracePeriodSeconds: 120", "terminationGracePeriodSeconds: 10"
)
WARNING_ONLY = WARNING_ONLY.replace("\n        imagePulPolicy: Always", "")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "weather.yaml"
    path.write_text(BROKEN)
    return path


def test_text_output_groups_by_file_and_ends_with_a_summary(broken: Path, tmp_path: Path) -> None:
    clean = tmp_path / "ns.yaml"
    clean.write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: mcp}\n")
    run = mcpgen("validate", str(clean), str(broken))
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == str(broken)
    assert "error    POL001  Deployment mcp/weather: SSE workload: maxUnavailable is 1" in lines[1]
    assert lines[1].split()[0] == "7"
    assert any("fix: strategy:" in line for line in lines)
    assert any("SCH001" in line and "did you mean 'imagePullPolicy'" in line for line in lines)
    assert lines[-1] == (
        "Summary: 2 resources found in 2 files - Valid: 1, Invalid: 1, Errors: 0, Skipped: 0 - "
        "findings: 2 errors, 0 warnings, 1 info"  # the info: HTTP+SSE is deprecated
    )


def test_json_output(broken: Path) -> None:
    run = mcpgen("validate", "-o", "json", str(broken))
    assert run.code == 1
    report = json.loads(run.out)
    assert [(f["code"], f["line"]) for f in report["findings"]] == [
        ("POL001", 7),
        ("POL017", 8),
        ("SCH001", 18),
    ]
    first = report["findings"][0]
    assert set(first) == {
        *("code", "severity", "resource", "file", "line", "column", "message", "fix", "field")
    }
    assert report["summary"]["invalid"] == 1
    assert report["summary"]["findings"] == {"error": 2, "warning": 0, "info": 1}


def test_github_annotations_are_escaped(broken: Path) -> None:
    run = mcpgen("validate", "-o", "github", str(broken))
    assert run.code == 1
    first = run.out.splitlines()[0]
    assert first.startswith(f"::error file={broken},line=7,title=POL001 Deployment mcp/weather::")
    # `%` and the newline before the fix are escaped the way the runner decodes them.
    assert "%0Afix: strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%25," in first
    assert run.out.splitlines()[-1].startswith("Summary: 1 resource found in 1 file")


def test_fail_on_decides_what_fails(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(WARNING_ONLY)
    assert mcpgen("validate", str(path)).code == 0
    warned = mcpgen("validate", "--fail-on", "warning", str(path))
    assert warned.code == 1
    assert "warning  POL002" in warned.out


def test_exit_codes_as_a_process(broken: Path, tmp_path: Path) -> None:
    clean = tmp_path / "ns.yaml"
    clean.write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: mcp}\n")
    assert mcpgen_process("validate", str(clean)).code == 0
    assert mcpgen_process("validate", str(broken)).code == 1
    missing = mcpgen_process("validate", str(clean), str(tmp_path / "nope.yaml"))
    assert missing.code == 2
    assert "IO001" in missing.out
    assert "no such file" in missing.out


def test_bad_usage_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert mcpgen("validate").code == 2
    bad_version = mcpgen("validate", "--kubernetes-version", "1.2", str(tmp_path))
    assert bad_version.code == 2
    assert "supported: 1.25" in bad_version.err
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no kubeconform on it
    no_kubeconform = mcpgen("validate", "--validator", "kubeconform", str(tmp_path))
    assert no_kubeconform.code == 2
    assert "kubeconform is not on PATH" in no_kubeconform.err


def test_unreadable_file_is_exit_2_even_beside_findings(broken: Path, tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    run = mcpgen("validate", str(broken), str(binary))
    assert run.code == 2
    assert "POL001" in run.out
    assert "IO001" in run.out


def test_help_names_the_formats_and_exit_codes() -> None:
    run = mcpgen("validate", "--help")
    assert run.code == 0
    for word in ("--fail-on", "--kubernetes-version", "--ignore-missing-schemas", "github"):
        assert word in run.out
    assert "2 on unreadable input" in run.out


def test_skip_drops_a_code_and_refuses_what_is_not_one(broken: Path) -> None:
    run = mcpgen("validate", "-o", "json", "--skip", "POL017", "--skip", "SCH001", str(broken))
    report = json.loads(run.out)
    assert [f["code"] for f in report["findings"]] == ["POL001"]
    assert report["summary"]["suppressed"]["skip"] >= 2
    # --ignore, mcpgen 0.1's name, still works.
    old = mcpgen("validate", "-o", "json", "--ignore", "POL017", "--ignore", "SCH001", str(broken))
    assert json.loads(old.out)["findings"] == report["findings"]
    bad = mcpgen("validate", "--skip", "pol017", str(broken))
    assert bad.code == 2
    assert "a finding code looks like POL017" in bad.err
