"""Findings as data: a stable code, a severity, what is wrong, how to fix it, and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

PathKey = tuple[str | int, ...]
"""Where a value stands inside a document: mapping keys and list indices."""


def dotted(path: PathKey | list[str | int]) -> str:
    """`spec.args[0]`: a field path as a user writes it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found, wherever it was found: by the rules in a spec, by validate in a
    manifest, by the probe in a server's answers. The location is optional: a rule knows
    only the field, the probe knows none. Each output shapes it for its readers (the text
    and JSON writers of validate, explain's JSON, the probe report)."""

    code: str
    severity: Severity
    message: str
    fix: str = ""
    field: str = ""  # dotted path inside the document, when there is one
    file: str = ""
    line: int = 0  # 0: no line (a finding about a spec's meaning, or a server's answer)
    column: int = 0  # 0: only the line is known
    resource: str = ""  # "Deployment mcp/everything-sse", or "" for a file-level problem

    @property
    def where(self) -> str:
        """The line, and the column when it is known: `12` or `12:7`."""
        return f"{self.line}:{self.column}" if self.column else str(self.line)

    def at_least(self, severity: str) -> bool:
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[severity]

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, -SEVERITY_RANK[self.severity], self.code)
