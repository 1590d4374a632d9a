"""A hand-written SSE stack behind each provider, without the stream timeout: each is flagged.

The same stacks with the settings mcpgen renders pass, so the checks bite without
false alarms.
"""

from __future__ import annotations

import pytest

from .helpers import check, codes, line_of, manifest, only

WORKLOAD = manifest(
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: wiki, namespace: mcp}
    spec:
      replicas: 1
      selector: {matchLabels: {app: wiki}}
      strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
      template:
        metadata:
          labels: {app: wiki}
          annotations: {mcp.transport.protocol: sse}
        spec:
          terminationGracePeriodSeconds: 120
          containers:
          - name: server
            image: mcp/wiki:1
            args: [--transport, sse]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: wiki
      namespace: mcp
      annotations: {cloud.google.com/backend-config: '{"default": "wiki"}'}
    spec:
      selector: {app: wiki}
      ports: [{name: http, port: 80, targetPort: 8080}]
    """
)


def ingress(class_name: str, annotations: str) -> str:
    return manifest(
        f"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: wiki
          namespace: mcp
          annotations: {annotations}
        spec:
          ingressClassName: {class_name}
          rules:
          - http:
              paths:
              - path: /
                pathType: Prefix
                backend: {{service: {{name: wiki, port: {{number: 80}}}}}}
        """
    )


ROUTE = """
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: wiki
  namespace: mcp
  annotations: {ANNOTATIONS}
spec:
  to: {kind: Service, name: wiki}
  port: {targetPort: http}
"""
BACKEND_CONFIG = """
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata: {name: wiki, namespace: mcp}
spec: {SPEC}
"""
HTTPROUTE = """
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: wiki, namespace: mcp}
spec:
  parentRefs: [{name: public}]
  rules:
  - backendRefs: [{name: wiki, port: 80}]
    {TIMEOUTS}
"""
VIRTUAL_SERVICE = """
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wiki, namespace: mcp}
spec:
  hosts: [wiki.mcp.svc.cluster.local]
  http:
  - route: [{destination: {host: wiki.mcp.svc.cluster.local}}]
    {TIMEOUT}
"""

# provider: (front without the setting, the same front as mcpgen renders it, code, needle)
CASES = {
    "openshift": (
        ROUTE.replace("{ANNOTATIONS}", "{}"),
        ROUTE.replace("{ANNOTATIONS}", "{haproxy.router.openshift.io/timeout: 3600s}"),
        "POL010",
        "annotations",
    ),
    "openshift-bare-number": (
        # A bare number is milliseconds to HAProxy: 3600 is 3.6 s.
        ROUTE.replace("{ANNOTATIONS}", '{haproxy.router.openshift.io/timeout: "3600"}'),
        ROUTE.replace("{ANNOTATIONS}", "{haproxy.router.openshift.io/timeout: 1h}"),
        "POL010",
        "haproxy.router.openshift.io/timeout",
    ),
    "alb": (
        ingress("alb", "{alb.ingress.kubernetes.io/target-type: ip}"),
        ingress(
            "alb",
            "{alb.ingress.kubernetes.io/load-balancer-attributes: "
            "idle_timeout.timeout_seconds=3600}",
        ),
        "POL011",
        "annotations",
    ),
    "gce": (
        BACKEND_CONFIG.replace("{SPEC}", "{connectionDraining: {drainingTimeoutSec: 120}}"),
        BACKEND_CONFIG.replace("{SPEC}", "{timeoutSec: 3600}"),
        "POL012",
        "spec:",
    ),
    "haproxy": (
        ingress("haproxy", "{haproxy.org/load-balance: source}"),
        ingress("haproxy", "{haproxy.org/timeout-server: 3600s}"),
        "POL014",
        "annotations",
    ),
    "gateway-api": (
        HTTPROUTE.replace("{TIMEOUTS}", ""),
        HTTPROUTE.replace("{TIMEOUTS}", "timeouts: {request: 3600s, backendRequest: 3600s}"),
        "POL015",
        "backendRefs",
    ),
    "istio": (
        VIRTUAL_SERVICE.replace("{TIMEOUT}", "timeout: 15s"),
        VIRTUAL_SERVICE.replace("{TIMEOUT}", ""),
        "POL016",
        "timeout: 15s",
    ),
}


