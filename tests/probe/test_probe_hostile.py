"""Servers that misbehave on purpose: each probe ends in time, says why, and stays small."""

from __future__ import annotations

import asyncio
import time
import tracemalloc

import pytest
from drivers import DRIVERS
from hostile_server import HostileServer

from mcpgen.detect.actions import Limits, State
from mcpgen.detect.codes import (
    PRB_CHARSET,
    PRB_CLOSED,
    PRB_CONTENT_TYPE,
    PRB_ENDPOINT_ORIGIN,
    PRB_EVENT_TOO_LARGE,
    PRB_JSON_TOO_DEEP,
    PRB_NO_ENDPOINT,
    PRB_PROBE_ERROR,
    PRB_STREAM_CONTENT_TYPE,
    PRB_TIMEOUT,
    PRB_TOO_MANY_BYTES,
    PRB_TOO_MANY_EVENTS,
)
from mcpgen.probe import ProbeOptions, ProbeReport, probe_urls
from mcpgen.probe import blocking as _blocking  # noqa: F401 - imported now, not under tracemalloc
from mcpgen.probe import concurrent as _concurrent  # noqa: F401

DEADLINE = 1.0  # for the servers that stall: only the deadline can end those
SLACK = 0.5  # thread scheduling and teardown on a loaded CI machine
# Servers that flood or break the rules must be stopped by a cap or a check, long
# before this generous deadline.
CAP_DEADLINE = 10.0

# path -> (the code that must explain the failure, words the message must contain)
STALLS = {
    "/silent": (PRB_TIMEOUT, "the endpoint event"),
    "/trickle": (PRB_TIMEOUT, "the endpoint event"),
    "/stall-late": (PRB_TIMEOUT, "the endpoint event"),
    "/no-answer": (PRB_TIMEOUT, "the initialize result on the stream"),
    # A byte of header every 0.1 s: no read ever times out, only the deadline ends it.
    "/trickle-headers": (PRB_TIMEOUT, "status line and headers had not all arrived"),
    "/trickle-stream-headers": (PRB_TIMEOUT, "the answer to GET"),
}
BREAKS = {
    "/flood-data": (PRB_EVENT_TOO_LARGE, "larger than"),
    "/huge-event": (PRB_EVENT_TOO_LARGE, "larger than"),
    "/flood-events": (PRB_TOO_MANY_EVENTS, "more than 200 events"),
    "/flood-comments": (PRB_TOO_MANY_BYTES, "bytes"),
    "/wrong-type": (PRB_CONTENT_TYPE, "'text/html'"),
    "/stream-wrong-type": (PRB_STREAM_CONTENT_TYPE, "'application/json'"),
    "/other-origin": (PRB_ENDPOINT_ORIGIN, "http://evil.example:9/messages"),
    "/cut-mid-event": (PRB_CLOSED, "the endpoint event"),
    "/end-mid-event": (PRB_NO_ENDPOINT, "an unfinished event was discarded"),
    "/deep-json": (PRB_JSON_TOO_DEEP, "nested more than 64 levels deep"),
    "/deep-event": (PRB_JSON_TOO_DEEP, "a message event on GET"),
}
CASES = STALLS | BREAKS
OPTIONS = ProbeOptions(timeout=DEADLINE)


@pytest.mark.parametrize("driver", sorted(DRIVERS))
@pytest.mark.parametrize("path", sorted(CASES))
def test_each_hostile_server_fails_in_time_with_a_reason(
    hostile: HostileServer, driver: str, path: str
) -> None:
    code, words = CASES[path]
    deadline = DEADLINE if path in STALLS else CAP_DEADLINE
    started = time.monotonic()
    report = DRIVERS[driver](hostile.url(path), ProbeOptions(timeout=deadline))
    took = time.monotonic() - started
    v = report.verdict
    assert v.state is State.FAILED, report.text()
    errors = [i for i in v.issues if i.severity == "error"]
    assert [i.code for i in errors] == [code], report.text()
    assert words in errors[0].message
    assert took < deadline + SLACK, f"{path} took {took:.2f}s"


@pytest.mark.parametrize("driver", sorted(DRIVERS))
def test_an_endpoint_on_another_origin_gets_no_request(hostile: HostileServer, driver: str) -> None:
    report = DRIVERS[driver](hostile.url("/other-origin"), OPTIONS)
    assert all(e.url.startswith(hostile.url("/")) for e in report.exchanges)
    assert [e.method for e in report.exchanges] == ["POST", "GET"]


