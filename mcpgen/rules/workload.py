"""Deployment, Service, ServiceAccount and HPA values resolved from the spec."""

from __future__ import annotations

from typing import Any

from mcpgen.model import MCPServer
from mcpgen.model.spec import DEFAULT_HPA_CPU_TARGET, MCPServerSpec, ScalingBehavior
from mcpgen.rules.security import container_security_context, pod_security_context

CONTAINER_NAME = "mcp-server"
HTTP_PORT_NAME = "http"
METRICS_PORT_NAME = "metrics"
# Probe timing: readiness gates traffic quickly, liveness waits out a slow start.
READINESS = {
    "initialDelaySeconds": 5,
    "periodSeconds": 10,
    "timeoutSeconds": 5,
    "failureThreshold": 3,
}
LIVENESS = {
    "initialDelaySeconds": 15,
    "periodSeconds": 20,
    "timeoutSeconds": 5,
    "failureThreshold": 3,
}


def _dump(model: Any) -> Any:
    return model.model_dump(by_alias=True, exclude_none=True)


def _probes(spec: MCPServerSpec) -> dict[str, Any]:
    hc = spec.health_check
    if not hc.enabled:
        return {}
    get = {"path": hc.path, "port": hc.port if hc.port is not None else HTTP_PORT_NAME}
    return {
        "readinessProbe": {"httpGet": get, **READINESS},
        "livenessProbe": {"httpGet": get, **LIVENESS},
    }


def container(spec: MCPServerSpec) -> dict[str, Any]:
    ports = [
        {
            "name": HTTP_PORT_NAME,
            "containerPort": spec.transport.config.http.port,
            "protocol": spec.service.protocol,
        }
    ]
    if spec.metrics.enabled:
        ports.append(
            {"name": METRICS_PORT_NAME, "containerPort": spec.metrics.port, "protocol": "TCP"}
        )
    out: dict[str, Any] = {"name": CONTAINER_NAME, "image": spec.image}
    if spec.command:
        out["command"] = list(spec.command)
    if spec.args:
        out["args"] = list(spec.args)
    out["ports"] = ports
    if spec.working_dir is not None:
        out["workingDir"] = spec.working_dir
    if spec.environment:
        out["env"] = [_dump(e) for e in spec.environment]
    if spec.env_from:
        out["envFrom"] = [_dump(e) for e in spec.env_from]
    if spec.resources is not None:
        out["resources"] = _dump(spec.resources)
    if spec.pod_template.volume_mounts:
        out["volumeMounts"] = [_dump(m) for m in spec.pod_template.volume_mounts]
    out["securityContext"] = container_security_context(spec.security)
    out.update(_probes(spec))
    return out


def pod_spec(server: MCPServer, grace: int | None) -> dict[str, Any]:
    spec = server.spec
    pt = spec.pod_template
    out: dict[str, Any] = {
        "serviceAccountName": pt.service_account_name or server.metadata.name,
        "automountServiceAccountToken": pt.automount_service_account_token,
        "securityContext": pod_security_context(spec.security),
    }
    if grace is not None:
        out["terminationGracePeriodSeconds"] = grace
    if pt.node_selector:
        out["nodeSelector"] = dict(sorted(pt.node_selector.items()))
    if pt.tolerations:
        out["tolerations"] = [_dump(t) for t in pt.tolerations]
    if pt.affinity:
        out["affinity"] = pt.affinity
    if pt.image_pull_secrets:
        out["imagePullSecrets"] = [_dump(s) for s in pt.image_pull_secrets]
    if pt.volumes:
        out["volumes"] = list(pt.volumes)
    out["containers"] = [container(spec)]
    return out


def service_ports(spec: MCPServerSpec) -> list[dict[str, Any]]:
    target = spec.service.target_port if spec.service.target_port is not None else HTTP_PORT_NAME
    ports = [
        {
            "name": HTTP_PORT_NAME,
            "port": spec.service.port,
            "targetPort": target,
            "protocol": spec.service.protocol,
        }
    ]
    if spec.metrics.enabled:
        ports.append(
            {
                "name": METRICS_PORT_NAME,
                "port": spec.metrics.port,
                "targetPort": METRICS_PORT_NAME,
                "protocol": "TCP",
            }
        )
    return ports


def _behavior(b: ScalingBehavior | None) -> dict[str, Any] | None:
    return None if b is None else _dump(b)


def hpa_spec(spec: MCPServerSpec) -> dict[str, Any] | None:
    hpa = spec.hpa
    if not hpa.enabled:
        return None
    metrics = []
    cpu = hpa.target_cpu_utilization_percentage
    mem = hpa.target_memory_utilization_percentage
    if cpu is None and mem is None:
        cpu = DEFAULT_HPA_CPU_TARGET
    for resource, target in (("cpu", cpu), ("memory", mem)):
        if target is not None:
            metrics.append(
                {
                    "type": "Resource",
                    "resource": {
                        "name": resource,
                        "target": {"type": "Utilization", "averageUtilization": target},
                    },
                }
            )
    out: dict[str, Any] = {
        "minReplicas": hpa.min_replicas,
        "maxReplicas": hpa.max_replicas,
        "metrics": metrics,
    }
    behavior = {
        k: v
        for k, v in (
            ("scaleUp", _behavior(hpa.scale_up_behavior)),
            ("scaleDown", _behavior(hpa.scale_down_behavior)),
        )
        if v
    }
    out["behavior"] = behavior or None
    return out
