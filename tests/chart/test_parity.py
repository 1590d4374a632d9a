"""`helm template` of the chart equals `mcpgen render` of the same MCPServer.

Compared as parsed documents, ignoring only the labels Helm adds and the test hook.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from chart.helm import HELM_MAJORS, by_identity, template, template_values
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_providers import CASES, IDS, provider_server

from conftest import EXAMPLES
from mcpgen.load import load_paths
from mcpgen.model import MCPServer
from mcpgen.model.types import INT32_MAX
from mcpgen.render import render_server
from mcpgen.rules import build_plan
from mcpgen.yamlio.emit import parse_all


def assert_parity(
    server: MCPServer, raw_spec: dict[str, Any], tmp: Path, majors: tuple[str, ...] = HELM_MAJORS
) -> None:
    ours = by_identity(copy.deepcopy(list(render_server(server).documents)))
    for major in majors:
        theirs = by_identity(template(server, raw_spec, tmp, major=major))
        assert sorted(ours) == sorted(theirs), major
        for key in ours:
            assert theirs[key] == ours[key], (major, key)


def raw_spec_of(path: Path, name: str) -> dict[str, Any]:
    found = next(d for d in parse_all(path.read_text()) if d and d["metadata"]["name"] == name)
    spec: dict[str, Any] = found["spec"]
    return spec


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_parity(path: Path, tmp_path: Path) -> None:
    for loaded in load_paths([str(path)]).servers:
        server = loaded.server
        assert_parity(server, raw_spec_of(path, server.metadata.name), tmp_path)


@pytest.mark.parametrize(("provider", "protocol"), CASES, ids=IDS)
def test_provider_parity(provider: str, protocol: str, tmp_path: Path) -> None:
    server = provider_server(provider, protocol)
    assert_parity(server, server.spec.model_dump(by_alias=True, exclude_unset=True), tmp_path)


@pytest.mark.parametrize("affinity", ["client-ip", "cookie"])
@pytest.mark.parametrize(
    "provider", ["nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio"]
)
def test_provider_affinity_parity(provider: str, affinity: str, tmp_path: Path) -> None:
    server = provider_server(
        provider,
        "sse",
        affinity=affinity,
        streamTimeoutSeconds=5000,
        tls={"secretName": "tls"},
        className="custom",
    )
    assert_parity(server, server.spec.model_dump(by_alias=True, exclude_unset=True), tmp_path)


# Specs that exercise every branch of the rules: inference, PDB, HPA, security, pod extras.
args = st.sampled_from(
    [
        [],
        ["--transport", "sse"],
        ["--transport=streamable-http"],
        ["-t", "http"],
        ["-t", "30"],
        ["--transport", "stdio", "-t", "sse"],
        ["--port", "3001"],
    ]
)
env = st.sampled_from(
    [
        [],
        [{"name": "MCP_TRANSPORT", "value": "sse"}],
        [{"name": "TRANSPORT", "value": "http"}, {"name": "MCP_TRANSPORT", "value": "stdio"}],
    ]
)
count_or_pct = st.one_of(st.integers(0, 5), st.sampled_from(["0%", "50%", "100%", "34%"]))


@st.composite
def paths(draw: st.DrawFn) -> str:
    """Endpoint paths both sides must normalise alike (infer.normalise_path): runs of
    slashes, trailing ones, query-like and percent-encoded text."""
    segment = st.sampled_from(["sse", "mcp", "api", "v1", "sse%2F", "%73se", "sse?x=1", "mcp#f"])
    parts = draw(st.lists(segment, min_size=0, max_size=3))
    slashes = st.sampled_from(["/", "//", "///"])
    out = "".join(draw(slashes) + part for part in parts)
    return (out or "/") + draw(st.sampled_from(["", "/", "//"]))


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "image": "mcp/x:1",
        "command": draw(st.sampled_from([[], ["npx"], ["uvx", "--from", "x"]])),
        "args": draw(args),
        "environment": draw(env),
        "replicas": draw(st.integers(0, 5)),
        "transport": {
            "type": draw(st.sampled_from(["http", "stdio", "custom"])),
            "protocol": draw(st.sampled_from(["auto", "sse", "streamable-http"])),
            "stdio": {"bridge": draw(st.sampled_from(["image", "inject"]))},
            "config": {
                "http": {
                    "port": draw(st.integers(1, 65535)),
                    "sessionManagement": draw(st.booleans()),
                    "legacySessionAffinity": draw(st.booleans()),
                    "sse": {
                        "enableSessionAffinity": draw(st.booleans()),
                        "maxSurge": draw(st.sampled_from(["25%", 1, 3, "100%"])),
                        "terminationGracePeriodSeconds": draw(st.integers(1, 3600)),
                    },
                }
            },
        },
        "security": {
            "runAsUser": draw(st.sampled_from([0, 1000, 1000000])),
            "readOnlyRootFilesystem": draw(st.booleans()),
        },
        "healthCheck": {
            "enabled": draw(st.booleans()),
            "port": draw(st.sampled_from([None, 9000, "health"])),
            "path": draw(st.sampled_from([None, "/healthz", "/mcp"])),
            "liveness": {"enabled": draw(st.sampled_from([None, True, False]))},
            "startup": {"failureThreshold": draw(st.sampled_from([None, 7]))},
        },
        "drain": {"preStopSeconds": draw(st.sampled_from([0, 10, 29, 30, 200]))},
        "scratch": {
            "tmp": draw(st.booleans()),
            "home": draw(st.sampled_from([None, "/home/mcp", "/tmp"])),
        },
        "networkPolicy": {
            "enabled": draw(st.booleans()),
            "fromNamespaces": draw(st.sampled_from([None, [], ["gw"]])),
            "egress": draw(st.sampled_from([None, [], [{"to": [{"podSelector": {}}]}]])),
        },
        "imagePullPolicy": draw(st.sampled_from([None, "Always"])),
        "service": {"appProtocol": draw(st.sampled_from([None, "mcp", "kubernetes.io/h2c"]))},
        "metrics": {"enabled": draw(st.booleans())},
        "hpa": {
            "enabled": draw(st.booleans()),
            "minReplicas": draw(st.integers(1, 3)),
            "maxReplicas": 4,
            "targetMemoryUtilizationPercentage": draw(st.sampled_from([None, 60])),
        },
        "ingress": {
            "enabled": draw(st.booleans()),
            "provider": draw(
                st.sampled_from(
                    [None, "nginx", "alb", "istio", "gce", "traefik", "haproxy", "openshift"]
                )
            ),
            "streamTimeoutSeconds": draw(st.integers(1, 86400)),
            "affinity": draw(st.sampled_from(["client-ip", "cookie"])),
        },
    }
    versions = draw(
        st.sampled_from(
            [None, ["2026-07-28"], ["2026-07-28", "2025-11-25"], ["2025-06-18"], ["2027-01-01"]]
        )
    )
    if versions:
        spec["transport"]["config"]["http"]["protocolVersions"] = versions
    path = draw(st.one_of(st.none(), st.sampled_from(["/sse", "/mcp", "/events"]), paths()))
    if path:
        spec["transport"]["config"]["http"]["path"] = path
    pdb = draw(
        st.sampled_from(
            [
                {},
                {"enabled": True},
                {"enabled": False},
                {"minAvailable": draw(count_or_pct)},
                {"maxUnavailable": draw(count_or_pct)},
            ]
        )
    )
    if pdb:
        spec["pdb"] = pdb
    if spec["security"]["runAsUser"] == 0:  # root on purpose; root by accident is refused
        spec["security"]["runAsNonRoot"] = False
    if spec["transport"]["config"]["http"]["sse"]["maxSurge"] == "0%":
        spec["transport"]["config"]["http"]["sse"]["maxSurge"] = "25%"
    return spec


def assert_same_verdict(
    name: str,
    spec: dict[str, Any],
    tmp: Path,
    labels: dict[str, Any] | None = None,
    namespace: str = "ns",
    as_document: bool = False,
) -> bool:
    """Chart and render refuse the same spec, or both take it and print the same objects."""
    document = {
        "apiVersion": "mcp.mcp-operator.io/v1",
        "kind": "MCPServer",
        "metadata": {
            "name": name,
            "namespace": namespace,
            **({"labels": labels} if labels else {}),
        },
        "spec": spec,
    }
    try:
        server: MCPServer | None = MCPServer.model_validate(copy.deepcopy(document))
    except ValidationError:
        server = None
    # `mcpgen render` also refuses a spec whose rules find an error (a drain that outlasts
    # the grace period): the chart's _validate.tpl must refuse the same.
    if server is not None and any(d.severity == "error" for d in build_plan(server).diagnostics):
        server = None
    values = (
        copy.deepcopy(document)
        if as_document
        else {**copy.deepcopy(spec), **({"commonLabels": labels} if labels else {})}
    )
    for major in HELM_MAJORS:
        docs = template_values(name, namespace, values, tmp, major=major)
        assert (docs is None) == (server is None), (major, "helm" if docs is None else "render")
        if server is not None and docs is not None:
            ours = by_identity(copy.deepcopy(list(render_server(server).documents)))
            assert by_identity(docs) == ours, major
    return server is not None


# Shapes the cluster (and so both) refuse, beside the ones they take: each with the
# release name it is rendered under.
ADVERSARIAL: list[tuple[str, str, dict[str, Any], dict[str, Any] | None]] = [
    ("min-over-max-hpa-off", "gen", {"hpa": {"minReplicas": 5, "maxReplicas": 2}}, None),
    (
        "min-over-max-hpa-on",
        "gen",
        {"hpa": {"enabled": True, "minReplicas": 5, "maxReplicas": 2}},
        None,
    ),
    ("bad-label-key", "gen", {}, {"a/b/c": "x"}),
    ("bad-label-key-dash", "gen", {}, {"-team": "x"}),
    ("bad-label-value", "gen", {}, {"team": "has space"}),
    ("label-value-64", "gen", {}, {"team": "a" * 64}),
    ("good-labels", "gen", {}, {"example.com/team": "a", "tier": ""}),
    ("name-digit-first", "1abc", {}, None),
    ("name-with-dot", "a.b", {}, None),
    ("name-53", "a" * 53, {}, None),
    ("replicas-int32", "gen", {"replicas": INT32_MAX + 1}, None),
    ("replicas-int32-max", "gen", {"replicas": INT32_MAX}, None),
    ("hpa-max-int32", "gen", {"hpa": {"enabled": True, "maxReplicas": INT32_MAX + 1}}, None),
    ("uid-int32", "gen", {"security": {"runAsUser": INT32_MAX + 1}}, None),
    ("port-65536", "gen", {"service": {"port": 65536}}, None),
    ("huge-int", "gen", {"replicas": 2**63}, None),
    ("root-non-root", "gen", {"security": {"runAsUser": 0}}, None),
    ("root-on-purpose", "gen", {"security": {"runAsUser": 0, "runAsNonRoot": False}}, None),
    ("pdb-150-percent", "gen", {"pdb": {"minAvailable": "150%"}}, None),
    (
        "pdb-100-percent",
        "gen",
        {"replicas": 3, "pdb": {"enabled": True, "maxUnavailable": "100%"}},
        None,
    ),
    ("quantity-nan-string", "gen", {"resources": {"limits": {"cpu": "NaN"}}}, None),
    ("quantity-negative", "gen", {"resources": {"limits": {"cpu": "-1"}}}, None),
    ("quantity-fine", "gen", {"resources": {"limits": {"cpu": 0.5, "memory": "1e9"}}}, None),
    (
        "section-name",
        "gen",
        {
            "ingress": {
                "enabled": True,
                "provider": "gateway-api",
                "gateway": {"name": "gw", "sectionName": "HTTPS_listener"},
            }
        },
        None,
    ),
    ("class-name", "gen", {"ingress": {"enabled": True, "className": "a b"}}, None),
    ("annotations-over", "gen", {"service": {"annotations": {"k": "x" * 262144}}}, None),
    ("annotations-at-budget", "gen", {"podTemplate": {"annotations": {"k": "x" * 261119}}}, None),
    ("node-selector-key", "gen", {"podTemplate": {"nodeSelector": {"a b": "x"}}}, None),
    (
        "surge-zero",
        "gen",
        {"transport": {"protocol": "sse", "config": {"http": {"sse": {"maxSurge": 0}}}}},
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "spec", "labels"), [a[1:] for a in ADVERSARIAL], ids=[a[0] for a in ADVERSARIAL]
)
def test_adversarial_spec_verdicts_match(
    name: str, spec: dict[str, Any], labels: dict[str, Any] | None, tmp_path: Path
) -> None:
    assert_same_verdict(name, {"image": "mcp/x:1", **spec}, tmp_path, labels)


bad_names = st.sampled_from(["1abc", "a.b", "g-", "Gen"])
label_keys = st.sampled_from(["team", "example.com/tier", "a/b/c", "-x", "k" * 64, "ok_key.1"])
label_values = st.sampled_from(["v", "", "has space", "a" * 64, "-x", "v.1_2"])
hostile_ints = st.sampled_from([INT32_MAX, INT32_MAX + 1, 2**53])


def _mutate(draw: st.DrawFn, spec: dict[str, Any], labels: dict[str, Any]) -> str:
    """Apply one shape the cluster may refuse; returns the release name to use."""
    shape = draw(
        st.sampled_from(["name", "labels", "replicas", "hpa-max", "min-over-max", "root", "pdb"])
    )
    if shape == "name":
        return draw(bad_names)
    if shape == "labels":
        labels.update(draw(st.dictionaries(label_keys, label_values, min_size=1, max_size=2)))
    elif shape == "replicas":
        spec["replicas"] = draw(hostile_ints)
    elif shape == "hpa-max":
        spec["hpa"]["maxReplicas"] = draw(hostile_ints)
    elif shape == "min-over-max":  # refused with the autoscaler on or off
        spec["hpa"]["maxReplicas"] = spec["hpa"]["minReplicas"] - 1 or 1
        spec["hpa"]["minReplicas"] += 1
    elif shape == "root":
        spec["security"]["runAsUser"] = 0
        spec["security"]["runAsNonRoot"] = draw(st.booleans())
    else:
        spec["pdb"] = {draw(st.sampled_from(["minAvailable", "maxUnavailable"])): "150%"}
    return "gen"


@st.composite
def adversarial(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any], bool]:
    """A generated spec; one time in three, with one shape the cluster may refuse; as the
    values' two shapes, a whole document or a bare spec."""
    spec = draw(specs())
    labels: dict[str, Any] = {}
    name = "gen"
    if draw(st.integers(0, 2)) == 0:
        name = _mutate(draw, spec, labels)
    return name, spec, labels, draw(st.booleans())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=adversarial())
