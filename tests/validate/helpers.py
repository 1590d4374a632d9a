"""Helpers for the validate tests: manifests as text, findings by code and line."""

from __future__ import annotations

import textwrap

from mcpgen.validate import Finding, Options, validate_text
from mcpgen.validate.report import Report


def manifest(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# Each policy test is about its own rule; the deprecation notice every SSE workload
# gets (POL017) is tested on its own, so the others skip it the way a user would.
DEPRECATION = "POL017"


def check(text: str, **options: object) -> Report:
    options.setdefault("skip", frozenset({DEPRECATION}))
    return validate_text(manifest(text), "m.yaml", Options(**options))  # type: ignore[arg-type]


def codes(report: Report) -> list[str]:
    return [f.code for f in report.findings]


def only(report: Report, code: str) -> Finding:
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, (code, report.findings)
    return found[0]


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """1-based line of the first line of `text` holding `needle` (after the line holding
    `after`, when given)."""
    lines = manifest(text).splitlines()
    start = line_of(text, after) if after is not None else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the manifest")
