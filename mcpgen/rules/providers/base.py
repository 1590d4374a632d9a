"""What every provider module takes and gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcpgen.diagnostics import Finding
from mcpgen.model.spec import MCPServerSpec

Obj = dict[str, Any]
# One template each; a provider fills the ones it needs.
PROXY_KINDS = (
    "ingress",
    "route",
    "backendconfig",
    "serverstransport",
    "httproute",
    "virtualservice",
    "destinationrule",
)
# Cookie name every provider uses when affinity is by cookie.
AFFINITY_COOKIE = "mcp-affinity"
FIELD = "spec.ingress"


@dataclass(frozen=True, slots=True)
class Context:
    """What a provider needs to shape its objects: the server and the rules' decisions."""

    name: str
    namespace: str
    spec: MCPServerSpec
    protocol: str
    affinity: bool  # the transport rules' decision

    @property
    def timeout(self) -> int:
        return self.spec.ingress.stream_timeout_seconds

    @property
    def cookie_ttl(self) -> int:
        return self.spec.service.session_affinity_timeout_seconds

    @property
    def client_ip(self) -> bool:
        return self.affinity and self.spec.ingress.affinity == "client-ip"

    @property
    def cookie(self) -> bool:
        return self.affinity and self.spec.ingress.affinity == "cookie"


@dataclass
class Exposure:
    """What one provider adds to expose a server: its objects, Service annotations and
    findings."""

    provider: str | None = None  # None: not exposed
    objects: dict[str, Obj] = field(default_factory=dict)  # PROXY_KINDS key -> object body
    service_annotations: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Finding] = field(default_factory=list)


def info(code: str, message: str) -> Finding:
    return Finding(code, "info", message, "", FIELD)


def ingress_body(ctx: Context, annotations: dict[str, str], class_name: str | None) -> Obj:
    """A networking.k8s.io/v1 Ingress body; the user's annotations win over ours."""
    ing = ctx.spec.ingress
    rule: Obj = {
        "http": {
            "paths": [
                {
                    "path": ing.path,
                    "pathType": ing.path_type,
                    "backend": {"service": {"name": ctx.name, "port": {"name": "http"}}},
                }
            ]
        }
    }
    if ing.host:
        rule = {"host": ing.host, **rule}
    tls = [{"hosts": [ing.host], "secretName": ing.tls.secret_name}] if ing.tls else None
    return {
        "annotations": dict(sorted({**annotations, **ing.annotations}.items())),
        "ingressClassName": class_name,
        "tls": tls,
        "rules": [rule],
    }
