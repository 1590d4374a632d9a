"""Probe speed and memory on loopback, against the official SDK's servers and a flood.

    .venv/bin/python benchmarks/probe.py [--runs 20]

Prints, per SDK server mode (mcp 2.3.0 in every mode, and mcp 1.30.0 from the
tests' own venv), its era, the requests a probe makes and the median time to a
verdict over `--runs` probes for each driver (blocking and asyncio, warm
process), without and with --deep; the cold-start time of
`mcpgen probe URL` as a process; 50 URLs probed at once; and the peak memory
of a probe against servers that flood it (Python heap by tracemalloc, and the
peak RSS of a whole `mcpgen probe` process); and how long servers that
trickle their headers or nest JSON 100,000 deep hold a probe with a 5 s
deadline. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests" / "probe"))

import mcp1_venv  # noqa: E402
from _measure import python_of_venv, run_child  # noqa: E402
from hostile_server import HostileServer  # noqa: E402
from mcp1_server import KINDS as MCP1_KINDS  # noqa: E402
from sdk_server import SdkServer, running  # noqa: E402

from mcpgen.probe import ProbeOptions, ProbeReport, probe_url, probe_url_async, probe_urls  # noqa: E402

KINDS = ("sse", "stateful", "stateless", "json", "modern")
FLOODS = ("/flood-data", "/huge-event", "/flood-events", "/flood-comments")
# Servers that only a deadline or the depth cap can stop.
HOLDERS = ("/trickle-headers", "/trickle-stream-headers", "/deep-json", "/deep-event")
HOLD_DEADLINE = 5.0


def _async_probe(url: str, options: ProbeOptions) -> ProbeReport:
    return asyncio.run(probe_url_async(url, options))


DRIVERS: dict[str, Callable[[str, ProbeOptions], ProbeReport]] = {
    "blocking": probe_url,
    "asyncio": _async_probe,
}


def median_ms(probe: Callable[[], ProbeReport], runs: int) -> tuple[float, float, ProbeReport]:
    report = probe()  # warm: imports, first connections
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report = probe()
        times.append((time.perf_counter() - started) * 1000)
        if not report.ok:
            raise SystemExit(report.text())
    return statistics.median(times), min(times), report


def detection(servers: dict[str, SdkServer], runs: int) -> None:
    print(f"time to a verdict, warm process, median of {runs} (min) in ms")
    head = f"  {'server':<30}{'era':<8}{'requests':>9}"
    print(head + "".join(f"{name:>20}" for name in DRIVERS) + "   --deep: requests, blocking")
    targets = [(f"mcp 2.3.0 {kind}", servers[kind].url) for kind in KINDS]
    targets.append(("mcp 2.3.0 modern (bare)", servers["modern"].base + "/bare/mcp"))
    targets += [(f"mcp 1.30.0 {kind}", servers[kind].url) for kind in MCP1_KINDS]
    targets.append(("mcp 2.3.0 sse (no path)", servers["sse"].base))
    for label, url in targets:
        cells = []
        report = None
        for driver in DRIVERS.values():
            med, low, report = median_ms(partial(driver, url, ProbeOptions()), runs)
            cells.append(f"{med:>10.1f} ({low:.1f})")
        deep_ms, _, deep = median_ms(partial(probe_url, url, ProbeOptions(deep=True)), runs)
        era = report.verdict.era.value if report and report.verdict.era else "?"
        count = report.verdict.requests if report else 0
        print(
            f"  {label:<30}{era:<8}{count:>9}"
            + "".join(f"{c:>20}" for c in cells)
            + f"   {deep.verdict.requests:>3} {deep_ms:>8.1f}"
        )


def cold_cli(servers: dict[str, SdkServer], runs: int) -> None:
    print(f"`mcpgen probe URL` as a new process, median of {runs} (min) in ms, peak RSS")
    python = python_of_venv()
    for kind in ("sse", "stateful"):
        sample = run_child([python, "-m", "mcpgen", "probe", servers[kind].url], runs, str(ROOT))
        print(
            f"  {kind:<22}{sample.median_ms:>12.1f} ({sample.min_ms:.1f})"
            f"   {sample.peak_rss_mb:.1f} MB"
        )


def many(servers: dict[str, SdkServer], count: int) -> None:
    urls = [servers[KINDS[i % len(KINDS)]].url for i in range(count)]

    async def run() -> int:
        return sum([r.ok async for r in probe_urls(urls, ProbeOptions())])

    asyncio.run(run())  # warm
    started = time.perf_counter()
    ok = asyncio.run(run())
    took = (time.perf_counter() - started) * 1000
    print(f"{count} URLs at once (concurrency 16): {took:.0f} ms total, {ok}/{count} validated")


def child_peak_rss_mb(argv: list[str]) -> float:
    """Peak RSS of one run of `argv`, which may exit 1 (a flood is a failed probe)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], capture_output=True, text=True, check=True
    )
    return int(out.stdout) / 1024


