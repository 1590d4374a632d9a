"""What a stdio spec resolves to: the bridge's command, its HTTP side for the rules,
the warnings, and what the model refuses."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from stdio.bridge import container_of, server

from mcpgen.rules import build_plan

NPX: dict[str, Any] = {
    "image": "ghcr.io/mcpgen/stdio-bridge:0.13.0",
    "command": ["npx"],
    "args": ["-y", "@modelcontextprotocol/server-everything", "--transport", "stdio"],
    "transport": {"type": "stdio"},
}


def _codes(spec: dict[str, Any]) -> set[str]:
    return {d.code for d in build_plan(server(spec)).diagnostics}


def test_the_bridge_wraps_command_and_args() -> None:
    c = container_of(NPX)
    assert c["command"] == [
        "mcp-proxy",
        "--host=0.0.0.0",
        "--port=8080",
        "--pass-environment",
        "--",
    ]
    assert c["args"] == NPX["command"] + NPX["args"]
    env = {e["name"]: e["value"] for e in c["env"]}
    assert env["HOME"] == "/home/mcp" and env["npm_config_cache"] == "/home/mcp/.npm"
    assert env["UV_CACHE_DIR"].startswith("/home/mcp/")
    assert c["readinessProbe"]["httpGet"] == {"path": "/status", "port": "http"}
    assert c["startupProbe"]["failureThreshold"] * c["startupProbe"]["periodSeconds"] == 300
    assert c["livenessProbe"]["exec"]["command"][-1] == "http://127.0.0.1:8080/mcp"


def test_the_rules_see_the_bridges_http_side() -> None:
    p = build_plan(server(NPX))
    # The child's `--transport stdio` is its own business: no DET003, no DET001, no TRN001.
    assert p.protocol == "streamable-http" and p.path == "/mcp"
    assert _codes(NPX) == set()
    sse = build_plan(server({**NPX, "transport": {"type": "stdio", "protocol": "sse"}}))
    assert sse.protocol == "sse" and sse.path == "/sse" and sse.sse_applied


def test_own_settings_win() -> None:
    env = [{"name": "UV_CACHE_DIR", "value": "/cache"}]
    hc = {"liveness": {"enabled": False}, "startup": {"failureThreshold": 9}}
    c = container_of({**NPX, "environment": env, "healthCheck": hc})
    assert "livenessProbe" not in c and c["startupProbe"]["failureThreshold"] == 9
    assert [e["value"] for e in c["env"] if e["name"] == "UV_CACHE_DIR"] == ["/cache"]


def test_more_than_one_pod_warns() -> None:
    assert "STD001" in _codes({**NPX, "replicas": 2})
    assert "STD001" in _codes({**NPX, "hpa": {"enabled": True, "maxReplicas": 3}})


def test_another_image_must_carry_the_bridge() -> None:
    assert "STD002" in _codes({**NPX, "image": "ghcr.io/acme/own:1.0"})


def test_no_command_is_not_bridged_and_says_why() -> None:
    spec = {"image": "ghcr.io/github/github-mcp-server:1.0", "transport": {"type": "stdio"}}
    c = container_of(spec)
    assert "command" not in c and "livenessProbe" not in c
    assert "STD003" in _codes(spec)


def test_http_servers_are_unchanged() -> None:
    c = container_of({"image": "x:1", "args": ["--port", "8080"]})
    assert c["args"] == ["--port", "8080"] and "command" not in c
    assert "livenessProbe" not in c and c["startupProbe"]["failureThreshold"] == 60


@pytest.mark.parametrize("path", ["/api", "/mcp/v1"])
def test_the_bridge_serves_no_other_path(path: str) -> None:
    spec = {**NPX, "transport": {"type": "stdio", "config": {"http": {"path": path}}}}
    with pytest.raises(ValidationError, match="serves Streamable HTTP at /mcp and legacy SSE"):
        server(spec)
