"""httpx glue shared by both drivers: client settings, timeouts, and error triage."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from mcpgen import __version__
from mcpgen.detect.actions import ErrorKind, Request
from mcpgen.detect.urls import media_type
from mcpgen.probe.options import ProbeOptions

BASE_HEADERS = {
    "User-Agent": f"mcpgen-probe/{__version__}",
    # Asked for plainly so the byte caps measure what the server sends; httpx
    # still decodes a server that compresses anyway.
    "Accept-Encoding": "identity",
}


def client_settings(options: ProbeOptions, *, tls: bool = True) -> dict[str, Any]:
    """`tls=False` when every URL is http: the machine never leaves an origin, so no
    TLS happens, and loading the CA bundle (~40 ms) is skipped."""
    verify: ssl.SSLContext | bool
    if options.insecure:
        verify = False
    elif options.cacert:
        verify = ssl.create_default_context(cafile=options.cacert)
    elif tls:
        verify = True
    else:
        # Verifying against no CA at all: were TLS ever attempted, it would fail safe.
        verify = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Redirects are the machine's call (reported, followed once), never httpx's.
    return {"verify": verify, "follow_redirects": False, "headers": BASE_HEADERS}


def needs_tls(urls: Iterable[str]) -> bool:
    return any(url.lower().startswith("https:") for url in urls)


def timeouts(options: ProbeOptions, remaining: float) -> httpx.Timeout:
    """Per-request timeouts, none longer than the time left before the deadline."""
    left = max(remaining, 0.001)
    read = min(options.read_timeout or left, left)
    return httpx.Timeout(
        connect=min(options.connect_timeout, left), read=read, write=left, pool=left
    )


def build(
    client: httpx.Client | httpx.AsyncClient,
    request: Request,
    timeout: httpx.Timeout,
    trace: Callable[[str, dict[str, Any]], None] | None = None,
) -> httpx.Request:
    """`trace` is httpcore's hook, called at each step of sending (connect, TLS, headers)."""
    return client.build_request(
        request.method,
        request.url,
        headers=list(request.headers),
        content=request.body or None,
        timeout=timeout,
        extensions={"trace": trace} if trace is not None else None,
    )


def content_type(response: httpx.Response) -> str | None:
    value = response.headers.get("content-type")
    return media_type(value)[0] if value else None


def classify(exc: httpx.HTTPError) -> tuple[ErrorKind, str]:
    detail = str(exc) or type(exc).__name__
    if _tls_failure(exc):
        return ErrorKind.TLS, detail
    if isinstance(exc, httpx.TimeoutException):
        phase = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "reading"
        return ErrorKind.TIMEOUT, f"{type(exc).__name__} while {phase}"
    if isinstance(exc, httpx.ConnectError):
        return ErrorKind.CONNECT, detail
    return ErrorKind.CLOSED, detail


def _tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
