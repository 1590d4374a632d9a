"""The sans-I/O machine, rule by rule: feed it responses, check what it asks next."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mcpgen.detect.actions import (
    Close,
    Era,
    ErrorKind,
    Finish,
    Limits,
    ProbeUsageError,
    Read,
    Request,
    Send,
    State,
    Verdict,
)
from mcpgen.detect.codes import (
    PRB_AUTH,
    PRB_BAD_RESULT,
    PRB_CAPABILITY,
    PRB_CLEANUP,
    PRB_CLIENT_CAPABILITY,
    PRB_CONNECT,
    PRB_CONTENT_TYPE,
    PRB_ENDPOINT_BAD,
    PRB_ENDPOINT_ORIGIN,
    PRB_ENDPOINT_POST,
    PRB_EVENT_TOO_LARGE,
    PRB_HEADER_MISMATCH,
    PRB_HOST,
    PRB_INIT_ERROR,
    PRB_INITIALIZED,
    PRB_JSON_TOO_DEEP,
    PRB_MISMATCH,
    PRB_MODERN_INIT,
    PRB_NO_ENDPOINT,
    PRB_NO_RESULT,
    PRB_NO_SERVER_INFO,
    PRB_NO_TOOLS,
    PRB_NOT_JSON,
    PRB_NOT_MCP,
    PRB_PROBE_ERROR,
    PRB_REDIRECT_REFUSED,
    PRB_REDIRECTED,
    PRB_SESSION_END,
    PRB_SSE_DEPRECATED,
    PRB_STATUS,
    PRB_STREAM_STATUS,
    PRB_TIMEOUT,
    PRB_TLS,
    PRB_TOO_MANY_BYTES,
    PRB_TOO_MANY_EVENTS,
    PRB_TOOLS,
    PRB_VERSION,
    PRB_VERSION_RETRY,
)
from mcpgen.detect.jsonrpc import (
    INITIALIZE_BODY,
    MAX_JSON_DEPTH,
    MODERN_VERSION,
    PROTOCOL_VERSION,
    json_too_deep,
)
from mcpgen.detect.machine import TRANSITIONS, Phase, ProbeMachine

URL = "http://mcp.test:8080/mcp"
SSE = [("Content-Type", "text/event-stream")]
JSON = [("Content-Type", "application/json")]
RESULT = {
    "protocolVersion": PROTOCOL_VERSION,
    "capabilities": {"tools": {}, "logging": {}},
    "serverInfo": {"name": "srv", "version": "2"},
}


def answer(result: object = RESULT, **extra: object) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": 1, "result": result, **extra}).encode()


def message_event(body: bytes) -> bytes:
    return b"event: message\r\ndata: " + body + b"\r\n\r\n"


def sent(m: ProbeMachine) -> Request:
    action = m.next_action()
    assert isinstance(action, Send), action
    return action.request


def reads(m: ProbeMachine, request_id: int) -> None:
    assert m.next_action() == Read(request_id)


def finish(m: ProbeMachine) -> Verdict:
    """Take the closes the machine still owes, then its verdict."""
    while True:
        action = m.next_action()
        if isinstance(action, Finish):
            return action.verdict
        assert isinstance(action, Close), action


def codes(v: Verdict) -> list[str]:
    return [i.code for i in v.issues]


def legacy(url: str = URL, **options: Any) -> ProbeMachine:
    """A machine whose server/discover a 2025 server refused (400, no modern error)."""
    m = ProbeMachine(url, **options)
    discover = sent(m)
    assert discover.purpose == "server/discover"
    m.response(discover.id, 400, [])
    assert m.next_action() == Close(discover.id)
    return m


def to_streamable_result(m: ProbeMachine, headers: list[tuple[str, str]]) -> Request:
    """POST initialize answered with a JSON result; returns the notification it sends next."""
    post = sent(m)
    m.response(post.id, 200, JSON + headers)
    reads(m, post.id)
    m.data(post.id, answer())
    m.end(post.id)
    return sent(m)


def to_sse_stream(m: ProbeMachine) -> Request:
    """POST 405, GET 200 text/event-stream: returns the GET request, being read."""
    post = sent(m)
    m.response(post.id, 405, [("Allow", "GET, HEAD")])
    assert m.next_action() == Close(post.id)
    get = sent(m)
    m.response(get.id, 200, [("Content-Type", "text/event-stream; charset=utf-8")])
    reads(m, get.id)
    return get


# -- the first request ------------------------------------------------------------------


def test_first_request_is_a_modern_server_discover() -> None:
    m = ProbeMachine(URL)
    states = [m.state]  # kept in a list: mypy would narrow `m.state` across sent()
    request = sent(m)
    states.append(m.state)
    assert states == [State.PENDING, State.VALIDATING]
    assert (request.method, request.url, request.purpose) == ("POST", URL, "server/discover")
    headers = dict(request.headers)
    assert headers["Accept"] == "application/json, text/event-stream"
    assert headers["Content-Type"] == "application/json"
    assert headers["MCP-Protocol-Version"] == MODERN_VERSION == "2026-07-28"
    assert headers["Mcp-Method"] == "server/discover"
    body = json.loads(request.body)
    assert body["method"] == "server/discover"
    meta = body["params"]["_meta"]
    assert meta["io.modelcontextprotocol/protocolVersion"] == MODERN_VERSION
    assert meta["io.modelcontextprotocol/clientCapabilities"] == {}
    assert meta["io.modelcontextprotocol/clientInfo"]["name"] == "mcpgen-probe"


def test_after_a_legacy_refusal_comes_initialize_without_modern_headers() -> None:
    m = legacy(URL)
    request = sent(m)
    assert (request.method, request.url) == ("POST", URL)
    headers = dict(request.headers)
    assert headers["Accept"] == "application/json, text/event-stream"
    assert "MCP-Protocol-Version" not in headers and "Mcp-Method" not in headers
    body = json.loads(request.body)
    assert body["method"] == "initialize"
    assert body["params"]["protocolVersion"] == PROTOCOL_VERSION == "2025-11-25"
    assert request.body == INITIALIZE_BODY


def test_caller_headers_and_host_are_sent_and_win() -> None:
    m = legacy(
        URL, headers=[("Authorization", "Bearer t"), ("accept", "*/*")], host_header="mcp.internal"
    )
    headers = sent(m).headers
    assert ("Authorization", "Bearer t") in headers
    assert ("Host", "mcp.internal") in headers
    assert [v for k, v in headers if k.lower() == "accept"] == ["*/*"]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x/mcp",
        "http:///mcp",
        "mcp.test/mcp",
        "http://h:port/",
        "http://a..b/mcp",
        "http://user:secret@h/mcp",
        "http://h/m cp",
    ],
)
def test_a_url_that_cannot_be_probed_is_a_usage_error(url: str) -> None:
    with pytest.raises(ValueError):
        ProbeMachine(url)


# -- Streamable HTTP ----------------------------------------------------------------------


def test_json_answer_with_session_means_streamable_http_then_cleanup() -> None:
    m = legacy(URL)
    note = to_streamable_result(m, [("Mcp-Session-Id", "abc")])
    assert json.loads(note.body) == {"jsonrpc": "2.0", "method": "notifications/initialized"}
    headers = dict(note.headers)
    assert headers["Mcp-Session-Id"] == "abc"
    assert headers["MCP-Protocol-Version"] == PROTOCOL_VERSION
    m.response(note.id, 202, [])
    assert m.next_action() == Close(note.id)
    delete = sent(m)
    assert (delete.method, delete.url, dict(delete.headers)["Mcp-Session-Id"]) == (
        "DELETE",
        URL,
        "abc",
    )
    m.response(delete.id, 200, [])
    v = finish(m)
    assert v.ok and v.state is State.VALIDATED
    assert v.protocol == "streamable-http"
    assert v.server_info == {"name": "srv", "version": "2"}
    assert v.capabilities == ("logging", "tools")
    assert v.session_managed is True
    assert v.endpoint == URL and v.message_endpoint is None
    assert v.requires_auth is False
    assert v.issues == ()


def test_event_stream_answer_without_session_is_stateless_and_skips_delete() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, SSE)
    reads(m, post.id)
    # A notification and a comment may come first; the answer is the event with our id.
    m.data(post.id, b': hi\n\nevent: message\ndata: {"jsonrpc":"2.0","method":"x"}\n\n')
    reads(m, post.id)
    m.data(post.id, message_event(answer()))
    assert m.next_action() == Close(post.id)
    note = sent(m)
    assert "Mcp-Session-Id" not in dict(note.headers)
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.ok and v.session_managed is False


def test_answer_split_into_single_bytes() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, SSE)
    raw = message_event(answer())
    fed = 0
    while (action := m.next_action()) == Read(post.id):
        m.data(post.id, raw[fed : fed + 1])
        fed += 1
    assert action == Close(post.id)
    # The final CR already ends the blank line; the LF after it is never needed.
    assert fed == len(raw) - 1


def test_a_batch_answer_is_searched_for_our_id() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, JSON)
    reads(m, post.id)
    m.data(post.id, b'[{"jsonrpc":"2.0","method":"n"},' + answer() + b"]")
    m.end(post.id)
    assert sent(m).purpose == "notifications/initialized"


@pytest.mark.parametrize(
    ("content_type", "named"),
    [("text/html; charset=utf-8", "'text/html'"), ("", "'(none)'")],
)
def test_any_other_content_type_fails_naming_it(content_type: str, named: str) -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, [("Content-Type", content_type)] if content_type else [])
    v = finish(m)
    assert v.state is State.FAILED
    assert codes(v) == [PRB_CONTENT_TYPE]
    assert named in v.issues[0].message


def test_202_to_initialize_is_no_answer() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 202, [])
    assert codes(finish(m)) == [PRB_NO_RESULT]


def test_invalid_json_is_named() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, JSON)
    m.data(post.id, b"<html>")
    m.end(post.id)
    v = finish(m)
    assert codes(v) == [PRB_NOT_JSON] and "'<html>'" in v.issues[0].message


def test_a_json_rpc_error_is_a_failure_on_a_known_transport() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, JSON)
    m.data(post.id, b'{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"bad version"}}')
    m.end(post.id)
    v = finish(m)
    assert v.state is State.FAILED and v.protocol == "streamable-http"
    assert codes(v) == [PRB_INIT_ERROR] and "-32602 bad version" in v.issues[0].message


@pytest.mark.parametrize(
    ("result", "code"),
    [
        ({"capabilities": {}}, PRB_BAD_RESULT),
        ({"protocolVersion": PROTOCOL_VERSION, "capabilities": []}, PRB_BAD_RESULT),
        ("nope", PRB_BAD_RESULT),
    ],
)
def test_an_initialize_result_must_have_its_fields(result: object, code: str) -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, JSON)
    m.data(post.id, answer(result))
    m.end(post.id)
    assert codes(finish(m)) == [code]


def test_missing_server_info_and_another_version_are_noted_not_fatal() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, JSON)
    m.data(post.id, answer({"protocolVersion": "2025-03-26", "capabilities": {}}))
    m.end(post.id)
    note = sent(m)
    assert dict(note.headers)["MCP-Protocol-Version"] == "2025-03-26"
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.ok and v.protocol_version == "2025-03-26"
    assert v.supported_versions == ("2025-03-26",) and v.era is Era.LEGACY
    assert codes(v) == [PRB_VERSION, PRB_NO_SERVER_INFO]


def test_cleanup_trouble_is_a_warning_after_a_result() -> None:
    m = legacy(URL)
    note = to_streamable_result(m, [("Mcp-Session-Id", "s")])
    m.response(note.id, 400, [])
    assert m.next_action() == Close(note.id)
    delete = sent(m)
    m.response(delete.id, 405, [])
    v = finish(m)
    assert v.ok
    assert codes(v) == [PRB_INITIALIZED, PRB_SESSION_END]


def test_a_deadline_during_cleanup_keeps_the_result() -> None:
    m = legacy(URL)
    to_streamable_result(m, [("Mcp-Session-Id", "s")])
    m.timeout(10)
    v = finish(m)
    assert v.state is State.VALIDATED and codes(v) == [PRB_CLEANUP]


# -- falling back to legacy SSE -----------------------------------------------------------


@pytest.mark.parametrize("status", [400, 404, 405])
def test_400_404_405_fall_back_to_get_an_event_stream(status: int) -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, status, [])
    assert m.next_action() == Close(post.id)
    get = sent(m)
    assert (get.method, get.url) == ("GET", URL)
    assert dict(get.headers)["Accept"] == "text/event-stream"


def test_legacy_sse_handshake() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\r\ndata: /messages/?session_id=1\r\n\r\n")
    post = sent(m)
    assert post.url == "http://mcp.test:8080/messages/?session_id=1"
    assert post.body == INITIALIZE_BODY
    m.response(post.id, 202, [])
    assert m.next_action() == Close(post.id)
    reads(m, get.id)  # back to the stream for the answer
    m.data(get.id, message_event(answer()))
    note = sent(m)
    assert note.url == post.url and note.purpose == "notifications/initialized"
    assert "MCP-Protocol-Version" not in dict(note.headers)
    m.response(note.id, 202, [])
    actions = []
    while not isinstance(action := m.next_action(), Finish):
        actions.append(action)
    assert Close(get.id) in actions  # the stream, and with it the session, is let go
    v = action.verdict
    assert v.ok and v.protocol == "sse"
    assert v.endpoint == URL
    assert v.message_endpoint == post.url
    assert v.session_managed is None


def test_a_stream_answer_to_post_that_carries_endpoint_is_legacy_sse() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, SSE)
    m.data(post.id, b"event: endpoint\ndata: /messages\n\n")
    endpoint_post = sent(m)
    assert endpoint_post.url == "http://mcp.test:8080/messages"
    m.response(endpoint_post.id, 202, [])
    assert m.next_action() == Close(endpoint_post.id)
    reads(m, post.id)
    m.data(post.id, message_event(answer()))
    note = sent(m)
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.ok and v.protocol == "sse"


def test_the_first_event_must_be_endpoint() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, b"data: hello\n\n")
    v = finish(m)
    assert codes(v) == [PRB_NO_ENDPOINT] and "'message'" in v.issues[0].message


@pytest.mark.parametrize(
    "data",
    [
        "http://evil.test/messages",
        "https://mcp.test:8080/messages",  # another scheme is another origin
        "//mcp.test:9090/messages",
    ],
)
def test_an_endpoint_on_another_origin_is_refused(data: str) -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, f"event: endpoint\ndata: {data}\n\n".encode())
    v = finish(m)
    assert codes(v) == [PRB_ENDPOINT_ORIGIN]


def test_same_origin_with_default_port_spelled_out_is_accepted() -> None:
    m = legacy("http://mcp.test/sse")
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\ndata: http://MCP.test:80/messages\n\n")
    assert sent(m).url == "http://MCP.test:80/messages"


def test_an_empty_endpoint_is_refused() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\ndata:\n\n")
    assert codes(finish(m)) == [PRB_ENDPOINT_BAD]


def test_the_endpoint_must_take_the_post() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\ndata: /messages\n\n")
    post = sent(m)
    m.response(post.id, 500, [])
    assert codes(finish(m)) == [PRB_ENDPOINT_POST]


def test_get_must_be_200_event_stream() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 405, [])
    m.next_action()
    get = sent(m)
    m.response(get.id, 204, SSE)
    assert codes(finish(m)) == [PRB_STREAM_STATUS]


def test_a_stream_that_ends_inside_the_endpoint_event() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\ndata: /mess")
    m.end(get.id)
    v = finish(m)
    assert codes(v)[0] == PRB_NO_ENDPOINT
    assert "unfinished event was discarded" in v.issues[0].message


def test_neither_transport_names_both_answers() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 404, [])
    m.next_action()
    get = sent(m)
    m.response(get.id, 405, [])
    v = finish(m)
    assert codes(v) == [PRB_NOT_MCP]
    assert "answered 404" in v.issues[0].message and "answered 405" in v.issues[0].message


def test_no_path_tries_mcp_then_sse() -> None:
    m = ProbeMachine("http://mcp.test:8080")
    tried = []
    for _ in range(2):
        for _ in range(3):  # discover, initialize, GET: each 404
            request = sent(m)
            m.response(request.id, 404, [])
            tried.append((request.method, request.purpose, request.url))
            if len(tried) < 6:
                assert m.next_action() == Close(request.id)
    assert tried == [
        ("POST", "server/discover", "http://mcp.test:8080/mcp"),
        ("POST", "initialize", "http://mcp.test:8080/mcp"),
        ("GET", "open SSE stream", "http://mcp.test:8080/mcp"),
        ("POST", "server/discover", "http://mcp.test:8080/sse"),
        ("POST", "initialize", "http://mcp.test:8080/sse"),
        ("GET", "open SSE stream", "http://mcp.test:8080/sse"),
    ]
    assert codes(finish(m)) == [PRB_NOT_MCP]


# -- statuses that end the probe at once --------------------------------------------------


@pytest.mark.parametrize("status", [401, 403])
def test_auth_required_is_never_a_downgrade(status: int) -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, status, [("WWW-Authenticate", 'Bearer resource_metadata="x"')])
    v = finish(m)
    assert v.state is State.AUTH_REQUIRED
    assert v.requires_auth is True and not v.ok
    assert codes(v) == [PRB_AUTH]
    assert 'Bearer resource_metadata="x"' in v.issues[0].message


def test_auth_required_on_the_stream_too() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 405, [])
    m.next_action()
    get = sent(m)
    m.response(get.id, 401, [])
    assert finish(m).state is State.AUTH_REQUIRED


def test_421_names_the_host_and_suggests_host_header() -> None:
    m = legacy(URL, host_header="svc.ns")
    post = sent(m)
    m.response(post.id, 421, [])
    v = finish(m)
    assert codes(v) == [PRB_HOST]
    assert "'svc.ns'" in v.issues[0].message and "--host-header" in v.issues[0].message


def test_a_server_error_is_reported_as_is() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 503, [])
    v = finish(m)
    assert codes(v) == [PRB_STATUS] and "503" in v.issues[0].message


# -- redirects ----------------------------------------------------------------------------


def test_a_307_is_reported_and_followed_once_with_the_same_request() -> None:
    m = legacy("http://mcp.test/mcp/")
    post = sent(m)
    m.response(post.id, 307, [("Location", "/mcp")])
    assert m.next_action() == Close(post.id)
    again = sent(m)
    assert (again.method, again.url, again.body, again.headers) == (
        "POST",
        "http://mcp.test/mcp",
        post.body,
        post.headers,
    )
    m.response(again.id, 307, [("Location", "/mcp/")])
    v = finish(m)
    assert codes(v) == [PRB_REDIRECTED, PRB_REDIRECT_REFUSED]
    assert "one redirect" in v.issues[1].message


@pytest.mark.parametrize(
    ("status", "location", "why"),
    [
        (307, "https://mcp.test/mcp", "another origin"),
        (308, "http://elsewhere.test/mcp", "another origin"),
        (302, "/other", "turns POST into GET"),
        (301, "", "no Location"),
    ],
)
def test_redirects_that_are_not_followed(status: int, location: str, why: str) -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, status, [("Location", location)] if location else [])
    v = finish(m)
    assert codes(v) == [PRB_REDIRECT_REFUSED]
    assert why in v.issues[0].message


def test_a_302_on_the_get_is_followed() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 405, [])
    m.next_action()
    get = sent(m)
    m.response(get.id, 302, [("Location", "/sse")])
    m.next_action()
    again = sent(m)
    assert (again.method, again.url) == ("GET", "http://mcp.test:8080/sse")


# -- what the driver reports --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "code", "words"),
    [
        (ErrorKind.CONNECT, PRB_CONNECT, "could not connect to mcp.test:8080"),
        (ErrorKind.TLS, PRB_TLS, "--cacert"),
        (ErrorKind.TIMEOUT, PRB_TIMEOUT, "the answer to POST initialize"),
    ],
)
def test_driver_errors(kind: ErrorKind, code: str, words: str) -> None:
    m = legacy(URL)
    post = sent(m)
    m.error(post.id, kind, "boom")
    v = finish(m)
    assert codes(v) == [code] and words in v.issues[0].message


def test_the_deadline_says_what_was_awaited() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, b": still here\n")
    m.timeout(2.5)
    v = finish(m)
    assert codes(v) == [PRB_TIMEOUT]
    assert "2.5 s" in v.issues[0].message and "the endpoint event" in v.issues[0].message


def test_a_deadline_before_the_headers_says_they_had_not_arrived() -> None:
    m = legacy(URL)
    sent(m)
    m.timeout(5)
    message = finish(m).issues[0].message
    assert message.startswith("the deadline of 5 s passed while waiting for the answer to POST")
    assert message.endswith("its status line and headers had not all arrived")


def test_a_deadline_after_the_headers_does_not_blame_them() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, JSON)
    reads(m, post.id)
    m.data(post.id, b'{"jsonrpc":')
    m.timeout(5)
    message = finish(m).issues[0].message
    assert "the initialize result" in message and "headers" not in message


def test_an_unexpected_driver_exception_fails_the_url_saying_so() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.crashed("RecursionError: maximum recursion depth exceeded")
    v = finish(m)
    assert v.state is State.FAILED and codes(v) == [PRB_PROBE_ERROR]
    assert "RecursionError: maximum recursion depth exceeded" in v.issues[0].message
    with pytest.raises(ProbeUsageError, match="after the verdict"):
        m.data(get.id, b"event: endpoint\ndata: /m\n\n")  # a driver bug, not the server's
    assert m.verdict == v


def test_an_exception_after_the_verdict_keeps_the_verdict() -> None:
    m = legacy(URL)
    note = to_streamable_result(m, [])
    m.response(note.id, 202, [])
    v = finish(m)
    m.crashed("OSError: closing failed")
    assert m.verdict == v and v.ok


def test_a_deadline_after_the_verdict_changes_nothing() -> None:
    m = legacy(URL)
    sent(m)
    m.timeout(1)
    m.timeout(2)  # drivers may hit the deadline while closing: not misuse
    assert codes(finish(m)) == [PRB_TIMEOUT]


# -- caps ---------------------------------------------------------------------------------


def test_byte_cap() -> None:
    m = legacy(URL, limits=Limits(max_bytes=1000))
    get = to_sse_stream(m)
    for _ in range(20):
        if m.verdict:
            break
        m.data(get.id, b": " + b"x" * 98 + b"\n")
    assert codes(finish(m)) == [PRB_TOO_MANY_BYTES]


def test_event_cap() -> None:
    m = legacy(URL, limits=Limits(max_events=5))
    post = sent(m)
    m.response(post.id, 200, SSE)
    m.data(post.id, b"data: {}\n\n" * 10)
    assert codes(finish(m)) == [PRB_TOO_MANY_EVENTS]


def test_event_size_cap_replaces_the_parser_finding() -> None:
    m = legacy(URL, limits=Limits(max_event_size=100))
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\ndata: " + b"x" * 200)
    v = finish(m)
    assert codes(v) == [PRB_EVENT_TOO_LARGE]  # not also SSE006: one finding, one cause


def test_json_body_cap() -> None:
    m = legacy(URL, limits=Limits(max_event_size=100))
    post = sent(m)
    m.response(post.id, 200, JSON)
    m.data(post.id, b"{" + b" " * 200)
    assert codes(finish(m)) == [PRB_TOO_MANY_BYTES]


def deep(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def test_json_depth_at_the_cap_is_parsed() -> None:
    m = legacy(URL, limits=Limits(max_json_depth=5))
    post = sent(m)
    m.response(post.id, 200, JSON)
    # message > result > capabilities > experimental > x: five levels
    m.data(post.id, answer({**RESULT, "capabilities": {"experimental": {"x": {"y": 1}}}}))
    m.end(post.id)
    assert sent(m).purpose == "notifications/initialized"


def test_a_json_body_deeper_than_the_cap_is_refused_before_parsing() -> None:
    # 100,000 deep is 200 KB, far under the byte caps: json.loads alone would
    # raise RecursionError here.
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, JSON)
    m.data(post.id, b"[" * 100_000 + b"]" * 100_000)
    m.end(post.id)
    v = finish(m)
    assert codes(v) == [PRB_JSON_TOO_DEEP]
    assert f"nested more than {MAX_JSON_DEPTH} levels deep" in v.issues[0].message


def test_a_json_event_deeper_than_the_cap_is_refused_before_parsing() -> None:
    m = legacy(URL)
    post = sent(m)
    m.response(post.id, 200, SSE)
    reads(m, post.id)
    m.data(post.id, message_event(deep(100_000)))
    v = finish(m)
    assert codes(v) == [PRB_JSON_TOO_DEEP]
    assert f"a message event on POST {URL}" in v.issues[0].message


def test_a_deep_event_on_the_legacy_stream_is_refused_too() -> None:
    m = legacy(URL, limits=Limits(max_json_depth=3))
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\ndata: /m\n\n")
    post = sent(m)
    m.response(post.id, 202, [])
    m.next_action()
    m.data(get.id, message_event(deep(4)))
    assert codes(finish(m)) == [PRB_JSON_TOO_DEEP]


@pytest.mark.parametrize(
    ("text", "limit", "too_deep"),
    [
        ("[[1]]", 2, False),
        ("[[[1]]]", 2, True),
        ('{"a": {"b": []}}', 3, False),
        ('{"a": {"b": [{}]}}', 3, True),
        ('["[[[[[[", "{{{{"]', 1, False),  # brackets in strings do not nest
        ('["\\"[[[[", 1]', 1, False),  # an escaped quote does not end the string
        ('["\\\\", [[1]]]', 2, True),  # an escaped backslash does not escape the quote
        ("[" * 10, 9, True),  # unclosed still counts: json.loads would recurse on it
        ('"' + '\\"' * 1000, 1, False),  # an unterminated string ends at the end
        (b"[" * 100_000 + b"]" * 100_000, MAX_JSON_DEPTH, True),
        (b'{"k": "[[[[[[[["}', 1, False),
    ],
)
def test_json_depth_is_counted_without_parsing(
    text: str | bytes, limit: int, too_deep: bool
) -> None:
    assert json_too_deep(text, limit) is too_deep


# -- expectations and parser findings -----------------------------------------------------


def test_expect_mismatch_is_an_error_on_a_validated_server() -> None:
    m = legacy(URL, expect="sse")
    note = to_streamable_result(m, [])
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.state is State.VALIDATED and not v.ok
    assert codes(v) == [PRB_MISMATCH]


def test_stream_format_findings_reach_the_verdict() -> None:
    m = legacy(URL)
    get = to_sse_stream(m)
    m.data(get.id, b"retry: soon\nevent: endpoint\ndata: /m\n\n")
    post = sent(m)
    m.response(post.id, 202, [])
    m.next_action()
    m.data(get.id, message_event(answer()))
    note = sent(m)
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.ok
    assert codes(v) == ["SSE003", PRB_SSE_DEPRECATED]


# -- eras: server/discover first (MCP 2026-07-28) -------------------------------------------

DISCOVERED = {
    "supportedVersions": ["2026-07-28"],
    "capabilities": {"tools": {"listChanged": True}, "prompts": {}},
    "resultType": "complete",
    "ttlMs": 0,
    "cacheScope": "private",
    "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "modern", "version": "3"}},
}


def discover_answer(result: object = DISCOVERED, request_id: int = 3) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "result": result}).encode()


def modern_refusal(code: int, supported: list[str] | None = None) -> bytes:
    error: dict[str, object] = {"code": code, "message": "no"}
    if supported is not None:
        error["data"] = {"supported": supported, "requested": "2026-07-28"}
    return json.dumps({"jsonrpc": "2.0", "id": 3, "error": error}).encode()


def answer_json(m: ProbeMachine, request: Request, status: int, body: bytes) -> None:
    m.response(request.id, status, JSON)
    reads(m, request.id)
    m.data(request.id, body)
    m.end(request.id)


def discovered(m: ProbeMachine, body: bytes = b"") -> Request:
    """server/discover answered with a DiscoverResult; returns the initialize sent next."""
    discover = sent(m)
    answer_json(m, discover, 200, body or discover_answer())
    return sent(m)


def test_a_modern_only_server_is_decided_in_two_requests() -> None:
    m = ProbeMachine(URL)
    init = discovered(m)
    assert init.purpose == "initialize" and m.phase is Phase.DUAL_CHECK
    m.response(init.id, 400, JSON)  # -32022 or -32602: the body is not needed
    v = finish(m)
    assert v.ok and v.era is Era.MODERN and v.requests == 2
    assert v.protocol == "streamable-http"
    assert (v.protocol_version, v.supported_versions) == ("2026-07-28", ("2026-07-28",))
    assert v.session_managed is None  # no legacy client can get a session
    assert v.server_info == {"name": "modern", "version": "3"}
    assert v.capabilities == ("prompts", "tools")
    assert v.issues == ()


def test_a_dual_era_server_answers_both_and_its_legacy_session_is_ended() -> None:
    m = ProbeMachine(URL)
    init = discovered(m)
    note = to_streamable_result_from(m, init, [("Mcp-Session-Id", "s1")])
    m.response(note.id, 202, [])
    m.next_action()
    delete = sent(m)
    assert delete.method == "DELETE" and dict(delete.headers)["Mcp-Session-Id"] == "s1"
    m.response(delete.id, 200, [])
    v = finish(m)
    assert v.ok and v.era is Era.DUAL and v.requests == 4
    assert v.supported_versions == ("2026-07-28", PROTOCOL_VERSION)
    assert v.protocol_version == "2026-07-28"  # the newest it speaks
    assert v.session_managed is True  # legacy clients get sessions; modern ones never
    assert v.server_info == {"name": "modern", "version": "3"}  # discover's, the newest era


def to_streamable_result_from(
    m: ProbeMachine, init: Request, headers: list[tuple[str, str]]
) -> Request:
    m.response(init.id, 200, JSON + headers)
    reads(m, init.id)
    m.data(init.id, answer({**RESULT, "protocolVersion": PROTOCOL_VERSION}))
    m.end(init.id)
    return sent(m)


def test_a_discover_result_on_an_event_stream_counts() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, 200, SSE)
    reads(m, discover.id)
    m.data(discover.id, b": ping\n\n" + message_event(discover_answer()))
    assert m.next_action() == Close(discover.id)  # the stream may go on: let it go
    assert sent(m).purpose == "initialize" and m.phase is Phase.DUAL_CHECK


def test_a_dual_check_refused_inside_a_200_is_modern_too() -> None:
    m = ProbeMachine(URL)
    init = discovered(m)
    answer_json(m, init, 200, b'{"jsonrpc":"2.0","id":1,"error":{"code":-32022,"message":"x"}}')
    v = finish(m)
    assert v.ok and v.era is Era.MODERN


@pytest.mark.parametrize("supported", [["2026-12-01", "2026-07-28"], ["2026-12-01", "2025-11-25"]])
def test_unsupported_version_retries_once_at_a_modern_revision_it_names(
    supported: list[str],
) -> None:
    m = ProbeMachine(URL)
    first = sent(m)
    answer_json(m, first, 400, modern_refusal(-32022, supported))
    again = sent(m)
    assert again.purpose == "server/discover 2026-12-01"
    assert dict(again.headers)["MCP-Protocol-Version"] == "2026-12-01"
    meta = json.loads(again.body)["params"]["_meta"]
    assert meta["io.modelcontextprotocol/protocolVersion"] == "2026-12-01"
    answer_json(m, again, 200, discover_answer({**DISCOVERED, "supportedVersions": supported}))
    init = sent(m)
    m.response(init.id, 400, [])
    v = finish(m)
    assert v.ok and v.era is Era.MODERN
    assert v.requests == 3  # the budget for a modern server
    assert v.protocol_version == "2026-12-01"
    assert codes(v) == [PRB_VERSION_RETRY]


def test_a_second_unsupported_version_is_not_retried_again() -> None:
    m = ProbeMachine(URL)
    first = sent(m)
    answer_json(m, first, 400, modern_refusal(-32022, ["2026-12-01"]))
    again = sent(m)
    answer_json(m, again, 400, modern_refusal(-32022, ["2026-12-01"]))
    init = sent(m)
    assert init.purpose == "initialize"
    m.response(init.id, 400, [])
    v = finish(m)
    assert v.era is Era.MODERN and not v.ok and v.requests == 3
    # No discover result and no initialize result: nothing names the server.
    assert codes(v) == [PRB_VERSION_RETRY, PRB_VERSION_RETRY, PRB_NO_SERVER_INFO]


def test_unsupported_version_naming_only_handshake_revisions_is_legacy() -> None:
    m = ProbeMachine(URL)
    first = sent(m)
    answer_json(m, first, 400, modern_refusal(-32022, ["2025-11-25", "2025-06-18"]))
    init = sent(m)
    assert init.purpose == "initialize" and m.phase is Phase.INITIALIZE
    note = to_streamable_result_from(m, init, [])
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.ok and v.era is Era.LEGACY


def test_header_mismatch_is_modern_but_modern_clients_would_fail() -> None:
    m = ProbeMachine(URL)
    first = sent(m)
    answer_json(m, first, 400, modern_refusal(-32020))
    init = sent(m)
    assert m.phase is Phase.DUAL_CHECK
    m.response(init.id, 400, [])
    v = finish(m)
    assert v.era is Era.MODERN and not v.ok
    assert codes(v) == [PRB_HEADER_MISMATCH, PRB_NO_SERVER_INFO]
    assert "Mcp-Method" in v.issues[0].message


def test_missing_client_capability_is_modern_with_a_warning() -> None:
    m = ProbeMachine(URL)
    first = sent(m)
    answer_json(m, first, 400, modern_refusal(-32021))
    init = sent(m)
    note = to_streamable_result_from(m, init, [])
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.ok and v.era is Era.DUAL
    assert codes(v)[0] == PRB_CLIENT_CAPABILITY


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        (400, JSON, b'{"jsonrpc":"2.0","id":"server-error","error":{"code":-32600}}'),  # mcp 1.x
        (400, [("Content-Type", "text/plain")], b"Bad Request"),
        (404, [], b""),
        (500, [], b""),  # a legacy server may fail on a method it does not know
        (200, JSON, b'{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"nope"}}'),
        (200, JSON, b"not json"),
        (200, [("Content-Type", "text/html")], b"<html>"),
        (202, [], b""),
    ],
)
def test_anything_but_a_modern_answer_falls_back_to_initialize(
    status: int, headers: list[tuple[str, str]], body: bytes
) -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, status, headers)
    action = m.next_action()
    if action == Read(discover.id):
        m.data(discover.id, body)
        m.end(discover.id)  # read to the end: nothing left to close
    else:
        assert action == Close(discover.id)
    init = sent(m)
    assert init.purpose == "initialize" and m.phase is Phase.INITIALIZE


@pytest.mark.parametrize(
    ("result", "why"),
    [
        ({**DISCOVERED, "supportedVersions": ["2025-11-25"]}, None),
        ({**DISCOVERED, "supportedVersions": "2026-07-28"}, "supportedVersions"),
        ({**DISCOVERED, "capabilities": None}, "capabilities"),
    ],
)
def test_a_discover_result_without_a_modern_revision_is_not_modern(
    result: dict[str, object], why: str | None
) -> None:
    m = ProbeMachine(URL)
    init = discovered(m, discover_answer(result))
    assert m.phase is Phase.INITIALIZE
    note = to_streamable_result_from(m, init, [])
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.era is Era.LEGACY
    assert codes(v) == ([PRB_BAD_RESULT] if why else [])
    if why:
        assert why in v.issues[0].message


def test_405_to_discover_goes_straight_to_the_sse_stream() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, 405, [("Allow", "GET, HEAD")])
    assert m.next_action() == Close(discover.id)
    get = sent(m)  # no initialize: it is a POST too
    assert (get.method, m.phase) == ("GET", Phase.OPEN_STREAM)


def test_a_legacy_sse_server_is_legacy_and_deprecated() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, 405, [])
    m.next_action()
    get = sent(m)
    m.response(get.id, 200, SSE)
    m.data(get.id, b"event: endpoint\r\ndata: /messages/?s=1\r\n\r\n")
    post = sent(m)
    m.response(post.id, 202, [])
    m.next_action()
    m.data(get.id, message_event(answer()))
    note = sent(m)
    m.response(note.id, 202, [])
    v = finish(m)
    assert v.ok and v.era is Era.LEGACY and v.protocol == "sse" and v.requests == 4
    assert codes(v) == [PRB_SSE_DEPRECATED]
    assert "SEP-2596" in v.issues[0].message and "Deprecated" in v.issues[0].message


def test_an_endpoint_event_on_the_discover_stream_is_legacy_sse() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, 200, SSE)
    m.data(discover.id, b"event: endpoint\ndata: /messages\n\n")
    post = sent(m)
    assert (post.url, m.phase) == ("http://mcp.test:8080/messages", Phase.SSE_INITIALIZE)


def test_initialize_refused_naming_a_modern_revision_after_no_modern_discover() -> None:
    m = legacy(URL)
    init = sent(m)
    answer_json(m, init, 400, modern_refusal(-32022, ["2026-07-28"]))
    v = finish(m)
    assert v.state is State.FAILED and codes(v) == [PRB_MODERN_INIT]
    assert "proxy" in v.issues[0].message


def test_auth_on_discover_is_auth_required_in_one_request() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, 401, [("WWW-Authenticate", "Bearer")])
    v = finish(m)
    assert v.state is State.AUTH_REQUIRED and v.requests == 1 and v.era is None


# -- --deep and --require-capability --------------------------------------------------------

TOOLS = {"tools": [{"name": "echo", "inputSchema": {}}, {"name": "add", "inputSchema": {}}]}


def test_deep_lists_tools_the_modern_way_on_a_modern_server() -> None:
    m = ProbeMachine(URL, deep=True)
    init = discovered(m)
    m.response(init.id, 400, [])
    m.next_action()
    listing = sent(m)
    headers = dict(listing.headers)
    assert (listing.purpose, headers["Mcp-Method"]) == ("tools/list", "tools/list")
    assert headers["MCP-Protocol-Version"] == "2026-07-28" and "Mcp-Session-Id" not in headers
    body = json.loads(listing.body)
    assert body["method"] == "tools/list" and "_meta" in body["params"]
    answer_json(m, listing, 200, json.dumps({"jsonrpc": "2.0", "id": 2, "result": TOOLS}).encode())
    v = finish(m)
    assert v.ok and v.tools == ("echo", "add") and v.requests == 3


def test_deep_lists_tools_inside_a_legacy_session_before_ending_it() -> None:
    m = legacy(URL, deep=True)
    note = to_streamable_result(m, [("Mcp-Session-Id", "s")])
    m.response(note.id, 202, [])
    m.next_action()
    listing = sent(m)
    headers = dict(listing.headers)
    assert headers["Mcp-Session-Id"] == "s" and "Mcp-Method" not in headers
    m.response(listing.id, 200, SSE)
    reads(m, listing.id)
    m.data(listing.id, message_event(json.dumps({"id": 2, "result": TOOLS}).encode()))
    m.next_action()
    assert sent(m).method == "DELETE"


def test_deep_lists_tools_on_the_legacy_stream() -> None:
    m = legacy(URL, deep=True)
    get = to_sse_stream(m)
    m.data(get.id, b"event: endpoint\ndata: /m\n\n")
    post = sent(m)
    m.response(post.id, 202, [])
    m.next_action()
    m.data(get.id, message_event(answer()))
    note = sent(m)
    m.response(note.id, 202, [])
    m.next_action()
    listing = sent(m)
    assert (listing.url, listing.purpose) == ("http://mcp.test:8080/m", "tools/list")
    m.response(listing.id, 202, [])
    assert m.next_action() == Close(listing.id)
    reads(m, get.id)
    m.data(get.id, message_event(json.dumps({"id": 2, "result": TOOLS}).encode()))
    v = finish(m)
    assert v.ok and v.tools == ("echo", "add")


@pytest.mark.parametrize(
    ("status", "body", "words"),
    [
        (200, b'{"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"down"}}', "-32603"),
        (200, b'{"jsonrpc":"2.0","id":2,"result":{}}', "no tools list"),
        (503, b"", "answered 503"),
    ],
)
def test_deep_fails_a_server_whose_tools_do_not_list(status: int, body: bytes, words: str) -> None:
    m = legacy(URL, deep=True)
    note = to_streamable_result(m, [("Mcp-Session-Id", "s")])
    m.response(note.id, 202, [])
    m.next_action()
    listing = sent(m)
    if body:
        answer_json(m, listing, status, body)
    else:
        m.response(listing.id, status, [])
        m.next_action()
    assert sent(m).method == "DELETE"  # the session is still ended
    m.response((m._flights and max(m._flights)) or 0, 200, [])
    v = finish(m)
    assert v.state is State.FAILED and codes(v) == [PRB_TOOLS]
    assert words in v.issues[0].message and v.era is Era.LEGACY


def test_deep_skips_a_server_without_tools() -> None:
    m = ProbeMachine(URL, deep=True)
    init = discovered(m, discover_answer({**DISCOVERED, "capabilities": {"prompts": {}}}))
    m.response(init.id, 400, [])
    v = finish(m)
    assert v.ok and v.tools is None and codes(v) == [PRB_NO_TOOLS]


def test_a_required_capability_the_server_lacks_is_an_error() -> None:
    m = ProbeMachine(URL, require=["tools", "resources"])
    init = discovered(m)
    m.response(init.id, 400, [])
    v = finish(m)
    assert v.state is State.VALIDATED and not v.ok
    assert codes(v) == [PRB_CAPABILITY] and "'resources'" in v.issues[0].message


# -- the table, and a driver that breaks the contract ----------------------------------------


def test_the_table_fits_on_one_screen_and_every_phase_leads_somewhere() -> None:
    assert len(TRANSITIONS) <= 30
    sources = {phase for phase, _ in TRANSITIONS}
    targets = set(TRANSITIONS.values())
    assert sources == set(Phase) - {Phase.DONE}
    assert targets | {Phase.NEXT_URL} == set(Phase)  # NEXT_URL is where a probe starts


def test_data_before_a_response_head_is_the_drivers_error() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    with pytest.raises(ProbeUsageError, match="before its response head"):
        m.data(discover.id, b"{}")
    with pytest.raises(ProbeUsageError, match="before its response head"):
        m.end(discover.id)


@pytest.mark.parametrize("request_id", [0, 99])
def test_an_unknown_request_id_is_the_drivers_error(request_id: int) -> None:
    m = ProbeMachine(URL)
    sent(m)
    with pytest.raises(ProbeUsageError, match="never sent"):
        m.response(request_id, 200, JSON)
    with pytest.raises(ProbeUsageError, match="never sent"):
        m.error(request_id, ErrorKind.CLOSED, "x")


def test_a_second_response_or_a_response_after_the_end_is_the_drivers_error() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, 200, JSON)
    with pytest.raises(ProbeUsageError, match="already has a response"):
        m.response(discover.id, 200, JSON)
    m.data(discover.id, discover_answer())
    m.end(discover.id)
    with pytest.raises(ProbeUsageError, match="finished"):
        m.data(discover.id, b"more")


def test_a_response_before_the_request_was_taken_is_the_drivers_error() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    answer_json(m, discover, 200, discover_answer())
    # The initialize is queued but the driver has not asked for it yet.
    with pytest.raises(ProbeUsageError, match="before it was sent"):
        m.response(discover.id + 1, 200, JSON)


def test_reports_after_the_verdict_are_the_drivers_error() -> None:
    m = ProbeMachine(URL)
    discover = sent(m)
    m.response(discover.id, 401, [])
    finish(m)
    with pytest.raises(ProbeUsageError, match="after the verdict"):
        m.end(discover.id)
    m.timeout(1)  # a deadline or a crash after the verdict changes nothing, by design
    m.crashed("late")
    assert m.verdict is not None and m.verdict.state is State.AUTH_REQUIRED
