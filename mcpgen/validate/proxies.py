"""What the proxy in front of an MCP workload must be set to, one table row per provider.

Each row says which objects it claims (kind and a predicate), which Services
they send traffic to, and the settings long-lived streams need, each with its
policy code. Adding a provider is adding a row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcpgen.diagnostics import PathKey, Severity
from mcpgen.rules.providers import alb as alb_rules
from mcpgen.rules.providers import gce as gce_rules
from mcpgen.rules.providers import haproxy as haproxy_rules
from mcpgen.rules.providers import nginx as nginx_rules
from mcpgen.rules.providers import openshift as openshift_rules
from mcpgen.validate.resources import Resource, dig

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
    # Service names it routes to, given every Service of the run (a GKE BackendConfig
    # is named by the Services that use it, not the other way round).
    backends: Callable[[Resource, list[Resource]], list[str]]
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
    backends=lambda resource, _services: ingress_backends(resource),
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


# --- duration parsing shared by the HAProxy-based providers ---------------------------------

_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^([0-9]+)(us|ms|s|m|h|d)?$")
_GO_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)(h|ms|us|s|m)")


def haproxy_seconds(value: str) -> float | None:
    """HAProxy time: a number and a unit; a bare number is milliseconds."""
    match = _DURATION.match(value.strip())
    if match is None:
        return None
    return int(match.group(1)) * _UNITS[match.group(2) or "ms"]


def go_seconds(value: str) -> float | None:
    """Gateway API / Istio durations such as 1h, 90s, 1m30s."""
    text = value.strip()
    parts = _GO_DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * _UNITS[u] for n, u in parts)


def _above(
    parse: Callable[[str], float | None], floor: int, zero_ok: bool = False
) -> Callable[[str], bool]:
    def ok(value: str) -> bool:
        seconds = parse(value)
        return seconds is not None and (seconds > floor or (zero_ok and seconds == 0))

    return ok


def _stream_setting(
    code: str,
    read: Callable[[Resource], Reading],
    ok: Callable[[str], bool],
    name: str,
    unset: str,
    fix: str,
) -> Setting:
    return Setting(
        code=code,
        read=read,
        ok=ok,
        when_bad={"sse": "warning", "streamable-http": "warning"},
        when_unset={"sse": "warning", "streamable-http": "warning"},
        problem=f"{name} is {{value}}: the proxy cuts a stream that stays open or quiet "
        "longer than that",
        unset=unset,
        fix=fix,
    )


def _field(*path: str) -> Callable[[Resource], Reading]:
    def read(resource: Resource) -> Reading:
        value = dig(resource.data, *path)
        return Reading(None if value is None else str(value), path)

    return read


def _named(resource: Resource, key: str) -> bool:
    return any(k.startswith(key) for k in annotations_of(resource))


# --- OpenShift Route ------------------------------------------------------------------------

_ROUTE = openshift_rules.PREFIX


def _route_backends(resource: Resource, _services: list[Resource]) -> list[str]:
    targets = [
        dig(resource.data, "spec", "to"),
        *(dig(resource.data, "spec", "alternateBackends") or []),
    ]
    return [str(t["name"]) for t in targets if isinstance(t, dict) and t.get("name")]


def _route_affinity(resource: Resource) -> bool:
    found = annotations_of(resource)
    # The router's cookie pins cookie-keeping clients unless it is turned off.
    return (
        found.get(f"{_ROUTE}balance") == "source" or found.get(f"{_ROUTE}disable_cookies") != "true"
    )


OPENSHIFT = ProxyRules(
    provider="OpenShift router",
    kind="Route",
    claims=lambda resource: True,
    backends=_route_backends,
    settings=(
        _stream_setting(
            "POL010",
            annotation(f"{_ROUTE}timeout"),
            _above(haproxy_seconds, STREAM_TIMEOUT_FLOOR),
            "haproxy.router.openshift.io/timeout",
            "not set (the router's default, 30 s)",
            f'set {_ROUTE}timeout: "3600s" (always with a unit: a bare number is milliseconds)',
        ),
    ),
    affinity=_route_affinity,
    affinity_fix=f'set {_ROUTE}balance: "source"',
)

# --- AWS Load Balancer Controller -----------------------------------------------------------

_ALB = alb_rules.PREFIX


def _attributes(value: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {k.strip(): v.strip() for k, v in pairs}


def _alb_idle(resource: Resource) -> Reading:
    key = f"{_ALB}load-balancer-attributes"
    value = _attributes(annotations_of(resource).get(key, "")).get("idle_timeout.timeout_seconds")
    return Reading(value, ("metadata", "annotations", key))


ALB = ProxyRules(
    provider="AWS ALB",
    kind="Ingress",
    claims=lambda r: ingress_class(r) == "alb" or _named(r, _ALB),
    backends=lambda resource, _services: ingress_backends(resource),
    settings=(
        _stream_setting(
            "POL011",
            _alb_idle,
            _seconds_above(STREAM_TIMEOUT_FLOOR),
            "the ALB idle timeout",
            "not set (the ALB default, 60 s)",
            f'set {_ALB}load-balancer-attributes: "idle_timeout.timeout_seconds=3600" '
            f"(at most {alb_rules.MAX_IDLE_TIMEOUT})",
        ),
    ),
    affinity=lambda r: (
        _attributes(annotations_of(r).get(f"{_ALB}target-group-attributes", "")).get(
            "stickiness.enabled"
        )
        == "true"
    ),
    affinity_fix=f'set {_ALB}target-group-attributes: "stickiness.enabled=true,'
    'stickiness.type=lb_cookie" and target-type: ip',
)

# --- GKE BackendConfig ----------------------------------------------------------------------

_BACKEND_CONFIG_KEYS = (gce_rules.BACKEND_CONFIG_ANNOTATION, "beta.cloud.google.com/backend-config")


def _backend_config_users(resource: Resource, services: list[Resource]) -> list[str]:
    name = resource.signature.name
    found = []
    for service in services:
        if service.signature.namespace != resource.signature.namespace:
            continue
        for key in _BACKEND_CONFIG_KEYS:
            raw = annotations_of(service).get(key)
            try:
                ref = json.loads(raw) if raw else {}
            except ValueError:
                continue
            named = [ref.get("default"), *(ref.get("ports") or {}).values()]
            if name in named:
                found.append(service.signature.name)
    return found


GKE = ProxyRules(
    provider="GKE load balancer",
    kind="BackendConfig",
    claims=lambda resource: True,
    backends=_backend_config_users,
    settings=(
        _stream_setting(
            "POL012",
            _field("spec", "timeoutSec"),
            _seconds_above(STREAM_TIMEOUT_FLOOR),
            "BackendConfig timeoutSec",
            "not set (the backend service default, 30 s)",
            "set spec.timeoutSec: 3600 (a response's whole lifetime: clients reconnect after it)",
        ),
    ),
    affinity=lambda r: (
        dig(r.data, "spec", "sessionAffinity", "affinityType") in ("CLIENT_IP", "GENERATED_COOKIE")
    ),
    affinity_fix="set spec.sessionAffinity.affinityType: CLIENT_IP",
)

# --- Traefik --------------------------------------------------------------------------------

TRAEFIK = ProxyRules(
    provider="Traefik",
    kind="Ingress",
    claims=lambda r: "traefik" in ingress_class(r) or _named(r, "traefik.ingress.kubernetes.io/"),
    backends=lambda resource, _services: ingress_backends(resource),
    settings=(
        Setting(
            code="POL013",
            # No Ingress can set it: the entryPoint's readTimeout is static configuration.
            read=lambda resource: Reading(None, ("metadata", "annotations", "")),
            ok=lambda value: False,
            when_bad={"sse": "warning", "streamable-http": "warning"},
            when_unset={"sse": "warning", "streamable-http": "warning"},
            problem="the entryPoint readTimeout is {value}",
            unset="not settable per Ingress (Traefik's default, 60 s, applies unless the static "
            "configuration raises it)",
            fix="set entryPoints.<name>.transport.respondingTimeouts.readTimeout=0 in Traefik's "
            "static configuration, and a ServersTransport for upstream timeouts",
        ),
    ),
    # Sticky cookies live on the Service, which this row does not read: assume pinned.
    affinity=lambda resource: True,
    affinity_fix="",
)

# --- HAProxy Kubernetes Ingress Controller --------------------------------------------------

_HAPROXY = haproxy_rules.PREFIX

HAPROXY = ProxyRules(
    provider="HAProxy ingress",
    kind="Ingress",
    claims=lambda r: "haproxy" in ingress_class(r) or _named(r, _HAPROXY),
    backends=lambda resource, _services: ingress_backends(resource),
    settings=(
        _stream_setting(
            "POL014",
            annotation(f"{_HAPROXY}timeout-server"),
            _above(haproxy_seconds, STREAM_TIMEOUT_FLOOR),
            "haproxy.org/timeout-server",
            "not set (the controller's default, 50 s)",
            f'set {_HAPROXY}timeout-server: "3600s" (with a unit: a bare number is milliseconds)',
        ),
    ),
    affinity=lambda r: (
        annotations_of(r).get(f"{_HAPROXY}load-balance", "").startswith("source")
        or f"{_HAPROXY}cookie-persistence" in annotations_of(r)
    ),
    affinity_fix=f'set {_HAPROXY}load-balance: "source"',
)

# --- Gateway API HTTPRoute ------------------------------------------------------------------


def _route_rules(resource: Resource) -> list[dict[str, Any]]:
    return [r for r in dig(resource.data, "spec", "rules") or [] if isinstance(r, dict)]


def _httproute_backends(resource: Resource, _services: list[Resource]) -> list[str]:
    return [
        str(ref["name"])
        for rule in _route_rules(resource)
        for ref in rule.get("backendRefs") or []
        if isinstance(ref, dict) and ref.get("name") and ref.get("kind", "Service") == "Service"
    ]


# What a many-rule reader returns when no rule is off: the setting holds everywhere.
EVERY_RULE_OK = "<set on every rule>"


def _httproute_timeout(resource: Resource) -> Reading:
    for i, rule in enumerate(_route_rules(resource)):
        request = dig(rule, "timeouts", "request")
        if request is None or not _above(go_seconds, STREAM_TIMEOUT_FLOOR, zero_ok=True)(
            str(request)
        ):
            path: PathKey = ("spec", "rules", i, "timeouts", "request")
            return Reading(None if request is None else str(request), path)
    return Reading(EVERY_RULE_OK, ("spec", "rules"))


GATEWAY_API = ProxyRules(
    provider="Gateway API",
    kind="HTTPRoute",
    claims=lambda resource: True,
    backends=_httproute_backends,
    settings=(
        _stream_setting(
            "POL015",
            _httproute_timeout,
            lambda value: value == EVERY_RULE_OK,
            "timeouts.request",
            "not set (the implementation's default; Envoy-based gateways cut at 15 s)",
            'set rules[].timeouts.request: "3600s" (or "0s" to disable)',
        ),
    ),
    affinity=lambda r: any("sessionPersistence" in rule for rule in _route_rules(r)),
    affinity_fix="set rules[].sessionPersistence (experimental channel)",
)

# --- Istio VirtualService -------------------------------------------------------------------


def _vs_routes(resource: Resource) -> list[dict[str, Any]]:
    return [h for h in dig(resource.data, "spec", "http") or [] if isinstance(h, dict)]


def _vs_backends(resource: Resource, _services: list[Resource]) -> list[str]:
    hosts = [
        dig(dest, "destination", "host")
        for http in _vs_routes(resource)
        for dest in http.get("route") or []
        if isinstance(dest, dict)
    ]
    return [str(h).split(".")[0] for h in hosts if h]


def _vs_timeout(resource: Resource) -> Reading:
    for i, http in enumerate(_vs_routes(resource)):
        timeout = http.get("timeout")
        # Unset is fine: Istio leaves the route timeout disabled.
        if timeout is not None and not _above(go_seconds, STREAM_TIMEOUT_FLOOR)(str(timeout)):
            return Reading(str(timeout), ("spec", "http", i, "timeout"))
    return Reading(EVERY_RULE_OK, ("spec", "http"))


ISTIO = ProxyRules(
    provider="Istio",
    kind="VirtualService",
    claims=lambda resource: True,
    backends=_vs_backends,
    settings=(
        _stream_setting(
            "POL016",
            _vs_timeout,
            lambda value: value == EVERY_RULE_OK,
            "http[].timeout",
            "",
            'remove http[].timeout (disabled) or set it above the stream\'s life, e.g. "3600s"',
        ),
    ),
    # consistentHash lives on a DestinationRule, which this row does not read: assume pinned.
    affinity=lambda resource: True,
    affinity_fix="",
)

PROVIDERS: tuple[ProxyRules, ...] = (
    NGINX,
    OPENSHIFT,
    ALB,
    GKE,
    TRAEFIK,
    HAPROXY,
    GATEWAY_API,
    ISTIO,
)
