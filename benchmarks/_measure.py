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

    def per(self, n: float) -> Run:
        """The times of one of `n` units of work (a spec, a release)."""
        return Run(self.wall_s / n, self.cpu_s / n, self.peak_rss_mb)


def mean_run(runs: Sequence[Run]) -> Run:
    return Run(
        statistics.mean(r.wall_s for r in runs),
        statistics.mean(r.cpu_s for r in runs),
        max(r.peak_rss_mb for r in runs),
    )


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


@dataclass
class PairedRuns:
    """The same pairs twice: by wall time, and by CPU time (user + system of each child).

    On shared cores a neighbour's load lands on wall time, mostly not on CPU time:
    both are printed, and the two agreeing is the sign of a quiet machine.
    """

    wall: Paired
    cpu: Paired

    def lines(
        self, name: str, a_name: str, b_name: str, unit: str = "ms", scale: float = 1e3
    ) -> str:
        return "\n".join(
            (
                self.wall.line(f"{name} [wall]", a_name, b_name, unit, scale),
                self.cpu.line(f"{name} [cpu]", a_name, b_name, unit, scale),
            )
        )


def paired(pairs: int, a: Callable[[int], Run], b: Callable[[int], Run]) -> PairedRuns:
    """`pairs` rounds of a(i) and b(i), back to back, alternating which goes first."""
    out = PairedRuns(Paired(), Paired())
    for i in range(pairs):
        if i % 2 == 0:
            x = a(i)
            y = b(i)
        else:
            y = b(i)
            x = a(i)
        out.wall.a.append(x.wall_s)
        out.wall.b.append(y.wall_s)
        out.cpu.a.append(x.cpu_s)
        out.cpu.b.append(y.cpu_s)
        print(
            f"  pair {i + 1}/{pairs}: {x.wall_s * 1e3:.1f} ms vs {y.wall_s * 1e3:.1f} ms wall, "
            f"{x.cpu_s * 1e3:.1f} vs {y.cpu_s * 1e3:.1f} ms cpu",
            file=sys.stderr,
        )
    return out


def work_folder() -> str | None:
    """Where a benchmark keeps its files: MCPGEN_BENCH_TMP, else a tmpfs (/dev/shm), else
    the default temporary folder.

    Not the disk by default: on ext4 the inode allocator skips recently deleted inodes,
    so creating files gets several times slower after any process (a previous pair, a
    neighbour's test suite) deleted many: the figure would be the disk's history.
    """
    chosen = os.environ.get("MCPGEN_BENCH_TMP")
    if chosen:
        return chosen
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def compile_package(python: str, root: str) -> None:
    """Byte-compile mcpgen, as installing a wheel does, so every run reads cached bytecode
    (an editable install under PYTHONDONTWRITEBYTECODE=1 would compile every module on
    every start)."""
    subprocess.run(
        [python, "-m", "compileall", "-q", os.path.join(root, "mcpgen")],
        check=True,
        stdout=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )


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
