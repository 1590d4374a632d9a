"""Run one official-SDK (mcp 2.x) MCP server on 127.0.0.1 for the probe tests and benchmark.

    python tests/probe/sdk_server.py KIND [CERT KEY]

KIND is one of `KINDS`; with CERT and KEY (PEM files) it serves HTTPS. The
server binds port 0 and prints the port on stdout once the socket listens; it
serves until terminated. `mcp1_server.py` is the same for mcp 1.x (legacy only),
run by another interpreter.

The 2.x kinds: `stateful` is `streamable_http_app()` (dual era: modern clients
stateless, legacy ones get sessions), `stateless` and `json` its two switches,
`sse` is `sse_app()`, `modern` answers only 2026-07-28 (the SDK's own modern
entry for every request: /mcp refuses initialize with -32022 naming its
revisions, as the spec says it SHOULD; /bare/mcp is the entry alone, which
refuses it with -32602), `broken` is dual with a tools backend that is down,
`strict-sse` is `sse_app()` behind a framework that answers a POST to the stream
with 400 rather than 405 (the spec's other fallback status).
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

TOKEN = "probe-test-token"
ALLOWED_HOST = "mcp.internal"
# Six interpreters import the SDK at once; on a loaded two-core CI box that alone
# has taken over 20 s. Only a server that never starts waits this long.
STARTUP_SECONDS = 60.0
KINDS = (
    "sse",
    "strict-sse",
    "stateful",
    "stateless",
    "json",
    "auth",
    "rebinding",
    "modern",
    "broken",
)


@dataclass
class SdkServer:
    kind: str
    port: int
    process: subprocess.Popen[str]
    log: Path
    sdk: str = "2"

    tls: bool = False

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The URL a user would probe: the SDK's default path for the transport."""
        return f"{self.base}/sse" if self.kind.endswith("sse") else f"{self.base}/mcp"


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
    elif kind == "broken":
        server = DeadBackend(f"probe-{kind}", version="1.0.0")
    else:
        server = MCPServer(f"probe-{kind}", version="1.0.0")

    @server.tool()
    def echo(text: str) -> str:
        """Echo the text back."""
        return text

    if kind == "sse":
        return server.sse_app()
    if kind == "strict-sse":
        return post_refused_with_400(server.sse_app())
    if kind == "modern":
        return modern_only_app(server)
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


def post_refused_with_400(app: Starlette) -> Any:
    async def refuse(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sse" and scope["method"] == "POST":
            body = "POST is not supported on the event stream; open it with GET"
            await Response(body, 400, media_type="text/plain")(scope, receive, send)
            return
        await app(scope, receive, send)

    return refuse


class DeadBackend(MCPServer):
    """A server whose handshake works while the backend behind its tools is down."""

    async def list_tools(self) -> list[Any]:
        raise RuntimeError("the tools backend is unreachable")


def modern_only_app(server: MCPServer) -> Starlette:
    """2026-07-28 only, built from the SDK's own modern request entry (a private module:
    the SDK has no public modern-only switch). /mcp also answers initialize as the spec
    says a modern-only server SHOULD: -32022 naming the revisions it speaks."""
    from mcp.server._streamable_http_modern import handle_modern_request
    from mcp_types.version import MODERN_PROTOCOL_VERSIONS

    low = server._lowlevel_server
    security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    state: dict[str, Any] = {}

    async def modern(scope: Scope, receive: Receive, send: Send) -> None:
        await handle_modern_request(low, security, False, state.get("ls"), scope, receive, send)

    async def strict(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await modern(scope, receive, send)
            return
        chunks = []
        for _ in range(10_000):  # the body, buffered to look for initialize
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        with contextlib.suppress(ValueError):
            request = json.loads(body)
            if isinstance(request, dict) and request.get("method") == "initialize":
                asked = (request.get("params") or {}).get("protocolVersion")
                error = {
                    "code": -32022,
                    "message": "this server speaks only "
                    + ", ".join(MODERN_PROTOCOL_VERSIONS)
                    + "; the initialize handshake is not accepted",
                    "data": {"supported": list(MODERN_PROTOCOL_VERSIONS), "requested": asked},
                }
                reply = {"jsonrpc": "2.0", "id": request.get("id"), "error": error}
                await Response(json.dumps(reply), 400, media_type="application/json")(
                    scope, receive, send
                )
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await modern(scope, replay, send)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # StreamableHTTPSessionManager enters the server's lifespan once; so must this.
        async with low.lifespan(low) as entered:
            state["ls"] = entered
            yield

    methods = ["GET", "POST", "DELETE"]
    return Starlette(
        routes=[
            Route("/mcp", endpoint=_Endpoint(strict), methods=methods),
            Route("/bare/mcp", endpoint=_Endpoint(modern), methods=methods),
        ],
        lifespan=lifespan,
    )


class _Endpoint:
    """A plain ASGI app as a route endpoint (Starlette treats classes as ASGI apps)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


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
    kinds: Iterable[str],
    logs: Path,
    tls: tuple[Path, Path] | None = None,
    *,
    python: Path | None = None,
) -> Iterator[dict[str, SdkServer]]:
    """Start each kind in its own process (all at once), wait until each serves, stop them.

    `python`: the interpreter of an mcp 1.x venv, which runs `mcp1_server.py` instead.
    """
    script = str(Path(__file__).with_name("mcp1_server.py")) if python else __file__
    sdk = "1" if python else "2"
    started: list[tuple[str, subprocess.Popen[str], Path]] = []
    extra = [str(p) for p in tls] if tls else []
    try:
        for kind in kinds:
            log = logs / f"{kind}.log"
            with log.open("w") as sink:  # the child keeps its own copy of the descriptor
                process = subprocess.Popen(
                    [str(python or sys.executable), script, kind, *extra],
                    stdout=subprocess.PIPE,
                    stderr=sink,
                    text=True,
                )
            started.append((kind, process, log))
        servers = {
            kind: SdkServer(kind, _read_port(process, log), process, log, sdk, tls=bool(tls))
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
