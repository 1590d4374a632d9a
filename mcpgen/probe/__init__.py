"""The live probe: httpx drivers around the sans-I/O machine in `mcpgen.detect.machine`.

`probe_url` probes one URL with a blocking client; `probe_urls` probes many
concurrently with asyncio. Both import httpx only when called, so importing
this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mcpgen.probe.options import ProbeOptions
from mcpgen.probe.report import Exchange, ProbeReport

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence

__all__ = ["Exchange", "ProbeOptions", "ProbeReport", "probe_url", "probe_url_async", "probe_urls"]


def probe_url(url: str, options: ProbeOptions | None = None) -> ProbeReport:
    from mcpgen.probe.blocking import probe_url as run

    return run(url, options or ProbeOptions())


async def probe_url_async(
    url: str, options: ProbeOptions | None = None, client: Any = None
) -> ProbeReport:
    from mcpgen.probe.concurrent import probe_url_async as run

    return await run(url, options or ProbeOptions(), client)


def probe_urls(
    urls: Sequence[str], options: ProbeOptions | None = None
) -> AsyncIterator[ProbeReport]:
    from mcpgen.probe.concurrent import probe_urls as run

    return run(urls, options or ProbeOptions())
