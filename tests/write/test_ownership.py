"""mcpgen overwrites or deletes only files it can prove it wrote, and says what it left alone."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, mcpgen
from mcpgen.write.signature import sign, signed_body
from tests.write.trees import snapshot

SSE = ROOT / "examples" / "sse-optimized.yaml"


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    out = tmp_path / "rendered"
    shutil.copytree(ROOT / "examples", tmp_path / "servers")
    assert mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(out)).code == 0
    return out


def _change_spec(tmp_path: Path) -> None:
    spec = tmp_path / "servers" / "sse-optimized.yaml"
    spec.write_text(spec.read_text().replace("team: platform", "team: other"))


def test_the_signature_proves_the_exact_bytes() -> None:
    signed = sign("kind: Service\n")
    assert signed_body(signed) == "kind: Service\n"
    assert signed_body(signed + "---\nkind: ConfigMap\n") is None  # appended to
    assert signed_body(signed.replace("Service", "Secret")) is None  # edited
    assert signed_body("kind: Service\n") is None  # never signed


def test_a_hand_written_file_in_mcpgens_way_is_refused_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    mine = out / "mcp" / "everything-sse" / "deployment.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: handmade}\n")
    run = mcpgen("render", "-q", str(SSE), "-o", str(out))
    assert run.code == 2
    assert f"{mine}: not written by mcpgen" in run.err
    assert "nothing was written" in run.err
    assert snapshot(out) == {"mcp/everything-sse/deployment.yaml": mine.read_bytes()}


def test_a_document_appended_to_mcpgens_file_is_never_lost(tmp_path: Path, rendered: Path) -> None:
    service = rendered / "mcp" / "everything-sse" / "service.yaml"
    with service.open("a") as handle:
        handle.write("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine}\n")
    before = snapshot(rendered)
    _change_spec(tmp_path)
    run = mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered))
    assert run.code == 2
    assert f"{service}: not written by mcpgen" in run.err
    assert snapshot(rendered) == before
    # --check reports it as drift, and --prune does not delete it either.
    assert mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered), "--check").code
    (tmp_path / "servers" / "sse-optimized.yaml").unlink()
    run = mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered), "--prune")
    assert run.code == 0, run.err
    assert service.read_bytes() == before["mcp/everything-sse/service.yaml"]
    assert not (rendered / "mcp" / "everything-sse" / "deployment.yaml").exists()


def test_user_files_in_a_server_folder_are_kept_and_named(tmp_path: Path, rendered: Path) -> None:
    notes = rendered / "mcp" / "everything-sse" / "notes.yaml"
    notes.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\n")
    _change_spec(tmp_path)
    run = mcpgen("render", str(tmp_path / "servers"), "-o", str(rendered))
    assert run.code == 0, run.err
    assert f"{notes}: left alone (not written by mcpgen)" in run.err
    assert notes.read_text().endswith("name: notes}\n")
    assert "team: other" in (rendered / "mcp" / "everything-sse" / "deployment.yaml").read_text()


def test_a_user_folder_inside_a_server_folder_is_refused_untouched(
    tmp_path: Path, rendered: Path
) -> None:
    sub = rendered / "mcp" / "everything-sse" / "overlays"
    sub.mkdir()
    (sub / "patch.yaml").write_text("x: 1\n")
    before = snapshot(rendered)
    _change_spec(tmp_path)
    run = mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered))
    assert run.code == 2
    assert f"{sub}: a folder mcpgen did not write" in run.err
    assert snapshot(rendered) == before


def test_prune_never_follows_a_symlink_out_of_the_tree(tmp_path: Path, rendered: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(rendered / "mcp", elsewhere)  # signed mcpgen files, outside the tree
    outside = snapshot(elsewhere)
    (rendered / "linked-ns").symlink_to(elsewhere, target_is_directory=True)
    (rendered / "mcp" / "linked-server").symlink_to(
        elsewhere / "everything-sse", target_is_directory=True
    )
    run = mcpgen("render", str(tmp_path / "servers"), "-o", str(rendered), "--prune")
    assert run.code == 0, run.err
    assert snapshot(elsewhere) == outside
    assert f"{rendered / 'linked-ns'}: left alone" in run.err
    assert f"{rendered / 'mcp' / 'linked-server'}: left alone" in run.err


def test_a_symlinked_server_folder_is_never_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "rendered"
    (out / "mcp").mkdir(parents=True)
    (out / "mcp" / "everything-sse").symlink_to(elsewhere, target_is_directory=True)
    run = mcpgen("render", "-q", str(SSE), "-o", str(out))
    assert run.code == 2
    assert "is a symlink" in run.err
    assert list(elsewhere.iterdir()) == []


def test_dot_folders_are_never_touched_by_prune(tmp_path: Path, rendered: Path) -> None:
    subprocess.run(["git", "init", "-q", str(rendered)], check=True)
    git_before = snapshot(rendered / ".git")
    hidden = rendered / ".github" / "x" / "deployment.yaml"
    hidden.parent.mkdir(parents=True)
    shutil.copy(rendered / "mcp" / "everything-sse" / "deployment.yaml", hidden)  # signed
    for spec in (tmp_path / "servers").iterdir():
        if spec.is_dir():  # examples/gitops: Argo CD and Flux objects, no MCPServer
            shutil.rmtree(spec)
        elif spec.name != "sse-basic.yaml":
            spec.unlink()
    run = mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered), "--prune")
    assert run.code == 0, run.err
    assert snapshot(rendered / ".git") == git_before
    assert hidden.is_file()
    assert sorted(p.name for p in (rendered / "mcp").iterdir()) == ["wikipedia-sse"]


def test_a_second_render_into_the_same_tree_is_refused(rendered: Path, tmp_path: Path) -> None:
    fd = os.open(rendered, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running `mcpgen render -o` holds
        _change_spec(tmp_path)
        before = snapshot(rendered)
        run = mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered))
        assert run.code == 2
        assert "another mcpgen render is writing here" in run.err
        assert snapshot(rendered) == before
    finally:
        os.close(fd)
    assert mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered)).code == 0


def test_a_run_cleans_up_what_a_killed_run_left_without_losing_user_files(
    tmp_path: Path, rendered: Path
) -> None:
    # What SIGKILL leaves mid-swap: a staged new folder, and a user's file the
    # old folder gained after the planning (it exists only in staging).
    staged = rendered / ".mcpgen-tmp" / "old" / "mcp" / "everything-sse"
    shutil.copytree(rendered / "mcp" / "everything-sse", staged)
    (staged / "late.txt").write_text("added while mcpgen wrote\n")
    (rendered / ".mcpgen-tmp" / "new" / "mcp" / "half").mkdir(parents=True)
    (rendered / ".mcpgen-tmp" / "new" / "mcp" / "half" / "x.yaml.mcpgen-partial").write_text("")
    _change_spec(tmp_path)
    run = mcpgen("render", "-q", str(tmp_path / "servers"), "-o", str(rendered))
    assert run.code == 0, run.err
    assert not (rendered / ".mcpgen-tmp").exists()
    assert (rendered / "mcp" / "everything-sse" / "late.txt").read_text().startswith("added")
    assert not (rendered / "mcp" / "half").exists()
