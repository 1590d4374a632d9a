"""The protocol from the spec alone: explicit setting, then args, env, path.

The chart's `mcp-server.protocol` helper (`_transport.tpl`) mirrors this function rule by
rule; a parity test holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeGuard, get_args

from mcpgen.model.spec import DEFAULT_PATHS, MCPServerSpec, ResolvedProtocol
from mcpgen.model.types import normalise_path

# Flags servers use to pick their transport (FastMCP, wikipedia-mcp, supergateway...).
TRANSPORT_FLAGS = ("--transport", "-t")
TRANSPORT_ENV = ("MCP_TRANSPORT", "TRANSPORT")
# What each flag or env value means; "http" is Streamable HTTP in FastMCP 2.x.
TRANSPORT_VALUES: dict[str, ResolvedProtocol] = {
    "sse": "sse",
    "streamable-http": "streamable-http",
    "streamable_http": "streamable-http",
    "http": "streamable-http",
}
# Transports a server can pick that no Service or Ingress can reach.
NON_HTTP_VALUES = ("stdio",)
FALLBACK: ResolvedProtocol = "streamable-http"


@dataclass(frozen=True, slots=True)
class Signal:
    """One hint at the protocol, and where in the spec it was seen."""

    source: str  # "transport.protocol", "args", "env" or "path"
    evidence: str  # what was seen, e.g. "--transport sse"
    protocol: ResolvedProtocol | None  # None: seen but not an HTTP protocol (stdio)


@dataclass(frozen=True, slots=True)
class Inference:
    """The protocol the spec implies, the signal that decided it, and why."""

    protocol: ResolvedProtocol
    source: str  # the signal that decided, or "default"
    reasons: tuple[str, ...]
    conflicts: tuple[Signal, ...] = field(default=())
    non_http: tuple[Signal, ...] = field(default=())

    @property
    def defaulted(self) -> bool:
        return self.source == "default"


def _arg_signals(argv: list[str]) -> list[Signal]:
    signals = []
    for i, arg in enumerate(argv):
        flag, eq, inline = arg.partition("=")
        if flag not in TRANSPORT_FLAGS:
            continue
        value = inline if eq else (argv[i + 1] if i + 1 < len(argv) else "")
        if not value:
            continue
        protocol = TRANSPORT_VALUES.get(value.lower())
        if protocol is None and value.lower() not in NON_HTTP_VALUES:
            continue  # `-t 30` is some other flag's number, not a transport
        shown = f"{flag}={value}" if eq else f"{flag} {value}"
        signals.append(Signal("args", shown, protocol))
    return signals


def _env_signals(env: dict[str, str]) -> list[Signal]:
    return [
        Signal("env", f"{name}={env[name]}", TRANSPORT_VALUES.get(env[name].lower()))
        for name in TRANSPORT_ENV
        if env.get(name)
        and (env[name].lower() in TRANSPORT_VALUES or env[name].lower() in NON_HTTP_VALUES)
    ]


def _path_signal(path: str | None) -> list[Signal]:
    if path is None:
        return []
    last = normalise_path(path).rsplit("/", 1)[-1]
    for protocol, default in DEFAULT_PATHS.items():
        if last == default.lstrip("/"):
            return [Signal("path", path, protocol)]
    return []


# What a stdio server's HTTP side is when nothing else says: the bridge's /mcp.
BRIDGE_SOURCE = "transport.type"


def _is_resolved(value: str | None) -> TypeGuard[ResolvedProtocol]:
    return value in get_args(ResolvedProtocol)


def infer(spec: MCPServerSpec) -> Inference:
    """Resolve `transport.protocol` (which may be `auto`) and say why."""
    explicit = spec.transport.protocol
    if spec.transport.type == "stdio":
        # args and env are the child's (`--transport stdio` is right there); what clients
        # reach is the bridge, which serves Streamable HTTP unless told SSE.
        found = infer_from([], {}, spec.transport.config.http.path, _explicit(explicit))
        if not found.defaulted:
            return found
        return Inference(
            FALLBACK,
            BRIDGE_SOURCE,
            ("transport.type: stdio (the bridge serves Streamable HTTP at /mcp)",),
        )
    return infer_from(
        argv=[*spec.command, *spec.args],
        env={e.name: e.value for e in spec.environment if e.value is not None},
        path=spec.transport.config.http.path,
        explicit=_explicit(explicit),
    )


def _explicit(protocol: str) -> str | None:
    return None if protocol == "auto" else protocol


def infer_from(
    argv: list[str],
    env: dict[str, str],
    path: str | None,
    explicit: str | None = None,
    explicit_source: str = "transport.protocol",
) -> Inference:
    """The same rules on raw parts, for workloads found in any manifest (mcpgen validate)."""
    seen = [*_arg_signals(argv), *_env_signals(env), *_path_signal(path)]
    non_http = tuple(s for s in seen if s.protocol is None)
    usable = [s for s in seen if s.protocol is not None]
    protocol: ResolvedProtocol
    if _is_resolved(explicit):
        chosen, protocol = Signal(explicit_source, explicit, explicit), explicit
    elif usable and usable[0].protocol is not None:
        chosen, protocol = usable[0], usable[0].protocol
    else:
        return Inference(
            FALLBACK,
            "default",
            ("nothing in args, env or path names a transport; assuming streamable-http",),
            non_http=non_http,
        )
    conflicts = tuple(s for s in usable if s.protocol != chosen.protocol)
    reasons = [f"{chosen.source}: {chosen.evidence}"]
    reasons += [
        f"{s.source}: {s.evidence} (agrees)"
        for s in usable
        if s is not chosen and s.protocol == chosen.protocol
    ]
    return Inference(protocol, chosen.source, tuple(reasons), conflicts, non_http)
