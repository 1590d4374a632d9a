"""The one YAML reader: paths in, documents with the place of every value out.

Both readers of YAML use it: `load.reader` (MCPServer specs, for render and
explain) and `validate.manifests` (manifests, for validate), as kubeconform's
`pkg/resource` serves its validator. It owns what they share: expanding paths,
the configured ruamel loaders, splitting a stream into documents, the position
tables, and the wording of a YAML syntax error. What a
problem is called (a load error or a validate finding, both Findings) stays with each caller.

It imports nothing of the model or of validate, so every layer may use it; the
limits it reads under live next to it, in `limits.py`.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from mcpgen.diagnostics import PathKey
from mcpgen.load.errors import LoadError, problem
from mcpgen.load.plain import node_positions

YAML_SUFFIXES = (".yaml", ".yml")

Pos = tuple[int, int]
"""1-based line and column."""


@dataclass(slots=True)
class Positions:
    """Where each value (and each mapping key) of one document stands."""

    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)

    def at(self, path: PathKey, *, key: bool = False, default: Pos = (1, 1)) -> Pos:
        """The place of the value at `path` (of its key with key=True), or of the nearest
        parent that has one, or `default`."""
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            pos = table.get(path[:cut]) or self.values.get(path[:cut])
            if pos is not None:
                return pos
        return default


# Paths -------------------------------------------------------------------------------

Unfound = Literal[
    "no such file or directory",
    "no file matches this pattern",
    "no .yaml or .yml files in this directory",
]


@dataclass(frozen=True, slots=True)
class Missing:
    """A path that names no input; each command words it (and may let an empty
    directory pass), since its messages are part of its output."""

    name: str
    why: Unfound


def expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | None] | Missing]:
    """(name, path) of every YAML file under `paths`, in order: files as given,
    directories walked (sorted, `.yaml` and `.yml` only), globs matched; `-` is stdin
    (path None). What names nothing is yielded as Missing, never raised, so a caller
    decides whether to go on."""
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                yield Missing(raw, "no .yaml or .yml files in this directory")
            for p in found:
                yield str(p), p
        elif path.exists():
            yield raw, path
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Missing(raw, "no file matches this pattern")
            for match in matches:
                yield match, Path(match)
        else:
            yield Missing(raw, "no such file or directory")


# YAML syntax errors ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """What the YAML reader refused, and where."""

    line: int  # 1-based, within the text that was read
    column: int
    message: str


_TAB_HINT = " (YAML forbids tabs for indentation; use spaces)"


def yaml_problem(exc: Exception, text: str) -> YamlProblem:
    """What ruamel's exception (any of its many classes) says, as one line, at its mark."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {context + ', ' if context else ''}{problem}"
    # The pure parser names the tab; the C parser does not, so look at the line too.
    if "'\\t'" in message or "\t" in _indentation(text, line):
        message += _TAB_HINT
    return YamlProblem(line + 1, column + 1, message)


def _indentation(text: str, index: int) -> str:
    lines = text.split("\n")
    if index >= len(lines):
        return ""
    line = lines[index]
    return line[: len(line) - len(line.lstrip())]


# The loaders -------------------------------------------------------------------------


def _roundtrip_yaml() -> Any:
    from ruamel.yaml import YAML  # deferred: ruamel costs ~30 ms to import

    return YAML(typ="rt")


@cache
def _spec_yaml() -> Any:
    """One loader for every spec: building a YAML() costs more than reading a small spec.

    Dropped after any failure (`spec_documents_fast`), so no half-done state is reused.
    """
    from ruamel.yaml import YAML

    from mcpgen.load.quick import quick_resolver

    yaml = YAML(typ="safe")
    yaml.Resolver = quick_resolver()
    return yaml


# Timestamps and binary stay text: that is what reaches the API server as JSON.
TEXT_TAGS = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"})


