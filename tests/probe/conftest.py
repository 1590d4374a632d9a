"""Fixtures for the probe tests: real SDK servers in subprocesses, hostile ones in a thread.

Everything listens on 127.0.0.1 only, on ports the kernel picks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the helper modules next to this file

import mcp1_venv  # noqa: E402
from hostile_server import HostileServer  # noqa: E402
from mcp1_server import KINDS as MCP1_KINDS  # noqa: E402
from runner import Run, run_cli  # noqa: E402
from sdk_server import KINDS, SdkServer, running  # noqa: E402


@pytest.fixture(scope="session")
def sdk_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SdkServer]]:
    """Every SDK server kind, started together once per session."""
    with running(KINDS, tmp_path_factory.mktemp("sdk-logs")) as servers:
        yield servers


@pytest.fixture(scope="session")
def mcp1_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SdkServer]]:
    """mcp 1.30.0 (legacy era only) in every mode, from the tests' own venv."""
    python = mcp1_venv.python()
    with running(MCP1_KINDS, tmp_path_factory.mktemp("mcp1-logs"), python=python) as servers:
        yield servers


@pytest.fixture(scope="session")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.fixture
def cli() -> Callable[..., Run]:
    """`mcpgen ...` in-process, stdout and stderr apart."""
    return run_cli
