"""One URL with a blocking httpx client: a loop that does what the machine asks."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import httpx

from mcpgen.detect.probe import Close, Finish, Read, Send
from mcpgen.probe.options import ProbeOptions
from mcpgen.probe.report import ProbeReport, Trace
from mcpgen.probe.wire import (
    build,
    classify,
    client_settings,
    content_type,
    needs_tls,
    timeouts,
)


class _Watchdog:
    """Makes the total deadline hard.

    A blocking read waits up to its read timeout, fixed when the request was
    sent; a server that trickles bytes and then stalls could hold it past the
    deadline. At the deadline this shuts the open sockets down, which wakes
    any blocked read at once.
    """

    def __init__(self, deadline: float) -> None:
        self._lock = threading.Lock()
        self._sockets: dict[int, socket.socket] = {}
        self.fired = False
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, request_id: int, response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets[request_id] = sock
                if self.fired:
                    _shutdown(sock)

    def forget(self, request_id: int) -> None:
        with self._lock:
            self._sockets.pop(request_id, None)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets.values():
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    # Already closed means nothing is left to wake.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def probe_url(url: str, options: ProbeOptions) -> ProbeReport:
    machine = options.machine(url)
    trace = Trace()
    deadline = time.monotonic() + options.timeout
    responses: dict[int, tuple[httpx.Response, Iterator[bytes]]] = {}

    def close(request_id: int, error: str | None = None) -> None:
        watchdog.forget(request_id)
        trace.finished(request_id, error)
        entry = responses.pop(request_id, None)
        if entry is not None:
            entry[0].close()

    def failed(request_id: int, exc: httpx.HTTPError) -> None:
        kind, detail = classify(exc)
        close(request_id, detail)
        if watchdog.fired or time.monotonic() >= deadline:
            machine.timeout(options.timeout)  # the deadline's doing: say so, not "closed"
        else:
            machine.error(request_id, kind, detail)

    with (
        httpx.Client(**client_settings(options, tls=needs_tls([url]))) as client,
        _Watchdog(deadline) as watchdog,
    ):
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    machine.timeout(options.timeout)
                action = machine.next_action()
                if isinstance(action, Finish):
                    return trace.report(url, action.verdict)
                if isinstance(action, Close):
                    close(action.request_id)
                elif isinstance(action, Send):
                    request = action.request
                    trace.sent(request)
                    try:
                        response = client.send(
                            build(client, request, timeouts(options, remaining)), stream=True
                        )
                    except httpx.HTTPError as exc:
                        failed(request.id, exc)
                        continue
                    responses[request.id] = (response, response.iter_bytes())
                    watchdog.watch(request.id, response)
                    trace.answered(request.id, response.status_code, content_type(response))
                    machine.response(
                        request.id, response.status_code, response.headers.multi_items()
                    )
                elif isinstance(action, Read):
                    _, chunks = responses[action.request_id]
                    try:
                        chunk = next(chunks, None)
                    except httpx.HTTPError as exc:
                        failed(action.request_id, exc)
                        continue
                    if chunk is None:
                        close(action.request_id)
                        machine.end(action.request_id)
                    else:
                        trace.received(action.request_id, len(chunk))
                        machine.data(action.request_id, chunk)
        finally:
            for request_id in list(responses):
                close(request_id)
