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

Injection (`transport.stdio.bridge: inject`), for images that cannot be rebuilt: the
same mcp-proxy, frozen with PyInstaller and made independent of the image's libc with
staticx (images/stdio-bridge-static), is copied by an init container into an emptyDir;
the server's own image then runs it from there. The copy needs no `cp` (the injector
image holds that one file): the executable copies itself (`--copy-self`). The
liveness check cannot count on the image's python3 either, so the same executable runs
the same script (`--check`). Both unpack themselves into TMPDIR first: the init
container points it at its emptyDir, the server container uses the scratch /tmp.

Mirrored by the chart's `_stdio.tpl`; a parity test holds the two together.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from mcpgen.diagnostics import Finding
from mcpgen.model.spec import (
    BRIDGE_VERSION,
    DEFAULT_BRIDGE_IMAGE,
    DEFAULT_STARTUP_FAILURE_THRESHOLD,
    DEFAULT_STATIC_BRIDGE_RESOURCES,
    STDIO_STARTUP_FAILURE_THRESHOLD,
    MCPServerSpec,
)
from mcpgen.rules.scale import scaled_out
from mcpgen.rules.security import DROP_ALL, user_mount_paths

BRIDGE = "mcp-proxy"
# Injection: the init container, the emptyDir it fills, and where the server container
# finds the bridge. The injector image is FROM scratch with the one file at its root.
INJECTOR_NAME = "mcp-bridge"
INJECTOR_FILE = "/mcp-proxy"
BRIDGE_VOLUME = "mcp-bridge"
BRIDGE_DIR = "/mcpgen-bridge"
STATIC_BRIDGE = f"{BRIDGE_DIR}/{BRIDGE}"
# The copy (16 MB), and the injector's unpacked self while it runs, in TMPDIR there.
BRIDGE_VOLUME_SIZE = "128Mi"
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


def injected_bridge(spec: MCPServerSpec) -> bool:
    """Is the bridge copied into the pod by an init container (not in the image)?"""
    return bridged(spec) and spec.transport.stdio.bridge == "inject"


def carries_bridge(spec: MCPServerSpec) -> bool:
    """Is the server's image mcpgen's bridge image (any tag)?"""
    return spec.image.rsplit(":", 1)[0] == DEFAULT_BRIDGE_IMAGE.rsplit(":", 1)[0]


def bridge_command(spec: MCPServerSpec) -> list[str]:
    """The container's command; its args are then the child's command and arguments."""
    return [
        STATIC_BRIDGE if injected_bridge(spec) else BRIDGE,
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
    if injected_bridge(spec):
        # The image may have no python3: the static bridge runs the same script.
        return {"exec": {"command": [STATIC_BRIDGE, "--check", url]}}
    return {"exec": {"command": ["python3", "-c", LIVENESS_SCRIPT, url]}}


def injector_container(spec: MCPServerSpec) -> dict[str, Any]:
    """The init container that copies the static bridge into the emptyDir."""
    own = spec.transport.stdio.resources
    resources = (
        own.model_dump(by_alias=True, exclude_none=True)
        if own is not None and own.requests
        else DEFAULT_STATIC_BRIDGE_RESOURCES
    )
    out: dict[str, Any] = {
        "name": INJECTOR_NAME,
        "image": spec.transport.stdio.image,
        "command": [INJECTOR_FILE, "--copy-self", STATIC_BRIDGE],
        # It unpacks itself before it runs; its root is read-only, its emptyDir is not.
        "env": [{"name": "TMPDIR", "value": BRIDGE_DIR}],
        "resources": resources,
        "volumeMounts": [{"name": BRIDGE_VOLUME, "mountPath": BRIDGE_DIR}],
        # It needs nothing but its emptyDir, whatever the spec allows the server.
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "capabilities": DROP_ALL,
            "readOnlyRootFilesystem": True,
        },
    }
    if spec.image_pull_policy is not None:
        out["imagePullPolicy"] = spec.image_pull_policy
    return out


