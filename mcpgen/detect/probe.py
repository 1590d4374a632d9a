"""Which MCP transport a URL speaks, decided by a state machine that does no I/O.

Modelled on h11: the machine says what to do next (`next_action`: send a
request, read more of a response, close one, or finish with a `Verdict`) and
is told what happened (`response`, `data`, `end`, `error`, `timeout`). A
driver (`mcpgen.probe`, or a test replaying recorded bytes) is a loop around
it, so every rule below can be tested by feeding it bytes.

The order follows the MCP spec's backwards-compatibility section (2025-03-26+):
POST `initialize` to the URL; success is Streamable HTTP; 400/404/405 mean
"try legacy SSE": GET the URL for a stream whose first event is `endpoint`,
then POST `initialize` there and read the answer on the stream. 401/403 mean
credentials are missing, never a downgrade. A URL with no path tries `/mcp`
then `/sse`, as the operator does.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

from mcpgen import __version__
from mcpgen.detect.sse import SSE_TOO_LARGE, Event, Issue, Level, SSEParser

PROTOCOL_VERSION = "2025-06-18"
INIT_ID = 1
Protocol = Literal["streamable-http", "sse"]
PROTOCOLS: tuple[Protocol, ...] = ("streamable-http", "sse")
# Where servers listen when the URL names no path: the SDK defaults, in the operator's order.
DEFAULT_PATHS = ("/mcp", "/sse")
# Statuses that mean "no Streamable HTTP here", so legacy SSE is tried next.
FALLBACK_STATUSES = frozenset({400, 404, 405})
AUTH_STATUSES = frozenset({401, 403})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirects that keep the method and body; the others turn a POST into a GET.
METHOD_KEEPING_REDIRECTS = frozenset({307, 308})


class State(StrEnum):
    """The operator's validation states."""

    PENDING = "Pending"
    VALIDATING = "Validating"
    VALIDATED = "Validated"
    AUTH_REQUIRED = "AuthRequired"
    FAILED = "Failed"


class ErrorKind(StrEnum):
    """What went wrong below HTTP, as the driver saw it."""

    CONNECT = "connect"
    TLS = "tls"
    TIMEOUT = "timeout"
    CLOSED = "closed"


# Stable codes: tests, docs and the chart's hook refer to them; never renumber.
PRB_CONNECT = "PRB001"
PRB_TIMEOUT = "PRB002"
PRB_TLS = "PRB003"
PRB_CLOSED = "PRB004"
PRB_PROBE_ERROR = "PRB005"
PRB_AUTH = "PRB010"
PRB_HOST = "PRB011"
PRB_REDIRECTED = "PRB012"
PRB_REDIRECT_REFUSED = "PRB013"
PRB_CONTENT_TYPE = "PRB020"
PRB_STATUS = "PRB021"
PRB_STREAM_CONTENT_TYPE = "PRB022"
PRB_NOT_MCP = "PRB023"
PRB_STREAM_STATUS = "PRB024"
PRB_CHARSET = "PRB025"
PRB_NO_ENDPOINT = "PRB030"
PRB_ENDPOINT_ORIGIN = "PRB031"
PRB_ENDPOINT_BAD = "PRB032"
PRB_ENDPOINT_POST = "PRB033"
PRB_NO_RESULT = "PRB040"
PRB_NOT_JSON = "PRB041"
PRB_INIT_ERROR = "PRB042"
PRB_BAD_RESULT = "PRB043"
PRB_NO_SERVER_INFO = "PRB044"
PRB_VERSION = "PRB045"
PRB_TOO_MANY_BYTES = "PRB050"
PRB_TOO_MANY_EVENTS = "PRB051"
PRB_EVENT_TOO_LARGE = "PRB052"
PRB_JSON_TOO_DEEP = "PRB053"
PRB_INITIALIZED = "PRB060"
PRB_SESSION_END = "PRB061"
PRB_CLEANUP = "PRB062"
PRB_MISMATCH = "PRB070"


