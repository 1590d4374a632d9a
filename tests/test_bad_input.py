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
    (
        "tab-indentation",
        HEAD + "spec:\n\timage: mcp/x:1\n",
        ":6:1:",
        ["invalid YAML", "YAML forbids tabs for indentation; use spaces"],
    ),
]

BODY = "metadata:\n  name: demo\nspec:\n  image: mcp/x:1\n"
API = "apiVersion: mcp.mcp-operator.io/v1\n"
# A near miss of MCPServer is an error, never a skipped document: skipping drops the
# server, and `--prune` then deletes its manifests.
TYPOS = [
    ("kind-case", API + "kind: MCPserver\n" + BODY, ":2:7: kind", ["did you mean 'MCPServer'"]),
    ("kind-spelling", API + "kind: MCPSever\n" + BODY, ":2:7: kind", ["did you mean 'MCPServer'"]),
    (
        "api-version-key",
        "apiVerison: mcp.mcp-operator.io/v1\nkind: MCPServer\n" + BODY,
        ":1:1: apiVerison",
        ["unknown field 'apiVerison'", "did you mean 'apiVersion'"],
    ),
    (
        "api-group",
        "apiVersion: mcp.mcp-operatr.io/v1\nkind: MCPServer\n" + BODY,
        ":1:13: apiVersion",
        ["'mcp.mcp-operatr.io/v1' is not allowed", "did you mean 'mcp.mcp-operator.io/v1'"],
    ),
    (
        "api-group-short",
        "apiVersion: mcp-operator.io/v1\nkind: MCPServer\n" + BODY,
        ":1:13: apiVersion",
        ["did you mean 'mcp.mcp-operator.io/v1'"],
    ),
    ("api-version-missing", "kind: MCPServer\n" + BODY, ":1:1: apiVersion", ["missing"]),
    ("kind-missing", API + BODY, ":1:1: kind", ["required field is missing"]),
    ("kind-key", API + "knd: MCPServer\n" + BODY, ":2:1: knd", ["did you mean 'kind'"]),
    (
        "second-document",
        API + "kind: MCPServer\n" + BODY.replace("demo", "one") + "---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n"
        + API
        + "kind: MCPServers\n"
        + BODY,
        ":13:7: kind",
        ["'MCPServers' is not allowed", "did you mean 'MCPServer'"],
    ),
]
CASES += TYPOS


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


@pytest.mark.parametrize(
    "head",
    [
        "apiVersion: v1\nkind: ConfigMap\n",
        "apiVersion: apps/v1\nkind: Deployment\n",
        # Another operator's MCPServer is not a typo of ours.
        "apiVersion: toolhive.stacklok.dev/v1alpha1\nkind: MCPServer\n",
        "apiVersion: mcp.example.com/v1\nkind: MCPServerEntry\n",
    ],
)
def test_unrelated_kinds_are_still_skipped(tmp_path: Path, head: str) -> None:
    server = HEAD + "spec:\n  image: mcp/x:1\n"
    (tmp_path / "a.yaml").write_text(head + "metadata: {name: x}\n---\n" + server, "utf-8")
    run = mcpgen("render", "-q", str(tmp_path / "a.yaml"))
    assert run.code == 0, run.err
    assert f"a.yaml:1: skipped {head.split('kind: ')[1].strip()}" in run.err
    assert run.out.count("kind: Deployment") == 1


@pytest.mark.parametrize("typo", [c[1] for c in TYPOS[:4]], ids=[c[0] for c in TYPOS[:4]])
def test_a_typo_prunes_nothing(tmp_path: Path, typo: str) -> None:
    """The finding: a typo'd server was skipped, and `--prune` deleted its manifests."""
    specs, out = tmp_path / "servers", tmp_path / "rendered"
    specs.mkdir()
    (specs / "demo.yaml").write_text(API + "kind: MCPServer\n" + BODY, encoding="utf-8")
    (specs / "other.yaml").write_text(
        API + "kind: MCPServer\n" + BODY.replace("demo", "other"), encoding="utf-8"
    )
    first = mcpgen("render", "-q", str(specs), "-o", str(out), "--prune")
    assert first.code == 0, first.err
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert any("demo" in p.parts for p in before)

    (specs / "demo.yaml").write_text(typo, encoding="utf-8")
    run = mcpgen("render", "-q", str(specs), "-o", str(out), "--prune")

    assert run.code == 2, run.err
    assert f"{specs / 'demo.yaml'}:" in run.err
    assert "did you mean" in run.err
    assert "nothing was written" in run.err
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before


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
