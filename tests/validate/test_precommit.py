"""The real `pre-commit` runs both hooks from this repository in a throwaway GitOps repo.

The hooks repo is this checkout at its HEAD commit (pre-commit clones a rev, so
the hooks under test are the committed ones). pre-commit builds one environment
for both hooks, once per session, under a temporary PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, mcpgen

from .helpers import manifest

# A hand-written SSE workload whose rollout can drop every open stream.
BROKEN_MANIFEST = manifest(
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: weather, namespace: mcp}
    spec:
      replicas: 1
      selector: {matchLabels: {app: weather}}
      strategy: {rollingUpdate: {maxUnavailable: 1}}
      template:
        metadata: {labels: {app: weather}}
        spec:
          terminationGracePeriodSeconds: 120
          containers:
          - name: server
            image: ghcr.io/example/weather:1.0
            args: [--transport, sse]
    """
)


@dataclass
class Done:
    code: int
    out: str


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def gitops_repo(tmp_path: Path) -> Path:
    """A GitOps repo: MCPServer sources, their rendered YAML, and a pre-commit config."""
    repo = tmp_path / "gitops"
    (repo / "servers").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "sse-optimized.yaml", repo / "servers")
    shutil.copy(ROOT / "examples" / "streamable-http.yaml", repo / "servers")
    run = mcpgen("render", str(repo / "servers"), "--output-dir", str(repo / "rendered"), "-q")
    assert run.code == 0, run.err
    rev = _git(ROOT, "rev-parse", "HEAD")
    (repo / ".pre-commit-config.yaml").write_text(
        manifest(
            f"""
            repos:
            - repo: {ROOT}
              rev: {rev}
              hooks:
              - id: mcpgen-validate
              - id: mcpgen-render-check
                args: [servers/, --output-dir, rendered/]
            """
        )
    )
    _git(repo.parent, "init", "-q", str(repo))
    _git(repo, "add", "-A")
    return repo


def pre_commit(repo: Path, home: Path, *hook: str) -> Done:
    _git(repo, "add", "-A")  # pre-commit --all-files runs on what git tracks
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return Done(proc.returncode, proc.stdout + proc.stderr)


def _status(out: str, name: str) -> str:
    line = next(line for line in out.splitlines() if line.startswith(name + "."))
    return line.rsplit(".", 1)[-1].strip()


def test_both_hooks_pass_on_a_clean_repo(gitops_repo: Path, pre_commit_home: Path) -> None:
    done = pre_commit(gitops_repo, pre_commit_home)
    assert done.code == 0, done.out
    assert _status(done.out, "mcpgen validate") == "Passed"
    assert _status(done.out, "mcpgen render --check") == "Passed"


def test_validate_hook_fails_on_a_broken_manifest(gitops_repo: Path, pre_commit_home: Path) -> None:
    (gitops_repo / "manual").mkdir()
    (gitops_repo / "manual" / "weather.yaml").write_text(BROKEN_MANIFEST)
    done = pre_commit(gitops_repo, pre_commit_home)
    assert done.code == 1, done.out
    assert _status(done.out, "mcpgen validate") == "Failed"
    assert _status(done.out, "mcpgen render --check") == "Passed"
    assert "POL001" in done.out
    assert "manual/weather.yaml" in done.out


def test_render_check_hook_fails_on_drift(gitops_repo: Path, pre_commit_home: Path) -> None:
    source = gitops_repo / "servers" / "sse-optimized.yaml"
    source.write_text(source.read_text().replace("replicas: 3", "replicas: 4"))
    done = pre_commit(gitops_repo, pre_commit_home)
    assert done.code == 1, done.out
    assert _status(done.out, "mcpgen render --check") == "Failed"
    assert _status(done.out, "mcpgen validate") == "Passed"
    assert "replicas: 4" in done.out  # the drift diff
