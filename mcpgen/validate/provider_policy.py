"""What the proxy in front of an MCP workload must be set to, one table row per provider.

Each row says which objects it claims (kind and a predicate), which Services
they send traffic to, the settings long-lived streams need, each with its
policy code, and the caveats no object can lift. Adding a provider is adding a row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcpgen.diagnostics import PathKey, Severity
from mcpgen.rules.providers import alb as alb_rules
from mcpgen.rules.providers import gateway_api as gateway_api_rules
from mcpgen.rules.providers import gce as gce_rules
from mcpgen.rules.providers import haproxy as haproxy_rules
from mcpgen.rules.providers import nginx as nginx_rules
from mcpgen.rules.providers import openshift as openshift_rules
from mcpgen.validate.manifests import Resource, dig

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
    # Every place the setting lives in the object (one per route rule, say), each judged
    # on its own; none: nothing there to judge.
    read: Callable[[Resource], tuple[Reading, ...]]
    ok: Callable[[str], bool]
    # Severity by protocol, when set to a bad value and when not set at all.
    when_bad: dict[str, Severity]
    when_unset: dict[str, Severity]
    problem: str  # "{value}" is the value as set, or the unset description
    unset: str  # how to describe the value when it is not set
    fix: str


@dataclass(frozen=True, slots=True)
class Caveat:
    """A limit that lives in the controller's own configuration, which no object in the run
    can set: said for every workload behind the provider, with where to change it."""

    code: str
    severity: dict[str, Severity]  # by protocol
    path: PathKey  # where in the claimed object the finding points
    problem: str
    fix: str


@dataclass(frozen=True, slots=True)
class ProviderPolicy:
    provider: str
    kind: str
    claims: Callable[[Resource], bool]
    # Service names it routes to, given every Service of the run (a GKE BackendConfig
    # is named by the Services that use it, not the other way round).
    backends: Callable[[Resource, list[Resource]], list[str]]
    settings: tuple[Setting, ...]
    affinity: Callable[[Resource], bool]  # does the proxy itself pin a client to a pod?
    affinity_fix: str
    caveats: tuple[Caveat, ...] = ()


def annotations_of(resource: Resource) -> dict[str, str]:
    found = dig(resource.data, "metadata", "annotations")
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def annotation(key: str) -> Callable[[Resource], tuple[Reading, ...]]:
    def read(resource: Resource) -> tuple[Reading, ...]:
        return (Reading(annotations_of(resource).get(key), ("metadata", "annotations", key)),)

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


NGINX = ProviderPolicy(
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


def _above(
    parse: Callable[[str], float | None], floor: int, zero_ok: bool = False
) -> Callable[[str], bool]:
    def ok(value: str) -> bool:
        seconds = parse(value)
        return seconds is not None and (seconds > floor or (zero_ok and seconds == 0))

    return ok


def _stream_setting(
    code: str,
    read: Callable[[Resource], tuple[Reading, ...]],
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


def _field(*path: str) -> Callable[[Resource], tuple[Reading, ...]]:
    def read(resource: Resource) -> tuple[Reading, ...]:
        value = dig(resource.data, *path)
        return (Reading(None if value is None else str(value), path),)

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


OPENSHIFT = ProviderPolicy(
    provider="OpenShift router",
    kind="Route",
    claims=lambda resource: True,
    backends=_route_backends,
    settings=(
        _stream_setting(
            "POL010",
            annotation(f"{_ROUTE}timeout"),
            _above(haproxy_rules.seconds, STREAM_TIMEOUT_FLOOR),
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


def _alb_idle(resource: Resource) -> tuple[Reading, ...]:
    key = f"{_ALB}load-balancer-attributes"
    value = _attributes(annotations_of(resource).get(key, "")).get("idle_timeout.timeout_seconds")
    return (Reading(value, ("metadata", "annotations", key)),)


ALB = ProviderPolicy(
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


GKE = ProviderPolicy(
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

TRAEFIK = ProviderPolicy(
    provider="Traefik",
    kind="Ingress",
    claims=lambda r: "traefik" in ingress_class(r) or _named(r, "traefik.ingress.kubernetes.io/"),
    backends=lambda resource, _services: ingress_backends(resource),
    settings=(),
    # Sticky cookies live on the Service, which this row does not read: assume pinned.
    affinity=lambda resource: True,
    affinity_fix="",
    caveats=(
        Caveat(
            code="POL013",
            severity={"sse": "warning", "streamable-http": "warning"},
            path=("metadata", "annotations"),
            problem="the entryPoint readTimeout is not settable per Ingress (Traefik's "
            "default, 60 s, applies unless the static configuration raises it)",
            fix="set entryPoints.<name>.transport.respondingTimeouts.readTimeout=0 in Traefik's "
            "static configuration, and a ServersTransport for upstream timeouts",
        ),
    ),
)

# --- HAProxy Kubernetes Ingress Controller --------------------------------------------------

_HAPROXY = haproxy_rules.PREFIX

HAPROXY = ProviderPolicy(
    provider="HAProxy ingress",
    kind="Ingress",
    claims=lambda r: "haproxy" in ingress_class(r) or _named(r, _HAPROXY),
    backends=lambda resource, _services: ingress_backends(resource),
    settings=(
        _stream_setting(
            "POL014",
            annotation(f"{_HAPROXY}timeout-server"),
            _above(haproxy_rules.seconds, STREAM_TIMEOUT_FLOOR),
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


def _httproute_timeouts(resource: Resource) -> tuple[Reading, ...]:
    return tuple(
        Reading(
            None if (request := dig(rule, "timeouts", "request")) is None else str(request),
            ("spec", "rules", i, "timeouts", "request"),
        )
        for i, rule in enumerate(_route_rules(resource))
    )


GATEWAY_API = ProviderPolicy(
    provider="Gateway API",
    kind="HTTPRoute",
    claims=lambda resource: True,
    backends=_httproute_backends,
    settings=(
        _stream_setting(
            "POL015",
            _httproute_timeouts,
            _above(gateway_api_rules.seconds, STREAM_TIMEOUT_FLOOR, zero_ok=True),
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


def _vs_timeouts(resource: Resource) -> tuple[Reading, ...]:
    # Only the routes that set one: unset is fine, Istio leaves the route timeout disabled.
    return tuple(
        Reading(str(http["timeout"]), ("spec", "http", i, "timeout"))
        for i, http in enumerate(_vs_routes(resource))
        if http.get("timeout") is not None
    )


ISTIO = ProviderPolicy(
    provider="Istio",
    kind="VirtualService",
    claims=lambda resource: True,
    backends=_vs_backends,
    settings=(
        _stream_setting(
            "POL016",
            _vs_timeouts,
            _above(gateway_api_rules.seconds, STREAM_TIMEOUT_FLOOR),
            "http[].timeout",
            "",
            'remove http[].timeout (disabled) or set it above the stream\'s life, e.g. "3600s"',
        ),
    ),
    # consistentHash lives on a DestinationRule, which this row does not read: assume pinned.
    affinity=lambda resource: True,
    affinity_fix="",
)

PROVIDERS: tuple[ProviderPolicy, ...] = (
    NGINX,
    OPENSHIFT,
    ALB,
    GKE,
    TRAEFIK,
    HAPROXY,
    GATEWAY_API,
    ISTIO,
)
