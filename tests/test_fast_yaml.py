"""The fast YAML paths equal ruamel's, byte for byte and value for value.

`yamlio.fast.emit` must write exactly what ruamel's emitter writes (or refuse, and
leave the document to ruamel); `yamlio.fast.read_templated` must read exactly what
ruamel reads from template output (or refuse). Checked on every golden document,
on random documents full of YAML's special characters, and on the template text
of hypothesis-generated specs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_properties import HOSTILE, servers

from conftest import GOLDEN
from mcpgen.model import MCPServer
from mcpgen.render import render_server, to_stream
from mcpgen.render.order import sort_key
from mcpgen.render.templating import TEMPLATES, needed, render_template
from mcpgen.rules import build_plan
from mcpgen.yamlio.emit import dump, parse, parse_all, ruamel_dump
from mcpgen.yamlio.fast import Unsupported, emit, read_templated

GOLDEN_FILES = sorted(GOLDEN.rglob("*.yaml"))


def _same(document: Any) -> bool:
    """emit() writes ruamel's bytes, or says it cannot."""
    try:
        fast = emit(document)
    except Unsupported:
        return True
    return fast == ruamel_dump(document)


@pytest.mark.parametrize("golden", GOLDEN_FILES, ids=lambda p: str(p.relative_to(GOLDEN)))
def test_every_golden_document_is_emitted_exactly_and_without_fallback(golden: Path) -> None:
    text = golden.read_text(encoding="utf-8")
    documents = [d for d in parse_all(text) if d is not None]
    assert documents
    for document in documents:
        assert emit(document) == ruamel_dump(document)  # no Unsupported on real output
    assert to_stream(documents) == text


scalar_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join),
    st.text(max_size=20),  # surrogates and astral characters too
    st.text(st.sampled_from("ab :#-?,[]{}\n\t'\"\\|>&*!%@`.09 \x85\u2028\xa0é😀~=<"), max_size=12),
)
scalars = st.one_of(scalar_text, st.integers(-(10**20), 10**20), st.booleans(), st.none())
keys = st.one_of(st.from_regex(r"\A[a-z][a-zA-Z0-9./-]{0,20}\Z"), scalar_text)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, documents, min_size=1, max_size=5))
def test_random_documents_are_emitted_exactly(document: dict[str, Any]) -> None:
    assert _same(document)
    assert dump(document) == ruamel_dump(document)


@pytest.mark.parametrize("value", HOSTILE)
def test_each_hostile_string_as_key_and_value(value: str) -> None:
    for document in (
        {"k": value},
        {value: "v"},
        {"a": {"b": [value, {"c": value}]}},
        {"a": [[value]]},
        {"a": [{value: [value]}]},
    ):
        assert _same(document)


def test_what_it_refuses_goes_to_ruamel() -> None:
    from collections import OrderedDict

    shared = {"a": 1}
    refused: list[dict[Any, Any]] = [
        {"f": 1.5},
        {"a": shared, "b": shared},
        {1: "int key"},
        {"k": "x" * 5000},
        {"o": OrderedDict(a=1)},  # ruamel writes it as !!omap
    ]
    for document in refused:
        with pytest.raises(Unsupported):
            emit(document)
        assert dump(document) == ruamel_dump(document)


def _template_texts(server: MCPServer) -> list[str]:
    resolved = build_plan(server)
    return [
        render_template(name, {"plan": resolved}) for name in TEMPLATES if needed(name, resolved)
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(servers())
def test_template_output_is_read_as_ruamel_reads_it(raw: dict[str, Any]) -> None:
    for text in _template_texts(MCPServer.model_validate(raw)):
        if not text.strip():
            continue
        expected = parse(text)
        try:
            fast = read_templated(text)
        except Unsupported:
            continue
        assert fast == expected
        assert repr(fast) == repr(expected)  # the same types too: 1 is not True

    # And what users get is ruamel's text, document for document.
    server = MCPServer.model_validate(raw)
    docs = sorted(render_server(server).documents, key=sort_key)
    assert to_stream(list(docs)) == "".join(f"---\n{ruamel_dump(d)}" for d in docs)


def test_examples_and_providers_take_the_fast_read() -> None:
    from test_providers import CASES, provider_server

    from mcpgen.load import load_paths

    examples = [x.server for x in load_paths([str(GOLDEN.parent.parent / "examples")]).servers]
    for server in [*examples, *(provider_server(p, q) for p, q in CASES)]:
        for text in _template_texts(server):
            assert read_templated(text) == parse(text)  # no Unsupported: the fast path is used


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: 1.5\n",  # float
        "a:\nb: 1\n",  # null value
        "- a\n",  # sequence
        "a: b # c\n",  # comment
        "a: {b: c}\n",  # YAML flow, not JSON
        'a: {"b": 1, "b": 2}\n',  # duplicate JSON key
        "true: 1\n",  # a bool key
        "a: .5\n",
        "a: 0o17\n",
        '  a: "x"\n b: 1\n',
        "a: '\\ud800'\n",
        'a: "\\ud800"\n',
    ],
)
def test_read_templated_refuses_what_it_does_not_reproduce(text: str) -> None:
    with pytest.raises(Unsupported):
        read_templated(text)
