"""A stdio MCP server for the bridge tests, written with the official `mcp` SDK.

`whoami` answers with the server's PID (so a test can kill exactly this child)
and the value of MCPGEN_ECHO (so a test sees whether the bridge passed the
pod's environment on), and the bootloader variables it sees (`bootloader`: the
static bridge must not hand its own PyInstaller/staticx ones on); `echo` returns its
text, so two clients at once can tell their own answers from each other's.

It runs on the SDK 2.x (the project's) and, for the static build of the injection
tests (images/stdio-bridge-static/build.py, whose venv holds the bridge's mcp 1.x),
on 1.x's FastMCP, which has the same decorator and `run("stdio")`.
"""

from __future__ import annotations

import os

try:
    from mcp.server.mcpserver import MCPServer
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as MCPServer  # type: ignore[assignment]

BOOTLOADER_PREFIXES = ("LD_LIBRARY_PATH", "_PYI_", "_MEIPASS", "STATICX_")

server = MCPServer("mcpgen-echo")


@server.tool()
def whoami() -> dict[str, object]:
    """The PID of this server process and the MCPGEN_ECHO it was started with."""
    seen = {k: v for k, v in os.environ.items() if k.startswith(BOOTLOADER_PREFIXES)}
    return {"pid": os.getpid(), "echo": os.environ.get("MCPGEN_ECHO"), "bootloader": seen}


@server.tool()
def echo(text: str) -> str:
    """Return `text` unchanged."""
    return text


if __name__ == "__main__":
    server.run("stdio")
