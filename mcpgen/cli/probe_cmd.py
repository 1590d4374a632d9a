"""`mcpgen probe`: which MCP transport a live URL speaks, for people, CI and the chart's hook.

Only click is imported at module level: httpx and the drivers load when a
probe actually runs, so `mcpgen probe --help` stays fast.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcpgen.cli.common import EXIT_FINDINGS, EXIT_OK, fail

if TYPE_CHECKING:
    from mcpgen.detect.actions import Protocol
    from mcpgen.probe import ProbeOptions, ProbeReport

# RFC 9110 token characters: what a header name may contain.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# A DNS name or IPv4 address, or a bracketed IPv6 one, then an optional port.
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)


def parse_header(raw: str) -> tuple[str, str]:
    name, colon, value = raw.partition(":")
    name, value = name.strip(), value.strip()
    if not colon or not _HEADER_NAME.fullmatch(name):
        fail(f"--header {raw!r} must look like 'Name: value'")
    if not all(c == "\t" or " " <= c <= "~" for c in value):
        fail(f"--header {name}: the value must be printable ASCII")
    return name, value


def read_url_file(source: str) -> list[str]:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"--from {source}: {exc}")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


@click.command()
@click.argument("urls", nargs=-1)
@click.option(
    "--from",
    "from_file",
    metavar="FILE",
    help="Read more URLs from FILE, one a line (# comments; - for stdin).",
)
@click.option(
    "--expect",
    type=click.Choice(["sse", "streamable-http"]),
    help="Exit 1 unless the server speaks this protocol.",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="json: one array of results in the order the URLs were given, for one URL or "
    "many; jsonl: one result a line, as each URL finishes.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Total deadline per URL, in seconds.",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=5.0,
    show_default=True,
    help="Seconds to wait for a connection.",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Longest silence, in seconds, between bytes (default: up to the deadline).",
)
@click.option(
    "-H",
    "--header",
    "headers",
    multiple=True,
    metavar="'NAME: VALUE'",
    help="Send this header with every request (e.g. a bearer token). Repeatable.",
)
@click.option(
    "--host-header", metavar="HOST", help="Send this Host header (servers that allow only some)."
)
@click.option("--insecure", is_flag=True, help="Do not verify TLS certificates.")
@click.option(
    "--cacert",
    type=click.Path(exists=True, dir_okay=False),
    help="Verify TLS against this CA bundle (PEM).",
)
@click.option(
    "--write-spec",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Pin what was detected into this MCPServer YAML file: spec.transport.protocol and, "
    "under spec.transport.config.http, protocolVersions and sessionManagement. Its "
    "spec.validation.requiredCapabilities are checked too.",
)
@click.option(
    "--deep",
    is_flag=True,
    help="Also list the server's tools (tools/list, in its newest era), so a server whose "
    "backend is dead fails, not only one whose handshake does.",
)
@click.option(
    "--require-capability",
    "require",
    multiple=True,
    metavar="NAME",
    help="Exit 1 unless the server declares this capability (tools, resources, prompts, ...). "
    "Repeatable.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Warnings fail too (spec.validation.strictMode; the chart's test hook passes it).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="URLs probed at once.",
)
def probe(
    urls: tuple[str, ...],
    from_file: str | None,
    expect: Protocol | None,  # click.Choice gives only these values
    output: str,
    timeout: float,
    connect_timeout: float,
    read_timeout: float | None,
    headers: tuple[str, ...],
    host_header: str | None,
    insecure: bool,
    cacert: str | None,
    write_spec: Path | None,
    concurrency: int,
    deep: bool,
    require: tuple[str, ...],
    strict: bool,
) -> None:
    """Detect which MCP transport and era each URL speaks.

    As a dual-era client does (MCP 2026-07-28): POST `server/discover` (modern),
    then `initialize` (2025), then legacy HTTP+SSE (GET, event `endpoint`); a
    modern server is decided in at most 3 requests. The era is modern (no
    sessions), dual (both) or legacy. A URL with no path tries /mcp, then /sse.
    Several URLs are probed at once and print one line each (JSON lines with
    --output jsonl) as they finish; --output json prints one array at the end, as it
    does for one URL. Exit 0 when every URL was validated (and
    matches --expect and --require-capability), 1 otherwise, 2 on bad usage.
    """
    from mcpgen.detect.urls import check_url
    from mcpgen.probe import ProbeOptions

    targets = list(urls) + (read_url_file(from_file) if from_file else [])
    if not targets:
        fail("no URL: name one or more, or use --from FILE")
    for url in targets:
        problem = check_url(url)
        if problem:
            fail(problem)
    if insecure and cacert:
        fail("--insecure and --cacert contradict each other; pick one")
    if cacert:
        import ssl

        try:  # a bad bundle is a usage error up front, not a failure of every URL
            ssl.create_default_context(cafile=cacert)
        except (ssl.SSLError, OSError, ValueError) as exc:
            fail(f"--cacert {cacert}: not a readable PEM CA bundle ({exc})")
    if host_header is not None and not _HOST.fullmatch(host_header):
        fail(f"--host-header {host_header!r} must be a host, optionally with :port")
    many = len(targets) > 1 or from_file is not None
    for name in require:
        if not _HEADER_NAME.fullmatch(name):
            fail(f"--require-capability {name!r} is not a capability name")
    if write_spec is not None:
        from mcpgen.probe.pin import PinError, required_capabilities

        if many:
            fail("--write-spec takes a single URL")
        try:
            # The spec's own requirements are checked with the probe that pins it.
            require += required_capabilities(write_spec)
        except PinError as exc:
            fail(str(exc))

    options = ProbeOptions(
        timeout=timeout,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        headers=tuple(parse_header(h) for h in headers),
        host_header=host_header,
        expect=expect,
        insecure=insecure,
        cacert=cacert,
        concurrency=concurrency,
        deep=deep,
        require=tuple(dict.fromkeys(require)),
    )
    if many:
        raise SystemExit(_probe_many(targets, options, output, strict))
    raise SystemExit(_probe_one(targets[0], options, output, write_spec, strict))


def _passed(report: ProbeReport, strict: bool) -> bool:
    """Compliant, and in strict mode without a warning either."""
    if not report.ok:
        return False
    return not strict or not any(i.severity == "warning" for i in report.verdict.issues)


def _probe_one(
    url: str, options: ProbeOptions, output: str, write_spec: Path | None, strict: bool
) -> int:
    from mcpgen.probe import probe_url

    report = probe_url(url, options)
    if output == "json":
        click.echo(json.dumps([report.as_dict()], indent=2))
    elif output == "jsonl":
        click.echo(json.dumps(report.as_dict()))
    else:
        click.echo(report.text())
    if not _passed(report, strict):
        return EXIT_FINDINGS
    if write_spec is not None:
        _pin(write_spec, report)
    return EXIT_OK


def _pin(path: Path, report: ProbeReport) -> None:
    from mcpgen.detect.actions import Era
    from mcpgen.probe.pin import PinError, pin_transport

    v = report.verdict
    if v.protocol is None:  # a validated verdict always names one
        fail(f"{path}: nothing to pin, the probe named no protocol")
    sessions = v.session_managed
    if sessions is None and v.era is Era.MODERN:
        sessions = False  # no legacy client gets a session: nothing to keep on one pod
    try:
        changed = pin_transport(path, v.protocol, list(v.supported_versions) or None, sessions)
    except PinError as exc:
        fail(str(exc))
    facts = f"protocol {v.protocol}"
    if v.supported_versions:
        facts += f", protocolVersions [{', '.join(v.supported_versions)}]"
    if sessions is not None:
        facts += f", sessionManagement {str(sessions).lower()}"
    what = f"pinned {', '.join(changed)}" if changed else "already pinned"
    click.echo(f"{path}: {what} ({facts})", err=True)


def _probe_many(urls: list[str], options: ProbeOptions, output: str, strict: bool) -> int:
    import asyncio

    from mcpgen.probe import probe_urls
    from mcpgen.probe.progress import Progress

    progress = Progress(len(urls), enabled=sys.stderr.isatty())
    progress.draw()

    async def run() -> int:
        failed = 0
        finished: list[dict[str, object]] = []
        async for report in probe_urls(urls, options):
            passed = _passed(report, strict)
            failed += not passed
            progress.clear()
            if output == "json":  # printed at the end, in input order: one document
                finished.append(report.as_dict())
            else:
                click.echo(json.dumps(report.as_dict()) if output == "jsonl" else report.summary())
            progress.advance(passed)
        progress.done()
        if output == "json":
            first = {url: i for i, url in reversed(list(enumerate(urls)))}
            finished.sort(key=lambda r: first.get(str(r["url"]), len(urls)))
            click.echo(json.dumps(finished, indent=2))
        return EXIT_FINDINGS if failed else EXIT_OK

    return asyncio.run(run())