@pytest.mark.parametrize("provider", list(CASES))
def test_front_without_stream_timeout_is_flagged_on_its_line(provider: str) -> None:
    bad, _, code, needle = CASES[provider]
    text = WORKLOAD + "---\n" + manifest(bad)
    finding = only(check(text), code)
    assert finding.severity == "warning"
    workload_lines = len((WORKLOAD + "---\n").splitlines())
    assert finding.line == workload_lines + line_of(bad, needle)
    assert finding.fix


@pytest.mark.parametrize("provider", list(CASES))
def test_front_with_the_rendered_setting_passes(provider: str) -> None:
    _, good, code, _ = CASES[provider]
    report = check(WORKLOAD + "---\n" + manifest(good))
    assert code not in codes(report), report.findings


def test_traefik_warns_that_no_ingress_can_raise_the_entrypoint_timeout() -> None:
    # A caveat, not a setting: whatever the Ingress says, the warning stays and points at
    # the annotations, since the fix lives in Traefik's static configuration.
    for given in ("{}", "{traefik.ingress.kubernetes.io/router.entrypoints: web}"):
        finding = only(check(WORKLOAD + "---\n" + ingress("traefik", given)), "POL013")
        assert finding.severity == "warning"
        assert "not settable per Ingress" in finding.message
        assert "readTimeout=0" in finding.fix


HTTPROUTE_RULES = """
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: wiki, namespace: mcp}
spec:
  parentRefs: [{name: public}]
  rules:
  - backendRefs: [{name: wiki, port: 80}]
    timeouts: {request: 10s}
  - backendRefs: [{name: wiki, port: 80}]
    timeouts: {request: 0s}
  - backendRefs: [{name: wiki, port: 80}]
  - backendRefs: [{name: wiki, port: 80}]
    timeouts: {request: 1h30m}
"""
VIRTUAL_SERVICE_ROUTES = """
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wiki, namespace: mcp}
spec:
  hosts: [wiki.mcp.svc.cluster.local]
  http:
  - route: [{destination: {host: wiki.mcp.svc.cluster.local}}]
    timeout: 15s
  - route: [{destination: {host: wiki.mcp.svc.cluster.local}}]
  - route: [{destination: {host: wiki.mcp.svc.cluster.local}}]
    timeout: 60s
  - route: [{destination: {host: wiki.mcp.svc.cluster.local}}]
    timeout: 1h
"""


def test_every_route_rule_short_of_the_stream_is_its_own_finding() -> None:
    # Rule 0 is too short and rule 2 has no timeout; "0s" (disabled) and 1h30m pass.
    found = [
        f
        for f in check(WORKLOAD + "---\n" + manifest(HTTPROUTE_RULES)).findings
        if f.code == "POL015"
    ]
    assert [(f.line, "'10s'" in f.message) for f in found] == [
        (len((WORKLOAD + "---\n").splitlines()) + line_of(HTTPROUTE_RULES, "request: 10s"), True),
        (
            len((WORKLOAD + "---\n").splitlines())
            + line_of(HTTPROUTE_RULES, "- backendRefs", after="request: 0s"),
            False,
        ),
    ]


def test_every_istio_route_timeout_too_short_is_its_own_finding() -> None:
    # An unset timeout is disabled in Istio, so only the two at or below the floor are flagged.
    found = [
        f
        for f in check(WORKLOAD + "---\n" + manifest(VIRTUAL_SERVICE_ROUTES)).findings
        if f.code == "POL016"
    ]
    offset = len((WORKLOAD + "---\n").splitlines())
    assert [f.line for f in found] == [
        offset + line_of(VIRTUAL_SERVICE_ROUTES, "timeout: 15s"),
        offset + line_of(VIRTUAL_SERVICE_ROUTES, "timeout: 60s"),
    ]


def test_nginx_without_buffering_off_and_timeouts_is_flagged() -> None:
    report = check(WORKLOAD + "---\n" + ingress("nginx", "{}"))
    assert {"POL005", "POL006", "POL007"} <= set(codes(report))


