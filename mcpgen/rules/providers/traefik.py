"""Traefik (v3): sticky cookies are Service annotations, upstream timeouts a ServersTransport.

Sources: https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/ (service
annotations `traefik.ingress.kubernetes.io/service.sticky.cookie*`,
`service.serverstransport` naming `<namespace>-<name>@kubernetescrd`) and
https://doc.traefik.io/traefik/routing/services/#serverstransport (forwardingTimeouts;
`responseHeaderTimeout` 0s means none). Traefik flushes streaming responses at once and
has no per-Ingress read timeout: the entryPoint's `respondingTimeouts.readTimeout`
(default 60s since v2.11.2) is static configuration.
"""

from __future__ import annotations

from mcpgen.diagnostics import Finding
from mcpgen.rules.providers.base import (
    AFFINITY_COOKIE,
    FIELD,
    Context,
    Exposure,
    Obj,
    info,
    ingress_body,
)

SERVICE_PREFIX = "traefik.ingress.kubernetes.io/service."


def build(ctx: Context) -> Exposure:
    transport: Obj = {
        "forwardingTimeouts": {
            "dialTimeout": "30s",
            "responseHeaderTimeout": "0s",
            "idleConnTimeout": f"{ctx.timeout}s",
        }
    }
    service = {f"{SERVICE_PREFIX}serverstransport": f"{ctx.namespace}-{ctx.name}@kubernetescrd"}
    diagnostics = [
        info(
            "ING040",
            f"Traefik: ServersTransport with no response-header timeout and "
            f"{ctx.timeout}s idle connections; streams are flushed as they come",
        ),
        Finding(
            "ING041",
            "warning",
            "Traefik's entryPoint readTimeout (default 60s) is static configuration that no "
            "Ingress can change; long streams from slow clients are cut at it",
            "set entryPoints.<name>.transport.respondingTimeouts.readTimeout=0 (or above "
            "streamTimeoutSeconds) in Traefik's static configuration",
            FIELD,
        ),
    ]
    if ctx.affinity:
        service |= {
            f"{SERVICE_PREFIX}sticky.cookie": "true",
            f"{SERVICE_PREFIX}sticky.cookie.name": AFFINITY_COOKIE,
            f"{SERVICE_PREFIX}sticky.cookie.httponly": "true",
            f"{SERVICE_PREFIX}sticky.cookie.maxage": str(ctx.cookie_ttl),
        }
        if ctx.client_ip:
            diagnostics.append(
                Finding(
                    "ING042",
                    "warning",
                    "Traefik cannot pin by client address; using a sticky cookie, which only "
                    "clients that keep cookies honour",
                    "set spec.ingress.affinity: cookie to say so, or run a stateless server",
                    f"{FIELD}.affinity",
                )
            )
    return Exposure(
        objects={
            "ingress": ingress_body(ctx, {}, ctx.spec.ingress.class_name or "traefik"),
            "serverstransport": transport,
        },
        service_annotations=service,
        diagnostics=diagnostics,
    )
