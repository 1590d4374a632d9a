"""The round trip of issue 13: render a stdio spec, run the rendered container's command
locally (tests/stdio/bridge.py says what is substituted), then probe it, call tools with
the official SDK, and kill the child under the rendered liveness check.

Real parts only: mcp-proxy from PyPI (the pinned bridge), a stdio server written with
the `mcp` SDK, mcp-server-time from PyPI, the mcp 2.x client, `mcpgen probe --deep`.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from probe.runner import run_cli
from stdio.bridge import ECHO_SERVER, bridge_bin, container_of, running, time_bin

ECHO_SPEC: dict[str, Any] = {
    "image": "ghcr.io/mcpgen/stdio-bridge:0.13.0",
    "command": [sys.executable],
    # The child's own `--transport stdio` must not make the rules think it cannot be served.
    "args": [str(ECHO_SERVER), "--transport", "stdio"],
    "environment": [{"name": "MCPGEN_ECHO", "value": "from the spec"}],
    "transport": {"type": "stdio"},
}
ROUNDS = 10


async def _call(url: str, tool: str, arguments: dict[str, Any]) -> Any:
    async with (
        streamable_http_client(url) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        result = await session.call_tool(tool, arguments)
        assert not result.is_error, result
        if result.structured_content is not None:
            return result.structured_content
        return "".join(getattr(c, "text", "") for c in result.content)


async def _echo_many(url: str, tag: str, answers: list[str]) -> None:
    async with (
        streamable_http_client(url) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        for i in range(ROUNDS):
            result = await session.call_tool("echo", {"text": f"{tag}-{i}"})
            answers.append("".join(getattr(c, "text", "") for c in result.content))


async def _two_clients(url: str) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {"a": [], "b": []}
    async with anyio.create_task_group() as group:
        for tag, got in answers.items():
            group.start_soon(_echo_many, url, tag, got)
    return answers


def _probe(url: str) -> tuple[int, dict[str, Any]]:
    done = run_cli("probe", "--deep", "--output", "json", "--timeout", "20", url)
    return done.code, json.loads(done.out)[0]


@pytest.fixture(scope="module")
def bridge() -> Path:
    return bridge_bin()


def test_rendered_echo_pod_serves_checks_and_restarts(bridge: Path, tmp_path: Path) -> None:
    container = container_of(ECHO_SPEC)
    with running(container, tmp_path, bridge) as pod:
        code, result = _probe(pod.url)
        assert code == 0, result
        assert result["state"] == "Validated"
        assert set(result["tools"]) == {"whoami", "echo"}
        # The same bridge serves legacy SSE beside it.
        code, sse = _probe(pod.url.replace("/mcp", "/sse"))
        assert (code, sse["protocol"]) == (0, "sse"), sse

        me = anyio.run(_call, pod.url, "whoami", {})
        assert me["echo"] == "from the spec"  # the pod's environment reached the child
        answers = anyio.run(_two_clients, pod.url)
        assert answers == {t: [f"{t}-{i}" for i in range(ROUNDS)] for t in ("a", "b")}
        # One shared child: the second client reached the same process.
        assert anyio.run(_call, pod.url, "whoami", {})["pid"] == me["pid"]

        assert pod.alive().returncode == 0, pod.alive().stderr
        os.kill(me["pid"], signal.SIGKILL)
        dead = pod.alive()
        assert dead.returncode != 0
        assert "did not answer tools/list" in dead.stderr
        # The bridge itself lives on: the handshake still passes, only --deep tells.
        assert pod.process.poll() is None
        code, result = _probe(pod.url)
        assert code == 1 and result["state"] == "Failed", result
        assert any("child process" in i["message"] for i in result["issues"]), result


def test_rendered_mcp_server_time_pod_answers(bridge: Path, tmp_path: Path) -> None:
    spec = {
        "image": "ghcr.io/mcpgen/stdio-bridge:0.13.0",
        "command": ["mcp-server-time"],
        "args": ["--local-timezone=UTC"],
        "transport": {"type": "stdio"},
    }
    with running(container_of(spec), tmp_path, bridge, time_bin()) as pod:
        code, result = _probe(pod.url)
        assert code == 0, result
        assert "get_current_time" in result["tools"]
        now = anyio.run(_call, pod.url, "get_current_time", {"timezone": "UTC"})
        assert '"timezone": "UTC"' in now or (isinstance(now, dict) and now["timezone"] == "UTC")
        assert pod.alive().returncode == 0
