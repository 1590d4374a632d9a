"""A third-party scanner (checkov) on what mcpgen renders and the chart prints.

checkov runs from its own venv (tests/tool_venv.py): its dependency pins do not
fit the project's. Every failed check must be on tests/scan/allowlist.yaml with a
reason, and every allow-list entry must still be needed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from chart.helm import helm
from tool_venv import tool_venv

from conftest import EXAMPLES, ROOT, mcpgen

CHECKOV = ("checkov==3.3.30",)
ALLOW = yaml.safe_load((Path(__file__).parent / "allowlist.yaml").read_text())
CHART = ROOT / "charts" / "mcp-server"


@pytest.fixture(scope="module")
def checkov() -> Path:
    return tool_venv("checkov", CHECKOV) / "checkov"


def _scan(checkov: Path, folder: Path) -> set[tuple[str, str]]:
    """(check id, example stem) of every failed check of the manifests in `folder`."""
    done = subprocess.run(
        [str(checkov), "-d", str(folder), "--framework", "kubernetes", "-o", "json", "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]  # 1: some check failed
    reports: Any = json.loads(done.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    assert sum(r["summary"]["passed"] for r in reports) > 100, "checkov checked nothing"
    return {
        (f["check_id"], Path(f["file_path"]).stem)
        for r in reports
        for f in r["results"]["failed_checks"]
    }


def _allowed(found: set[tuple[str, str]]) -> tuple[set[tuple[str, str]], list[dict[str, str]]]:
    """The failures no entry allows, and the entries that allow nothing."""

    def allows(entry: dict[str, str], check: str, stem: str) -> bool:
        return entry["check"] == check and entry["where"] in ("*", stem)

    left = {(c, s) for c, s in found if not any(allows(e, c, s) for e in ALLOW)}
    unused = [e for e in ALLOW if not any(allows(e, c, s) for c, s in found)]
    return left, unused


def test_allowlist_entries_have_reasons() -> None:
    for entry in ALLOW:
        assert set(entry) == {"check", "where", "reason"} and len(entry["reason"]) > 20, entry


def test_rendered_examples_fail_no_check_beyond_the_allowlist(
    checkov: Path, tmp_path: Path
) -> None:
    for example in EXAMPLES:
        run = mcpgen("render", "-q", str(example))
        assert run.code == 0, run.err
        (tmp_path / f"{example.stem}.yaml").write_text(run.out)
    left, unused = _allowed(_scan(checkov, tmp_path))
    assert not left, f"checkov failed checks with no allow-list entry: {sorted(left)}"
    assert not unused, f"allow-list entries nothing needs any more: {unused}"


def test_the_charts_output_for_each_example_fails_no_check_beyond_the_allowlist(
    checkov: Path, tmp_path: Path
) -> None:
    for example in EXAMPLES:
        document = yaml.safe_load(example.read_text())
        values = tmp_path / f"{example.stem}.values.json"
        values.write_text(json.dumps(document["spec"]))
        name, namespace = document["metadata"]["name"], document["metadata"].get("namespace")
        out = helm(
            "template",
            name,
            str(CHART),
            "-n",
            namespace or "default",
            "-f",
            str(values),
            "--skip-tests",
        ).stdout
        (tmp_path / "out").mkdir(exist_ok=True)
        (tmp_path / "out" / f"{example.stem}.yaml").write_text(out)
    left, _ = _allowed(_scan(checkov, tmp_path / "out"))
    assert not left, f"checkov failed checks with no allow-list entry: {sorted(left)}"
