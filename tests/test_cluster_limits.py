"""What the cluster refuses, mcpgen refuses first: exit 2, file:line:col, the field.

Each case is a value the API server or the kubelet refuses; its neighbour at the
limit is accepted, so the bound is the cluster's and not a guess.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from conftest import mcpgen
from mcpgen.model import MCPServer
from mcpgen.model import types as t
from mcpgen.render import render_server

PROVIDERS = ["nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio"]


def doc(spec: dict[str, Any] | None = None, name: str = "demo", **meta: Any) -> dict[str, Any]:
    return {
        "apiVersion": "mcp.mcp-operator.io/v1",
        "kind": "MCPServer",
        "metadata": {"name": name, **meta},
        "spec": {"image": "mcp/x:1", **(spec or {})},
    }


def big_annotations(size: int) -> dict[str, str]:
    """One annotation whose key and value take `size` bytes together."""
    key = "example.com/big"
    return {key: "x" * (size - len(key))}


def gateway(section: str) -> dict[str, Any]:
    return {
        "ingress": {
            "enabled": True,
            "provider": "gateway-api",
            "gateway": {"name": "gw", "sectionName": section},
        }
    }


# (id, document, field path in the message, words the message must hold)
REFUSED = [
    ("name-starts-with-digit", doc(name="1abc"), "metadata.name", ["DNS-1035", "Service"]),
    ("replicas-int32", doc({"replicas": t.INT32_MAX + 1}), "spec.replicas", ["2147483647"]),
    (
        "hpa-max-int32",
        doc({"hpa": {"maxReplicas": t.INT32_MAX + 1}}),
        "spec.hpa.maxReplicas",
        ["2147483647"],
    ),
    (
        "uid-int32",
        doc({"security": {"runAsUser": t.INT32_MAX + 1}}),
        "spec.security.runAsUser",
        ["2147483647"],
    ),
    (
        "surge-int32",
        doc({"transport": {"config": {"http": {"sse": {"maxSurge": t.INT32_MAX + 1}}}}}),
        "spec.transport.config.http.sse.maxSurge",
        [],
    ),
    ("pdb-over-100-percent", doc({"pdb": {"minAvailable": "150%"}}), "spec.pdb", ["100%"]),
    (
        "scaling-policy-int32",
        doc(
            {
                "hpa": {
                    "scaleUpBehavior": {
                        "policies": [{"type": "Pods", "value": 2**31, "periodSeconds": 60}]
                    }
                }
            }
        ),
        "spec.hpa.scaleUpBehavior.policies",
        ["2147483647"],
    ),
    (
        "annotations-over-256KiB",
        doc({"service": {"annotations": big_annotations(t.TOTAL_ANNOTATION_SIZE + 1)}}),
        "spec.service.annotations",
        ["bytes", str(t.TOTAL_ANNOTATION_SIZE)],
    ),
    (
        "pod-annotations-over-budget",
        doc({"podTemplate": {"annotations": big_annotations(t.ANNOTATION_BUDGET + 1)}}),
        "spec.podTemplate.annotations",
        ["bytes"],
    ),
    (
        "own-annotations-over-256KiB",
        doc(annotations=big_annotations(t.TOTAL_ANNOTATION_SIZE + 1)),
        "metadata.annotations",
        ["bytes"],
    ),
    (
        "section-name",
        doc(gateway("HTTPS_listener")),
        "spec.ingress.gateway.sectionName",
        ["listener name"],
    ),
    (
        "section-name-too-long",
        doc(gateway("a" * 254)),
        "spec.ingress.gateway.sectionName",
        ["253"],
    ),
    ("class-name", doc({"ingress": {"className": "Nginx Public"}}), "spec.ingress.className", []),
    (
        "nan-quantity",
        doc({"resources": {"limits": {"cpu": float("nan")}}}),
        "spec.resources.limits.cpu",
        ["finite"],
    ),
    (
        "inf-quantity",
        doc({"resources": {"requests": {"memory": float("inf")}}}),
        "spec.resources.requests.memory",
        ["finite"],
    ),
    (
        "infinity-string",
        doc({"resources": {"limits": {"cpu": "Infinity"}}}),
        "spec.resources.limits.cpu",
        ["quantity"],
    ),
    (
        "nan-string",
        doc({"resources": {"limits": {"cpu": "NaN"}}}),
        "spec.resources.limits.cpu",
        ["quantity"],
    ),
    (
        "negative-quantity",
        doc({"resources": {"limits": {"memory": "-1Gi"}}}),
        "spec.resources.limits.memory",
        ["negative"],
    ),
    (
        "garbage-quantity",
        doc({"resources": {"limits": {"memory": "1 GB"}}}),
        "spec.resources.limits.memory",
        ["quantity"],
    ),
    (
        "root-with-run-as-non-root",
        doc({"security": {"runAsUser": 0}}),
        "spec.security",
        ["runAsUser 0", "runAsNonRoot", "kubelet", "runAsNonRoot: false"],
    ),
    (
        "node-selector-key",
        doc({"podTemplate": {"nodeSelector": {"not a label": "x"}}}),
        "spec.podTemplate.nodeSelector",
        [],
    ),
]


@pytest.mark.parametrize(
    ("document", "where", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_the_model_refuses_what_the_cluster_refuses(
    document: dict[str, Any], where: str, words: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        MCPServer.model_validate(document)
    text = str(caught.value)
    for word in words:
        assert word in text, (word, text)


@pytest.mark.parametrize(
    ("document", "where", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_render_exits_2_with_file_line_column_and_field(
    document: dict[str, Any], where: str, words: list[str], tmp_path: Path
) -> None:
    source = tmp_path / "server.yaml"
    # PyYAML writes NaN and infinity as YAML's own .nan and .inf, as a user would.
    source.write_text(yaml.safe_dump(document), encoding="utf-8")
    out = tmp_path / "out"
    run = mcpgen("render", str(source), "-o", str(out))
    assert run.code == 2, run.err
    assert not out.exists()
    line = next(line for line in run.err.splitlines() if where in line)
    assert line.startswith(f"error: {source}:"), line
    location = line.removeprefix(f"error: {source}:").split(":")
    assert location[0].isdigit() and location[1].isdigit(), line
    for word in words:
        assert word in run.err, (word, run.err)


# The neighbours at each limit: the cluster takes them, so mcpgen must.
ACCEPTED = [
    ("name-letter-first", doc(name="a1")),
    ("replicas-int32-max", doc({"replicas": t.INT32_MAX})),
    ("hpa-int32-max", doc({"hpa": {"minReplicas": t.INT32_MAX, "maxReplicas": t.INT32_MAX}})),
    ("uid-int32-max", doc({"security": {"runAsUser": t.INT32_MAX, "fsGroup": 0}})),
    ("pdb-100-percent", doc({"pdb": {"maxUnavailable": "100%"}})),
    (
        "annotations-at-budget",
        doc({"service": {"annotations": big_annotations(t.ANNOTATION_BUDGET)}}),
    ),
    ("section-name", doc(gateway("https-listener"))),
    ("section-name-253", doc(gateway("a" * 253))),
    ("class-name-subdomain", doc({"ingress": {"className": "internal.example-lb"}})),
    (
        "quantities",
        doc(
            {
                "resources": {
                    "requests": {"cpu": "100m", "memory": "128Mi", "ephemeral-storage": 1},
                    "limits": {"cpu": 0.5, "memory": "1e9", "example.com/gpu": "+2"},
                }
            }
        ),
    ),
    ("root-on-purpose", doc({"security": {"runAsUser": 0, "runAsNonRoot": False}})),
]


@pytest.mark.parametrize("document", [r[1] for r in ACCEPTED], ids=[r[0] for r in ACCEPTED])
def test_the_limits_themselves_are_accepted(document: dict[str, Any]) -> None:
    render_server(MCPServer.model_validate(document))


def test_root_on_purpose_still_warns() -> None:
    server = MCPServer.model_validate(doc({"security": {"runAsUser": 0, "runAsNonRoot": False}}))
    codes = [d.code for d in render_server(server).plan.diagnostics]
    assert "SEC001" in codes


def _annotation_bytes(annotations: dict[str, str] | None) -> int:
    return sum(len(k.encode()) + len(v.encode()) for k, v in (annotations or {}).items())


def test_the_reserve_covers_every_annotation_mcpgen_adds() -> None:
    """The largest set of annotations mcpgen itself puts on one object fits the reserve.

    Longest names, every provider, both protocols and both affinities: whatever the
    user's map holds within ANNOTATION_BUDGET, the object stays within the cluster's
    limit once mcpgen's keys join it.
    """
    name, namespace = "a" * 63, "b" * 63
    largest = 0
    for provider in PROVIDERS:
        for protocol in ("sse", "streamable-http"):
            for affinity in ("client-ip", "cookie"):
                spec = {
                    "replicas": 3,
                    "transport": {
                        "protocol": protocol,
                        "config": {
                            "http": {
                                "sessionManagement": True,
                                "sse": {"enableSessionAffinity": True},
                            }
                        },
                    },
                    "ingress": {
                        "enabled": True,
                        "provider": provider,
                        "className": "c" * 253,
                        "host": "mcp.example.com",
                        "affinity": affinity,
                        "streamTimeoutSeconds": 86400,
                        "gateway": {"name": "gw"},
                    },
                }
                server = MCPServer.model_validate(doc(spec, name=name, namespace=namespace))
                for document in render_server(server).documents:
                    metas = [document.get("metadata", {})]
                    template = document.get("spec", {}).get("template", {})
                    if isinstance(template, dict):
                        metas.append(template.get("metadata", {}))
                    for meta in metas:
                        largest = max(largest, _annotation_bytes(meta.get("annotations")))
    assert 0 < largest <= t.ANNOTATION_RESERVE, largest


def test_annotations_at_the_budget_render_within_the_cluster_limit() -> None:
    user = big_annotations(t.ANNOTATION_BUDGET)
    spec = {
        "service": {"annotations": user},
        "podTemplate": {"annotations": user},
        "ingress": {"enabled": True, "annotations": user, "affinity": "cookie"},
        "transport": {
            "protocol": "sse",
            "config": {"http": {"sse": {"enableSessionAffinity": True}}},
        },
        "replicas": 2,
    }
    server = MCPServer.model_validate(doc(copy.deepcopy(spec)))
    for document in render_server(server).documents:
        text = json.dumps(document)
        assert len(text) > 0
        for meta in (
            document.get("metadata", {}),
            document.get("spec", {}).get("template", {}).get("metadata", {}),
        ):
            assert _annotation_bytes(meta.get("annotations")) <= t.TOTAL_ANNOTATION_SIZE
