"""OpenShift Route: HAProxy's server timeout (router default 30s) cuts SSE streams.

Source: openshift-docs, "Route-specific annotations"
(https://docs.openshift.com/container-platform/latest/networking/routes/route-configuration.html):
`haproxy.router.openshift.io/timeout` is `<n><unit>`, units us|ms|s|m|h|d, and a bare
number means milliseconds; `balance` is source|roundrobin|leastconn|random; cookies are
on by default for http/edge/reencrypt routes and `disable_cookies` turns them off.
The tunnel timeout only covers upgraded connections (WebSocket), not SSE.
"""

# No `from __future__ import annotations`: it would bind the name `annotations` defined below.

from mcpgen.rules.providers.base import AFFINITY_COOKIE, Context, Exposure, Obj, info

PREFIX = "haproxy.router.openshift.io/"


def annotations(ctx: Context) -> dict[str, str]:
    out = {f"{PREFIX}timeout": f"{ctx.timeout}s"}
    if ctx.client_ip:
        # Source balancing only pins when the router's cookie does not.
        out[f"{PREFIX}balance"] = "source"
        out[f"{PREFIX}disable_cookies"] = "true"
    elif ctx.cookie:
        out["router.openshift.io/cookie_name"] = AFFINITY_COOKIE
    else:
        out[f"{PREFIX}disable_cookies"] = "true"
    return out


def build(ctx: Context) -> Exposure:
    ing = ctx.spec.ingress
    body: Obj = {
        "annotations": dict(sorted({**annotations(ctx), **ing.annotations}.items())),
        "host": ing.host,
        "path": ing.path,
        "to": {"kind": "Service", "name": ctx.name, "weight": 100},
        "port": {"targetPort": "http"},
        # The router terminates TLS with its own certificate unless one is put on the Route.
        "tls": {"termination": "edge", "insecureEdgeTerminationPolicy": "Redirect"}
        if ing.tls
        else None,
    }
    pin = "balance source" if ctx.client_ip else ("router cookie" if ctx.cookie else "none")
    return Exposure(
        objects={"route": body},
        diagnostics=[
            info(
                "ING010",
                f"OpenShift Route: HAProxy server timeout {ctx.timeout}s (router default 30s), "
                f"affinity: {pin}; HAProxy does not buffer streamed responses. It cannot raise "
                "the router's client timeout (ROUTER_DEFAULT_CLIENT_TIMEOUT, 30s) per route",
            )
        ],
    )
