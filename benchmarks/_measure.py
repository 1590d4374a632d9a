"""Shared helpers for the benchmark scripts: timed child processes and their peak memory."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    median_ms: float
    min_ms: float
    peak_rss_mb: float


def run_child(argv: Sequence[str], runs: int, cwd: str | None = None) -> Sample:
    """Median wall time of `argv` over `runs` runs, and the largest peak RSS seen.

    Each run is measured in a fresh wrapper process so RUSAGE_CHILDREN holds
    only that run's peak.
    """
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "dt = time.perf_counter() - t\n"
        "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", wrapper, *argv],
            capture_output=True,
            text=True,
            check=True,
            cwd=cwd,
        ).stdout.split()
        times.append(float(out[0]) * 1000)
        peaks.append(int(out[1]) / 1024)
    return Sample(statistics.median(times), min(times), max(peaks))


def self_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timer() -> float:
    return time.perf_counter()


def python_of_venv() -> str:
    return os.environ.get("MCPGEN_PYTHON", sys.executable)
