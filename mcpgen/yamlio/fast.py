"""The two YAML steps of every render, without ruamel: emitting, and reading template text.

`emit` writes exactly the bytes ruamel's C emitter (libyaml) writes with mcpgen's
settings (see `emit._dumper`): it is libyaml's scalar analysis and style choice
ported rule for rule, over the shapes rendered documents have (mappings with
string keys, lists, strings, ints, bools, null). Whatever it was not built for
(floats, shared objects that ruamel would anchor, keys libyaml writes as `? `,
strings long enough to be folded, `|+` block scalars) raises `Unsupported`, and
the caller hands the whole document to ruamel: so the output is ruamel's in
every case, and only the speed differs. tests/test_fast_yaml.py proves the bytes
equal on every golden document and on many random hostile ones.

`read_templated` reads what the templates produce: block mappings whose keys
are plain words and whose values are the `y` filter's JSON (valid YAML flow),
a plain word, or a nested block mapping. JSON is read by the C json module.
Anything else (a sequence, a comment, a quoted key, a float, a duplicate key)
raises `Unsupported`, and the caller parses the text with ruamel instead.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any


class Unsupported(Exception):
    """Outside what this module reproduces exactly: use ruamel for this document."""


# --- Implicit resolution: ruamel.yaml.resolver's tables, copied verbatim. ---------------
# (first characters, pattern) per tag; a plain scalar that one of them matches is
# not a string for that YAML version.
_RESOLVERS_11 = (
    (
        "yYnNtTfFoO",
        r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO
        |true|True|TRUE|false|False|FALSE
        |on|On|ON|off|Off|OFF)$""",
    ),
    (
        "-+0123456789.",
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*  # sexagesimal float
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    ),
    (
        "-+0123456789",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0?[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    ),
)
_RESOLVERS_12 = (
    ("tTfF", r"""^(?:true|True|TRUE|false|False|FALSE)$"""),
    (
        "-+0123456789.",
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    ),
    (
        "-+0123456789",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    ),
)
_RESOLVERS_BOTH = (
    ("<", r"^(?:<<)$"),
    ("~nN", r"""^(?: ~ |null|Null|NULL | )$"""),
    (
        "0123456789",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    ),
    ("=", r"^(?:=)$"),
    ("!&*", r"^(?:!|&|\*)$"),
)


def _table(*groups: tuple[tuple[str, str], ...]) -> dict[str, list[re.Pattern[str]]]:
    table: dict[str, list[re.Pattern[str]]] = {}
    for group in groups:
        for first, pattern in group:
            compiled = re.compile(pattern, re.X)
            for char in first:
                table.setdefault(char, []).append(compiled)
    return table


_TABLE_11 = _table(_RESOLVERS_11, _RESOLVERS_BOTH)
_TABLE_12 = _table(_RESOLVERS_12, _RESOLVERS_BOTH)


def _resolves(table: dict[str, list[re.Pattern[str]]], value: str) -> bool:
    if not value:
        return True  # the empty plain scalar is null in both versions
    return any(p.match(value) for p in table.get(value[0], ()))


# --- libyaml's scalar analysis (emitter.c, yaml_emitter_analyze_scalar) ------------------
_BREAKS = frozenset("\r\n\x85\u2028\u2029")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
# What emit._dumper asks for: the double-quoted style for these, whatever libyaml thinks.
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Strings libyaml would write plain in any block context, if the resolvers agree: no
# indicator anywhere, no space at either end or before `#` or after `:`.
_EASY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+=@%()-]*(?: [A-Za-z0-9._/+=@%()-]+)*\Z")
_LONGEST = 4096  # far below libyaml's fold width (65536 columns), whatever the indent


def _printable(char: str) -> bool:
    code = ord(char)
    return (
        code == 0x0A
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
    )


