"""MCP 2026-07-28 eras: affinity only for 2025 sessions, and HTTP+SSE marked deprecated."""

from __future__ import annotations

from typing import Any

import pytest
from test_rules import codes, docs, server

from mcpgen.detect.era import era_of
from mcpgen.render import render_server

MODERN = ["2026-07-28"]
DUAL = ["2026-07-28", "2025-11-25"]
LEGACY = ["2025-11-25", "2025-06-18"]


def http_server(versions: list[str] | None, replicas: int = 3, **http: Any) -> Any:
    config: dict[str, Any] = {"sessionManagement": True, **http}
    if versions is not None:
        config["protocolVersions"] = versions
    return server(
        replicas=replicas,
        transport={"protocol": "streamable-http", "config": {"http": config}},
        ingress={"enabled": True, "host": "mcp.example.com", "provider": "nginx"},
    )


@pytest.mark.parametrize(
    ("protocol", "versions", "era"),
    [
        ("streamable-http", MODERN, "modern"),
        ("streamable-http", ["2027-03-01"], "modern"),
        ("streamable-http", DUAL, "dual"),
        ("streamable-http", LEGACY, "legacy"),
        ("streamable-http", None, None),
        ("sse", MODERN, "legacy"),  # HTTP+SSE exists only in the handshake era
    ],
)
def test_era_follows_the_revisions(protocol: str, versions: list[str] | None, era: str) -> None:
    assert era_of(protocol, versions) == era


def test_a_modern_server_never_gets_affinity_even_when_told_it_has_sessions() -> None:
    s = http_server(MODERN, legacySessionAffinity=True)
    out = docs(s)
    assert "sessionAffinity" not in out["Service"]["spec"]
    annotations = out["Ingress"]["metadata"]["annotations"]
    assert not any("affinity" in k or "hash" in k for k in annotations)
    assert "SHR003" in codes(s)
    assert "SHR001" not in codes(s)
    assert render_server(s).plan.era == "modern"


def test_a_dual_server_keeps_modern_clients_free_unless_2025_sessions_must_be_pinned() -> None:
    free = http_server(DUAL)
    assert "sessionAffinity" not in docs(free)["Service"]["spec"]
    assert "SHR004" in codes(free)
    found = {d.code: d for d in render_server(free).plan.diagnostics}
    assert "needs session affinity" not in found["SHR004"].message
    assert "legacySessionAffinity: true" in found["SHR004"].fix

    pinned = http_server(DUAL, legacySessionAffinity=True)
    assert docs(pinned)["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    assert "SHR002" in codes(pinned)


def test_a_dual_server_on_one_pod_needs_nothing() -> None:
    assert not {"SHR002", "SHR004"} & set(codes(http_server(DUAL, replicas=1)))


@pytest.mark.parametrize("versions", [LEGACY, None])
def test_legacy_and_unlisted_keep_the_2025_rules(versions: list[str] | None) -> None:
    s = http_server(versions)
    assert docs(s)["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    assert "SHR001" in codes(s)


def test_no_rule_hashes_on_the_session_header() -> None:
    for versions in (MODERN, DUAL, LEGACY, None):
        for pin in (True, False):
            text = str(docs(http_server(versions, legacySessionAffinity=pin)))
            assert "mcp-session-id" not in text.lower()


@pytest.mark.parametrize("versions", [MODERN, DUAL])
def test_long_stream_settings_stay_for_every_era(versions: list[str]) -> None:
    annotations = docs(http_server(versions))["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "3600"
    assert annotations["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"


def test_http_sse_is_deprecated_with_a_migration_path() -> None:
    s = server(transport={"protocol": "sse"})
    found = {d.code: d for d in render_server(s).plan.diagnostics}
    assert "SEP-2596" in found["SSE010"].message
    assert "streamable-http" in found["SSE010"].fix
    assert "SSE010" not in codes(server(transport={"protocol": "streamable-http"}))


def test_revisions_are_dates_listed_once() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="twice"):
        http_server(["2026-07-28", "2026-07-28"])
    with pytest.raises(ValidationError):
        http_server(["latest"])


def test_mcp_aware_gateways_find_the_port_by_app_protocol() -> None:
    for protocol, value in (
        ("streamable-http", "agentgateway.dev/mcp"),
        ("sse", "agentgateway.dev/mcp-sse"),
    ):
        s = server(service={"appProtocol": "mcp"}, transport={"protocol": protocol})
        service = docs(s)["Service"]
        assert service["spec"]["ports"][0]["appProtocol"] == value
        path = "/sse" if protocol == "sse" else "/mcp"
        assert service["metadata"]["annotations"]["agentgateway.dev/mcp-path"] == path
    # Off unless asked: Gateway API implementations may refuse an unknown appProtocol.
    plain = docs(server())["Service"]
    assert "appProtocol" not in plain["spec"]["ports"][0]
    assert "agentgateway.dev/mcp-path" not in plain["metadata"]["annotations"]
    other = docs(server(service={"appProtocol": "kubernetes.io/h2c"}))["Service"]
    assert other["spec"]["ports"][0]["appProtocol"] == "kubernetes.io/h2c"
