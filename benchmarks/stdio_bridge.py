"""The stdio bridge's cost: time to a first answer, and memory, with 1..N sessions.

    .venv/bin/python benchmarks/stdio_bridge.py [--runs 5] [--sessions 5]

Runs the rendered container of a stdio spec locally (tests/stdio/bridge.py says what
is substituted: port, host, HOME, PATH) with the pinned mcp-proxy from its tool venv,
for two children: the SDK echo server of tests/stdio and mcp-server-time from PyPI.
Per run it reports the wall time from starting the process to the first tools/call
answer (an SDK client: connect, initialize, call), and the RSS (VmRSS of /proc) of
the bridge and its child after that answer; then, with `--sessions` clients held
open at once, the RSS again and the median time one more session takes to get its
first answer. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import anyio  # noqa: E402
from mcp import ClientSession  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402
from stdio.bridge import (  # noqa: E402
    ECHO_SERVER,
    bridge_bin,
    container_of,
    running,
    time_bin,
)

CHILDREN: dict[str, tuple[dict[str, Any], str, dict[str, Any]]] = {
    "sdk echo server": (
        {"command": [sys.executable], "args": [str(ECHO_SERVER)]},
        "echo",
        {"text": "hi"},
    ),
    "mcp-server-time": (
        {"command": ["mcp-server-time"], "args": ["--local-timezone=UTC"]},
        "get_current_time",
        {"timezone": "UTC"},
    ),
}


def _rss_mib(pid: int) -> float:
    """VmRSS of `pid` and of every process below it, in MiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except FileNotFoundError:
            continue
        total += next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:"))
        todo += [int(c) for c in children]
    return total / 1024


async def _open(stack: AsyncExitStack, url: str) -> ClientSession:
    read, write = await stack.enter_async_context(streamable_http_client(url))
    session = await stack.enter_async_context(ClientSession(read, write))
    await session.initialize()
    return session


async def _sessions(url: str, tool: str, arguments: dict[str, Any], n: int) -> list[float]:
    """Open `n` sessions one after another, keep them open; seconds each took to answer."""
    took = []
    async with AsyncExitStack() as stack:
        for _ in range(n):
            start = time.perf_counter()
            session = await _open(stack, url)
            await session.call_tool(tool, arguments)
            took.append(time.perf_counter() - start)
        return took


def one_run(spec: dict[str, Any], tool: str, arguments: dict[str, Any], n: int) -> dict[str, float]:
    full = {"image": "ghcr.io/mcpgen/stdio-bridge:0.13.0", "transport": {"type": "stdio"}, **spec}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with running(container_of(full), Path(tmp), bridge_bin(), time_bin()) as pod:
            anyio.run(_sessions, pod.url, tool, arguments, 1)
            first = time.perf_counter() - start
            rss1 = _rss_mib(pod.process.pid)
            more = anyio.run(_sessions, pod.url, tool, arguments, n)
            rss_n = _rss_mib(pod.process.pid)
    return {"first": first, "rss1": rss1, "rssn": rss_n, "session": statistics.median(more)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=5)
    opts = parser.parse_args()
    bridge_bin(), time_bin()  # built (or found) before anything is timed
    print(f"mcp-proxy, {opts.runs} runs each; medians (min..max)")
    for name, (spec, tool, arguments) in CHILDREN.items():
        rows = [one_run(spec, tool, arguments, opts.sessions) for _ in range(opts.runs)]

        def cell(key: str, fmt: str, rows: list[dict[str, float]] = rows) -> str:
            xs = [fmt.format(x) for x in (statistics.median(r[key] for r in rows),)]
            low, high = (fmt.format(f(r[key] for r in rows)) for f in (min, max))
            return f"{xs[0]} ({low}..{high})"

        print(f"{name}:")
        print(f"  start to first tools/call answer: {cell('first', '{:.2f}')} s")
        print(f"  RSS bridge + child, 1 session:    {cell('rss1', '{:.0f}')} MiB")
        print(f"  RSS with {opts.sessions} more sessions open:    {cell('rssn', '{:.0f}')} MiB")
        print(f"  one more session's first answer:  {cell('session', '{:.3f}')} s")


if __name__ == "__main__":
    main()