def bridge_mount() -> dict[str, Any]:
    """The server container's view of the copied bridge: read-only, so nothing in the
    server can replace the program that runs it."""
    return {"name": BRIDGE_VOLUME, "mountPath": BRIDGE_DIR, "readOnly": True}


def bridge_volume() -> dict[str, Any]:
    return {"name": BRIDGE_VOLUME, "emptyDir": {"sizeLimit": BRIDGE_VOLUME_SIZE}}


def tmp_writable(spec: MCPServerSpec) -> bool:
    """Does the server container get a writable /tmp, for the static bridge to unpack in?"""
    mounted = "/tmp" in user_mount_paths(spec)
    return spec.scratch.tmp or mounted or not spec.security.read_only_root_filesystem


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
                f"(FROM {DEFAULT_BRIDGE_IMAGE}), or with transport.stdio.bridge: inject for "
                "an image that cannot be rebuilt",
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
                "keep replicas at 1 for a stateful stdio server; scale out only a stateless "
                "one, and then set transport.config.http.sessionManagement: true: the bridge "
                "holds each client's Mcp-Session-Id in its own memory, and only with it do "
                "the bridge's sessions get affinity (Service ClientIP) to their pod",
                "spec.replicas",
            )
        )
    if injected_bridge(spec):
        return out + _injection_diagnostics(spec)
    if not carries_bridge(spec):
        out.append(
            Finding(
                "STD002",
                "info",
                f"image {spec.image} must carry the bridge ({BRIDGE} {BRIDGE_VERSION} on "
                "PATH, and python3 for the liveness check)",
                f"build it FROM {DEFAULT_BRIDGE_IMAGE} (images/stdio-bridge/Dockerfile), or "
                "set transport.stdio.bridge: inject to copy a static bridge into the pod",
                "spec.image",
            )
        )
    return out


def _injection_diagnostics(spec: MCPServerSpec) -> list[Finding]:
    out: list[Finding] = []
    if not tmp_writable(spec):
        out.append(
            Finding(
                "STD004",
                "error",
                "the injected bridge unpacks itself into /tmp before it runs, and this pod "
                "has no writable /tmp (scratch.tmp is false, no volume is mounted there and "
                "the root is read-only): the container would exit at once",
                "remove scratch.tmp: false, or mount a volume at /tmp",
                "spec.scratch.tmp",
            )
        )
    if carries_bridge(spec):
        out.append(
            Finding(
                "STD005",
                "info",
                f"image {spec.image} carries the bridge already: injection copies a second "
                "one into the pod",
                "remove transport.stdio.bridge: inject (the image's own bridge runs then)",
                "spec.transport.stdio.bridge",
            )
        )
    limits = (spec.resources.limits if spec.resources else None) or {}
    cores = _cores(limits["cpu"]) if "cpu" in limits else None
    checked = liveness_on(spec) and spec.health_check.enabled
    if checked and cores is not None and cores < CHECK_CPU_CORES:
        out.append(
            Finding(
                "STD006",
                "warning",
                f"the CPU limit ({limits['cpu']}) is below {CHECK_CPU_CORES} cores, and "
                "each liveness check runs the injected bridge once more, which unpacks "
                "itself first (about one CPU-second, measured here): throttled, a "
                "check can outlast healthCheck.liveness.timeoutSeconds and restart a "
                "healthy pod",
                "raise resources.limits.cpu to 500m or more, or raise "
                "healthCheck.liveness.timeoutSeconds (and periodSeconds)",
                "spec.resources.limits.cpu",
            )
        )
    return out


# One liveness check through the static bridge took about 0.9 CPU-seconds here; at half a
# core that is under two seconds of the default five-second timeout.
CHECK_CPU_CORES = 0.5


def _cores(quantity: str | int | float) -> float | None:
    """A CPU quantity in cores ("500m", "1", 0.5); None for a form this does not read."""
    text = str(quantity)
    try:
        if text.endswith("m"):
            return float(Decimal(text[:-1]) / 1000)
        return float(Decimal(text))
    except InvalidOperation:
        return None
