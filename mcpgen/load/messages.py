"""Turn pydantic errors into one clear sentence each, with "did you mean"."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from mcpgen.model import types as t

_PATTERN_HELP = {
    t.DNS1123_LABEL: "must be a DNS-1123 label: lowercase letters, digits and '-', "
    "starting and ending with a letter or digit, at most 63 characters",
    t.HOSTNAME: "must be a DNS host name such as mcp.example.com (lowercase; '*.' allowed first)",
    t.IMAGE_REF: "must be an image reference such as registry.example.com/team/server:1.2.3",
    t.QUALIFIED_NAME: "must be a qualified name such as example.com/key (letters, digits, '-', "
    "'_', '.'; at most 63 characters after the prefix)",
    t.LABEL_VALUE: "must be a label value: at most 63 letters, digits, '-', '_' or '.', "
    "starting and ending with a letter or digit",
    t.IANA_SVC_NAME: "must be a port number or a port name (lowercase, at most 15 characters)",
    t.PERCENT: 'must be a whole number or a percentage such as "25%"',
    t.HTTP_PATH: "must be an HTTP path starting with '/' and without spaces",
}

_TYPE_NAMES = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "float_type": "a number",
}


# How alike two names must be (difflib's ratio, case ignored) to call one a typo of the
# other: "MCPSever", "mcp.mcp-operatr.io", "apiVerison" and "knd" are; "Server",
# "MCPServerEntry", "operator.io" and "version" are not.
NEAR = 0.85
# A value quoted in a message; past this its repr is cut (a value can be a whole list).
_VALUE_CHARS = 80
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def near(name: str, target: str) -> bool:
    """`name` is `target`, or a near miss of it (case, one or two letters)."""
    if name == target:
        return True
    a, b = name.lower(), target.lower()
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= NEAR


def shown(value: Any) -> str:
    """repr(value), cut short: a message names the value, it does not reprint it."""
    text = repr(value)
    return text if len(text) <= _VALUE_CHARS else f"{text[: _VALUE_CHARS - 5]} ...{text[-1]}"


def _closest(value: Any, allowed: list[str]) -> str | None:
    if not isinstance(value, str):
        return None
    for option in allowed:
        if option.lower() == value.lower():
            return option
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "null"
    return type(value).__name__


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The BaseModel classes an annotation can hold, through Optional/list/dict."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict):
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found


def fields_at(root: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Field aliases allowed in the mapping at `path` (empty if not a model)."""
    models = [root]
    for part in path:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for model in models:
            for name, info in model.model_fields.items():
                if part in (info.alias, name):
                    nxt.extend(_models_in(info.annotation))
        if not nxt:
            return []
        models = nxt
    return sorted({info.alias or n for m in models for n, info in m.model_fields.items()})


def describe(error: dict[str, Any], root: type[BaseModel], path: tuple[str | int, ...]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = fields_at(root, path[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        listing = f" (allowed: {', '.join(allowed)})" if allowed and not close else ""
        return f"unknown field {shown(key)}{hint}{listing}"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = _QUOTED.findall(expected)
        meant = _closest(value, options)
        if meant is None:
            return f"{shown(value)} is not allowed; allowed values: {expected}"
        others = f" (allowed values: {expected})" if len(options) > 1 else ""
        return f"{shown(value)} is not allowed; did you mean {meant!r}?{others}"
    if kind in _TYPE_NAMES:
        hint = ""
        if kind in ("int_type", "bool_type") and isinstance(value, str):
            hint = " (remove the quotes)"
        if kind == "string_type" and isinstance(value, int | float | bool):
            hint = " (quote it: Kubernetes wants a string here)"
        return f"must be {_TYPE_NAMES[kind]}, got {_kind(value)} {shown(value)}{hint}"
    if kind == "string_pattern_mismatch":
        help_ = _PATTERN_HELP.get(ctx.get("pattern", ""), "has the wrong format")
        return f"{shown(value)} {help_}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"{shown(value)} is out of range: {error['msg'].lower().removeprefix('input ')}"
    if kind in ("string_too_long", "string_too_short", "too_short", "too_long"):
        return f"{error['msg'].lower().removeprefix('input ').removeprefix('string ')}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])
