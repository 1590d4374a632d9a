"""An interrupted `render -o` (SIGKILL, SIGTERM, Ctrl-C) never mixes a server folder.

Each run rewrites a 400-server tree from one variant to the other; the signal
lands at a random point after the staging folder appears (the write phase).
Afterwards every server folder must equal its old or its new rendering
exactly, every file a kustomization.yaml names must exist, and the user's own
files must all still be there. The next run cleans up what was left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.write.trees import cli, folders_of, snapshot, write_specs

SERVERS = 400
# SIGKILL is the case that cannot be caught, so it gets the most runs; each run
# is one whole 400-server render, so the counts keep the file near a minute.
# MCPGEN_INTERRUPT_SOAK=N multiplies the runs for a longer soak by hand.
_SOAK = int(os.environ.get("MCPGEN_INTERRUPT_SOAK", "1"))
RUNS = {signal.SIGKILL: 6 * _SOAK, signal.SIGTERM: 3 * _SOAK, signal.SIGINT: 3 * _SOAK}
USER_FILES = {"mcp/srv-007/notes.txt": b"mine\n", "mcp/srv-123/.keep": b""}


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("variants")
    found: dict[str, Path] = {}
    for name in ("a", "b"):
        write_specs(base / f"src-{name}", SERVERS, name)
        out = base / f"out-{name}"
        subprocess.run(cli("render", "-q", str(base / f"src-{name}"), "-o", str(out)), check=True)
        found[name] = base / f"src-{name}"
        found[f"out-{name}"] = out
    return found


def _check_consistent(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    now = snapshot(out)
    for rel, data in USER_FILES.items():
        assert now.get(rel) == data, f"user file {rel} lost or changed"
    # The tree's kustomization.yaml: wholly old or new, naming only folders that exist.
    old, new = dict(old), dict(new)
    top = now.pop("kustomization.yaml", None)
    assert top in (old.pop("kustomization.yaml", None), new.pop("kustomization.yaml", None))
    for line in (top or b"").decode().splitlines():
        if line.startswith("- "):
            assert (out / line[2:]).is_dir(), f"the tree's kustomization names {line[2:]}"
    live = folders_of({k: v for k, v in now.items() if k not in USER_FILES and ".mcpgen" not in k})
    old_f, new_f = folders_of(old), folders_of(new)
    assert set(live) == set(old_f) == set(new_f), "a server folder is missing"
    for folder, files in live.items():
        assert files in (old_f[folder], new_f[folder]), f"{folder} is half old, half new"
        listed = [
            line[2:]
            for line in files["kustomization.yaml"].decode().splitlines()
            if line.startswith("- ")
        ]
        assert all(name in files for name in listed), (
            f"{folder}: kustomization names a missing file"
        )


def _interrupt(src: Path, out: Path, signum: int, rng: random.Random) -> int:
    proc = subprocess.Popen(
        cli("render", "-q", str(src), "-o", str(out)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (out / ".mcpgen-tmp").exists() and proc.poll() is None:
            assert time.monotonic() < deadline, "the render never started writing"
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.4))
        if proc.poll() is None:
            proc.send_signal(signum)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode


@pytest.mark.parametrize("signum", list(RUNS), ids=lambda s: signal.Signals(s).name)
def test_a_signal_at_any_point_leaves_every_server_folder_whole(
    tmp_path: Path, variants: dict[str, Path], signum: int
) -> None:
    out = tmp_path / "rendered"
    subprocess.run(cli("render", "-q", str(variants["a"]), "-o", str(out)), check=True)
    for rel, data in USER_FILES.items():
        (out / rel).write_bytes(data)
    old, new = snapshot(variants["out-a"]), snapshot(variants["out-b"])
    rng = random.Random(f"{signum}-{os.environ.get('MCPGEN_INTERRUPT_SEED', '')}")
    codes = []
    for run in range(RUNS[signum]):
        src = variants["b" if run % 2 == 0 else "a"]
        before = snapshot(out)
        code = _interrupt(src, out, signum, rng)
        codes.append(code)
        _check_consistent(out, old, new)
        if signum != signal.SIGKILL:
            # A caught signal swaps every folder back and cleans up after itself; one
            # that comes after the last swap is too late, and the run completes.
            assert not (out / ".mcpgen-tmp").exists()
            if code != 0:
                assert code == 130
                assert snapshot(out) == before
    # Some runs were really cut short (a finished run exits 0).
    assert any(code != 0 for code in codes), codes
    # The next run clears what was left and writes the whole new tree.
    subprocess.run(cli("render", "-q", str(variants["b"]), "-o", str(out)), check=True)
    assert not (out / ".mcpgen-tmp").exists()
    final = snapshot(out)
    assert {k: v for k, v in final.items() if k not in USER_FILES} == new
    assert all(final[k] == v for k, v in USER_FILES.items())
