"""A rendered stdio pod's container, run as a local process on 127.0.0.1.

The command, args and env come from the Deployment `mcpgen render` writes. Only what
cannot be the same outside a pod is substituted, each said here:
- `--port=8080` becomes a port the kernel picks (8080 may be taken on this machine),
  and so does the port in the liveness check's URL;
- `--host=0.0.0.0` becomes `--host=127.0.0.1`: the tests listen on loopback only;
- env values under the scratch HOME (/home/mcp, an emptyDir in the pod) point into a
  temporary folder instead;
- PATH, which the image sets, is the tool venvs' bin folders (they stand for the bridge
  image's mcp-proxy and a server's own install) before this machine's PATH.
Both tool venvs are cached the way tests/tool_venv.py caches them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from tool_venv import tool_venv

from mcpgen.model import MCPServer
from mcpgen.model.spec import BRIDGE_VERSION
from mcpgen.render import render_server

HERE = Path(__file__).resolve().parent
ECHO_SERVER = HERE / "echo_server.py"
BRIDGE_REQUIREMENTS = (f"mcp-proxy=={BRIDGE_VERSION}",)
# mcp-proxy pins mcp 1.x and mcp-server-time wants 2.x: two venvs.
TIME_REQUIREMENTS = ("mcp-server-time==2026.10.19",)
POD_HOME = "/home/mcp"
STARTUP_SECONDS = 60
STOP_SECONDS = 10


def bridge_bin() -> Path:
    return tool_venv("stdio-bridge", BRIDGE_REQUIREMENTS)


def time_bin() -> Path:
    return tool_venv("mcp-server-time", TIME_REQUIREMENTS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def server(spec: dict[str, Any], name: str = "stdio") -> MCPServer:
    return MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": name, "namespace": "mcp"},
            "spec": spec,
        }
    )


def container_of(spec: dict[str, Any]) -> dict[str, Any]:
    """The server container of the rendered Deployment."""
    docs = render_server(server(spec)).documents
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    found: dict[str, Any] = deployment["spec"]["template"]["spec"]["containers"][0]
    return found


def _local(value: str, port: int, home: Path) -> str:
    value = value.replace("--host=0.0.0.0", "--host=127.0.0.1")
    value = value.replace("--port=8080", f"--port={port}")
    value = value.replace("http://127.0.0.1:8080/", f"http://127.0.0.1:{port}/")
    return str(home) + value[len(POD_HOME) :] if value.startswith(POD_HOME) else value


@dataclass
class Pod:
    """The container running locally: the bridge process and what reaches it."""

    process: subprocess.Popen[bytes]
    port: int
    liveness: list[str]
    env: dict[str, str]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"

    def alive(self) -> subprocess.CompletedProcess[str]:
        """Run the rendered liveness command once, as the kubelet would."""
        return subprocess.run(
            self.liveness, capture_output=True, text=True, timeout=30, env=self.env
        )


@contextmanager
def running(container: dict[str, Any], tmp: Path, *path: Path) -> Iterator[Pod]:
    port = free_port()
    home = tmp / "home"
    home.mkdir()
    argv = [_local(a, port, home) for a in [*container["command"], *container.get("args", [])]]
    env = {e["name"]: _local(e["value"], port, home) for e in container.get("env", [])}
    env["PATH"] = os.pathsep.join([*map(str, path), os.environ.get("PATH", "")])
    liveness = [_local(a, port, home) for a in container["livenessProbe"]["exec"]["command"]]
    log = tmp / "bridge.log"
    with log.open("wb") as out:
        # Its own session: stopping it stops the child too (one process group).
        process = subprocess.Popen(
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    pod = Pod(process, port, liveness, env, log)
    try:
        wait_ready(pod.process, pod.port, pod.log)
        yield pod
    finally:
        _stop(process)


def wait_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Until the rendered readiness check (GET /status) passes, within STARTUP_SECONDS;
    both bridge modes (image and injected) start this way."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the bridge exited {process.returncode}:\n{tail(log)}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/status", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the bridge was not ready in {STARTUP_SECONDS} s:\n{tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_SECONDS)
    with suppress(ProcessLookupError):  # the child, should it have outlived the bridge
        os.killpg(process.pid, signal.SIGKILL)


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]
