"""Each bad input exits 2 naming file, line and field, and `-o` leaves DIR untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import mcpgen, mcpgen_process

HEAD = "apiVersion: mcp.mcp-operator.io/v1\nkind: MCPServer\nmetadata:\n  name: demo\n"

# (case id, file text, expected "line:col: field" fragment, words the message must hold)
CASES = [
    (
        "unknown-field",
        HEAD + "spec:\n  image: mcp/x:1\n  replcas: 2\n",
        ":7:3: spec.replcas",
        ["unknown field", "did you mean 'replicas'"],
    ),
    (
        "unknown-nested-field",
        HEAD + "spec:\n  image: mcp/x:1\n  transport:\n    config:\n"
        "      http:\n        sse:\n          enableSessionAfinity: true\n",
        ":11:11: spec.transport.config.http.sse.enableSessionAfinity",
        ["did you mean 'enableSessionAffinity'"],
    ),
    (
        "wrong-type",
        HEAD + "spec:\n  image: mcp/x:1\n  replicas: three\n",
        ":7:13: spec.replicas",
        ["whole number", "'three'"],
    ),
    (
        "quoted-number",
        HEAD + 'spec:\n  image: mcp/x:1\n  service:\n    port: "80"\n',
        ":8:11: spec.service.port",
        ["remove the quotes"],
    ),
    (
        "port-out-of-range",
        HEAD + "spec:\n  image: mcp/x:1\n  transport:\n    config:\n"
        "      http:\n        port: 70000\n",
        ":10:15: spec.transport.config.http.port",
        ["out of range", "65535"],
    ),
    (
        "bad-enum",
        HEAD + "spec:\n  image: mcp/x:1\n  transport:\n    protocol: websocket\n",
        ":8:15: spec.transport.protocol",
        ["'websocket'", "'auto'", "'streamable-http'", "'sse'"],
    ),
    ("tab-indented", HEAD + "spec:\n\timage: mcp/x:1\n", ":6:1:", ["tab"]),
    (
        "invalid-name",
        HEAD.replace("demo", "Demo_Server") + "spec:\n  image: mcp/x:1\n",
        ":4:9: metadata.name",
        ["DNS-1123"],
    ),
    (
        "missing-image",
        HEAD + "spec:\n  replicas: 2\n",
        ":6:3: spec.image",
        ["required field is missing"],
    ),
    ("empty-file", "", ":1:1:", ["empty file"]),
    (
        "env-number",
        HEAD + "spec:\n  image: mcp/x:1\n  environment:\n  - name: PORT\n    value: 8080\n",
        ":9:12: spec.environment[0].value",
        ["quote it"],
    ),
    (
        "hpa-bounds",
        HEAD + "spec:\n  image: mcp/x:1\n  hpa:\n    enabled: true\n"
        "    minReplicas: 5\n    maxReplicas: 2\n",
        ":8:5: spec.hpa",
        ["greater than maxReplicas"],
    ),
    (
        "zero-surge",
        HEAD + "spec:\n  image: mcp/x:1\n  transport:\n    config:\n      http:\n"
        "        sse:\n          maxSurge: 0\n",
        ":11:11: spec.transport.config.http.sse",
        ["maxSurge must be above 0"],
    ),
    (
        "duplicate-key",
        HEAD + "spec:\n  image: mcp/x:1\n  image: mcp/y:1\n",
        ":7:3:",
        ["duplicate key"],
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_exits_2_with_location(
    tmp_path: Path, text: str, where: str, words: list[str]
) -> None:
    source = tmp_path / "server.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "rendered"
    out.mkdir()
    (out / "keep.txt").write_text("untouched", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))

    run = mcpgen("render", str(source), "-o", str(out))

    assert run.code == 2
    assert f"{source}{where}" in run.err, run.err
    for word in words:
        assert word.lower() in run.err.lower(), (word, run.err)
    assert "Traceback" not in run.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert (out / "keep.txt").read_text(encoding="utf-8") == "untouched"
    assert run.out == ""


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.yaml").write_text(HEAD + "spec:\n  imag: x\n", encoding="utf-8")
    out = tmp_path / "out"
    run = mcpgen("render", "examples/", str(tmp_path / "in"), "-o", str(out))
    assert run.code == 2
    assert "bad.yaml:6:3: spec.imag" in run.err
    assert not out.exists()


def test_every_problem_of_every_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(HEAD + "spec:\n  image: x\n  replicas: -1\n", "utf-8")
    (tmp_path / "b.yaml").write_text(HEAD.replace("demo", "b") + "spec:\n  imag: x\n", "utf-8")
    run = mcpgen("render", str(tmp_path))
    assert run.code == 2
    assert "a.yaml:7:13: spec.replicas" in run.err
    assert "b.yaml:6:3: spec.imag" in run.err
    assert "3 problems" in run.err  # b.yaml also lacks image


def test_duplicate_server_is_an_error(tmp_path: Path) -> None:
    doc = HEAD + "spec:\n  image: mcp/x:1\n"
    (tmp_path / "a.yaml").write_text(doc + "---\n" + doc, encoding="utf-8")
    run = mcpgen("render", str(tmp_path / "a.yaml"))
    assert run.code == 2
    assert "defined twice" in run.err


def test_other_kinds_are_skipped_with_a_note(tmp_path: Path) -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n" + HEAD
    (tmp_path / "a.yaml").write_text(text + "spec:\n  image: mcp/x:1\n", encoding="utf-8")
    run = mcpgen("render", "-q", str(tmp_path / "a.yaml"))
    assert run.code == 0
    assert "skipped ConfigMap" in run.err
    assert run.out.count("kind: Deployment") == 1


def test_no_servers_at_all_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n", encoding="utf-8")
    run = mcpgen("render", str(tmp_path))
    assert run.code == 2
    assert "no MCPServer documents" in run.err


def test_missing_path_and_usage_errors() -> None:
    assert mcpgen("render", "does/not/exist.yaml").code == 2
    assert mcpgen("render").code == 2
    assert mcpgen("render", "examples/", "--check").code == 2
    assert mcpgen("render", "--no-such-flag").code == 2


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("::: not yaml [", encoding="utf-8")
    run = mcpgen_process("render", str(tmp_path / "a.yaml"))
    assert run.code == 2
    assert "a.yaml:1:" in run.err
    assert "Traceback" not in run.err
