"""Load problems as data, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass

from mcpgen.load.limits import MAX_MESSAGE_CHARS


def cut(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text`, or its start marked as cut: a key or a value can be megabytes long, and a
    problem still prints as one line a person can read."""
    return text if len(text) <= limit else f"{text[: limit - 4]} ..."


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        if not self.field:
            return f"{where}: {cut(self.message)}"
        return f"{where}: {cut(self.field, 200)}: {cut(self.message)}"


class LoadError(Exception):
    """One or more documents could not be read or validated."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
