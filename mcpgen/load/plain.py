"""Plain YAML read in one pass of the C parser: the limits and the data together.

Both readers (specs and manifests) used to parse each text twice, once for the
limits (`limits.check_text`) and once for ruamel's composer and constructor,
which build a node per value and resolve every scalar again. Almost every real
file is plain: mappings, lists and untagged scalars, no anchors, aliases, merge
keys, tags or directives. For those, this module builds the data straight from
the same event stream the limits walk sees, with ruamel's own resolver and
constructor deciding what each distinct scalar means (cached), so the result is
what ruamel's safe loader returns.

Anything else (a duplicate key, an alias, a tag, a syntax error, a limit) gives
None, and the caller reads the text the way it always did: that path reports
the problem with its line (YML001 for a duplicate key) or builds what only it
supports. This module never reports anything itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from mcpgen.diagnostics import PathKey
from mcpgen.load.limits import Budget, Refused, c_parser, check_size, walk_events

Version = tuple[int, int]
# What a scalar means to ruamel depends only on these (and the reader's settings).
_ScalarKey = tuple[str, bool, bool]
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_NO_KEY = object()


class _NotPlain(Exception):
    """The text needs the full reader: ruamel's own composer and constructor."""


@cache
def _meaning(version: Version, text_tags: frozenset[str]) -> Callable[[_ScalarKey], Any]:
    """(value, plain, quoted) -> the constructed scalar, ruamel's answer, remembered.

    `text_tags`: tags whose values stay text (validate reads timestamps and binary as
    the strings the API server receives).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode

    yaml = YAML(typ="safe")  # only its resolver and constructor, never a parse
    yaml.version = version  # the constructor asks too (`0755` is 493 in YAML 1.1 only)
    resolver, constructor = yaml.resolver, yaml.constructor
    table: dict[_ScalarKey, Any] = {}

    def meaning(key: _ScalarKey) -> Any:
        found = table.get(key, _NO_KEY)
        if found is not _NO_KEY:
            return found
        value, plain, quoted = key
        tag = str(resolver.resolve(ScalarNode, value, (plain, quoted)))
        if tag in (_MERGE, _VALUE):
            raise _NotPlain  # `<<` and `=` keys: only the constructor's mapping code knows
        if tag in text_tags:
            found = value
        else:
            build = constructor.yaml_constructors.get(tag)
            if build is None:
                raise _NotPlain
            found = build(constructor, ScalarNode(tag, value))
        if isinstance(found, (list, dict, set, bytearray)):
            raise _NotPlain  # never shared between documents
        if len(table) < 65536:
            table[key] = found
        return found

    return meaning


def _builder(meaning: Callable[[_ScalarKey], Any]) -> tuple[list[tuple[int, Any]], Any]:
    """The documents built so far, and the function to give each event to, in order."""
    from ruamel.yaml import events as ev

    scalar, alias = ev.ScalarEvent, ev.AliasEvent
    mapping_start, sequence_start = ev.MappingStartEvent, ev.SequenceStartEvent
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    document_start = ev.DocumentStartEvent
    ignored = (ev.DocumentEndEvent, ev.StreamStartEvent, ev.StreamEndEvent)
    documents: list[tuple[int, Any]] = []  # (0-based line of the first node, data)
    # Open collections, innermost last: [container, its pending key or _NO_KEY].
    stack: list[list[Any]] = []
    first_line = [0]

    def add(value: Any, line: int) -> None:
        if not stack:  # the document's root
            documents.append((line, value))
            return
        top = stack[-1]
        container = top[0]
        if type(container) is list:
            container.append(value)
        elif top[1] is _NO_KEY:
            top[1] = value
        else:
            key = top[1]
            if key in container:
                raise _NotPlain  # a duplicate key: the full reader reports it, with its line
            container[key] = value
            top[1] = _NO_KEY

    def feed(event: Any) -> None:
        kind = type(event)
        if kind is scalar:
            if event.anchor is not None or event.ctag is not None:
                raise _NotPlain
            plain, quoted = event.implicit
            add(meaning((event.value, plain, quoted)), event.start_mark.line)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.ctag is not None:
                raise _NotPlain
            if stack:
                top = stack[-1]
                if type(top[0]) is dict and top[1] is _NO_KEY:
                    raise _NotPlain  # a mapping or a list as a key
            else:
                first_line[0] = event.start_mark.line
            stack.append([{} if kind is mapping_start else [], _NO_KEY])
        elif kind in ends:
            done = stack.pop()[0]
            add(done, first_line[0])
        elif kind is document_start:
            if event.version is not None or event.tags:
                raise _NotPlain  # `%YAML` and `%TAG` change what follows
        elif kind is alias or kind not in ignored:
            raise _NotPlain

    return documents, feed


def plain_documents(
    text: str,
    budget: Budget | None = None,
    *,
    version: Version = (1, 2),
    text_tags: frozenset[str] = frozenset(),
) -> list[tuple[int, Any]] | None:
    """(0-based line of its first node, data) of each non-empty document of `text`, as
    ruamel's safe loader reads them under `version`; None when the text is not plain
    YAML the C parser reads to its end within the limits (read it the usual way then).

    `budget` is charged only when the text is plain; on None it is as it was.
    """
    try:
        check_size(len(text))
        parser = c_parser(text)
    except (Refused, UnicodeError):
        return None
    if parser is None:
        return None
    documents, feed = _builder(_meaning(version, text_tags))
    get_event = parser.get_event

    def next_event() -> Any:
        event = get_event()
        feed(event)
        return event

    trial = Budget(budget.documents, budget.alias_nodes) if budget is not None else Budget()
    try:
        walk_events(next_event, trial, pure=False)
    except Exception:  # not plain, over a limit or not YAML: the usual reader says which
        return None
    finally:
        parser.dispose()
    if budget is not None:
        budget.documents, budget.alias_nodes = trial.documents, trial.alias_nodes
    return [(line, data) for line, data in documents if data is not None]


Mark = tuple[int, int]  # 0-based line and column


def node_positions(text: str) -> tuple[dict[PathKey, Mark], dict[PathKey, Mark]] | None:
    """Where each node starts and each scalar key stands (0-based, by path), as
    ruamel's composer marks them, from the C parser's events alone.

    A key that is a mapping or a list is skipped with its value, as the composed tree's
    walk skips it. None when the text holds an alias (its node stands where its anchor
    does: only the composer knows) or the C parser does not read it to its end.
    """
    from ruamel.yaml import events as ev

    try:
        parser = c_parser(text)
    except UnicodeError:
        return None
    if parser is None:
        return None
    scalar, alias, mapping_start = ev.ScalarEvent, ev.AliasEvent, ev.MappingStartEvent
    starts = (mapping_start, ev.SequenceStartEvent)
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    values: dict[PathKey, Mark] = {}
    keys: dict[PathKey, Mark] = {}
    # Open collections, innermost last: [path (None inside a skipped key), is a mapping,
    # a mapping's "next node is a key" / a list's next index, the mapping's pending key].
    stack: list[list[Any]] = []
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is alias:
                return None
            if kind is scalar or kind in starts:
                line = (event.start_mark.line, event.start_mark.column)
                path: PathKey | None = ()
                if stack:
                    top = stack[-1]
                    if top[0] is None:
                        path = None
                    elif not top[1]:
                        path = (*top[0], top[2])
                        top[2] += 1
                    elif top[2]:  # this node is a key
                        top[2] = False
                        if kind is scalar:
                            top[3] = str(event.value)
                            keys[(*top[0], top[3])] = line
                            continue
                        top[3], path = _NO_KEY, None  # a complex key: it and its value skipped
                    else:
                        top[2] = True
                        path = None if top[3] is _NO_KEY else (*top[0], top[3])
                if path:  # the root has no entry: callers fall back to the first line
                    values[path] = line
                if kind is not scalar:
                    is_map = kind is mapping_start
                    stack.append([path, is_map, True if is_map else 0, None])
            elif kind in ends:
                stack.pop()
            elif kind is ev.StreamEndEvent:
                return values, keys
    except Exception:  # not YAML the C parser reads: the composer says where
        return None
    finally:
        parser.dispose()
