"""The wheel carries templates, schemas and the chart, and renders from them alone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_ships_its_data_and_renders_from_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("mcpgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "mcpgen/_data/templates/deployment.yaml.j2",
        "mcpgen/_data/templates/httproute.yaml.j2",
        "mcpgen/_data/chart/Chart.yaml",
        "mcpgen/_data/chart/values.schema.json",
        "mcpgen/_data/chart/templates/_transport.tpl",
        "mcpgen/_data/schemas/gateway.networking.k8s.io/httproute_v1.json",
        "mcpgen/_data/schemas/mcp.mcp-operator.io/mcpserver_v1.json",
    ):
        assert required in names, required
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    # Build-time generators work only in a checkout, so the wheel leaves them out.
    assert not any(n.startswith("mcpgen_dev/") or n == "mcpgen/chart.py" for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import mcpgen, sys; from mcpgen.cli import main; "
        "assert mcpgen.__file__.startswith(sys.argv[1]), mcpgen.__file__; "
        "main(['render', '-q', sys.argv[2]])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(site), str(ROOT / "examples" / "sse-sticky.yaml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == (ROOT / "tests" / "golden" / "sse-sticky.yaml").read_text()


def test_dockerfile_copies_what_the_wheel_needs_and_runs_as_non_root() -> None:
    # No container engine runs here; this holds the Dockerfile to the wheel's inputs.
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    copied = {
        part
        for line in lines
        if line.startswith("COPY ") and "--from" not in line
        for part in line.split()[1:-1]
    }
    for needed in ("pyproject.toml", "mcpgen", "templates", "schemas", "charts"):
        assert needed in copied, needed
        assert (ROOT / needed).exists()
    assert "USER 1000:1000" in lines
    assert lines[-2] == 'ENTRYPOINT ["mcpgen"]'
