"""What a stdio spec resolves to: the bridge's command, its HTTP side for the rules,
the warnings, and what the model refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chart.test_parity import assert_same_verdict
from pydantic import ValidationError
from stdio.bridge import container_of, server

from mcpgen.model.spec import DEFAULT_STATIC_BRIDGE_IMAGE
from mcpgen.render import render_server
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


# An image that cannot be rebuilt: the bridge is injected (rules/stdio.py).
INJECT: dict[str, Any] = {
    "image": "mcp/time:1.0",
    "command": ["mcp-server-time"],
    "args": ["--local-timezone=UTC"],
    "transport": {"type": "stdio", "stdio": {"bridge": "inject"}},
}


def _pod(spec: dict[str, Any]) -> dict[str, Any]:
    docs = render_server(server(spec)).documents
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    pod: dict[str, Any] = deployment["spec"]["template"]["spec"]
    return pod


def test_injection_copies_the_bridge_into_the_pod() -> None:
    pod = _pod(INJECT)
    (init,) = pod["initContainers"]
    assert init["image"] == DEFAULT_STATIC_BRIDGE_IMAGE
    assert init["command"] == ["/mcp-proxy", "--copy-self", "/mcpgen-bridge/mcp-proxy"]
    assert init["env"] == [{"name": "TMPDIR", "value": "/mcpgen-bridge"}]
    assert init["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
    }
    assert init["resources"]["limits"]["memory"] == "128Mi"
    assert {"name": "mcp-bridge", "emptyDir": {"sizeLimit": "128Mi"}} in pod["volumes"]
    c = pod["containers"][0]
    # The server's own image runs the copied bridge, with the same flags as the image mode.
    assert c["image"] == "mcp/time:1.0"
    assert c["command"] == ["/mcpgen-bridge/mcp-proxy", *container_of(NPX)["command"][1:]]
    assert c["args"] == ["mcp-server-time", "--local-timezone=UTC"]
    mount = {"name": "mcp-bridge", "mountPath": "/mcpgen-bridge", "readOnly": True}
    assert mount in c["volumeMounts"]
    assert {"name": "mcp-tmp", "mountPath": "/tmp"} in c["volumeMounts"]
    assert c["livenessProbe"]["exec"]["command"] == [
        "/mcpgen-bridge/mcp-proxy",
        "--check",
        "http://127.0.0.1:8080/mcp",
    ]
    assert c["readinessProbe"]["httpGet"] == {"path": "/status", "port": "http"}
    # No STD002: the image need not carry anything.
    assert _codes(INJECT) == set()


@pytest.mark.parametrize(
    ("cpu", "warned"), [("100m", True), (0.25, True), ("500m", False), (2, False)]
)
def test_a_low_cpu_limit_warns_of_the_checks_cost(cpu: str | float, warned: bool) -> None:
    spec = {**INJECT, "resources": {"limits": {"cpu": cpu}}}
    assert ("STD006" in _codes(spec)) is warned
    off = {**spec, "healthCheck": {"liveness": {"enabled": False}}}
    assert "STD006" not in _codes(off)


def test_image_mode_is_the_default_and_unchanged() -> None:
    assert "initContainers" not in _pod(NPX)
    assert "initContainers" not in _pod({**INJECT, "command": []})  # nothing to wrap


def test_injector_settings() -> None:
    own = {"requests": {"cpu": "10m"}, "limits": {"memory": "96Mi"}}
    stdio = {"bridge": "inject", "image": "registry.local/bridge@sha256:" + "a" * 64}
    spec = {**INJECT, "imagePullPolicy": "Always"}
    spec["transport"] = {"type": "stdio", "stdio": {**stdio, "resources": own}}
    (init,) = _pod(spec)["initContainers"]
    assert init["resources"] == own and init["imagePullPolicy"] == "Always"
    assert init["image"] == stdio["image"]


def test_injection_needs_a_writable_tmp() -> None:
    spec = {**INJECT, "scratch": {"tmp": False}}
    found = {d.code: d for d in build_plan(server(spec)).diagnostics}
    assert found["STD004"].severity == "error" and found["STD004"].field == "spec.scratch.tmp"
    mounted = {"volumes": [{"name": "t", "emptyDir": {}}]}
    mounted["volumeMounts"] = [{"name": "t", "mountPath": "/tmp/"}]
    assert "STD004" not in _codes({**spec, "podTemplate": mounted})


def test_injection_into_the_bridge_image_says_it_is_twice() -> None:
    assert "STD005" in _codes({**INJECT, "image": NPX["image"]})


def test_scaled_out_stdio_names_session_management() -> None:
    (found,) = [
        d for d in build_plan(server({**NPX, "replicas": 2})).diagnostics if d.code == "STD001"
    ]
    assert "sessionManagement: true" in found.fix


def test_the_bridge_mode_is_strict() -> None:
    with pytest.raises(ValidationError, match="bridge"):
        server({**INJECT, "transport": {"type": "stdio", "stdio": {"bridge": "sidecar"}}})
    with pytest.raises(ValidationError, match="brige"):
        server({**INJECT, "transport": {"type": "stdio", "stdio": {"brige": "inject"}}})


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"imagePullPolicy": "IfNotPresent", "replicas": 2},
        {"scratch": {"tmp": False}},
        {"scratch": {"tmp": False}, "security": {"readOnlyRootFilesystem": False}},
        {"healthCheck": {"liveness": {"enabled": False}}},
        {"transport": {"type": "stdio", "stdio": {"bridge": "inject", "resources": {}}}},
        {
            "transport": {
                "type": "stdio",
                "protocol": "sse",
                "stdio": {"bridge": "inject", "resources": {"requests": {"cpu": "1"}}},
            }
        },
    ],
    ids=["default", "pull-scaled", "no-tmp", "writable-root", "no-liveness", "empty-res", "sse"],
)
def test_injection_chart_parity(extra: dict[str, Any], tmp_path: Path) -> None:
    assert_same_verdict("inject", {**INJECT, **extra}, tmp_path)
