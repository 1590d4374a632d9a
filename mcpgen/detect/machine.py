"""Which MCP transport and era a URL speaks, decided by a state machine that does no I/O.

Modelled on h11: the machine says what to do next (`next_action`: send a
request, read more of a response, close one, or finish with a `Verdict`) and
is told what happened (`response`, `data`, `end`, `error`, `timeout`). A
driver (`mcpgen.probe`, or a test replaying recorded bytes) is a loop around
it, so every rule below can be tested by feeding it bytes. A driver that
breaks the contract gets `ProbeUsageError`, never a finding about the server.

The order is a dual-era client's (MCP 2026-07-28, "Backward Compatibility"):
a modern `server/discover` first, then the 2025 `initialize`, then the
deprecated HTTP+SSE transport. `TRANSITIONS` is the whole plan.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin, urlsplit

from mcpgen.detect import codes as c
from mcpgen.detect.actions import (
    PROTOCOLS,
    Action,
    Close,
    Era,
    ErrorKind,
    Finish,
    Limits,
    ProbeUsageError,
    Protocol,
    Read,
    Request,
    Send,
    State,
    Verdict,
)
from mcpgen.detect.jsonrpc import (
    DISCOVER_ID,
    HEADER_MISMATCH,
    INIT_ID,
    INITIALIZE_BODY,
    INITIALIZED_BODY,
    LEGACY_LIST_BODY,
    LIST_ID,
    MISSING_CLIENT_CAPABILITY,
    MODERN_VERSION,
    POST_HEADERS,
    PROTOCOL_VERSION,
    check_discover_result,
    check_initialize_result,
    discover_server_info,
    error_of,
    is_modern,
    json_too_deep,
    modern_body,
    modern_error,
    modern_headers,
    newest_first,
    reply_to,
)
from mcpgen.detect.sse import SSE_TOO_LARGE, Event, SSEParser
from mcpgen.detect.urls import candidate_urls, check_url, media_type, origin
from mcpgen.diagnostics import Finding, Severity

AUTH_STATUSES = frozenset({401, 403})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirects that keep the method and body; the others turn a POST into a GET.
METHOD_KEEPING_REDIRECTS = frozenset({307, 308})
# What a legacy server answers a request it does not take: try the next transport.
FALLBACK_STATUSES = frozenset({400, 404, 405})


class Phase(StrEnum):
    """Where the probe of one URL is; each phase sends at most one request."""

    DISCOVER = "discover"  # POST server/discover with the modern headers and _meta
    DUAL_CHECK = "dual-check"  # modern: does POST initialize work too (legacy clients)?
    INITIALIZE = "initialize"  # not modern: POST initialize, the 2025 handshake
    OPEN_STREAM = "open-stream"  # GET the URL: a legacy HTTP+SSE stream, event `endpoint`?
    NEXT_URL = "next-url"  # nothing here: the next default path, or PRB023
    SSE_INITIALIZE = "sse-initialize"  # POST initialize to the endpoint; answer on the stream
    INITIALIZED = "initialized"  # POST notifications/initialized in the legacy session
    LIST_TOOLS = "list-tools"  # --deep: tools/list in the server's newest era
    END_SESSION = "end-session"  # DELETE the legacy session, when one was issued
    DONE = "done"  # the verdict


class Outcome(StrEnum):
    """How a phase's request was answered, as its rules judged it."""

    ANSWERED = "answered"  # the result asked for (a 2xx, for a notification or DELETE)
    MODERN = "modern-error"  # -32020/-32021: a modern server refused this request
    RETRY = "retry"  # -32022 naming a modern revision not tried yet
    REFUSED = "refused"  # a 4xx without a modern error, or a JSON-RPC error
    NOT_ALLOWED = "405"  # the URL does not take this method at all
    ENDPOINT = "endpoint"  # a stream whose first event is `endpoint`: HTTP+SSE
    PASS = "pass"  # the phase had nothing to send (no --deep, no session)


P, On = Phase, Outcome
# phase, outcome -> next phase. Not in the table, from any phase: 401/403 end in
# AuthRequired; 421, 5xx (but to server/discover: a legacy server may fail on a
# method it does not know), transport errors, the deadline and the caps in Failed
# (in INITIALIZED and END_SESSION such trouble is only a warning); a 3xx sends the
# same request once more, to its Location.
TRANSITIONS: Mapping[tuple[Phase, Outcome], Phase] = {
    (P.DISCOVER, On.ANSWERED): P.DUAL_CHECK,  # modern; legacy clients too?
    (P.DISCOVER, On.MODERN): P.DUAL_CHECK,  # modern, but no discover result
    (P.DISCOVER, On.RETRY): P.DISCOVER,  # once more, at the revision it names
    (P.DISCOVER, On.REFUSED): P.INITIALIZE,  # not modern: the handshake
    (P.DISCOVER, On.NOT_ALLOWED): P.OPEN_STREAM,  # no POST here, so no initialize either
    (P.DISCOVER, On.ENDPOINT): P.SSE_INITIALIZE,  # HTTP+SSE answering POST with its stream
    (P.DUAL_CHECK, On.ANSWERED): P.INITIALIZED,  # era dual
    (P.DUAL_CHECK, On.REFUSED): P.LIST_TOOLS,  # era modern
    (P.DUAL_CHECK, On.NOT_ALLOWED): P.LIST_TOOLS,  # era modern
    (P.INITIALIZE, On.ANSWERED): P.INITIALIZED,  # era legacy, Streamable HTTP
    (P.INITIALIZE, On.REFUSED): P.OPEN_STREAM,  # 400/404: HTTP+SSE?
    (P.INITIALIZE, On.NOT_ALLOWED): P.OPEN_STREAM,
    (P.INITIALIZE, On.ENDPOINT): P.SSE_INITIALIZE,
    (P.OPEN_STREAM, On.ENDPOINT): P.SSE_INITIALIZE,  # era legacy, HTTP+SSE
    (P.OPEN_STREAM, On.REFUSED): P.NEXT_URL,
    (P.OPEN_STREAM, On.NOT_ALLOWED): P.NEXT_URL,
    (P.NEXT_URL, On.PASS): P.DISCOVER,  # another default path
    (P.SSE_INITIALIZE, On.ANSWERED): P.INITIALIZED,
    (P.INITIALIZED, On.ANSWERED): P.LIST_TOOLS,
    (P.INITIALIZED, On.REFUSED): P.LIST_TOOLS,  # noted (PRB060); the result stands
    (P.LIST_TOOLS, On.PASS): P.END_SESSION,
    (P.LIST_TOOLS, On.ANSWERED): P.END_SESSION,
    (P.LIST_TOOLS, On.REFUSED): P.END_SESSION,  # a failure (PRB080), the session still ends
    (P.END_SESSION, On.PASS): P.DONE,
    (P.END_SESSION, On.ANSWERED): P.DONE,
    (P.END_SESSION, On.REFUSED): P.DONE,  # noted (PRB061)
}
# Phases after the verdict is known: trouble there is a warning, not a failure.
CLEANUP_PHASES = frozenset({P.INITIALIZED, P.END_SESSION})
Headers = Mapping[str, str]
DEFAULT_LIMITS = Limits()
OnMessage = Callable[["_Flight", Any], bool]


