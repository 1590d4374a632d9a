"""The resolved plan: everything the templates place, and nothing they decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcpgen.detect.era import Era
from mcpgen.detect.infer import Inference
from mcpgen.diagnostics import Finding

Obj = dict[str, Any]  # a Kubernetes object body, placed as it is


@dataclass(frozen=True, slots=True)
class DeploymentPlan:
    """The Deployment's decided parts: replicas, rollout and the pod."""

    replicas: int | None  # None: an HPA owns the count
    strategy: Obj | None  # None: Kubernetes' default rollout
    pod_labels: dict[str, str]
    pod_annotations: dict[str, str]
    pod: Obj  # the pod spec

    @property
    def max_surge(self) -> int | str | None:
        """The rollout's maxSurge when mcpgen sets the strategy (maxUnavailable is then 0)."""
        if self.strategy is None:
            return None
        surge: int | str = self.strategy["rollingUpdate"]["maxSurge"]
        return surge

    @property
    def grace_seconds(self) -> int | None:
        """terminationGracePeriodSeconds when set; None: Kubernetes' default."""
        grace: int | None = self.pod.get("terminationGracePeriodSeconds")
        return grace


@dataclass(frozen=True, slots=True)
class ServicePlan:
    """The Service's decided parts: type, ports and affinity."""

    type: str
    annotations: dict[str, str]
    ports: list[Obj]
    source_ranges: list[str]  # loadBalancerSourceRanges; empty unless a LoadBalancer
    session_affinity: bool  # ClientIP
    affinity_timeout: int  # seconds, when session_affinity


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the templates render for one server, every rule already applied."""

    name: str
    namespace: str
    inference: Inference
    era: Era | None  # None: the spec lists no revisions, so the 2025 rules hold
    path: str  # the endpoint clients and the probe use
    labels: Obj
    selector: Obj
    sse_applied: bool
    affinity: bool  # one decision, honoured by the Service and the proxy
    annotations: Obj  # the operator's transport annotations (pods and Service)
    service_account: Obj | None  # None: the spec names an existing one
    deployment: DeploymentPlan
    service: ServicePlan
    pdb: Obj | None
    hpa: Obj | None
    network_policy: Obj | None
    service_monitor: Obj | None
    provider: str | None  # the ingress controller, router or mesh, when exposed
    proxy: dict[str, Obj | None]  # PROXY_KINDS -> object body, or None when not emitted
    diagnostics: tuple[Finding, ...] = field(default=())

    @property
    def protocol(self) -> str:
        return self.inference.protocol

    def resolved_transport(self) -> Obj:
        """Shaped like the operator's `status.resolvedTransport`."""
        return {
            "protocol": self.protocol,
            "sseConfigApplied": self.sse_applied,
            "reasons": list(self.inference.reasons),
        }