# --- does the front pin a client to one pod by itself? -----------------------------------
# A scaled-out SSE workload whose Service has no ClientIP affinity needs the front's own
# (else POL003); with ClientIP on the Service, a front that does not pin bypasses it
# (POL008, with the provider's fix). Each case is the provider's documented setting,
# set, unset and set to something else.

SCALED = WORKLOAD.replace("replicas: 1", "replicas: 3")
SERVICE_AFFINITY = SCALED.replace(
    "  selector: {app: wiki}\n", "  selector: {app: wiki}\n  sessionAffinity: ClientIP\n"
)
OS = "haproxy.router.openshift.io/"
ALB = "alb.ingress.kubernetes.io/"
TG = f"{ALB}target-group-attributes"


def route(annotations: str) -> str:
    return ROUTE.replace("{ANNOTATIONS}", annotations)


def backend_config(spec: str) -> str:
    return BACKEND_CONFIG.replace("{SPEC}", spec)


# (front, does it pin clients by itself?)
FRONTS = {
    # The router's cookie pins cookie-keeping clients unless it is turned off.
    "openshift-default-cookie": (route("{}"), True),
    "openshift-cookies-off": (route(f'{{{OS}disable_cookies: "true"}}'), False),
    "openshift-cookies-on": (route(f'{{{OS}disable_cookies: "false"}}'), True),
    "openshift-source": (route(f'{{{OS}disable_cookies: "true", {OS}balance: source}}'), True),
    "openshift-roundrobin": (
        route(f'{{{OS}disable_cookies: "true", {OS}balance: roundrobin}}'),
        False,
    ),
    "alb-none": (ingress("alb", f"{{{ALB}target-type: ip}}"), False),
    "alb-sticky": (
        ingress("alb", f'{{{TG}: "stickiness.type=lb_cookie, stickiness.enabled=true"}}'),
        True,
    ),
    "alb-sticky-off": (
        ingress("alb", f'{{{TG}: "stickiness.enabled=false"}}'),
        False,
    ),
    "alb-other-attribute": (
        ingress("alb", f'{{{TG}: "deregistration_delay.timeout_seconds=30"}}'),
        False,
    ),
    "gke-none": (backend_config("{timeoutSec: 3600}"), False),
    "gke-client-ip": (backend_config("{sessionAffinity: {affinityType: CLIENT_IP}}"), True),
    "gke-cookie": (backend_config("{sessionAffinity: {affinityType: GENERATED_COOKIE}}"), True),
    "gke-explicit-none": (backend_config("{sessionAffinity: {affinityType: NONE}}"), False),
    "haproxy-none": (ingress("haproxy", "{haproxy.org/timeout-server: 3600s}"), False),
    "haproxy-source": (ingress("haproxy", "{haproxy.org/load-balance: source}"), True),
    "haproxy-roundrobin": (ingress("haproxy", "{haproxy.org/load-balance: roundrobin}"), False),
    "haproxy-cookie": (ingress("haproxy", "{haproxy.org/cookie-persistence: mcp}"), True),
    "gateway-api-none": (HTTPROUTE.replace("{TIMEOUTS}", ""), False),
    "gateway-api-session": (
        HTTPROUTE.replace("{TIMEOUTS}", "sessionPersistence: {sessionName: mcp, type: Cookie}"),
        True,
    ),
}


@pytest.mark.parametrize("front", list(FRONTS))
def test_without_service_affinity_only_a_pinning_front_avoids_pol003(front: str) -> None:
    text, pins = FRONTS[front]
    report = check(SCALED + "---\n" + manifest(text))
    assert ("POL003" in codes(report)) is not pins, report.findings


@pytest.mark.parametrize("front", list(FRONTS))
def test_with_service_affinity_a_front_that_does_not_pin_bypasses_it(front: str) -> None:
    text, pins = FRONTS[front]
    assert "sessionAffinity: ClientIP" in SERVICE_AFFINITY
    report = check(SERVICE_AFFINITY + "---\n" + manifest(text))
    assert "POL003" not in codes(report)
    if pins:
        assert "POL008" not in codes(report), report.findings
    else:
        bypass = only(report, "POL008")
        assert bypass.fix and "ClientIP affinity never applies" in bypass.message
