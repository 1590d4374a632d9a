"""`render -o DIR`: the GitOps tree, the drift gate (--check) and pruning (--prune)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, mcpgen
from mcpgen.load import load_paths
from mcpgen.render import render_server
from mcpgen.render.output import apply_changes, desired_tree, plan_changes


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    src = tmp_path / "servers"
    shutil.copytree(ROOT / "examples", src)
    return src


def test_layout_is_namespace_name_kind(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "rendered"
    run = mcpgen("render", "-q", str(sources), "-o", str(out))
    assert run.code == 0, run.err
    files = snapshot(out)
    assert set(files) >= {
        "mcp/everything-sse/deployment.yaml",
        "mcp/everything-sse/service.yaml",
        "mcp/everything-sse/serviceaccount.yaml",
        "mcp/everything-sse/poddisruptionbudget.yaml",
        "mcp/everything-sse/kustomization.yaml",
        "mcp/tools-http/horizontalpodautoscaler.yaml",
        "mcp/wikipedia-sticky/ingress.yaml",
        "default/notes-auto/deployment.yaml",
    }
    kustomization = (out / "mcp/everything-sse/kustomization.yaml").read_text()
    assert "kind: Kustomization" in kustomization
    for name in ("deployment.yaml", "service.yaml", "poddisruptionbudget.yaml"):
        assert f"- {name}" in kustomization
    # Every file in DIR is a manifest or a kustomization: nothing else for Flux to apply.
    assert all(name.endswith(".yaml") for name in files)


def test_directory_files_equal_the_stream(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "rendered"
    assert mcpgen("render", "-q", str(sources), "-o", str(out)).code == 0
    stream = mcpgen("render", "-q", str(sources)).out
    for path in out.rglob("*.yaml"):
        if path.name != "kustomization.yaml":
            assert path.read_text() in stream


def test_check_passes_when_current_and_fails_with_a_diff_on_drift(
    tmp_path: Path, sources: Path
) -> None:
    out = tmp_path / "rendered"
    assert mcpgen("render", "-q", str(sources), "-o", str(out)).code == 0
    assert mcpgen("render", "-q", str(sources), "-o", str(out), "--check").code == 0

    spec = sources / "sse-optimized.yaml"
    spec.write_text(spec.read_text().replace("replicas: 3", "replicas: 4"))
    before = snapshot(out)
    run = mcpgen("render", "-q", str(sources), "-o", str(out), "--check")
    assert run.code == 1
    assert "--- a/mcp/everything-sse/deployment.yaml" in run.out
    assert "-  replicas: 3\n+  replicas: 4" in run.out
    assert "out of date" in run.err
    assert snapshot(out) == before  # --check writes nothing


def test_check_reports_missing_files(tmp_path: Path, sources: Path) -> None:
    run = mcpgen(
        "render", "-q", str(sources / "sse-basic.yaml"), "-o", str(tmp_path / "x"), "--check"
    )
    assert run.code == 1
    assert "+++ b/mcp/wikipedia-sse/deployment.yaml" in run.out
    assert not (tmp_path / "x").exists()


def test_rewrite_removes_stale_kinds_of_a_server(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "rendered"
    assert mcpgen("render", "-q", str(sources), "-o", str(out)).code == 0
    assert (out / "mcp/everything-sse/poddisruptionbudget.yaml").exists()
    spec = sources / "sse-optimized.yaml"
    spec.write_text(spec.read_text().replace("replicas: 3", "replicas: 1"))
    run = mcpgen("render", "-q", str(sources), "-o", str(out))
    assert run.code == 0
    assert not (out / "mcp/everything-sse/poddisruptionbudget.yaml").exists()
    assert "poddisruptionbudget" not in (out / "mcp/everything-sse/kustomization.yaml").read_text()


def test_prune_removes_only_mcpgen_files_of_removed_servers(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "rendered"
    assert mcpgen("render", "-q", str(sources), "-o", str(out)).code == 0
    foreign = out / "mcp/wikipedia-sse/notes.yaml"
    foreign.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine}\n")
    other_team = out / "team-b/app/deployment.yaml"
    other_team.parent.mkdir(parents=True)
    other_team.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n")
    (sources / "sse-basic.yaml").unlink()
    (sources / "auto.yaml").unlink()

    # Without --prune, removed servers' files stay (and --check without it is clean).
    assert mcpgen("render", "-q", str(sources), "-o", str(out), "--check").code == 0
    assert mcpgen("render", "-q", str(sources), "-o", str(out), "--prune", "--check").code == 1

    run = mcpgen("render", "-q", str(sources), "-o", str(out), "--prune")
    assert run.code == 0, run.err
    assert not (out / "mcp/wikipedia-sse/deployment.yaml").exists()
    assert not (out / "default").exists()  # emptied folders go too
    assert foreign.exists()  # not mcpgen's: never touched
    assert other_team.exists()
    assert (out / "mcp/everything-sse/deployment.yaml").exists()
    assert mcpgen("render", "-q", str(sources), "-o", str(out), "--prune", "--check").code == 0


def test_failed_write_rolls_back_everything(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    servers = [render_server(x.server) for x in load_paths([str(ROOT / "examples")]).servers]
    apply_changes(out, plan_changes(out, desired_tree(servers), prune=False))
    before = snapshot(out)

    edited = [
        render_server(
            x.server.model_copy(
                update={"metadata": x.server.metadata.model_copy(update={"labels": {"rev": "2"}})}
            )
        )
        for x in load_paths([str(ROOT / "examples")]).servers
    ]
    # A file where the last server's folder must go makes the swap fail midway,
    # after the other servers' files have already been replaced.
    last_folder = out / sorted(desired_tree(edited))[-1].parent
    shutil.rmtree(last_folder)
    last_folder.write_text("blocker")
    changes = plan_changes(out, desired_tree(edited), prune=False)
    before = snapshot(out)
    with pytest.raises(OSError):
        apply_changes(out, changes)
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".mcpgen-*"))  # staging cleaned up
