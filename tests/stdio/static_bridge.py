"""The injection mode's pod, run locally in a root that holds nothing of the host's.

The static bridge is built by images/stdio-bridge-static/build.py, the script the
injector image's Dockerfile runs, once per checkout and version: cached under
`.venv-stdio-bridge-static/<key>/` (gitignored), keyed on the build script, the
launcher, the liveness script and the echo server, so a rerun reuses it. The same
script builds the child, tests/stdio/echo_server.py, as a static executable too, so
the "server image" needs no libc either.

Each container runs as the kubelet would run it, as far as this machine allows:
`unshare -rm` (a user and mount namespace: no privilege needed) binds the pod's
folders into a root folder and `chroot`s into it, with `env -i` and then only the
rendered env. The roots hold:
- the init container: `/mcp-proxy` (the injector image, FROM scratch) and the
  bridge emptyDir at /mcpgen-bridge;
- the server container: `/srv/echo` (the server's image: one static file, no libc, no
  shell, no python3), the bridge emptyDir read-only at /mcpgen-bridge, emptyDirs at
  /tmp and /home/mcp.
Both get /proc and /dev, which a container runtime gives every container.
Substituted, as in tests/stdio/bridge.py: `--host=0.0.0.0` becomes 127.0.0.1 and the
port one the kernel picks (the host's loopback; no network namespace, so the test's
client reaches it). Not reproduced: the kubelet, cgroups (CPU and memory limits),
seccomp, the UID (the user namespace maps the caller to root inside).
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdio.bridge import ECHO_SERVER, free_port, wait_ready

from conftest import ROOT
from mcpgen.model.spec import BRIDGE_VERSION

IMAGE_DIR = ROOT / "images" / "stdio-bridge-static"
BUILD_SCRIPT = IMAGE_DIR / "build.py"
LIVENESS = ROOT / "charts" / "mcp-server" / "files" / "stdio-liveness.py"
CACHE = ROOT / ".venv-stdio-bridge-static"
BUILD_SECONDS = 1500
STARTUP_SECONDS = 60
STOP_SECONDS = 10
CHECK_SECONDS = 30
# The child's place in the server container's root.
CHILD = "/srv/echo"


def _python() -> str:
    """Debian's python3 where there is one: staticx refuses a pyenv build's extension
    modules (DT_RUNPATH, see build.py)."""
    debian = Path("/usr/bin/python3")
    return str(debian) if debian.is_file() else sys.executable


def _key() -> str:
    digest = hashlib.sha256(BRIDGE_VERSION.encode())
    for source in (BUILD_SCRIPT, IMAGE_DIR / "launcher.py", LIVENESS, ECHO_SERVER):
        digest.update(source.read_bytes())
    digest.update(_python().encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Built:
    bridge: Path
    echo: Path
    seconds: float  # the build's wall time, 0.0 when it came from the cache


def build() -> Built:
    """The static bridge and the static echo server, built once per key."""
    out = CACHE / _key()
    bridge, echo = out / "mcp-proxy", out / "echo"
    if bridge.is_file() and echo.is_file():
        return Built(bridge, echo, 0.0)
    # Older keys' binaries are 30 MB each: keep only the venv the builds share.
    for old in CACHE.glob("*"):
        if old.name != "work" and old.is_dir():
            shutil.rmtree(old)
    start = time.monotonic()
    log = CACHE / "build.log"
    CACHE.mkdir(exist_ok=True)
    for entry, target in ((IMAGE_DIR / "launcher.py", bridge), (ECHO_SERVER, echo)):
        with log.open("ab") as sink:
            done = subprocess.run(
                [
                    _python(),
                    str(BUILD_SCRIPT),
                    "--out",
                    str(target),
                    "--entry",
                    str(entry),
                    "--work",
                    str(CACHE / "work"),
                    "--liveness",
                    str(LIVENESS),
                ],
                stdout=sink,
                stderr=subprocess.STDOUT,
                timeout=BUILD_SECONDS,
            )
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"{BUILD_SCRIPT.name} failed for {entry.name}:\n{tail}")
    return Built(bridge, echo, time.monotonic() - start)


@dataclass(frozen=True)
class Root:
    """A container's root folder: what it holds, and the folders bound into it."""

    path: Path
    binds: tuple[tuple[Path, str, bool], ...]  # (host folder, path inside, read-only)


