"""Proxy settings for long-lived streams, per ingress provider.

ingress-nginx (retired upstream in March 2026 but still widely run) proxies
straight to pod endpoints, so Service ClientIP affinity never applies there:
affinity has to be asked of the proxy itself.
"""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Diagnostic
from mcpgen.model.spec import MCPServerSpec

NGINX = "nginx.ingress.kubernetes.io/"
# Annotation values are strings; timeouts are bare seconds (default 60).
# https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
NGINX_BUFFERING_OFF = "off"
NGINX_HTTP_VERSION = "1.1"
# Hash on the client address: the proxy-level twin of Service ClientIP affinity.
NGINX_CLIENT_HASH = "$remote_addr"


def nginx_annotations(spec: MCPServerSpec, affinity: bool) -> dict[str, str]:
    timeout = str(spec.ingress.stream_timeout_seconds)
    ours = {
        f"{NGINX}proxy-read-timeout": timeout,
        f"{NGINX}proxy-send-timeout": timeout,
        f"{NGINX}proxy-buffering": NGINX_BUFFERING_OFF,
        f"{NGINX}proxy-http-version": NGINX_HTTP_VERSION,
    }
    if affinity:
        ours[f"{NGINX}upstream-hash-by"] = NGINX_CLIENT_HASH
    return ours


def ingress_object(
    spec: MCPServerSpec, name: str, affinity: bool
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    ing = spec.ingress
    if not ing.enabled:
        return None, []
    annotations = dict(sorted({**nginx_annotations(spec, affinity), **ing.annotations}.items()))
    rule: dict[str, Any] = {
        "http": {
            "paths": [
                {
                    "path": ing.path,
                    "pathType": ing.path_type,
                    "backend": {"service": {"name": name, "port": {"name": "http"}}},
                }
            ]
        }
    }
    if ing.host:
        rule = {"host": ing.host, **rule}
    tls = [{"hosts": [ing.host], "secretName": ing.tls.secret_name}] if ing.tls else None
    out = {
        "annotations": annotations,
        "ingressClassName": ing.class_name,
        "tls": tls,
        "rules": [rule],
    }
    diagnostics = [
        Diagnostic(
            "ING001",
            "info",
            "ingress-nginx annotations: read/send timeouts "
            f"{ing.stream_timeout_seconds}s, buffering off"
            + (", upstream-hash-by the client address" if affinity else "")
            + "; ingress-nginx is retired upstream, the Gateway API is the forward path",
            "",
            "spec.ingress",
        )
    ]
    return out, diagnostics