class _Analysis:
    __slots__ = ("block", "block_plain", "multiline", "single")

    def __init__(self, text: str) -> None:
        if not text:
            self.multiline, self.block_plain, self.single, self.block = False, True, True, False
            return
        block_indicators = text.startswith(("---", "..."))
        special = line_breaks = False
        leading_space = leading_break = trailing_space = trailing_break = False
        break_space = space_break = previous_space = previous_break = False
        preceded_by_ws = True
        last = len(text) - 1
        for i, char in enumerate(text):
            # The byte after the last is the NUL ending the C buffer: whitespace.
            followed_by_ws = i == last or text[i + 1] in " \t\0" or text[i + 1] in _BREAKS
            if i == 0:
                if char in _FIRST_INDICATORS:
                    block_indicators = True
                elif char in "?:":
                    block_indicators = block_indicators or followed_by_ws
                elif char == "-" and followed_by_ws:
                    block_indicators = True
            elif char == ":":
                block_indicators = block_indicators or followed_by_ws
            elif char == "#" and preceded_by_ws:
                block_indicators = True
            if not _printable(char):
                special = True
            if char in _BREAKS:
                line_breaks = True
            if char == " ":
                leading_space = leading_space or i == 0
                trailing_space = trailing_space or i == last
                break_space = break_space or previous_break
                previous_space, previous_break = True, False
            elif char in _BREAKS:
                leading_break = leading_break or i == 0
                trailing_break = trailing_break or i == last
                space_break = space_break or previous_space
                previous_space, previous_break = False, True
            else:
                previous_space = previous_break = False
            preceded_by_ws = char in " \t\0" or char in _BREAKS
        block_plain = single = block = True
        if leading_space or leading_break or trailing_space or trailing_break:
            block_plain = False
        if trailing_space:
            block = False
        if break_space:
            block_plain = single = False
        if space_break or special:
            block_plain = single = block = False
        if line_breaks:
            block_plain = False
        if block_indicators:
            block_plain = False
        self.multiline = line_breaks
        self.block_plain = block_plain
        self.single = single
        self.block = block


_ESCAPES = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\t": "t",
    "\n": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\u2028": "L",
    "\u2029": "P",
}


