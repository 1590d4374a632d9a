"""`mcpgen.probe` against the official SDK's own servers, through both drivers."""

from __future__ import annotations

import socket

import pytest
from drivers import DRIVERS
from sdk_server import ALLOWED_HOST, TOKEN, SdkServer

from mcpgen.detect.probe import (
    PRB_AUTH,
    PRB_CONNECT,
    PRB_HOST,
    PRB_MISMATCH,
    PRB_REDIRECTED,
    PROTOCOL_VERSION,
    State,
)
from mcpgen.probe import ProbeOptions, ProbeReport

pytestmark = pytest.mark.parametrize("driver", sorted(DRIVERS))
OPTIONS = ProbeOptions(timeout=10)


def run(driver: str, url: str, options: ProbeOptions = OPTIONS) -> ProbeReport:
    return DRIVERS[driver](url, options)


def calls(report: ProbeReport) -> list[tuple[str, str, int | None]]:
    return [(e.method, e.purpose, e.status) for e in report.exchanges]


@pytest.mark.parametrize(
    ("kind", "protocol", "session_managed", "expected_calls"),
    [
        (
            "sse",
            "sse",
            None,
            [
                ("POST", "initialize", 405),
                ("GET", "open SSE stream", 200),
                ("POST", "initialize", 202),
                ("POST", "notifications/initialized", 202),
            ],
        ),
        (
            "stateful",
            "streamable-http",
            True,
            [
                ("POST", "initialize", 200),
                ("POST", "notifications/initialized", 202),
                ("DELETE", "end session", 200),
            ],
        ),
        (
            "stateless",
            "streamable-http",
            False,
            [("POST", "initialize", 200), ("POST", "notifications/initialized", 202)],
        ),
        (
            "json",
            "streamable-http",
            True,
            [
                ("POST", "initialize", 200),
                ("POST", "notifications/initialized", 202),
                ("DELETE", "end session", 200),
            ],
        ),
    ],
)
def test_each_sdk_server_is_detected(
    driver: str,
    sdk_servers: dict[str, SdkServer],
    kind: str,
    protocol: str,
    session_managed: bool | None,
    expected_calls: list[tuple[str, str, int]],
) -> None:
    server = sdk_servers[kind]
    report = run(driver, server.url)
    v = report.verdict
    assert v.ok, report.text()
    assert v.protocol == protocol
    assert v.protocol_version == PROTOCOL_VERSION
    assert v.server_info == {"name": f"probe-{kind}", "version": "1.0.0"}
    assert "tools" in v.capabilities
    assert v.session_managed is session_managed
    assert v.requires_auth is False
    assert v.endpoint == server.url
    assert calls(report) == expected_calls
    assert v.issues == ()
    if protocol == "sse":
        assert v.message_endpoint and v.message_endpoint.startswith(f"{server.base}/messages/")
    ct = report.exchanges[0 if protocol != "sse" else 1].content_type
    assert ct == ("application/json" if kind == "json" else "text/event-stream")


@pytest.mark.parametrize(("kind", "protocol"), [("sse", "sse"), ("stateful", "streamable-http")])
def test_a_url_without_a_path_tries_mcp_then_sse(
    driver: str, sdk_servers: dict[str, SdkServer], kind: str, protocol: str
) -> None:
    server = sdk_servers[kind]
    report = run(driver, server.base)
    assert report.verdict.ok, report.text()
    assert report.verdict.protocol == protocol
    assert report.verdict.endpoint == server.url
    tried = [e.url.removeprefix(server.base) for e in report.exchanges][:4]
    expected = ["/mcp", "/mcp", "/sse", "/sse"] if kind == "sse" else ["/mcp", "/mcp", "/mcp"]
    assert tried == expected[: len(tried)]


def test_a_redirect_is_reported_and_followed_once(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    server = sdk_servers["stateful"]
    report = run(driver, f"{server.base}/mcp/")  # Starlette redirects the slash away (307)
    assert report.verdict.state is State.VALIDATED
    assert report.exchanges[0].status == 307
    assert [i.code for i in report.verdict.issues] == [PRB_REDIRECTED]
    assert report.verdict.endpoint == server.url


def test_a_bearer_token_server_is_auth_required_never_a_downgrade(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    report = run(driver, sdk_servers["auth"].url)
    v = report.verdict
    assert v.state is State.AUTH_REQUIRED
    assert v.requires_auth is True
    assert not v.ok
    assert calls(report) == [("POST", "initialize", 401)]  # no GET: 401 is not "try SSE"
    (issue,) = v.issues
    assert issue.code == PRB_AUTH
    assert "Bearer" in issue.message and "--header" in issue.message


def test_a_bearer_token_server_validates_with_the_token(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    options = ProbeOptions(timeout=10, headers=(("Authorization", f"Bearer {TOKEN}"),))
    report = run(driver, sdk_servers["auth"].url, options)
    assert report.verdict.ok, report.text()
    assert report.verdict.server_info == {"name": "probe-auth", "version": "1.0.0"}
    assert report.verdict.requires_auth is None  # validated with a token: cannot tell


def test_a_wrong_token_is_still_auth_required(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    options = ProbeOptions(timeout=10, headers=(("Authorization", "Bearer nope"),))
    assert run(driver, sdk_servers["auth"].url, options).verdict.state is State.AUTH_REQUIRED


def test_a_foreign_host_gets_421_and_the_advice(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    report = run(driver, sdk_servers["rebinding"].url)
    v = report.verdict
    assert v.state is State.FAILED
    (issue,) = v.issues
    assert issue.code == PRB_HOST
    assert "--host-header" in issue.message and "Host" in issue.message


def test_an_allowed_host_header_passes_dns_rebinding_protection(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    options = ProbeOptions(timeout=10, host_header=ALLOWED_HOST)
    report = run(driver, sdk_servers["rebinding"].url, options)
    assert report.verdict.ok, report.text()


def test_the_sdk_default_protection_also_rejects_a_foreign_host_on_sse(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    options = ProbeOptions(timeout=10, host_header="evil.example")
    report = run(driver, sdk_servers["sse"].url, options)
    # POST /sse is 405 before any host check; the GET meets the protection.
    assert calls(report) == [("POST", "initialize", 405), ("GET", "open SSE stream", 421)]
    assert [i.code for i in report.verdict.issues] == [PRB_HOST]


def test_expect_mismatch_is_an_error(driver: str, sdk_servers: dict[str, SdkServer]) -> None:
    report = run(driver, sdk_servers["stateless"].url, ProbeOptions(timeout=10, expect="sse"))
    assert report.verdict.state is State.VALIDATED
    assert not report.ok
    assert [i.code for i in report.verdict.issues] == [PRB_MISMATCH]


def test_nothing_listening_is_a_connect_failure(driver: str) -> None:
    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    report = run(driver, f"http://127.0.0.1:{port}/mcp", ProbeOptions(timeout=5))
    assert report.verdict.state is State.FAILED
    assert [i.code for i in report.verdict.issues] == [PRB_CONNECT]
    assert len(report.exchanges) == 1  # nothing else is worth trying