@cache
def manifest_yaml() -> Any:
    """Manifests are read the way the API server sees them: YAML 1.1 scalars (`off` is
    false, `0755` is 493), as Kubernetes' sigs.k8s.io/yaml (go-yaml v2) reads them."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class ApiServerConstructor(SafeConstructor):
        """Its own class: add_constructor on the shared SafeConstructor would change how
        the loader reads every spec in the same process."""

    for tag in TEXT_TAGS:
        ApiServerConstructor.add_constructor(tag, lambda c, node: c.construct_scalar(node))
    from mcpgen.load.quick import quick_resolver

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = ApiServerConstructor
    yaml.Resolver = quick_resolver()
    yaml.version = (1, 1)
    return yaml


# Specs: the whole file at once -------------------------------------------------------

Parsed = tuple[int, Any, "Positions | None"]  # start line, data, where its values stand


def spec_documents_fast(text: str) -> list[Parsed] | None:
    """The C parser without positions: seven times faster than the round-trip loader.

    None when it cannot take the text; `spec_documents` then says why, with positions.
    """
    yaml = _spec_yaml()
    try:
        documents = [
            (node.start_mark.line + 1, yaml.constructor.construct_document(node), None)
            for node in yaml.compose_all(text)
            if node is not None
        ]
    except Exception:  # any refusal: the round-trip path reports it properly
        _spec_yaml.cache_clear()
        return None
    return [doc for doc in documents if doc[1] is not None]  # empty documents, as `---` alone


def spec_documents(text: str, file: str) -> list[Parsed]:
    """Every document with the place of each value; LoadError at the first YAML error."""
    try:
        documents = list(_roundtrip_yaml().load_all(text))
    except Exception as exc:  # ruamel raises many unrelated classes for bad YAML
        found = yaml_problem(exc, text)
        raise LoadError([problem(file, found.line, found.column, "", found.message)]) from None
    out: list[Parsed] = []
    for doc in documents:
        if doc is None:
            continue
        pos = Positions()
        line = getattr(getattr(doc, "lc", None), "line", 0) + 1
        pos.values[()] = (line, 1)  # a missing top-level field points at its document
        data = _plain(doc, (), pos)
        out.append((line, data, pos))
    return out


def _plain(node: Any, path: PathKey, pos: Positions) -> Any:
    """ruamel's round-trip tree as plain Python, recording positions on the way."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarbool import ScalarBoolean

    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            sub = (*path, str(key))
            # A key brought in by a merge (`<<: *base`) stands where the merge does.
            k_line, k_col, v_line, v_col = (node.lc.data or {}).get(
                key, (node.lc.line, node.lc.col, node.lc.line, node.lc.col)
            )
            pos.keys[sub] = (k_line + 1, k_col + 1)
            pos.values[sub] = (v_line + 1, v_col + 1)
            out[str(key) if isinstance(key, str) else key] = _plain(value, sub, pos)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            line, col = node.lc.item(i)
            pos.values[(*path, i)] = (line + 1, col + 1)
            items.append(_plain(value, (*path, i), pos))
        return items
    if isinstance(node, ScalarBoolean):
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


# Manifests: document by document -----------------------------------------------------

# A document marker stands at column 0; YAML forbids it inside any content there.
_MARKER = re.compile(r"^(---|\.\.\.)(?:[ \t]|\r?$)")
_SKIPPABLE = re.compile(r"^[ \t]*(#.*)?\r?$")


def split_documents(text: str) -> Iterator[tuple[int, str]]:
    """(0-based first line, text) of each document of a YAML stream, split on its
    `---` / `...` markers, so one broken document does not hide the others."""
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


def holds_nothing(line: str) -> bool:
    """Blank, a comment, a directive, or a bare document marker."""
    if _MARKER.match(line):
        line = line[3:]
    return bool(_SKIPPABLE.match(line)) or line.startswith("%")


def first_content_line(chunk: str, offset: int) -> int:
    for i, line in enumerate(chunk.split("\n")):
        if not holds_nothing(line):
            return offset + i + 1
    return offset + 1


def manifest_positions(text: str, offset: int) -> Positions:
    """Where the values of one document stand; computed only for a document with a
    finding, from its own text. The root has no entry: a caller falls back to the
    document's first line."""
    pos = Positions()
    found = node_positions(text)  # the parser's events: a fraction of composing the tree
    if found is not None:
        values, keys = found
        pos.values = {path: (line + offset + 1, col + 1) for path, (line, col) in values.items()}
        pos.keys = {path: (line + offset + 1, col + 1) for path, (line, col) in keys.items()}
        return pos
    node = manifest_yaml().compose(text)
    if node is not None:
        _walk(node, (), offset, pos)
    return pos


def _walk(node: Any, path: PathKey, offset: int, pos: Positions) -> None:
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if path:
        pos.values[path] = (node.start_mark.line + offset + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                sub = (*path, str(key_node.value))
                mark = key_node.start_mark
                pos.keys[sub] = (mark.line + offset + 1, mark.column + 1)
                _walk(value_node, sub, offset, pos)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), offset, pos)
