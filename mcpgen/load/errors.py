"""Load problems as findings, and the error that carries them."""

from __future__ import annotations

from mcpgen.diagnostics import Finding
from mcpgen.load.limits import MAX_MESSAGE_CHARS

# A document that is not a valid MCPServer (validate reports the same problems under it).
LOAD_CODE = "MCP001"


def cut(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text`, or its start marked as cut: a key or a value can be megabytes long, and a
    problem still prints as one line a person can read."""
    return text if len(text) <= limit else f"{text[: limit - 4]} ..."


def problem(
    file: str, line: int, column: int, field: str, message: str, code: str = LOAD_CODE
) -> Finding:
    """An input that cannot be read or validated: always an error, always placed."""
    return Finding(code, "error", message, field=field, file=file, line=line, column=column)


def as_line(found: Finding) -> str:
    """`file:line:column: field: message`, one line however long the field or message."""
    where = f"{found.file}:{found.line}:{found.column}"
    if not found.field:
        return f"{where}: {cut(found.message)}"
    return f"{where}: {cut(found.field, 200)}: {cut(found.message)}"


class LoadError(Exception):
    """One or more documents could not be read or validated."""

    def __init__(self, problems: list[Finding]) -> None:
        super().__init__("\n".join(as_line(p) for p in problems))
        self.problems = problems
