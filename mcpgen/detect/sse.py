"""An incremental text/event-stream parser that follows the WHATWG rules to the letter.

https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

Bytes go in, in any chunking; the same events come out. Format problems become
findings (`mcpgen.diagnostics.Finding`), never exceptions, because a probe must
describe a broken server, not crash on it. Memory is bounded: a line or an event
past `max_event_size` characters is dropped, not buffered.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from mcpgen.diagnostics import Finding, Severity

# One regex pass finds line ends; CRLF is tried first so it counts as one end.
_LINE_END = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"
DEFAULT_MAX_EVENT_SIZE = 1 << 20


@dataclass(frozen=True, slots=True)
class Event:
    """A dispatched event: its type ("message" when unnamed), data, and last event ID."""

    type: str
    data: str
    last_event_id: str = ""


# Stable codes for what the parser can find in a stream.
SSE_INVALID_UTF8 = "SSE001"
SSE_UNKNOWN_FIELD = "SSE002"
SSE_BAD_RETRY = "SSE003"
SSE_ID_NUL = "SSE004"
SSE_PARTIAL_EVENT = "SSE005"
SSE_TOO_LARGE = "SSE006"
SSE_STRAY_BOM = "SSE007"


class SSEParser:
    """Feed bytes with `feed`, end with `close`; both return the events completed.

    `issues` lists each kind of problem once, in the order first seen, so a
    flood of one mistake does not flood the report.
    """

    def __init__(self, max_event_size: int = DEFAULT_MAX_EVENT_SIZE) -> None:
        self.max_event_size = max_event_size
        self.reconnection_time: int | None = None
        self.last_event_id = ""
        self._pending_bytes = b""  # an incomplete UTF-8 sequence from the last chunk
        self._started = False  # the BOM check is done once, on the first character
        self._skip_lf = False  # the last chunk ended in CR: an LF next is part of it
        self._line: list[str] = []  # the unfinished line, in pieces (no quadratic joins)
        self._line_size = 0
        self._line_dropped = False  # the unfinished line outgrew the cap
        self._data: list[str] = []
        self._data_size = 0
        self._event_type = ""
        self._event_dropped = False  # this event outgrew the cap; skip to the blank line
        self._issues: dict[str, Finding] = {}
        self._closed = False

    @property
    def issues(self) -> tuple[Finding, ...]:
        return tuple(self._issues.values())

    @property
    def has_partial_event(self) -> bool:
        return bool(
            self._line
            or self._line_dropped
            or self._data
            or self._event_type
            or self._event_dropped
        )

    def feed(self, chunk: bytes) -> list[Event]:
        if self._closed:
            raise RuntimeError("feed() after close()")
        return self._lines(self._decode(chunk, final=False))

    def close(self) -> list[Event]:
        """End of stream: an unfinished line or event is discarded, as the spec says."""
        if self._closed:
            return []
        events = self._lines(self._decode(b"", final=True))
        self._closed = True
        if self.has_partial_event:
            self._note(
                "warning",
                SSE_PARTIAL_EVENT,
                "the stream ended inside an event (no blank line after it); it was discarded",
            )
        return events

    def _note(self, level: Severity, code: str, message: str) -> None:
        self._issues.setdefault(code, Finding(code, level, message))

    def _decode(self, chunk: bytes, *, final: bool) -> str:
        data = self._pending_bytes + chunk if self._pending_bytes else chunk
        try:
            text, used = codecs.utf_8_decode(data, "strict", final)
        except UnicodeDecodeError:
            # "replace" yields one U+FFFD per maximal bad subpart, as WHATWG decoding does.
            text, used = codecs.utf_8_decode(data, "replace", final)
            self._note("warning", SSE_INVALID_UTF8, "the stream is not valid UTF-8")
        self._pending_bytes = data[used:]
        if text and not self._started:
            self._started = True
            if text[0] == _BOM:
                text = text[1:]
        return text

    def _lines(self, text: str) -> list[Event]:
        events: list[Event] = []
        if self._skip_lf and text:
            self._skip_lf = False
            if text[0] == "\n":
                text = text[1:]
        start = 0
        for match in _LINE_END.finditer(text):
            self._append(text[start : match.start()])
            if match.group() == "\r" and match.end() == len(text):
                self._skip_lf = True
            start = match.end()
            line = "".join(self._line)
            dropped = self._line_dropped
            self._line.clear()
            self._line_size = 0
            self._line_dropped = False
            if dropped:
                # The rest of this event is skipped up to its blank line.
                self._event_dropped = True
                self._data.clear()
                self._data_size = 0
                continue
            event = self._process(line)
            if event is not None:
                events.append(event)
        self._append(text[start:])
        return events

    def _append(self, piece: str) -> None:
        if not piece or self._line_dropped:
            return
        self._line_size += len(piece)
        if self._line_size + self._data_size > self.max_event_size:
            # Said now, not at the line's end: a line that never ends must not go unreported.
            self._too_large()
            self._line_dropped = True
            self._line.clear()
            return
        self._line.append(piece)

    def _too_large(self) -> None:
        self._note(
            "error",
            SSE_TOO_LARGE,
            f"an event is larger than {self.max_event_size} characters; it was dropped",
        )

    def _process(self, line: str) -> Event | None:
        if not line:
            return self._dispatch()
        if line[0] == ":":
            return None
        field, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if field == "data":
            if not self._event_dropped:
                self._data.append(value)
                self._data_size += len(value) + 1
        elif field == "event":
            self._event_type = value
        elif field == "id":
            if "\0" in value:
                self._note("warning", SSE_ID_NUL, "an `id` field contains NUL; it was ignored")
            else:
                self.last_event_id = value
        elif field == "retry":
            if value.isascii() and value.isdigit():
                self.reconnection_time = int(value)
            else:
                self._note(
                    "warning",
                    SSE_BAD_RETRY,
                    f"`retry: {value[:40]}` is not ASCII digits; it was ignored",
                )
        elif field.startswith(_BOM):
            self._note(
                "warning",
                SSE_STRAY_BOM,
                "a byte order mark inside the stream (only one, at the very start, is allowed) "
                "hid a field name",
            )
        else:
            self._note("info", SSE_UNKNOWN_FIELD, f"unknown field `{field[:40]}` was ignored")
        return None

    def _dispatch(self) -> Event | None:
        # No data line at all means an empty data buffer: nothing is dispatched.
        # One empty `data:` line is different: it dispatches an event with data "".
        dispatch = bool(self._data) and not self._event_dropped
        data = "\n".join(self._data)
        event_type = self._event_type or "message"
        self._data.clear()
        self._data_size = 0
        self._event_type = ""
        self._event_dropped = False
        return Event(event_type, data, self.last_event_id) if dispatch else None
