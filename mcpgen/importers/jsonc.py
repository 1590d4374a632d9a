"""JSON with comments and trailing commas (VS Code's JSONC), with the place of every value.

VS Code's own documentation shows `.vscode/mcp.json` with `//` comments and a
trailing comma, and Claude Desktop users paste from it, so a strict JSON reader
would refuse files those clients accept. The positions let every problem name
file:line:column, as the loader does for YAML.
"""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import PathKey
from mcpgen.load.documents import Positions
from mcpgen.load.limits import MAX_DEPTH

_WS = " \t\r\n\ufeff"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class JsoncError(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.pos = Positions()
        # Line starts, so an offset turns into line:column without rescanning.
        self.starts = [0] + [n + 1 for n, c in enumerate(text) if c == "\n"]

    def where(self, i: int | None = None) -> tuple[int, int]:
        at = self.i if i is None else i
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= at:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, at - self.starts[lo] + 1

    def fail(self, message: str, i: int | None = None) -> JsoncError:
        line, col = self.where(i)
        return JsoncError(line, col, message)

    def skip(self) -> None:
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            if c in _WS:
                self.i += 1
            elif text.startswith("//", self.i):
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            elif text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                if end < 0:
                    raise self.fail("a /* comment is never closed")
                self.i = end + 2
            else:
                return

    def peek(self) -> str:
        self.skip()
        return self.text[self.i] if self.i < len(self.text) else ""

    def value(self, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep")
        c = self.peek()
        self.pos.values[path] = self.where()
        if c == "{":
            return self.obj(path, depth)
        if c == "[":
            return self.arr(path, depth)
        if c == '"':
            return self.string()
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return result
        if c == "-" or c.isdigit():
            return self.number()
        if not c:
            raise self.fail("the JSON ends where a value should be")
        raise self.fail(f"unexpected {c!r} where a value should be")

    def obj(self, path: PathKey, depth: int) -> dict[str, Any]:
        self.i += 1
        out: dict[str, Any] = {}
        while True:
            c = self.peek()
            if c == "}":
                self.i += 1
                return out
            if c != '"':
                raise self.fail('expected a "key" or }')
            key_at = self.where()
            key = self.string()
            if key in out:
                raise JsoncError(*key_at, f"key {key!r} appears twice in one object")
            if self.peek() != ":":
                raise self.fail("expected : after the key")
            self.i += 1
            sub = (*path, key)
            self.pos.keys[sub] = key_at
            out[key] = self.value(sub, depth + 1)
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c != "}":
                raise self.fail("expected , or } after the value")

    def arr(self, path: PathKey, depth: int) -> list[Any]:
        self.i += 1
        out: list[Any] = []
        while True:
            if self.peek() == "]":
                self.i += 1
                return out
            out.append(self.value((*path, len(out)), depth + 1))
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c != "]":
                raise self.fail("expected , or ] after the value")

    def string(self) -> str:
        start = self.i
        self.i += 1
        parts: list[str] = []
        text = self.text
        while True:
            if self.i >= len(text):
                raise self.fail("a string is never closed", start)
            c = text[self.i]
            if c == '"':
                self.i += 1
                return "".join(parts)
            if c == "\\":
                esc = text[self.i + 1 : self.i + 2]
                if esc in _ESCAPES:
                    parts.append(_ESCAPES[esc])
                    self.i += 2
                elif esc == "u":
                    parts.append(self.unicode())
                else:
                    raise self.fail(f"bad escape \\{esc}")
            elif c == "\n" or ord(c) < 0x20:
                raise self.fail("a control character inside a string (escape it)")
            else:
                parts.append(c)
                self.i += 1

    def unicode(self) -> str:
        digits = self.text[self.i + 2 : self.i + 6]
        if len(digits) != 4 or any(d not in "0123456789abcdefABCDEF" for d in digits):
            raise self.fail("bad \\u escape")
        self.i += 6
        code = int(digits, 16)
        if 0xD800 <= code < 0xDC00 and self.text.startswith("\\u", self.i):
            low = int(self.text[self.i + 2 : self.i + 6] or "0", 16)
            if 0xDC00 <= low < 0xE000:
                self.i += 6
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
        if 0xD800 <= code < 0xE000:
            raise self.fail("a lone surrogate in a \\u escape is not text")
        return chr(code)

    def number(self) -> int | float:
        start = self.i
        text = self.text
        while self.i < len(text) and text[self.i] in "+-0123456789.eE":
            self.i += 1
        raw = text[start : self.i]
        try:
            return float(raw) if any(c in raw for c in ".eE") else int(raw)
        except ValueError:
            raise self.fail(f"bad number {raw!r}", start) from None


def parse(text: str) -> tuple[Any, Positions]:
    """The value of `text` and where each value and key stands; JsoncError if it is not JSONC."""
    reader = _Reader(text)
    data = reader.value((), 0)
    if reader.peek():
        raise reader.fail("more text after the JSON value")
    return data, reader.pos
