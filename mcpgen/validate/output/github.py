"""GitHub Actions workflow commands: each finding becomes an annotation on its file and line."""

from __future__ import annotations

from mcpgen.diagnostics import Finding
from mcpgen.validate.output import Echo
from mcpgen.validate.report import Summary

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # The workflow-command escapes: the runner decodes these in messages.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GitHubWriter:
    def __init__(self, echo: Echo) -> None:
        self.echo = echo

    def write(self, finding: Finding) -> None:
        title = f"{finding.code} {finding.resource}".strip()
        message = finding.message + (f"\nfix: {finding.fix}" if finding.fix else "")
        column = f"col={finding.column}," if finding.column else ""
        self.echo(
            f"::{_LEVELS[finding.severity]} file={_property(finding.file)},"
            f"line={finding.line},{column}title={_property(title)}::{_data(message)}"
        )

    def flush(self, summary: Summary) -> None:
        self.echo(summary.line())
