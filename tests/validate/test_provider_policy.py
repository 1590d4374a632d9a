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
    report = check(WORKLOAD + "---\n" + ingress("traefik", "{}"))
    assert "POL013" in codes(report)


def test_nginx_without_buffering_off_and_timeouts_is_flagged() -> None:
    report = check(WORKLOAD + "---\n" + ingress("nginx", "{}"))
    assert {"POL005", "POL006", "POL007"} <= set(codes(report))
