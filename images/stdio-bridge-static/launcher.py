"""The static stdio bridge's entry point: mcp-proxy (the pinned bridge), plus the two
modes that injection needs from a binary that must run in any image.

- `--copy-self DEST`: copy this executable to DEST (mode 0755) and exit. The init
  container's image holds only this file (FROM scratch), so it has no `cp` to run.
- `--check URL`: the liveness check (charts/mcp-server/files/stdio-liveness.py, the
  script mcpgen renders for the bridge image, bundled at build time): the user's
  image may have no python3 to run it.
- anything else: mcp-proxy's own command line, unchanged.

PyInstaller and staticx start this program through their bootloaders, which leave
variables behind (LD_LIBRARY_PATH pointing at the unpacked bundle, _PYI_*,
STATICX_*). mcp-proxy passes the environment to the child (--pass-environment), and
the child is the user's program, linked against the image's own libraries, or
another PyInstaller program that would take the variables as its own: they are
removed before anything starts. This process itself is unaffected, since the loader
reads LD_LIBRARY_PATH once, at start.
"""

from __future__ import annotations

import os
import runpy
import shutil
import sys
from pathlib import Path

LIVENESS_FILE = "stdio-liveness.py"
BOOTLOADER_PREFIXES = ("_PYI_", "_MEIPASS", "STATICX_")


def _program() -> str:
    """This executable as the user sees it: staticx runs an unpacked copy, and says
    where the original is in STATICX_PROG_PATH."""
    return os.environ.get("STATICX_PROG_PATH") or sys.executable


def _clean_environment() -> None:
    for name in list(os.environ):
        if name.startswith(BOOTLOADER_PREFIXES):
            del os.environ[name]
    # PyInstaller keeps the value it replaced as LD_LIBRARY_PATH_ORIG.
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = original


def copy_self(program: str, dest: str) -> None:
    # Written beside the target, then renamed: a restarted init container never leaves
    # a half-copied bridge for the main container to exec.
    part = f"{dest}.part"
    shutil.copyfile(program, part)
    os.chmod(part, 0o755)
    os.replace(part, dest)


def check(url: str) -> None:
    bundle = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))
    sys.argv = [LIVENESS_FILE, url]
    runpy.run_path(str(bundle / LIVENESS_FILE), run_name="__main__")


def main() -> None:
    program = _program()
    _clean_environment()
    argv = sys.argv[1:]
    if argv[:1] == ["--copy-self"]:
        if len(argv) != 2:
            sys.exit("usage: mcp-proxy --copy-self DEST")
        copy_self(program, argv[1])
        return
    if argv[:1] == ["--check"]:
        if len(argv) != 2:
            sys.exit("usage: mcp-proxy --check URL")
        check(argv[1])
        return
    from mcp_proxy.__main__ import main as proxy

    proxy()


if __name__ == "__main__":
    main()
