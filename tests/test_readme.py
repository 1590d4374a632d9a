"""README.md, walked as a new user walks it: every `sh` block's commands, in order,
in a fresh copy of the repository (tracked and new files, nothing else).

What needs something this machine has not got is run another way, and said so:
- `python3 -m venv .venv && .venv/bin/pip install -e .`: `.venv` is this test's own
  environment (the same editable install), linked in; the rest of the line runs.
- `scripts/test`: it is what runs this test.
- `helm install`: with `--dry-run=client` (no cluster here); `helm test`: the hook
  Pod it would run, with `helm template --show-only templates/tests/probe.yaml`.
- `mcpgen probe`: needs a live MCP server; tests/probe runs it against real ones.
The pre-commit snippet runs with the real pre-commit, its `repo` pointed at the copy,
which carries the `rev` tag (cut at each release: the copy stands for the release).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
NOT_RUN = {
    "scripts/test": "runs this test",
    "mcpgen probe": "needs a live MCP server (tests/probe runs it against real ones)",
}


def _blocks(kind: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README) if lang == kind]


def _commands() -> list[str]:
    return [
        line.strip()
        for body in _blocks("sh")
        for line in body.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _allowed_codes(line: str) -> set[int]:
    # A comment such as "exit 1 on drift" names a code the command may end with.
    comment = line.partition("  #")[2]
    return {0} | {int(c) for c in re.findall(r"\bexit (\d)", comment)}


def _copy_repo(dest: Path) -> None:
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return env


def _run(line: str, cwd: Path, log: list[str]) -> None:
    command = line.partition("  #")[0].strip()
    if command.startswith("python3 -m venv .venv && .venv/bin/pip install -e . && "):
        (cwd / ".venv").symlink_to(Path(sys.prefix))
        command = command.split(" && ", 2)[2]
    if command.startswith("helm install "):
        command += " --dry-run=client"
    if command.startswith("helm test "):
        install = next(c for c in reversed(log) if c.startswith("helm install "))
        release = install.removeprefix("helm install ").removesuffix(" --dry-run=client")
        command = f"helm template {release} --show-only templates/tests/probe.yaml"
    proc = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300
    )
    log.append(command)
    assert proc.returncode in _allowed_codes(line), (line, proc.stdout[-3000:], proc.stderr[-3000:])


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("clone")
    _copy_repo(repo)
    log: list[str] = []
    for line in _commands():
        if any(line.startswith(prefix) for prefix in NOT_RUN):
            continue
        _run(line, repo, log)
    return repo


def test_every_readme_command_runs_in_order(walked: Path) -> None:
    ran = set(_commands())
    assert any(c.startswith("mcpgen render servers/ --output-dir rendered/") for c in ran)
    assert (walked / "rendered" / "kustomization.yaml").is_file()
    assert (walked / "chart" / "Chart.yaml").is_file()
    skipped = [c for c in ran if any(c.startswith(p) for p in NOT_RUN)]
    assert all(c.startswith(("scripts/test", "mcpgen probe")) for c in skipped)


def test_the_helm_path_takes_an_example_file() -> None:
    install = next(c for c in _commands() if c.startswith("helm install"))
    path = shlex.split(install, comments=True)[shlex.split(install).index("-f") + 1]
    assert (ROOT / path).is_file() and path.startswith("examples/")


def test_every_path_the_readme_names_exists() -> None:
    tops = (
        "examples/",
        "charts/",
        "templates/",
        "schemas/",
        "scripts/",
        "mcpgen/",
        "mcpgen_dev/",
        "tests/",
    )
    named = set(re.findall(r"`([\w.\-/]+)`", README)) | {
        w for c in _commands() for w in shlex.split(c, comments=True)
    }
    paths = {n for n in named if n.startswith(tops) and "*" not in n and "{" not in n}
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, missing
    assert paths, "the README names no repository paths?"


def test_what_scripts_test_needs_is_named() -> None:
    section = README.split("## Test it", 1)[1].split("\n## ", 1)[0]
    for need in ("npm", "git", "Python"):
        assert need in section


def test_the_pre_commit_snippet_runs_at_its_rev(walked: Path, tmp_path: Path) -> None:
    (snippet,) = _blocks("yaml")
    config = yaml.safe_load(snippet)
    (entry,) = config["repos"]
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert {h["id"] for h in entry["hooks"]} <= hooks
    project = (ROOT / "pyproject.toml").read_text()
    version = re.search(r'^version = "(.+)"', project, re.M)
    assert version and entry["rev"] == f"v{version.group(1)}"  # the release tag's name

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(walked), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "release")
    git("tag", entry["rev"])
    entry["repo"] = str(walked)
    (walked / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git("add", ".pre-commit-config.yaml")
    env = {**_env(), "PRE_COMMIT_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files"],
        cwd=walked,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "mcpgen render --check" in proc.stdout and "Passed" in proc.stdout
