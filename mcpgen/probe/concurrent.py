"""Many URLs at once with asyncio: the same loop as `blocking`, awaiting instead."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

import httpx

from mcpgen.detect.actions import Close, Finish, Read, Send, State, Verdict
from mcpgen.detect.codes import unexpected_error
from mcpgen.probe.options import ProbeOptions
from mcpgen.probe.report import ProbeReport, Trace, describe
from mcpgen.probe.wire import (
    build,
    classify,
    client_settings,
    content_type,
    needs_tls,
    timeouts,
)


async def probe_url_async(
    url: str, options: ProbeOptions, client: httpx.AsyncClient | None = None
) -> ProbeReport:
    if client is None:
        async with httpx.AsyncClient(**client_settings(options, tls=needs_tls([url]))) as own:
            return await probe_url_async(url, options, own)
    machine = options.machine(url)
    trace = Trace()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + options.timeout
    responses: dict[int, tuple[httpx.Response, AsyncIterator[bytes]]] = {}

    async def close(request_id: int, error: str | None = None) -> None:
        trace.finished(request_id, error)
        entry = responses.pop(request_id, None)
        if entry is not None:
            await entry[0].aclose()

    async def drive() -> None:
        while True:
            action = machine.next_action()
            if isinstance(action, Finish):
                return
            if isinstance(action, Close):
                await close(action.request_id)
            elif isinstance(action, Send):
                request = action.request
                trace.sent(request)
                try:
                    response = await client.send(
                        build(client, request, timeouts(options, deadline - loop.time())),
                        stream=True,
                    )
                except httpx.HTTPError as exc:
                    kind, detail = classify(exc)
                    await close(request.id, detail)
                    machine.error(request.id, kind, detail)
                    continue
                responses[request.id] = (response, response.aiter_bytes())
                trace.answered(request.id, response.status_code, content_type(response))
                machine.response(request.id, response.status_code, response.headers.multi_items())
            elif isinstance(action, Read):
                _, chunks = responses[action.request_id]
                try:
                    chunk = await anext(chunks, None)
                except httpx.HTTPError as exc:
                    kind, detail = classify(exc)
                    await close(action.request_id, detail)
                    machine.error(action.request_id, kind, detail)
                    continue
                if chunk is None:
                    await close(action.request_id)
                    machine.end(action.request_id)
                else:
                    trace.received(action.request_id, len(chunk))
                    machine.data(action.request_id, chunk)

    try:
        # asyncio's deadline cancels whatever await is pending (connect, TLS, the
        # status line and headers, the body): one hard deadline for the whole URL.
        async with asyncio.timeout_at(deadline):
            await drive()
    except TimeoutError:
        machine.timeout(options.timeout)
    except Exception as exc:  # whatever went wrong, this URL gets a report
        machine.crashed(describe(exc))
    finally:
        for request_id in list(responses):
            # A response that fails to close must not hide the verdict.
            with contextlib.suppress(httpx.HTTPError, OSError):
                await close(request_id)
    verdict = machine.verdict
    if verdict is None:  # drive() returns only on Finish, and crashed() always decides
        raise RuntimeError(f"the probe of {url} ended without a verdict")
    return trace.report(url, verdict)


async def probe_urls(urls: Sequence[str], options: ProbeOptions) -> AsyncIterator[ProbeReport]:
    """Reports as they complete, at most `options.concurrency` probes at a time."""
    gate = asyncio.Semaphore(max(1, options.concurrency))
    # A legacy SSE probe holds two connections (the stream and a POST).
    limits = httpx.Limits(max_connections=2 * options.concurrency + 2)

    settings = client_settings(options, tls=needs_tls(urls))
    async with httpx.AsyncClient(**settings, limits=limits) as client:

        async def one(url: str) -> ProbeReport:
            async with gate:
                try:
                    return await probe_url_async(url, options, client)
                except Exception as exc:  # one URL never aborts the batch
                    # Only what the driver could not turn into a verdict lands here,
                    # such as a URL the machine refuses.
                    issue = unexpected_error(describe(exc))
                    return ProbeReport(url, Verdict(State.FAILED, issues=(issue,)))

        tasks = [asyncio.create_task(one(url)) for url in urls]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