def test_generated_spec_parity(
    case: tuple[str, dict[str, Any], dict[str, Any], bool], tmp_path: Path
) -> None:
    name, spec, labels, as_document = case
    taken = assert_same_verdict(name, spec, tmp_path, labels, as_document=as_document)
    event("both take it" if taken else "both refuse")
    event("document" if as_document else "bare spec")


@pytest.mark.parametrize("path", ["/sse//", "//sse", "/api//sse///", "/sse?x=/", "/%73se", "/"])
def test_path_normalisation_is_the_same(path: str, tmp_path: Path) -> None:
    spec = {"image": "mcp/x:1", "transport": {"config": {"http": {"path": path}}}}
    assert assert_same_verdict("paths", spec, tmp_path, as_document=True)
    server = MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": "paths"},
            "spec": spec,
        }
    )
    sse = path.rstrip("/").endswith("sse") and "?" not in path and "%" not in path
    assert build_plan(server).protocol == ("sse" if sse else "streamable-http")


ENV_FROM = [
    {"secretRef": {"name": "s"}},
    {"configMapRef": {"name": "c", "optional": True}, "prefix": "C_"},
]


@pytest.mark.parametrize(
    "spec",
    [
        {"image": "mcp/x:1", "workingDir": "/srv/app", "envFrom": ENV_FROM},
        {
            "image": "mcp/x:1",
            "envFrom": [{"secretRef": {"name": "s"}, "configMapRef": {"name": "c"}}],
        },
        {"image": "mcp/x:1", "envFrom": [{"prefix": "P_"}]},
        {"image": "mcp/x:1", "workingDir": "relative"},
    ],
    ids=["both", "two-sources", "no-source", "relative-dir"],
)
def test_env_from_and_working_dir_verdicts_match(spec: dict[str, Any], tmp_path: Path) -> None:
    # What mcpgen import writes for env files and kmcp's secretRefs: the chart takes
    # the same fields, renders them the same and refuses the same shapes.
    accepted = assert_same_verdict("x", spec, tmp_path)
    assert accepted == ("workingDir" in spec and spec["workingDir"].startswith("/")), accepted