def _double_quoted(text: str) -> str:
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append("\\" + _ESCAPES[char])
        elif not _printable(char):
            code = ord(char)
            if code <= 0xFF:
                out.append(f"\\x{code:02X}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04X}")
            else:
                out.append(f"\\U{code:08X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _literal(text: str, indent: int) -> str:
    """`|` with libyaml's hints, the lines at `indent`; empty lines carry no spaces."""
    hints = "|"
    if text[0] == " " or text[0] in _BREAKS:
        hints += "2"
    if text[-1] not in _BREAKS:
        hints += "-"
    elif len(text) == 1 or text[-2] in _BREAKS:
        raise Unsupported("keep: libyaml ends the document open")
    pad = " " * indent
    body = text[:-1] if text[-1] == "\n" else text
    lines = [(pad + line) if line else "" for line in body.split("\n")]
    return hints + "\n" + "\n".join(lines)


@lru_cache(maxsize=16384)  # names, labels and images recur across documents
def _scalar(text: str, key: bool, indent: int) -> str:
    """How libyaml writes the string `text` as a block mapping key or as a value."""
    if len(text) > _LONGEST:
        raise Unsupported("long enough that libyaml might fold it")
    quoted = _NEEDS_ESCAPE.search(text) is not None or _resolves(_TABLE_11, text)
    if _EASY.match(text):
        if quoted:
            return f'"{text}"'
        return f"'{text}'" if _resolves(_TABLE_12, text) else text
    literal = (
        not quoted and "\n" in text and text == text.strip(" ") and "\t" not in text
    )  # emit._dumper asks for `|` for these
    info = _Analysis(text)
    if key and (info.multiline or len(text.encode("utf-8")) > 128):
        raise Unsupported("libyaml writes this key as a complex key")
    if quoted:
        return _double_quoted(text)
    if literal:
        if info.block and not key:
            return _literal(text, indent)
        return _double_quoted(text)
    if info.block_plain and not _resolves(_TABLE_12, text) and (text or not key):
        return text
    if info.single:
        if info.multiline:
            raise Unsupported("a multi-line single-quoted scalar")
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


def _value(value: Any, indent: int) -> str:
    """A scalar value (as written after `key: ` or `- `), for the value's content indent."""
    if type(value) is str:  # a str subclass may have a representer of its own
        return _scalar(value, False, indent)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    raise Unsupported(type(value).__name__)


def _mapping(
    data: dict[Any, Any], indent: int, out: list[str], seen: set[int], inline: bool
) -> None:
    pad = " " * indent
    for key, value in data.items():
        if type(key) is not str:
            raise Unsupported("a key that is not a string")
        head = _scalar(key, True, indent)
        if inline:
            out.append(head)
            inline = False
        else:
            out.append(f"\n{pad}{head}")
        # Exact types: ruamel writes subclasses (OrderedDict: !!omap) its own way.
        if type(value) is dict:
            _container(value, seen)
            if value:
                out.append(":")
                _mapping(value, indent + 2, out, seen, False)
            else:
                out.append(": {}")
            continue
        if type(value) is list:
            _container(value, seen)
            if value:
                out.append(":")
                _sequence(value, indent, out, seen, False)  # flush with its key
            else:
                out.append(": []")
            continue
        out.append(": " + _value(value, indent + 2))


def _sequence(items: list[Any], indent: int, out: list[str], seen: set[int], inline: bool) -> None:
    pad = " " * indent
    for item in items:
        if inline:
            out.append("- ")
            inline = False
        else:
            out.append(f"\n{pad}- ")
        if type(item) is dict:
            _container(item, seen)
            if item:
                _mapping(item, indent + 2, out, seen, True)
            else:
                out.append("{}")
        elif type(item) is list:
            _container(item, seen)
            if item:
                _sequence(item, indent + 2, out, seen, True)
            else:
                out.append("[]")
        else:
            out.append(_value(item, indent + 2))


def _container(value: dict[Any, Any] | list[Any], seen: set[int]) -> None:
    # ruamel anchors an object met twice (&id001 / *id001): that is ruamel's to write.
    if id(value) in seen:
        raise Unsupported("a shared object")
    seen.add(id(value))


def emit(document: Any) -> str:
    """`document` (a mapping) as ruamel's C emitter writes it with emit._dumper's settings."""
    if type(document) is not dict or not document:
        raise Unsupported("not a non-empty mapping")
    out: list[str] = []
    _mapping(document, 0, out, {id(document)}, True)
    out.append("\n")
    return "".join(out)


# --- Reading template output -------------------------------------------------------------
# `key:` or `key: value` at some indent; keys are the templates' own camelCase words.
_LINE = re.compile(r"( *)([A-Za-z][A-Za-z0-9]*):(?: (.*))?\Z")
# Words a template writes bare (`kind: Deployment`, `apiVersion: apps/v1`): strings to
# both YAML versions once the resolvers have had their say.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9./-]*\Z")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\Z")
_KEYWORDS: dict[str, Any] = {"true": True, "false": False, "null": None}
# A lone surrogate the `y` filter escaped: json and ruamel may read it differently.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_FLOW_KEY_MAX = 1024  # YAML's limit on an implicit key, which ruamel enforces in flow


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise Unsupported("a duplicate key")  # ruamel refuses it
    if pairs and max(len(key) for key, _ in pairs) > _FLOW_KEY_MAX:
        raise Unsupported("a key longer than YAML allows")
    return data


def _no_float(text: str) -> Any:
    raise Unsupported("a float")  # YAML 1.2 and JSON agree on few spellings of them


_decoder = json.JSONDecoder(
    object_pairs_hook=_object, parse_float=_no_float, parse_constant=_no_float
)


def _flow(text: str) -> Any:
    if _SURROGATE_ESCAPE.search(text):
        raise Unsupported("a lone surrogate")
    try:
        return _decoder.decode(text)
    except ValueError:
        raise Unsupported("not JSON") from None


def _plain_value(text: str) -> Any:
    if text[0] in '{["':
        return _flow(text)
    if text in _KEYWORDS:
        return _KEYWORDS[text]
    if _NUMBER.match(text):
        return int(text)
    if _WORD.match(text) and not _resolves(_TABLE_12, text):
        return text
    raise Unsupported(f"a plain scalar: {text!r}")


def read_templated(text: str) -> dict[str, Any] | None:
    """The one document a template rendered (None for blank text), read as ruamel would."""
    root: dict[str, Any] = {}
    # (indent of the mapping's keys, the mapping); -1: not known until its first key
    stack: list[list[Any]] = [[0, root]]
    opened = False  # the last key had no value: a nested mapping must follow
    for line in text.split("\n"):
        if not line.strip(" "):
            continue
        match = _LINE.match(line)
        if match is None:
            raise Unsupported(f"a line of another shape: {line[:40]!r}")
        spaces, key, rest = match.groups()
        indent = len(spaces)
        if opened:
            if indent <= stack[-2][0]:
                raise Unsupported("a key with no value")  # null, in YAML
            stack[-1][0] = indent
            opened = False
        while indent < stack[-1][0]:
            stack.pop()
        top = stack[-1]
        if indent != top[0]:
            raise Unsupported("an indent that matches no mapping")
        mapping = top[1]
        if key in mapping or key in _KEYWORDS or _resolves(_TABLE_12, key):
            raise Unsupported(f"key {key!r}: a duplicate, or not a string")
        if rest is None or rest == "":
            if rest == "":
                raise Unsupported("`key: ` with nothing after")
            child: dict[str, Any] = {}
            mapping[key] = child
            stack.append([-1, child])
            opened = True
            continue
        mapping[key] = _plain_value(rest)
    if opened:
        raise Unsupported("a key with no value at the end")
    return root or None
