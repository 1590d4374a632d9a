"""Files, globs and directories in; validated MCPServer models out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from mcpgen.diagnostics import Finding, PathKey, dotted
from mcpgen.load.documents import (
    Missing,
    Parsed,
    Positions,
    expand,
    spec_documents,
    spec_documents_fast,
)
from mcpgen.load.errors import LoadError, problem
from mcpgen.load.limits import Refused, check_text, read_bounded
from mcpgen.load.plain import plain_documents
from mcpgen.model import MCPServer
from mcpgen.model.kube import EMBEDDED_ERROR
from mcpgen.model.server import API_VERSION, KIND

_API_GROUP = API_VERSION.split("/")[0]


@dataclass(frozen=True, slots=True)
class Loaded:
    """One validated server, and the file and line its document starts at."""

    server: MCPServer
    file: str
    line: int


@dataclass(slots=True)
class LoadResult:
    """Every server of the input, and notes on documents that were skipped."""

    servers: list[Loaded] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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


def _validation_problems(
    exc: ValidationError, data: Any, pos: Positions, file: str
) -> list[Finding]:
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
            from mcpgen.load.messages import describe  # difflib: only for refused input

            line, col = pos.at(path, key=details["type"] == "extra_forbidden")
            message = describe(details, MCPServer, path)
        found_here = problem(file, line, col, dotted(path), message)
        found.append((details["type"] == "missing", found_here))
    # Where two stand at one place (a misspelt key at the top of its document), the
    # unknown field that says what was meant comes before the field it leaves missing.
    found.sort(key=lambda item: (item[1].line, item[1].column, item[0]))
    return [problem for _, problem in found]


def _refused(exc: Refused, file: str) -> Finding:
    return problem(file, exc.line, exc.column, "", f"{exc.message}; {exc.fix}")


def _ours(data: dict[Any, Any]) -> bool:
    """Whether a document means to be an MCPServer: its kind or its apiVersion group is
    (nearly) ours, under keys that are (nearly) `kind` and `apiVersion`.

    A near miss then goes through the model, whose messages say what is wrong and
    what was meant; skipping it would drop a server, and `--prune` delete its files.
    A kind of another API group (another operator's MCPServer, a ConfigMap) is not ours.
    """
    if data.get("kind") == KIND and data.get("apiVersion") == API_VERSION:
        return True  # the common case, without comparing every key by similarity
    from mcpgen.load.messages import near  # difflib: only for what is not exactly ours

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


def _check(documents: list[Parsed], file: str) -> tuple[list[Loaded], list[str], list[Finding]]:
    loaded: list[Loaded] = []
    notes: list[str] = []
    problems: list[Finding] = []
    for start, data, found in documents:
        pos = found or Positions()
        if not isinstance(data, dict):
            problems.append(problem(file, start, 1, "", "a document must be a mapping"))
            continue
        kind, api_version = data.get("kind"), str(data.get("apiVersion"))
        if api_version.startswith(_API_GROUP + "/") and api_version != API_VERSION:
            line, col = pos.at(("apiVersion",))
            message = f"{api_version!r} is not supported; use {API_VERSION!r}"
            problems.append(problem(file, line, col, "apiVersion", message))
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
        raise LoadError([problem(file, 1, 1, "", "empty file: no YAML documents")])
    # Plain YAML (nearly every spec): limits and data from one pass of the C parser.
    plain = plain_documents(text)
    fast: list[Parsed] | None = None
    if plain is not None:
        fast = [(line + 1, data, None) for line, data in plain]
    else:
        try:
            parsed = check_text(text)
        except Refused as exc:
            raise LoadError([_refused(exc, file)]) from None
        # What the C parser refuses, its composer refuses too: go straight to the reader
        # that says why.
        fast = spec_documents_fast(text) if parsed else None
    checked = _check(fast, file) if fast is not None else None
    if checked is None or checked[2]:
        # Something is wrong: read again with positions, so every problem names its line.
        checked = _check(spec_documents(text, file), file)
    loaded, notes, problems = checked
    if problems:
        raise LoadError(problems)
    result.servers.extend(loaded)
    result.notes.extend(notes)
    return result


def load_paths(paths: Iterable[str]) -> LoadResult:
    """Load every MCPServer under `paths`; all problems of all files, or nothing."""
    result = LoadResult()
    problems: list[Finding] = []
    for item in expand(paths):
        if isinstance(item, Missing):
            if item.why == "no .yaml or .yml files in this directory":
                continue  # nothing to load there; "no MCPServer documents" stops an empty run
            # A path that names nothing ends the run at once (problems found in files
            # before it are not reported: unchanged from before the reader was shared).
            raise LoadError([problem(item.name, 1, 1, "", item.why)])
        name, path = item
        try:
            text = read_bounded(path)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(problem(name, 1, 1, "", f"cannot read: {exc}"))
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
                problem(
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