@pytest.mark.parametrize("driver", sorted(DRIVERS))
@pytest.mark.parametrize("path", ["/flood-data", "/huge-event", "/flood-comments"])
def test_memory_stays_bounded_whatever_the_server_sends(
    hostile: HostileServer, driver: str, path: str
) -> None:
    # The server thread allocates too, but only one 64 KiB block it writes again and again.
    tracemalloc.start()
    try:
        report = DRIVERS[driver](hostile.url(path), OPTIONS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    read = sum(e.received for e in report.exchanges)
    limits = OPTIONS.limits
    assert read <= limits.max_bytes + (1 << 20)
    # The parser keeps at most one event (1 MiB of text); everything else streams through.
    assert peak < 3 * limits.max_event_size + (2 << 20), f"peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize("driver", sorted(DRIVERS))
def test_the_deadline_also_covers_a_tls_handshake_that_trickles(
    hostile: HostileServer, driver: str
) -> None:
    started = time.monotonic()
    report = DRIVERS[driver](hostile.tls_url("/mcp"), ProbeOptions(timeout=DEADLINE, insecure=True))
    took = time.monotonic() - started
    errors = [i for i in report.verdict.issues if i.severity == "error"]
    assert [i.code for i in errors] == [PRB_TIMEOUT], report.text()
    assert f"the deadline of {DEADLINE:g} s passed" in errors[0].message
    assert took < DEADLINE + SLACK, f"took {took:.2f}s"


# Without the depth cap, the 100,000-deep reply reaches json's recursion for real:
# an exception no rule expects, raised by a real server's bytes.
UNCAPPED = ProbeOptions(timeout=CAP_DEADLINE, limits=Limits(max_json_depth=10**9))


@pytest.mark.parametrize("driver", sorted(DRIVERS))
def test_an_unexpected_exception_is_that_urls_failed_result(
    hostile: HostileServer, driver: str
) -> None:
    report = DRIVERS[driver](hostile.url("/deep-json"), UNCAPPED)
    assert report.verdict.state is State.FAILED
    assert [i.code for i in report.verdict.issues] == [PRB_PROBE_ERROR], report.text()
    assert "RecursionError" in report.verdict.issues[0].message
    assert report.exchanges[0].status == 200  # what was seen up to the crash stays reported


def _batch(urls: list[str], options: ProbeOptions) -> dict[str, ProbeReport]:
    async def run() -> dict[str, ProbeReport]:
        return {r.url: r async for r in probe_urls(urls, options)}

    return asyncio.run(run())


def test_one_bad_url_never_aborts_a_batch(hostile: HostileServer) -> None:
    crash, stall, wrong = (
        hostile.url(p) for p in ("/deep-json", "/trickle-headers", "/wrong-type")
    )
    refused = "ftp://not-probed.example/mcp"  # the machine refuses it outright
    options = ProbeOptions(timeout=DEADLINE, limits=UNCAPPED.limits)
    started = time.monotonic()
    reports = _batch([crash, refused, stall, wrong], options)
    took = time.monotonic() - started
    assert sorted(reports) == sorted([crash, refused, stall, wrong])
    first = {url: [i.code for i in r.verdict.issues][:1] for url, r in reports.items()}
    assert first == {
        crash: [PRB_PROBE_ERROR],
        refused: [PRB_PROBE_ERROR],
        stall: [PRB_TIMEOUT],
        wrong: [PRB_CONTENT_TYPE],
    }
    assert "the scheme must be http or https" in reports[refused].verdict.issues[0].message
    assert took < DEADLINE + SLACK, f"took {took:.2f}s"


def test_many_trickling_servers_each_end_by_their_deadline(hostile: HostileServer) -> None:
    urls = [hostile.url("/trickle-headers") + f"?n={n}" for n in range(6)]
    started = time.monotonic()
    reports = _batch(urls, ProbeOptions(timeout=DEADLINE, concurrency=6))
    took = time.monotonic() - started
    assert sorted(reports) == sorted(urls)
    assert all([i.code for i in r.verdict.issues] == [PRB_TIMEOUT] for r in reports.values()), [
        r.summary() for r in reports.values()
    ]
    assert took < DEADLINE + SLACK, f"took {took:.2f}s"


@pytest.mark.parametrize("driver", sorted(DRIVERS))
def test_a_stream_declaring_another_charset_is_warned_of_and_still_read(
    hostile: HostileServer, driver: str
) -> None:
    report = DRIVERS[driver](hostile.url("/latin1-stream"), OPTIONS)
    warnings = [i for i in report.verdict.issues if i.code == PRB_CHARSET]
    assert [i.severity for i in warnings] == ["warning"], report.text()
    assert "iso-8859-1" in warnings[0].message
    # The stream is read as UTF-8 anyway: its endpoint event was found and used.
    assert [e.method for e in report.exchanges] == ["POST", "GET", "POST"]
