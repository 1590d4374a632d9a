"""Read one input file into documents with positions: JSON(C) or YAML, never partly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcpgen.diagnostics import Finding, PathKey, dotted
from mcpgen.importers import jsonc
from mcpgen.load.documents import Positions, spec_documents
from mcpgen.load.errors import LoadError, problem
from mcpgen.load.limits import Refused, check_text, read_bounded


@dataclass(frozen=True, slots=True)
class Document:
    """One document of an input file, and where its values stand."""

    file: str
    data: Any
    pos: Positions

    def at(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        return self.pos.at(path, key=key)

    def where(self, path: PathKey) -> str:
        line, _ = self.at(path)
        return f"{self.file}:{line}"

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Finding:
        line, col = self.at(path, key=key)
        return problem(self.file, line, col, dotted(path), message)


def _looks_like_json(text: str) -> bool:
    # JSON and JSONC open with an object or a list (after comments); YAML rarely does,
    # and a YAML flow mapping that does is JSON-like enough for the JSONC reader.
    stripped = text.lstrip(" \t\r\n\ufeff")
    while stripped.startswith(("//", "/*")):
        end = stripped.find("\n") if stripped.startswith("//") else stripped.find("*/") + 1
        if end <= 0:
            return False
        stripped = stripped[end + 1 :].lstrip(" \t\r\n")
    return stripped.startswith(("{", "["))


def read_documents(name: str, path: Path | None) -> list[Document]:
    """Every document of one file (`path` None: stdin); LoadError with file:line:col."""
    try:
        text = read_bounded(path)
    except Refused as exc:
        raise LoadError([problem(name, exc.line, exc.column, "", exc.message)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError([problem(name, 1, 1, "", f"cannot read: {exc}")]) from None
    if not text.strip():
        raise LoadError([problem(name, 1, 1, "", "empty file: nothing to import")])
    if _looks_like_json(text):
        try:
            data, pos = jsonc.parse(text)
        except jsonc.JsoncError as exc:
            raise LoadError([problem(name, exc.line, exc.column, "", exc.message)]) from None
        return [Document(name, data, pos)]
    try:
        check_text(text)
    except Refused as exc:
        raise LoadError([problem(name, exc.line, exc.column, "", exc.message)]) from None
    return [
        Document(name, data, found if found is not None else Positions())
        for _line, data, found in spec_documents(text, name)
    ]


def as_dict(doc: Document, path: PathKey, value: Any, problems: list[Finding]) -> dict[str, Any]:
    """`value` if it is a mapping with string keys; else a problem and an empty mapping."""
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return value
    problems.append(doc.problem(path, f"must be an object (a mapping), not {_kind(value)}"))
    return {}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string"}.get(
        type(value), "a list" if isinstance(value, list) else "a mapping with non-string keys"
    )


def kind_of(value: Any) -> str:
    return _kind(value)
