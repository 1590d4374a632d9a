"""GKE Ingress: backend timeouts live on a BackendConfig referenced from the Service.

Sources: https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration
(BackendConfig `timeoutSec`, `connectionDraining.drainingTimeoutSec`,
`sessionAffinity.affinityType` CLIENT_IP | GENERATED_COOKIE) and kubernetes/ingress-gce
pkg/annotations/service.go (`cloud.google.com/backend-config` is JSON such as
`{"default": "cfg"}`). The GKE controller keys on the `kubernetes.io/ingress.class`
annotation and ignores `ingressClassName`.
"""

from __future__ import annotations

import json

from mcpgen.rules.providers.base import Context, Exposure, Obj, info, ingress_body

BACKEND_CONFIG_ANNOTATION = "cloud.google.com/backend-config"
NEG_ANNOTATION = "cloud.google.com/neg"
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
# Connection draining for a server whose streams the spec gives no grace period of their
# own (Streamable HTTP): the GKE default is 0, which cuts every request on a scale-down.
DRAINING_SECONDS = 60


def build(ctx: Context) -> Exposure:
    sse = ctx.spec.transport.config.http.sse
    backend: Obj = {
        "timeoutSec": ctx.timeout,
        "connectionDraining": {
            "drainingTimeoutSec": sse.termination_grace_period_seconds
            if ctx.protocol == "sse"
            else DRAINING_SECONDS
        },
    }
    if ctx.affinity:
        backend["sessionAffinity"] = (
            {"affinityType": "CLIENT_IP"}
            if ctx.client_ip
            else {"affinityType": "GENERATED_COOKIE", "affinityCookieTtlSec": ctx.cookie_ttl}
        )
    class_name = ctx.spec.ingress.class_name or "gce"
    ingress = ingress_body(ctx, {CLASS_ANNOTATION: class_name}, None)
    return Exposure(
        objects={"ingress": ingress, "backendconfig": backend},
        service_annotations={
            BACKEND_CONFIG_ANNOTATION: json.dumps({"default": ctx.name}),
            NEG_ANNOTATION: json.dumps({"ingress": True}),
        },
        diagnostics=[
            info(
                "ING030",
                f"GKE: BackendConfig timeoutSec {ctx.timeout}; it bounds a response's whole "
                "lifetime, not idle time, so a stream is cut after that long and the client must "
                "reconnect. Container-native load balancing (NEG) sends traffic to pods directly"
                + (", with the BackendConfig's session affinity" if ctx.affinity else ""),
            )
        ],
    )
