"""How much YAML mcpgen reads, checked before anything is built from it.

Every command that reads YAML goes through `check_text` (and `check_size` for a
file before it is read). The check walks the parser's event stream, which
needs no recursion and builds no objects, so a hostile file is refused before
the composer (C code that recurses once per nesting level and segfaults near
30,000) or any recursive walk of the result (Python's limit is about 1,000
frames) sees it, and before aliases are expanded by anything that visits the
data (pydantic, the positioned reader, JSON Schema, the output).

Aliases are counted expanded: an alias adds every node of what it names, and
reaches as deep as that node goes, so nine aliases of nine aliases of ... are
refused on the count they would become, not on the few dozen they are in the text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The limits, per file. Each is far above any real manifest or spec: a
# Kubernetes object is at most ~1.5 MiB (etcd's request limit), mcpgen's own CRD
# nests 20 deep, and a `<<: *base` merge adds a handful of nodes.
MAX_BYTES = 16 * 1024 * 1024
"""Size of one file (or stdin), in bytes."""
MAX_DOCUMENTS = 10_000
"""YAML documents in one file."""
MAX_DEPTH = 100
"""Mappings and lists nested in one another, aliases expanded; keeps every recursive
walk (the composer, pydantic, JSON) well inside Python's recursion limit."""
MAX_ALIAS_NODES = 100_000
"""Nodes that aliases add, all documents of one file together."""

# What validate prints: one finding's text, and findings per file.
MAX_MESSAGE_CHARS = 500
MAX_FINDINGS_PER_FILE = 200

_SURROGATE = re.compile("[\ud800-\udfff]")
_FIX_LIMIT = "split the file or write out what the aliases repeat (limits: mcpgen/load/limits.py)"


class Refused(Exception):
    """The text is over a limit, or holds what is not text; nothing was built from it."""

    def __init__(self, line: int, column: int, message: str, fix: str = _FIX_LIMIT) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line  # 1-based
        self.column = column
        self.message = message
        self.fix = fix


@dataclass(slots=True)
class Budget:
    """What one file has used so far; shared by its documents when they are read apart."""

    documents: int = 0
    alias_nodes: int = 0


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise Refused(
            1, 1, f"the file has {size:,} bytes, over the limit MAX_BYTES = {MAX_BYTES:,}"
        )


def read_bounded(path: Path | None) -> str:
    """The text of `path` (stdin for None); Refused when it is over MAX_BYTES, which is
    known before reading a file and after at most MAX_BYTES + 1 characters of stdin."""
    if path is None:
        text = sys.stdin.read(MAX_BYTES + 1)
        check_size(len(text))
        return text
    check_size(path.stat().st_size)
    return path.read_text(encoding="utf-8")


def check_text(text: str, budget: Budget | None = None) -> bool:
    """Raise Refused when `text` is over a limit. True when the C parser read it all.

    When the C parser refuses the text, the pure-Python parser (the one behind the
    positioned round-trip reader) is walked instead, so its reading is bounded too;
    it also refuses a lone surrogate escape ("\\ud800"), which it would accept and
    nothing downstream can print. A syntax error just ends the walk: every reader
    stops at the same event, after the part that was checked.
    """
    budget = budget if budget is not None else Budget()
    check_size(len(text))  # characters: at most the bytes, and what memory holds
    try:
        parser = c_parser(text)  # it encodes the text first: a raw surrogate fails here
    except UnicodeError:
        parser = None
    if parser is not None:
        try:
            walk_events(parser.get_event, budget, pure=False)
            return True
        except Refused:
            raise
        except Exception:  # the C parser refuses this text; the pure one says why
            pass
        finally:
            parser.dispose()
    from ruamel.yaml import YAML

    events = YAML(typ="rt").parse(text)
    try:
        walk_events(events.__next__, budget, pure=True)
    except Refused:
        raise
    except Exception:  # a syntax error: the reader reports it, with its position
        pass
    finally:
        events.close()
    return False


def c_parser(text: str) -> Any:
    """libyaml's parser (tens of times faster than the pure one); None where ruamel was
    installed without it, and every reader then uses the pure parser."""
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # untyped C
    except ImportError:
        return None
    return CParser(text)


def walk_events(next_event: Callable[[], Any], budget: Budget, *, pure: bool) -> None:
    from ruamel.yaml import events as ev

    scalar, alias = ev.ScalarEvent, ev.AliasEvent
    starts = (ev.MappingStartEvent, ev.SequenceStartEvent)
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    document, stream_end = ev.DocumentStartEvent, ev.StreamEndEvent
    # One frame per open collection: [anchor, level, nodes at its start, deepest level
    # reached inside it]. `sizes`: anchor -> (nodes, height) of what it names.
    stack: list[list[Any]] = []
    sizes: dict[str, tuple[int, int]] = {}
    nodes = 0
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar:
            nodes += 1
            if event.anchor is not None:
                sizes[event.anchor] = (1, 0)
            if pure and not event.value.isascii() and _SURROGATE.search(event.value):
                raise _surrogate(event)
        elif kind in starts:
            nodes += 1
            level = len(stack) + 1
            if level > MAX_DEPTH:
                raise _too_deep(event)
            stack.append([event.anchor, level, nodes, level])
        elif kind in ends:
            anchor, level, start, reach = stack.pop()
            if anchor is not None:
                sizes[anchor] = (nodes - start + 1, reach - level + 1)
            if stack and reach > stack[-1][3]:
                stack[-1][3] = reach
        elif kind is alias:
            count, height = sizes.get(event.anchor, (1, 0))
            nodes += count
            budget.alias_nodes += count
            if budget.alias_nodes > MAX_ALIAS_NODES:
                raise Refused(
                    *_at(event),
                    f"aliases expand to more than MAX_ALIAS_NODES = {MAX_ALIAS_NODES:,} "
                    "nodes in this file (an alias bomb?)",
                )
            reach = len(stack) + height
            if reach > MAX_DEPTH:
                raise _too_deep(event, f" once alias *{event.anchor} is expanded")
            if stack and reach > stack[-1][3]:
                stack[-1][3] = reach
        elif kind is document:
            sizes.clear()  # anchors belong to their document
            budget.documents += 1
            if budget.documents > MAX_DOCUMENTS:
                raise Refused(*_at(event), f"more than MAX_DOCUMENTS = {MAX_DOCUMENTS:,} documents")
        elif kind is stream_end:
            return


def _at(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _too_deep(event: Any, how: str = "") -> Refused:
    return Refused(
        *_at(event),
        f"mappings and lists nest deeper than MAX_DEPTH = {MAX_DEPTH} levels here{how}",
    )


def _surrogate(event: Any) -> Refused:
    found = _SURROGATE.search(event.value)
    code = f"\\u{ord(found.group()):04x}" if found else "a surrogate"
    return Refused(
        *_at(event),
        f"invalid YAML: {code} is half of a UTF-16 surrogate pair, not a character",
        "write the character itself, or its \\U escape (\\U0001F600, not \\ud83d\\ude00)",
    )
