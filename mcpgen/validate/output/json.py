"""One JSON object: every finding and the summary counts (written at the end)."""

from __future__ import annotations

import json

from mcpgen.diagnostics import Finding
from mcpgen.validate.output import Echo
from mcpgen.validate.report import Summary


class JSONWriter:
    def __init__(self, echo: Echo) -> None:
        self.echo = echo
        self.findings: list[dict[str, object]] = []

    def write(self, finding: Finding) -> None:
        self.findings.append(_as_json(finding))

    def flush(self, summary: Summary) -> None:
        self.echo(json.dumps({"findings": self.findings, "summary": summary.as_dict()}, indent=2))


def _as_json(f: Finding) -> dict[str, object]:
    """The keys, and their order, that `mcpgen validate -o json` has always printed."""
    return {
        "code": f.code,
        "severity": f.severity,
        "resource": f.resource,
        "file": f.file,
        "line": f.line,
        "message": f.message,
        "fix": f.fix,
        "field": f.field,
        "column": f.column,
    }
