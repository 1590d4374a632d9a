"""Run one official-SDK MCP server on 127.0.0.1 for the probe tests and benchmark.

    python tests/probe/sdk_server.py KIND [CERT KEY]

KIND is one of `KINDS`; with CERT and KEY (PEM files) it serves HTTPS. The
server binds port 0 and prints the port on stdout once the socket listens; it
serves until terminated.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette

TOKEN = "probe-test-token"
ALLOWED_HOST = "mcp.internal"
# Six interpreters import the SDK at once; on a loaded two-core CI box that alone
# has taken over 20 s. Only a server that never starts waits this long.
STARTUP_SECONDS = 60.0
KINDS = ("sse", "stateful", "stateless", "json", "auth", "rebinding")


@dataclass
class SdkServer:
    kind: str
    port: int
    process: subprocess.Popen[str]
    log: Path

    tls: bool = False

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The URL a user would probe: the SDK's default path for the transport."""
        return f"{self.base}/sse" if self.kind == "sse" else f"{self.base}/mcp"


class StaticTokens:
    """Accepts exactly one bearer token: enough to make the SDK answer 401 without it."""

    async def verify_token(self, token: str) -> AccessToken | None:
        if token != TOKEN:
            return None
        return AccessToken(token=token, client_id="probe-tests", scopes=[])


def build_app(kind: str) -> Starlette:
    if kind == "auth":
        server = MCPServer(
            "probe-auth",
            version="1.0.0",
            token_verifier=StaticTokens(),
            auth=AuthSettings(
                issuer_url="http://127.0.0.1/issuer",  # type: ignore[arg-type]
                resource_server_url="http://127.0.0.1/mcp",  # type: ignore[arg-type]
                validate_token_resource=False,
            ),
        )
    else:
        server = MCPServer(f"probe-{kind}", version="1.0.0")

    @server.tool()
    def echo(text: str) -> str:
        """Echo the text back."""
        return text

    if kind == "sse":
        return server.sse_app()
    if kind == "rebinding":
        # DNS-rebinding protection that allows only one name: 127.0.0.1 is foreign here.
        security = TransportSecuritySettings(
            enable_dns_rebinding_protection=True,
            allowed_hosts=[ALLOWED_HOST, f"{ALLOWED_HOST}:*"],
            allowed_origins=[],
        )
        return server.streamable_http_app(transport_security=security)
    return server.streamable_http_app(
        stateless_http=kind == "stateless", json_response=kind == "json"
    )


def _read_port(process: subprocess.Popen[str], log: Path) -> int:
    # readline() blocks; a thread lets the wait have a deadline.
    line: list[str] = []
    stdout = process.stdout
    assert stdout is not None
    reader = threading.Thread(target=lambda: line.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(STARTUP_SECONDS)
    if not line or not line[0].strip().isdigit():
        process.kill()
        raise RuntimeError(f"SDK server printed no port; its log:\n{log.read_text()}")
    return int(line[0])


def _wait_ready(server: SdkServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"SDK server exited; its log:\n{server.log.read_text()}")
        try:
            httpx.get(f"{server.base}/ready-probe", timeout=1.0, verify=False)
            return  # any HTTP answer (a 404) means uvicorn is serving
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(
        f"SDK server not ready in {STARTUP_SECONDS}s; log:\n{server.log.read_text()}"
    )


def _stop(process: subprocess.Popen[str]) -> None:
    if process.stdout is not None:
        process.stdout.close()
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@contextmanager
def running(
    kinds: Iterable[str], logs: Path, tls: tuple[Path, Path] | None = None
) -> Iterator[dict[str, SdkServer]]:
    """Start each kind in its own process (all at once), wait until each serves, stop them."""
    started: list[tuple[str, subprocess.Popen[str], Path]] = []
    extra = [str(p) for p in tls] if tls else []
    try:
        for kind in kinds:
            log = logs / f"{kind}.log"
            with log.open("w") as sink:  # the child keeps its own copy of the descriptor
                process = subprocess.Popen(
                    [sys.executable, __file__, kind, *extra],
                    stdout=subprocess.PIPE,
                    stderr=sink,
                    text=True,
                )
            started.append((kind, process, log))
        servers = {
            kind: SdkServer(kind, _read_port(process, log), process, log, tls=bool(tls))
            for kind, process, log in started
        }
        for server in servers.values():
            _wait_ready(server)
        yield servers
    finally:
        for _, process, _ in started:
            _stop(process)


def main() -> None:
    kind = sys.argv[1]
    if kind not in KINDS:
        raise SystemExit(f"kind must be one of {', '.join(KINDS)}")
    app = build_app(kind)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    print(sock.getsockname()[1], flush=True)
    cert, key = sys.argv[2:4] if len(sys.argv) >= 4 else (None, None)
    config = uvicorn.Config(
        app,
        log_level="error",
        timeout_graceful_shutdown=1,
        ssl_certfile=cert,
        ssl_keyfile=key,
    )
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
