"""Issue 13's injection mode, end to end: render an injection spec, run its init
container's command to copy the static bridge into the "emptyDir", then run the
server container's command in a root that holds only that copy and a static stdio
server (tests/stdio/static_bridge.py says what is and is not reproduced); probe it,
call tools with the SDK, kill the child under the rendered liveness check.

Real parts only: the static bridge built by images/stdio-bridge-static/build.py (the
Dockerfile's recipe) from mcp-proxy on PyPI, the echo server built by the same script,
`unshare` and `chroot`, the mcp 2.x client, `mcpgen probe --deep`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import anyio
import pytest
from probe.runner import run_cli
from stdio.bridge import server as server_of
from stdio.static_bridge import CHILD, Built, Root, build, processes_in, run_in, running
from stdio.test_bridge_live import _call, _two_clients

from mcpgen.model.spec import BRIDGE_VERSION
from mcpgen.render import render_server

SPEC: dict[str, Any] = {
    # Stands for an image that cannot be rebuilt: its root holds only the static server.
    "image": "ghcr.io/acme/echo-stdio:1.0",
    "command": [CHILD],
    "args": ["--transport", "stdio"],
    "environment": [{"name": "MCPGEN_ECHO", "value": "from the spec"}],
    "transport": {"type": "stdio", "stdio": {"bridge": "inject"}},
}


@pytest.fixture(scope="session")
def built() -> Built:
    return build()


def _pod() -> dict[str, Any]:
    docs = render_server(server_of(SPEC, "inject")).documents
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    pod: dict[str, Any] = deployment["spec"]["template"]["spec"]
    return pod


def _probe(url: str) -> tuple[int, dict[str, Any]]:
    done = run_cli("probe", "--deep", "--output", "json", "--timeout", "20", url)
    return done.code, json.loads(done.out)[0]


def test_the_static_bridge_needs_nothing_from_the_host(built: Built, tmp_path: Path) -> None:
    for binary in (built.bridge, built.echo):
        ldd = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, timeout=30)
        assert "not a dynamic executable" in ldd.stdout + ldd.stderr, ldd
    # Alone in a root of its own (no libc, no shell, no PATH): it runs and is the bridge.
    root = tmp_path / "root"
    (root / "tmp").mkdir(parents=True)
    (root / "mcp-proxy").write_bytes(built.bridge.read_bytes())
    (root / "mcp-proxy").chmod(0o755)
    done = run_in(Root(root, ()), {}, ["/mcp-proxy", "--version"])
    assert done.returncode == 0 and done.stdout.strip() == f"mcp-proxy {BRIDGE_VERSION}", done
    # It unpacked itself in /tmp and cleaned up after.
    assert list((root / "tmp").iterdir()) == []


def test_rendered_injected_pod_serves_checks_and_restarts(built: Built, tmp_path: Path) -> None:
    pod = _pod()
    with running(pod, built, tmp_path) as live:
        # The init container copied itself: the emptyDir holds the one executable.
        (copied,) = (tmp_path / "emptydirs" / "mcp-bridge").iterdir()
        assert copied.name == "mcp-proxy" and os.access(copied, os.X_OK)
        assert copied.read_bytes() == built.bridge.read_bytes()

        code, result = _probe(live.url)
        assert code == 0, result
        assert result["state"] == "Validated" and set(result["tools"]) == {"whoami", "echo"}
        code, sse = _probe(live.url.replace("/mcp", "/sse"))
        assert (code, sse["protocol"]) == (0, "sse"), sse

        me = anyio.run(_call, live.url, "whoami", {})
        assert me["echo"] == "from the spec"  # the rendered env reached the child
        # The bridge's own bootloaders' variables did not: the child, a static program
        # too, sees only its own (an inherited LD_LIBRARY_PATH would show as _ORIG).
        assert "LD_LIBRARY_PATH_ORIG" not in me["bootloader"], me
        assert me["bootloader"].get("STATICX_PROG_PATH") == CHILD, me
        answers = anyio.run(_two_clients, live.url)
        assert answers == {t: [f"{t}-{i}" for i in range(10)] for t in ("a", "b")}

        ok = live.alive()
        assert ok.returncode == 0, ok.stderr
        os.kill(me["pid"], signal.SIGKILL)
        dead = live.alive()
        assert dead.returncode != 0
        assert "did not answer tools/list" in dead.stderr, dead.stderr
        assert live.process.poll() is None  # the bridge lives on; only the check tells
        code, result = _probe(live.url)
        assert code == 1 and result["state"] == "Failed", result
    # Everything the pod started has stopped.
    assert processes_in([tmp_path / "init-root", tmp_path / "server-root"]) == []
