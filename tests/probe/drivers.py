"""Both drivers behind one signature, so every live test runs against each."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from mcpgen.probe import ProbeOptions, ProbeReport, probe_url, probe_url_async


def _async(url: str, options: ProbeOptions) -> ProbeReport:
    return asyncio.run(probe_url_async(url, options))


DRIVERS: dict[str, Callable[[str, ProbeOptions], ProbeReport]] = {
    "sync": probe_url,
    "async": _async,
}
