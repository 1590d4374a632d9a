"""The chart refuses the bad embedded Kubernetes values the model refuses (issue 11).

`mcpgen render` checks affinity, volumes, valueFrom, resources, tolerations, probes and
security fields at load time (tests/test_embedded_types.py); `helm template` and
`helm install` read values.schema.json, which carries the same upstream definitions
(mcpgen_dev.embedded_schema). Each bad value here exits 2 in render and fails both helms
with helm's own schema error at the same field path, as a bare spec and as the whole
MCPServer file; generated mutations of valid objects get the same verdict from all three.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from chart.helm import CHART, HELM_MAJORS, helm
from chart.test_parity import assert_same_verdict
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_embedded_types import CASES, SPEC, VALID

from conftest import mcpgen

# More of what people mistype, beside the issue's own cases (same columns as CASES).
MORE = [
    (
        "toleration-key-typo",
        "  podTemplate:\n    tolerations:\n    - key: gpu\n      opertor: Exists\n",
        ":10:7: spec.podTemplate.tolerations[0].opertor",
        ["unknown field", "operator"],
    ),
    (
        "volume-mount-no-path",
        "  podTemplate:\n    volumeMounts:\n    - name: data\n",
        ":9:7: spec.podTemplate.volumeMounts[0].mountPath",
        ["mountPath"],
    ),
    (
        "value-from-typo",
        "  environment:\n  - name: TOKEN\n    valueFrom:\n      secretKeyRf: {name: s, key: k}\n",
        ":10:7: spec.environment[0].valueFrom.secretKeyRf",
        ["did you mean 'secretKeyRef'"],
    ),
    (
        "probe-typo",
        "  healthCheck:\n    readiness:\n      periodSecond: 3\n",
        ":9:7: spec.healthCheck.readiness.periodSecond",
        ["did you mean 'periodSeconds'"],
    ),
    (
        "security-typo",
        "  security:\n    runAsUsr: 1000\n",
        ":8:5: spec.security.runAsUsr",
        ["did you mean 'runAsUser'"],
    ),
    (
        "spread-typo",
        "  podTemplate:\n    topologySpreadConstraints:\n    - maxSkew: 1\n"
        "      topologyKey: zone\n      whenUnsatisfiable: DoNotSchedule\n"
        "      labelSelectr: {}\n",
        ":12:7: spec.podTemplate.topologySpreadConstraints[0].labelSelectr",
        ["did you mean 'labelSelector'"],
    ),
    (
        "egress-typo",
        "  networkPolicy:\n    egress:\n    - ports: [{port: 53, protcol: UDP}]\n",
        ":9:26: spec.networkPolicy.egress[0].ports[0].protcol",
        ["did you mean 'protocol'"],
    ),
    (
        "sidecar-resource-name",
        "  sidecar:\n    resources: {requests: {cpus: 50m}}\n",
        ":8:28: spec.sidecar.resources.requests.cpus",
        ["did you mean 'cpu'"],
    ),
]
TABLE = CASES + MORE


def _segments(field: str) -> list[str]:
    """`spec.a.b[0].c` as helm's path parts: spec, a, b, 0, c."""
    return [part for part in re.split(r"\.|\[(\d+)\]", field) if part]


def _names_the_field(stderr: str, parts: list[str], major: str) -> bool:
    """helm's schema error names the field: its whole path (a bad value), or its parent's
    path and its own name (an unknown or missing field, a bad key)."""

    def spelled(path: list[str]) -> str:
        # Helm 4 (santhosh-tekuri): at '/a/b/0'; Helm 3 (gojsonschema): a.b.0:
        return f"'/{'/'.join(path)}'" if major == "helm4" else f"{'.'.join(path)}:"

    whole = spelled(parts)
    return whole in stderr or (spelled(parts[:-1]) in stderr and parts[-1] in stderr)


def _helm_refusal(values: dict[str, Any], tmp: Path, major: str) -> str:
    path = tmp / "values.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    proc = helm("template", "demo", str(CHART), "-f", str(path), check=False, major=major)
    assert proc.returncode != 0, f"{major} took the values:\n{json.dumps(values)}"
    # Refused by the values schema itself, not by a template's `fail` or a YAML error.
    assert "values don't meet the specifications of the schema" in proc.stderr, proc.stderr
    return proc.stderr