def _namespace_argv(root: Root, env: dict[str, str], argv: list[str]) -> list[str]:
    """unshare + mounts + env -i + chroot: `argv` sees only `root`, /proc and /dev."""
    steps = []
    for inside in ("proc", "dev"):
        (root.path / inside).mkdir(exist_ok=True)
        steps.append(f"mount --rbind /{inside} {shlex.quote(str(root.path / inside))}")
    for host, inside, read_only in root.binds:
        target = root.path / inside.lstrip("/")
        target.mkdir(parents=True, exist_ok=True)
        steps.append(f"mount --bind {shlex.quote(str(host))} {shlex.quote(str(target))}")
        if read_only:
            steps.append(f"mount -o remount,bind,ro {shlex.quote(str(target))}")
    pairs = [f"{k}={v}" for k, v in env.items()]
    run = ["exec", "/usr/bin/env", "-i", *pairs, "/usr/sbin/chroot", str(root.path), *argv]
    script = " && ".join([*steps, shlex.join(run)])
    return ["unshare", "--user", "--map-root-user", "--mount", "--fork", "sh", "-c", script]


def run_in(
    root: Root, env: dict[str, str], argv: list[str], timeout: float = CHECK_SECONDS
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _namespace_argv(root, env, argv), capture_output=True, text=True, timeout=timeout
    )


def _env(container: dict[str, Any]) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container.get("env", [])}


def _local(value: str, port: int) -> str:
    value = value.replace("--host=0.0.0.0", "--host=127.0.0.1")
    value = value.replace("--port=8080", f"--port={port}")
    return value.replace("http://127.0.0.1:8080/", f"http://127.0.0.1:{port}/")


@dataclass
class InjectedPod:
    process: subprocess.Popen[bytes]
    port: int
    server_root: Root
    env: dict[str, str]
    liveness: list[str]
    log: Path
    init: subprocess.CompletedProcess[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"

    def alive(self) -> subprocess.CompletedProcess[str]:
        """The rendered liveness command, run in the server container's root."""
        return run_in(self.server_root, self.env, self.liveness)


def _emptydir(tmp: Path, name: str) -> Path:
    path = tmp / "emptydirs" / name
    path.mkdir(parents=True)
    return path


@contextmanager
def running(pod: dict[str, Any], built: Built, tmp: Path) -> Iterator[InjectedPod]:
    """Run the rendered pod: its init container to the end, then its server container."""
    (init,) = pod["initContainers"]
    (server,) = pod["containers"]
    bridge_dir = _emptydir(tmp, "mcp-bridge")
    mounts = {m["mountPath"]: m for m in server["volumeMounts"]}
    # The injector image: FROM scratch, one file.
    init_root = tmp / "init-root"
    init_root.mkdir()
    image_file = init_root / init["command"][0].lstrip("/")
    shutil.copy2(built.bridge, image_file)
    (init_mount,) = init["volumeMounts"]
    init_run = run_in(
        Root(init_root, ((bridge_dir, init_mount["mountPath"], False),)),
        _env(init),
        init["command"] + init.get("args", []),
        timeout=STARTUP_SECONDS,
    )
    if init_run.returncode != 0:
        raise RuntimeError(f"the init container exited {init_run.returncode}: {init_run.stderr}")
    # The server's image: the static echo server and nothing else.
    server_root = tmp / "server-root"
    (server_root / CHILD.lstrip("/")).parent.mkdir(parents=True)
    shutil.copy2(built.echo, server_root / CHILD.lstrip("/"))
    binds = tuple(
        (
            bridge_dir if m["name"] == init_mount["name"] else _emptydir(tmp, m["name"]),
            path,
            bool(m.get("readOnly")),
        )
        for path, m in mounts.items()
    )
    root = Root(server_root, binds)
    port = free_port()
    argv = [_local(a, port) for a in [*server["command"], *server.get("args", [])]]
    env = _env(server)
    liveness = [_local(a, port) for a in server["livenessProbe"]["exec"]["command"]]
    log = tmp / "bridge.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            _namespace_argv(root, env, argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running_pod = InjectedPod(process, port, root, env, liveness, log, init_run)
    try:
        wait_ready(running_pod.process, running_pod.port, running_pod.log)
        yield running_pod
    finally:
        _stop(process, [init_root, server_root])


def processes_in(roots: list[Path]) -> list[int]:
    """PIDs of processes whose root is one of `roots`: everything the pod started,
    the child in its own session included."""
    wanted = {str(r.resolve()) for r in roots}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            if os.readlink(entry / "root") in wanted:
                found.append(int(entry.name))
    return found


def _stop(process: subprocess.Popen[bytes], roots: list[Path]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_SECONDS)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    # Whatever outlived the bridge inside the roots (the child has a session of its own).
    deadline = time.monotonic() + STOP_SECONDS
    while (left := processes_in(roots)) and time.monotonic() < deadline:
        for pid in left:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
