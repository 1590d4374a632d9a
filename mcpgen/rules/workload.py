"""Deployment, Service, ServiceAccount and HPA values resolved from the spec."""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Finding
from mcpgen.model import MCPServer
from mcpgen.model.spec import DEFAULT_HPA_CPU_TARGET, MCPServerSpec, ScalingBehavior
from mcpgen.rules.labels import selector_labels
from mcpgen.rules.scale import scaled_out
from mcpgen.rules.security import (
    container_security_context,
    mount_path,
    pod_security_context,
    user_mount_paths,
)
from mcpgen.rules.sidecar import (
    SIDECAR_PORT_NAME,
    injected,
    sidecar_container,
    sidecar_volumes,
)
from mcpgen.rules.stdio import (
    STATUS_PATH,
    bridge_args,
    bridge_command,
    bridge_mount,
    bridge_volume,
    bridged,
    cache_env,
    injected_bridge,
    injector_container,
    liveness_check,
    liveness_on,
    startup_failure_threshold,
)
from mcpgen.upstream import KUBERNETES_GRACE_SECONDS

CONTAINER_NAME = "mcp-server"
HTTP_PORT_NAME = "http"
METRICS_PORT_NAME = "metrics"
# The scratch volumes' names: prefixed so they never meet a user's volume names.
TMP_VOLUME = "mcp-tmp"
HOME_VOLUME = "mcp-home"


def _dump(model: Any) -> Any:
    return model.model_dump(by_alias=True, exclude_none=True)


def _probes(spec: MCPServerSpec) -> dict[str, Any]:
    """TCP on the MCP port unless a health path is named: a stock server passes that.

    MCP endpoints answer only POST (GET gives 405, or an endless SSE stream), so
    they can never be an HTTP probe; a TCP connect proves the server listens. The
    stdio bridge has a health path of its own, and a liveness check that reaches the
    child (rules/stdio.py).
    """
    hc = spec.health_check
    if not hc.enabled:
        return {}
    port = hc.port if hc.port is not None else HTTP_PORT_NAME
    path = hc.path if hc.path is not None or not bridged(spec) else STATUS_PATH
    check: dict[str, Any] = (
        {"httpGet": {"path": path, "port": port}}
        if path is not None
        else {"tcpSocket": {"port": port}}
    )
    startup = {**_dump(hc.startup), "failureThreshold": startup_failure_threshold(spec)}
    out = {
        "startupProbe": {**check, **startup},
        "readinessProbe": {**check, **_dump(hc.readiness)},
    }
    if liveness_on(spec):
        timing = {k: v for k, v in _dump(hc.liveness).items() if k != "enabled"}
        alive = liveness_check(spec) if bridged(spec) else check
        out["livenessProbe"] = {**alive, **timing}
    return out


def _env(spec: MCPServerSpec) -> list[dict[str, Any]]:
    env = [_dump(e) for e in spec.environment]
    home = spec.scratch.home
    if home is not None and not any(e.name == "HOME" for e in spec.environment):
        env.append({"name": "HOME", "value": home})
    if bridged(spec):
        env += cache_env(spec)
    return env


def _scratch(spec: MCPServerSpec) -> list[tuple[str, str]]:
    """(volume, mount path) of each scratch folder, unless the user mounts that path."""
    taken = user_mount_paths(spec)
    wanted = [(TMP_VOLUME, "/tmp")] if spec.scratch.tmp else []
    if spec.scratch.home is not None:
        wanted.append((HOME_VOLUME, spec.scratch.home))
    return [(v, p) for v, p in wanted if mount_path(p) not in taken]


def topology_spread(server: MCPServer) -> list[Any]:
    """Replicas on different nodes when there are several: one node's drain or failure
    then cuts only its own streams. Soft, so a one-node cluster still schedules them."""
    spec = server.spec
    if spec.pod_template.topology_spread_constraints is not None:
        return list(spec.pod_template.topology_spread_constraints)
    if not scaled_out(spec):
        return []
    return [
        {
            "maxSkew": 1,
            "topologyKey": "kubernetes.io/hostname",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {"matchLabels": selector_labels(server)},
            # Spread each rollout's new pods on their own, not against the old ones.
            "matchLabelKeys": ["pod-template-hash"],
        }
    ]


def pre_stop(spec: MCPServerSpec) -> dict[str, Any] | None:
    seconds = spec.drain.pre_stop_seconds
    return {"preStop": {"sleep": {"seconds": seconds}}} if seconds else None


