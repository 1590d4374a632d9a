"""`render --format helm`: the chart folder keeps the user's files, .git included."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT, mcpgen
from tests.write.trees import snapshot

SSE = ROOT / "examples" / "sse-optimized.yaml"


def _render(out: Path, spec: Path = SSE, *extra: str) -> tuple[int, str]:
    run = mcpgen("render", "-o", "helm", "--output-dir", str(out), str(spec), *extra)
    return run.code, run.err


def test_rerendering_a_chart_keeps_git_and_every_user_file(tmp_path: Path) -> None:
    out = tmp_path / "chart"
    assert _render(out)[0] == 0
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    subprocess.run(["git", "-C", str(out), "add", "-A"], check=True)
    git = snapshot(out / ".git")
    mine = {
        "ci/prod-values.yaml": b"replicas: 5\n",
        "templates/extra-configmap.yaml": b"apiVersion: v1\nkind: ConfigMap\n",
        "NOTES.md": b"ours\n",
    }
    for rel, data in mine.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    spec = tmp_path / "spec.yaml"
    spec.write_text(SSE.read_text().replace("replicas: 3", "replicas: 4"))
    code, err = _render(out, spec)
    assert code == 0, err
    assert "0 deleted" in err
    assert snapshot(out / ".git") == git
    for rel, data in mine.items():
        assert (out / rel).read_bytes() == data
        assert f"{out / rel}: left alone" in err
    assert "replicas: 4" in (out / "values.yaml").read_text()
    assert _render(out, spec, "--check")[0] == 0


def test_a_chart_file_edited_by_hand_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "chart"
    assert _render(out)[0] == 0
    helpers = out / "templates" / "_helpers.tpl"
    helpers.write_text(helpers.read_text() + "{{/* mine */}}\n")
    values = out / "values.yaml"
    values.write_text(values.read_text().replace("replicas: 3", "replicas: 9"))
    before = snapshot(out)
    code, err = _render(out)
    assert code == 2
    assert f"{values}: not written by mcpgen" in err
    assert snapshot(out) == before


def test_a_foreign_chart_with_a_similar_name_is_not_taken(tmp_path: Path) -> None:
    out = tmp_path / "gateway"
    (out / "templates").mkdir(parents=True)
    (out / "Chart.yaml").write_text("apiVersion: v2\nname: mcp-server-gateway\nversion: 1.0.0\n")
    (out / "templates" / "deployment.yaml").write_text("kind: Deployment\n")
    before = snapshot(out)
    code, err = _render(out)
    assert code == 2
    assert "holds files that mcpgen did not write" in err
    assert snapshot(out) == before


def test_stale_chart_files_mcpgen_wrote_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "chart"
    assert _render(out)[0] == 0
    # A file an older chart had: listed in .mcpgen-owned with its digest.
    old = out / "templates" / "retired.yaml"
    old.write_text("# gone in this chart version\n")
    import hashlib

    digest = hashlib.sha256(old.read_bytes()).hexdigest()
    with (out / ".mcpgen-owned").open("a") as handle:
        handle.write(f"{digest}  templates/retired.yaml\n")
        handle.write(f"{digest}  ../outside.yaml\n")  # never honoured
    (tmp_path / "outside.yaml").write_bytes(old.read_bytes())
    code, err = _render(out)
    assert code == 0, err
    assert not old.exists()
    assert (tmp_path / "outside.yaml").exists()
    assert "1 deleted" in err


def test_a_chart_named_exactly_like_mcpgens_is_not_taken_without_its_list(
    tmp_path: Path,
) -> None:
    # The name alone proves nothing: only .mcpgen-owned, with each file's digest, does.
    out = tmp_path / "look-alike"
    (out / "templates").mkdir(parents=True)
    (out / "Chart.yaml").write_text("apiVersion: v2\nname: mcp-server\nversion: 0.1.0\n")
    (out / "templates" / "service.yaml").write_text("kind: Service\n")
    before = snapshot(out)
    code, err = _render(out)
    assert code == 2
    assert "holds files that mcpgen did not write" in err
    assert snapshot(out) == before


def test_a_copied_chart_with_its_own_chart_yaml_is_refused_whole(tmp_path: Path) -> None:
    # Someone copied an mcpgen chart (its .mcpgen-owned too) and made it their chart.
    out = tmp_path / "gateway"
    assert _render(out)[0] == 0
    chart_yaml = out / "Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text().replace("name: mcp-server", "name: gateway"))
    before = snapshot(out)
    code, err = _render(out)
    assert code == 2
    assert f"{chart_yaml}: not written by mcpgen" in err
    assert snapshot(out) == before
