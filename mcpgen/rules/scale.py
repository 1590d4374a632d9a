"""How many pods can serve a server at once: what affinity, spread and budgets turn on."""

from __future__ import annotations

from mcpgen.model.spec import MCPServerSpec


def scaled_out(spec: MCPServerSpec) -> bool:
    """Can more than one pod serve this server at once?"""
    if spec.hpa.enabled:
        return spec.hpa.max_replicas > 1
    return spec.replicas > 1
