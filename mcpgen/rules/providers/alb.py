"""AWS Load Balancer Controller: the ALB idle timeout (default 60s) cuts quiet streams.

Source: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
(attributes are `k=v,k=v` strings; `idle_timeout.timeout_seconds` is 1-4000; stickiness
needs `target-type: ip`; ALBs offer cookie stickiness only, source-IP is NLB-only).
"""

from __future__ import annotations

from mcpgen.diagnostics import Finding
from mcpgen.rules.providers.base import FIELD, Context, Exposure, info, ingress_body

PREFIX = "alb.ingress.kubernetes.io/"
MAX_IDLE_TIMEOUT = 4000
# The AWS default deregistration delay; SSE pods get their grace period instead.
DEFAULT_DEREGISTRATION = 300


def _attrs(pairs: dict[str, object]) -> str:
    return ",".join(f"{k}={v}" for k, v in pairs.items())


def build(ctx: Context) -> Exposure:
    diagnostics = []
    idle = min(ctx.timeout, MAX_IDLE_TIMEOUT)
    if idle < ctx.timeout:
        diagnostics.append(
            Finding(
                "ING021",
                "warning",
                f"streamTimeoutSeconds {ctx.timeout} is above the ALB maximum idle timeout; "
                f"using {MAX_IDLE_TIMEOUT}",
                f"set spec.ingress.streamTimeoutSeconds to {MAX_IDLE_TIMEOUT} or less",
                f"{FIELD}.streamTimeoutSeconds",
            )
        )
    grace = ctx.spec.transport.config.http.sse.termination_grace_period_seconds
    group: dict[str, object] = {
        "deregistration_delay.timeout_seconds": grace
        if ctx.protocol == "sse"
        else DEFAULT_DEREGISTRATION,
    }
    if ctx.affinity:
        group |= {
            "stickiness.enabled": "true",
            "stickiness.type": "lb_cookie",
            "stickiness.lb_cookie.duration_seconds": ctx.cookie_ttl,
        }
        if ctx.client_ip:
            diagnostics.append(
                Finding(
                    "ING022",
                    "warning",
                    "ALBs cannot pin by client address; using the load balancer's cookie "
                    "(lb_cookie), which only clients that keep cookies honour",
                    "set spec.ingress.affinity: cookie to say so, or run a stateless server",
                    f"{FIELD}.affinity",
                )
            )
    annotations = {
        f"{PREFIX}load-balancer-attributes": f"idle_timeout.timeout_seconds={idle}",
        f"{PREFIX}target-type": "ip",
        f"{PREFIX}target-group-attributes": _attrs(group),
    }
    diagnostics.insert(
        0,
        info(
            "ING020",
            f"AWS ALB: idle timeout {idle}s, targets by pod IP, deregistration delay "
            f"{group['deregistration_delay.timeout_seconds']}s"
            + (", lb_cookie stickiness" if ctx.affinity else "")
            + "; HTTP/2 PINGs do not reset the idle timeout, so servers should send SSE comments",
        ),
    )
    return Exposure(
        objects={"ingress": ingress_body(ctx, annotations, ctx.spec.ingress.class_name or "alb")},
        diagnostics=diagnostics,
    )
