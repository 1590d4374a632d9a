"""Istio: Envoy's route timeout (15s by default elsewhere) breaks streams unless disabled.

Sources: https://istio.io/latest/docs/reference/config/networking/virtual-service/
(`http[].timeout`, disabled by default) and
https://istio.io/latest/docs/reference/config/networking/destination-rule/
(`loadBalancer.consistentHash`: useSourceIp | httpCookie{name, ttl} | httpHeaderName;
`connectionPool.http.idleTimeout`, default 1h). The CRD's validation requires a timeout
of at least 1ms, so "0s" is refused by the API server: the stream timeout is set instead.
"""

from __future__ import annotations

from mcpgen.rules.providers.base import AFFINITY_COOKIE, Context, Exposure, Obj, info


def build(ctx: Context) -> Exposure:
    ing = ctx.spec.ingress
    host = f"{ctx.name}.{ctx.namespace}.svc.cluster.local"
    route: Obj = {
        "match": [{"uri": {"prefix": ing.path}}],
        "route": [{"destination": {"host": host, "port": {"number": ctx.spec.service.port}}}],
        "timeout": f"{ctx.timeout}s",
    }
    gateways = None
    if ing.gateway:
        gateways = [f"{ing.gateway.namespace or ctx.namespace}/{ing.gateway.name}"]
    virtual_service: Obj = {
        "hosts": [ing.host] if ing.host else [host],
        "gateways": gateways,
        "http": [route],
    }
    policy: Obj = {"connectionPool": {"http": {"idleTimeout": f"{ctx.timeout}s"}}}
    if ctx.client_ip:
        policy["loadBalancer"] = {"consistentHash": {"useSourceIp": True}}
    elif ctx.cookie:
        policy["loadBalancer"] = {
            "consistentHash": {"httpCookie": {"name": AFFINITY_COOKIE, "ttl": f"{ctx.cookie_ttl}s"}}
        }
    return Exposure(
        objects={
            "virtualservice": virtual_service,
            "destinationrule": {"host": host, "trafficPolicy": policy},
        },
        diagnostics=[
            info(
                "ING070",
                f"Istio: route timeout {ctx.timeout}s, connection idle timeout {ctx.timeout}s"
                + (", consistent hash on the source address" if ctx.client_ip else "")
                + (", consistent hash on a cookie" if ctx.cookie else "")
                + "; Envoy's stream idle timeout (5 min) is not settable here, so servers should "
                "send SSE comments more often than that. Hash affinity moves some clients when "
                "pods come and go",
            )
        ],
    )
