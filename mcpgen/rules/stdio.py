"""stdio servers behind the bridge: the container runs mcp-proxy, which starts
`command` + `args` with pipes and serves that one child over HTTP.

Why mcp-proxy (PyPI, pinned in model.spec.BRIDGE_VERSION): one shared child for
every session, Streamable HTTP at /mcp and legacy SSE at /sse on one port, and two
clients at once each got only their own answers (tests/stdio proves it again);
supergateway's stdio->SSE mode mixed them up. It binds 127.0.0.1 unless told
`--host 0.0.0.0`, and hands the child only a few variables unless
`--pass-environment`, so both are always set. It keeps answering /status (and
`initialize`, from the child's first answer) after the child has died: only a
request the child must answer tells, hence the liveness check below.

Mirrored by the chart's `_stdio.tpl`; a parity test holds the two together.
"""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Finding
from mcpgen.model.spec import (
    BRIDGE_VERSION,
    DEFAULT_BRIDGE_IMAGE,
    DEFAULT_STARTUP_FAILURE_THRESHOLD,
    STDIO_STARTUP_FAILURE_THRESHOLD,
    MCPServerSpec,
)
from mcpgen.rules.scale import scaled_out

BRIDGE = "mcp-proxy"
# mcp-proxy's own health endpoint: up once the child has answered `initialize`.
STATUS_PATH = "/status"
# Where npm, npx, uv and uvx keep what they download, below the scratch HOME; HOME
# alone is not enough when an image or a tool looks elsewhere (public failure reports
# for /.cache/uv, the npm cache and UV_TOOL_DIR on read-only roots).
CACHE_ENV = (
    ("npm_config_cache", ".npm"),
    ("UV_CACHE_DIR", ".cache/uv"),
    ("UV_TOOL_DIR", ".local/share/uv/tools"),
    ("UV_PYTHON_INSTALL_DIR", ".local/share/uv/python"),
    ("XDG_CACHE_HOME", ".cache"),
)

# The liveness check: one real MCP exchange through the bridge to the child, with the
# bridge image's own Python and nothing but its standard library. `ping` would not do:
# the bridge answers it itself. The session is ended, so checks do not pile up in the
# bridge's memory. A child that offers no tools, resources or prompts has nothing to
# ask, and passes.
LIVENESS_SCRIPT = """\
import json, sys, urllib.request
url = sys.argv[1]
def post(body, sid=None, method="POST"):
    head = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    if sid:
        head["Mcp-Session-Id"] = sid
        head["MCP-Protocol-Version"] = "2025-06-18"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data, head, method=method)
    with urllib.request.urlopen(req, timeout=3) as r:
        text = r.read().decode()
        sid = r.headers.get("Mcp-Session-Id") or sid
    for line in text.splitlines():
        if line.startswith("data:"):
            text = line[5:]
    return sid, json.loads(text) if text.strip() else None
hello = {"protocolVersion": "2025-06-18", "capabilities": {},
         "clientInfo": {"name": "mcpgen-liveness", "version": "1"}}
sid, init = post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello})
post({"jsonrpc": "2.0", "method": "notifications/initialized"}, sid)
caps = init["result"]["capabilities"]
ask = next((k for k in ("tools", "resources", "prompts") if k in caps), None)
reply = {"result": {ask: []}}
if ask:
    reply = post({"jsonrpc": "2.0", "id": 2, "method": ask + "/list"}, sid)[1]
if sid:
    post(None, sid, "DELETE")
if not isinstance((reply.get("result") or {}).get(ask), list):
    sys.exit("the child did not answer %s/list: %s" % (ask, json.dumps(reply)[:300]))
"""


def bridged(spec: MCPServerSpec) -> bool:
    """Does the container run the bridge? Only with a command to start: without one the
    server is the image's ENTRYPOINT, which mcpgen cannot see, so there is nothing to wrap."""
    return spec.transport.type == "stdio" and bool(spec.command)


def bridge_command(spec: MCPServerSpec) -> list[str]:
    """The container's command; its args are then the child's command and arguments."""
    return [
        BRIDGE,
        # Its default, 127.0.0.1, is unreachable from the Service.
        "--host=0.0.0.0",
        f"--port={spec.transport.config.http.port}",
        # Else the child gets only PATH, HOME and a few others, not `environment`.
        "--pass-environment",
        "--",
    ]


def bridge_args(spec: MCPServerSpec) -> list[str]:
    return [*spec.command, *spec.args]


def cache_env(spec: MCPServerSpec) -> list[dict[str, str]]:
    """The package caches on the scratch HOME, unless `environment` names them."""
    home = spec.scratch.home
    if home is None:
        return []
    taken = {e.name for e in spec.environment}
    base = home.rstrip("/")
    return [{"name": n, "value": f"{base}/{sub}"} for n, sub in CACHE_ENV if n not in taken]


def liveness_on(spec: MCPServerSpec) -> bool:
    enabled = spec.health_check.liveness.enabled
    return bridged(spec) if enabled is None else enabled


def startup_failure_threshold(spec: MCPServerSpec) -> int:
    chosen = spec.health_check.startup.failure_threshold
    if chosen is not None:
        return chosen
    return STDIO_STARTUP_FAILURE_THRESHOLD if bridged(spec) else DEFAULT_STARTUP_FAILURE_THRESHOLD


def liveness_check(spec: MCPServerSpec) -> dict[str, Any]:
    url = f"http://127.0.0.1:{spec.transport.config.http.port}/mcp"
    return {"exec": {"command": ["python3", "-c", LIVENESS_SCRIPT, url]}}


def stdio_diagnostics(spec: MCPServerSpec) -> list[Finding]:
    if spec.transport.type != "stdio":
        return []
    if not bridged(spec):
        return [
            Finding(
                "STD003",
                "warning",
                "transport.type stdio with no command: the server is the image's ENTRYPOINT, "
                "which mcpgen cannot see, so no bridge wraps it and the pod never listens on "
                "transport.config.http.port",
                "set command (and args) to the server's entrypoint (docker inspect -f "
                "'{{json .Config.Entrypoint}}' IMAGE), in an image that carries the bridge "
                f"(FROM {DEFAULT_BRIDGE_IMAGE})",
                "spec.command",
            )
        ]
    out: list[Finding] = []
    if scaled_out(spec):
        out.append(
            Finding(
                "STD001",
                "warning",
                "more than one pod runs this stdio server: each pod starts its own child "
                "process, whose in-memory state (and the bridge's sessions) no other pod "
                "shares, so a client that lands on another pod starts over",
                "keep replicas at 1 for a stateful stdio server; scale out only a stateless one",
                "spec.replicas",
            )
        )
    if spec.image.rsplit(":", 1)[0] != DEFAULT_BRIDGE_IMAGE.rsplit(":", 1)[0]:
        out.append(
            Finding(
                "STD002",
                "info",
                f"image {spec.image} must carry the bridge ({BRIDGE} {BRIDGE_VERSION} on "
                "PATH, and python3 for the liveness check)",
                f"build it FROM {DEFAULT_BRIDGE_IMAGE} (images/stdio-bridge/Dockerfile)",
                "spec.image",
            )
        )
    return out
