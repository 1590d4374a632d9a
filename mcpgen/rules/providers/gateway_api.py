"""Gateway API HTTPRoute (v1): per-rule timeouts, and session persistence.

Source: https://gateway-api.sigs.k8s.io/reference/spec/ — GEP-1742 `timeouts.request` /
`backendRequest` (standard channel since v1.2; duration `^([0-9]{1,5}(h|m|s|ms)){1,4}$`;
"0s" disables; backendRequest <= request) and GEP-1619 `sessionPersistence`
(experimental channel only). There is no client-address persistence: sessions are
pinned by cookie or header.
"""

from __future__ import annotations

from mcpgen.diagnostics import Finding
from mcpgen.rules.providers.base import AFFINITY_COOKIE, FIELD, Context, Obj, Proxy, info


def build(ctx: Context) -> Proxy:
    ing = ctx.spec.ingress
    gw = ing.gateway
    if gw is None:  # the model refuses this spec; a caller that built one by hand gets told
        raise ValueError("ingress.provider gateway-api needs ingress.gateway (its name)")
    parent: Obj = {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": gw.name}
    if gw.namespace:
        parent["namespace"] = gw.namespace
    if gw.section_name:
        parent["sectionName"] = gw.section_name
    rule: Obj = {
        "matches": [
            {
                "path": {
                    "type": "PathPrefix" if ing.path_type != "Exact" else "Exact",
                    "value": ing.path,
                }
            }
        ],
        "backendRefs": [{"name": ctx.name, "port": ctx.spec.service.port}],
        "timeouts": {"request": f"{ctx.timeout}s", "backendRequest": f"{ctx.timeout}s"},
    }
    diagnostics = [
        info(
            "ING060",
            f"Gateway API: HTTPRoute request and backend timeouts {ctx.timeout}s (the stream's "
            "whole lifetime; clients reconnect after it). TLS belongs to the Gateway's listener",
        )
    ]
    if ctx.affinity:
        rule["sessionPersistence"] = {
            "sessionName": AFFINITY_COOKIE,
            "type": "Cookie",
            "absoluteTimeout": f"{ctx.cookie_ttl}s",
            "cookieConfig": {"lifetimeType": "Permanent"},
        }
        diagnostics.append(
            Finding(
                "ING061",
                "warning",
                "sessionPersistence is in the Gateway API experimental channel: clusters with the "
                "standard-channel CRDs reject it, and it pins by cookie (no client-address "
                "persistence exists)",
                "install the experimental-channel HTTPRoute CRD, or run a stateless server",
                FIELD,
            )
        )
    body: Obj = {
        "parentRefs": [parent],
        "hostnames": [ing.host] if ing.host else None,
        "rules": [rule],
    }
    return Proxy(objects={"httproute": body}, diagnostics=diagnostics)
