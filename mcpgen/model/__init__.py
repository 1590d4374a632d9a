"""Pydantic models of the MCPServer resource: the one home of every default."""

from mcpgen.model.server import MCPServer, Metadata
from mcpgen.model.spec import MCPServerSpec

__all__ = ["MCPServer", "MCPServerSpec", "Metadata"]
