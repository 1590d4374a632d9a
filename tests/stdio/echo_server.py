"""A stdio MCP server for the bridge tests, written with the official `mcp` SDK.

`whoami` answers with the server's PID (so a test can kill exactly this child)
and the value of MCPGEN_ECHO (so a test sees whether the bridge passed the
pod's environment on); `echo` returns its text, so two clients at once can
tell their own answers from each other's.
"""

from __future__ import annotations

import os

from mcp.server.mcpserver import MCPServer

server = MCPServer("mcpgen-echo")


@server.tool()
def whoami() -> dict[str, object]:
    """The PID of this server process and the MCPGEN_ECHO it was started with."""
    return {"pid": os.getpid(), "echo": os.environ.get("MCPGEN_ECHO")}


@server.tool()
def echo(text: str) -> str:
    """Return `text` unchanged."""
    return text


if __name__ == "__main__":
    server.run("stdio")
