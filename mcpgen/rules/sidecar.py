"""The operator's metrics sidecar (mcp-proxy) and its ServiceMonitor, as the operator
emits them (vitorbari/mcp-operator internal/transport/http.go, servicemonitor.go).

With metrics on, traffic goes Service -> mcp-proxy -> the server on localhost; the
proxy counts MCP requests and serves /metrics, /healthz and /readyz on the metrics
port. The sidecar's listen port follows the operator's documented rule: 8080, or
8081 when the server itself listens on 8080.
"""

from __future__ import annotations

from typing import Any

from mcpgen.model import MCPServer
from mcpgen.model.spec import MCPServerSpec
from mcpgen.rules.labels import common_labels, selector_labels

SIDECAR_NAME = "mcp-proxy"
SIDECAR_PORT_NAME = "mcp"
TLS_VOLUME = "tls-certs"
TLS_MOUNT = "/etc/tls"
# The operator's defaults when spec.sidecar.resources sets no requests.
DEFAULT_RESOURCES = {
    "requests": {"cpu": "50m", "memory": "64Mi"},
    "limits": {"cpu": "200m", "memory": "128Mi"},
}
# The operator adds it for kube-prometheus-stack, whose Prometheus selects on it.
SERVICE_MONITOR_LABELS = {"release": "monitoring"}
SCRAPE_INTERVAL = "30s"


def injected(spec: MCPServerSpec) -> bool:
    return spec.metrics.enabled and spec.sidecar.enabled


def sidecar_port(spec: MCPServerSpec) -> int:
    if spec.sidecar.port is not None:
        return spec.sidecar.port
    return 8081 if spec.transport.config.http.port == 8080 else 8080


def sidecar_container(spec: MCPServerSpec) -> dict[str, Any]:
    sc, metrics = spec.sidecar, spec.metrics.port
    args = [
        f"--target-addr=localhost:{spec.transport.config.http.port}",
        f"--listen-addr=:{sidecar_port(spec)}",
        f"--metrics-addr=:{metrics}",
        "--log-level=info",
    ]
    if sc.tls is not None and sc.tls.enabled:
        args += [
            "--tls-enabled",
            f"--tls-cert-file={TLS_MOUNT}/tls.crt",
            f"--tls-key-file={TLS_MOUNT}/tls.key",
            f"--tls-min-version={sc.tls.min_version}",
        ]
    resources = (
        sc.resources.model_dump(by_alias=True, exclude_none=True)
        if sc.resources is not None and sc.resources.requests
        else DEFAULT_RESOURCES
    )
    out: dict[str, Any] = {
        "name": SIDECAR_NAME,
        "image": sc.image,
        "args": args,
        "ports": [
            {"name": SIDECAR_PORT_NAME, "containerPort": sidecar_port(spec), "protocol": "TCP"},
            {"name": "metrics", "containerPort": metrics, "protocol": "TCP"},
        ],
        "resources": resources,
        "securityContext": {
            "runAsNonRoot": True,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "livenessProbe": {
            "httpGet": {"path": "/healthz", "port": "metrics"},
            "initialDelaySeconds": 5,
            "periodSeconds": 10,
            "timeoutSeconds": 5,
            "failureThreshold": 3,
        },
        "readinessProbe": {
            "httpGet": {"path": "/readyz", "port": "metrics"},
            "initialDelaySeconds": 5,
            "periodSeconds": 5,
            "timeoutSeconds": 3,
            "failureThreshold": 3,
        },
    }
    if sc.tls is not None and sc.tls.enabled:
        out["volumeMounts"] = [{"name": TLS_VOLUME, "mountPath": TLS_MOUNT, "readOnly": True}]
    return out


def sidecar_volumes(spec: MCPServerSpec) -> list[dict[str, Any]]:
    tls = spec.sidecar.tls
    if not injected(spec) or tls is None or not tls.enabled:
        return []
    return [{"name": TLS_VOLUME, "secret": {"secretName": tls.secret_name}}]


def service_monitor(server: MCPServer) -> dict[str, Any] | None:
    spec = server.spec
    if not (spec.metrics.enabled and spec.metrics.service_monitor):
        return None
    endpoint: dict[str, Any] = {"port": "metrics", "path": "/metrics", "interval": SCRAPE_INTERVAL}
    tls = spec.sidecar.tls
    if injected(spec) and tls is not None and tls.enabled:
        endpoint |= {"scheme": "https", "tlsConfig": {"insecureSkipVerify": True}}
    return {
        "labels": dict(sorted({**common_labels(server), **SERVICE_MONITOR_LABELS}.items())),
        "spec": {
            "selector": {"matchLabels": selector_labels(server)},
            "namespaceSelector": {"matchNames": [server.metadata.namespace]},
            "endpoints": [endpoint],
            "targetLabels": ["app.kubernetes.io/name", "app.kubernetes.io/instance"],
        },
    }
