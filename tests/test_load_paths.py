"""The loader's two readers agree: the fast C pass and the positioned round-trip pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from mcpgen.load.documents import spec_documents, spec_documents_fast

TRICKY = """\
# anchors, aliases, merge keys, block scalars and YAML 1.2 scalars
base: &base {port: 8080, path: /sse}
merged: {<<: *base, path: /mcp}
words: [yes, no, on, off, 0755, 0o755, 0x1F, 1e3, .inf, ~, null, "", 2026-01-01]
text: |
  line one
  line two
folded: >
  one
  two
---
second: document
---
"""


@pytest.mark.parametrize(
    "text",
    [*(p.read_text() for p in EXAMPLES), TRICKY],
    ids=[*(p.stem for p in EXAMPLES), "tricky"],
)
def test_fast_and_positioned_readers_give_the_same_documents(text: str) -> None:
    fast = spec_documents_fast(text)
    assert fast is not None
    slow = spec_documents(text, "x.yaml")
    assert [(start, data) for start, data, _ in fast] == [(start, data) for start, data, _ in slow]


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: !custom 1\n", "a:\n\tb: 1\n", "[unclosed"])
def test_fast_reader_declines_what_needs_a_positioned_report(text: str) -> None:
    assert spec_documents_fast(text) is None


def test_examples_are_found_in_directories(tmp_path: Path) -> None:
    from mcpgen.load import load_paths

    (tmp_path / "nested").mkdir()
    for example in EXAMPLES:
        (tmp_path / "nested" / example.name).write_text(example.read_text())
    (tmp_path / "nested" / "README.md").write_text("not yaml")
    loaded = load_paths([str(tmp_path)])
    assert len(loaded.servers) == len(EXAMPLES)


def test_an_error_under_a_merge_key_is_reported_not_crashed(tmp_path: Path) -> None:
    from mcpgen.load import LoadError, load_paths

    source = tmp_path / "merged.yaml"
    source.write_text(
        "apiVersion: mcp.mcp-operator.io/v1\n"
        "kind: MCPServer\n"
        "metadata: {name: merged}\n"
        "spec:\n"
        "  image: mcp/x:1\n"
        "  transport:\n"
        "    config:\n"
        "      http:\n"
        "        <<: {port: 70000}\n"
        "        path: /sse\n"
    )
    with pytest.raises(LoadError) as caught:
        load_paths([str(source)])
    [problem] = caught.value.problems
    assert problem.field == "spec.transport.config.http.port"
    assert problem.line == 9  # where the merge stands
    assert "65535" in problem.message