def container(spec: MCPServerSpec) -> dict[str, Any]:
    ports = [
        {
            "name": HTTP_PORT_NAME,
            "containerPort": spec.transport.config.http.port,
            "protocol": spec.service.protocol,
        }
    ]
    if spec.metrics.enabled and not injected(spec):  # else the sidecar serves them
        ports.append(
            {"name": METRICS_PORT_NAME, "containerPort": spec.metrics.port, "protocol": "TCP"}
        )
    out: dict[str, Any] = {"name": CONTAINER_NAME, "image": spec.image}
    if spec.image_pull_policy is not None:
        out["imagePullPolicy"] = spec.image_pull_policy
    if bridged(spec):
        out["command"], out["args"] = bridge_command(spec), bridge_args(spec)
    else:
        if spec.command:
            out["command"] = list(spec.command)
        if spec.args:
            out["args"] = list(spec.args)
    out["ports"] = ports
    if spec.working_dir is not None:
        out["workingDir"] = spec.working_dir
    if env := _env(spec):
        out["env"] = env
    if spec.env_from:
        out["envFrom"] = [_dump(e) for e in spec.env_from]
    if spec.resources is not None:
        out["resources"] = _dump(spec.resources)
    mounts = [_dump(m) for m in spec.pod_template.volume_mounts]
    mounts += [{"name": v, "mountPath": p} for v, p in _scratch(spec)]
    if injected_bridge(spec):
        mounts.append(bridge_mount())
    if mounts:
        out["volumeMounts"] = mounts
    out["securityContext"] = container_security_context(spec.security)
    out.update(_probes(spec))
    if lifecycle := pre_stop(spec):
        out["lifecycle"] = lifecycle
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
    if spread := topology_spread(server):
        out["topologySpreadConstraints"] = spread
    if pt.image_pull_secrets:
        out["imagePullSecrets"] = [_dump(s) for s in pt.image_pull_secrets]
    size = spec.scratch.size_limit
    volumes = [
        *pt.volumes,
        *({"name": v, "emptyDir": {"sizeLimit": size}} for v, _ in _scratch(spec)),
        *sidecar_volumes(spec),
    ]
    if injected_bridge(spec):
        volumes.append(bridge_volume())
    if volumes:
        out["volumes"] = volumes
    if injected_bridge(spec):
        out["initContainers"] = [injector_container(spec)]
    out["containers"] = [container(spec)]
    if injected(spec):
        out["containers"].append(sidecar_container(spec))
    return out


def mcp_port_name(spec: MCPServerSpec) -> str:
    """The container port MCP traffic enters the pod at: the sidecar's when injected."""
    return SIDECAR_PORT_NAME if injected(spec) else HTTP_PORT_NAME


def service_ports(spec: MCPServerSpec, app_protocol: str | None = None) -> list[dict[str, Any]]:
    default = mcp_port_name(spec)
    target = spec.service.target_port if spec.service.target_port is not None else default
    mcp: dict[str, Any] = {
        "name": HTTP_PORT_NAME,
        "port": spec.service.port,
        "targetPort": target,
        "protocol": spec.service.protocol,
    }
    if app_protocol is not None:
        mcp["appProtocol"] = app_protocol
    ports = [mcp]
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


def workload_diagnostics(spec: MCPServerSpec, grace: int | None) -> list[Finding]:
    """Probes, drain and scaling checked against each other."""
    out: list[Finding] = []
    hc = spec.health_check
    if not hc.enabled:
        out.append(
            Finding(
                "HLT001",
                "warning",
                "healthCheck is off: pods count as ready the moment they start, so a rollout "
                "(maxUnavailable 0 included) and the PodDisruptionBudget protect no open stream",
                "remove healthCheck.enabled: false (the default readiness check is a TCP "
                "connect to the MCP port, which every server passes)",
                "spec.healthCheck.enabled",
            )
        )
    elif hc.liveness.enabled:
        out.append(
            Finding(
                "HLT002",
                "info",
                "liveness is on: each restart it causes drops every open stream of the pod",
                "keep its failureThreshold and periodSeconds generous",
                "spec.healthCheck.liveness.enabled",
            )
        )
    effective = grace if grace is not None else KUBERNETES_GRACE_SECONDS
    if spec.drain.pre_stop_seconds and spec.drain.pre_stop_seconds >= effective:
        out.append(
            Finding(
                "DRN001",
                "error",
                f"drain.preStopSeconds ({spec.drain.pre_stop_seconds}) is not shorter than the "
                f"termination grace period ({effective} s): the kubelet kills the pod before "
                "the pause ends, and the server never gets SIGTERM to finish its streams",
                "lower drain.preStopSeconds, or raise "
                "transport.config.http.sse.terminationGracePeriodSeconds (SSE)",
                "spec.drain.preStopSeconds",
            )
        )
    out += _hpa_diagnostics(spec)
    return out


def _hpa_diagnostics(spec: MCPServerSpec) -> list[Finding]:
    hpa = spec.hpa
    if not hpa.enabled:
        return []
    requests = (spec.resources.requests if spec.resources else None) or {}
    cpu = hpa.target_cpu_utilization_percentage
    if cpu is None and hpa.target_memory_utilization_percentage is None:
        cpu = DEFAULT_HPA_CPU_TARGET
    out = []
    for resource, target in (("cpu", cpu), ("memory", hpa.target_memory_utilization_percentage)):
        if target is not None and resource not in requests:
            out.append(
                Finding(
                    "HPA001",
                    "warning",
                    f"the HPA targets {target}% {resource} utilization, but the container "
                    f"requests no {resource}: utilization is a share of the request, so the "
                    "HPA cannot compute it and never scales",
                    f"set resources.requests.{resource}",
                    f"spec.resources.requests.{resource}",
                )
            )
    return out
