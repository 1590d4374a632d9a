"""How a package server starts (npx, uvx), the image it runs in, and `docker run` lines.

npm and PyPI servers are stdio programs that their launcher downloads on start;
they run in the stdio bridge image, which carries Node.js, uv and the bridge
(images/stdio-bridge). Its reference is the model's, so import and render name one
image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mcpgen.model.spec import DEFAULT_BRIDGE_IMAGE

STDIO_BRIDGE_IMAGE = DEFAULT_BRIDGE_IMAGE
"""The image npm/PyPI stdio servers get: the bridge image (mcpgen.model.spec)."""

# Commands that fetch and run a package by name, so they need no image of their own.
PACKAGE_RUNNERS = frozenset({"npx", "uvx", "bunx", "pnpx", "pipx", "uv", "pnpm", "npm", "yarn"})


def npx(identifier: str, version: str | None) -> tuple[list[str], list[str]]:
    # -y: npx asks before installing, and a pod has no one to answer.
    pinned = f"{identifier}@{version}" if version else identifier
    return ["npx"], ["-y", pinned]


def uvx(identifier: str, version: str | None) -> tuple[list[str], list[str]]:
    pinned = f"{identifier}=={version}" if version else identifier
    return ["uvx"], [pinned]


@dataclass(slots=True)
class DockerRun:
    """What a `docker run` line says about the container it starts."""

    image: str | None = None
    args: list[str] = field(default_factory=list)
    env: list[tuple[str, str | None]] = field(default_factory=list)
    """(name, value); value None: taken from the caller's environment (`-e NAME`)."""
    workdir: str | None = None
    entrypoint: str | None = None
    user: str | None = None
    dropped: list[str] = field(default_factory=list)
    """Flags with no place in a pod spec (names only: their values may be secret)."""


# Flags that take a value, and those that do not (docker run --help). Anything not
# listed is dropped by name, with its value if it has one (`--flag=value`).
_HARMLESS = frozenset({"-i", "--interactive", "--rm", "-t", "--tty", "--init", "-it", "-ti"})
_WITH_VALUE = frozenset(
    {
        "-v",
        "--volume",
        "--mount",
        "--network",
        "--net",
        "-p",
        "--publish",
        "--name",
        "--platform",
        "--pull",
        "--label",
        "-l",
        "--cpus",
        "-m",
        "--memory",
        "--add-host",
        "--cap-add",
        "--cap-drop",
        "--security-opt",
        "--device",
        "--env-file",
        "--hostname",
        "-h",
        "--ipc",
        "--pid",
        "--restart",
        "--runtime",
        "--shm-size",
        "--ulimit",
        "--log-driver",
        "--log-opt",
        "--dns",
        "--group-add",
        "--tmpfs",
        "--stop-signal",
    }
)


def parse_docker_run(args: list[str]) -> DockerRun | None:
    """The container of `docker run ARGS`, or None when ARGS is another docker command."""
    if not args or args[0] != "run":
        return None
    run = DockerRun()
    i = 1
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-") or arg == "--":
            rest = args[i + 1 :] if arg != "--" else args[i + 2 :]
            run.image = arg if arg != "--" else (args[i + 1] if i + 1 < len(args) else None)
            run.args = list(rest)
            return run
        flag, eq, inline = arg.partition("=")
        value: str | None = inline if eq else None
        takes = flag in _WITH_VALUE or flag in {"-e", "--env", "-w", "--workdir", "--entrypoint"}
        takes = takes or flag in {"-u", "--user"}
        if takes and value is None:
            i += 1
            value = args[i] if i < len(args) else ""
        if flag in ("-e", "--env"):
            name, has, val = (value or "").partition("=")
            run.env.append((name, val if has else None))
        elif flag in ("-w", "--workdir"):
            run.workdir = value
        elif flag == "--entrypoint":
            run.entrypoint = value
        elif flag in ("-u", "--user"):
            run.user = value
        elif flag not in _HARMLESS:
            run.dropped.append(flag)
        i += 1
    return run
