"""`--validator kubeconform`: its JSON output becomes the same findings, with lines.

The runs of the real binary need kubeconform on PATH; it is not packaged for
Debian, PyPI or npm, so on a machine without it those tests skip and say so.
The mapping of its output format is tested everywhere.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import mcpgen
from mcpgen.validate.kubeconform import (
    SCHEMA_TEMPLATE,
    arguments,
    command,
    kubernetes_version,
    map_output,
)
from mcpgen.validate.manifests import read_text
from mcpgen.validate.schema_registry import SchemaRegistry

from .helpers import line_of, manifest

# The two runs of the real binary skip, visibly, where it cannot be had: no registry
# this project installs from (PyPI, npm, Debian) carries it.
needs_kubeconform = pytest.mark.skipif(
    shutil.which("kubeconform") is None,
    reason="kubeconform is not on PATH (not on PyPI, npm or Debian; install it to run these)",
)

TEXT = manifest(
    """
    apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      ports:
      - port: "80"
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 1
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1"}]
    ---
    apiVersion: example.com/v1
    kind: Widget
    metadata: {name: w}
    ---
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources: []
    """
)

# kubeconform -output json -verbose, as its README documents the shape.
OUTPUT = {
    "resources": [
        {
            "filename": "k.yaml",
            "kind": "Service",
            "name": "web",
            "version": "v1",
            "status": "statusInvalid",
            "msg": "problem validating schema. Check JSON formatting: jsonschema: "
            "'/spec/ports/0/port' does not validate",
            "validationErrors": [
                {"path": "/spec/ports/0/port", "msg": "expected integer, but got string"}
            ],
        },
        {
            "filename": "k.yaml",
            "kind": "Deployment",
            "name": "web",
            "version": "apps/v1",
            "status": "statusValid",
            "msg": "",
        },
        {
            "filename": "k.yaml",
            "kind": "Widget",
            "name": "w",
            "version": "example.com/v1",
            "status": "statusError",
            "msg": "could not find schema for Widget",
        },
        {
            "filename": "k.yaml",
            "kind": "Kustomization",
            "name": "",
            "version": "kustomize.config.k8s.io/v1beta1",
            "status": "statusError",
            "msg": "could not find schema for Kustomization",
        },
    ],
    "summary": {"valid": 1, "invalid": 1, "errors": 2, "skipped": 0},
}


def test_output_maps_to_findings_with_lines() -> None:
    registry = SchemaRegistry("1.33")
    results = map_output(OUTPUT, [read_text(TEXT, "k.yaml")], registry, {})
    assert [r.status for r in results] == ["invalid", "valid", "error", "skipped"]
    (port,) = results[0].findings
    assert (port.code, port.line) == ("SCH001", line_of(TEXT, 'port: "80"'))
    assert port.field == "spec.ports[0].port"
    assert port.message == "spec.ports[0].port: expected integer, but got string"
    (widget,) = results[2].findings
    assert (widget.code, widget.line) == ("SCH002", line_of(TEXT, "kind: Widget") - 1)


def test_arguments_add_the_schemas_folder_with_kubeconform_naming() -> None:
    registry = SchemaRegistry("1.33")
    argv = arguments(registry, ["a.yaml"], ignore_missing=True)
    assert argv[argv.index("-kubernetes-version") + 1] == "1.33.0"
    locations = [argv[i + 1] for i, a in enumerate(argv) if a == "-schema-location"]
    assert locations == [f"{registry.own}/{SCHEMA_TEMPLATE}", "default"]
    assert argv[-2:] == ["-ignore-missing-schemas", "a.yaml"]
    assert "-ignore-missing-schemas" not in arguments(registry, [], ignore_missing=False)


def test_without_the_binary_validate_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no kubeconform on it
    with pytest.raises(RuntimeError, match="kubeconform is not on PATH"):
        command(SchemaRegistry("1.33"), ["a.yaml"], ignore_missing=False)


def test_kubernetes_version_is_the_full_one_kubeconform_takes() -> None:
    assert kubernetes_version(SchemaRegistry("1.31")) == "1.31.0"
    assert SCHEMA_TEMPLATE == "{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"


@needs_kubeconform
def test_kubeconform_finds_what_the_embedded_validator_finds(tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    path.write_text(TEXT)
    embedded = json.loads(mcpgen("validate", "-o", "json", str(path)).out)
    external = json.loads(
        mcpgen("validate", "-o", "json", "--validator", "kubeconform", str(path)).out
    )
    assert {(f["code"], f["line"]) for f in external["findings"]} == {
        (f["code"], f["line"]) for f in embedded["findings"]
    }


@needs_kubeconform
def test_kubeconform_validates_rendered_examples_clean(rendered_examples: Path) -> None:
    run = mcpgen("validate", "--validator", "kubeconform", str(rendered_examples))
    assert run.code == 0, run.out
