"""A server started by a command line (client configs, kmcp): the spec's image, command,
args and environment, with every secret turned into a reference."""

from __future__ import annotations

import re
from typing import Any

from mcpgen.importers.draft import (
    Draft,
    Ref,
    SecretBook,
    Segment,
    looks_secret,
    parse_refs,
    scrub_args,
    secret_key,
)
from mcpgen.importers.launchers import PACKAGE_RUNNERS, STDIO_BRIDGE_IMAGE, parse_docker_run

_HOST_PATH = re.compile(r"^(/|~|[A-Za-z]:[\\/]|\\\\|\.\.?/)")


def env_segments(
    d: Draft, name: str, raw: str, about: dict[str, str] | None, where: str
) -> list[Segment]:
    segs, lost = parse_refs(raw, about, where=where)
    d.unmapped += lost
    if len(segs) == 1 and isinstance(segs[0], str) and looks_secret(name, raw):
        d.notes.append(f"{where}: a literal that looks like a secret; not copied, a secret now")
        return [Ref(secret_key(name), "was written as a literal in the source; not copied")]
    return segs


def set_command(
    d: Draft,
    command: str,
    args: list[str],
    env: dict[str, str],
    about: dict[str, str] | None,
    where: str,
) -> None:
    """Fill d.spec from `command args` with `env`, as a stdio server."""
    docker = parse_docker_run(args) if command.rsplit("/", 1)[-1] == "docker" else None
    container_env: list[tuple[str, list[Segment]]] = []
    if docker is not None and docker.image:
        for flag in docker.dropped:
            d.unmapped.append(f"{where}.args: docker run {flag} has no place in this spec")
        if docker.user is not None:
            d.unmapped.append(f"{where}.args: docker run --user: set security.runAsUser instead")
        passed = set()
        for name, value in docker.env:
            passed.add(name)
            if value is not None:
                container_env.append((name, env_segments(d, name, value, about, f"{where}.args")))
            elif name in env:
                container_env.append(
                    (name, env_segments(d, name, env[name], about, f"{where}.env.{name}"))
                )
            else:
                ref = Ref(secret_key(name), f"the client's environment variable {name}")
                container_env.append((name, [ref]))
        for name in env:
            if name not in passed:
                d.notes.append(
                    f"{where}.env.{name}: set for the docker CLI, not passed into the "
                    "container (no -e); dropped"
                )
        d.spec["image"] = docker.image
        command_words = [docker.entrypoint] if docker.entrypoint else []
        arg_words = docker.args
        if docker.workdir and docker.workdir.startswith("/"):
            d.spec["workingDir"] = docker.workdir
    else:
        if docker is not None:
            d.unmapped.append(f"{where}: a docker command without an image; not mapped")
        d.spec["image"] = STDIO_BRIDGE_IMAGE
        container_env = [
            (name, env_segments(d, name, value, about, f"{where}.env.{name}"))
            for name, value in env.items()
        ]
        command_words = [command]
        arg_words = args
        runner = command.rsplit("/", 1)[-1]
        if runner not in PACKAGE_RUNNERS:
            d.notes.append(
                f"{where}.command: {runner!r} must exist in the image; {STDIO_BRIDGE_IMAGE} "
                "carries Node.js, Python and uv only: build an image FROM it that has it"
            )
    for i, word in enumerate([*command_words, *arg_words]):
        if _HOST_PATH.match(word):
            part = "command" if i < len(command_words) else f"args[{i - len(command_words)}]"
            d.unmapped.append(
                f"{where}.{part}: a path on the client's machine; mount it or build it into "
                "the image"
            )
    book = SecretBook(d.name + "-secrets", taken={name for name, _ in container_env})
    env_entries: list[dict[str, Any]] = [book.env(name, segs) for name, segs in container_env]
    cmd_segs, lost, notes = scrub_args(command_words, about, f"{where}.command")
    arg_segs, lost2, notes2 = scrub_args(arg_words, about, f"{where}.args")
    d.unmapped += lost + lost2
    d.notes += notes + notes2
    if cmd_segs:
        d.spec["command"] = [book.text(s) for s in cmd_segs]
    if arg_segs:
        d.spec["args"] = [book.text(s) for s in arg_segs]
    entries = book.helper_entries() + env_entries
    if entries:
        d.spec["environment"] = entries
    d.spec.setdefault("transport", {})["type"] = "stdio"
    d.book = book if book.keys else None


def set_working_dir(d: Draft, cwd: Any, where: str) -> None:
    if not isinstance(cwd, str) or not cwd.startswith("/") or "${" in cwd:
        d.unmapped.append(f"{where}: not an absolute path inside a container; not mapped")
        return
    d.spec["workingDir"] = cwd
    d.notes.append(f"{where}: a folder on the client's machine; it must exist in the image")


def set_env_file(d: Draft, path: Any, where: str) -> None:
    secret = f"{d.name}-env"
    d.spec.setdefault("envFrom", []).append({"secretRef": {"name": secret}})
    d.env_files.append((secret, str(path)))
    d.notes.append(f"{where}: the file's variables come from Secret {secret} (envFrom)")
