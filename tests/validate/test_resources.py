"""Reading: documents split with their first lines, YAML 1.1 as the API server reads it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import mcpgen
from mcpgen.load.documents import split_documents
from mcpgen.validate import validate_text
from mcpgen.validate.manifests import read_paths, read_text

from .helpers import check, manifest, only

STREAM = manifest(
    """
    # a comment before the first document
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: one, namespace: apps}
    data:
      list:
      - x
    --- {apiVersion: v1, kind: ConfigMap, metadata: {name: inline}}
    ...
    %YAML 1.1
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: three
    """
)


def test_documents_keep_their_first_line_and_signature() -> None:
    source = read_text(STREAM, "s.yaml")
    assert [(r.line, r.signature.name) for r in source.resources] == [
        (3, "one"),
        (9, "inline"),
        (13, "three"),
    ]
    assert str(source.resources[0].signature) == "ConfigMap apps/one"
    assert str(source.resources[2].signature) == "ConfigMap three"
    assert source.problems == []


def test_positions_of_keys_and_values_are_lines_in_the_file() -> None:
    first, _, third = read_text(STREAM, "s.yaml").resources
    assert first.line_of(("data", "list", 0)) == 8
    assert first.line_of(("data", "list"), key=True) == 7
    assert third.line_of(("metadata", "name")) == 16
    assert third.line_of(("metadata",), key=True) == 15
    # A path that does not exist points at its nearest parent.
    assert third.line_of(("metadata", "labels", "x")) == 16


def test_split_keeps_a_marker_inside_a_block_scalar_out_of_the_split() -> None:
    text = "a: |\n  ---\n  not a marker\n---\nb: 1\n"
    assert [start for start, _ in split_documents(text)] == [0, 3]


def test_a_broken_document_does_not_hide_the_next_one() -> None:
    text = "apiVersion: v1\nkind: [\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n"
    source = read_text(text, "b.yaml")
    assert [r.signature.name for r in source.resources] == ["ok"]
    (problem,) = source.problems
    assert problem.code == "YML001"
    assert problem.line in (2, 3)


def test_duplicate_keys_and_tabs_are_yml001_at_their_line() -> None:
    text = (
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  name: c\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: d\n"
    )
    duplicate, tab = read_text(text, "d.yaml").problems
    assert (duplicate.code, duplicate.line) == ("YML001", 9)
    assert 'duplicate key "name"' in duplicate.message
    assert (tab.code, tab.line) == ("YML001", 14)
    assert tab.message.endswith("(YAML forbids tabs for indentation; use spaces)")


def test_yaml_1_1_scalars_are_what_the_api_server_gets() -> None:
    # Unquoted `off` is a boolean to Kubernetes' YAML reader: an annotation must be a string.
    text = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            nginx.ingress.kubernetes.io/proxy-buffering: off
        spec:
          defaultBackend:
            service: {name: web, port: {number: 80}}
        """
    finding = only(check(text), "SCH001")
    assert finding.line == 6
    assert "must be string" in finding.message
    assert "quote it" in finding.message


def test_tabs_and_bom_and_empty_documents() -> None:
    source = read_text(
        "\ufeff---\n---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\n", "x"
    )
    assert [r.line for r in source.resources] == [5]
    tabbed = read_text("a:\n\tb: 1\n", "t.yaml")
    assert "tabs" in tabbed.problems[0].message


def test_directories_are_walked_and_missing_paths_reported(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"
    )
    (tmp_path / "b.yml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n")
    (tmp_path / "notes.txt").write_text("not yaml: [")
    sources, unreadable = read_paths([str(tmp_path), str(tmp_path / "missing.yaml")])
    assert [Path(s.name).name for s in sources] == ["b.yml", "a.yaml"]
    (missing,) = unreadable
    assert missing.code == "IO001"
    assert "no such file" in missing.message


def test_stdin_is_read_under_its_own_name() -> None:
    good = mcpgen("validate", "-", stdin="apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
    assert good.code == 0, good.out
    assert "1 resource found in 1 file" in good.out
    bad = mcpgen("validate", "-o", "json", "-", stdin="apiVersion: v1\nkind: Namespace\nspec: 1\n")
    assert bad.code == 1
    assert '"file": "<stdin>"' in bad.out


# -- hostile input: refused before parsing, and what validate prints stays small ------------------

BOMB = (
    # 423 bytes: a Deployment whose `replicas` is nine nested aliases deep. Each schema
    # error used to quote the expanded list: 45 s and 2.3 GB, output growing with it.
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n"
    '  replicas: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"  r{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 7))
)


def test_an_alias_bomb_is_refused_as_unreadable_input(tmp_path: Path) -> None:
    source = read_text(BOMB + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n", "b")
    (problem,) = source.problems
    assert problem.code == "YML002"
    assert "MAX_ALIAS_NODES = 100,000" in problem.message
    assert "the rest of the file was not read" in problem.message
    assert source.resources == []  # the budget is the file's: nothing after the bomb
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    (tmp_path / "ok.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
    run = mcpgen("validate", str(tmp_path))
    assert run.code == 2  # like a file that cannot be read, even beside clean ones
    assert len(run.out) < 1000, run.out
    assert "YML002" in run.out


def test_a_document_too_deep_is_refused_where_it_goes_too_deep() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: " + "[" * 200
    (problem,) = read_text("apiVersion: v1\nkind: Namespace\n---\n" + text, "d").problems
    assert (problem.code, problem.line) == ("YML002", 8)
    assert "MAX_DEPTH = 100" in problem.message
    assert check(text).exit_code("error") == 2


def test_each_message_and_each_file_is_bounded() -> None:
    from mcpgen.load.limits import MAX_FINDINGS_PER_FILE, MAX_MESSAGE_CHARS

    long = "x" * 100_000
    doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n" + "".join(
        f"  k{i}: [{long if i == 0 else i}]\n" for i in range(25)
    )
    report = validate_text("---\n".join([doc] * 12), "many.yaml")
    shown = [f for f in report.findings if f.file == "many.yaml"]
    assert len(shown) == MAX_FINDINGS_PER_FILE + 1
    assert all(len(f.message) <= MAX_MESSAGE_CHARS for f in shown)
    closing = shown[-1]
    assert closing.code == "SCH001" and closing.severity == "error"
    assert closing.message.startswith("40 more findings in this file are not shown")
    assert f"MAX_FINDINGS_PER_FILE = {MAX_FINDINGS_PER_FILE}" in closing.message
    assert report.summary().by_severity["error"] == 12 * 20  # counted, though not shown
    assert report.exit_code("error") == 1


def test_reading_manifests_leaves_the_spec_loader_as_it_was() -> None:
    # validate reads timestamps as text; that must not leak into the spec loader.
    from mcpgen.load.documents import spec_documents_fast

    read_text("apiVersion: v1\nkind: ConfigMap\ndata: {a: 2026-01-01}\n", "c.yaml")
    (doc,) = spec_documents_fast("a: 2026-01-01\n") or []
    assert doc[1] == {"a": date(2026, 1, 1)}
