"""No value can inject YAML into the chart's output: every string slot, real helm.

Every string the values can hold (each string field, list item and map key, found
by walking values.schema.json so a new field cannot be forgotten) gets a hostile
payload. With the real helm of each major, either helm refuses the values, and
`mcpgen render` refuses the same spec, or the parsed output is exactly the output
with a plain marker in that slot, the marker replaced by the payload verbatim:
same documents, same keys, the payload at the marker's places and nowhere else.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from chart.helm import CHART, HELM_MAJORS, helm_binary, split_hook, strict_load_all
from pydantic import ValidationError

from mcpgen.model import MCPServer
from mcpgen.model import types as t
from mcpgen_dev import chart_files as chart

Path_ = tuple[str | int, ...]
# Every character that breaks an unquoted or single-quoted YAML scalar, a template
# action, a comment, a new key, a new document and a flow collection.
PAYLOADS = {
    "lines": "*x: y\n---\nkind: Secret\n{{ .Release.Name }} # 'q' \"d\"\n  - [a, {b: c}]\n",
    # No whitespace, led by '/': what an HTTP path or an image-ish slot may hold.
    "word": "/a'b\"c#d{{e}}:f*&!%@[x]",
}
RELEASE, NAMESPACE = "rel", "ns"
# A plain stand-in shaped like each payload (a path must start with '/').
MARKS = {"lines": "zqmark{:03d}zq", "word": "/zqmark{:03d}zq"}

# Values that set every string field the schema has, each list with an item and each
# map with an entry, so every slot has a place to print.
BASE: dict[str, Any] = {
    "image": "mcp/x:1",
    "imagePullPolicy": "IfNotPresent",
    "sidecar": {
        "image": "ghcr.io/vitorbari/mcp-proxy:v0.2.0",
        "resources": {"requests": {"cpu": "10m"}, "limits": {"memory": "64Mi"}},
        "tls": {"enabled": True, "secretName": "proxy-tls", "minVersion": "1.3"},
    },
    "scratch": {"home": "/home/mcp", "sizeLimit": "1Gi"},
    "networkPolicy": {
        "enabled": True,
        "fromNamespaces": ["gateways"],
        "monitoringNamespace": "monitoring",
        "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}]}],
    },
    "command": ["serve"],
    "args": ["--port", "8080"],
    "resources": {"requests": {"cpu": "100m"}, "limits": {"memory": "1Gi"}},
    "security": {"readOnlyRootFilesystem": True},
    "service": {
        "type": "LoadBalancer",
        "loadBalancerSourceRanges": ["10.0.0.0/8"],
        "appProtocol": "kubernetes.io/h2c",
        "targetPort": "web",
        "protocol": "TCP",
        "annotations": {"svc.example.com/a": "v"},
    },
    "healthCheck": {"path": "/health", "port": "web"},
    "environment": [
        {"name": "PLAIN", "value": "v"},
        {"name": "FROM", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
    ],
    "envFrom": [{"secretRef": {"name": "s"}, "prefix": "P_"}, {"configMapRef": {"name": "c"}}],
    "workingDir": "/srv",
    "podTemplate": {
        "labels": {"team": "a"},
        "annotations": {"pod.example.com/a": "v"},
        "nodeSelector": {"disk": "ssd"},
        "tolerations": [
            {"key": "k", "operator": "Equal", "value": "v", "effect": "NoSchedule"},
        ],
        # A real Affinity: the model checks embedded objects against the upstream schema.
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [
                        {"matchExpressions": [{"key": "k", "operator": "In", "values": ["v"]}]}
                    ]
                }
            }
        },
        "serviceAccountName": "sa",
        "topologySpreadConstraints": [
            {"topologyKey": "zone", "maxSkew": 1, "whenUnsatisfiable": "DoNotSchedule"}
        ],
        "imagePullSecrets": [{"name": "pull"}],
        "volumes": [{"name": "tmp", "emptyDir": {"medium": "Memory"}}],
        "volumeMounts": [
            {
                "name": "tmp",
                "mountPath": "/tmp",
                "subPath": "s",
                "subPathExpr": "e",
                "mountPropagation": "None",
                "recursiveReadOnly": "Disabled",
            }
        ],
    },
    "hpa": {
        "enabled": True,
        "scaleUpBehavior": {
            "selectPolicy": "Max",
            "policies": [{"type": "Pods", "value": 1, "periodSeconds": 60}],
        },
        "scaleDownBehavior": {
            "selectPolicy": "Min",
            "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}],
        },
    },
    "transport": {
        "type": "http",
        "protocol": "sse",
        "config": {
            "http": {
                "path": "/sse",
                "protocolVersions": ["2025-11-25"],
                "sse": {"maxSurge": "25%"},
            }
        },
    },
    "validation": {"transportProtocol": "sse", "requiredCapabilities": ["tools"]},
    "metrics": {"enabled": True},
    "ingress": {
        "enabled": True,
        "provider": "nginx",
        "className": "klass",
        "path": "/",
        "host": "mcp.example.com",
        "pathType": "Prefix",
        "tls": {"secretName": "tls"},
        "annotations": {"ing.example.com/a": "v"},
        "affinity": "client-ip",
        "gateway": {"name": "gw", "namespace": "gwns", "sectionName": "https"},
    },
    "pdb": {"minAvailable": "50%"},
    "nameOverride": "part",
    "fullnameOverride": "full",
    "commonLabels": {"tier": "a"},
    "testHook": {
        "image": {"repository": "r", "tag": "t", "pullPolicy": "Always"},
        "resources": {"requests": {"cpu": "1", "memory": "1Mi"}, "limits": {"memory": "2Mi"}},
    },
}
# Each provider prints the ingress values in its own objects and annotations.
PROVIDERS = ["nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio"]
CONTEXTS: dict[str, dict[str, Any]] = {"inferred": {"provider": None}} | {
    p: {"provider": p} for p in PROVIDERS
}
# Values that cannot sit beside BASE's own (they exclude one another) get a base each.
BASES: dict[str, dict[str, Any]] = {
    "base": BASE,
    "budget": {**BASE, "pdb": {"maxUnavailable": "50%"}},
    # mcpgen creates (and annotates) a ServiceAccount only when the spec names none.
    "own-account": {
        **BASE,
        "podTemplate": {
            **{k: v for k, v in BASE["podTemplate"].items() if k != "serviceAccountName"},
            "serviceAccountAnnotations": {"iam.example.com/role": "r"},
        },
    },
    # The stdio bridge's injection: its values print only for a bridged stdio server.
    "injected": {
        **BASE,
        "transport": {
            **BASE["transport"],
            "type": "stdio",
            "stdio": {
                "bridge": "inject",
                "image": "ghcr.io/mcpgen/stdio-bridge-static:0.13.0",
                "resources": {"requests": {"cpu": "10m"}, "limits": {"memory": "64Mi"}},
            },
        },
    },
}
# Slots that no object prints in a provider's case, because that provider's objects
# have no such field (the first matching prefix counts).
UNPRINTED = {
    # Route, HTTPRoute and VirtualService have no ingress class.
    "ingress.className": {"openshift", "gateway-api", "istio"},
    # HTTPRoute and VirtualService carry no proxy annotations.
    "ingress.annotations": {"gateway-api", "istio"},
    "ingress.gateway.sectionName": set(CONTEXTS) - {"gateway-api"},
    # Only an HTTPRoute or a VirtualService attaches to a gateway.
    "ingress.gateway": set(CONTEXTS) - {"gateway-api", "istio"},
}


def _schema_branch(node: dict[str, Any], value: Any) -> dict[str, Any]:
    """The branch of an anyOf that describes a value of this Python type."""
    want = {dict: "object", list: "array", str: "string", bool: "boolean"}.get(type(value))
    branches: list[dict[str, Any]] = node.get("anyOf", [node])
    for branch in branches:
        if branch.get("type") == want or (want is None and branch.get("type") != "null"):
            return branch
    return node


def _slots(value: Any, node: dict[str, Any], path: Path_) -> list[tuple[Path_, str]]:
    """(path, kind) of every string in the values: kind is 'value' or 'key'."""
    node = _schema_branch(node, value)
    if isinstance(value, str):
        return [(path, "value")]
    found: list[tuple[Path_, str]] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            found += _slots(item, node.get("items", {}), (*path, i))
    elif isinstance(value, dict):
        props = node.get("properties")
        for key, item in value.items():
            if props is None:  # a map or a free-form object: its keys are strings too
                found.append(((*path, key), "key"))
            sub = props[key] if props is not None else node.get("additionalProperties", {})
            found += _slots(item, sub if isinstance(sub, dict) else {}, (*path, key))
    return found


def _schema_string_paths(node: dict[str, Any], path: str = "") -> set[str]:
    """Dotted paths ('[]' an item, '*' a map entry) of every string the schema takes."""
    found: set[str] = set()
    branches = node.get("anyOf", [node])
    for branch in branches:
        kind = branch.get("type")
        if kind == "string" or (kind is None and "enum" in branch):
            found.add(path)
        elif kind == "array":
            found |= _schema_string_paths(branch.get("items", {}), f"{path}[]")
        elif kind == "object":
            for key, sub in branch.get("properties", {}).items():
                found |= _schema_string_paths(sub, f"{path}.{key}" if path else key)
            if "properties" not in branch:
                extra = branch.get("additionalProperties")
                found.add(f"{path}.<key>")
                if isinstance(extra, dict):
                    found |= _schema_string_paths(extra, f"{path}.*")
    return found


def _dotted(path: Path_, maps: set[str]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += "[]"
        elif out in maps:
            out += ".*"
        else:
            out = f"{out}.{part}" if out else part
    return out


def _schema_maps(node: dict[str, Any], path: str = "") -> set[str]:
    found: set[str] = set()
    for branch in node.get("anyOf", [node]):
        if branch.get("type") == "array":
            found |= _schema_maps(branch.get("items", {}), f"{path}[]")
        elif branch.get("type") == "object":
            if "properties" not in branch:
                found.add(path)
            for key, sub in branch.get("properties", {}).items():
                found |= _schema_maps(sub, f"{path}.{key}" if path else key)
    return found


SCHEMA = chart.values_schema()
MAPS = _schema_maps(SCHEMA)


def _all_slots() -> list[tuple[str, Path_, str]]:
    found: list[tuple[str, Path_, str]] = []
    for base, values in BASES.items():
        seen = {(p, k) for _, p, k in found}
        found += [(base, p, k) for p, k in _slots(values, SCHEMA, ()) if (p, k) not in seen]
    return found


SLOTS = _all_slots()


def _set(values: dict[str, Any], path: Path_, kind: str, text: str) -> dict[str, Any]:
    out = copy.deepcopy(values)
    parent: Any = out
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if kind == "key":
        parent[text] = parent.pop(last)
    else:
        parent[last] = text
    return out


def _context(values: dict[str, Any], context: str) -> dict[str, Any]:
    out = copy.deepcopy(values)
    out["ingress"].update(CONTEXTS[context])
    return out


def _run(
    values: dict[str, Any], major: str, tmp: Path, tag: str
) -> subprocess.CompletedProcess[str]:
    # JSON is YAML that helm and PyYAML read alike (no YAML 1.1 vs 1.2 surprises).
    path = tmp / f"{tag}.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    command = ["template", RELEASE, str(CHART), "-n", NAMESPACE, "-f", str(path)]
    return subprocess.run(
        [helm_binary(major), *command], capture_output=True, text=True, timeout=120
    )


def _docs(proc: subprocess.CompletedProcess[str]) -> list[Any]:
    docs = strict_load_all(proc.stdout)
    split_hook(docs)  # checks the hook; the hook's own slots (its probe URL) count too
    return docs


def _refused_by_rule(proc: subprocess.CompletedProcess[str]) -> bool:
    """A refusal by the schema or _validate.tpl, not helm tripping over its own output."""
    schema = "values don't meet the specifications of the schema"
    return proc.returncode != 0 and (schema in proc.stderr or "execution error" in proc.stderr)


# Where the model checks what the API server checks and the chart does not: embedded
# Kubernetes objects (mcpgen.model.kube) and container resource names.
_EMBEDDED = (
    ("podTemplate", "affinity"),
    ("podTemplate", "volumes"),
    ("podTemplate", "topologySpreadConstraints"),
    ("networkPolicy", "egress"),
    ("resources", "requests"),
    ("resources", "limits"),
    ("sidecar", "resources"),
)


def _embedded(path: Path_) -> bool:
    return (
        path[:2] in _EMBEDDED
        or path[:3] == ("transport", "stdio", "resources")
        or (len(path) > 2 and path[0] == "environment" and path[2] == "valueFrom")
    )


def _model_refuses(values: dict[str, Any]) -> bool:
    spec = {k: v for k, v in values.items() if k not in chart.CHART_ONLY}
    try:
        MCPServer.model_validate(
            {
                "apiVersion": "mcp.mcp-operator.io/v1",
                "kind": "MCPServer",
                "metadata": {
                    "name": values["fullnameOverride"],
                    "namespace": NAMESPACE,
                    "labels": values["commonLabels"],
                },
                "spec": spec,
            }
        )
    except ValidationError:
        return True
    return False


def _replace(node: Any, marks: dict[str, str]) -> Any:
    if isinstance(node, str):
        for mark, payload in marks.items():
            node = node.replace(mark, payload)
        return node
    if isinstance(node, list):
        return [_replace(v, marks) for v in node]
    if isinstance(node, dict):
        return {_replace(k, marks): _replace(v, marks) for k, v in node.items()}
    return node


def _printed(docs: list[Any], mark: str) -> bool:
    return mark in json.dumps(docs, ensure_ascii=False)


def test_every_string_the_schema_takes_has_a_slot() -> None:
    covered = {_dotted(path, MAPS) + (".<key>" if kind == "key" else "") for _, path, kind in SLOTS}
    # A map's key slot is written `<map>.<key>`; its values `<map>.*`.
    covered = {re.sub(r"\.\*\.<key>$", ".<key>", c) for c in covered}
    # A whole document's spec is merged over the top level (mcp-server.init), so it reaches
    # the slots the bare spec's keys cover; its metadata.labels become commonLabels; its
    # name and namespace are only compared with the release's.
    document = ("apiVersion", "kind", "metadata", "spec", "status")
    wanted = {
        p for p in _schema_string_paths(SCHEMA) if p.split(".")[0].rstrip("[]") not in document
    }
    missing = wanted - covered - {"global.<key>"}
    assert not missing, f"add these to BASE: {sorted(missing)}"


def _hostile(i: int, name: str) -> dict[str, Any]:
    base, path, kind = SLOTS[i]
    return _set(BASES[base], path, kind, PAYLOADS[name])


@pytest.mark.parametrize("major", HELM_MAJORS)
def test_no_value_injects_yaml(major: str, tmp_path: Path) -> None:
    for base, values in BASES.items():
        proc = _run(values, major, tmp_path, base)
        assert proc.returncode == 0, proc.stderr

    # Which payloads helm takes, slot by slot; the model must agree on each. A slot that
    # takes the first payload is free text and takes the milder ones too: not retried.
    def attempt(case: tuple[int, str]) -> subprocess.CompletedProcess[str]:
        i, name = case
        return _run(_hostile(i, name), major, tmp_path, f"p{i}-{name}")

    accepted: dict[tuple[str, str], set[int]] = {}
    remaining = list(range(len(SLOTS)))
    for name in PAYLOADS:
        cases = [(i, name) for i in remaining]
        with ThreadPoolExecutor(4) as pool:
            procs = list(pool.map(attempt, cases))
        for (i, _), proc in zip(cases, procs, strict=True):
            base, path, kind = SLOTS[i]
            where = (path, kind, name)
            if proc.returncode != 0:
                assert _refused_by_rule(proc), (where, proc.stderr[-2000:])
            else:
                accepted.setdefault((base, name), set()).add(i)
                remaining.remove(i)
            if path[0] not in chart.CHART_ONLY:
                refused = _model_refuses(_hostile(i, name))
                if _embedded(path):
                    # The model checks embedded Kubernetes objects against the upstream
                    # schemas and the chart does not: there it only has to be as strict.
                    assert refused or proc.returncode == 0, (where, proc.stderr)
                else:
                    assert refused == (proc.returncode != 0), (where, proc.stderr)
    assert accepted.get(("base", "lines")), "no slot took the payload: the test proves nothing"

    # Every accepted slot at once, per provider: a marker run and a payload run.
    printed: dict[int, set[str]] = {}
    for (base, name), slots in accepted.items():
        for context in CONTEXTS:
            marked, hostile = _context(BASES[base], context), _context(BASES[base], context)
            marks = {}
            # Values first, then keys deepest first, so every path still leads somewhere.
            for i in sorted(slots, key=lambda i: (SLOTS[i][2] == "key", -len(SLOTS[i][1]))):
                _, path, kind = SLOTS[i]
                payload = f"{PAYLOADS[name]}{i:03d}"
                marked = _set(marked, path, kind, MARKS[name].format(i))
                hostile = _set(hostile, path, kind, payload)
                marks[MARKS[name].format(i)] = payload
            want = _run(marked, major, tmp_path, f"m-{base}-{name}-{context}")
            got = _run(hostile, major, tmp_path, f"h-{base}-{name}-{context}")
            assert want.returncode == 0, (context, want.stderr)
            assert got.returncode == 0, (context, got.stderr)
            want_docs = _docs(want)
            assert _docs(got) == _replace(want_docs, marks), (base, name, context)
            for i in slots:
                if _printed(want_docs, MARKS[name].format(i)):
                    printed.setdefault(i, set()).add(context)

    for i in set().union(*accepted.values()):
        _, path, kind = SLOTS[i]
        dotted = _dotted(path, MAPS)
        silent = set(CONTEXTS) - printed.get(i, set())
        allowed = next((v for k, v in UNPRINTED.items() if dotted.startswith(k)), set())
        assert silent <= allowed, f"{dotted} ({kind}) is never printed in {sorted(silent)}"


def test_validate_tpl_uses_the_models_patterns_and_limits() -> None:
    text = (CHART / "templates" / "_validate.tpl").read_text(encoding="utf-8")
    for literal in (
        f'"{t.DNS1035_LABEL}"',
        f'"{t.DNS1123_LABEL}"',
        f"gt $size {t.ANNOTATION_BUDGET}",
        f"at most {t.ANNOTATION_BUDGET} fit",
        f"pass {t.TOTAL_ANNOTATION_SIZE} bytes",
        f"keeps {t.ANNOTATION_RESERVE} for its own",
    ):
        assert literal in text, literal
