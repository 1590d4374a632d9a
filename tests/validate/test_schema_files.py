"""schemas/: generated files match the model, the CRD is structural and valid, copies match."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import kubernetes_validate
import pytest

from conftest import EXAMPLES, GOLDEN, ROOT, mcpgen
from mcpgen import schema
from mcpgen.validate.manifests import read_text
from mcpgen.validate.schema_check import SchemaChecker
from mcpgen.validate.schema_registry import SchemaRegistry
from mcpgen.yamlio.emit import parse_all

SCHEMAS = ROOT / "schemas"
SHARED = ROOT.parent / "shared" / "crd-schemas"
# Extracted from npm packages by scripts/crd-schemas-from-npm.py, not copied from shared/.
FROM_NPM = ("argoproj.io", "kustomize.toolkit.fluxcd.io")
THIRD_PARTY = [
    p.relative_to(SCHEMAS)
    for p in sorted(SCHEMAS.glob("*/*.json"))
    if p.relative_to(SCHEMAS).as_posix() != schema.SCHEMA_FILE
    and p.relative_to(SCHEMAS).parts[0] not in FROM_NPM
]
NPM_SCHEMAS = sorted(p.relative_to(SCHEMAS) for g in FROM_NPM for p in (SCHEMAS / g).glob("*.json"))


def _examples() -> list[dict[str, Any]]:
    return [doc for path in EXAMPLES for doc in parse_all(path.read_text()) if doc]


@pytest.mark.parametrize("name", sorted(schema.generated_files()))
def test_committed_file_is_what_the_model_generates(name: str) -> None:
    committed = (SCHEMAS / name).read_text(encoding="utf-8")
    assert committed == schema.generated_files()[name], (
        f"schemas/{name} is stale: run `python -m mcpgen.schema` and commit the result"
    )


def test_schema_and_crd_commands_print_the_committed_files() -> None:
    run = mcpgen("schema")
    assert run.code == 0
    assert run.out == (SCHEMAS / schema.SCHEMA_FILE).read_text(encoding="utf-8")
    run = mcpgen("crd")
    assert run.code == 0
    assert run.out == (SCHEMAS / schema.CRD_FILE).read_text(encoding="utf-8")


def test_schema_file_sits_where_kubeconform_looks() -> None:
    # -schema-location '{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'
    assert (SCHEMAS / "mcp.mcp-operator.io" / "mcpserver_v1.json").is_file()


def test_every_example_passes_the_json_schema_and_the_crd_schema() -> None:
    whole = jsonschema_rs.validator_for(schema.json_schema())
    crd_schema = schema.crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    structural = jsonschema_rs.Draft4Validator(crd_schema)
    for doc in _examples():
        assert [e.message for e in whole.iter_errors(doc)] == [], doc["metadata"]["name"]
        assert [e.message for e in structural.iter_errors(doc)] == [], doc["metadata"]["name"]


def test_the_json_schema_rejects_what_the_model_rejects() -> None:
    doc = _examples()[0]
    validator = jsonschema_rs.validator_for(schema.json_schema())
    wrong_type = {**doc, "spec": {**doc["spec"], "replicas": "3"}}
    misspelled = {**doc, "spec": {**doc["spec"], "replica": 3}}
    assert not validator.is_valid(wrong_type)
    assert not validator.is_valid(misspelled)


def test_spec_schema_has_every_ref_inlined_and_accepts_the_examples() -> None:
    spec = schema.spec_schema()
    text = json.dumps(spec)
    assert "$ref" not in text
    assert "$defs" not in text
    validator = jsonschema_rs.validator_for(spec)
    for doc in _examples():
        assert validator.is_valid(doc["spec"])
    assert not validator.is_valid({"image": "x:1", "replicas": -1})


def test_crd_passes_the_upstream_strict_crd_schema() -> None:
    # Both the reference Python implementation and mcpgen's own check.
    kubernetes_validate.validate(schema.crd(), "1.33.0", strict=True)
    source = read_text(schema.crd_text(), "crd.yaml")
    (resource,) = source.resources
    result = SchemaChecker(SchemaRegistry("1.33")).check(resource)
    assert result.status == "valid", result.findings


def test_crd_names_columns_and_status_subresource() -> None:
    crd = schema.crd()
    assert crd["metadata"]["name"] == "mcpservers.mcp.mcp-operator.io"
    assert crd["spec"]["names"]["shortNames"] == ["mcp", "mcps"]
    version = crd["spec"]["versions"][0]
    assert version["subresources"] == {"status": {}}
    columns = {c["name"]: c["jsonPath"] for c in version["additionalPrinterColumns"]}
    assert columns["Protocol"] == ".status.resolvedTransport.protocol"
    assert columns["Phase"] == ".status.phase"
    assert columns["Image"] == ".spec.image"
    assert columns["Age"] == ".metadata.creationTimestamp"


def _structural_problems(node: dict[str, Any], where: str) -> list[str]:
    """The structural-schema rules of apiextensions.k8s.io/v1, checked node by node."""
    problems = []
    int_or_string = node.get("x-kubernetes-int-or-string") is True
    if (
        "type" not in node
        and not int_or_string
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        problems.append(f"{where}: no type")
    for banned in ("$ref", "patternProperties", "propertyNames", "const", "oneOf", "definitions"):
        if banned in node:
            problems.append(f"{where}: {banned}")
    if "anyOf" in node and not (
        int_or_string and node["anyOf"] == [{"type": "integer"}, {"type": "string"}]
    ):
        problems.append(f"{where}: anyOf outside the int-or-string pattern")
    if int_or_string and "type" in node:
        problems.append(f"{where}: int-or-string with a type")
    if "properties" in node and "additionalProperties" in node:
        problems.append(f"{where}: properties beside additionalProperties")
    if "default" in node and not jsonschema_rs.Draft4Validator(node).is_valid(node["default"]):
        problems.append(f"{where}: default {node['default']!r} breaks its own schema")
    for name, child in (node.get("properties") or {}).items():
        problems += _structural_problems(child, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            problems += _structural_problems(node[key], f"{where}.{key}")
    return problems


def test_crd_schema_is_structural() -> None:
    root = schema.crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert _structural_problems(root, "openAPIV3Schema") == []
    spec = root["properties"]["spec"]["properties"]
    sse = spec["transport"]["properties"]["config"]["properties"]["http"]["properties"]["sse"]
    surge = sse["properties"]["maxSurge"]
    assert surge["x-kubernetes-int-or-string"] is True
    assert surge["default"] == "25%"
    assert spec["pdb"]["properties"]["minAvailable"]["x-kubernetes-int-or-string"] is True
    assert spec["service"]["properties"]["targetPort"]["x-kubernetes-int-or-string"] is True


def test_a_model_union_the_crd_cannot_express_is_refused() -> None:
    union = {"anyOf": [{"type": "object"}, {"type": "array"}]}
    with pytest.raises(schema.NotStructural, match=r"spec\.odd"):
        schema.structural(union, "spec.odd")


def _sums() -> dict[str, str]:
    lines = (SCHEMAS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_every_copied_schema_is_listed_with_its_digest() -> None:
    copied = {p.as_posix() for p in THIRD_PARTY} | {p.as_posix() for p in NPM_SCHEMAS}
    assert set(_sums()) == copied


@pytest.mark.parametrize("name", [p.as_posix() for p in THIRD_PARTY])
def test_third_party_schema_is_an_unchanged_copy(name: str) -> None:
    # The digests were taken from the copies in shared/crd-schemas; this holds in any
    # clone, with or without that folder beside it.
    data = (SCHEMAS / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == _sums()[name], f"schemas/{name} was edited"
    assert name.split("/")[0] in (SCHEMAS / "README.md").read_text()
    if SHARED.is_dir():  # where the source is at hand, it is still the same file
        assert data == (SHARED / name).read_bytes()


@pytest.mark.parametrize("name", NPM_SCHEMAS, ids=[str(n) for n in NPM_SCHEMAS])
def test_schemas_from_npm_compile_and_name_their_source(name: Path) -> None:
    data = (SCHEMAS / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == _sums()[name.as_posix()], "rerun the script"
    jsonschema_rs.validator_for(json.loads(data))
    readme = (SCHEMAS / "README.md").read_text()
    assert f"`{name.as_posix()}`" in readme and "@kubernetes-models/" in readme


def test_every_kind_mcpgen_emits_has_a_schema() -> None:
    # Every golden file, all eight providers included: no emitted kind is unknown.
    registry = SchemaRegistry("1.33")
    kinds = set()
    for path in sorted(GOLDEN.rglob("*.yaml")):
        for resource in read_text(path.read_text(), str(path)).resources:
            kinds.add((resource.signature.api_version, resource.signature.kind))
            assert registry.locate(resource.signature) is not None, resource.signature
    assert len(kinds) >= 12, kinds


def test_help_and_render_import_no_validator() -> None:
    # jsonschema-rs and kubernetes-validate load only when `validate` runs, or when a spec
    # carries an embedded Kubernetes object to check (sse-basic carries none; see
    # tests/test_embedded_types.py for the specs that do).
    code = (
        "import sys\n"
        "from mcpgen.cli import main\n"
        "for argv in (['--help'], ['render', sys.argv[1]]):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "loaded = [m for m in ('jsonschema_rs', 'kubernetes_validate', 'jsonschema') "
        "if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "examples" / "sse-basic.yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert "LOADED []" in proc.stderr, proc.stderr


def test_schemas_folder_is_found_in_a_checkout() -> None:
    from mcpgen.datafiles import data_dir

    assert Path(data_dir("schemas"), schema.SCHEMA_FILE).is_file()
