"""Virtual environments of the tests' own, for tools that cannot share the project's.

Each is made once under `.venv-<name>/` at the repo root (gitignored) with
`python -m venv` and pip from PyPI, then reused; a stamp names what was
installed, so a changed pin rebuilds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALL_SECONDS = 900


def tool_venv(name: str, requirements: tuple[str, ...]) -> Path:
    """The venv's bin folder, building the venv first when it is missing or stale."""
    venv = ROOT / f".venv-{name}"
    exe = venv / "bin" / "python"
    stamp = venv / ".mcpgen-tests"
    want = " ".join(requirements)
    if exe.exists() and stamp.exists() and stamp.read_text() == want:
        return venv / "bin"
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run(
        [str(exe), "-m", "pip", "install", "--quiet", *requirements],
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        env=env,
    )
    if done.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        raise RuntimeError(f"pip install {want} into {venv} failed:\n{done.stderr[-3000:]}")
    stamp.write_text(want)
    return venv / "bin"
