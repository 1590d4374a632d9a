"""The schema check on broken manifests: each problem found, on its own line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mcpgen.validate.manifests import read_text
from mcpgen.validate.schema_check import SchemaChecker
from mcpgen.validate.schema_registry import (
    SchemaRegistry,
    UnknownKubernetesVersion,
    upstream_folder,
)

from .helpers import check, codes, line_of, manifest, only

DEPLOYMENT = manifest(
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: apps
    spec:
      replicas: 2
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
          - name: web
            image: nginx:1.27
            ports:
            - containerPort: 8080
    """
)


def test_a_valid_deployment_is_clean() -> None:
    report = check(DEPLOYMENT)
    assert report.findings == []
    assert report.summary().valid == 1


def test_wrong_type_points_at_the_value() -> None:
    text = DEPLOYMENT.replace("containerPort: 8080", 'containerPort: "8080"')
    finding = only(check(text), "SCH001")
    assert finding.line == line_of(text, "containerPort")
    assert finding.field == "spec.template.spec.containers[0].ports[0].containerPort"
    assert "must be integer" in finding.message
    assert "remove the quotes" in finding.message
    assert finding.resource == "Deployment apps/web"


def test_misspelled_field_points_at_the_key_with_a_suggestion() -> None:
    text = DEPLOYMENT.replace("replicas: 2", "replica: 2")
    finding = only(check(text), "SCH001")
    assert finding.line == line_of(text, "replica:")
    assert "unknown field 'replica'; did you mean 'replicas'?" in finding.message
    assert finding.fix == "rename it to 'replicas'"


def test_misspelled_top_level_field() -> None:
    text = DEPLOYMENT.replace("metadata:\n  name: web", "metdata:\n  name: web")
    report = check(text)
    assert any("did you mean 'metadata'" in f.message for f in report.findings)
    assert report.findings[0].line == line_of(text, "metdata")


def test_missing_required_field_points_at_its_parent() -> None:
    text = DEPLOYMENT.replace("      - name: web\n", "      -\n")
    finding = only(check(text), "SCH001")
    assert "required field 'name' is missing" in finding.message
    assert finding.line == line_of(text, "image:")


def test_int_or_string_gets_a_plain_message() -> None:
    text = DEPLOYMENT.replace(
        "  replicas: 2\n", "  replicas: 2\n  strategy:\n    rollingUpdate: {maxSurge: true}\n"
    )
    finding = only(check(text), "SCH001")
    assert "whole number or a string" in finding.message
    assert finding.line == line_of(text, "maxSurge")


def test_several_errors_in_one_document_are_all_reported_in_line_order() -> None:
    text = DEPLOYMENT.replace("replicas: 2", 'replicas: "2"').replace("image: nginx", "imag: nginx")
    report = check(text)
    assert codes(report) == ["SCH001", "SCH001"]
    assert [f.line for f in report.findings] == [line_of(text, "replicas"), line_of(text, "imag:")]


def test_unknown_kind_is_an_error_unless_ignored() -> None:
    text = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
    finding = only(check(text), "SCH002")
    assert finding.severity == "error"
    assert "schemas/example.com/widget_v1.json" in finding.message
    ignored = check(text, ignore_missing_schemas=True)
    assert ignored.findings == []
    assert ignored.summary().skipped == 1


def test_kustomization_is_a_build_input_not_a_cluster_object() -> None:
    text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n"
    report = check(text)
    assert report.findings == []
    assert report.summary().skipped == 1


def test_not_an_object() -> None:
    assert codes(check("- a\n- b\n")) == ["SCH003"]
    assert codes(check("name: x\n")) == ["SCH003"]


def test_third_party_kind_from_schemas_folder() -> None:
    text = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: r}
        spec:
          parentRefs: [{name: gw}]
          rules:
          - backendRefs: [{name: web, port: 80}]
            timeouts: {request: forever}
        """
    finding = only(check(text), "SCH001")
    assert finding.line == line_of(text, "timeouts")
    assert "forever" in finding.message


def test_kubernetes_version_picks_the_schemas() -> None:
    # Service.spec.trafficDistribution arrived in Kubernetes 1.30.
    text = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
          trafficDistribution: PreferClose
        """
    assert check(text, kubernetes_version="1.33").findings == []
    finding = only(check(text, kubernetes_version="1.29"), "SCH001")
    assert "unknown field 'trafficDistribution'" in finding.message


