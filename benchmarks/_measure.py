"""Whole processes against whole processes, paired and in turns, summarised by ratios.

The machine's cores are shared, so a wall time alone says little: what another
process does to one run it does to its partner run just before or after. Every
comparison is therefore a list of pairs (run A, run B, back to back, the order
alternating), and the figure reported is the median of the per-pair ratios,
with min and median of each side for context. No row rests on a single run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float  # user + system of the child alone
    peak_rss_mb: float


def run(argv: Sequence[str], cwd: str | None = None, env: dict[str, str] | None = None) -> Run:
    """One child process to its end: wall time, CPU time and its own peak RSS (wait4)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        list(argv), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({child.returncode}): {err.decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Paired:
    """Pairs of (a, b) measurements; `ratio` is a/b per pair (how many times b is faster)."""

    a: list[float] = field(default_factory=list)
    b: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a, self.b, strict=True)]

    def line(
        self, name: str, a_name: str, b_name: str, unit: str = "ms", scale: float = 1e3
    ) -> str:
        ratios = self.ratios

        def side(label: str, values: list[float]) -> str:
            low, mid = min(values) * scale, statistics.median(values) * scale
            return f"{label} min/median {low:.1f}/{mid:.1f} {unit}"

        return (
            f"{name}: median ratio {statistics.median(ratios):.2f}x "
            f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x, {len(ratios)} pairs); "
            f"{side(a_name, self.a)}, {side(b_name, self.b)}"
        )


def paired(pairs: int, a: Callable[[int], float], b: Callable[[int], float]) -> Paired:
    """`pairs` rounds of a(i) and b(i), back to back, alternating which goes first."""
    out = Paired()
    for i in range(pairs):
        if i % 2 == 0:
            x = a(i)
            y = b(i)
        else:
            y = b(i)
            x = a(i)
        out.a.append(x)
        out.b.append(y)
        print(f"  pair {i + 1}/{pairs}: {x * 1e3:.1f} ms vs {y * 1e3:.1f} ms", file=sys.stderr)
    return out


def python_of_venv() -> str:
    return os.environ.get("MCPGEN_PYTHON", sys.executable)


@dataclass(frozen=True)
class Sample:
    median_ms: float
    min_ms: float
    peak_rss_mb: float


def run_child(argv: Sequence[str], runs: int, cwd: str | None = None) -> Sample:
    """Median and min wall time of `runs` runs of one command, and the largest peak RSS."""
    runs_done = [run(argv, cwd) for _ in range(runs)]
    times = [r.wall_s * 1e3 for r in runs_done]
    return Sample(statistics.median(times), min(times), max(r.peak_rss_mb for r in runs_done))
