"""The transport rules table of DESIGN.md: rollout, grace period, affinity, annotations.

Mirrored function by function by the chart's `_transport.tpl`.
"""

from __future__ import annotations

from mcpgen.detect.era import MODERN_REVISION, Era
from mcpgen.detect.infer import Inference
from mcpgen.diagnostics import Finding
from mcpgen.model.spec import DEFAULT_PATHS, MCPServerSpec, ResolvedProtocol
from mcpgen.rules.scale import scaled_out

# The operator's annotation keys, so its tooling and `mcpgen validate` agree.
PROTOCOL_ANNOTATION = "mcp.transport.protocol"
STREAMING_ANNOTATION = "mcp.transport.streaming"
AFFINITY_FIX = "set spec.transport.config.http.sse.enableSessionAffinity: true"


def endpoint_path(spec: MCPServerSpec, protocol: ResolvedProtocol) -> str:
    return spec.transport.config.http.path or DEFAULT_PATHS[protocol]


def transport_annotations(protocol: str) -> dict[str, str]:
    if protocol == "sse":
        return {PROTOCOL_ANNOTATION: "sse", STREAMING_ANNOTATION: "true"}
    return {PROTOCOL_ANNOTATION: protocol}


def rollout_strategy(spec: MCPServerSpec, protocol: str) -> dict[str, object] | None:
    """SSE: never take a pod away before its replacement is ready; else Kubernetes' default."""
    if protocol != "sse":
        return None
    return {
        "type": "RollingUpdate",
        "rollingUpdate": {
            "maxSurge": spec.transport.config.http.sse.max_surge,
            "maxUnavailable": 0,
        },
    }


def grace_period(spec: MCPServerSpec, protocol: str) -> int | None:
    if protocol != "sse":
        return None
    return spec.transport.config.http.sse.termination_grace_period_seconds


def session_affinity(
    spec: MCPServerSpec, protocol: str, era: Era | None
) -> tuple[bool, list[Finding]]:
    """One affinity decision for the Service and the proxy, by protocol and era.

    Affinity exists only for 2025 sessions. It is never keyed on Mcp-Session-Id:
    the first request of a session carries none, so a hash on it cannot pin it.
    """
    http = spec.transport.config.http
    scaled = scaled_out(spec)
    if protocol == "sse":
        if http.sse.enable_session_affinity:
            return True, []
        if not scaled:
            return False, []
        return False, [
            Finding(
                "SSE002",
                "warning",
                "more than one pod serves a legacy SSE server without session affinity: a "
                "client's POST to the message endpoint can land on a pod that does not hold "
                "its stream, and the session breaks",
                AFFINITY_FIX,
                "spec.transport.config.http.sse.enableSessionAffinity",
            )
        ]
    if era == "modern":
        return False, _modern_has_no_sessions(http.session_management, http.legacy_session_affinity)
    if era == "dual":
        return _dual_affinity(http.session_management, http.legacy_session_affinity, scaled)
    if http.session_management and scaled:
        return True, [
            Finding(
                "SHR001",
                "warning",
                "stateful Streamable HTTP sessions on more than one pod: ClientIP affinity is "
                "applied so each Mcp-Session-Id stays on the pod that created it, but it breaks "
                "when a client's address changes or many clients share one NAT address",
                "prefer a stateless server (sessionManagement: false) so any pod can answer; "
                "a server that speaks MCP 2026-07-28 has no sessions (pin "
                "transport.config.http.protocolVersions with `mcpgen probe --write-spec`)",
                "spec.transport.config.http.sessionManagement",
            )
        ]
    return False, []


def _modern_has_no_sessions(stateful: bool, pin: bool) -> list[Finding]:
    if not (stateful or pin):
        return []
    return [
        Finding(
            "SHR003",
            "warning",
            "sessionManagement or legacySessionAffinity is set, but the server speaks only "
            f"MCP {MODERN_REVISION} or later, which has no sessions: any pod can answer any "
            "request, so no affinity is applied",
            "remove sessionManagement and legacySessionAffinity, or list the 2025 revisions "
            "the server also speaks in protocolVersions",
            "spec.transport.config.http.sessionManagement",
        )
    ]


