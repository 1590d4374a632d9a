"""`helm template` of the chart equals `mcpgen render` of the same MCPServer.

Compared as parsed documents, ignoring only the labels Helm adds and the test hook.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from chart.helm import HELM_MAJORS, by_identity, template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_providers import CASES, IDS, provider_server

from conftest import EXAMPLES
from mcpgen.load import load_paths
from mcpgen.model import MCPServer
from mcpgen.render import render_server
from mcpgen.render.emit import parse_all


def assert_parity(
    server: MCPServer, raw_spec: dict[str, Any], tmp: Path, majors: tuple[str, ...] = HELM_MAJORS
) -> None:
    ours = by_identity(copy.deepcopy(list(render_server(server).documents)))
    for major in majors:
        theirs = by_identity(template(server, raw_spec, tmp, major=major))
        assert sorted(ours) == sorted(theirs), major
        for key in ours:
            assert theirs[key] == ours[key], (major, key)


def raw_spec_of(path: Path, name: str) -> dict[str, Any]:
    return next(d for d in parse_all(path.read_text()) if d and d["metadata"]["name"] == name)[
        "spec"
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_parity(path: Path, tmp_path: Path) -> None:
    for loaded in load_paths([str(path)]).servers:
        server = loaded.server
        assert_parity(server, raw_spec_of(path, server.metadata.name), tmp_path)


@pytest.mark.parametrize(("provider", "protocol"), CASES, ids=IDS)
def test_provider_parity(provider: str, protocol: str, tmp_path: Path) -> None:
    server = provider_server(provider, protocol)
    assert_parity(server, server.spec.model_dump(by_alias=True, exclude_unset=True), tmp_path)


@pytest.mark.parametrize("affinity", ["client-ip", "cookie"])
@pytest.mark.parametrize(
    "provider", ["nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio"]
)
def test_provider_affinity_parity(provider: str, affinity: str, tmp_path: Path) -> None:
    server = provider_server(
        provider,
        "sse",
        affinity=affinity,
        streamTimeoutSeconds=5000,
        tls={"secretName": "tls"},
        className="custom",
    )
    assert_parity(server, server.spec.model_dump(by_alias=True, exclude_unset=True), tmp_path)


# Specs that exercise every branch of the rules: inference, PDB, HPA, security, pod extras.
args = st.sampled_from(
    [
        [],
        ["--transport", "sse"],
        ["--transport=streamable-http"],
        ["-t", "http"],
        ["-t", "30"],
        ["--transport", "stdio", "-t", "sse"],
        ["--port", "3001"],
    ]
)
env = st.sampled_from(
    [
        [],
        [{"name": "MCP_TRANSPORT", "value": "sse"}],
        [{"name": "TRANSPORT", "value": "http"}, {"name": "MCP_TRANSPORT", "value": "stdio"}],
    ]
)
count_or_pct = st.one_of(st.integers(0, 5), st.sampled_from(["0%", "50%", "100%", "34%"]))


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "image": "mcp/x:1",
        "args": draw(args),
        "environment": draw(env),
        "replicas": draw(st.integers(0, 5)),
        "transport": {
            "protocol": draw(st.sampled_from(["auto", "sse", "streamable-http"])),
            "config": {
                "http": {
                    "port": draw(st.integers(1, 65535)),
                    "sessionManagement": draw(st.booleans()),
                    "sse": {
                        "enableSessionAffinity": draw(st.booleans()),
                        "maxSurge": draw(st.sampled_from(["25%", 1, 3, "100%"])),
                        "terminationGracePeriodSeconds": draw(st.integers(1, 3600)),
                    },
                }
            },
        },
        "security": {
            "runAsUser": draw(st.sampled_from([0, 1000, 1000000])),
            "readOnlyRootFilesystem": draw(st.sampled_from([None, True, False])),
        },
        "healthCheck": {
            "enabled": draw(st.booleans()),
            "port": draw(st.sampled_from([None, 9000, "health"])),
        },
        "metrics": {"enabled": draw(st.booleans())},
        "hpa": {
            "enabled": draw(st.booleans()),
            "minReplicas": draw(st.integers(1, 3)),
            "maxReplicas": 4,
            "targetMemoryUtilizationPercentage": draw(st.sampled_from([None, 60])),
        },
        "ingress": {
            "enabled": draw(st.booleans()),
            "provider": draw(
                st.sampled_from(
                    [None, "nginx", "alb", "istio", "gce", "traefik", "haproxy", "openshift"]
                )
            ),
            "streamTimeoutSeconds": draw(st.integers(1, 86400)),
            "affinity": draw(st.sampled_from(["client-ip", "cookie"])),
        },
    }
    path = draw(st.sampled_from([None, "/sse", "/mcp", "/api/sse/", "/events"]))
    if path:
        spec["transport"]["config"]["http"]["path"] = path
    pdb = draw(
        st.sampled_from(
            [
                {},
                {"enabled": True},
                {"enabled": False},
                {"minAvailable": draw(count_or_pct)},
                {"maxUnavailable": draw(count_or_pct)},
            ]
        )
    )
    if pdb:
        spec["pdb"] = pdb
    if spec["transport"]["config"]["http"]["sse"]["maxSurge"] == "0%":
        spec["transport"]["config"]["http"]["sse"]["maxSurge"] = "25%"
    return spec


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=specs())
def test_generated_spec_parity(spec: dict[str, Any], tmp_path: Path) -> None:
    server = MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": "gen", "namespace": "ns"},
            "spec": spec,
        }
    )
    assert_parity(server, spec, tmp_path)
