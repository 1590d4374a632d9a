"""Embedded Kubernetes objects are checked against the upstream strict schemas at load
time: a bad field or quantity exits 2 at its file:line:column, and nothing is written."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, mcpgen
from mcpgen import kube_resources
from mcpgen.kube_resources import QUANTITY_PATTERN
from mcpgen.load import LoadError, load_paths, load_text
from mcpgen.model import MCPServer, kube

HEAD = "apiVersion: mcp.mcp-operator.io/v1\nkind: MCPServer\nmetadata:\n  name: demo\nspec:\n"
SPEC = HEAD + "  image: mcp/x:1\n"

# (case id, spec lines after `image`, expected "line:col: field", words the message holds)
CASES = [
    (
        "resource-name",
        "  resources: {limits: {memroy: 1Gi}}\n",
        ":7:24: spec.resources.limits.memroy",
        ["unknown resource 'memroy'", "did you mean 'memory'"],
    ),
    (
        "resource-quantity",
        "  resources:\n    requests:\n      cpu: 1 core\n",
        ":9:12: spec.resources.requests.cpu",
        ["'1 core'", "quantity"],
    ),
    (
        "affinity-field",
        "  podTemplate:\n    affinity:\n      podAntiAfinity:\n        "
        "preferredDuringSchedulingIgnoredDuringExecution: []\n",
        ":9:7: spec.podTemplate.affinity.podAntiAfinity",
        ["unknown field 'podAntiAfinity'", "did you mean 'podAntiAffinity'"],
    ),
    (
        "affinity-deep-field",
        "  podTemplate:\n    affinity:\n      nodeAffinity:\n"
        "        requiredDuringSchedulingIgnoredDuringExecution:\n"
        "          nodeSelectorTerms:\n          - matchExpressions:\n"
        "            - {key: zone, operator: In, valus: [a]}\n",
        ":13:41: spec.podTemplate.affinity.nodeAffinity."
        "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]."
        "matchExpressions[0].valus",
        ["did you mean 'values'"],
    ),
    (
        "volume-field",
        "  podTemplate:\n    volumes:\n    - name: config\n      confgMap: {name: x}\n",
        ":10:7: spec.podTemplate.volumes[0].confgMap",
        ["unknown field 'confgMap'", "did you mean 'configMap'"],
    ),
    (
        "volume-quantity",
        "  podTemplate:\n    volumes:\n    - name: tmp\n      emptyDir: {sizeLimit: 1 gig}\n",
        ":10:29: spec.podTemplate.volumes[0].emptyDir.sizeLimit",
        ["'1 gig'", "quantity"],
    ),
    (
        "volume-required",
        "  podTemplate:\n    volumes:\n    - name: data\n      persistentVolumeClaim: {}\n",
        ":10:30: spec.podTemplate.volumes[0].persistentVolumeClaim",
        ["required field 'claimName' is missing"],
    ),
    (
        "volume-type",
        "  podTemplate:\n    volumes:\n    - name: s\n"
        '      secret: {secretName: s, defaultMode: "0644"}\n',
        ":10:44: spec.podTemplate.volumes[0].secret.defaultMode",
        ["whole number", "remove the quotes"],
    ),
    (
        "env-value-from",
        "  environment:\n  - name: TOKEN\n    valueFrom:\n      secretKeyRef: {nam: x, key: k}\n",
        ":10:22: spec.environment[0].valueFrom.secretKeyRef.nam",
        ["unknown field 'nam'", "did you mean 'name'"],
    ),
    (
        "toleration-operator",
        "  podTemplate:\n    tolerations:\n    - key: gpu\n      operator: Equals\n",
        ":10:17: spec.podTemplate.tolerations[0].operator",
        ["'Equals' is not allowed", "did you mean 'Equal'"],
    ),
    (
        "volume-mount-propagation",
        "  podTemplate:\n    volumeMounts:\n    - name: x\n      mountPath: /x\n"
        "      mountPropagation: HostToContainr\n",
        ":11:25: spec.podTemplate.volumeMounts[0].mountPropagation",
        ["did you mean 'HostToContainer'"],
    ),
    (
        "node-selector-value",
        "  podTemplate:\n    nodeSelector: {zone: 'not a label'}\n",
        ":8:26: spec.podTemplate.nodeSelector.zone",
        ["label value"],
    ),
]


def _write(tmp_path: Path, body: str) -> Path:
    source = tmp_path / "server.yaml"
    source.write_text(SPEC + body, encoding="utf-8")
    return source


@pytest.mark.parametrize(
    ("body", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_render_exits_2_at_the_place_and_writes_nothing(
    tmp_path: Path, body: str, where: str, words: list[str]
) -> None:
    source = _write(tmp_path, body)
    out = tmp_path / "rendered"
    out.mkdir()
    (out / "keep.txt").write_text("untouched", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))

    run = mcpgen("render", str(source), "-o", str(out))

    assert run.code == 2, run.err
    assert f"{source}{where}:" in run.err, run.err
    for word in words:
        assert word.lower() in run.err.lower(), (word, run.err)
    assert "nothing was written" in run.err
    assert "Traceback" not in run.err
    assert run.out == ""
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert (out / "keep.txt").read_text(encoding="utf-8") == "untouched"


@pytest.mark.parametrize(("body", "where"), [c[1:3] for c in CASES], ids=[c[0] for c in CASES])
def test_explain_exits_2_at_the_place(tmp_path: Path, body: str, where: str) -> None:
    source = _write(tmp_path, body)
    run = mcpgen("explain", str(source))
    assert run.code == 2, run.err
    assert f"{source}{where}:" in run.err, run.err


def test_validate_reports_line_column_and_field(tmp_path: Path) -> None:
    # `mcpgen validate` keeps its contract: findings exit 1 (--fail-on), unreadable input 2.
    source = _write(tmp_path, CASES[4][1])
    text = mcpgen("validate", str(source))
    assert text.code == 1, text.out
    assert "10:7  error    MCP001" in text.out
    assert "spec.podTemplate.volumes[0].confgMap: unknown field 'confgMap'" in text.out
    assert "did you mean 'configMap'" in text.out

    report = json.loads(mcpgen("validate", "-o", "json", str(source)).out)
    (finding,) = report["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("MCP001", 10, 7)
    assert finding["field"] == "spec.podTemplate.volumes[0].confgMap"

    github = mcpgen("validate", "-o", "github", str(source)).out
    assert "line=10,col=7," in github


def test_every_problem_of_one_object_is_reported(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        "  podTemplate:\n    volumes:\n    - confgMap: {name: x}\n"
        "    - {name: c, configMap: {name: x, 1: y}}\n",
    )
    run = mcpgen("render", str(source))
    assert run.code == 2
    assert f"{source}:9:7: spec.podTemplate.volumes[0].confgMap: unknown field" in run.err
    assert f"{source}:9:7: spec.podTemplate.volumes[0]: required field 'name'" in run.err
    assert f"{source}:10:38: spec.podTemplate.volumes[1].configMap.1: a key must be" in run.err
    assert "3 problems" in run.err


def test_the_model_alone_says_what_is_wrong() -> None:
    # Outside the loader (MCPServer.model_validate in a script), the error text still
    # names the field inside the object.
    data: dict[str, Any] = {
        "apiVersion": "mcp.mcp-operator.io/v1",
        "kind": "MCPServer",
        "metadata": {"name": "demo"},
        "spec": {"image": "mcp/x:1", "podTemplate": {"affinity": {"podAntiAfinity": {}}}},
    }
    with pytest.raises(ValueError, match=r"podAntiAfinity.*did you mean 'podAntiAffinity'"):
        MCPServer.model_validate(data)


# Shapes people write, straight from the Kubernetes documentation: all must pass.
VALID: dict[str, Any] = {
    "resources": {
        "requests": {"cpu": "250m", "memory": "64Mi", "ephemeral-storage": "1Gi"},
        "limits": {"cpu": 2, "memory": "1.5Gi", "hugepages-2Mi": "100Mi", "nvidia.com/gpu": 1},
    },
    "environment": [
        {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {
            "name": "MEM",
            "valueFrom": {
                "resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"},
            },
        },
        {
            "name": "URL",
            "valueFrom": {"configMapKeyRef": {"name": "c", "key": "url", "optional": True}},
        },
        {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "s", "key": "token"}}},
    ],
    "podTemplate": {
        "nodeSelector": {"kubernetes.io/arch": "amd64"},
        "tolerations": [
            {"key": "gpu", "operator": "Exists", "effect": "NoSchedule"},
            {"key": "k", "operator": "Equal", "value": "v", "tolerationSeconds": 30},
        ],
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [
                        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}
                    ]
                },
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    {
                        "weight": 1,
                        "preference": {"matchExpressions": [{"key": "disk", "operator": "Exists"}]},
                    }
                ],
            },
            "podAntiAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    {
                        "weight": 100,
                        "podAffinityTerm": {
                            "labelSelector": {"matchLabels": {"app": "demo"}},
                            "topologyKey": "kubernetes.io/hostname",
                        },
                    }
                ]
            },
        },
        "volumes": [
            {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
            {
                "name": "cfg",
                "configMap": {
                    "name": "c",
                    "defaultMode": 0o444,
                    "items": [{"key": "a", "path": "a.json"}],
                },
            },
            {"name": "sec", "secret": {"secretName": "s", "optional": True}},
            {"name": "data", "persistentVolumeClaim": {"claimName": "d", "readOnly": True}},
            {
                "name": "all",
                "projected": {
                    "sources": [
                        {"configMap": {"name": "c"}},
                        {"serviceAccountToken": {"path": "t", "expirationSeconds": 3600}},
                    ]
                },
            },
            {
                "name": "scratch",
                "ephemeral": {
                    "volumeClaimTemplate": {
                        "spec": {
                            "accessModes": ["ReadWriteOnce"],
                            "resources": {"requests": {"storage": "1Gi"}},
                        }
                    }
                },
            },
            {"name": "csi", "csi": {"driver": "secrets-store.csi.k8s.io", "readOnly": True}},
        ],
        "volumeMounts": [
            {"name": "tmp", "mountPath": "/tmp"},
            {"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True, "subPath": "a.json"},
            {
                "name": "data",
                "mountPath": "/data",
                "readOnly": True,
                "recursiveReadOnly": "IfPossible",
                "mountPropagation": "None",
            },
        ],
    },
}


def _server(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "mcp.mcp-operator.io/v1",
        "kind": "MCPServer",
        "metadata": {"name": "demo"},
        "spec": {"image": "mcp/x:1", **spec},
    }


def test_upstream_shapes_pass_and_pass_through_untouched() -> None:
    server = MCPServer.model_validate(_server(VALID))
    assert server.spec.pod_template.affinity == VALID["podTemplate"]["affinity"]
    assert server.spec.pod_template.volumes == VALID["podTemplate"]["volumes"]


def test_upstream_shapes_render(tmp_path: Path) -> None:
    source = tmp_path / "server.yaml"
    source.write_text(json.dumps(_server(VALID)), encoding="utf-8")
    run = mcpgen("render", "-q", str(source))
    assert run.code == 0, run.err
    assert "podAntiAffinity" in run.out and "volumeClaimTemplate" in run.out


@settings(max_examples=60, deadline=None)
@given(st.from_regex(QUANTITY_PATTERN, fullmatch=True))
def test_every_quantity_of_the_grammar_passes_inside_a_volume(quantity: str) -> None:
    volume = {"name": "tmp", "emptyDir": {"sizeLimit": quantity}}
    assert kube.check("io.k8s.api.core.v1.Volume", volume) == []


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_embedded_quantities_follow_the_grammar(text: str) -> None:
    import re

    volume = {"name": "tmp", "emptyDir": {"sizeLimit": text}}
    problems = kube.check("io.k8s.api.core.v1.Volume", volume)
    assert (problems == []) == bool(re.fullmatch(QUANTITY_PATTERN, text))
    for found in problems:
        assert found.path == ("emptyDir", "sizeLimit")
        assert kube_resources.QUANTITY_HELP in found.message


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("cpu", True),
        ("memory", True),
        ("ephemeral-storage", True),
        ("hugepages-1Gi", True),
        ("nvidia.com/gpu", True),
        ("example.com/foo", True),
        ("memroy", False),
        ("CPU", False),
        ("gpu", False),
        ("kubernetes.io/foo", False),
        ("hugepages-big", False),
    ],
)
def test_container_resource_names(name: str, ok: bool) -> None:
    assert (kube_resources.resource_name_problem(name) is None) == ok


def test_every_example_still_loads() -> None:
    # The providers' golden specs are built and rendered in tests/test_providers.py.
    assert len(load_paths([str(p) for p in EXAMPLES]).servers) == len(EXAMPLES)


def test_the_definitions_the_model_names_exist_in_the_target_version() -> None:
    # A definition renamed upstream would be a KeyError on the first spec that uses it.
    empty: dict[str, list[str]] = {}
    for alias in (kube.Affinity, kube.Volume, kube.EnvVarSource):
        (check,) = [m for m in typing.get_args(alias) if isinstance(m, kube.Upstream)]
        empty[check.definition] = [f.message for f in kube.check(check.definition, {})]
    assert empty == {
        "io.k8s.api.core.v1.Affinity": [],
        "io.k8s.api.core.v1.Volume": ["required field 'name' is missing"],
        "io.k8s.api.core.v1.EnvVarSource": [],
    }


def test_load_text_positions_match_the_loader_elsewhere() -> None:
    # load_text is what `mcpgen validate` and `probe --write-spec` call: same positions.
    with pytest.raises(LoadError) as caught:
        load_text(SPEC + "  podTemplate:\n    affinity: {podAfinity: {}}\n", "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (
        8,
        16,
        "spec.podTemplate.affinity.podAfinity",
    )
