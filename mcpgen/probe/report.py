"""A probe's outcome: the machine's verdict plus the requests the driver made, timed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from mcpgen.detect.actions import Era, Request, State, Verdict
from mcpgen.diagnostics import Finding


@dataclass(slots=True)
class Exchange:
    """One request as it went on the wire; times are ms since the probe started."""

    method: str
    url: str
    purpose: str
    started_ms: float
    status: int | None = None
    content_type: str | None = None
    headers_ms: float | None = None  # when the status line and headers arrived
    finished_ms: float | None = None  # when the body ended or was abandoned
    received: int = 0  # body bytes
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "purpose": self.purpose,
            "status": self.status,
            "contentType": self.content_type,
            "startedMs": _ms(self.started_ms),
            "headersMs": _ms(self.headers_ms),
            "finishedMs": _ms(self.finished_ms),
            "bytes": self.received,
            "error": self.error,
        }


DETAIL_LIMIT = 300  # characters of an exception's text kept in a report


def describe(exc: BaseException) -> str:
    """An exception as a report states it: its type, and its text cut short."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 3] + "..."


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


class Trace:
    """What the driver saw, request by request, for the report."""

    def __init__(self) -> None:
        self._t0 = time.perf_counter()
        self.exchanges: dict[int, Exchange] = {}

    def now(self) -> float:
        return (time.perf_counter() - self._t0) * 1000

    def sent(self, request: Request) -> None:
        self.exchanges[request.id] = Exchange(
            request.method, request.url, request.purpose, self.now()
        )

    def answered(self, request_id: int, status: int, content_type: str | None) -> None:
        ex = self.exchanges[request_id]
        ex.status, ex.content_type, ex.headers_ms = status, content_type, self.now()

    def received(self, request_id: int, size: int) -> None:
        self.exchanges[request_id].received += size

    def finished(self, request_id: int, error: str | None = None) -> None:
        ex = self.exchanges.get(request_id)
        if ex is not None and ex.finished_ms is None:
            ex.finished_ms = self.now()
            ex.error = error

    def report(self, url: str, verdict: Verdict) -> ProbeReport:
        for request_id in self.exchanges:
            self.finished(request_id)
        return ProbeReport(url, verdict, tuple(self.exchanges.values()), self.now())


@dataclass(frozen=True, slots=True)
class ProbeReport:
    url: str
    verdict: Verdict
    exchanges: tuple[Exchange, ...] = field(default=())
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.verdict.ok

    def as_dict(self) -> dict[str, Any]:
        """Shaped like the operator's status.validation and status.resolvedTransport."""
        v = self.verdict
        return {
            "url": self.url,
            "state": v.state.value,
            "compliant": v.ok,
            "protocol": v.protocol,
            "protocolVersion": v.protocol_version,
            "serverInfo": dict(v.server_info) if v.server_info is not None else None,
            "capabilities": list(v.capabilities),
            "endpoint": v.endpoint,
            "messageEndpoint": v.message_endpoint,
            "sessionManagement": v.session_managed,
            "requiresAuth": v.requires_auth,
            "era": v.era.value if v.era else None,
            "supportedVersions": list(v.supported_versions),
            "tools": list(v.tools) if v.tools is not None else None,
            "issues": [_issue_json(i) for i in v.issues],
            "requests": [e.as_dict() for e in self.exchanges],
            "elapsedMs": round(self.elapsed_ms, 2),
        }

    def text(self) -> str:
        v = self.verdict
        lines = [self.url, f"  state: {v.state.value}"]
        if v.protocol:
            lines.append(f"  protocol: {v.protocol} (MCP {v.protocol_version or 'unknown'})")
        if v.era:
            lines.append(f"  era: {v.era.value} (speaks {', '.join(v.supported_versions)})")
        if v.server_info is not None:
            name = v.server_info.get("name", "?")
            lines.append(f"  server: {name} {v.server_info.get('version', '')}".rstrip())
        if v.state is State.VALIDATED:
            lines.append(f"  capabilities: {', '.join(v.capabilities) or 'none'}")
        if v.endpoint:
            lines.append(f"  endpoint: {v.endpoint}")
        if v.message_endpoint:
            lines.append(f"  message endpoint: {v.message_endpoint}")
        meaning = deployment(v)
        if meaning:
            lines.append(f"  deployment: {meaning}")
        if v.tools is not None:
            lines.append(f"  tools ({len(v.tools)}): {', '.join(v.tools) or 'none'}")
        lines.append(f"  requests ({len(self.exchanges)}, {self.elapsed_ms:.1f} ms):")
        for ex in self.exchanges:
            outcome = ex.error or (
                f"{ex.status} {ex.content_type or ''}".rstrip() if ex.status else "no answer"
            )
            took = f"{ex.finished_ms - ex.started_ms:.1f} ms" if ex.finished_ms else ""
            lines.append(f"    {ex.method} {ex.url} ({ex.purpose}) -> {outcome}  {took}".rstrip())
        lines.append("  issues:" if v.issues else "  issues: none")
        lines.extend(f"    {i.severity} {i.code}: {i.message}" for i in v.issues)
        return "\n".join(lines)

    def summary(self) -> str:
        """One line, for many URLs at once."""
        v = self.verdict
        if v.ok:
            info = v.server_info or {}
            era = f" {v.era.value}" if v.era else ""
            what = f"{v.protocol}{era}  {info.get('name', '?')} {info.get('version', '')}".rstrip()
            return f"ok    {what}  {self.url}  {self.elapsed_ms:.0f} ms"
        worst = next(
            (i for i in v.issues if i.severity == "error"), v.issues[0] if v.issues else None
        )
        why = f"{worst.code} {worst.message}" if worst else v.state.value
        label = "AUTH" if v.state is State.AUTH_REQUIRED else "FAIL"
        return f"{label}  {self.url}: {why}"


def deployment(v: Verdict) -> str | None:
    """What the detected era and sessions mean for replicas and affinity, in one line."""
    if v.era is Era.MODERN:
        return "modern clients are stateless: any replica can serve any request (no affinity)"
    if v.era is Era.DUAL:
        if v.session_managed:
            return (
                "modern clients are stateless (any replica); legacy clients get an "
                "Mcp-Session-Id and stay pinned to the pod that holds their session"
            )
        return "stateless in both eras: any replica can serve any request (no affinity)"
    if v.protocol == "sse":
        return (
            "legacy HTTP+SSE: each client's stream and its POSTs must reach the same pod "
            "(session affinity); the transport is deprecated"
        )
    if v.session_managed:
        return (
            "legacy clients only, with an Mcp-Session-Id: stateful, needs session affinity "
            "(or one replica)"
        )
    if v.session_managed is False:
        return "legacy clients only, no sessions issued: any replica can serve any request"
    return None


def _issue_json(i: Finding) -> dict[str, str]:
    # "level", not "severity": the key the probe's JSON (and the chart's test hook) has
    # always used.
    return {"level": i.severity, "code": i.code, "message": i.message}
