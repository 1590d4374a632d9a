"""Manifests as resources: each document of each file, its signature, its findings.

The reading itself (paths, documents, positions, YAML errors) is `load.documents`,
shared with the MCPServer loader; this module names what it finds in validate's
terms: resources, and the IO001 / YML001 / YML002 findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mcpgen.diagnostics import Finding, PathKey
from mcpgen.load.documents import (
    TEXT_TAGS,
    Missing,
    Positions,
    expand,
    first_content_line,
    holds_nothing,
    manifest_positions,
    manifest_yaml,
    split_documents,
    yaml_problem,
)
from mcpgen.load.limits import Budget, Refused, check_size, check_text, read_bounded
from mcpgen.load.plain import plain_documents

STDIN_NAME = "<stdin>"


@dataclass(frozen=True, slots=True)
class Signature:
    kind: str
    api_version: str
    namespace: str  # "" when the document names none (kubectl's context decides)
    name: str

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0]

    @property
    def version(self) -> str:
        return self.api_version.rpartition("/")[2]

    def __str__(self) -> str:
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.kind} {where}".rstrip()


@dataclass(slots=True, eq=False)  # identity: two equal documents are still two resources
class Resource:
    file: str
    line: int  # first line of the document's content
    data: Any
    text: str  # the document's own text: positions are computed from it on demand
    offset: int  # 0-based line of `text` within the file
    signature: Signature = field(init=False)
    _positions: Positions | None = None

    def __post_init__(self) -> None:
        # Computed once: the policy asks for it on every relation it tries.
        data = self.data if isinstance(self.data, dict) else {}
        meta = data.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        self.signature = Signature(
            kind=_text(data.get("kind")),
            api_version=_text(data.get("apiVersion")),
            namespace=_text(meta.get("namespace")),
            name=_text(meta.get("name") or meta.get("generateName")),
        )

    def line_of(self, path: PathKey, *, key: bool = False) -> int:
        """The line of the value at `path` (its key's line with key=True), or of the
        nearest parent that exists, or the document's first line."""
        if self._positions is None:
            self._positions = manifest_positions(self.text, self.offset)
        return self._positions.at(path, key=key, default=(self.line, 0))[0]


@dataclass(slots=True)
class Source:
    """One input: a file or stdin, its resources and the YAML problems found reading it."""

    name: str
    resources: list[Resource] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def dig(data: Any, *path: str | int) -> Any:
    """The value at `path`, or None where any step is missing or of the wrong shape."""
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _syntax_error(exc: Exception, chunk: str, name: str, offset: int) -> Finding:
    found = yaml_problem(exc, chunk)
    line = offset + found.line
    return Finding(
        "YML001", "error", found.message, fix="fix the YAML syntax", file=name, line=line
    )


def _refused(exc: Refused, name: str, offset: int) -> Finding:
    return Finding(
        "YML002",
        "error",
        f"refused: {exc.message}; the rest of the file was not read",
        fix=exc.fix,
        file=name,
        line=offset + exc.line,
    )


def read_text(text: str, name: str) -> Source:
    source = Source(name)
    yaml = manifest_yaml()
    budget = Budget()  # aliases and documents are counted per file, across its documents
    try:
        check_size(len(text))
    except Refused as exc:
        source.problems.append(_refused(exc, name, 0))
        return source
    for offset, chunk in split_documents(text.removeprefix("\ufeff")):
        if all(holds_nothing(line) for line in chunk.split("\n")):
            continue
        # Plain YAML (nearly every manifest): limits and data from one pass of the C parser.
        plain = plain_documents(chunk, budget, version=(1, 1), text_tags=TEXT_TAGS)
        if plain is not None and len(plain) <= 1:
            data = plain[0][1] if plain else None
        else:
            try:
                # Before the C composer, which recurses per level, and before anything
                # walks what aliases share.
                check_text(chunk, budget)
            except Refused as exc:
                source.problems.append(_refused(exc, name, offset))
                break
            try:
                data = yaml.load(chunk)
            except Exception as exc:  # ruamel raises many unrelated classes for bad YAML
                source.problems.append(_syntax_error(exc, chunk, name, offset))
                continue
        if data is None:
            continue
        source.resources.append(
            Resource(name, first_content_line(chunk, offset), data, chunk, offset)
        )
    return source


def _unreadable(name: str, why: str) -> Finding:
    return Finding("IO001", "error", f"cannot read: {why}", file=name, line=1)


def read_paths(paths: Iterable[str]) -> tuple[list[Source], list[Finding]]:
    """Every source under `paths` (files, directories, globs, - for stdin), and the
    IO001 findings of paths that could not be read."""
    sources: list[Source] = []
    unreadable: list[Finding] = []
    for item in expand(paths):
        if isinstance(item, Missing):
            # A pattern that matches nothing reads as a missing file, as it always has.
            why = item.why
            if why == "no file matches this pattern":
                why = "no such file or directory"
            unreadable.append(_unreadable(item.name, why))
            continue
        name, path = item
        if path is None:
            name = STDIN_NAME
        try:
            text = read_bounded(path)
        except (OSError, UnicodeDecodeError) as exc:
            unreadable.append(_unreadable(name, str(exc)))
            continue
        except Refused as exc:
            sources.append(Source(name, problems=[_refused(exc, name, 0)]))
            continue
        sources.append(read_text(text, name))
    return sources, unreadable
