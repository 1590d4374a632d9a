"""Files, globs and directories in; validated MCPServer models out."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mcpgen.load.errors import LoadError, Problem
from mcpgen.load.limits import Refused, check_text, read_bounded
from mcpgen.load.messages import describe, near
from mcpgen.load.plain import plain_documents
from mcpgen.model import MCPServer
from mcpgen.model.kube import EMBEDDED_ERROR
from mcpgen.model.server import API_VERSION, KIND

YAML_SUFFIXES = (".yaml", ".yml")
_API_GROUP = API_VERSION.split("/")[0]

Pos = tuple[int, int]
PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Loaded:
    server: MCPServer
    file: str
    line: int


@dataclass(slots=True)
class LoadResult:
    servers: list[Loaded] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Positions:
    """Where each value (and each mapping key) of one document stands."""

    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)

    def at(self, path: PathKey, *, key: bool = False) -> Pos:
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            pos = table.get(path[:cut]) or self.values.get(path[:cut])
            if pos is not None:
                return pos
        return (1, 1)


def _yaml() -> Any:
    from ruamel.yaml import YAML  # deferred: ruamel costs ~30 ms to import

    return YAML(typ="rt")


@cache
def _safe_yaml() -> Any:
    """One loader for every file: building a YAML() costs more than reading a small spec.

    Dropped after any failure (`_fast_documents`), so no half-done state is reused.
    """
    from ruamel.yaml import YAML

    from mcpgen.load.quick import quick_resolver

    yaml = YAML(typ="safe")
    yaml.Resolver = quick_resolver()
    return yaml


def _plain(node: Any, path: PathKey, pos: _Positions) -> Any:
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


def _data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Drop the union-branch tags pydantic adds to a location, keep real keys."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_union_tag(part):
            kept.append(part)  # a missing or unknown key: point at its parent
            node = None
    return tuple(kept)


def _is_union_tag(part: str) -> bool:
    # pydantic names union members like "int", "constrained-str", "function-after[...]"
    return part in ("int", "str", "bool", "float") or "[" in part or part.startswith("constrained")


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _validation_problems(
    exc: ValidationError, data: Any, pos: _Positions, file: str
) -> list[Problem]:
    by_path: dict[PathKey, dict[str, Any]] = {}
    for error in exc.errors():
        path = _data_path(error["loc"], data)
        if error["type"] == EMBEDDED_ERROR:
            # Problems inside an embedded Kubernetes object: each at its own place in it.
            for inner in error["ctx"]["problems"]:
                by_path[(*path, *inner.path)] = {"type": EMBEDDED_ERROR, "found": inner}
            continue
        current = by_path.get(path)
        # Of a union's several complaints, the format one says most.
        if current is None or error["type"] == "string_pattern_mismatch":
            by_path[path] = dict(error)
    found = []
    for path, details in by_path.items():
        inner = details.get("found")
        if inner is not None:
            line, col = pos.at(path, key=inner.at_key)
            message = inner.message
        else:
            line, col = pos.at(path, key=details["type"] == "extra_forbidden")
            message = describe(details, MCPServer, path)
        problem = Problem(file, line, col, _dotted(path), message)
        found.append((details["type"] == "missing", problem))
    # Where two stand at one place (a misspelt key at the top of its document), the
    # unknown field that says what was meant comes before the field it leaves missing.
    found.sort(key=lambda item: (item[1].line, item[1].column, item[0]))
    return [problem for _, problem in found]


def _yaml_problem(exc: Exception, file: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {context + ', ' if context else ''}{problem}"
    if "'\\t'" in message:
        message += " (YAML forbids tabs for indentation; use spaces)"
    return Problem(file, line, col, "", message)


def _refused(exc: Refused, file: str) -> Problem:
    return Problem(file, exc.line, exc.column, "", f"{exc.message}; {exc.fix}")


Document = tuple[int, Any, "_Positions | None"]  # start line, data, where its values stand


def _fast_documents(text: str) -> list[Document] | None:
    """The C parser without positions: seven times faster than the round-trip loader.

    None when it cannot take the text; the round-trip path then says why, with positions.
    """
    yaml = _safe_yaml()
    try:
        documents = [
            (node.start_mark.line + 1, yaml.constructor.construct_document(node), None)
            for node in yaml.compose_all(text)
            if node is not None
        ]
    except Exception:  # any refusal: the round-trip path reports it properly
        _safe_yaml.cache_clear()
        return None
    return [doc for doc in documents if doc[1] is not None]  # empty documents, as `---` alone


def _positioned_documents(text: str, file: str) -> list[Document]:
    try:
        documents = list(_yaml().load_all(text))
    except Exception as exc:  # ruamel raises many unrelated classes for bad YAML
        raise LoadError([_yaml_problem(exc, file)]) from None
    out: list[Document] = []
    for doc in documents:
        if doc is None:
            continue
        pos = _Positions()
        line = getattr(getattr(doc, "lc", None), "line", 0) + 1
        pos.values[()] = (line, 1)  # a missing top-level field points at its document
        data = _plain(doc, (), pos)
        out.append((line, data, pos))
    return out


def _ours(data: dict[Any, Any]) -> bool:
    """Whether a document means to be an MCPServer: its kind or its apiVersion group is
    (nearly) ours, under keys that are (nearly) `kind` and `apiVersion`.

    A near miss then goes through the model, whose messages say what is wrong and
    what was meant; skipping it would drop a server, and `--prune` delete its files.
    A kind of another API group (another operator's MCPServer, a ConfigMap) is not ours.
    """
    if data.get("kind") == KIND and data.get("apiVersion") == API_VERSION:
        return True  # the common case, without comparing every key by similarity
    kinds, groups = [], []
    for key, value in data.items():
        if isinstance(key, str) and isinstance(value, str):
            if near(key, "kind"):
                kinds.append(value)
            elif near(key, "apiVersion"):
                groups.append(value.split("/")[0])
    if any(near(group, _API_GROUP) for group in groups):
        return True
    foreign = isinstance(data.get("apiVersion"), str)
    return not foreign and any(near(kind, KIND) for kind in kinds)


def _check(documents: list[Document], file: str) -> tuple[list[Loaded], list[str], list[Problem]]:
    loaded: list[Loaded] = []
    notes: list[str] = []
    problems: list[Problem] = []
    for start, data, found in documents:
        pos = found or _Positions()
        if not isinstance(data, dict):
            problems.append(Problem(file, start, 1, "", "a document must be a mapping"))
            continue
        kind, api_version = data.get("kind"), str(data.get("apiVersion"))
        if api_version.startswith(_API_GROUP + "/") and api_version != API_VERSION:
            line, col = pos.at(("apiVersion",))
            message = f"{api_version!r} is not supported; use {API_VERSION!r}"
            problems.append(Problem(file, line, col, "apiVersion", message))
            continue
        if not _ours(data):
            why = f"; mcpgen reads {KIND} {API_VERSION}" if kind == KIND else ""
            notes.append(f"{file}:{start}: skipped {kind or 'a document'} ({api_version}){why}")
            continue
        try:
            server = MCPServer.model_validate(data)
        except ValidationError as exc:
            problems.extend(_validation_problems(exc, data, pos, file))
            continue
        loaded.append(Loaded(server, file, start))
    return loaded, notes, problems


def load_text(text: str, file: str, result: LoadResult | None = None) -> LoadResult:
    """Validate every MCPServer document in `text`; raise LoadError on any problem."""
    result = result if result is not None else LoadResult()
    if not text.strip():
        raise LoadError([Problem(file, 1, 1, "", "empty file: no YAML documents")])
    # Plain YAML (nearly every spec): limits and data from one pass of the C parser.
    plain = plain_documents(text)
    fast: list[Document] | None = None
    if plain is not None:
        fast = [(line + 1, data, None) for line, data in plain]
    else:
        try:
            parsed = check_text(text)
        except Refused as exc:
            raise LoadError([_refused(exc, file)]) from None
        # What the C parser refuses, its composer refuses too: go straight to the reader
        # that says why.
        fast = _fast_documents(text) if parsed else None
    checked = _check(fast, file) if fast is not None else None
    if checked is None or checked[2]:
        # Something is wrong: read again with positions, so every problem names its line.
        checked = _check(_positioned_documents(text, file), file)
    loaded, notes, problems = checked
    if problems:
        raise LoadError(problems)
    result.servers.extend(loaded)
    result.notes.extend(notes)
    return result


def _expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix in YAML_SUFFIXES and found.is_file():
                    yield str(found), found
        elif path.exists():
            yield raw, path
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise LoadError([Problem(raw, 1, 1, "", "no file matches this pattern")])
            for match in matches:
                yield match, Path(match)
        else:
            raise LoadError([Problem(raw, 1, 1, "", "no such file or directory")])


def load_paths(paths: Iterable[str]) -> LoadResult:
    """Load every MCPServer under `paths`; all problems of all files, or nothing."""
    result = LoadResult()
    problems: list[Problem] = []
    for name, path in _expand(paths):
        try:
            text = read_bounded(path)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, 1, 1, "", f"cannot read: {exc}"))
            continue
        except Refused as exc:
            problems.append(_refused(exc, name))
            continue
        try:
            load_text(text, name, result)
        except LoadError as exc:
            problems.extend(exc.problems)
    seen: dict[tuple[str, str], Loaded] = {}
    for loaded in result.servers:
        key = (loaded.server.metadata.namespace, loaded.server.metadata.name)
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    loaded.file,
                    loaded.line,
                    1,
                    "metadata.name",
                    f"server {key[0]}/{key[1]} is defined twice "
                    f"(first at {first.file}:{first.line})",
                )
            )
        seen[key] = loaded
    if problems:
        raise LoadError(problems)
    return result
