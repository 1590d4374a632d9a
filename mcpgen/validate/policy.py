"""The SSE rules of DESIGN.md, checked on manifests written by anyone.

Each check takes one MCP workload (see workloads.py) and returns findings; none
prints. The codes are stable; CODES below is their one table.

Why the timeouts are warnings: proxy-read-timeout counts the time between two
reads, not the stream's life, so a server that sends keep-alive comments (the
MCP Python SDK's SSE transport pings every 15 s) survives 60 s; a silent one is
cut. The manifests cannot say which kind of server runs, so it is a risk to
flag, not a certain break. Buffering set to anything but "off" holds every
event back, a certain break for SSE (error); unset, the controller's ConfigMap
decides (its default is off), so that is a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mcpgen.diagnostics import Finding, PathKey, Severity, dotted
from mcpgen.model.spec import SSEConfig
from mcpgen.rules.pdb import pods
from mcpgen.rules.transport import PROTOCOL_ANNOTATION
from mcpgen.upstream import KUBERNETES_GRACE_SECONDS, KUBERNETES_MAX_UNAVAILABLE
from mcpgen.validate.manifests import Resource, dig
from mcpgen.validate.workloads import Frontend, Workload


@dataclass(frozen=True, slots=True)
class Code:
    severity: str
    applies_to: str  # "sse", or "any" MCP workload
    finding: str


# Less than this and an SSE stream has no time to finish when its pod stops.
MIN_GRACE_SECONDS = 60

CODES: dict[str, Code] = {
    "POL001": Code(
        "error",
        "sse",
        "the rollout can stop a pod before its replacement is ready: not RollingUpdate with "
        f"maxUnavailable 0 (Recreate, or the default {KUBERNETES_MAX_UNAVAILABLE})",
    ),
    "POL002": Code(
        "warning",
        "sse",
        f"terminationGracePeriodSeconds unset (Kubernetes' {KUBERNETES_GRACE_SECONDS}) or below "
        f"{MIN_GRACE_SECONDS}: open streams are cut on every rollout and drain",
    ),
    "POL003": Code(
        "warning",
        "sse",
        "more than one replica (or an HPA) with neither Service ClientIP affinity nor "
        "proxy-level affinity: a client's POST lands on a pod without its stream",
    ),
    "POL004": Code(
        "error",
        "any",
        "a PodDisruptionBudget blocks every voluntary eviction (minAvailable >= replicas, or "
        "maxUnavailable 0): node drains hang",
    ),
    "POL005": Code("warning", "any", "ingress-nginx proxy-read-timeout unset or <= 60 s"),
    "POL006": Code("warning", "any", "ingress-nginx proxy-send-timeout unset or <= 60 s"),
    "POL007": Code(
        "error for sse, warning for streamable-http; warning when unset",
        "any",
        'ingress-nginx proxy-buffering not "off": events wait in the proxy\'s buffer',
    ),
    "POL008": Code(
        "warning",
        "sse",
        "Service ClientIP affinity behind a proxy that sends to pod endpoints (ingress-nginx, "
        "the ALB, the OpenShift router, ...) without affinity of its own",
    ),
    "POL018": Code(
        "error for sse, warning for streamable-http",
        "any",
        "no container has a readiness probe: pods are ready before they listen",
    ),
    "POL017": Code("info", "sse", "legacy HTTP+SSE: Deprecated as of MCP 2026-07-28 (SEP-2596)"),
    "POL009": Code(
        "warning", "any", "transport signals disagree (annotation vs args, env or paths)"
    ),
    "POL010": Code("warning", "any", "OpenShift Route timeout unset (router's 30 s) or <= 60 s"),
    "POL011": Code("warning", "any", "AWS ALB idle_timeout unset (60 s) or <= 60 s"),
    "POL012": Code("warning", "any", "GKE BackendConfig timeoutSec unset (30 s) or <= 60 s"),
    "POL013": Code(
        "warning", "any", "Traefik: the entryPoint readTimeout (60 s) cannot be raised per Ingress"
    ),
    "POL014": Code("warning", "any", "HAProxy ingress timeout-server unset (50 s) or <= 60 s"),
    "POL015": Code(
        "warning", "any", "Gateway API HTTPRoute timeouts.request unset or <= 60 s (0s is fine)"
    ),
    "POL016": Code("warning", "any", "Istio VirtualService http[].timeout set to <= 60 s"),
}
_SSE = SSEConfig.model_fields
SSE_ROLLOUT_FIX = (
    "strategy: {type: RollingUpdate, rollingUpdate: "
    f"{{maxSurge: {_SSE['max_surge'].default}, maxUnavailable: 0}}}}"
)


def _finding(
    code: str,
    severity: Severity,
    resource: Resource,
    path: PathKey,
    message: str,
    fix: str,
    *,
    key: bool = True,  # a field's own line, where its key is, even for a mapping
) -> Finding:
    return Finding(
        code,
        severity,
        message,
        fix=fix,
        field=dotted(path),
        resource=str(resource.signature),
        file=resource.file,
        line=resource.line_of(path, key=key),
    )


def _is_zero(value: object) -> bool:
    return value == 0 or (isinstance(value, str) and value.strip() in ("0", "0%"))


def check_rollout(w: Workload) -> list[Finding]:
    if w.protocol != "sse":
        return []
    if w.kind == "StatefulSet":
        return [
            _finding(
                "POL001",
                "error",
                w.controller,
                ("kind",),
                "SSE workload: a StatefulSet rollout always stops a pod, and its open streams, "
                "before the replacement starts (it cannot surge)",
                "run the SSE server as a Deployment with maxUnavailable 0, or move it to "
                "Streamable HTTP",
            )
        ]
    if w.kind == "DaemonSet":
        return _daemonset_rollout(w)
    strategy = dig(w.controller.data, "spec", "strategy")
    kind = dig(strategy, "type") or "RollingUpdate"
    unavailable = dig(strategy, "rollingUpdate", "maxUnavailable")
    if kind == "RollingUpdate" and _is_zero(unavailable):
        return []
    if kind != "RollingUpdate":
        path: PathKey = ("spec", "strategy", "type")
        problem = f"strategy {kind} stops every pod, and every open stream, before new ones start"
    elif unavailable is None:
        path = ("spec", "strategy")
        problem = (
            f"maxUnavailable is unset, so Kubernetes' {KUBERNETES_MAX_UNAVAILABLE} applies: "
            "a rollout stops pods holding open streams before their replacements are ready"
        )
    else:
        path = ("spec", "strategy", "rollingUpdate", "maxUnavailable")
        problem = (
            f"maxUnavailable is {unavailable}: a rollout stops pods holding open streams "
            "before their replacements are ready"
        )
    return [
        _finding("POL001", "error", w.controller, path, f"SSE workload: {problem}", SSE_ROLLOUT_FIX)
    ]


def _daemonset_rollout(w: Workload) -> list[Finding]:
    """A DaemonSet surges only when told: maxSurge defaults to 0, maxUnavailable to 1."""
    strategy = dig(w.controller.data, "spec", "updateStrategy")
    kind = dig(strategy, "type") or "RollingUpdate"
    rolling = dig(strategy, "rollingUpdate")
    unavailable, surge = dig(rolling, "maxUnavailable"), dig(rolling, "maxSurge")
    if kind == "RollingUpdate" and _is_zero(unavailable) and surge is not None:
        return []
    path: PathKey = ("spec", "updateStrategy") if strategy is not None else ("spec",)
    problem = (
        f"updateStrategy {kind} replaces each node's pod without a surge"
        if kind != "RollingUpdate"
        else "the rollout stops each node's pod before its replacement is ready (maxUnavailable "
        f"{'1, the default' if unavailable is None else unavailable}, maxSurge "
        f"{'0, the default' if surge is None else surge})"
    )
    return [
        _finding(
            "POL001",
            "error",
            w.controller,
            path,
            f"SSE workload: {problem}",
            "set spec.updateStrategy.rollingUpdate to maxSurge: 1 and maxUnavailable: 0",
        )
    ]


def check_deprecated(w: Workload) -> list[Finding]:
    if w.protocol != "sse":
        return []
    return [
        _finding(
            "POL017",
            "info",
            w.controller,
            ("spec", "template"),
            "legacy HTTP+SSE workload: the transport is Deprecated as of MCP 2026-07-28 (SEP-2596)",
            "serve Streamable HTTP at /mcp (an mcp 2.x server answers 2025 and 2026 clients on "
            "one URL), then drop the SSE rules",
        )
    ]


def check_readiness(w: Workload) -> list[Finding]:
    """No readiness probe: a pod counts as ready when it starts, before it listens."""
    pod = ("spec", "template", "spec")
    containers = dig(w.controller.data, *pod, "containers")
    if not isinstance(containers, list) or any(
        isinstance(c, dict) and c.get("readinessProbe") for c in containers
    ):
        return []
    return [
        _finding(
            "POL018",
            "error" if w.protocol == "sse" else "warning",
            w.controller,
            (*pod, "containers"),
            f"{w.protocol} workload with no readiness probe: each pod counts as ready the "
            "moment it starts, so a rollout (maxUnavailable 0 included) and a "
            "PodDisruptionBudget protect no open stream",
            "add a readinessProbe: tcpSocket on the MCP port (MCP endpoints answer only POST, "
            "so they are no httpGet target)",
        )
    ]


def check_grace(w: Workload) -> list[Finding]:
    if w.protocol != "sse":
        return []
    pod = ("spec", "template", "spec")
    grace = dig(w.controller.data, *pod, "terminationGracePeriodSeconds")
    if isinstance(grace, int) and not isinstance(grace, bool) and grace >= MIN_GRACE_SECONDS:
        return []
    shown = (
        f"unset (Kubernetes' default, {KUBERNETES_GRACE_SECONDS} s)"
        if grace is None
        else f"{grace} s"
    )
    path = (*pod, "terminationGracePeriodSeconds") if grace is not None else pod
    return [
        _finding(
            "POL002",
            "warning",
            w.controller,
            path,
            f"SSE workload: terminationGracePeriodSeconds is {shown}: open streams are cut "
            "when a pod stops for a rollout or a drain",
            f"set terminationGracePeriodSeconds to {MIN_GRACE_SECONDS} or more (mcpgen uses "
            f"{_SSE['termination_grace_period_seconds'].default})",
        )
    ]


def _service_affinity(w: Workload) -> bool:
    return any(dig(s.data, "spec", "sessionAffinity") == "ClientIP" for s in w.services)


def _scale_path(w: Workload) -> tuple[Resource, PathKey]:
    if w.hpa is not None:
        return w.hpa, ("spec", "maxReplicas")
    return w.controller, ("spec", "replicas")


def check_affinity(w: Workload) -> list[Finding]:
    if w.protocol != "sse" or not w.scaled_out:
        return []
    service = _service_affinity(w)
    out = []
    if not service and not any(p.policy.affinity(p.resource) for p in w.frontends):
        resource, path = _scale_path(w)
        who = (
            "more than one pod serves this legacy SSE server"
            if resource is w.controller
            else f"this HPA scales legacy SSE workload {w.controller.signature} past one pod"
        )
        out.append(
            _finding(
                "POL003",
                "warning",
                resource,
                path,
                f"{who} without session affinity: a client's POST to the message endpoint can "
                "land on a pod that does not hold its stream, and the session breaks",
                "set the Service's sessionAffinity: ClientIP (and affinity on the proxy), or "
                "run one replica",
            )
        )
    if service:
        out.extend(_bypassed(w, p) for p in w.frontends if not p.policy.affinity(p.resource))
    return out


def _bypassed(w: Workload, frontend: Frontend) -> Finding:
    return _finding(
        "POL008",
        "warning",
        frontend.resource,
        ("metadata", "annotations"),
        f"{frontend.policy.provider} sends traffic straight to the pods of SSE workload "
        f"{w.controller.signature}, so the Service's ClientIP affinity never applies to it",
        frontend.policy.affinity_fix,
    )


def check_pdbs(w: Workload) -> list[Finding]:
    floor = w.replica_floor
    if floor < 1:
        return []  # scaled to zero: no pod for a budget to hold back
    out = []
    for pdb in w.pdbs:
        spec = dig(pdb.data, "spec") or {}
        if "maxUnavailable" in spec:
            path: PathKey = ("spec", "maxUnavailable")
            if pods(spec["maxUnavailable"], floor) != 0:
                continue
            problem = f"maxUnavailable {spec['maxUnavailable']} lets no pod be evicted"
            fix = "set maxUnavailable: 1"
        elif "minAvailable" in spec:
            path = ("spec", "minAvailable")
            wanted = pods(spec["minAvailable"], floor)
            if wanted is None or wanted < floor:
                continue
            problem = (
                f"minAvailable {spec['minAvailable']} is not below the {floor} replica(s) of "
                f"{w.controller.signature}, so no pod can be evicted"
            )
            fix = f"set minAvailable below {floor} (e.g. {max(floor - 1, 0)}), or run more replicas"
        else:
            continue
        out.append(
            _finding(
                "POL004",
                "error",
                pdb,
                path,
                f"{problem}: node drains and cluster upgrades hang",
                fix,
            )
        )
    return out


def check_proxies(w: Workload) -> list[Finding]:
    out = []
    for frontend in w.frontends:
        for setting in frontend.policy.settings:
            for reading in setting.read(frontend.resource):
                if reading.value is not None and setting.ok(reading.value):
                    continue
                if reading.value is None:
                    severity = setting.when_unset[w.protocol]
                    shown = setting.unset
                    path = reading.path[:-1] if reading.path else reading.path
                else:
                    severity = setting.when_bad[w.protocol]
                    shown = repr(reading.value)
                    path = reading.path
                out.append(
                    _finding(
                        setting.code,
                        severity,
                        frontend.resource,
                        path,
                        f"{frontend.policy.provider} in front of {w.protocol} workload "
                        f"{w.controller.signature}: {setting.problem.format(value=shown)}",
                        setting.fix,
                    )
                )
        for caveat in frontend.policy.caveats:
            out.append(
                _finding(
                    caveat.code,
                    caveat.severity[w.protocol],
                    frontend.resource,
                    caveat.path,
                    f"{frontend.policy.provider} in front of {w.protocol} workload "
                    f"{w.controller.signature}: {caveat.problem}",
                    caveat.fix,
                )
            )
    return out


def check_signals(w: Workload) -> list[Finding]:
    out = []
    annotations = ("spec", "template", "metadata", "annotations", PROTOCOL_ANNOTATION)
    for signal in w.inference.conflicts:
        out.append(
            _finding(
                "POL009",
                "warning",
                w.controller,
                annotations if w.inference.source == "annotation" else ("spec", "template"),
                f"{signal.source} says {signal.protocol} ({signal.evidence}) but "
                f"{w.inference.source} says {w.inference.protocol}",
                f"make the {PROTOCOL_ANNOTATION} annotation, args, env and paths agree",
            )
        )
    return out


CHECKS: tuple[Callable[[Workload], list[Finding]], ...] = (
    check_deprecated,
    check_readiness,
    check_rollout,
    check_grace,
    check_affinity,
    check_pdbs,
    check_proxies,
    check_signals,
)


def check_workload(w: Workload) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(w)]
