"""Run one mcp 1.x MCP server (legacy era only) on 127.0.0.1 for the probe tests.

    <.venv-mcp1>/bin/python tests/probe/mcp1_server.py KIND

Runs under the interpreter of the tests' own mcp 1.x venv (`mcp1_venv.py`), so
it imports nothing from mcpgen or the 2.x SDK. KIND is one of `KINDS`; the
server binds port 0, prints the port once the socket listens, and serves until
terminated.
"""

from __future__ import annotations

import socket
import sys

KINDS = ("legacy", "legacy-stateless", "legacy-json", "legacy-sse")


def main() -> None:
    import uvicorn

    # 1.x only: under the 2.x SDK (where mypy looks) this module raises on import.
    from mcp.server.fastmcp import FastMCP  # type: ignore[attr-defined]

    kind = sys.argv[1]
    if kind not in KINDS:
        raise SystemExit(f"kind must be one of {', '.join(KINDS)}")
    server = FastMCP(
        f"probe-{kind}",
        stateless_http=kind == "legacy-stateless",
        json_response=kind == "legacy-json",
    )

    def echo(text: str) -> str:
        """Echo the text back."""
        return text

    server.add_tool(echo)

    app = server.sse_app() if kind == "legacy-sse" else server.streamable_http_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_level="error", timeout_graceful_shutdown=1)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
