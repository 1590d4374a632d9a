"""HTTPS: verification on by default, `--cacert` for a private CA, `--insecure` to skip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from drivers import DRIVERS
from sdk_server import SdkServer, running
from tls_certs import make_certs

from mcpgen.detect.actions import State
from mcpgen.detect.codes import PRB_TLS
from mcpgen.probe import ProbeOptions


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SdkServer, Path]]:
    folder = tmp_path_factory.mktemp("tls")
    ca, cert, key = make_certs(folder)
    with running(["stateless"], folder, tls=(cert, key)) as servers:
        yield servers["stateless"], ca


@pytest.mark.parametrize("driver", sorted(DRIVERS))
def test_an_unknown_ca_fails_with_the_way_out(
    tls_server: tuple[SdkServer, Path], driver: str
) -> None:
    server, _ = tls_server
    report = DRIVERS[driver](server.url, ProbeOptions(timeout=5))
    assert report.verdict.state is State.FAILED
    (issue,) = report.verdict.issues
    assert issue.code == PRB_TLS
    assert "--cacert" in issue.message and "--insecure" in issue.message


@pytest.mark.parametrize("driver", sorted(DRIVERS))
@pytest.mark.parametrize("how", ["cacert", "insecure"])
def test_a_private_ca_or_no_verification_validates(
    tls_server: tuple[SdkServer, Path], driver: str, how: str
) -> None:
    server, ca = tls_server
    options = (
        ProbeOptions(timeout=5, cacert=str(ca))
        if how == "cacert"
        else ProbeOptions(timeout=5, insecure=True)
    )
    report = DRIVERS[driver](server.url, options)
    assert report.verdict.ok, report.text()
    assert report.verdict.endpoint == server.url
    assert server.url.startswith("https://")
