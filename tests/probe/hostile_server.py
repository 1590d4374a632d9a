"""Misbehaving HTTP servers, written with plain asyncio so every byte is ours to choose.

One `HostileServer` runs an event loop in a thread and answers each path with
one misbehaviour (see `ROUTES`). Every response says `Connection: close`, so a
connection carries one request and a stalled stream never blocks another.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable

Handler = Callable[["Exchange"], Awaitable[None]]
MB = 1 << 20
BLOCK = b"x" * (64 << 10)  # one preallocated block, written again and again


class Exchange:
    def __init__(self, method: str, path: str, writer: asyncio.StreamWriter) -> None:
        self.method, self.path, self.writer = method, path, writer

    async def head(self, status: str, content_type: str | None, *, chunked: bool = True) -> None:
        lines = [f"HTTP/1.1 {status}", "Connection: close"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines.append("Transfer-Encoding: chunked" if chunked else "Content-Length: 0")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await self.writer.drain()

    async def chunk(self, data: bytes) -> None:
        self.writer.write(b"%x\r\n%s\r\n" % (len(data), data))
        await self.writer.drain()  # the client's pace: our buffers never grow

    async def end(self) -> None:
        self.writer.write(b"0\r\n\r\n")
        await self.writer.drain()

    async def plain(self, status: str, content_type: str, body: bytes) -> None:
        await self.head(status, content_type)
        await self.chunk(body)
        await self.end()


async def forever() -> None:
    await asyncio.Event().wait()  # cancelled when the server stops


def sse_only(stream: Handler) -> Handler:
    """POST answers 405 (as the SDK's /sse does), so the probe falls back to GET."""

    async def handler(ex: Exchange) -> None:
        if ex.method != "GET":
            await ex.head("405 Method Not Allowed", None, chunked=False)
            return
        await ex.head("200 OK", "text/event-stream")
        await stream(ex)

    return handler


def sse_only_head(handler: Handler) -> Handler:
    """POST answers 405 at once; the GET gets `handler`, which writes its own head."""

    async def route(ex: Exchange) -> None:
        if ex.method != "GET":
            await ex.head("405 Method Not Allowed", None, chunked=False)
            return
        await handler(ex)

    return route


async def silent(ex: Exchange) -> None:
    await forever()


async def flood_data(ex: Exchange) -> None:
    await ex.chunk(b"event: endpoint\ndata: ")
    while True:  # one event that never ends
        await ex.chunk(BLOCK)


async def flood_events(ex: Exchange) -> None:
    await ex.chunk(b"event: endpoint\ndata: /messages\n\n")
    event = b"event: message\ndata: {}\n\n" * 1000
    while True:
        await ex.chunk(event)


async def flood_comments(ex: Exchange) -> None:
    comment = b": " + BLOCK + b"\n"
    while True:
        await ex.chunk(comment)


async def huge_event(ex: Exchange) -> None:
    await ex.chunk(b"event: endpoint\ndata: ")
    for _ in range(10 * MB // len(BLOCK)):
        await ex.chunk(BLOCK)
    await ex.chunk(b"\n\n")
    await forever()


async def other_origin(ex: Exchange) -> None:
    await ex.chunk(b"event: endpoint\r\ndata: http://evil.example:9/messages?s=1\r\n\r\n")
    await forever()


async def cut_mid_event(ex: Exchange) -> None:
    await ex.chunk(b": hello\n\nevent: endpoint\ndata: /mess")
    ex.writer.transport.abort()  # no final chunk: the connection just drops


async def end_mid_event(ex: Exchange) -> None:
    await ex.chunk(b"event: endpoint\ndata: /mess")
    await ex.end()  # a clean end of body, inside an event


async def trickle(ex: Exchange) -> None:
    while True:  # always something, never an event: only the deadline ends this
        await ex.chunk(b": tick\n")
        await asyncio.sleep(0.2)


async def stall_late(ex: Exchange) -> None:
    # Ticks keep each read short until just before a 1 s deadline, then nothing:
    # a read that starts at 0.75 s must not wait its full read timeout.
    for _ in range(5):
        await ex.chunk(b": tick\n")
        await asyncio.sleep(0.15)
    await forever()


TRICKLE_GAP = 0.1  # seconds between header bytes: each read is short, the whole never ends
TRICKLE_LIMIT = 1200  # bytes, two minutes at this pace: the test's deadline must end it first


async def trickle_headers(ex: Exchange) -> None:
    # A status line, then one header byte at a time: every read gets a byte well
    # within any read timeout, so only a deadline over the whole request ends it.
    ex.writer.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(TRICKLE_LIMIT):
        await ex.writer.drain()
        await asyncio.sleep(TRICKLE_GAP)
        ex.writer.write(b"a")


async def deep_json(ex: Exchange) -> None:
    # 200 KB, far under the size caps, but deeper than json's recursion allows.
    depth = 100_000
    await ex.plain("200 OK", "application/json", b"[" * depth + b"]" * depth)


async def deep_event(ex: Exchange) -> None:
    depth = 100_000
    await ex.chunk(b"event: endpoint\ndata: /messages?s=1\n\n")
    await ex.chunk(b"event: message\ndata: " + b'{"a":' * depth + b"1" + b"}" * depth + b"\n\n")
    await forever()


async def no_answer(ex: Exchange) -> None:
    # A proper endpoint; the answer to initialize never comes on the stream.
    await ex.chunk(b"event: endpoint\ndata: /messages?s=1\n\n")
    await forever()


async def latin1_stream(ex: Exchange) -> None:
    # An event stream that claims another charset; the endpoint event is plain ASCII.
    await ex.head("200 OK", "text/event-stream; charset=iso-8859-1")
    await no_answer(ex)


async def wrong_type(ex: Exchange) -> None:
    await ex.plain("200 OK", "text/html; charset=utf-8", b"<html>login</html>")


async def stream_wrong_type(ex: Exchange) -> None:
    if ex.method != "GET":
        await ex.head("404 Not Found", None, chunked=False)
        return
    await ex.plain("200 OK", "application/json", b"{}")


async def accepted(ex: Exchange) -> None:
    await ex.head("202 Accepted", None, chunked=False)


ROUTES: dict[str, Handler] = {
    "/silent": sse_only(silent),
    "/flood-data": sse_only(flood_data),
    "/flood-events": sse_only(flood_events),
    "/flood-comments": sse_only(flood_comments),
    "/huge-event": sse_only(huge_event),
    "/other-origin": sse_only(other_origin),
    "/cut-mid-event": sse_only(cut_mid_event),
    "/end-mid-event": sse_only(end_mid_event),
    "/trickle": sse_only(trickle),
    "/stall-late": sse_only(stall_late),
    "/no-answer": sse_only(no_answer),
    "/latin1-stream": sse_only_head(latin1_stream),
    "/trickle-headers": trickle_headers,
    "/trickle-stream-headers": sse_only_head(trickle_headers),
    "/deep-json": deep_json,
    "/deep-event": sse_only(deep_event),
    "/messages": accepted,
    "/wrong-type": wrong_type,
    "/stream-wrong-type": stream_wrong_type,
}


async def trickle_handshake(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A TLS server that starts its handshake and never finishes it.

    The header of a 16,000-byte handshake record, then one byte of it at a time:
    a TLS client reads on, each read well inside its timeout.
    """
    writer.write(b"\x16\x03\x03\x3e\x80")
    for _ in range(TRICKLE_LIMIT):
        await writer.drain()
        await asyncio.sleep(TRICKLE_GAP)
        writer.write(b"\x00")


class HostileServer:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.requests: list[tuple[str, str, str]] = []  # (method, path, Host header)
        self._tasks: set[asyncio.Task[None]] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hostile-server", daemon=True)
        self._server: asyncio.Server | None = None
        self._tls_server: asyncio.Server | None = None
        self.port = 0
        self.tls_port = 0  # every connection here gets `trickle_handshake`

    def __enter__(self) -> HostileServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("hostile server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self._server = self.loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._tls_server = self.loop.run_until_complete(
            asyncio.start_server(self._serve_handshake, "127.0.0.1", 0)
        )
        self.tls_port = self._tls_server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    async def _shutdown(self) -> None:
        assert self._server is not None and self._tls_server is not None
        self._server.close()
        self._tls_server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def tls_url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.tls_port}{path}"

    async def _serve_handshake(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await trickle_handshake(reader, writer)
        except (ConnectionError, asyncio.CancelledError):
            pass  # the probe hung up, or the server is stopping
        finally:
            self._tasks.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, _ = request_line.split(" ", 2)
            headers = {
                k.strip().lower(): v.strip()
                for k, _, v in (line.partition(":") for line in header_lines if line)
            }
            await reader.readexactly(int(headers.get("content-length", "0")))
            path = target.split("?", 1)[0]
            self.requests.append((method, path, headers.get("host", "")))
            handler = ROUTES.get(path)
            exchange = Exchange(method, path, writer)
            if handler is None:
                await exchange.head("404 Not Found", None, chunked=False)
            else:
                await handler(exchange)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the probe hung up first, as it should on a hostile stream
        except asyncio.CancelledError:
            # Shutdown cancels stalled handlers; ending quietly keeps asyncio's
            # stream callback from logging each one as an error.
            pass
        finally:
            self._tasks.discard(task)
            with contextlib.suppress(Exception):
                writer.close()