def floods() -> None:
    print("flood cases: Python heap peak of one probe (tracemalloc), and of a whole process")
    limits = ProbeOptions().limits
    print(
        f"  caps: {limits.max_bytes >> 20} MiB read, {limits.max_events} events, "
        f"{limits.max_event_size >> 20} MiB per event"
    )
    python = python_of_venv()
    with HostileServer() as hostile:
        for path in FLOODS:
            cells = []
            for driver in DRIVERS.values():
                driver(hostile.url(path), ProbeOptions())  # warm
                tracemalloc.start()
                started = time.perf_counter()
                report = driver(hostile.url(path), ProbeOptions())
                took = (time.perf_counter() - started) * 1000
                peak = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
                read = sum(e.received for e in report.exchanges) / 1e6
                code = report.verdict.issues[0].code
                cells.append(f"{peak:5.2f} MB heap, {read:4.1f} MB read, {took:4.0f} ms, {code}")
            rss = child_peak_rss_mb([python, "-m", "mcpgen", "probe", hostile.url(path)])
            print(f"  {path}")
            for name, cell in zip(DRIVERS, cells, strict=True):
                print(f"    {name:<9} {cell}")
            print(f"    process   {rss:.1f} MB peak RSS (`mcpgen probe`, whole)")


def holders() -> None:
    print(f"servers that hold a probe: time to a verdict with --timeout {HOLD_DEADLINE:g}")
    python = python_of_venv()
    options = ProbeOptions(timeout=HOLD_DEADLINE)
    with HostileServer() as hostile:
        targets = [(path, hostile.url(path)) for path in HOLDERS]
        targets.append(("TLS handshake trickle", hostile.tls_url("/mcp")))
        for label, url in targets:
            extra = ["--insecure"] if url.startswith("https:") else []
            tls = ProbeOptions(timeout=HOLD_DEADLINE, insecure=True) if extra else options
            cells = []
            for name, driver in DRIVERS.items():
                started = time.perf_counter()
                report = driver(url, tls)
                took = time.perf_counter() - started
                cells.append(f"{name} {took:5.2f} s {report.verdict.issues[0].code}")
            argv = [python, "-m", "mcpgen", "probe", url, "--timeout", f"{HOLD_DEADLINE:g}"]
            started = time.perf_counter()
            subprocess.run([*argv, *extra], stdout=subprocess.DEVNULL, timeout=300, cwd=ROOT)
            took = time.perf_counter() - started
            print(f"  {label:<24}" + "   ".join(cells) + f"   process {took:5.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as logs,
        running(KINDS, Path(logs)) as servers,
        running(MCP1_KINDS, Path(logs), python=mcp1_venv.python()) as old,
    ):
        detection({**servers, **old}, args.runs)
        print()
        cold_cli(servers, max(3, args.runs // 4))
        print()
        many(servers, 50)
    print()
    floods()
    print()
    holders()


if __name__ == "__main__":
    main()
