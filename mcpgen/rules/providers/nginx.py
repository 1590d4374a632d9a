"""ingress-nginx: proxies straight to pod endpoints, so Service ClientIP affinity never
applies and affinity must be asked of the proxy itself.

Source: https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
(values are strings; timeouts are bare seconds, default 60; `affinity` supports only
`cookie`). ingress-nginx is retired upstream (best-effort maintenance ended March 2026).
"""

# No `from __future__ import annotations`: it would bind the name `annotations` defined below.

from mcpgen.rules.providers.base import AFFINITY_COOKIE, Context, Exposure, info, ingress_body

PREFIX = "nginx.ingress.kubernetes.io/"
BUFFERING_OFF = "off"
HTTP_VERSION = "1.1"
# The proxy-level twin of Service ClientIP affinity: a consistent hash of the client address.
CLIENT_HASH = "$remote_addr"
# "persistent" keeps a client on its pod even when pods are added (SSE cannot move).
AFFINITY_MODE = "persistent"


def annotations(ctx: Context) -> dict[str, str]:
    timeout = str(ctx.timeout)
    out = {
        f"{PREFIX}proxy-read-timeout": timeout,
        f"{PREFIX}proxy-send-timeout": timeout,
        f"{PREFIX}proxy-buffering": BUFFERING_OFF,
        f"{PREFIX}proxy-http-version": HTTP_VERSION,
    }
    if ctx.client_ip:
        out[f"{PREFIX}upstream-hash-by"] = CLIENT_HASH
    if ctx.cookie:
        out[f"{PREFIX}affinity"] = "cookie"
        out[f"{PREFIX}affinity-mode"] = AFFINITY_MODE
        out[f"{PREFIX}session-cookie-name"] = AFFINITY_COOKIE
        out[f"{PREFIX}session-cookie-max-age"] = str(ctx.cookie_ttl)
    return out


def build(ctx: Context) -> Exposure:
    affinity = ""
    if ctx.client_ip:
        affinity = (
            ", upstream-hash-by the client address (behind another load balancer "
            "that is its address unless PROXY protocol or use-forwarded-headers is on)"
        )
    elif ctx.cookie:
        affinity = ", cookie affinity"
    return Exposure(
        objects={"ingress": ingress_body(ctx, annotations(ctx), ctx.spec.ingress.class_name)},
        diagnostics=[
            info(
                "ING001",
                f"ingress-nginx: read/send timeouts {ctx.timeout}s, buffering off, HTTP/1.1 "
                f"upstream{affinity}; ingress-nginx is retired upstream, the Gateway API is "
                "the forward path",
            )
        ],
    )
