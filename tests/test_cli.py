"""The command line as a user meets it: help, version, stdin, globs, explain."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, mcpgen, mcpgen_process
from mcpgen import __version__


def test_version() -> None:
    run = mcpgen("--version")
    assert run.code == 0
    assert __version__ in run.out


def test_help_lists_commands_without_importing_them() -> None:
    code = (
        "import sys; from mcpgen.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('httpx', 'jinja2', 'pydantic', 'ruamel.yaml', 'mcpgen.render')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for command in ("render", "explain", "probe"):
        assert command in out
    assert "HEAVY []" in out


def test_render_reads_stdin() -> None:
    text = (ROOT / "examples" / "sse-basic.yaml").read_text()
    run = mcpgen("render", "-q", "-", stdin=text)
    assert run.code == 0
    assert "name: wikipedia-sse" in run.out


def test_render_expands_globs() -> None:
    run = mcpgen_process("render", "-q", "examples/sse-*.yaml")
    assert run.code == 0, run.err
    assert run.out.count("kind: Deployment") == 3


def test_render_prints_warnings_with_source_location() -> None:
    run = mcpgen("render", "examples/sse-basic.yaml")
    assert run.code == 0
    assert "examples/sse-basic.yaml:3: warning PDB001" in run.err
    assert "fix:" in run.err


def test_explain_text_shows_resolved_transport_and_fixes() -> None:
    run = mcpgen("explain", "examples/auto.yaml")
    assert run.code == 0
    assert "protocol: sse" in run.out
    assert "sseConfigApplied: true" in run.out
    assert "- args: -t sse" in run.out
    assert "maxUnavailable 0" in run.out
    assert "warning PDB001" in run.out
    assert "fix: run 2 or more replicas" in run.out


def test_explain_json_is_shaped_like_operator_status() -> None:
    run = mcpgen("explain", "--output", "json", "examples/sse-optimized.yaml")
    assert run.code == 0
    [report] = json.loads(run.out)
    assert report["resolvedTransport"] == {
        "protocol": "sse",
        "sseConfigApplied": True,
        "reasons": ["transport.protocol: sse", "path: /sse (agrees)"],
    }
    assert report["server"] == "mcp/everything-sse"
    codes = {d["code"] for d in report["diagnostics"]}
    assert "PDB002" in codes
    assert all(
        set(d) == {"code", "severity", "field", "message", "fix"} for d in report["diagnostics"]
    )


def test_explain_bad_input_exits_2() -> None:
    run = mcpgen("explain", "does-not-exist.yaml")
    assert run.code == 2


def test_explain_json_is_data_with_no_python_reprs() -> None:
    run = mcpgen("explain", "-o", "json", "examples/sse-sticky.yaml")
    [report] = json.loads(run.out)
    decisions = report["decisions"]
    assert decisions["rollout"] == {"type": "RollingUpdate", "maxSurge": "25%", "maxUnavailable": 0}
    assert decisions["sessionAffinity"] == {"type": "ClientIP", "timeoutSeconds": 10800}
    assert decisions["proxy"] == {"provider": "nginx", "kinds": ["ingress"]}
    assert decisions["annotations"]["mcp.transport.protocol"] == "sse"
    # Not even inside the sentences: no dict or list reprs.
    assert not any("{'" in line or "['" in line for line in report["applied"]), report["applied"]
