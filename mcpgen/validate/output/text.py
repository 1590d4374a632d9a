"""Findings grouped by file, each with its line, code, resource and fix; then the summary."""

from __future__ import annotations

from mcpgen.diagnostics import Finding
from mcpgen.validate.output import Echo
from mcpgen.validate.report import Summary


class TextWriter:
    def __init__(self, echo: Echo) -> None:
        self.echo = echo
        self.current: str | None = None

    def write(self, finding: Finding) -> None:
        if finding.file != self.current:
            if self.current is not None:
                self.echo("")
            self.echo(finding.file)
            self.current = finding.file
        subject = f"{finding.resource}: " if finding.resource else ""
        head = f"  {finding.where:>5}  {finding.severity:<7}  {finding.code:<6}  "
        self.echo(f"{head}{subject}{finding.message}")
        if finding.fix:
            self.echo(f"{'':>{len(head)}}fix: {finding.fix}")

    def flush(self, summary: Summary) -> None:
        if self.current is not None:
            self.echo("")
        self.echo(summary.line())
