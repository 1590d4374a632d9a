"""Proxy settings for long-lived streams, one module per ingress controller, router or mesh.

Every provider derives its objects from the same two inputs: the stream timeout
(`spec.ingress.streamTimeoutSeconds`) and the affinity decision of the
transport rules. The chart's `_proxy.tpl` mirrors these modules one to one.
"""

from __future__ import annotations

from collections.abc import Callable

from mcpgen.diagnostics import Finding
from mcpgen.model.spec import MCPServerSpec
from mcpgen.rules.providers import (
    alb,
    gateway_api,
    gce,
    haproxy,
    istio,
    nginx,
    openshift,
    traefik,
)
from mcpgen.rules.providers.base import PROXY_KINDS, Context, Exposure

__all__ = ["PROXY_KINDS", "Context", "Exposure", "expose", "provider_of"]

# IngressClass names the controllers install by default -> provider.
PROVIDER_BY_CLASS = {
    "nginx": "nginx",
    "alb": "alb",
    "gce": "gce",
    "gce-internal": "gce",
    "traefik": "traefik",
    "haproxy": "haproxy",
    "openshift-default": "openshift",
    "istio": "istio",
}
DEFAULT_PROVIDER = "nginx"

BUILDERS: dict[str, Callable[[Context], Exposure]] = {
    "nginx": nginx.build,
    "openshift": openshift.build,
    "alb": alb.build,
    "gce": gce.build,
    "traefik": traefik.build,
    "haproxy": haproxy.build,
    "gateway-api": gateway_api.build,
    "istio": istio.build,
}


def provider_of(spec: MCPServerSpec) -> str:
    ing = spec.ingress
    if ing.provider is not None:
        return ing.provider
    return PROVIDER_BY_CLASS.get(ing.class_name or "", DEFAULT_PROVIDER)


def expose(ctx: Context) -> Exposure:
    if not ctx.spec.ingress.enabled:
        return Exposure()
    provider = provider_of(ctx.spec)
    built = BUILDERS[provider](ctx)
    built.provider = provider
    if ctx.affinity and ctx.spec.ingress.affinity == "cookie":
        built.diagnostics.append(
            Finding(
                "ING002",
                "warning",
                "cookie affinity works only for clients that keep cookies between requests; "
                "most MCP clients do not, and their sessions will land on any pod",
                "prefer spec.ingress.affinity: client-ip where the provider supports it, or a "
                "stateless server",
                "spec.ingress.affinity",
            )
        )
    return built
