"""One URL with a blocking httpx client: a loop that does what the machine asks."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx

from mcpgen.detect.actions import Close, Finish, Read, Send
from mcpgen.detect.machine import ProbeMachine
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


class _Watchdog:
    """Makes the total deadline hard, from the connection's first byte to its last.

    Every blocking socket call waits up to a timeout fixed when the request was
    sent, and each byte that arrives starts that wait afresh: a server that sends
    its headers or body a byte at a time never trips it. At the deadline this
    shuts down every socket the probe opened, which wakes any blocked call at once.
    Sockets are learnt from httpcore's trace hook the moment they connect, so the
    request, the status line and the headers are covered, not only the body.
    """

    def __init__(self, deadline: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.fired = False
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's `trace` request extension: called around each step of a request.

        The TLS handshake needs no watching: CPython bounds a whole handshake by
        the socket's timeout (the connect timeout, never past the deadline). The
        socket it yields replaces the plain one, which wrap_socket detaches.
        """
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            sock = _socket_of(info.get("return_value"))
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                    if self.fired:
                        _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)


def _socket_of(stream: object) -> socket.socket | None:
    get = getattr(stream, "get_extra_info", None)
    sock = get("socket") if get is not None else None
    return sock if isinstance(sock, socket.socket) else None


def _shutdown(sock: socket.socket) -> None:
    # Already closed means nothing is left to wake.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def probe_url(url: str, options: ProbeOptions) -> ProbeReport:
    machine = options.machine(url)
    trace = Trace()
    deadline = time.monotonic() + options.timeout
    responses: dict[int, tuple[httpx.Response, Iterator[bytes]]] = {}
    with _Watchdog(deadline) as watchdog:
        try:
            with httpx.Client(**client_settings(options, tls=needs_tls([url]))) as client:
                try:
                    _drive(client, machine, trace, options, deadline, watchdog, responses)
                finally:
                    for response, _ in responses.values():
                        # A response that fails to close must not hide the verdict.
                        with contextlib.suppress(httpx.HTTPError, OSError):
                            response.close()
        except Exception as exc:  # whatever went wrong, this URL gets a report
            machine.crashed(describe(exc))
    verdict = machine.verdict
    if verdict is None:  # the loop returns only on Finish, and crashed() always decides
        raise RuntimeError(f"the probe of {url} ended without a verdict")
    return trace.report(url, verdict)


def _drive(
    client: httpx.Client,
    machine: ProbeMachine,
    trace: Trace,
    options: ProbeOptions,
    deadline: float,
    watchdog: _Watchdog,
    responses: dict[int, tuple[httpx.Response, Iterator[bytes]]],
) -> None:
    def close(request_id: int, error: str | None = None) -> None:
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

    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            machine.timeout(options.timeout)
        action = machine.next_action()
        if isinstance(action, Finish):
            return
        if isinstance(action, Close):
            close(action.request_id)
        elif isinstance(action, Send):
            request = action.request
            trace.sent(request)
            try:
                response = client.send(
                    build(client, request, timeouts(options, remaining), watchdog.trace),
                    stream=True,
                )
            except httpx.HTTPError as exc:
                failed(request.id, exc)
                continue
            responses[request.id] = (response, response.iter_bytes())
            trace.answered(request.id, response.status_code, content_type(response))
            machine.response(request.id, response.status_code, response.headers.multi_items())
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
