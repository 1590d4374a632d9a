"""Findings as data, and the codes that are not policy (those live in policy.CODES)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from mcpgen.diagnostics import SEVERITY_RANK, Severity

# Reading and schema codes; one stable code per kind of problem.
INPUT_CODES: dict[str, tuple[Severity, str]] = {
    "IO001": ("error", "a path cannot be read (exit 2)"),
    "YML001": ("error", "a document is not valid YAML"),
    "YML002": (
        "error",
        "a file over a reading limit (bytes, documents, depth, aliases) or not text (exit 2)",
    ),
    "SCH001": ("error", "a document breaks its schema (wrong type, unknown field, ...)"),
    "SCH002": ("error", "no schema for this apiVersion/kind (--ignore-missing-schemas skips)"),
    "SCH003": ("error", "a document is not a Kubernetes object (apiVersion, kind, mapping)"),
    "MCP001": ("error", "an MCPServer breaks the model (the same check `mcpgen render` does)"),
    "KCF001": ("error", "kubeconform could not validate a resource"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    resource: str  # "Deployment mcp/everything-sse", or "" for a file-level problem
    file: str
    line: int
    message: str
    fix: str = ""
    field: str = ""  # dotted path inside the document, when there is one
    column: int = 0  # 0: only the line is known (the model's check knows the column too)

    @property
    def where(self) -> str:
        """The line, and the column when it is known: `12` or `12:7`."""
        return f"{self.line}:{self.column}" if self.column else str(self.line)

    def at_least(self, severity: str) -> bool:
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[severity]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, -SEVERITY_RANK[self.severity], self.code)


def dotted(path: tuple[str | int, ...] | list[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
