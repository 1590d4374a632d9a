"""The one-pass plain reader (mcpgen.load.plain) reads what ruamel's safe loader reads.

Or it says None and leaves the text to the readers that report problems with
their lines: checked on every file of the repository, on random documents full
of YAML's special characters written in every style, and on the cases it must
leave alone (duplicate keys above all: still YML001 with the line).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fast_yaml import documents, keys

from mcpgen.load.limits import Budget
from mcpgen.load.plain import plain_documents
from mcpgen.yamlio.emit import ruamel_dump

ROOT = Path(__file__).resolve().parent.parent
TEXT_TAGS = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"})
READERS = {"spec (1.2)": {}, "manifest (1.1)": {"version": (1, 1), "text_tags": TEXT_TAGS}}


@cache
def _loader(version: tuple[int, int], text_tags: frozenset[str]) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class Constructor(SafeConstructor):
        pass

    for tag in text_tags:
        Constructor.add_constructor(tag, lambda c, node: c.construct_scalar(node))
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = Constructor
    yaml.version = version
    return yaml


def _ruamel(text: str, version: tuple[int, int], text_tags: frozenset[str]) -> list[Any] | None:
    try:
        return [d for d in _loader(version, text_tags).load_all(text) if d is not None]
    except Exception:
        return None


def _agrees(text: str, **options: Any) -> bool:
    """plain_documents gives ruamel's data, types included, or None."""
    got = plain_documents(text, **options)
    if got is None:
        return True
    expected = _ruamel(text, options.get("version", (1, 2)), options.get("text_tags", frozenset()))
    return expected is not None and repr([data for _, data in got]) == repr(expected)


REPO_FILES = sorted(
    p
    for folder in ("examples", "tests", "charts", "schemas")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".yaml", ".yml") and p.is_file()
)


@pytest.mark.parametrize("reader", READERS)
def test_every_yaml_file_of_the_repository(reader: str) -> None:
    plain = 0
    for path in REPO_FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _agrees(text, **READERS[reader]), path
        plain += plain_documents(text, **READERS[reader]) is not None
    assert plain > len(REPO_FILES) // 2  # the fast path is the common one


SCALARS = [
    "yes", "no", "on", "off", "y", "n", "true", "True", "FALSE", "null", "Null", "~", "",
    "0755", "0o755", "0x1F", "0b101", "1_000", "1:20", "190:20:30.15", "1.5", ".5", "+.5",
    ".inf", "-.Inf", ".nan", "1e3", "1E3", "12e03", "+1", "-0", "2020-01-01",
    "2020-01-01T10:00:00Z", "2001-12-14 21:59:43.10 -5", "=", "<<", "a b", "x: y",
]  # fmt: skip


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("value", SCALARS)
def test_each_scalar_in_every_style_and_place(reader: str, value: str) -> None:
    for layout in ("k: {}\n", "- {}\n", "{}: v\n", "k: '{}'\n", 'k: "{}"\n', "{}\n", "[{}]\n"):
        assert _agrees(layout.format(value), **READERS[reader])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, documents, min_size=1, max_size=5), st.sampled_from(sorted(READERS)))
def test_random_documents(document: dict[str, Any], reader: str) -> None:
    text = ruamel_dump(document)
    assert _agrees(text, **READERS[reader])
    assert _agrees(f"---\n{text}---\n{text}", **READERS[reader])


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key: the full reader says YML001, with the line
        "a: {b: 1, b: 2}\n",
        "1: a\n1.0: b\n",  # equal once read
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "<<: {a: 1}\nb: 2\n",  # merge keys
        "a: !!str 1\n",  # tags
        "%YAML 1.1\n---\na: 0755\n",  # directives
        "? [a]\n: 1\n",  # a list as a key
        "a: [1\n",  # not YAML
        "a:\n" + "  - " * 120 + "x\n",  # over MAX_DEPTH
    ],
)
def test_what_it_leaves_to_the_full_readers(text: str) -> None:
    budget = Budget()
    assert plain_documents(text, budget) is None
    assert budget == Budget()  # a text it leaves is charged by the reader that reads it


def test_duplicate_keys_are_still_reported_with_their_line(tmp_path: Path) -> None:
    from mcpgen.validate.manifests import read_text

    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"
    source = read_text(text, "cm.yaml")
    assert [(f.code, f.line) for f in source.problems] == [("YML001", 5)]
    assert not source.resources


def test_lines_are_those_of_the_documents() -> None:
    got = plain_documents("# c\n---\na: 1\n---\n\n- x\n---\n")
    assert got == [(2, {"a": 1}), (5, ["x"])]


def _composed_lines(text: str) -> tuple[dict[Any, int], dict[Any, int]]:
    """Where validate's composer walk puts every node and key (1-based)."""
    from mcpgen.load import documents

    pos = documents.Positions()
    node = documents.manifest_yaml().compose(text)
    if node is not None:
        documents._walk(node, (), 0, pos)
    return pos.values, pos.keys


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n? [x]\n: {b: 2}\nc: [1, {d: 3}]\n",  # a complex key is skipped with its value
        "<<: {a: 1}\nb: 2\n",
        "a: 1\na: 2\n",
        "- - x\n  - y\n- {a: [b]}\n",
        "x\n",
        "a: !!str 1\nb: !foo {c: 1}\n",
        "# c\n\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
        "      - name: a\n        args: [x,\n          y]\n",
    ],
)
def test_node_positions_are_the_composers(text: str) -> None:
    from mcpgen.load.plain import node_positions

    lines = node_positions(text)
    assert lines is not None
    values, keys = ({path: (n + 1, c + 1) for path, (n, c) in table.items()} for table in lines)
    assert (values, keys) == _composed_lines(text)


def test_node_positions_leave_aliases_to_the_composer() -> None:
    from mcpgen.load.plain import node_positions

    assert node_positions("a: &x {b: 1}\nc: *x\n") is None
    assert node_positions("a: [1\n") is None


@pytest.mark.parametrize("path", REPO_FILES[::7], ids=lambda p: str(p.relative_to(ROOT)))
def test_node_positions_of_repository_files(path: Path) -> None:
    from mcpgen.load.documents import split_documents
    from mcpgen.load.plain import node_positions

    for _, chunk in split_documents(path.read_text(encoding="utf-8", errors="replace")):
        lines = node_positions(chunk)
        if lines is None or not chunk.strip():
            continue
        try:
            expected = _composed_lines(chunk)
        except Exception:
            continue
        assert (
            {p: (n + 1, c + 1) for p, (n, c) in lines[0].items()},
            {p: (n + 1, c + 1) for p, (n, c) in lines[1].items()},
        ) == expected
