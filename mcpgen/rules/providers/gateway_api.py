"""Gateway API HTTPRoute (v1): per-rule timeouts, and session persistence.

Source: https://gateway-api.sigs.k8s.io/reference/spec/ — GEP-1742 `timeouts.request` /
`backendRequest` (standard channel since v1.2; duration `^([0-9]{1,5}(h|m|s|ms)){1,4}$`;
"0s" disables; backendRequest <= request) and GEP-1619 `sessionPersistence`
(experimental channel only). There is no client-address persistence: sessions are
pinned by cookie or header.
"""

from __future__ import annotations

import re

from mcpgen.diagnostics import Finding
from mcpgen.rules.providers.base import AFFINITY_COOKIE, FIELD, Context, Exposure, Obj, info

_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6}
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(h|ms|us|s|m)")


def seconds(value: str) -> float | None:
    """A Go-style duration (1h, 90s, 1m30s), the form of Gateway API's timeouts and of
    Istio's route timeouts. None: not a duration."""
    text = value.strip()
    parts = _PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * _UNITS[u] for n, u in parts)


def build(ctx: Context) -> Exposure:
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
    return Exposure(objects={"httproute": body}, diagnostics=diagnostics)
