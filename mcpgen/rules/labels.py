"""Labels every object carries, and the immutable selector subset."""

from __future__ import annotations

from mcpgen.model import MCPServer

NAME_LABEL = "app.kubernetes.io/name"
INSTANCE_LABEL = "app.kubernetes.io/instance"
PART_NAME = "mcpserver"
COMPONENT = "mcp-server"
MANAGED_BY = "mcpgen"


def selector_labels(server: MCPServer) -> dict[str, str]:
    # Selectors are immutable once applied: keep them to the two labels that
    # never change for a server, so later label additions never need a delete.
    return {NAME_LABEL: PART_NAME, INSTANCE_LABEL: server.metadata.name}


def common_labels(server: MCPServer) -> dict[str, str]:
    ours = {
        "app": server.metadata.name,
        NAME_LABEL: PART_NAME,
        INSTANCE_LABEL: server.metadata.name,
        "app.kubernetes.io/component": COMPONENT,
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }
    return dict(sorted({**server.metadata.labels, **ours}.items()))
