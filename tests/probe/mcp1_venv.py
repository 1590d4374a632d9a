"""A venv of the tests' own with mcp 1.x: the legacy-only servers need an SDK that
cannot share an environment with 2.x.

Made once under `.venv-mcp1/` at the repo root (gitignored) with `python -m venv`
and pip from PyPI, then reused; a stamp names what was installed, so a changed
pin rebuilds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-mcp1"
# The newest 1.x release: the last SDK that speaks only the 2025 revisions.
REQUIREMENTS = ("mcp==1.30.0", "uvicorn")
INSTALL_SECONDS = 600


def python() -> Path:
    """The venv's interpreter, building the venv first when it is missing or stale."""
    exe = VENV / "bin" / "python"
    stamp = VENV / ".mcpgen-tests"
    want = " ".join(REQUIREMENTS)
    if exe.exists() and stamp.exists() and stamp.read_text() == want:
        return exe
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=120)
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run(
        [str(exe), "-m", "pip", "install", "--quiet", *REQUIREMENTS],
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        env=env,
    )
    if done.returncode != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        raise RuntimeError(f"pip install {want} into {VENV} failed:\n{done.stderr[-3000:]}")
    stamp.write_text(want)
    return exe