# Far deeper than any MCP message nests, far shallower than the interpreter's
# recursion limit: json.loads recurses once per level, so a reply nested 100,000
# deep (200 KB, well under the byte caps) would raise RecursionError.
MAX_JSON_DEPTH = 64


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that keep a hostile server from holding the probe's memory or stack."""

    max_bytes: int = 4 << 20  # all response bodies together
    max_events: int = 200  # SSE events across all streams
    max_event_size: int = 1 << 20  # one SSE event, or one JSON body
    max_json_depth: int = MAX_JSON_DEPTH  # arrays and objects inside each other


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class Send:
    """Send this request; report its status and headers with `response` (or `error`)."""

    request: Request


@dataclass(frozen=True, slots=True)
class Read:
    """Read the next chunk of this response's body; report it with `data` or `end`."""

    request_id: int


@dataclass(frozen=True, slots=True)
class Close:
    """Abandon this response: the machine needs nothing more from it."""

    request_id: int


@dataclass(frozen=True, slots=True)
class Verdict:
    state: State
    protocol: Protocol | None = None
    protocol_version: str | None = None
    server_info: Mapping[str, Any] | None = None
    capabilities: tuple[str, ...] = ()
    endpoint: str | None = None  # the URL that speaks MCP
    message_endpoint: str | None = None  # legacy SSE: where client messages are POSTed
    session_managed: bool | None = None  # Streamable HTTP issued an Mcp-Session-Id
    requires_auth: bool | None = None  # None: validated with the caller's headers, unknown
    issues: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        """Validated, and nothing (such as a protocol mismatch) is an error."""
        return self.state is State.VALIDATED and all(i.level != "error" for i in self.issues)


@dataclass(frozen=True, slots=True)
class Finish:
    verdict: Verdict


Action = Send | Read | Close | Finish
Headers = Mapping[str, str]


