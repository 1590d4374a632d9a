"""HAProxy Kubernetes Ingress Controller (haproxytech): server timeout default 50s.

Source: https://github.com/haproxytech/kubernetes-ingress/blob/master/documentation/annotations.md
(time values are a number plus unit, a bare number is milliseconds; `timeout-server` may
be set per Ingress, `timeout-client` and `timeout-tunnel` only in the ConfigMap;
`load-balance: source` hashes the client address; `cookie-persistence` inserts a cookie).
The ingress class `haproxy` is also the default of jcmoraisjr/haproxy-ingress, whose keys
differ (`haproxy-ingress.github.io/`): these annotations are for haproxytech's.
"""

# No `from __future__ import annotations`: it would bind the name `annotations` defined below.

import re

from mcpgen.diagnostics import Finding
from mcpgen.rules.providers.base import (
    AFFINITY_COOKIE,
    FIELD,
    Context,
    Exposure,
    info,
    ingress_body,
)

PREFIX = "haproxy.org/"

_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^([0-9]+)(us|ms|s|m|h|d)?$")


def seconds(value: str) -> float | None:
    """HAProxy's time format, as its annotations (and the OpenShift router's) take it: a
    whole number and a unit, a bare number being milliseconds. None: not a time."""
    match = _DURATION.match(value.strip())
    if match is None:
        return None
    return int(match.group(1)) * _UNITS[match.group(2) or "ms"]


def annotations(ctx: Context) -> dict[str, str]:
    out = {f"{PREFIX}timeout-server": f"{ctx.timeout}s"}
    if ctx.client_ip:
        out[f"{PREFIX}load-balance"] = "source"
    elif ctx.cookie:
        out[f"{PREFIX}cookie-persistence"] = AFFINITY_COOKIE
    return out


def build(ctx: Context) -> Exposure:
    return Exposure(
        objects={
            "ingress": ingress_body(ctx, annotations(ctx), ctx.spec.ingress.class_name or "haproxy")
        },
        diagnostics=[
            info(
                "ING050",
                f"HAProxy (haproxytech): server timeout {ctx.timeout}s"
                + (", balance source" if ctx.client_ip else "")
                + (", cookie persistence" if ctx.cookie else ""),
            ),
            Finding(
                "ING051",
                "warning",
                "HAProxy's client timeout (default 50s) can only be set in the controller's "
                "ConfigMap; a quiet stream is cut there unless the server sends SSE comments",
                "set timeout-client in the haproxy-kubernetes-ingress ConfigMap to "
                "streamTimeoutSeconds",
                FIELD,
            ),
        ],
    )
