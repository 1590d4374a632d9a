"""Which fronts pin a client to one pod by themselves, provider by provider.

A scaled-out SSE workload whose Service has no ClientIP affinity needs the proxy's own
affinity (else POL003); one whose Service has it needs the proxy not to bypass the
Service (else POL008, with the provider's fix). Each case below is the provider's
documented setting, set, unset and set to something else.
"""

from __future__ import annotations

import pytest

from .helpers import check, codes, manifest, only

WORKLOAD = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: wiki, namespace: mcp}
spec:
  replicas: 3
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
        readinessProbe: {tcpSocket: {port: 8080}}
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
AFFINITY
---
"""


def ingress(class_name: str, annotations: str) -> str:
    return f"""
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
      - {{path: /, pathType: Prefix, backend: {{service: {{name: wiki, port: {{number: 80}}}}}}}}
"""


def route(annotations: str) -> str:
    return f"""
apiVersion: route.openshift.io/v1
kind: Route
metadata: {{name: wiki, namespace: mcp, annotations: {annotations}}}
spec: {{to: {{kind: Service, name: wiki}}, port: {{targetPort: http}}}}
"""


def backend_config(spec: str) -> str:
    return f"""
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata: {{name: wiki, namespace: mcp}}
spec: {spec}
"""


def httproute(rules: str) -> str:
    return f"""
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: wiki, namespace: mcp}}
spec:
  parentRefs: [{{name: public}}]
  rules: {rules}
"""


OS = "haproxy.router.openshift.io/"
ALB = "alb.ingress.kubernetes.io/"
TG = f"{ALB}target-group-attributes"
STICKY = "sessionPersistence: {sessionName: mcp, type: Cookie}"
BACKEND = "backendRefs: [{name: wiki, port: 80}]"

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
    "gateway-api-none": (httproute(f"[{{{BACKEND}}}]"), False),
    "gateway-api-session": (httproute(f"[{{{BACKEND}, {STICKY}}}]"), True),
}


@pytest.mark.parametrize("front", list(FRONTS))
def test_without_service_affinity_only_a_pinning_front_avoids_pol003(front: str) -> None:
    text, pins = FRONTS[front]
    report = check(manifest(WORKLOAD.replace("AFFINITY", "") + text))
    assert ("POL003" in codes(report)) is not pins, report.findings


@pytest.mark.parametrize("front", list(FRONTS))
def test_with_service_affinity_a_front_that_does_not_pin_bypasses_it(front: str) -> None:
    text, pins = FRONTS[front]
    report = check(manifest(WORKLOAD.replace("AFFINITY", "  sessionAffinity: ClientIP") + text))
    assert "POL003" not in codes(report)
    if pins:
        assert "POL008" not in codes(report), report.findings
    else:
        bypass = only(report, "POL008")
        assert bypass.fix and "ClientIP affinity never applies" in bypass.message
