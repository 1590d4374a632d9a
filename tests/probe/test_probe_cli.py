"""`mcpgen probe` as users and the chart's test hook run it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_server import HostileServer
from runner import Run
from sdk_server import ALLOWED_HOST, TOKEN, SdkServer

from mcpgen.probe.progress import Progress

ROOT = Path(__file__).resolve().parents[2]
Cli = Callable[..., Run]
JSON_KEYS = {
    "url",
    "state",
    "compliant",
    "protocol",
    "protocolVersion",
    "serverInfo",
    "capabilities",
    "endpoint",
    "messageEndpoint",
    "sessionManagement",
    "requiresAuth",
    "era",
    "supportedVersions",
    "tools",
    "issues",
    "requests",
    "elapsedMs",
}


@pytest.mark.parametrize(
    ("kind", "protocol", "version", "era", "meaning"),
    [
        ("sse", "sse", "2025-11-25", "legacy", "same pod (session affinity)"),
        ("stateful", "streamable-http", "2026-07-28", "dual", "legacy clients get an Mcp-"),
        ("stateless", "streamable-http", "2026-07-28", "dual", "stateless in both eras"),
        ("json", "streamable-http", "2026-07-28", "dual", "modern clients are stateless"),
        ("modern", "streamable-http", "2026-07-28", "modern", "any replica can serve any"),
    ],
)
def test_text_output_names_the_protocol_era_and_what_it_means(
    cli: Cli,
    sdk_servers: dict[str, SdkServer],
    kind: str,
    protocol: str,
    version: str,
    era: str,
    meaning: str,
) -> None:
    result = cli("probe", sdk_servers[kind].url, "--expect", protocol)
    assert result.code == 0, result.out + result.err
    assert f"protocol: {protocol} (MCP {version})" in result.out
    assert f"era: {era} (speaks {version}" in result.out
    assert f"server: probe-{kind} 1.0.0" in result.out
    assert "state: Validated" in result.out
    deployment = next(line for line in result.out.splitlines() if "deployment:" in line)
    assert meaning in deployment
    if era != "legacy":  # modern clients are stateless: affinity is never "needed"
        assert "needs session affinity" not in result.out
    assert ("PRB034" in result.out and "SEP-2596" in result.out) is (protocol == "sse")
    assert result.err == ""


def test_a_legacy_only_session_server_is_told_it_needs_affinity(
    cli: Cli, mcp1_servers: dict[str, SdkServer]
) -> None:
    result = cli("probe", mcp1_servers["legacy"].url)
    assert result.code == 0, result.out
    assert "era: legacy (speaks 2025-11-25)" in result.out
    assert "needs session affinity" in result.out


def test_json_output_is_shaped_like_the_operator_status(
    cli: Cli, sdk_servers: dict[str, SdkServer]
) -> None:
    result = cli("probe", sdk_servers["stateful"].url, "--output", "json")
    assert result.code == 0
    [data] = json.loads(result.out)
    assert set(data) == JSON_KEYS
    assert data["state"] == "Validated" and data["compliant"] is True
    assert data["protocol"] == "streamable-http"
    assert data["serverInfo"] == {"name": "probe-stateful", "version": "1.0.0"}
    assert "tools" in data["capabilities"]
    assert data["requiresAuth"] is False
    assert data["era"] == "dual"
    assert data["protocolVersion"] == "2026-07-28"  # the newest it speaks
    assert data["supportedVersions"] == ["2026-07-28", "2025-11-25"]
    assert data["sessionManagement"] is True  # for legacy clients
    assert data["tools"] is None  # only with --deep
    assert [r["method"] for r in data["requests"]] == ["POST", "POST", "POST", "DELETE"]
    first = data["requests"][0]
    assert first["purpose"] == "server/discover"
    assert first["status"] == 200 and first["headersMs"] >= first["startedMs"]


def test_json_output_for_a_modern_only_server(cli: Cli, sdk_servers: dict[str, SdkServer]) -> None:
    result = cli("probe", sdk_servers["modern"].url, "--output", "json", "--deep")
    assert result.code == 0, result.out
    [data] = json.loads(result.out)
    assert set(data) == JSON_KEYS
    assert (data["era"], data["protocol"], data["protocolVersion"]) == (
        "modern",
        "streamable-http",
        "2026-07-28",
    )
    assert data["supportedVersions"] == ["2026-07-28"]
    assert data["sessionManagement"] is None  # no legacy client can connect
    assert data["tools"] == ["echo"]
    assert [r["purpose"] for r in data["requests"]] == [
        "server/discover",
        "initialize",
        "tools/list",
    ]


def test_deep_and_required_capabilities_exit_1_when_they_fail(
    cli: Cli, sdk_servers: dict[str, SdkServer]
) -> None:
    broken = sdk_servers["broken"].url
    assert cli("probe", broken).code == 0
    dead = cli("probe", broken, "--deep")
    assert dead.code == 1 and "PRB080" in dead.out and "state: Failed" in dead.out
    url = sdk_servers["stateless"].url
    assert cli("probe", url, "--require-capability", "tools").code == 0
    lacking = cli("probe", url, "--require-capability", "tools", "--require-capability", "sampling")
    assert lacking.code == 1 and "PRB081" in lacking.out and "'sampling'" in lacking.out


def test_expect_mismatch_exits_1(cli: Cli, sdk_servers: dict[str, SdkServer]) -> None:
    result = cli("probe", sdk_servers["sse"].url, "--expect", "streamable-http")
    assert result.code == 1
    assert "PRB070" in result.out


def test_auth_required_exits_1_and_a_token_fixes_it(
    cli: Cli, sdk_servers: dict[str, SdkServer]
) -> None:
    url = sdk_servers["auth"].url
    missing = cli("probe", url, "--output", "json")
    assert missing.code == 1
    [data] = json.loads(missing.out)
    assert (data["state"], data["requiresAuth"]) == ("AuthRequired", True)
    with_token = cli("probe", url, "--header", f"Authorization: Bearer {TOKEN}")
    assert with_token.code == 0, with_token.out


def test_421_advice_and_host_header(cli: Cli, sdk_servers: dict[str, SdkServer]) -> None:
    url = sdk_servers["rebinding"].url
    rejected = cli("probe", url)
    assert rejected.code == 1
    assert "PRB011" in rejected.out and "--host-header" in rejected.out
    assert cli("probe", url, "--host-header", ALLOWED_HOST).code == 0


def test_a_hostile_server_exits_1_with_its_reason(cli: Cli, hostile: HostileServer) -> None:
    result = cli("probe", hostile.url("/silent"), "--timeout", "0.5")
    assert result.code == 1
    assert "PRB002" in result.out and "the deadline of 0.5 s passed" in result.out


# The chart's `helm test` hook runs `mcpgen probe URL --timeout N`: N is a promise.
DEADLINE = 1.0
SLACK = 0.5  # thread scheduling and teardown on a loaded CI machine
# A new interpreter imports click, httpx and mcpgen first; before the deadline was
# hard, this case took 120 s, whatever the --timeout.
PROCESS_SLACK = 10.0


def test_a_server_trickling_its_headers_ends_by_the_deadline(
    cli: Cli, hostile: HostileServer
) -> None:
    started = time.monotonic()
    result = cli("probe", hostile.url("/trickle-headers"), "--timeout", f"{DEADLINE:g}")
    took = time.monotonic() - started
    assert result.code == 1
    assert f"PRB002: the deadline of {DEADLINE:g} s passed" in result.out
    assert "status line and headers had not all arrived" in result.out
    assert took < DEADLINE + SLACK, f"took {took:.2f}s"


def test_the_hook_form_as_a_process_ends_by_the_deadline(hostile: HostileServer) -> None:
    cmd = [sys.executable, "-m", "mcpgen", "probe", hostile.url("/trickle-headers")]
    started = time.monotonic()
    proc = subprocess.run(
        [*cmd, "--timeout", "2"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    took = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr
    assert "the deadline of 2 s passed" in proc.stdout
    assert took < 2 + PROCESS_SLACK, f"took {took:.2f}s"


def test_json_nested_too_deep_is_a_finding_not_a_traceback(
    cli: Cli, hostile: HostileServer
) -> None:
    result = cli("probe", hostile.url("/deep-json"), "--output", "json")
    assert result.code == 1
    issues = json.loads(result.out)[0]["issues"]
    assert [i["code"] for i in issues] == ["PRB053"]
    assert result.err == ""


# -- many URLs ----------------------------------------------------------------------------


def test_json_is_one_array_in_input_order_and_jsonl_streams(
    cli: Cli, sdk_servers: dict[str, SdkServer]
) -> None:
    urls = [sdk_servers[k].url for k in ("sse", "stateful", "stateless", "json")]
    result = cli("probe", *urls, "--output", "json")
    assert result.code == 0, result.out
    reports = json.loads(result.out)
    assert [r["url"] for r in reports] == urls
    assert all(r["compliant"] for r in reports)
    assert result.err == ""  # no progress bar when stderr is not a terminal
    # The same shape for one URL: an array of one.
    [one] = json.loads(cli("probe", urls[0], "-o", "json").out)
    assert one["url"] == urls[0]
    streamed = cli("probe", *urls, "--output", "jsonl")
    lines = [json.loads(line) for line in streamed.out.splitlines()]
    assert sorted(r["url"] for r in lines) == sorted(urls)


def test_one_failure_among_many_exits_1(
    cli: Cli, sdk_servers: dict[str, SdkServer], hostile: HostileServer
) -> None:
    result = cli("probe", sdk_servers["json"].url, hostile.url("/wrong-type"))
    assert result.code == 1
    lines = sorted(result.out.splitlines())
    assert lines[0].startswith("FAIL  ") and "PRB020" in lines[0]
    assert lines[1].startswith("ok    streamable-http dual  probe-json 1.0.0")


def test_a_batch_reports_every_url_in_time_whatever_one_does(
    cli: Cli, sdk_servers: dict[str, SdkServer], hostile: HostileServer, tmp_path: Path
) -> None:
    codes = {
        hostile.url("/trickle-headers"): "PRB002",
        hostile.url("/trickle-stream-headers"): "PRB002",
        hostile.url("/deep-json"): "PRB053",
        hostile.url("/deep-event"): "PRB053",
        hostile.url("/wrong-type"): "PRB020",
    }
    good = sdk_servers["json"].url
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join([*codes, good]) + "\n")
    started = time.monotonic()
    result = cli("probe", "--from", str(listing), "--timeout", f"{DEADLINE:g}", "--output", "json")
    took = time.monotonic() - started
    assert result.code == 1
    lines = {line["url"]: line for line in json.loads(result.out)}
    assert sorted(lines) == sorted([*codes, good])
    assert lines[good]["compliant"] is True
    for url, code in codes.items():
        assert [i["code"] for i in lines[url]["issues"]] == [code], lines[url]
    assert took < DEADLINE + SLACK, f"took {took:.2f}s"


def test_urls_from_a_file_and_stdin(
    cli: Cli, sdk_servers: dict[str, SdkServer], tmp_path: Path
) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# our servers\n{sdk_servers['sse'].url}  # legacy\n\n")
    from_file = cli("probe", "--from", str(listing), "--output", "json")
    assert from_file.code == 0
    assert [r["protocol"] for r in json.loads(from_file.out)] == ["sse"]
    from_stdin = cli("probe", "--from", "-", stdin=sdk_servers["stateless"].url + "\n")
    assert from_stdin.code == 0 and "probe-stateless" in from_stdin.out


def test_the_progress_bar_draws_and_clears() -> None:
    stream = io.StringIO()
    bar = Progress(4, enabled=True, stream=stream)
    bar.advance(True)
    bar.advance(False)
    assert stream.getvalue().endswith("2/4  failed 1")
    bar.clear()
    assert stream.getvalue().endswith("\r\x1b[K")
    quiet = io.StringIO()
    Progress(4, enabled=False, stream=quiet).advance(True)
    assert quiet.getvalue() == ""


# -- --write-spec -------------------------------------------------------------------------


def test_write_spec_pins_the_detected_protocol(
    cli: Cli, sdk_servers: dict[str, SdkServer], tmp_path: Path
) -> None:
    spec = tmp_path / "auto.yaml"
    shutil.copy(ROOT / "examples" / "auto.yaml", spec)
    before = spec.read_text()
    result = cli("probe", sdk_servers["sse"].url, "--write-spec", str(spec))
    assert result.code == 0
    assert "pinned spec.transport.protocol" in result.err
    # HTTP+SSE: the revision it speaks; its sessions are the stream, no Mcp-Session-Id.
    assert spec.read_text() == before.replace("    protocol: auto", "    protocol: sse").replace(
        "        port: 8000\n",
        "        port: 8000\n        protocolVersions:\n          - '2025-11-25'\n",
    )
    again = cli("probe", sdk_servers["sse"].url, "--write-spec", str(spec))
    assert "already pinned" in again.err


@pytest.mark.parametrize(
    ("kind", "versions", "sessions"),
    [
        ("modern", ["2026-07-28"], False),
        ("stateful", ["2026-07-28", "2025-11-25"], True),
        ("stateless", ["2026-07-28", "2025-11-25"], False),
    ],
)
def test_write_spec_pins_the_era_facts_and_the_model_reads_them(
    cli: Cli,
    sdk_servers: dict[str, SdkServer],
    tmp_path: Path,
    kind: str,
    versions: list[str],
    sessions: bool,
) -> None:
    from mcpgen.load import load_paths

    spec = tmp_path / "auto.yaml"
    shutil.copy(ROOT / "examples" / "auto.yaml", spec)
    result = cli("probe", sdk_servers[kind].url, "--write-spec", str(spec))
    assert result.code == 0, result.out + result.err
    (loaded,) = load_paths([str(spec)]).servers
    server = loaded.server
    http = server.spec.transport.config.http
    assert server.spec.transport.protocol == "streamable-http"
    assert http.protocol_versions == versions
    assert http.session_management is sessions


def test_write_spec_checks_the_specs_required_capabilities(
    cli: Cli, sdk_servers: dict[str, SdkServer], tmp_path: Path
) -> None:
    spec = tmp_path / "s.yaml"
    text = "kind: MCPServer\nspec:\n  validation:\n    requiredCapabilities: [tools, {}]\n"
    spec.write_text(text.format("prompts"))
    assert cli("probe", sdk_servers["modern"].url, "--write-spec", str(spec)).code == 0
    spec.write_text(text.format("completions"))
    before = spec.read_text()
    result = cli("probe", sdk_servers["modern"].url, "--write-spec", str(spec))
    assert result.code == 1 and "PRB081" in result.out and "'completions'" in result.out
    assert spec.read_text() == before  # a failed probe pins nothing


def test_write_spec_is_left_alone_when_the_probe_fails(
    cli: Cli, sdk_servers: dict[str, SdkServer], tmp_path: Path
) -> None:
    spec = tmp_path / "auto.yaml"
    shutil.copy(ROOT / "examples" / "auto.yaml", spec)
    before = spec.read_text()
    result = cli("probe", sdk_servers["auth"].url, "--write-spec", str(spec))
    assert result.code == 1
    assert spec.read_text() == before


# -- usage errors: exit 2, one line, no traceback -----------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "no URL"),
        (["ftp://example.com/mcp"], "the scheme must be http or https"),
        (["http:///mcp"], "names no host"),
        (["http://h/mcp", "--header", "no colon here"], "must look like 'Name: value'"),
        (["http://h/mcp", "--header", "bad name: x"], "must look like 'Name: value'"),
        (["http://h/mcp", "--insecure", "--cacert", "{spec}"], "contradict"),
        (["http://h/mcp", "http://i/mcp", "--cacert", "{other}"], "not a readable PEM"),
        (["http://h/mcp", "http://i/mcp", "--write-spec", "{spec}"], "single URL"),
        (["http://h/mcp", "--write-spec", "{other}"], "no MCPServer document"),
        (["--from", "{missing}"], "--from"),
        (["http://h/mcp", "--timeout", "0"], "--timeout"),
        (["http://h/mcp", "--host-header", " "], "--host-header"),
        (["http://h/mcp", "--host-header", "a b"], "--host-header"),
        (["http://h/mcp", "--header", "X-Token: héllo"], "printable ASCII"),
        (["http://h/mcp", "--header", "X-Token: a\x01b"], "printable ASCII"),
        (["http://h/mcp path"], "whitespace"),
        (["http://[::1/mcp"], "is not a URL"),
        (["http://h/mcp", "--require-capability", "a b"], "not a capability name"),
    ],
)
def test_bad_usage_exits_2_with_one_message(
    cli: Cli, tmp_path: Path, args: list[str], words: str
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("kind: MCPServer\nspec: {}\n")
    other = tmp_path / "other.yaml"
    other.write_text("kind: ConfigMap\n")
    paths = {"spec": spec, "other": other, "missing": tmp_path / "missing.txt"}
    result = cli("probe", *(a.format(**paths) for a in args))
    assert result.code == 2
    assert words in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_real_process_exit_codes(sdk_servers: dict[str, SdkServer]) -> None:
    def run(*args: str) -> int:
        cmd = [sys.executable, "-m", "mcpgen", "probe", *args]
        return subprocess.run(cmd, capture_output=True, timeout=60, cwd=ROOT).returncode

    assert run(sdk_servers["stateless"].url, "--expect", "streamable-http") == 0
    assert run(sdk_servers["stateless"].url, "--expect", "sse") == 1
    assert run("ftp://nope") == 2


CLIENT_MODULES = "'httpx', 'httpcore', 'ssl', 'asyncio'"


@pytest.mark.parametrize(
    ("code", "banned"),
    [
        ("from mcpgen.cli import main; main(['--help'])", CLIENT_MODULES),
        ("from mcpgen.cli import main; main(['probe', '--help'])", CLIENT_MODULES),
        # The detector is sans-I/O: not even a socket.
        ("import mcpgen.detect.machine, mcpgen.detect.sse", CLIENT_MODULES + ", 'socket'"),
    ],
)
def test_help_and_the_detector_import_no_network_code(code: str, banned: str) -> None:
    check = (
        "import sys\n"
        f"try:\n    {code}\nexcept SystemExit:\n    pass\n"
        f"loaded = {{{banned}}} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    proc = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_strict_fails_on_warnings_that_pass_otherwise(
    cli: Cli, sdk_servers: dict[str, SdkServer]
) -> None:
    # HTTP+SSE validates, with the deprecation warning (SEP-2596): strict mode fails it.
    url = sdk_servers["sse"].url
    relaxed = cli("probe", url)
    assert relaxed.code == 0, relaxed.out
    assert "warning PRB034" in relaxed.out
    assert cli("probe", url, "--strict").code == 1
    # A server with nothing to warn about passes strict mode too.
    modern = cli("probe", sdk_servers["modern"].url, "--strict")
    assert modern.code == 0, modern.out
