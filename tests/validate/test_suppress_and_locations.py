"""Real GitOps repositories: custom resources with the user's schemas, findings silenced
one object at a time (annotation) or for a run (--skip), both counted."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import mcpgen

# A custom resource mcpgen ships no schema for.
MONITOR = """\
apiVersion: example.com/v1
kind: Probe
metadata:
  name: wiki
  namespace: mcp
spec:
  selector: {matchLabels: {app: wiki}}
  endpoints: [{port: metrics}]
"""
SCHEMA = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"type": "object"},
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"selector": {"type": "object"}, "endpoints": {"type": "array"}},
        },
    },
}


def _report(*args: str) -> dict[str, object]:
    run = mcpgen("validate", "-o", "json", *args)
    report: dict[str, object] = json.loads(run.out)
    return report


def _codes(report: dict[str, object]) -> list[str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


def test_a_missing_schema_names_the_option_that_fixes_it(tmp_path: Path) -> None:
    (tmp_path / "monitor.yaml").write_text(MONITOR)
    run = mcpgen("validate", str(tmp_path / "monitor.yaml"))
    assert run.code == 1
    assert "SCH002" in run.out and "--schema-location" in run.out


def test_schema_location_template_folder_and_file(tmp_path: Path) -> None:
    manifest = tmp_path / "monitor.yaml"
    manifest.write_text(MONITOR)
    crds = tmp_path / "crds" / "example.com"
    crds.mkdir(parents=True)
    (crds / "probe_v1.json").write_text(json.dumps(SCHEMA))
    template = (
        f"{tmp_path}/crds/{{{{ .Group }}}}/{{{{ .ResourceKind }}}}_{{{{.ResourceAPIVersion}}}}.json"
    )
    for location in (template, str(tmp_path / "crds"), str(crds / "probe_v1.json")):
        run = mcpgen("validate", "--schema-location", location, str(manifest))
        assert run.code == 0, (location, run.out)
    # The schema really applies: an unknown field is refused.
    manifest.write_text(MONITOR.replace("endpoints:", "endpoint:"))
    run = mcpgen("validate", "--schema-location", template, str(manifest))
    assert run.code == 1 and "SCH001" in run.out
    # Several locations, in order; the first that has the file wins.
    run = mcpgen(
        "validate",
        "--schema-location",
        str(tmp_path / "none"),
        "--schema-location",
        template,
        str(manifest),
    )
    assert "SCH001" in run.out


def test_schema_location_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(MONITOR)
    bad = mcpgen("validate", "--schema-location", "x/{{ .Kind }}.json", str(tmp_path / "m.yaml"))
    assert bad.code == 2 and "unknown field .Kind" in bad.err
    url = mcpgen(
        "validate", "--schema-location", "https://x/{{ .Group }}", str(tmp_path / "m.yaml")
    )
    assert url.code == 2 and "only local paths" in url.err


def test_one_object_is_silenced_by_its_annotation_and_counted(tmp_path: Path) -> None:
    annotated = MONITOR.replace(
        "  namespace: mcp\n",
        "  namespace: mcp\n  annotations:\n    mcpgen.io/ignore: SCH002, POL999\n",
    )
    (tmp_path / "a.yaml").write_text(annotated)
    (tmp_path / "b.yaml").write_text(MONITOR.replace("name: wiki", "name: other"))
    report = _report(str(tmp_path))
    assert _codes(report) == ["SCH002"]  # only the object without the annotation
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["suppressed"] == {"skip": 0, "annotation": 1}
    text = mcpgen("validate", str(tmp_path)).out
    assert "Errors: 1, Skipped: 1" in text and "1 silenced by mcpgen.io/ignore" in text
    # --skip is checked first, so it counts both.
    run = mcpgen("validate", "--skip", "SCH002", str(tmp_path))
    assert run.code == 0 and "2 silenced by --skip" in run.out
