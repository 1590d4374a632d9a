"""The event-stream parser against the WHATWG rules, and against itself re-chunked."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mcpgen.detect.sse import (
    SSE_BAD_RETRY,
    SSE_ID_NUL,
    SSE_INVALID_UTF8,
    SSE_PARTIAL_EVENT,
    SSE_STRAY_BOM,
    SSE_TOO_LARGE,
    SSE_UNKNOWN_FIELD,
    Event,
    SSEParser,
)

BOM = b"\xef\xbb\xbf"


def parse(*chunks: bytes, max_event_size: int = 1 << 20) -> tuple[list[Event], SSEParser]:
    parser = SSEParser(max_event_size)
    events = [e for chunk in chunks for e in parser.feed(chunk)]
    return events + parser.close(), parser


def codes(parser: SSEParser) -> set[str]:
    return {i.code for i in parser.issues}


def test_whatwg_stock_ticker_example_joins_data_lines() -> None:
    events, parser = parse(b"data: YHOO\ndata: +2\ndata: 10\n\n")
    assert events == [Event("message", "YHOO\n+2\n10")]
    assert parser.issues == ()


def test_whatwg_empty_data_examples() -> None:
    # The spec's own example: "" then "\n"; the last block has no blank line after it.
    events, parser = parse(b"data\n\ndata\ndata\n\ndata:")
    assert events == [Event("message", ""), Event("message", "\n")]
    assert SSE_PARTIAL_EVENT in codes(parser)


def test_whatwg_space_after_colon_is_optional() -> None:
    events, _ = parse(b"data:test\n\ndata: test\n\ndata:  two spaces\n\n")
    assert [e.data for e in events] == ["test", "test", " two spaces"]


def test_one_leading_bom_is_stripped() -> None:
    events, parser = parse(BOM + b"data: x\n\n")
    assert events == [Event("message", "x")]
    assert parser.issues == ()


def test_a_second_bom_is_data_not_whitespace() -> None:
    # Only one BOM is stripped; the second glues onto the field name, which is then unknown.
    events, parser = parse(BOM + BOM + b"data: x\n\ndata: y\n\n")
    assert events == [Event("message", "y")]
    assert SSE_STRAY_BOM in codes(parser)


def test_bom_split_across_chunks_is_still_stripped() -> None:
    events, _ = parse(BOM[:1], BOM[1:2], BOM[2:] + b"data: x\n\n")
    assert events == [Event("message", "x")]


def test_cr_only_line_ends() -> None:
    events, _ = parse(b"event: endpoint\rdata: /messages\r\rdata: b\r\r")
    assert events == [Event("endpoint", "/messages"), Event("message", "b")]


def test_crlf_split_between_chunks_is_one_line_end() -> None:
    # A CR that ends one chunk pairs with the LF that starts the next: not a blank line.
    events, _ = parse(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n")
    assert events == [Event("message", "a\nb")]


def test_retry_only_with_ascii_digits() -> None:
    _, parser = parse(b"retry: 1000x\n\n")
    assert parser.reconnection_time is None
    assert SSE_BAD_RETRY in codes(parser)
    _, parser = parse(b"retry: 1000\n\n")
    assert parser.reconnection_time == 1000
    _, parser = parse("retry: ١٢\n\n".encode())  # Arabic-Indic digits are not ASCII
    assert parser.reconnection_time is None


def test_id_with_nul_is_ignored_and_ids_persist() -> None:
    stream = b"id: 1\ndata: a\n\nid: x\x00y\ndata: b\n\ndata: c\n\nid\ndata: d\n\n"
    events, parser = parse(stream)
    assert [(e.data, e.last_event_id) for e in events] == [
        ("a", "1"),
        ("b", "1"),
        ("c", "1"),
        ("d", ""),
    ]
    assert SSE_ID_NUL in codes(parser)


def test_data_before_the_final_empty_line_is_discarded() -> None:
    events, parser = parse(b"data: complete\n\ndata: cut off\n")
    assert events == [Event("message", "complete")]
    assert SSE_PARTIAL_EVENT in codes(parser)


def test_event_without_data_dispatches_nothing_and_resets_its_type() -> None:
    events, _ = parse(b"event: endpoint\n\ndata: x\n\n")
    assert events == [Event("message", "x")]


def test_comments_and_unknown_fields() -> None:
    events, parser = parse(b": keep-alive\nfoo: bar\ndata: x\n\n")
    assert events == [Event("message", "x")]
    assert codes(parser) == {SSE_UNKNOWN_FIELD}
    assert all(i.severity == "info" for i in parser.issues)


def test_invalid_utf8_becomes_replacement_characters() -> None:
    events, parser = parse(b"data: a\xffb\xe2\x82\n\n")
    assert events == [Event("message", "a\ufffdb\ufffd")]
    assert SSE_INVALID_UTF8 in codes(parser)


def test_multibyte_character_split_across_chunks() -> None:
    raw = "data: é€😀\n\n".encode()
    events, parser = parse(*[raw[i : i + 1] for i in range(len(raw))])
    assert events == [Event("message", "é€😀")]
    assert parser.issues == ()


def test_an_oversized_event_is_dropped_and_the_next_one_still_arrives() -> None:
    big = b"data: " + b"x" * 5000 + b"\n"
    events, parser = parse(
        big[:100], big[100:], b"data: more\n\ndata: next\n\n", max_event_size=1000
    )
    assert events == [Event("message", "next")]
    assert SSE_TOO_LARGE in codes(parser)


def test_many_small_data_lines_count_toward_the_cap() -> None:
    events, parser = parse(b"data: 1234567890\n" * 200 + b"\n", max_event_size=1000)
    assert events == []
    assert SSE_TOO_LARGE in codes(parser)


def test_findings_are_reported_once_however_often_they_occur() -> None:
    _, parser = parse(b"retry: x\n" * 50)
    assert [i.code for i in parser.issues].count(SSE_BAD_RETRY) == 1


# -- an obvious transcription of the spec, to hold the incremental parser to -------------


def reference(raw: bytes) -> list[Event]:
    text = raw.decode("utf-8", "replace")
    text = text.removeprefix("\ufeff")
    lines = re.split(r"\r\n|\r|\n", text)[:-1]  # the text after the last line end is no line
    events: list[Event] = []
    data: list[str] = []
    kind = last_id = ""
    for line in lines:
        if not line:
            if data:
                events.append(Event(kind or "message", "\n".join(data), last_id))
            data, kind = [], ""
            continue
        if line.startswith(":"):
            continue
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            data.append(value)
        elif name == "event":
            kind = value
        elif name == "id" and "\0" not in value:
            last_id = value
    return events


_values = st.text(alphabet=st.sampled_from(list("ab :\x00é€😀\ufeff\t1")), max_size=6)
_line = st.one_of(
    st.builds(lambda v: f"data:{v}", _values),
    st.builds(lambda v: f"data: {v}", _values),
    st.builds(lambda v: f"event: {v}", _values),
    st.builds(lambda v: f"id: {v}", _values),
    st.builds(lambda v: f"retry: {v}", st.sampled_from(["10", "1000x", "", "7"])),
    st.builds(lambda v: f": {v}", _values),
    st.sampled_from(["", "", "data", "bogus: 1", "\ufeffdata: x"]),
)
_ending = st.sampled_from(["\n", "\r", "\r\n"])


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.tuples(_line, _ending), max_size=25))
    raw = "".join(line + end for line, end in lines).encode()
    if draw(st.booleans()):
        raw = BOM + raw
    if draw(st.booleans()):  # some invalid UTF-8 somewhere
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xe2\x82", b"\xc3"])) + raw[at:]
    if draw(st.booleans()):  # an unfinished tail
        raw += draw(st.sampled_from([b"data: tail", b"data: x\n", b"\r"]))
    return raw


def rechunk(raw: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(raw) + 1) for c in cuts})
    return [raw[a:b] for a, b in zip([0, *points], [*points, len(raw)], strict=True)]


@settings(max_examples=400, deadline=None)
@given(streams(), st.lists(st.integers(min_value=0), max_size=30))
def test_any_chunking_yields_the_same_events_as_the_spec(raw: bytes, cuts: list[int]) -> None:
    whole, whole_parser = parse(raw)
    chunked, chunked_parser = parse(*rechunk(raw, cuts))
    assert chunked == whole == reference(raw)
    assert codes(chunked_parser) == codes(whole_parser)


@settings(max_examples=100, deadline=None)
@given(streams())
def test_byte_at_a_time_matches_the_spec(raw: bytes) -> None:
    events, _ = parse(*[raw[i : i + 1] for i in range(len(raw))])
    assert events == reference(raw)