@dataclass(slots=True)
class _Flight:
    """A request in flight and what the machine does with its answer."""

    request: Request
    phase: Phase
    waiting_for: str
    status: int = 0
    answered: bool = False
    parser: SSEParser | None = None
    body: bytearray = field(default_factory=bytearray)
    on_event: Callable[[_Flight, Event], None] | None = None
    on_body: Callable[[_Flight, bytes], None] | None = None
    on_end: Callable[[_Flight], None] | None = None


class ProbeMachine:
    """One probe of one URL. Drive it until `next_action` returns `Finish`."""

    def __init__(
        self,
        url: str,
        *,
        headers: Iterable[tuple[str, str]] = (),
        host_header: str | None = None,
        expect: Protocol | None = None,
        limits: Limits = DEFAULT_LIMITS,
        deep: bool = False,
        require: Iterable[str] = (),
    ) -> None:
        problem = check_url(url)
        if problem:
            raise ValueError(problem)
        if expect is not None and expect not in PROTOCOLS:
            raise ValueError(f"expect must be one of {', '.join(PROTOCOLS)}")
        self.url = url
        self.limits = limits
        self.expect = expect
        self.deep = deep
        self.require = tuple(dict.fromkeys(require))
        self._user_headers = tuple(headers)
        # Whatever the caller adds besides Host may be a credential.
        self._credentials = bool(self._user_headers)
        if host_header:
            self._user_headers += (("Host", host_header),)
        self._candidates = deque(candidate_urls(url))
        self.phase = Phase.NEXT_URL
        self.state = State.PENDING
        self._next_id = 1
        self._outbox: deque[Send | Close] = deque()
        self._flights: dict[int, _Flight] = {}
        self._finished: set[int] = set()  # requests the machine is done with
        self._reading: int | None = None
        self._parsers: list[SSEParser] = []
        self._absorbed: set[str] = set()  # parser findings the machine restated
        self._issues: list[Finding] = []
        self._redirected = False
        self._bytes = 0
        self._events = 0
        self._sent = 0
        self._verdict: Verdict | None = None
        self._reset_url()
        self._enter_next_url()

    def _reset_url(self) -> None:
        """What is learnt about one candidate URL, forgotten before the next."""
        self._url = ""  # the candidate being probed (after a redirect, where it went)
        self._answers: list[str] = []  # "POST server/discover answered 404", for PRB023
        self._modern_version: str | None = None  # the revision to speak, once modern
        self._tried: list[str] = []  # revisions server/discover was sent with, in order
        self._versions: set[str] = set()  # revisions the server says or shows it speaks
        self._discovered: Mapping[str, Any] | None = None  # the server/discover result
        self._result: Mapping[str, Any] | None = None  # the initialize result
        self._legacy = False  # a legacy client can connect (initialize answered)
        self._protocol: Protocol | None = None
        self._message_url: str | None = None
        self._session_id: str | None = None
        self._stream: _Flight | None = None  # legacy SSE: the stream answers arrive on
        self._tools: tuple[str, ...] | None = None
        self._deep_failed = False

    # -- what the driver calls --------------------------------------------------------

    @property
    def verdict(self) -> Verdict | None:
        return self._verdict

    def next_action(self) -> Action:
        if self._outbox:
            action = self._outbox.popleft()
            if isinstance(action, Send):
                self._sent += 1
                if self.state is State.PENDING:
                    self.state = State.VALIDATING
            return action
        if self._verdict is not None:
            return Finish(self._verdict)
        if self._reading is None:
            raise RuntimeError(f"probe machine has nothing to do in phase {self.phase}")
        return Read(self._reading)

    def response(self, request_id: int, status: int, headers: Iterable[tuple[str, str]]) -> None:
        flight = self._flight(request_id, "a response")
        if flight.answered:
            raise ProbeUsageError(f"request {request_id} already has a response")
        flight.answered = True
        flight.status = status
        lowered = {k.lower(): v for k, v in headers}
        if status in REDIRECT_STATUSES:
            self._redirect(flight, status, lowered)
        elif status in AUTH_STATUSES or status == 421:
            if flight.phase in CLEANUP_PHASES or flight.phase is P.LIST_TOOLS:
                self._on_head(flight, status, lowered)
            else:
                self._status(flight, status, lowered)
        else:
            self._on_head(flight, status, lowered)

    def data(self, request_id: int, chunk: bytes) -> None:
        flight = self._flight(request_id, "data")
        if not flight.answered:
            raise ProbeUsageError(f"data for request {request_id} before its response head")
        if not chunk:
            return
        self._bytes += len(chunk)
        if self._bytes > self.limits.max_bytes:
            self._fail(
                c.PRB_TOO_MANY_BYTES,
                f"read more than {self.limits.max_bytes} bytes while waiting for "
                f"{flight.waiting_for}; the server sends too much",
            )
            return
        if flight.parser is not None:
            self._events_in(flight, flight.parser, flight.parser.feed(chunk))
        elif len(flight.body) + len(chunk) > self.limits.max_event_size:
            self._fail(
                c.PRB_TOO_MANY_BYTES,
                f"the body of {_name(flight)} is larger than {self.limits.max_event_size} bytes",
            )
        else:
            flight.body += chunk

    def end(self, request_id: int) -> None:
        flight = self._flight(request_id, "the end of a body")
        if not flight.answered:
            raise ProbeUsageError(f"the end of request {request_id} before its response head")
        self._forget(flight)
        if flight.parser is not None:
            self._events_in(flight, flight.parser, flight.parser.close())
            if self._done:
                return
        if flight.on_body is not None:
            flight.on_body(flight, bytes(flight.body))
        elif flight.on_end is not None:
            flight.on_end(flight)

    def error(self, request_id: int, kind: ErrorKind, detail: str) -> None:
        flight = self._flight(request_id, "an error")
        self._forget(flight)
        if flight.parser is not None:
            flight.parser.close()
        if self.phase in CLEANUP_PHASES:
            self._cleanup_failed(f"{_name(flight)} failed: {detail}")
            return
        host = urlsplit(flight.request.url).netloc
        if kind is ErrorKind.CONNECT:
            self._fail(c.PRB_CONNECT, f"could not connect to {host}: {detail}")
        elif kind is ErrorKind.TLS:
            self._fail(
                c.PRB_TLS,
                f"TLS with {host} failed: {detail}; pass --cacert FILE for a private CA, "
                "or --insecure to skip verification",
            )
        elif kind is ErrorKind.TIMEOUT:
            self._fail(c.PRB_TIMEOUT, f"timed out waiting for {flight.waiting_for}: {detail}")
        else:
            self._fail(
                c.PRB_CLOSED,
                f"the connection closed while waiting for {flight.waiting_for}: {detail}",
            )

    def timeout(self, seconds: float) -> None:
        """The driver's total deadline passed; after the verdict it changes nothing."""
        if self._done:
            return
        if self.phase in CLEANUP_PHASES:
            self._cleanup_failed(f"the deadline ({seconds:g} s) passed before cleanup finished")
            return
        flight = self._current()
        waiting = flight.waiting_for if flight else "an answer"
        # A server can keep every single read short (a byte of header at a time)
        # yet never finish: say when the headers are what the deadline cut off.
        unanswered = flight is not None and not flight.answered
        self._fail(
            c.PRB_TIMEOUT,
            f"the deadline of {seconds:g} s passed while waiting for {waiting}"
            + ("; its status line and headers had not all arrived" if unanswered else ""),
        )

    def crashed(self, detail: str) -> None:
        """The driver hit an exception no rule covers: this URL fails and says so.

        A verdict already reached stands; the exception came after it (cleanup).
        """
        if self._done:
            return
        self._issues.append(c.unexpected_error(detail))
        self._finish(State.FAILED)

    # -- the table ----------------------------------------------------------------------

    def _go(self, outcome: Outcome) -> None:
        """Leave the current phase by `outcome`, as `TRANSITIONS` says, and enter the next."""
        target = TRANSITIONS.get((self.phase, outcome))
        if target is None:
            raise RuntimeError(f"no transition from {self.phase} on {outcome}")
        self.phase = target
        {
            P.DISCOVER: self._enter_discover,
            P.DUAL_CHECK: self._enter_initialize,
            P.INITIALIZE: self._enter_initialize,
            P.OPEN_STREAM: self._enter_open_stream,
            P.NEXT_URL: self._enter_next_url,
            P.SSE_INITIALIZE: self._enter_sse_initialize,
            P.INITIALIZED: self._enter_initialized,
            P.LIST_TOOLS: self._enter_list_tools,
            P.END_SESSION: self._enter_end_session,
            P.DONE: self._enter_done,
        }[target]()

    def _on_head(self, flight: _Flight, status: int, headers: Headers) -> None:
        {
            P.DISCOVER: self._on_discover,
            P.DUAL_CHECK: self._on_initialize,
            P.INITIALIZE: self._on_initialize,
            P.OPEN_STREAM: self._on_stream,
            P.SSE_INITIALIZE: self._on_endpoint_post,
            P.INITIALIZED: self._on_initialized,
            P.LIST_TOOLS: self._on_list_tools,
            P.END_SESSION: self._on_session_end,
        }[flight.phase](flight, status, headers)

    # -- NEXT_URL -----------------------------------------------------------------------

    def _enter_next_url(self) -> None:
        if not self._candidates:
            self._fail(
                c.PRB_NOT_MCP,
                f"no MCP endpoint at {self._url}: {', '.join(self._answers)} "
                "(no Streamable HTTP, modern or legacy, and no SSE stream)",
            )
            return
        self._reset_url()
        self._url = self._candidates.popleft()
        self._go(On.PASS)

    # -- DISCOVER: the modern request -----------------------------------------------------

    def _enter_discover(self) -> None:
        untried = [v for v in self._modern_named() if v not in self._tried]
        version = untried[0] if self._tried and untried else MODERN_VERSION
        self._tried.append(version)
        self._send(
            "POST",
            self._url,
            purpose="server/discover" + ("" if version == MODERN_VERSION else f" {version}"),
            waiting_for=f"the answer to POST server/discover at {self._url}",
            headers=modern_headers("server/discover", version),
            body=modern_body("server/discover", version, DISCOVER_ID),
        )

    def _on_discover(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._answers.append(f"POST server/discover answered {status}")
        if status == 405:
            self._close(flight)
            self._go(On.NOT_ALLOWED)
        elif 200 <= status < 300 or 400 <= status < 500:
            # A 4xx may carry the modern error that says "modern server, wrong request".
            waiting = f"the server/discover result from POST {self._url}"
            if not self._read_reply(
                flight, headers, self._discover_reply, waiting, lenient=True, endpoint=True
            ):
                self._close(flight)
                self._go(On.REFUSED)
        else:
            # A legacy server may fail on a method it does not know; initialize will tell.
            self._close(flight)
            self._go(On.REFUSED)

    def _discover_reply(self, flight: _Flight, message: Any) -> bool:
        if message is None:  # no JSON-RPC answer at all
            self._go(On.REFUSED)
            return True
        modern = modern_error(message)
        if modern is not None:
            self._close(flight)
            self._discover_refused(*modern)
            return True
        reply = reply_to(message, DISCOVER_ID)
        if reply is None:
            return False  # a notification on the stream, perhaps: read on
        self._close(flight)
        if error_of(reply) is not None or not 200 <= flight.status < 300:
            self._go(On.REFUSED)  # -32601 and friends: a legacy server
            return True
        result = reply.get("result")
        problem = check_discover_result(result)
        if problem or not isinstance(result, dict):
            self._note("warning", c.PRB_BAD_RESULT, f"the server/discover result {problem}")
            self._go(On.REFUSED)
            return True
        versions = newest_first(result["supportedVersions"])
        named = [v for v in versions if is_modern(v)]
        if not named:
            self._go(On.REFUSED)  # it answered, but names no revision without the handshake
            return True
        self._discovered = result
        self._versions.update(versions)
        asked = self._tried_last()
        self._modern_version = asked if asked in named else named[0]
        self._protocol = "streamable-http"
        self._go(On.ANSWERED)
        return True

    def _discover_refused(self, code: int, text: str, supported: list[str]) -> None:
        """server/discover got an error only a modern server sends."""
        self._protocol = "streamable-http"
        self._versions.update(supported)
        modern = [v for v in supported if is_modern(v)]
        if code == HEADER_MISMATCH:
            self._note(
                "error",
                c.PRB_HEADER_MISMATCH,
                f"the server refused server/discover with {code} ({text}): something between "
                "mcpgen and the server drops or rewrites the MCP-Protocol-Version and "
                "Mcp-Method headers, so modern clients fail here",
            )
        elif code == MISSING_CLIENT_CAPABILITY:
            self._note(
                "warning",
                c.PRB_CLIENT_CAPABILITY,
                f"the server refused server/discover with {code} ({text}): it requires a "
                "client capability mcpgen does not declare",
            )
        elif not supported or all(not is_modern(v) for v in supported):
            self._go(On.REFUSED)  # -32022 naming only handshake revisions: a legacy server
            return
        else:
            untried = [v for v in modern if v not in self._tried]
            if untried and len(self._tried) == 1:  # one retry: a modern server in 3 requests
                self._note(
                    "info",
                    c.PRB_VERSION_RETRY,
                    f"the server does not speak {self._tried_last()}; it supports "
                    f"{', '.join(supported)}: asked again at {untried[0]}",
                )
                self._go(On.RETRY)
                return
            self._note(
                "error",
                c.PRB_VERSION_RETRY,
                f"the server refused server/discover at {self._tried_last()} ({text}) yet "
                f"names only {', '.join(supported)}",
            )
        self._modern_version = modern[0] if modern else self._tried_last()
        self._go(On.MODERN)

    def _tried_last(self) -> str:
        return self._tried[-1] if self._tried else MODERN_VERSION

    def _modern_named(self) -> list[str]:
        return [v for v in sorted(self._versions, reverse=True) if is_modern(v)]

    # -- DUAL_CHECK and INITIALIZE: the 2025 handshake --------------------------------------

    def _enter_initialize(self) -> None:
        self._send(
            "POST",
            self._url,
            purpose="initialize",
            waiting_for=f"the answer to POST initialize at {self._url}",
            headers=POST_HEADERS,
            body=INITIALIZE_BODY,
        )

    def _on_initialize(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._answers.append(f"POST initialize answered {status}")
        modern = flight.phase is P.DUAL_CHECK
        if modern and 400 <= status < 500:
            self._close(flight)  # a modern-only server refuses the handshake
            self._go(On.NOT_ALLOWED if status == 405 else On.REFUSED)
            return
        if status in FALLBACK_STATUSES:
            # On 400/404/405 a modern error in the body still counts (spec: "unless the
            # body is a modern error"); anything else: try HTTP+SSE.
            outcome = On.NOT_ALLOWED if status == 405 else On.REFUSED
            waiting = f"the body of the {status} to POST initialize at {self._url}"

            def judge(f: _Flight, message: Any) -> bool:
                self._legacy_refused(f, message, outcome)
                return True

            if not self._read_reply(flight, headers, judge, waiting, lenient=True):
                self._close(flight)
                self._go(outcome)
            return
        if not 200 <= status < 300:
            self._status(flight, status, headers)
            return
        session = headers.get("mcp-session-id")
        kind, _ = media_type(headers.get("content-type", ""))
        waiting = f"the initialize result from POST {self._url}"
        if self._read_reply(flight, headers, self._initialize_reply, waiting, endpoint=not modern):
            self._session_id = session
        elif not kind and status in (202, 204):
            self._fail(c.PRB_NO_RESULT, f"POST initialize at {self._url} answered {status}, empty")
        else:
            self._fail(
                c.PRB_CONTENT_TYPE,
                f"POST initialize at {self._url} answered {status} with content type "
                f"{kind or '(none)'!r}; Streamable HTTP answers application/json or "
                "text/event-stream",
            )

    def _legacy_refused(self, flight: _Flight, message: Any, outcome: Outcome) -> None:
        self._close(flight)
        found = modern_error(message) if message is not None else None
        modern = [v for v in found[2] if is_modern(v)] if found else []
        if found and modern:
            self._fail(
                c.PRB_MODERN_INIT,
                f"POST initialize at {self._url} was refused with {found[0]} ({found[1]}) "
                f"naming {', '.join(modern)}, yet server/discover got no modern answer "
                f"({self._answers[0] if self._answers else 'no answer'}): a proxy may "
                "drop the MCP-Protocol-Version or Mcp-Method header",
            )
            return
        self._go(outcome)

    def _initialize_reply(self, flight: _Flight, message: Any) -> bool:
        if message is None:
            self._fail(
                c.PRB_NO_RESULT, f"{_name(flight)} ended before the result{_discarded(flight)}"
            )
            return True
        reply = reply_to(message, INIT_ID)
        if reply is None:
            return False
        self._close(flight)
        self._handshake(flight, reply)
        return True

    def _handshake(self, flight: _Flight, reply: Mapping[str, Any]) -> None:
        """An initialize reply, at the URL or on the legacy stream."""
        error = error_of(reply)
        if error is not None:
            if flight.phase is P.DUAL_CHECK:
                self._go(On.REFUSED)  # modern only, refusing in a 200
                return
            self._protocol = self._protocol or "streamable-http"
            self._fail(c.PRB_INIT_ERROR, f"the server refused initialize: {error[0]} {error[1]}")
            return
        result = reply.get("result")
        problem = check_initialize_result(result)
        if problem or not isinstance(result, dict):
            self._protocol = self._protocol or "streamable-http"
            self._fail(c.PRB_BAD_RESULT, f"the initialize result {problem}")
            return
        self._protocol = self._protocol or "streamable-http"
        self._result = result
        self._legacy = True
        version = result["protocolVersion"]
        self._versions.update(newest_first([version]))
        if version != PROTOCOL_VERSION:
            self._note(
                "info",
                c.PRB_VERSION,
                f"the server chose protocol version {version} (mcpgen asked for "
                f"{PROTOCOL_VERSION})",
            )
        self._go(On.ANSWERED)

    # -- OPEN_STREAM and SSE_INITIALIZE: legacy HTTP+SSE --------------------------------------

    def _enter_open_stream(self) -> None:
        self._send(
            "GET",
            self._url,
            purpose="open SSE stream",
            waiting_for=f"the answer to GET {self._url}",
            headers=(("Accept", "text/event-stream"), ("Cache-Control", "no-cache")),
        )

    def _on_stream(self, flight: _Flight, status: int, headers: Headers) -> None:
        if status in FALLBACK_STATUSES:
            self._answers.append(f"GET answered {status}")
            self._close(flight)
            self._go(On.NOT_ALLOWED if status == 405 else On.REFUSED)
            return
        if not 200 <= status < 300:
            self._status(flight, status, headers)
            return
        kind, params = media_type(headers.get("content-type", ""))
        if status != 200:
            self._fail(c.PRB_STREAM_STATUS, f"GET {self._url} answered {status}; SSE needs 200")
        elif kind != "text/event-stream":
            self._fail(
                c.PRB_STREAM_CONTENT_TYPE,
                f"GET {self._url} answered 200 with content type {kind or '(none)'!r}, "
                "not text/event-stream",
            )
        else:
            if params.get("charset", "utf-8") != "utf-8":
                self._note(
                    "warning",
                    c.PRB_CHARSET,
                    f"GET {self._url} declares charset {params['charset']}; "
                    "event streams are always UTF-8",
                )
            waiting = f"the endpoint event on GET {self._url}"
            self._read_events(flight, self._first_event, self._on_no_endpoint, waiting)

    def _on_no_endpoint(self, flight: _Flight) -> None:
        self._fail(
            c.PRB_NO_ENDPOINT,
            f"the stream of {_name(flight)} ended before an endpoint event{_discarded(flight)}",
        )

    def _first_event(self, flight: _Flight, event: Event) -> None:
        if event.type != "endpoint":
            self._fail(
                c.PRB_NO_ENDPOINT,
                f"the first event on {_name(flight)} is {event.type!r}; "
                "a legacy SSE server sends `endpoint` first",
            )
            return
        self._on_endpoint(flight, event)

    def _on_endpoint(self, flight: _Flight, event: Event) -> None:
        target = urljoin(flight.request.url, event.data.strip())
        if not event.data.strip() or check_url(target):
            self._fail(
                c.PRB_ENDPOINT_BAD, f"the endpoint event's data {event.data[:80]!r} is no URL"
            )
            return
        if origin(target) != origin(flight.request.url):
            self._fail(
                c.PRB_ENDPOINT_ORIGIN,
                f"the endpoint event points to {target}, another origin than "
                f"{flight.request.url}; mcpgen does not send messages there",
            )
            return
        self._protocol = "sse"
        self._message_url = target
        self._stream = flight
        self._go(On.ENDPOINT)

    def _enter_sse_initialize(self) -> None:
        self._post_on_stream(
            "initialize", INITIALIZE_BODY, INIT_ID, "the initialize result on the stream of "
        )

    def _post_on_stream(self, purpose: str, body: bytes, reply_id: int, waiting: str) -> None:
        """POST to the endpoint event's URL; the answer comes on the stream."""
        stream = self._stream
        if stream is None:
            raise RuntimeError("a legacy SSE POST without a stream")
        target = self._message_url or ""
        self._send(
            "POST",
            target,
            purpose=purpose,
            waiting_for=f"the answer to POST {purpose} at {target}",
            headers=POST_HEADERS,
            body=body,
        )

        def on_event(f: _Flight, event: Event) -> None:
            message = self._event_json(f, event, lenient=False)
            reply = reply_to(message, reply_id) if message is not None else None
            if reply is not None:
                self._reading = None  # the stream stays open (it is the session) but unread
                if reply_id == INIT_ID:
                    self._handshake(f, reply)
                else:
                    self._tools_reply(f, reply)

        stream.on_event, stream.on_body = on_event, None
        stream.on_end = self._on_stream_ended
        stream.phase = self.phase
        stream.waiting_for = waiting + _name(stream)
        self._reading = None  # the POST's answer first; later events wait for it

    def _on_stream_ended(self, flight: _Flight) -> None:
        what = "the tools/list result" if flight.phase is P.LIST_TOOLS else "the result"
        message = f"{_name(flight)} ended before {what}{_discarded(flight)}"
        if flight.phase is P.LIST_TOOLS:
            self._tools_failed(message)
        else:
            self._fail(c.PRB_NO_RESULT, message)

    def _on_endpoint_post(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._close(flight)
        if not 200 <= status < 300 and flight.phase is P.LIST_TOOLS:
            self._tools_failed(f"{_name(flight)} answered {status}")
        elif not 200 <= status < 300:
            self._fail(
                c.PRB_ENDPOINT_POST,
                f"{_name(flight)} answered {status}; the endpoint should accept it",
            )
        elif self._stream is None:
            raise RuntimeError("no legacy SSE stream to read")
        else:
            self._reading = self._stream.request.id

    # -- INITIALIZED, LIST_TOOLS, END_SESSION: after the handshake ----------------------------

    def _session_headers(self) -> tuple[tuple[str, str], ...]:
        headers: tuple[tuple[str, str], ...] = POST_HEADERS
        if self._protocol == "streamable-http":
            headers += (("MCP-Protocol-Version", self._legacy_version()),)
        if self._session_id:
            headers += (("Mcp-Session-Id", self._session_id),)
        return headers

    def _legacy_version(self) -> str:
        return str((self._result or {}).get("protocolVersion", PROTOCOL_VERSION))

    def _enter_initialized(self) -> None:
        url = self._message_url if self._protocol == "sse" else self._url
        self._send(
            "POST",
            url or "",
            purpose="notifications/initialized",
            waiting_for=f"the answer to notifications/initialized at {url}",
            headers=self._session_headers(),
            body=INITIALIZED_BODY,
        )

    def _on_initialized(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._close(flight)
        if 200 <= status < 300:
            self._go(On.ANSWERED)
            return
        self._note(
            "warning",
            c.PRB_INITIALIZED,
            f"{_name(flight)} answered {status} to notifications/initialized "
            "(expected 202 Accepted)",
        )
        self._go(On.REFUSED)

    def _enter_list_tools(self) -> None:
        if not self.deep:
            self._go(On.PASS)
            return
        if "tools" not in self._capabilities():
            self._note(
                "info", c.PRB_NO_TOOLS, "the server declares no tools capability; none listed"
            )
            self._go(On.PASS)
            return
        if self._protocol == "sse":
            self._post_on_stream(
                "tools/list", LEGACY_LIST_BODY, LIST_ID, "the tools/list result on the stream of "
            )
            return
        if self._modern_version is not None:  # the server's newest era: no session
            headers = modern_headers("tools/list", self._modern_version)
            body = modern_body("tools/list", self._modern_version, LIST_ID)
        else:
            headers, body = self._session_headers(), LEGACY_LIST_BODY
        self._send(
            "POST",
            self._url,
            purpose="tools/list",
            waiting_for=f"the answer to POST tools/list at {self._url}",
            headers=headers,
            body=body,
        )

    def _on_list_tools(self, flight: _Flight, status: int, headers: Headers) -> None:
        if self._protocol == "sse":
            self._on_endpoint_post(flight, status, headers)
            return
        if not 200 <= status < 300:
            self._close(flight)
            self._tools_failed(f"{_name(flight)} answered {status}")
            return

        def judge(f: _Flight, message: Any) -> bool:
            if message is None:
                self._tools_failed(f"{_name(f)} ended before the tools/list result")
                return True
            reply = reply_to(message, LIST_ID)
            if reply is None:
                return False
            self._close(f)
            self._tools_reply(f, reply)
            return True

        waiting = f"the tools/list result from POST {self._url}"
        if not self._read_reply(flight, headers, judge, waiting):
            self._close(flight)
            kind = media_type(headers.get("content-type", ""))[0] or "(none)"
            self._tools_failed(f"{_name(flight)} answered {status} with content type {kind!r}")

    def _tools_reply(self, flight: _Flight, reply: Mapping[str, Any]) -> None:
        error = error_of(reply)
        result = reply.get("result")
        tools = result.get("tools") if isinstance(result, dict) else None
        if error is not None:
            # mcp-proxy answers so (code 0, no message) once its stdio child has died,
            # while initialize still succeeds from the child's first answer.
            said = (
                error[1]
                or "(no message: a stdio bridge answers so when its child process has died)"
            )
            self._tools_failed(f"the server answered tools/list with error {error[0]} {said}")
        elif not isinstance(tools, list) or not all(isinstance(t, dict) for t in tools):
            self._tools_failed("the tools/list result has no tools list")
        else:
            self._tools = tuple(str(t.get("name", "?")) for t in tools)
            self._go(On.ANSWERED)

    def _tools_failed(self, message: str) -> None:
        self._deep_failed = True
        self._note("error", c.PRB_TOOLS, f"--deep: {message}")
        self._go(On.REFUSED)

    def _enter_end_session(self) -> None:
        if self._protocol != "streamable-http" or not self._session_id:
            self._go(On.PASS)
            return
        self._send(
            "DELETE",
            self._url,
            purpose="end session",
            waiting_for=f"the answer to DELETE {self._url}",
            headers=(
                ("MCP-Protocol-Version", self._legacy_version()),
                ("Mcp-Session-Id", self._session_id),
            ),
        )

    def _on_session_end(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._close(flight)
        if 200 <= status < 300:
            self._go(On.ANSWERED)
            return
        if status == 405:
            self._note("info", c.PRB_SESSION_END, "the server does not let clients end sessions")
        else:
            self._note("info", c.PRB_SESSION_END, f"DELETE of the session answered {status}")
        self._go(On.REFUSED)

    def _enter_done(self) -> None:
        self._finish(State.FAILED if self._deep_failed else State.VALIDATED)

    # -- reading bodies -------------------------------------------------------------------

    def _read_reply(
        self,
        flight: _Flight,
        headers: Headers,
        on_message: OnMessage,
        waiting_for: str,
        *,
        lenient: bool = False,
        endpoint: bool = False,
    ) -> bool:
        """Read a JSON or event-stream body, calling `on_message` with each JSON message
        until it returns True, and with None when the body ends first. False: the content
        type is neither, so nothing is read. `lenient`: a body that is not JSON counts
        as no message (asking whether a server is modern must not fail a legacy one).
        `endpoint`: an `endpoint` event makes this an HTTP+SSE stream."""
        kind, _ = media_type(headers.get("content-type", ""))
        if kind == "application/json":

            def on_body(f: _Flight, body: bytes) -> None:
                message = self._body_json(f, body, lenient=lenient)
                if not self._done and not on_message(f, message) and not self._done:
                    on_message(f, None)

            self._read_body(flight, on_body, waiting_for)
            return True
        if kind != "text/event-stream":
            return False

        def on_event(f: _Flight, event: Event) -> None:
            if endpoint and event.type == "endpoint":
                self._on_endpoint(f, event)
                return
            message = self._event_json(f, event, lenient=lenient)
            if message is not None:
                on_message(f, message)

        self._read_events(flight, on_event, lambda f: _ignore(on_message(f, None)), waiting_for)
        return True

    def _body_json(self, flight: _Flight, body: bytes, *, lenient: bool) -> Any:
        if json_too_deep(body, self.limits.max_json_depth):
            self._fail(
                c.PRB_JSON_TOO_DEEP,
                f"{_name(flight)} answered JSON nested more than "
                f"{self.limits.max_json_depth} levels deep; not parsed",
            )
            return None
        try:
            return json.loads(body)
        except ValueError:
            if not lenient:
                shown = repr(body[:80].decode(errors="replace")) if body else "an empty body"
                self._fail(c.PRB_NOT_JSON, f"{_name(flight)} answered {shown}, not JSON")
            return None

    def _event_json(self, flight: _Flight, event: Event, *, lenient: bool) -> Any:
        if event.type != "message":
            return None
        if json_too_deep(event.data, self.limits.max_json_depth):
            self._fail(
                c.PRB_JSON_TOO_DEEP,
                f"a message event on {_name(flight)} holds JSON nested more than "
                f"{self.limits.max_json_depth} levels deep; not parsed",
            )
            return None
        try:
            return json.loads(event.data)
        except ValueError:
            if not lenient:
                self._fail(
                    c.PRB_NOT_JSON,
                    f"a message event on {_name(flight)} is not JSON: {event.data[:80]!r}",
                )
            return None

    def _read_events(
        self,
        flight: _Flight,
        on_event: Callable[[_Flight, Event], None],
        on_end: Callable[[_Flight], None],
        waiting_for: str,
    ) -> None:
        if flight.parser is None:
            flight.parser = SSEParser(self.limits.max_event_size)
            self._parsers.append(flight.parser)
        flight.on_event, flight.on_end, flight.on_body = on_event, on_end, None
        flight.waiting_for = waiting_for
        self._reading = flight.request.id

    def _read_body(
        self, flight: _Flight, on_body: Callable[[_Flight, bytes], None], waiting_for: str
    ) -> None:
        flight.on_body = on_body
        flight.waiting_for = waiting_for
        self._reading = flight.request.id

    def _events_in(self, flight: _Flight, parser: SSEParser, events: list[Event]) -> None:
        for event in events:
            self._events += 1
            if self._events > self.limits.max_events:
                self._fail(
                    c.PRB_TOO_MANY_EVENTS,
                    f"more than {self.limits.max_events} events without {flight.waiting_for}",
                )
                return
            if flight.on_event is not None:
                flight.on_event(flight, event)
            # A handler may have decided: later events in this chunk are not for us.
            if self._done or self._flights.get(flight.request.id) is not flight:
                return
            if self._reading != flight.request.id:
                return  # a POST on the side was sent; its answer comes first
        if any(i.code == SSE_TOO_LARGE for i in parser.issues):
            self._absorbed.add(SSE_TOO_LARGE)  # said below, with the context
            self._fail(
                c.PRB_EVENT_TOO_LARGE,
                f"an event on {_name(flight)} is larger than "
                f"{self.limits.max_event_size} characters (waiting for {flight.waiting_for})",
            )

    # -- bookkeeping ----------------------------------------------------------------------

    @property
    def _done(self) -> bool:
        return self._verdict is not None

    def _flight(self, request_id: int, what: str) -> _Flight:
        """The request the driver reports about, or ProbeUsageError when it may not."""
        if self._done:
            raise ProbeUsageError(f"{what} for request {request_id} after the verdict")
        if any(isinstance(a, Send) and a.request.id == request_id for a in self._outbox):
            raise ProbeUsageError(f"{what} for request {request_id} before it was sent")
        flight = self._flights.get(request_id)
        if flight is not None:
            return flight
        if request_id in self._finished:
            raise ProbeUsageError(f"{what} for request {request_id}, which is finished")
        raise ProbeUsageError(f"{what} for request {request_id}, which the machine never sent")

    def _current(self) -> _Flight | None:
        """The flight the machine waits on: the one it reads, else the latest sent."""
        if self._reading is not None and self._reading in self._flights:
            return self._flights[self._reading]
        return self._flights[max(self._flights)] if self._flights else None

    def _forget(self, flight: _Flight) -> None:
        self._flights.pop(flight.request.id, None)
        self._finished.add(flight.request.id)
        if self._reading == flight.request.id:
            self._reading = None

    def _close(self, flight: _Flight) -> None:
        if flight.request.id in self._flights:
            self._forget(flight)
            self._outbox.append(Close(flight.request.id))

    def _note(self, level: Severity, code: str, message: str) -> None:
        self._issues.append(Finding(code, level, message))

    def _headers(self, *base: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        # The caller's headers win: `--header Accept: ...` is theirs to override.
        mine = {k.lower() for k, _ in self._user_headers}
        return tuple(h for h in base if h[0].lower() not in mine) + self._user_headers

    def _send(
        self,
        method: str,
        url: str,
        *,
        purpose: str,
        waiting_for: str,
        headers: tuple[tuple[str, str], ...] = (),
        body: bytes = b"",
    ) -> None:
        request = Request(self._new_id(), method, url, self._headers(*headers), body, purpose)
        self._dispatch(request, waiting_for)

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def _dispatch(self, request: Request, waiting_for: str) -> None:
        self._flights[request.id] = _Flight(request, self.phase, waiting_for)
        self._outbox.append(Send(request))

    # -- statuses that end a phase the same way whatever was asked ----------------------------

    def _status(self, flight: _Flight, status: int, headers: Headers) -> None:
        if status in AUTH_STATUSES:
            challenge = headers.get("www-authenticate", "")
            shown = f" (WWW-Authenticate: {challenge[:200]})" if challenge else ""
            self._note(
                "warning",
                c.PRB_AUTH,
                f"{_name(flight)} answered {status}: the server requires credentials"
                f"{shown}; pass them with --header 'Authorization: Bearer <token>'",
            )
            self._finish(State.AUTH_REQUIRED)
        elif status == 421:
            host = {k.lower(): v for k, v in flight.request.headers}.get(
                "host", urlsplit(flight.request.url).netloc
            )
            self._fail(
                c.PRB_HOST,
                f"{_name(flight)} answered 421: the server rejects the Host header "
                f"{host!r} (DNS-rebinding protection); probe with --host-header set to a host "
                "it allows, or add this one to its allowed hosts",
            )
        else:
            self._fail(c.PRB_STATUS, f"{_name(flight)} answered {status}")

    def _redirect(self, flight: _Flight, status: int, headers: Headers) -> None:
        request = flight.request
        location = headers.get("location", "")
        target = urljoin(request.url, location) if location else ""
        if not target:
            self._fail(c.PRB_REDIRECT_REFUSED, f"{_name(flight)} answered {status}, no Location")
            return
        self._close(flight)
        refused = self._refuse_redirect(request, status, target)
        if refused:
            self._fail(
                c.PRB_REDIRECT_REFUSED,
                f"{_name(flight)} redirects ({status}) to {target}, not followed: "
                f"{refused}; probe {target} directly",
            )
            return
        self._redirected = True
        self._note(
            "warning",
            c.PRB_REDIRECTED,
            f"{_name(flight)} redirects ({status}) to {target}; followed once, "
            "but clients may not follow it: use that URL",
        )
        if request.url == self._url:
            self._url = target
        if request.url == self._message_url:
            self._message_url = target
        # The same headers and body as before: a redirect changes only where it goes.
        again = replace(request, id=self._new_id(), url=target)
        self._dispatch(again, flight.waiting_for.replace(request.url, target))

    def _refuse_redirect(self, request: Request, status: int, target: str) -> str | None:
        """Why this redirect is not followed, or None to follow it."""
        if self._redirected:
            return "mcpgen follows one redirect"
        if origin(target) != origin(request.url):
            return "it leads to another origin, where your headers must not go"
        if status not in METHOD_KEEPING_REDIRECTS and request.method != "GET":
            return f"a {status} turns {request.method} into GET"
        return None

    # -- finishing --------------------------------------------------------------------------

    def _capabilities(self) -> Mapping[str, Any]:
        """What the server declares: in its newest era's answer, else the handshake's."""
        for source in (self._discovered, self._result):
            caps = source.get("capabilities") if source else None
            if isinstance(caps, dict):
                return caps
        return {}

    def _era(self) -> Era | None:
        if self._modern_version is not None:
            return Era.DUAL if self._legacy else Era.MODERN
        if self._legacy:
            return Era.LEGACY
        return None

    def _finish(self, state: State) -> None:
        for flight in list(self._flights.values()):
            if flight.answered:
                self._outbox.append(Close(flight.request.id))
        self._outbox = deque(a for a in self._outbox if isinstance(a, Close))
        for flight in self._flights.values():
            self._finished.add(flight.request.id)
        self._flights.clear()
        self._reading = None
        self.phase = Phase.DONE
        self.state = state
        issues = list(self._issues)
        seen = {i.code for i in issues} | self._absorbed
        for parser in self._parsers:
            for issue in parser.issues:
                if issue.code not in seen:
                    seen.add(issue.code)
                    issues.append(issue)
        # A failed probe has no era, unless only --deep failed: the handshake did not.
        era = self._era() if state is State.VALIDATED or self._deep_failed else None
        server_info = discover_server_info(self._discovered) if self._discovered else None
        if server_info is None and self._result is not None:
            info = self._result.get("serverInfo")
            server_info = info if isinstance(info, dict) else None
        if state is State.VALIDATED:
            issues += self._judge(server_info)
        versions = tuple(sorted(self._versions, reverse=True)) if era else ()
        caps = self._capabilities()
        self._verdict = Verdict(
            state=state,
            protocol=self._protocol,
            protocol_version=versions[0] if versions else None,
            server_info=server_info,
            capabilities=tuple(sorted(caps)),
            endpoint=self._url if self._protocol or state is State.AUTH_REQUIRED else None,
            message_endpoint=self._message_url,
            session_managed=(self._session_id is not None)
            if self._protocol == "streamable-http" and self._legacy
            else None,
            requires_auth=self._requires_auth(state),
            issues=tuple(issues),
            era=era,
            supported_versions=versions,
            tools=self._tools,
            requests=self._sent,
        )

    def _judge(self, server_info: Mapping[str, Any] | None) -> list[Finding]:
        """What a validated server is told besides its transport."""
        found: list[Finding] = []
        if server_info is None:
            where = "server/discover result's _meta" if self._discovered else "initialize result"
            found.append(Finding(c.PRB_NO_SERVER_INFO, "warning", f"the {where} has no serverInfo"))
        if self._protocol == "sse":
            found.append(
                Finding(
                    c.PRB_SSE_DEPRECATED,
                    "warning",
                    "the HTTP+SSE transport is Deprecated (SEP-2596, MCP 2026-07-28): serve "
                    "Streamable HTTP on one URL instead (e.g. the SDK's streamable_http_app(), "
                    "or a bridge such as mcp-proxy), then set spec.transport.protocol: "
                    "streamable-http",
                )
            )
        if self.expect and self._protocol != self.expect:
            found.append(
                Finding(
                    c.PRB_MISMATCH,
                    "error",
                    f"expected {self.expect}, but {self._url} speaks {self._protocol}",
                )
            )
        declared = self._capabilities()
        for name in self.require:
            if name not in declared:
                found.append(
                    Finding(
                        c.PRB_CAPABILITY,
                        "error",
                        f"the server does not declare the {name!r} capability, which is "
                        f"required (it declares: {', '.join(sorted(declared)) or 'none'})",
                    )
                )
        return found

    def _requires_auth(self, state: State) -> bool | None:
        if state is State.AUTH_REQUIRED:
            return True
        if state is State.VALIDATED:
            # With the caller's headers (a token, most likely) we cannot tell.
            return None if self._credentials else False
        return None

    def _fail(self, code: str, message: str, level: Severity = "error") -> None:
        self._note(level, code, message)
        self._finish(State.FAILED)

    def _cleanup_failed(self, message: str) -> None:
        self._note("warning", c.PRB_CLEANUP, message)
        self._finish(State.FAILED if self._deep_failed else State.VALIDATED)


def _name(flight: _Flight) -> str:
    return f"{flight.request.method} {flight.request.url}"


def _discarded(flight: _Flight) -> str:
    if flight.parser is not None and flight.parser.has_partial_event:
        return " (an unfinished event was discarded)"
    return ""


def _ignore(_: object) -> None:
    """Drops a handler's return value where a callback returns None."""
