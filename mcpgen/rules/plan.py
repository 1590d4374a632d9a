"""The resolved plan: everything the templates place, and nothing they decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcpgen.detect.era import Era
from mcpgen.detect.infer import Inference
from mcpgen.diagnostics import Finding

Obj = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Plan:
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
    deployment: Obj
    service: Obj
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
