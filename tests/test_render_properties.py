"""Any valid spec renders to YAML that parses back with the exact values, and no more.

Hostile strings (newlines, `---`, `: `, `{{ }}`, YAML 1.1 booleans and octals,
`null`, control characters) go wherever the spec takes free text.
"""

from __future__ import annotations

from typing import Any

import yaml as pyyaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcpgen.model import MCPServer
from mcpgen.render import render_server, to_stream
from mcpgen.render.order import sort_key
from mcpgen.yamlio.emit import parse_all, ruamel_dump

HOSTILE = [
    "\n",
    "---",
    "...",
    ": ",
    "key: value",
    "{{ .Values.x }}",
    "{% raw %}",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "0755",
    "0x1F",
    "1e3",
    "1_000",
    "12:30",
    "null",
    "~",
    "",
    " ",
    "#comment",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "%YAML 1.1",
    "'",
    '"',
    "\\",
    "\t",
    "\r\n",
    "- item",
    "? key",
    "|",
    ">",
    "@",
    "`",
    "[a, b]",
    "{a: b}",
    "\x85",
    "\u2028",
    "\ufeff",
    "é",
    "😀",
    "\x00",
    "\x7f",
    "<<",
    "=",
    "---\nkind: Secret\n",
    "a\n---\nb",
]
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=30),
)
dns = st.from_regex(r"\A[a-z]([a-z0-9-]{0,20}[a-z0-9])?\Z")
env_name = st.from_regex(r"\A[A-Z_][A-Z0-9_]{0,15}\Z")
qualified = st.from_regex(r"\A([a-z]{1,8}\.[a-z]{2,5}/)?[a-z][a-z0-9-]{0,10}[a-z0-9]\Z")
path = st.builds(lambda s: "/" + "".join(c for c in s if not c.isspace()), text)
port = st.integers(1, 65535)
PROVIDERS = ["nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio"]


@st.composite
def servers(draw: st.DrawFn) -> dict[str, Any]:
    protocol = draw(st.sampled_from(["auto", "sse", "streamable-http"]))
    replicas = draw(st.integers(0, 6))
    spec: dict[str, Any] = {
        "image": draw(
            st.sampled_from(
                ["mcp/x:1", "registry.example.com:5000/a/b@sha256:" + "a" * 64, "ghcr.io/org/srv"]
            )
        ),
        "command": draw(st.lists(text, max_size=3)),
        "args": draw(st.lists(text, max_size=4)),
        "replicas": replicas,
        "environment": [
            {"name": n, "value": v}
            for n, v in draw(st.dictionaries(env_name, text, max_size=3)).items()
        ],
        "service": {
            "port": draw(port),
            "annotations": draw(st.dictionaries(qualified, text, max_size=3)),
        },
        # The MCP endpoints themselves are refused as health paths (they answer no GET).
        "healthCheck": {
            "enabled": draw(st.booleans()),
            "path": draw(path.filter(lambda p: p.rstrip("/") not in ("", "/mcp", "/sse"))),
        },
        "podTemplate": {
            "annotations": draw(st.dictionaries(qualified, text, max_size=3)),
            # Node selectors are labels: the API server refuses any other key or value.
            "nodeSelector": draw(st.dictionaries(qualified, dns, max_size=2)),
        },
        "transport": {
            "protocol": protocol,
            "config": {
                "http": {
                    "port": draw(port),
                    "path": draw(st.none() | path),
                    "sessionManagement": draw(st.booleans()),
                    "sse": {"enableSessionAffinity": draw(st.booleans())},
                }
            },
        },
        "ingress": {
            "enabled": draw(st.booleans()),
            "provider": draw(st.sampled_from(PROVIDERS)),
            "gateway": {"name": draw(dns)},
            "host": draw(st.none() | st.just("mcp.example.com")),
            "path": draw(path),
            "affinity": draw(st.sampled_from(["client-ip", "cookie"])),
            "annotations": draw(st.dictionaries(qualified, text, max_size=2)),
        },
        "hpa": {
            "enabled": draw(st.booleans()),
            "minReplicas": 1,
            "maxReplicas": draw(st.integers(1, 5)),
        },
        "pdb": {"enabled": draw(st.sampled_from([None, True, False]))},
    }
    endpoint = spec["transport"]["config"]["http"]["path"]
    if endpoint and endpoint.rstrip("/") == spec["healthCheck"]["path"].rstrip("/"):
        spec["healthCheck"]["path"] = "/healthz"  # the endpoint is no health path
    return {
        "apiVersion": "mcp.mcp-operator.io/v1",
        "kind": "MCPServer",
        "metadata": {"name": draw(dns), "namespace": draw(dns)},
        "spec": spec,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(servers())
def test_any_valid_spec_round_trips_exactly(raw: dict[str, Any]) -> None:
    server = MCPServer.model_validate(raw)
    documents = list(render_server(server).documents)
    stream = to_stream(documents)

    # The same documents come back, all of them and only them, through both the
    # YAML 1.2 reader mcpgen uses and a YAML 1.1 reader like Kubernetes' own.
    assert stream.startswith("---\n")
    assert [d for d in parse_all(stream) if d is not None] == documents
    assert [d for d in pyyaml.safe_load_all(stream) if d is not None] == documents
    assert stream.count("\n---\n") + 1 == len(documents)
    # The fast emitter writes what ruamel, the reference, writes: byte for byte.
    ordered = sorted(documents, key=sort_key)
    assert stream == "".join(f"---\n{ruamel_dump(d)}" for d in ordered)

    spec = raw["spec"]
    deployment = next(d for d in documents if d["kind"] == "Deployment")
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert container.get("args", []) == spec["args"]
    assert container.get("command", []) == spec["command"]
    # The user's env as given, then HOME on the scratch folder unless the user set HOME.
    env = container.get("env", [])
    assert env[: len(spec["environment"])] == spec["environment"]
    assert env[len(spec["environment"]) :] in ([], [{"name": "HOME", "value": "/home/mcp"}])
    assert pod["spec"].get("nodeSelector", {}) == spec["podTemplate"]["nodeSelector"]
    for key, value in spec["podTemplate"]["annotations"].items():
        if not key.startswith("mcp.transport."):
            assert pod["metadata"]["annotations"][key] == value
    service = next(d for d in documents if d["kind"] == "Service")
    for key, value in spec["service"]["annotations"].items():
        assert service["metadata"]["annotations"][key] == value
    kinds = {d["kind"] for d in documents}
    assert kinds <= {
        "ServiceAccount",
        "Service",
        "Deployment",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "Ingress",
        "Route",
        "BackendConfig",
        "ServersTransport",
        "HTTPRoute",
        "VirtualService",
        "DestinationRule",
    }