def test_unknown_kubernetes_version_names_the_supported_ones() -> None:
    with pytest.raises(UnknownKubernetesVersion, match=r"supported: 1\.25"):
        upstream_folder("1.12")
    with pytest.raises(UnknownKubernetesVersion, match="not a Kubernetes version"):
        upstream_folder("latest")
    assert upstream_folder("v1.31.4").name == "v1.31.0-local-strict"


def test_each_schema_is_compiled_once() -> None:
    checker = SchemaChecker(SchemaRegistry("1.33"))
    first, second = read_text(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n"
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n",
        "n.yaml",
    ).resources
    assert checker.check(first).status == "valid"
    assert checker.check(second).status == "valid"
    schema = SchemaRegistry("1.33").locate(first.signature)
    assert schema is not None
    assert checker.validator(schema) is checker.validator(schema)
    assert len(checker._validators) == 1


def test_a_remote_reference_is_refused_not_fetched(tmp_path: Path) -> None:
    own = tmp_path / "example.com"
    own.mkdir()
    (own / "widget_v1.json").write_text(
        json.dumps(
            {"type": "object", "properties": {"spec": {"$ref": "https://example.com/s.json"}}}
        )
    )
    checker = SchemaChecker(SchemaRegistry("1.33", schemas_dir=tmp_path))
    (resource,) = read_text("apiVersion: example.com/v1\nkind: Widget\nspec: {}\n", "w").resources
    with pytest.raises(ValueError, match="not available offline"):
        checker.check(resource)


def test_non_string_keys_are_validated_as_the_api_server_sees_them() -> None:
    # `y:` is a boolean key in YAML 1.1; the API server gets the string "true".
    text = DEPLOYMENT.replace(
        "labels: {app: web}\n    spec:", "labels: {app: web, y: n}\n    spec:"
    )
    report = check(text)
    assert codes(report) == ["SCH001"]
    assert "quote it" in report.findings[0].message


RESOURCES = (
    DEPLOYMENT
    + "        resources:\n"
    + "          requests: {REQUESTS}\n"
    + "          limits: {memory: 128Mi, cpu: 0.5, hugepages-2Mi: 1Gi, nvidia.com/gpu: 1}\n"
)


@pytest.mark.parametrize(
    "requests",
    ["{cpu: 500m, memory: 1Gi}", "{cpu: 2, ephemeral-storage: '1e3'}", "{example.com/fpga: 1}"],
)
def test_container_resources_the_api_server_takes_are_clean(requests: str) -> None:
    report = check(RESOURCES.replace("{REQUESTS}", requests), policy=False)
    assert codes(report) == [], report.findings


@pytest.mark.parametrize(
    ("requests", "needle", "message"),
    [
        # What the upstream schemas let through and the API server refuses.
        ("{memroy: 1Gi}", "memroy", "unknown resource 'memroy'; did you mean 'memory'?"),
        ('{cpu: "1 core"}', "requests", "'1 core' must be a Kubernetes quantity"),
        ("{kubernetes.io/gpu: 1}", "requests", "the kubernetes.io domain is reserved"),
        ("{cpu: 1.5.0}", "requests", "'1.5.0' must be a Kubernetes quantity"),
    ],
)
def test_container_resources_the_api_server_refuses(
    requests: str, needle: str, message: str
) -> None:
    text = RESOURCES.replace("{REQUESTS}", requests)
    finding = only(check(text, policy=False), "SCH001")
    assert message in finding.message
    assert finding.line == line_of(text, needle)
    assert finding.field.startswith("spec.template.spec.containers[0].resources.requests")


def test_every_quantity_is_strict_not_only_a_containers() -> None:
    claim = manifest(
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: apps}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: ten gigs}}
        """
    )
    finding = only(check(claim, policy=False), "SCH001")
    assert finding.field == "spec.resources.requests.storage"
    assert "'ten gigs' must be a Kubernetes quantity" in finding.message
