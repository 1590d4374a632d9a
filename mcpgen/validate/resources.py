"""Read files and streams, split YAML documents, and know each resource's signature.

Documents are split on their `---` / `...` markers first, so one broken
document does not hide the others and each knows its first line. Values are
read the way the API server sees them: YAML 1.1 scalars (`off` is false,
`0755` is 493), as Kubernetes' sigs.k8s.io/yaml (go-yaml v2) reads them.
Positions of keys and values are computed only for documents that have a
finding, from the document's own text.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from mcpgen.load.limits import Budget, Refused, check_size, check_text, read_bounded
from mcpgen.load.plain import node_lines, plain_documents
from mcpgen.validate.findings import Finding

YAML_SUFFIXES = (".yaml", ".yml")
STDIN_NAME = "<stdin>"
# A document marker stands at column 0; YAML forbids it inside any content there.
_MARKER = re.compile(r"^(---|\.\.\.)(?:[ \t]|\r?$)")
_SKIPPABLE = re.compile(r"^[ \t]*(#.*)?\r?$")

PathKey = tuple[str | int, ...]


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


@dataclass(slots=True)
class Positions:
    """1-based line of each value and each mapping key of one document."""

    values: dict[PathKey, int] = field(default_factory=dict)
    keys: dict[PathKey, int] = field(default_factory=dict)


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
            self._positions = _positions(self.text, self.offset)
        table = self._positions.keys if key else self._positions.values
        for cut in range(len(path), 0, -1):
            line = table.get(path[:cut]) or self._positions.values.get(path[:cut])
            if line is not None:
                return line
        return self.line


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


# Timestamps and binary stay text: that is what reaches the API server as JSON.
_TEXT_TAGS = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"})


@cache
def _yaml() -> Any:
    from ruamel.yaml import YAML  # deferred: ruamel costs ~30 ms to import
    from ruamel.yaml.constructor import SafeConstructor

    class ApiServerConstructor(SafeConstructor):
        """Its own class: add_constructor on the shared SafeConstructor would change how
        the loader reads every spec in the same process."""

    for tag in _TEXT_TAGS:
        ApiServerConstructor.add_constructor(tag, lambda c, node: c.construct_scalar(node))
    from mcpgen.load.quick import quick_resolver

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = ApiServerConstructor
    yaml.Resolver = quick_resolver()
    yaml.version = (1, 1)
    return yaml


def split_documents(text: str) -> Iterator[tuple[int, str]]:
    """(0-based first line, text) of each document of a YAML stream."""
    lines = text.split("\n")
    start, directives = 0, False
    for i, line in enumerate(lines):
        if line.startswith("%"):
            directives = True  # `%YAML 1.1` belongs to the document its `---` opens
        if not _MARKER.match(line):
            continue
        if line.startswith("---"):
            if i > start and not directives:
                yield start, "\n".join(lines[start:i])
                start = i
            directives = False
        else:  # `...` ends a document; the next one starts on the following line
            yield start, "\n".join(lines[start : i + 1])
            start = i + 1
    if start < len(lines):
        yield start, "\n".join(lines[start:])


def _holds_nothing(line: str) -> bool:
    """Blank, a comment, a directive, or a bare document marker."""
    if _MARKER.match(line):
        line = line[3:]
    return bool(_SKIPPABLE.match(line)) or line.startswith("%")


def _first_content_line(chunk: str, offset: int) -> int:
    for i, line in enumerate(chunk.split("\n")):
        if not _holds_nothing(line):
            return offset + i + 1
    return offset + 1


def _yaml_problem(exc: Exception, chunk: str, name: str, offset: int) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    at = mark.line if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {context + ', ' if context else ''}{problem}"
    lines = chunk.split("\n")
    if at < len(lines) and lines[at][: len(lines[at]) - len(lines[at].lstrip())].count("\t"):
        message += " (YAML forbids tabs for indentation; use spaces)"
    line = offset + at + 1
    return Finding("YML001", "error", "", name, line, message, "fix the YAML syntax")


def _refused(exc: Refused, name: str, offset: int) -> Finding:
    return Finding(
        "YML002",
        "error",
        "",
        name,
        offset + exc.line,
        f"refused: {exc.message}; the rest of the file was not read",
        exc.fix,
    )


def read_text(text: str, name: str) -> Source:
    source = Source(name)
    yaml = _yaml()
    budget = Budget()  # aliases and documents are counted per file, across its documents
    try:
        check_size(len(text))
    except Refused as exc:
        source.problems.append(_refused(exc, name, 0))
        return source
    for offset, chunk in split_documents(text.removeprefix("\ufeff")):
        if all(_holds_nothing(line) for line in chunk.split("\n")):
            continue
        # Plain YAML (nearly every manifest): limits and data from one pass of the C parser.
        plain = plain_documents(chunk, budget, version=(1, 1), text_tags=_TEXT_TAGS)
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
                source.problems.append(_yaml_problem(exc, chunk, name, offset))
                continue
        if data is None:
            continue
        source.resources.append(
            Resource(name, _first_content_line(chunk, offset), data, chunk, offset)
        )
    return source


def _walk(node: Any, path: PathKey, offset: int, pos: Positions) -> None:
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    pos.values[path] = node.start_mark.line + offset + 1
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                sub = (*path, str(key_node.value))
                pos.keys[sub] = key_node.start_mark.line + offset + 1
                _walk(value_node, sub, offset, pos)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), offset, pos)


def _positions(text: str, offset: int) -> Positions:
    pos = Positions()
    lines = node_lines(text)  # the parser's events: a fraction of composing the tree
    if lines is not None:
        pos.values = {path: line + offset + 1 for path, line in lines[0].items()}
        pos.keys = {path: line + offset + 1 for path, line in lines[1].items()}
        return pos
    node = _yaml().compose(text)
    if node is not None:
        _walk(node, (), offset, pos)
    return pos


def _expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | None] | Finding]:
    for raw in paths:
        if raw == "-":
            yield STDIN_NAME, None
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                yield _unreadable(raw, "no .yaml or .yml files in this directory")
            for p in found:
                yield str(p), p
        elif path.exists():
            yield raw, path
        elif glob.has_magic(raw) and (matches := sorted(glob.glob(raw, recursive=True))):
            for match in matches:
                yield match, Path(match)
        else:
            yield _unreadable(raw, "no such file or directory")


def _unreadable(name: str, why: str) -> Finding:
    return Finding("IO001", "error", "", name, 1, f"cannot read: {why}")


def read_paths(paths: Iterable[str]) -> tuple[list[Source], list[Finding]]:
    """Every source under `paths` (files, directories, globs, - for stdin), and the
    IO001 findings of paths that could not be read."""
    sources: list[Source] = []
    unreadable: list[Finding] = []
    for item in _expand(paths):
        if isinstance(item, Finding):
            unreadable.append(item)
            continue
        name, path = item
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
