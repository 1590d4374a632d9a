"""The rendered tree as Argo CD, Flux and `kubectl apply -k` take it."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import ROOT, mcpgen

EXAMPLES = ROOT / "examples"


def _render(*args: str) -> tuple[int, str]:
    run = mcpgen("render", *args)
    return run.code, run.err


def test_the_tree_has_one_kustomization_over_every_server(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    code, err = _render("-q", str(EXAMPLES), "--output-dir", str(out))
    assert code == 0, err
    top = yaml.safe_load((out / "kustomization.yaml").read_text())
    assert top["kind"] == "Kustomization"
    folders = sorted(
        p.parent.relative_to(out).as_posix() for p in out.glob("*/*/kustomization.yaml")
    )
    assert top["resources"] == folders
    for folder in folders:  # each entry is a folder kustomize can build
        assert (out / folder / "kustomization.yaml").is_file()


def test_a_kustomization_of_the_users_at_the_top_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    out.mkdir()
    mine = out / "kustomization.yaml"
    mine.write_text("resources: [apps/]\n")
    code, err = _render("-q", str(EXAMPLES / "sse-basic.yaml"), "--output-dir", str(out))
    assert code == 2
    assert f"{mine}: not written by mcpgen" in err
    assert mine.read_text() == "resources: [apps/]\n"
    assert not (out / "mcp").exists()


def test_namespace_fills_in_only_where_the_spec_names_none(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    code, err = _render("-q", str(EXAMPLES), "--output-dir", str(out), "--namespace", "team-a")
    assert code == 0, err
    assert (out / "team-a" / "notes-auto").is_dir()  # auto.yaml names no namespace
    assert (out / "mcp" / "wikipedia-sse").is_dir()  # the others name mcp
    assert not (out / "default").exists()
    service = yaml.safe_load((out / "team-a" / "notes-auto" / "service.yaml").read_text())
    assert service["metadata"]["namespace"] == "team-a"
    code, err = _render(str(EXAMPLES / "auto.yaml"), "--namespace", "Bad_NS")
    assert code == 2 and "--namespace 'Bad_NS'" in err


def test_a_hand_added_file_is_reported_as_never_deployed(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    assert _render("-q", str(EXAMPLES / "sse-basic.yaml"), "--output-dir", str(out))[0] == 0
    extra = out / "mcp" / "wikipedia-sse" / "configmap-extra.yaml"
    extra.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n")
    code, err = _render(str(EXAMPLES / "sse-basic.yaml"), "--output-dir", str(out))
    assert code == 0
    assert f"note: {extra}: left alone (not written by mcpgen), and not in " in err
    assert "never deployed" in err
    assert extra.exists()


def test_o_is_the_format_and_o_dir_still_works(tmp_path: Path) -> None:
    spec = str(EXAMPLES / "sse-basic.yaml")
    code, err = _render("-q", spec, "-o", "helm", "--output-dir", str(tmp_path / "chart"))
    assert code == 0, err
    assert (tmp_path / "chart" / "Chart.yaml").is_file()
    # mcpgen 0.1's `-o DIR`: still the output folder, with a note saying what to write now.
    code, err = _render(spec, "-o", str(tmp_path / "old"))
    assert code == 0, err
    assert f"use --output-dir {tmp_path / 'old'}" in err
    assert (tmp_path / "old" / "kustomization.yaml").is_file()
    code, err = _render(spec, "-o", "yaml", "--output-dir", str(tmp_path / "x"))
    assert code == 2 and "manifests or helm" in err