def media_type(content_type: str) -> tuple[str, dict[str, str]]:
    """`text/event-stream; charset=utf-8` -> ("text/event-stream", {"charset": "utf-8"})."""
    kind, *params = content_type.split(";")
    parsed = {}
    for param in params:
        key, _, value = param.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), parsed


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def check_url(url: str) -> str | None:
    """Why `url` cannot be probed, or None when it can."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        return f"{url!r} contains whitespace or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"{url!r} is not a URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return f"{url!r}: the scheme must be http or https"
    if not parts.hostname:
        return f"{url!r} names no host"
    if parts.username is not None or parts.password is not None:
        # Reports print URLs; a password in one would end up in CI logs.
        return f"{url!r}: put credentials in --header 'Authorization: ...', not in the URL"
    try:
        parts.hostname.encode("idna")
    except UnicodeError:
        return f"{url!r}: {parts.hostname!r} is not a valid host name"
    return None


# A JSON string, escapes included. The closing quote is optional so an unterminated
# string ends at the end of the text: each quote starts at most one match, which
# keeps the scan linear whatever the server sends.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_JSON_STRING_BYTES = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NOT_BRACKET_BYTES = re.compile(rb"[^\[\]{}]+")


def json_too_deep(text: str | bytes, limit: int) -> bool:
    """Whether JSON `text` nests arrays and objects more than `limit` deep.

    Decided without parsing, so the parser's recursion is never reached: brackets
    inside strings do not count. Text that is not JSON may be judged either way;
    the parser refuses it next.
    """
    if isinstance(text, bytes):
        if text.count(b"[") + text.count(b"{") <= limit:
            return False  # the usual case: too few brackets to be deep, no scan
        brackets = _NOT_BRACKET_BYTES.sub(b"", _JSON_STRING_BYTES.sub(b"", text)).decode()
    else:
        if text.count("[") + text.count("{") <= limit:
            return False
        brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def unexpected_error(detail: str) -> Issue:
    """The finding for a probe that stopped on an exception no rule expected."""
    return Issue(
        "error",
        PRB_PROBE_ERROR,
        f"the probe stopped on an unexpected error, so this URL was not judged: {detail} "
        "(a bug in mcpgen; please report it)",
    )


def candidate_urls(url: str) -> list[str]:
    parts = urlsplit(url)
    if parts.path not in ("", "/"):
        return [url]
    return [urlunsplit(parts._replace(path=path)) for path in DEFAULT_PATHS]


def _initialize_body() -> bytes:
    return json.dumps(
        {
            "jsonrpc": "2.0",
            "id": INIT_ID,
            "method": "initialize",
            "params": {
                "protocolVersion": PROTOCOL_VERSION,
                "capabilities": {},
                "clientInfo": {"name": "mcpgen-probe", "version": __version__},
            },
        },
        separators=(",", ":"),
    ).encode()


INITIALIZE_BODY = _initialize_body()
INITIALIZED_BODY = b'{"jsonrpc":"2.0","method":"notifications/initialized"}'


@dataclass(slots=True)
class _Flight:
    """A request in flight and what the machine does with its answer."""

    request: Request
    on_response: Callable[[_Flight, int, Headers], None]
    waiting_for: str
    on_event: Callable[[_Flight, Event], None] | None = None
    on_body: Callable[[_Flight, bytes], None] | None = None
    on_end: Callable[[_Flight], None] | None = None
    parser: SSEParser | None = None
    body: bytearray = field(default_factory=bytearray)
    answered: bool = False


class ProbeMachine:
    """One probe of one URL. Drive it until `next_action` returns `Finish`."""

    def __init__(
        self,
        url: str,
        *,
        headers: Iterable[tuple[str, str]] = (),
        host_header: str | None = None,
        expect: Protocol | None = None,
        limits: Limits = Limits(),
    ) -> None:
        problem = check_url(url)
        if problem:
            raise ValueError(problem)
        if expect is not None and expect not in PROTOCOLS:
            raise ValueError(f"expect must be one of {', '.join(PROTOCOLS)}")
        self.url = url
        self.limits = limits
        self.expect = expect
        self._user_headers = tuple(headers)
        # Whatever the caller adds besides Host may be a credential.
        self._credentials = bool(self._user_headers)
        if host_header:
            self._user_headers += (("Host", host_header),)
        self._candidates = deque(candidate_urls(url))
        self._url = ""  # the candidate being probed (after a redirect, where it went)
        self._post_status = 0
        self._next_id = 1
        self._outbox: deque[Send | Close] = deque()
        self._flights: dict[int, _Flight] = {}
        self._reading: int | None = None
        self._parsers: list[SSEParser] = []
        self._absorbed: set[str] = set()  # parser findings the machine restated
        self._issues: list[Issue] = []
        self._redirected = False
        self._bytes = 0
        self._events = 0
        self._verdict: Verdict | None = None
        self.state = State.PENDING
        # What the initialize handshake found, kept for the verdict.
        self._protocol: Protocol | None = None
        self._result: Mapping[str, Any] | None = None
        self._endpoint: str | None = None
        self._message_url: str | None = None
        self._session_id: str | None = None
        self._stream: _Flight | None = None  # legacy SSE: the stream answers arrive on
        self._start_candidate()

    # -- what the driver calls --------------------------------------------------------

    @property
    def verdict(self) -> Verdict | None:
        return self._verdict

    def next_action(self) -> Action:
        if self._outbox:
            action = self._outbox.popleft()
            if isinstance(action, Send) and self.state is State.PENDING:
                self.state = State.VALIDATING
            return action
        if self._verdict is not None:
            return Finish(self._verdict)
        if self._reading is None:
            raise RuntimeError("probe machine has nothing to do and no verdict")
        return Read(self._reading)

    def response(self, request_id: int, status: int, headers: Iterable[tuple[str, str]]) -> None:
        flight = self._flight(request_id)
        if flight is None:
            return
        flight.answered = True
        lowered = {k.lower(): v for k, v in headers}
        if status in REDIRECT_STATUSES:
            self._redirect(flight, status, lowered)
        else:
            flight.on_response(flight, status, lowered)

    def data(self, request_id: int, chunk: bytes) -> None:
        flight = self._flight(request_id)
        if flight is None or not chunk:
            return
        self._bytes += len(chunk)
        if self._bytes > self.limits.max_bytes:
            self._fail(
                PRB_TOO_MANY_BYTES,
                f"read more than {self.limits.max_bytes} bytes while waiting for "
                f"{flight.waiting_for}; the server sends too much",
            )
            return
        if flight.parser is not None:
            self._events_in(flight, flight.parser.feed(chunk))
        elif len(flight.body) + len(chunk) > self.limits.max_event_size:
            self._fail(
                PRB_TOO_MANY_BYTES,
                f"the body of {self._name(flight)} is larger than "
                f"{self.limits.max_event_size} bytes",
            )
        else:
            flight.body += chunk

    def end(self, request_id: int) -> None:
        flight = self._flight(request_id)
        if flight is None:
            return
        self._forget(flight)
        if flight.parser is not None:
            self._events_in(flight, flight.parser.close())
            if self._done:
                return
        if flight.on_body is not None:
            flight.on_body(flight, bytes(flight.body))
        elif flight.on_end is not None:
            flight.on_end(flight)

    def error(self, request_id: int, kind: ErrorKind, detail: str) -> None:
        flight = self._flight(request_id)
        if flight is None:
            return
        self._forget(flight)
        if flight.parser is not None:
            flight.parser.close()
        if self._result is not None:
            self._cleanup_failed(f"{self._name(flight)} failed: {detail}")
            return
        host = urlsplit(flight.request.url).netloc
        if kind is ErrorKind.CONNECT:
            self._fail(PRB_CONNECT, f"could not connect to {host}: {detail}")
        elif kind is ErrorKind.TLS:
            self._fail(
                PRB_TLS,
                f"TLS with {host} failed: {detail}; pass --cacert FILE for a private CA, "
                "or --insecure to skip verification",
            )
        elif kind is ErrorKind.TIMEOUT:
            self._fail(PRB_TIMEOUT, f"timed out waiting for {flight.waiting_for}: {detail}")
        else:
            self._fail(
                PRB_CLOSED,
                f"the connection closed while waiting for {flight.waiting_for}: {detail}",
            )

    def timeout(self, seconds: float) -> None:
        """The driver's total deadline passed."""
        if self._done:
            return
        if self._result is not None:
            self._cleanup_failed(f"the deadline ({seconds:g} s) passed before cleanup finished")
            return
        flight = self._current()
        waiting = flight.waiting_for if flight else "an answer"
        # A server can keep every single read short (a byte of header at a time)
        # yet never finish: say when the headers are what the deadline cut off.
        unanswered = flight is not None and not flight.answered
        self._fail(
            PRB_TIMEOUT,
            f"the deadline of {seconds:g} s passed while waiting for {waiting}"
            + ("; its status line and headers had not all arrived" if unanswered else ""),
        )

    def crashed(self, detail: str) -> None:
        """The driver hit an exception no rule covers: this URL fails and says so.

        A verdict already reached stands; the exception came after it (cleanup).
        """
        if self._done:
            return
        self._issues.append(unexpected_error(detail))
        self._finish(State.FAILED)

    def _current(self) -> _Flight | None:
        """The flight the machine waits on: the one it reads, else the latest sent."""
        if self._reading is not None and self._reading in self._flights:
            return self._flights[self._reading]
        return self._flights[max(self._flights)] if self._flights else None

    # -- bookkeeping ------------------------------------------------------------------

    @property
    def _done(self) -> bool:
        return self._verdict is not None

    def _flight(self, request_id: int) -> _Flight | None:
        if self._done:
            return None
        return self._flights.get(request_id)

    def _forget(self, flight: _Flight) -> None:
        self._flights.pop(flight.request.id, None)
        if self._reading == flight.request.id:
            self._reading = None

    def _close(self, flight: _Flight) -> None:
        if flight.request.id in self._flights:
            self._forget(flight)
            self._outbox.append(Close(flight.request.id))

    def _name(self, flight: _Flight) -> str:
        return f"{flight.request.method} {flight.request.url}"

    def _note(self, level: Level, code: str, message: str) -> None:
        self._issues.append(Issue(level, code, message))

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
        on_response: Callable[[_Flight, int, Headers], None],
        headers: tuple[tuple[str, str], ...] = (),
        body: bytes = b"",
    ) -> None:
        request = Request(self._new_id(), method, url, self._headers(*headers), body, purpose)
        self._dispatch(request, on_response, waiting_for)

    def _resend(self, flight: _Flight, url: str) -> None:
        # The same headers and body as before: a redirect changes only where it goes.
        old = flight.request
        request = replace(old, id=self._new_id(), url=url)
        self._dispatch(request, flight.on_response, flight.waiting_for.replace(old.url, url))

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def _dispatch(
        self,
        request: Request,
        on_response: Callable[[_Flight, int, Headers], None],
        waiting_for: str,
    ) -> None:
        self._flights[request.id] = _Flight(request, on_response, waiting_for)
        self._outbox.append(Send(request))

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

    def _events_in(self, flight: _Flight, events: list[Event]) -> None:
        assert flight.parser is not None
        for event in events:
            self._events += 1
            if self._events > self.limits.max_events:
                self._fail(
                    PRB_TOO_MANY_EVENTS,
                    f"more than {self.limits.max_events} events without {flight.waiting_for}",
                )
                return
            if flight.on_event is not None:
                flight.on_event(flight, event)
            # A handler may have decided: later events in this chunk are not for us.
            if self._done or self._flights.get(flight.request.id) is not flight:
                return
        if any(i.code == SSE_TOO_LARGE for i in flight.parser.issues):
            self._absorbed.add(SSE_TOO_LARGE)  # said below, with the context
            self._fail(
                PRB_EVENT_TOO_LARGE,
                f"an event on {self._name(flight)} is larger than "
                f"{self.limits.max_event_size} characters (waiting for {flight.waiting_for})",
            )

    # -- finishing --------------------------------------------------------------------

    def _finish(self, state: State) -> None:
        for flight in list(self._flights.values()):
            if flight.answered:
                self._outbox.append(Close(flight.request.id))
        self._outbox = deque(a for a in self._outbox if isinstance(a, Close))
        self._flights.clear()
        self._reading = None
        self.state = state
        issues = list(self._issues)
        seen = {i.code for i in issues} | self._absorbed
        for parser in self._parsers:
            for issue in parser.issues:
                if issue.code not in seen:
                    seen.add(issue.code)
                    issues.append(issue)
        if state is State.VALIDATED and self.expect and self._protocol != self.expect:
            issues.append(
                Issue(
                    "error",
                    PRB_MISMATCH,
                    f"expected {self.expect}, but {self._endpoint} speaks {self._protocol}",
                )
            )
        result = self._result or {}
        info = result.get("serverInfo")
        caps = result.get("capabilities")
        self._verdict = Verdict(
            state=state,
            protocol=self._protocol,
            protocol_version=result.get("protocolVersion"),
            server_info=info if isinstance(info, dict) else None,
            capabilities=tuple(sorted(caps)) if isinstance(caps, dict) else (),
            endpoint=self._endpoint,
            message_endpoint=self._message_url,
            session_managed=(self._session_id is not None)
            if self._protocol == "streamable-http"
            else None,
            requires_auth=self._requires_auth(state),
            issues=tuple(issues),
        )

    def _requires_auth(self, state: State) -> bool | None:
        if state is State.AUTH_REQUIRED:
            return True
        if state is State.VALIDATED:
            # With the caller's headers (a token, most likely) we cannot tell.
            return None if self._credentials else False
        return None

    def _fail(self, code: str, message: str, level: Level = "error") -> None:
        self._note(level, code, message)
        self._finish(State.FAILED)

    def _cleanup_failed(self, message: str) -> None:
        self._note("warning", PRB_CLEANUP, message)
        self._finish(State.VALIDATED)

    def _status(self, flight: _Flight, status: int, headers: Headers) -> None:
        """Statuses that end the probe the same way whatever was asked."""
        if status in AUTH_STATUSES:
            challenge = headers.get("www-authenticate", "")
            shown = f" (WWW-Authenticate: {challenge[:200]})" if challenge else ""
            self._note(
                "warning",
                PRB_AUTH,
                f"{self._name(flight)} answered {status}: the server requires credentials"
                f"{shown}; pass them with --header 'Authorization: Bearer <token>'",
            )
            self._endpoint = self._url
            self._finish(State.AUTH_REQUIRED)
        elif status == 421:
            host = dict((k.lower(), v) for k, v in flight.request.headers).get(
                "host", urlsplit(flight.request.url).netloc
            )
            self._fail(
                PRB_HOST,
                f"{self._name(flight)} answered 421: the server rejects the Host header "
                f"{host!r} (DNS-rebinding protection); probe with --host-header set to a host "
                "it allows, or add this one to its allowed hosts",
            )
        else:
            self._fail(PRB_STATUS, f"{self._name(flight)} answered {status}")

    def _redirect(self, flight: _Flight, status: int, headers: Headers) -> None:
        request = flight.request
        location = headers.get("location", "")
        target = urljoin(request.url, location) if location else ""
        if not target:
            self._fail(PRB_REDIRECT_REFUSED, f"{self._name(flight)} answered {status}, no Location")
            return
        self._close(flight)
        refused = self._refuse_redirect(request, status, target)
        if refused:
            self._fail(
                PRB_REDIRECT_REFUSED,
                f"{self._name(flight)} redirects ({status}) to {target}, not followed: "
                f"{refused}; probe {target} directly",
            )
            return
        self._redirected = True
        self._note(
            "warning",
            PRB_REDIRECTED,
            f"{self._name(flight)} redirects ({status}) to {target}; followed once, "
            "but clients may not follow it: use that URL",
        )
        if request.url == self._url:
            self._url = target
        if request.url == self._message_url:
            self._message_url = target
        self._resend(flight, target)

    def _refuse_redirect(self, request: Request, status: int, target: str) -> str | None:
        """Why this redirect is not followed, or None to follow it."""
        if self._redirected:
            return "mcpgen follows one redirect"
        if origin(target) != origin(request.url):
            return "it leads to another origin, where your headers must not go"
        if status not in METHOD_KEEPING_REDIRECTS and request.method != "GET":
            return f"a {status} turns {request.method} into GET"
        return None

    # -- Streamable HTTP --------------------------------------------------------------

    def _start_candidate(self) -> None:
        self._url = self._candidates.popleft()
        self._send(
            "POST",
            self._url,
            purpose="initialize",
            waiting_for=f"the answer to POST initialize at {self._url}",
            on_response=self._on_initialize,
            headers=(
                ("Accept", "application/json, text/event-stream"),
                ("Content-Type", "application/json"),
            ),
            body=INITIALIZE_BODY,
        )

    def _on_initialize(self, flight: _Flight, status: int, headers: Headers) -> None:
        if status in FALLBACK_STATUSES:
            self._post_status = status
            self._close(flight)
            self._open_stream()
            return
        if not 200 <= status < 300:
            self._status(flight, status, headers)
            return
        self._session_id = headers.get("mcp-session-id")
        kind, _ = media_type(headers.get("content-type", ""))
        waiting = f"the initialize result from POST {self._url}"
        if kind == "application/json":
            self._read_body(flight, self._on_initialize_json, waiting)
        elif kind == "text/event-stream":
            self._read_events(flight, self._on_initialize_event, self._on_no_result, waiting)
        elif not kind and status in (202, 204):
            self._fail(PRB_NO_RESULT, f"POST initialize at {self._url} answered {status}, empty")
        else:
            self._fail(
                PRB_CONTENT_TYPE,
                f"POST initialize at {self._url} answered {status} with content type "
                f"{kind or '(none)'!r}; Streamable HTTP answers application/json or "
                "text/event-stream",
            )

    def _on_initialize_json(self, flight: _Flight, body: bytes) -> None:
        if json_too_deep(body, self.limits.max_json_depth):
            self._fail(
                PRB_JSON_TOO_DEEP,
                f"POST initialize at {self._url} answered JSON nested more than "
                f"{self.limits.max_json_depth} levels deep; not parsed",
            )
            return
        try:
            message = json.loads(body)
        except ValueError:
            shown = repr(body[:80].decode(errors="replace")) if body else "an empty body"
            self._fail(PRB_NOT_JSON, f"POST initialize at {self._url} answered {shown}, not JSON")
            return
        found = _response_to_init(message)
        if found is None:
            self._fail(
                PRB_NO_RESULT,
                f"POST initialize at {self._url} answered JSON that is not a response to it",
            )
            return
        self._initialized(flight, found, "streamable-http")

    def _on_initialize_event(self, flight: _Flight, event: Event) -> None:
        if event.type == "endpoint":
            # An SSE server that also answers POST with its stream: legacy SSE after all.
            self._on_endpoint(flight, event)
            return
        message = self._json_event(flight, event)
        if message is None:
            return
        found = _response_to_init(message)
        if found is not None:
            self._initialized(flight, found, "streamable-http")

    def _on_no_result(self, flight: _Flight) -> None:
        self._fail(
            PRB_NO_RESULT, f"{self._name(flight)} ended before the result{_discarded(flight)}"
        )

    def _json_event(self, flight: _Flight, event: Event) -> Any:
        if event.type != "message":
            return None
        if json_too_deep(event.data, self.limits.max_json_depth):
            self._fail(
                PRB_JSON_TOO_DEEP,
                f"a message event on {self._name(flight)} holds JSON nested more than "
                f"{self.limits.max_json_depth} levels deep; not parsed",
            )
            return None
        try:
            return json.loads(event.data)
        except ValueError:
            self._fail(
                PRB_NOT_JSON,
                f"a message event on {self._name(flight)} is not JSON: {event.data[:80]!r}",
            )
            return None

    def _initialized(self, flight: _Flight, message: Mapping[str, Any], proto: Protocol) -> None:
        self._protocol = proto
        self._endpoint = self._url
        error = message.get("error")
        if error is not None:
            detail = error if not isinstance(error, dict) else error.get("message", error)
            code = error.get("code") if isinstance(error, dict) else None
            self._fail(PRB_INIT_ERROR, f"the server refused initialize: {code} {detail}")
            return
        result = message.get("result")
        problem = _check_result(result)
        if problem:
            self._fail(PRB_BAD_RESULT, f"the initialize result {problem}")
            return
        assert isinstance(result, dict)
        self._result = result
        if not isinstance(result.get("serverInfo"), dict):
            self._note("warning", PRB_NO_SERVER_INFO, "the initialize result has no serverInfo")
        if result["protocolVersion"] != PROTOCOL_VERSION:
            self._note(
                "info",
                PRB_VERSION,
                f"the server chose protocol version {result['protocolVersion']} "
                f"(mcpgen asked for {PROTOCOL_VERSION})",
            )
        if proto == "sse":
            self._send_initialized(self._message_url or "")
            return
        self._close(flight)
        self._send_initialized(self._url)

    def _send_initialized(self, url: str) -> None:
        headers: tuple[tuple[str, str], ...] = (
            ("Accept", "application/json, text/event-stream"),
            ("Content-Type", "application/json"),
        )
        if self._protocol == "streamable-http":
            headers += (("MCP-Protocol-Version", str(self._result_version())),)
        if self._session_id:
            headers += (("Mcp-Session-Id", self._session_id),)
        self._send(
            "POST",
            url,
            purpose="notifications/initialized",
            waiting_for=f"the answer to notifications/initialized at {url}",
            on_response=self._on_initialized_ack,
            headers=headers,
            body=INITIALIZED_BODY,
        )

    def _result_version(self) -> str:
        return str((self._result or {}).get("protocolVersion", PROTOCOL_VERSION))

    def _on_initialized_ack(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._close(flight)
        if not 200 <= status < 300:
            self._note(
                "warning",
                PRB_INITIALIZED,
                f"{self._name(flight)} answered {status} to notifications/initialized "
                "(expected 202 Accepted)",
            )
        if self._protocol == "streamable-http" and self._session_id:
            self._send(
                "DELETE",
                self._url,
                purpose="end session",
                waiting_for=f"the answer to DELETE {self._url}",
                on_response=self._on_session_end,
                headers=(
                    ("MCP-Protocol-Version", self._result_version()),
                    ("Mcp-Session-Id", self._session_id),
                ),
            )
            return
        self._finish(State.VALIDATED)

    def _on_session_end(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._close(flight)
        if status == 405:
            self._note("info", PRB_SESSION_END, "the server does not let clients end sessions")
        elif not 200 <= status < 300:
            self._note("info", PRB_SESSION_END, f"DELETE of the session answered {status}")
        self._finish(State.VALIDATED)

    # -- legacy SSE -------------------------------------------------------------------

    def _open_stream(self) -> None:
        self._send(
            "GET",
            self._url,
            purpose="open SSE stream",
            waiting_for=f"the answer to GET {self._url}",
            on_response=self._on_stream,
            headers=(("Accept", "text/event-stream"), ("Cache-Control", "no-cache")),
        )

    def _on_stream(self, flight: _Flight, status: int, headers: Headers) -> None:
        if status in FALLBACK_STATUSES:
            self._close(flight)
            if self._candidates:
                self._start_candidate()
                return
            self._fail(
                PRB_NOT_MCP,
                f"no MCP endpoint at {self._url}: POST initialize answered "
                f"{self._post_status} (no Streamable HTTP) and GET answered {status} "
                "(no SSE stream)",
            )
            return
        if not 200 <= status < 300:
            self._status(flight, status, headers)
            return
        kind, params = media_type(headers.get("content-type", ""))
        if status != 200:
            self._fail(PRB_STREAM_STATUS, f"GET {self._url} answered {status}; SSE needs 200")
        elif kind != "text/event-stream":
            self._fail(
                PRB_STREAM_CONTENT_TYPE,
                f"GET {self._url} answered 200 with content type {kind or '(none)'!r}, "
                "not text/event-stream",
            )
        else:
            if params.get("charset", "utf-8") != "utf-8":
                self._note(
                    "warning",
                    PRB_CHARSET,
                    f"GET {self._url} declares charset {params['charset']}; "
                    "event streams are always UTF-8",
                )
            self._read_events(
                flight,
                self._on_endpoint,
                self._on_no_endpoint,
                f"the endpoint event on GET {self._url}",
            )

    def _on_no_endpoint(self, flight: _Flight) -> None:
        self._fail(
            PRB_NO_ENDPOINT,
            f"the stream of {self._name(flight)} ended before an endpoint event"
            f"{_discarded(flight)}",
        )

    def _on_endpoint(self, flight: _Flight, event: Event) -> None:
        if event.type != "endpoint":
            self._fail(
                PRB_NO_ENDPOINT,
                f"the first event on {self._name(flight)} is {event.type!r}; "
                "a legacy SSE server sends `endpoint` first",
            )
            return
        target = urljoin(flight.request.url, event.data.strip())
        if not event.data.strip() or check_url(target):
            self._fail(PRB_ENDPOINT_BAD, f"the endpoint event's data {event.data[:80]!r} is no URL")
            return
        if origin(target) != origin(flight.request.url):
            self._fail(
                PRB_ENDPOINT_ORIGIN,
                f"the endpoint event points to {target}, another origin than "
                f"{flight.request.url}; mcpgen does not send messages there",
            )
            return
        self._protocol = "sse"
        self._endpoint = self._url
        self._message_url = target
        self._stream = flight
        flight.on_event, flight.on_end = self._on_stream_message, self._on_no_result
        flight.waiting_for = f"the initialize result on the stream of GET {self._url}"
        self._send(
            "POST",
            target,
            purpose="initialize",
            waiting_for=f"the answer to POST initialize at {target}",
            on_response=self._on_endpoint_post,
            headers=(
                ("Accept", "application/json, text/event-stream"),
                ("Content-Type", "application/json"),
            ),
            body=INITIALIZE_BODY,
        )

    def _on_endpoint_post(self, flight: _Flight, status: int, headers: Headers) -> None:
        self._close(flight)
        if not 200 <= status < 300:
            if status in AUTH_STATUSES or status == 421:
                self._status(flight, status, headers)
            else:
                self._fail(
                    PRB_ENDPOINT_POST,
                    f"{self._name(flight)} answered {status}; the endpoint should accept it",
                )
            return
        assert self._stream is not None
        self._reading = self._stream.request.id

    def _on_stream_message(self, flight: _Flight, event: Event) -> None:
        message = self._json_event(flight, event)
        found = _response_to_init(message) if message is not None else None
        if found is not None:
            self._initialized(flight, found, "sse")


def _discarded(flight: _Flight) -> str:
    if flight.parser is not None and flight.parser.has_partial_event:
        return " (an unfinished event was discarded)"
    return ""


def _response_to_init(message: Any) -> Mapping[str, Any] | None:
    """The JSON-RPC response to our initialize in `message` (an object or a batch)."""
    candidates = message if isinstance(message, list) else [message]
    for item in candidates:
        if (
            isinstance(item, dict)
            and item.get("id") == INIT_ID
            and ("result" in item or "error" in item)
        ):
            return item
    return None


def _check_result(result: Any) -> str | None:
    if not isinstance(result, dict):
        return "is not an object"
    if not isinstance(result.get("protocolVersion"), str):
        return "has no protocolVersion"
    if not isinstance(result.get("capabilities"), dict):
        return "has no capabilities object"
    return None