@pytest.mark.parametrize(
    ("body", "where", "words"), [c[1:] for c in TABLE], ids=[c[0] for c in TABLE]
)
def test_render_and_both_helms_refuse_at_the_same_field(
    tmp_path: Path, body: str, where: str, words: list[str]
) -> None:
    source = tmp_path / "server.yaml"
    source.write_text(SPEC + body, encoding="utf-8")
    run = mcpgen("render", str(source), "--output-dir", str(tmp_path / "out"))
    assert run.code == 2, run.err
    assert f"{source}{where}:" in run.err, run.err
    for word in words:
        assert word.lower() in run.err.lower(), (word, run.err)

    document = yaml.safe_load(SPEC + body)
    field = where.split(": ", 1)[1]
    shapes = {"document": (document, _segments(field)), "spec": (document["spec"], None)}
    for shape, (values, parts) in shapes.items():
        parts = parts or _segments(field)[1:]  # a bare spec's paths start inside it
        for major in HELM_MAJORS:
            stderr = _helm_refusal(values, tmp_path, major)
            assert _names_the_field(stderr, parts, major), (shape, major, parts, stderr)


def test_the_valid_upstream_shapes_render_alike_in_both_helms(tmp_path: Path) -> None:
    # Strict, not stricter: every documented shape the model takes, both helms take, and
    # all three print the same objects.
    assert assert_same_verdict("demo", {"image": "mcp/x:1", **VALID}, tmp_path)


# Generated mistakes inside valid objects: a key misspelt, a field dropped (some are
# required), a value of the wrong kind, a bad quantity or a null, at any depth. Accepted
# ones must also print alike: render leaves a model field set to null out, and so must
# the chart (mcp-server.dump), while an embedded object passes through as written.
_EMBEDDED = (
    ("podTemplate", "affinity"),
    ("podTemplate", "volumes"),
    ("podTemplate", "volumeMounts"),
    ("podTemplate", "tolerations"),
    ("environment",),
    ("resources",),
)
_BAD_VALUES = st.sampled_from(["1 gig", "x", 3, -1, 1.5, True, None, [], {}])


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a mapping entry under `node`."""
    out: list[tuple[Any, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(node, dict):
            out.append((*path, key))
        if isinstance(value, dict | list):
            out.extend(_nodes(value, (*path, key)))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = copy.deepcopy(VALID)
    root = draw(st.sampled_from(_EMBEDDED))
    holder: Any = spec
    for part in root:
        holder = holder[part]
    path = draw(st.sampled_from(_nodes(holder)))
    parent = holder
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    how = draw(st.sampled_from(["typo", "drop", "value"]))
    if how == "typo":
        cut = draw(st.integers(0, len(key) - 1))
        parent[key[:cut] + key[cut + 1 :] or "x"] = parent.pop(key)
    elif how == "drop":
        del parent[key]
    else:
        parent[key] = draw(_BAD_VALUES)
    event(f"{'.'.join(root)}: {how}")
    return {"image": "mcp/x:1", **spec}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=mutated(), as_document=st.booleans())
def test_generated_mistakes_get_the_same_verdict(
    spec: dict[str, Any], as_document: bool, tmp_path: Path
) -> None:
    taken = assert_same_verdict("demo", spec, tmp_path, as_document=as_document)
    event("both take it" if taken else "both refuse")


# Found by running the model's invalid inputs through helm: rules of the model beyond
# embedded objects that the values schema did not say.
OTHER_GAPS = [
    (
        "protocol-versions-twice",
        {"transport": {"config": {"http": {"protocolVersions": ["2025-06-18", "2025-06-18"]}}}},
        False,
    ),
    (
        "protocol-versions-once",
        {"transport": {"config": {"http": {"protocolVersions": ["2026-07-28", "2025-06-18"]}}}},
        True,
    ),
]


@pytest.mark.parametrize(
    ("spec", "taken"), [g[1:] for g in OTHER_GAPS], ids=[g[0] for g in OTHER_GAPS]
)
@pytest.mark.parametrize("as_document", [False, True], ids=["spec", "document"])
def test_other_model_rules_get_the_same_verdict(
    spec: dict[str, Any], taken: bool, as_document: bool, tmp_path: Path
) -> None:
    verdict = assert_same_verdict(
        "demo", {"image": "mcp/x:1", **spec}, tmp_path, as_document=as_document
    )
    assert verdict == taken
