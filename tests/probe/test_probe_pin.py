"""`--write-spec`: the pin changes one line and keeps everything else byte for byte."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from mcpgen.probe.pin import (
    PinError,
    check_spec,
    pin_protocol,
    pin_transport,
    required_capabilities,
)

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_example_changes_by_its_protocol_line_only(example: Path, tmp_path: Path) -> None:
    target = tmp_path / example.name
    shutil.copy(example, target)
    before = target.read_text()
    current = "sse" if "protocol: sse" in before else "streamable-http"
    other = "streamable-http" if current == "sse" else "sse"
    assert pin_protocol(target, other)
    lines = changed_lines(before, target.read_text())
    was = "auto" if "protocol: auto" in before else current
    # A spec that names no protocol (the stdio example) gets the line added.
    removed = [f"-protocol: {was}"] if "protocol:" in before else []
    assert [line[0] + line[1:].strip() for line in lines] == [*removed, f"+protocol: {other}"]


def test_pinning_the_value_already_there_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text("kind: MCPServer\nspec:\n  transport:\n    protocol: sse  # pinned\n")
    before = target.stat().st_mtime_ns
    assert pin_protocol(target, "sse") is False
    assert target.stat().st_mtime_ns == before


def test_a_missing_transport_is_added_after_what_runs(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text(
        "kind: MCPServer  # ours\n"
        "spec:\n"
        "  image: x:1\n"
        "  args:\n"
        "    - --port\n"
        '    - "8000"\n'
        "  service:\n"
        "    port: 80\n"
    )
    assert pin_protocol(target, "streamable-http")
    assert target.read_text() == (
        "kind: MCPServer  # ours\n"
        "spec:\n"
        "  image: x:1\n"
        "  args:\n"
        "    - --port\n"
        '    - "8000"\n'
        "  transport:\n"
        "    protocol: streamable-http\n"
        "  service:\n"
        "    port: 80\n"
    )


def test_only_the_mcpserver_document_of_a_multi_document_file_is_touched(
    tmp_path: Path,
) -> None:
    text = (
        "# a comment before the first marker\n"
        "---\n"
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata: {name: 'keep',   odd:   spacing}\n"
        "---\n"
        "# the server\n"
        "kind: MCPServer\n"
        "spec:\n"
        "  transport: {protocol: auto}\n"
        "...\n"
    )
    target = tmp_path / "s.yaml"
    target.write_text(text)
    assert pin_protocol(target, "sse")
    lines = changed_lines(text, target.read_text())
    assert lines == ["-  transport: {protocol: auto}", "+  transport: {protocol: sse}"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kind: ConfigMap\n", "no MCPServer document"),
        ("kind: MCPServer\nspec: {}\n---\nkind: MCPServer\nspec: {}\n", "2 MCPServer documents"),
        ("kind: MCPServer\nspec: [\n", "not valid YAML"),
        ("kind: MCPServer\nspec: 3\n", "no spec mapping"),
        ("kind: MCPServer\nspec:\n  x: " + "[" * 30_000 + "]" * 30_000 + "\n", "MAX_DEPTH"),
        ('kind: MCPServer\nspec:\n  x: "\\ud800"\n', "surrogate"),
    ],
)
def test_files_that_cannot_take_a_pin_are_refused_up_front(
    tmp_path: Path, text: str, words: str
) -> None:
    target = tmp_path / "s.yaml"
    target.write_text(text)
    with pytest.raises(PinError, match=words):
        check_spec(target)


def test_a_transport_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text("kind: MCPServer\nspec:\n  transport: http\n")
    with pytest.raises(PinError, match="not a mapping"):
        pin_protocol(target, "sse")
    assert target.read_text() == "kind: MCPServer\nspec:\n  transport: http\n"


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PinError, match=r"nope\.yaml"):
        check_spec(tmp_path / "nope.yaml")


def test_the_era_facts_go_under_config_http_and_nothing_else_moves(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    text = (
        "kind: MCPServer\n"
        "spec:\n"
        "  image: x:1  # the server\n"
        "  transport:\n"
        "    protocol: auto\n"
        "    config:\n"
        "      http:\n"
        "        port: 8000\n"
        "  service:\n"
        "    port: 80\n"
    )
    target.write_text(text)
    changed = pin_transport(target, "streamable-http", ["2026-07-28", "2025-11-25"], True)
    assert changed == [
        "spec.transport.protocol",
        "spec.transport.config.http.protocolVersions",
        "spec.transport.config.http.sessionManagement",
    ]
    assert changed_lines(text, target.read_text()) == [
        "-    protocol: auto",
        "+    protocol: streamable-http",
        "+        protocolVersions:",
        "+        - '2026-07-28'",  # quoted: a YAML 1.1 reader would take a bare date
        "+        - '2025-11-25'",
        "+        sessionManagement: true",
    ]
    assert pin_transport(target, "streamable-http", ["2026-07-28", "2025-11-25"], True) == []


def test_missing_config_is_added_and_none_leaves_a_fact_alone(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text("kind: MCPServer\nspec:\n  transport:\n    protocol: sse\n")
    assert pin_transport(target, "sse", ["2025-11-25"], None) == [
        "spec.transport.config.http.protocolVersions"
    ]
    assert target.read_text() == (
        "kind: MCPServer\n"
        "spec:\n"
        "  transport:\n"
        "    protocol: sse\n"
        "    config:\n"
        "      http:\n"
        "        protocolVersions:\n"
        "        - '2025-11-25'\n"
    )
    assert pin_transport(target, "sse") == []  # no facts: only the protocol, unchanged


def test_a_new_revision_list_replaces_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text(
        "kind: MCPServer\nspec:\n  transport:\n    protocol: streamable-http\n"
        "    config:\n      http:\n        protocolVersions: ['2025-11-25']\n"
        "        sessionManagement: true\n"
    )
    assert pin_transport(target, "streamable-http", ["2026-07-28"], False) == [
        "spec.transport.config.http.protocolVersions",
        "spec.transport.config.http.sessionManagement",
    ]
    text = target.read_text()
    assert "2026-07-28" in text and "2025-11-25" not in text
    assert "sessionManagement: false" in text


def test_required_capabilities_are_read_from_the_spec(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text(
        "kind: MCPServer\nspec:\n  validation:\n    requiredCapabilities: [tools, prompts]\n"
    )
    assert required_capabilities(target) == ("tools", "prompts")
    target.write_text("kind: MCPServer\nspec: {}\n")
    assert required_capabilities(target) == ()
    target.write_text("kind: MCPServer\nspec:\n  validation:\n    requiredCapabilities: 3\n")
    with pytest.raises(PinError, match="not a list of names"):
        required_capabilities(target)
