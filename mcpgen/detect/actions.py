"""What the probe machine and its driver say to each other (h11 style: plain values).

The machine asks with an `Action`; the driver reports with the machine's methods
(`response`, `data`, `end`, `error`, `timeout`, `crashed`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from mcpgen.detect.jsonrpc import MAX_JSON_DEPTH
from mcpgen.diagnostics import Finding

Protocol = Literal["streamable-http", "sse"]
PROTOCOLS: tuple[Protocol, ...] = ("streamable-http", "sse")


class State(StrEnum):
    """The operator's validation states."""

    PENDING = "Pending"
    VALIDATING = "Validating"
    VALIDATED = "Validated"
    AUTH_REQUIRED = "AuthRequired"
    FAILED = "Failed"


class Era(StrEnum):
    """Which generation of MCP a server speaks (MCP 2026-07-28, versioning.mdx)."""

    MODERN = "modern"  # no handshake, no sessions: any request may land on any replica
    DUAL = "dual"  # modern clients stateless, legacy clients may hold sessions
    LEGACY = "legacy"  # the 2025 handshake only, or HTTP+SSE


class ErrorKind(StrEnum):
    """What went wrong below HTTP, as the driver saw it."""

    CONNECT = "connect"
    TLS = "tls"
    TIMEOUT = "timeout"
    CLOSED = "closed"


class ProbeUsageError(RuntimeError):
    """The driver broke the machine's contract (as h11's LocalProtocolError): a bug in
    the driver, never a finding about the server."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that keep a hostile server from holding the probe's memory or stack."""

    max_bytes: int = 4 << 20  # all response bodies together
    max_events: int = 200  # SSE events across all streams
    max_event_size: int = 1 << 20  # one SSE event, or one JSON body
    max_json_depth: int = MAX_JSON_DEPTH  # arrays and objects inside each other


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class Send:
    """Send this request; report its status and headers with `response` (or `error`)."""

    request: Request


@dataclass(frozen=True, slots=True)
class Read:
    """Read the next chunk of this response's body; report it with `data` or `end`."""

    request_id: int


@dataclass(frozen=True, slots=True)
class Close:
    """Abandon this response: the machine needs nothing more from it."""

    request_id: int


@dataclass(frozen=True, slots=True)
class Verdict:
    state: State
    protocol: Protocol | None = None
    protocol_version: str | None = None  # the newest revision the server speaks
    server_info: Mapping[str, Any] | None = None
    capabilities: tuple[str, ...] = ()
    endpoint: str | None = None  # the URL that speaks MCP
    message_endpoint: str | None = None  # legacy SSE: where client messages are POSTed
    # Legacy clients are given an Mcp-Session-Id; None when no legacy client can
    # connect over Streamable HTTP (modern only) or the protocol is HTTP+SSE.
    session_managed: bool | None = None
    requires_auth: bool | None = None  # None: validated with the caller's headers, unknown
    issues: tuple[Finding, ...] = ()
    era: Era | None = None
    supported_versions: tuple[str, ...] = ()  # newest first
    tools: tuple[str, ...] | None = None  # --deep: the names tools/list gave
    requests: int = 0  # how many requests the machine sent

    @property
    def ok(self) -> bool:
        """Validated, and nothing (such as a protocol mismatch) is an error."""
        return self.state is State.VALIDATED and all(i.severity != "error" for i in self.issues)


@dataclass(frozen=True, slots=True)
class Finish:
    verdict: Verdict


Action = Send | Read | Close | Finish
