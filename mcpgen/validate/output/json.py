"""One JSON object: every finding and the summary counts (written at the end)."""

from __future__ import annotations

import json

from mcpgen.validate.findings import Finding
from mcpgen.validate.output import Echo
from mcpgen.validate.report import Summary


class JSONWriter:
    def __init__(self, echo: Echo) -> None:
        self.echo = echo
        self.findings: list[dict[str, object]] = []

    def write(self, finding: Finding) -> None:
        self.findings.append(finding.as_dict())

    def flush(self, summary: Summary) -> None:
        self.echo(json.dumps({"findings": self.findings, "summary": summary.as_dict()}, indent=2))
