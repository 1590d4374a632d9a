"""Pydantic models of the MCPServer resource: the one home of every default.

No module of this package uses `from __future__ import annotations`: with string
annotations pydantic evaluates every field's annotation again at class creation,
which a cold render paid for on each of its ~40 classes (a model's validator
methods return `Self`, since the class name is not bound yet in its own body).
"""

from mcpgen.model.server import MCPServer, Metadata
from mcpgen.model.spec import MCPServerSpec

__all__ = ["MCPServer", "MCPServerSpec", "Metadata"]
