"""`mcpgen.probe` against the official SDK's own servers, through both drivers."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import pytest
from drivers import DRIVERS
from sdk_server import ALLOWED_HOST, TOKEN, SdkServer

from mcpgen.detect.actions import Era, State
from mcpgen.detect.codes import (
    PRB_AUTH,
    PRB_CAPABILITY,
    PRB_CONNECT,
    PRB_HOST,
    PRB_MISMATCH,
    PRB_REDIRECTED,
    PRB_SSE_DEPRECATED,
    PRB_TOOLS,
)
from mcpgen.detect.jsonrpc import PROTOCOL_VERSION
from mcpgen.probe import ProbeOptions, ProbeReport

pytestmark = pytest.mark.parametrize("driver", sorted(DRIVERS))
OPTIONS = ProbeOptions(timeout=10)


def run(driver: str, url: str, options: ProbeOptions = OPTIONS) -> ProbeReport:
    return DRIVERS[driver](url, options)


def calls(report: ProbeReport) -> list[tuple[str, str, int | None]]:
    return [(e.method, e.purpose, e.status) for e in report.exchanges]


DISCOVER_OK = ("POST", "server/discover", 200)
LEGACY_SESSION = [
    ("POST", "initialize", 200),
    ("POST", "notifications/initialized", 202),
    ("DELETE", "end session", 200),
]
LEGACY_STATELESS = [("POST", "initialize", 200), ("POST", "notifications/initialized", 202)]
HTTP_SSE = [
    ("POST", "server/discover", 405),  # 405: no POST at all, so no initialize either
    ("GET", "open SSE stream", 200),
    ("POST", "initialize", 202),
    ("POST", "notifications/initialized", 202),
]
# A 400 to server/discover is what a legacy server says, so initialize follows; a 400
# to initialize (the spec's fallback rule names 400 with 404 and 405) sends the client
# to GET and HTTP+SSE.
HTTP_SSE_AFTER_400 = [
    ("POST", "server/discover", 400),
    ("POST", "initialize", 400),
    *HTTP_SSE[1:],
]
MODERN = [DISCOVER_OK, ("POST", "initialize", 400)]
BOTH = ("2026-07-28", PROTOCOL_VERSION)


@dataclass(frozen=True)
class Mode:
    """One SDK server mode and what the probe must find there."""

    sdk: str  # "2": mcp 2.3.0 here; "1": mcp 1.30.0 in the tests' own venv
    kind: str
    era: Era
    protocol: str
    versions: tuple[str, ...]
    session_managed: bool | None
    calls: list[tuple[str, str, int]]
    path: str = ""  # instead of the kind's default path


MODES = {
    "2-default": Mode("2", "stateful", Era.DUAL, "streamable-http", BOTH, True,
                      [DISCOVER_OK, *LEGACY_SESSION]),
    "2-stateless": Mode("2", "stateless", Era.DUAL, "streamable-http", BOTH, False,
                        [DISCOVER_OK, *LEGACY_STATELESS]),
    "2-json": Mode("2", "json", Era.DUAL, "streamable-http", BOTH, True,
                   [DISCOVER_OK, *LEGACY_SESSION]),
    "2-sse": Mode("2", "sse", Era.LEGACY, "sse", (PROTOCOL_VERSION,), None, HTTP_SSE),
    "2-sse-400": Mode("2", "strict-sse", Era.LEGACY, "sse", (PROTOCOL_VERSION,), None,
                      HTTP_SSE_AFTER_400),
    "2-modern-only": Mode("2", "modern", Era.MODERN, "streamable-http", ("2026-07-28",), None,
                          MODERN),
    "2-modern-bare": Mode("2", "modern", Era.MODERN, "streamable-http", ("2026-07-28",), None,
                          MODERN, path="/bare/mcp"),
    "1-default": Mode("1", "legacy", Era.LEGACY, "streamable-http", (PROTOCOL_VERSION,), True,
                      [("POST", "server/discover", 400), *LEGACY_SESSION]),
    "1-stateless": Mode("1", "legacy-stateless", Era.LEGACY, "streamable-http",
                        (PROTOCOL_VERSION,), False,
                        [("POST", "server/discover", 400), *LEGACY_STATELESS]),
    "1-json": Mode("1", "legacy-json", Era.LEGACY, "streamable-http", (PROTOCOL_VERSION,), True,
                   [("POST", "server/discover", 400), *LEGACY_SESSION]),
    "1-sse": Mode("1", "legacy-sse", Era.LEGACY, "sse", (PROTOCOL_VERSION,), None, HTTP_SSE),
}  # fmt: skip


def server_of(request: pytest.FixtureRequest, mode: Mode) -> SdkServer:
    servers = request.getfixturevalue("sdk_servers" if mode.sdk == "2" else "mcp1_servers")
    server: SdkServer = servers[mode.kind]
    return server


@pytest.mark.parametrize("name", sorted(MODES))
def test_each_sdk_mode_is_classified(
    driver: str, request: pytest.FixtureRequest, name: str
) -> None:
    mode = MODES[name]
    server = server_of(request, mode)
    url = server.base + mode.path if mode.path else server.url
    report = run(driver, url)
    v = report.verdict
    assert v.ok, report.text()
    assert (v.era, v.protocol, v.session_managed) == (mode.era, mode.protocol, mode.session_managed)
    assert v.supported_versions == mode.versions
    assert v.protocol_version == mode.versions[0]  # the newest it speaks
    assert calls(report) == mode.calls
    assert v.requests == len(report.exchanges)
    if mode.era is Era.MODERN:
        assert v.requests <= 3  # the stated budget for a modern server
    version = "1.0.0" if mode.sdk == "2" else "1.30.0"
    assert v.server_info == {"name": f"probe-{mode.kind}", "version": version}
    assert "tools" in v.capabilities
    assert v.requires_auth is False
    assert v.endpoint == url
    assert [i.code for i in v.issues] == ([PRB_SSE_DEPRECATED] if mode.protocol == "sse" else [])
    if mode.protocol == "sse":
        assert v.message_endpoint and v.message_endpoint.startswith(f"{server.base}/messages/")


@pytest.mark.parametrize("name", sorted(MODES))
def test_deep_lists_the_tools_of_each_sdk_mode(
    driver: str, request: pytest.FixtureRequest, name: str
) -> None:
    mode = MODES[name]
    server = server_of(request, mode)
    url = server.base + mode.path if mode.path else server.url
    report = run(driver, url, ProbeOptions(timeout=10, deep=True, require=("tools",)))
    v = report.verdict
    assert v.ok, report.text()
    assert v.tools == ("echo",)
    listing = [e for e in report.exchanges if e.purpose == "tools/list"]
    assert len(listing) == 1 and len(report.exchanges) == len(mode.calls) + 1
    if mode.era is not Era.LEGACY:
        assert listing[0].content_type == "application/json"  # the modern path answered


def test_deep_fails_a_server_whose_tools_backend_is_dead(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    url = sdk_servers["broken"].url
    assert run(driver, url).verdict.ok  # the handshake alone cannot tell
    report = run(driver, url, ProbeOptions(timeout=10, deep=True))
    v = report.verdict
    assert v.state is State.FAILED and not v.ok
    assert [i.code for i in v.issues] == [PRB_TOOLS]
    assert calls(report)[-1] == ("DELETE", "end session", 200)  # cleaned up all the same


def test_a_required_capability_the_server_lacks_fails(
    driver: str, sdk_servers: dict[str, SdkServer]
) -> None:
    options = ProbeOptions(timeout=10, require=("tools", "completions"))
    v = run(driver, sdk_servers["modern"].url, options).verdict
    assert [i.code for i in v.issues] == [PRB_CAPABILITY] and not v.ok
    assert "'completions'" in v.issues[0].message


@pytest.mark.parametrize(("kind", "protocol"), [("sse", "sse"), ("stateful", "streamable-http")])
def test_a_url_without_a_path_tries_mcp_then_sse(
    driver: str, sdk_servers: dict[str, SdkServer], kind: str, protocol: str
) -> None:
    server = sdk_servers[kind]
    report = run(driver, server.base)
    assert report.verdict.ok, report.text()
    assert report.verdict.protocol == protocol
    assert report.verdict.endpoint == server.url
    tried = [e.url.removeprefix(server.base) for e in report.exchanges][:5]
    if kind == "sse":  # /mcp is a 404 three times, then /sse takes no POST
        assert tried == ["/mcp", "/mcp", "/mcp", "/sse", "/sse"]
    else:
        assert tried == ["/mcp"] * 4


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
    assert calls(report) == [("POST", "server/discover", 401)]  # 401 is never "try another"
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
    assert calls(report) == [("POST", "server/discover", 405), ("GET", "open SSE stream", 421)]
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
