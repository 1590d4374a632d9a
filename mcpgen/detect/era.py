"""Which generation of MCP a Streamable HTTP server speaks, from the revisions it lists.

MCP 2026-07-28 removed `initialize` and `Mcp-Session-Id`: a *modern* server
has no sessions, so any replica can answer any request. A *dual* server (the
Python SDK 2.x default) also answers 2025 clients, which may hold sessions. A
*legacy* server (2025-11-25 and earlier, and every HTTP+SSE server) speaks only
the handshake era. The chart's `mcp-server.era` helper mirrors this function.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Era = Literal["modern", "dual", "legacy"]
ERAS: tuple[Era, ...] = ("modern", "dual", "legacy")
MODERN_REVISION = "2026-07-28"  # the first revision without initialize and sessions
LEGACY_REVISION = "2025-11-25"  # the newest handshake-era revision


def is_modern(revision: str) -> bool:
    return revision >= MODERN_REVISION  # ISO dates order as strings


def era_of(protocol: str, versions: Sequence[str] | None) -> Era | None:
    """None when the spec does not say (mcpgen then keeps the 2025 rules)."""
    if protocol == "sse":
        return "legacy"
    if not versions:
        return None
    modern = any(is_modern(v) for v in versions)
    legacy = any(not is_modern(v) for v in versions)
    if modern and legacy:
        return "dual"
    return "modern" if modern else "legacy"