def _dual_affinity(stateful: bool, pin: bool, scaled: bool) -> tuple[bool, list[Finding]]:
    if not (stateful and scaled):
        return False, []
    if pin:
        return True, [
            Finding(
                "SHR002",
                "warning",
                "ClientIP affinity keeps each 2025 client's session on the pod that created it; "
                f"clients that speak MCP {MODERN_REVISION} need none, yet are pinned too, and "
                "every client behind one proxy or NAT address lands on one pod",
                "drop legacySessionAffinity once your clients speak 2026-07-28",
                "spec.transport.config.http.legacySessionAffinity",
            )
        ]
    return False, [
        Finding(
            "SHR004",
            "info",
            f"dual-era server on more than one pod: clients that speak MCP {MODERN_REVISION} "
            "are stateless and reach any pod; a 2025 client's session lives on one pod and "
            "breaks when a later request lands on another",
            "if 2025 clients must keep sessions, set "
            "transport.config.http.legacySessionAffinity: true (ClientIP affinity)",
            "spec.transport.config.http.legacySessionAffinity",
        )
    ]


def deprecation_diagnostics(protocol: str) -> list[Finding]:
    if protocol != "sse":
        return []
    return [
        Finding(
            "SSE010",
            "warning",
            f"the HTTP+SSE transport is Deprecated as of MCP {MODERN_REVISION} (SEP-2596): "
            "new clients may not speak it, and it needs sticky sessions to scale",
            'serve Streamable HTTP at /mcp (FastMCP: transport="streamable-http"; an '
            "mcp 2.x server answers 2025 and 2026 clients on one URL) and set "
            "spec.transport.protocol: streamable-http",
            "spec.transport.protocol",
        )
    ]


def detection_diagnostics(inference: Inference, spec: MCPServerSpec) -> list[Finding]:
    out: list[Finding] = []
    if inference.defaulted:
        out.append(
            Finding(
                "DET001",
                "warning",
                "protocol is auto and nothing in args, env or path names a transport; "
                "assuming streamable-http",
                "pin it: spec.transport.protocol: streamable-http (or sse), or run "
                "`mcpgen probe URL --write-spec FILE` against the live server",
                "spec.transport.protocol",
            )
        )
    for signal in inference.conflicts:
        out.append(
            Finding(
                "DET002",
                "warning",
                f"{signal.source} says {signal.protocol} ({signal.evidence}) but "
                f"{inference.source} decided {inference.protocol}",
                "make args, env, path and transport.protocol agree",
                "spec.transport.protocol",
            )
        )
    for signal in inference.non_http:
        out.append(
            Finding(
                "DET003",
                "warning",
                f"{signal.source} selects a non-HTTP transport ({signal.evidence}): no Service "
                "or Ingress can reach a stdio server",
                "run the server with --transport sse or streamable-http, or wrap it in an "
                "HTTP bridge",
                "spec.args",
            )
        )
    if spec.transport.type == "custom":
        out.append(
            Finding(
                "TRN001",
                "warning",
                "transport.type custom: mcpgen renders an HTTP server; the container must "
                "listen on transport.config.http.port",
                "set spec.transport.type: http once the container speaks HTTP (or stdio, for "
                "a stdio server the bridge should wrap)",
                "spec.transport.type",
            )
        )
    return out


# What agentgateway (and kgateway, which shares its controller) select MCP backends by:
# controller/pkg/syncer/backend/mcp.go and controller/api/annotations/agentgateway.go.
AGENTGATEWAY_APP_PROTOCOL = {
    "streamable-http": "agentgateway.dev/mcp",
    "sse": "agentgateway.dev/mcp-sse",
}
AGENTGATEWAY_PATH_ANNOTATION = "agentgateway.dev/mcp-path"


def app_protocol(spec: MCPServerSpec, protocol: str) -> str | None:
    """The MCP port's appProtocol: `mcp` is the gateway-interop shorthand."""
    value = spec.service.app_protocol
    return AGENTGATEWAY_APP_PROTOCOL[protocol] if value == "mcp" else value


def gateway_annotations(spec: MCPServerSpec, protocol: ResolvedProtocol) -> dict[str, str]:
    if spec.service.app_protocol != "mcp":
        return {}
    return {AGENTGATEWAY_PATH_ANNOTATION: endpoint_path(spec, protocol)}
