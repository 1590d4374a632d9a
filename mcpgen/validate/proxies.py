"""What the proxy in front of an MCP workload must be set to, one table row per provider.

Each row says which objects it claims (kind and a predicate), which Services
they send traffic to, and the settings long-lived streams need, each with its
policy code. Adding a provider (OpenShift Route, Traefik, HAProxy, ALB, GKE
BackendConfig, Gateway API HTTPRoute, Istio VirtualService) is adding a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcpgen.diagnostics import Severity
from mcpgen.rules.providers import nginx as nginx_rules
from mcpgen.validate.resources import Resource, dig

PathKey = tuple[str | int, ...]
# ingress-nginx's own default for proxy-read-timeout and proxy-send-timeout (seconds).
NGINX_DEFAULT_TIMEOUT = 60
# A stream idle this long at the proxy is cut; what mcpgen renders is well above it.
STREAM_TIMEOUT_FLOOR = 60


@dataclass(frozen=True, slots=True)
class Reading:
    value: str | None  # None: not set
    path: PathKey  # where it lives (or would live) in the object


@dataclass(frozen=True, slots=True)
class Setting:
    code: str
    read: Callable[[Resource], Reading]
    ok: Callable[[str], bool]
    # Severity by protocol, when set to a bad value and when not set at all.
    when_bad: dict[str, Severity]
    when_unset: dict[str, Severity]
    problem: str  # "{value}" is the value as set, or the unset description
    unset: str  # how to describe the value when it is not set
    fix: str


@dataclass(frozen=True, slots=True)
class ProxyRules:
    provider: str
    kind: str
    claims: Callable[[Resource], bool]
    backends: Callable[[Resource], list[str]]  # Service names it routes to
    settings: tuple[Setting, ...]
    affinity: Callable[[Resource], bool]  # does the proxy itself pin a client to a pod?
    affinity_fix: str


def annotations_of(resource: Resource) -> dict[str, str]:
    found = dig(resource.data, "metadata", "annotations")
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def annotation(key: str) -> Callable[[Resource], Reading]:
    def read(resource: Resource) -> Reading:
        return Reading(annotations_of(resource).get(key), ("metadata", "annotations", key))

    return read


def _ingress_paths(resource: Resource) -> list[dict[str, Any]]:
    found = []
    for rule in dig(resource.data, "spec", "rules") or []:
        for path in dig(rule, "http", "paths") or []:
            if isinstance(path, dict):
                found.append(path)
    return found


def ingress_backends(resource: Resource) -> list[str]:
    names = [dig(p, "backend", "service", "name") for p in _ingress_paths(resource)]
    names.append(dig(resource.data, "spec", "defaultBackend", "service", "name"))
    return [str(n) for n in names if n is not None]


def ingress_paths(resource: Resource) -> list[str]:
    return [str(p["path"]) for p in _ingress_paths(resource) if p.get("path") is not None]


def ingress_class(resource: Resource) -> str:
    named = dig(resource.data, "spec", "ingressClassName")
    legacy = annotations_of(resource).get("kubernetes.io/ingress.class")
    return str(named or legacy or "")


def _seconds_above(floor: int) -> Callable[[str], bool]:
    def ok(value: str) -> bool:
        # ingress-nginx ignores what is not a whole number and keeps its default.
        return value.strip().isdigit() and int(value) > floor

    return ok


# --- ingress-nginx --------------------------------------------------------------------------

_NGINX = nginx_rules.PREFIX


def _claims_nginx(resource: Resource) -> bool:
    return "nginx" in ingress_class(resource) or any(
        key.startswith(_NGINX) for key in annotations_of(resource)
    )


def _nginx_affinity(resource: Resource) -> bool:
    found = annotations_of(resource)
    return bool(found.get(f"{_NGINX}upstream-hash-by")) or found.get(f"{_NGINX}affinity") == (
        "cookie"
    )


def _nginx_timeout(code: str, name: str) -> Setting:
    return Setting(
        code=code,
        read=annotation(f"{_NGINX}{name}"),
        ok=_seconds_above(STREAM_TIMEOUT_FLOOR),
        when_bad={"sse": "warning", "streamable-http": "warning"},
        when_unset={"sse": "warning", "streamable-http": "warning"},
        problem=f"{name} is {{value}}: nginx cuts a stream that sends nothing for that "
        "long, and a legacy SSE client loses its session when it reconnects",
        unset=f"not set (ingress-nginx's default, {NGINX_DEFAULT_TIMEOUT} s)",
        fix=f'set {_NGINX}{name}: "3600" (seconds, quoted)',
    )


NGINX = ProxyRules(
    provider="ingress-nginx",
    kind="Ingress",
    claims=_claims_nginx,
    backends=ingress_backends,
    settings=(
        _nginx_timeout("POL005", "proxy-read-timeout"),
        _nginx_timeout("POL006", "proxy-send-timeout"),
        Setting(
            code="POL007",
            read=annotation(f"{_NGINX}proxy-buffering"),
            ok=lambda value: value == nginx_rules.BUFFERING_OFF,
            when_bad={"sse": "error", "streamable-http": "warning"},
            when_unset={"sse": "warning", "streamable-http": "warning"},
            problem="proxy-buffering is {value}: events wait in nginx's buffer instead of "
            "reaching the client as they are sent",
            unset="not set (the controller's ConfigMap decides; its default is off)",
            fix=f'set {_NGINX}proxy-buffering: "off"',
        ),
    ),
    affinity=_nginx_affinity,
    affinity_fix=f'set {_NGINX}upstream-hash-by: "{nginx_rules.CLIENT_HASH}" (or affinity: '
    '"cookie" when the clients keep cookies)',
)

PROVIDERS: tuple[ProxyRules, ...] = (NGINX,)
