"""The stdio bridge's cost: time to a first answer, and memory, with 1..N sessions.

    .venv/bin/python benchmarks/stdio_bridge.py [--runs 5] [--sessions 5] [--static]

Runs the rendered container of a stdio spec locally (tests/stdio/bridge.py says what
is substituted: port, host, HOME, PATH) with the pinned mcp-proxy from its tool venv,
for two children: the SDK echo server of tests/stdio and mcp-server-time from PyPI.
Per run it reports the wall time from starting the process to the first tools/call
answer (an SDK client: connect, initialize, call), and the RSS (VmRSS of /proc) of
the bridge and its child after that answer; then, with `--sessions` clients held
open at once, the RSS again and the median time one more session takes to get its
first answer. Not part of the test suite.

`--static` measures the injection mode instead (tests/stdio/static_bridge.py): the
static bridge built by images/stdio-bridge-static/build.py, its init container's copy,
then the server container in a root holding only the copy and the static echo server.
It reports the executable's size, the init container's time, the time from starting
the server container to the first tools/call answer, the RSS of the bridge's own
processes (the staticx and PyInstaller bootloaders and Python) apart from the child's,
and the wall and CPU time of one liveness check (`--check`).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
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
    server,
    time_bin,
)
from stdio.static_bridge import CHILD, Built, build, processes_in  # noqa: E402
from stdio.static_bridge import running as running_injected  # noqa: E402

from mcpgen.render import render_server  # noqa: E402

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


INJECT_SPEC: dict[str, Any] = {
    "image": "ghcr.io/acme/echo-stdio:1.0",
    "command": [CHILD],
    "transport": {"type": "stdio", "stdio": {"bridge": "inject"}},
}


def _rss_split(roots: list[Path]) -> tuple[float, float]:
    """(bridge, child) RSS in MiB of the processes in `roots`, told apart by argv[0]."""
    bridge = child = 0
    for pid in processes_in(roots):
        try:
            argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        rss = next((int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:")), 0)
        if argv0.endswith(b"/mcp-proxy"):
            bridge += rss
        else:
            child += rss
    return bridge / 1024, child / 1024


def _cpu_of(run: Any) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of `run()`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def one_static_run(built: Built, n: int) -> dict[str, float]:
    docs = render_server(server(INJECT_SPEC, "inject")).documents
    pod = next(d for d in docs if d["kind"] == "Deployment")["spec"]["template"]["spec"]
    with tempfile.TemporaryDirectory() as tmp:
        roots = [Path(tmp) / "init-root", Path(tmp) / "server-root"]
        start = time.perf_counter()
        with running_injected(pod, built, Path(tmp)) as live:
            anyio.run(_sessions, live.url, "echo", {"text": "hi"}, 1)
            first = time.perf_counter() - start
            bridge1, child1 = _rss_split(roots)
            more = anyio.run(_sessions, live.url, "echo", {"text": "hi"}, n)
            bridge_n, _ = _rss_split(roots)
            check_wall, check_cpu = _cpu_of(live.alive)
    return {
        "first": first,
        "bridge1": bridge1,
        "child1": child1,
        "bridgen": bridge_n,
        "session": statistics.median(more),
        "check": check_wall,
        "checkcpu": check_cpu,
    }


def _cell(rows: list[dict[str, float]], key: str, fmt: str) -> str:
    mid = fmt.format(statistics.median(r[key] for r in rows))
    low, high = (fmt.format(f(r[key] for r in rows)) for f in (min, max))
    return f"{mid} ({low}..{high})"


def static_main(runs: int, sessions: int) -> None:
    start = time.perf_counter()
    built = build()
    took = built.seconds or (time.perf_counter() - start)
    print(f"static bridge {built.bridge}: {built.bridge.stat().st_size / 2**20:.1f} MiB")
    print(f"  build: {took:.0f} s ({'cached' if not built.seconds else 'built now'})")
    with tempfile.TemporaryDirectory() as tmp:
        env = {"TMPDIR": tmp}
        copy = [str(built.bridge), "--copy-self", os.path.join(tmp, "mcp-proxy")]
        wall, cpu = _cpu_of(lambda: subprocess.run(copy, env=env, check=True, timeout=60))
    print(f"  init container (--copy-self): {wall:.2f} s wall, {cpu:.2f} s CPU")
    rows = [one_static_run(built, sessions) for _ in range(runs)]
    print(f"injected bridge + static sdk echo server, {runs} runs; medians (min..max)")
    print(f"  init start to first tools/call:   {_cell(rows, 'first', '{:.2f}')} s")
    print(f"  RSS bridge alone, 1 session:      {_cell(rows, 'bridge1', '{:.0f}')} MiB")
    print(f"  RSS the static child:             {_cell(rows, 'child1', '{:.0f}')} MiB")
    print(f"  RSS bridge, {sessions} more sessions open: {_cell(rows, 'bridgen', '{:.0f}')} MiB")
    print(f"  one more session's first answer:  {_cell(rows, 'session', '{:.3f}')} s")
    print(f"  one liveness check (--check):     {_cell(rows, 'check', '{:.2f}')} s wall")
    print(f"                                    {_cell(rows, 'checkcpu', '{:.2f}')} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--static", action="store_true", help="the injection mode's bridge")
    opts = parser.parse_args()
    if opts.static:
        static_main(opts.runs, opts.sessions)
        return
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
