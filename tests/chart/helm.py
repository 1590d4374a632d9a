"""Run the real helm binary (scripts/get-helm puts one on PATH; missing helm fails, never skips)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from mcpgen.model import MCPServer

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "mcp-server"
# Labels Helm itself adds (and mcpgen's own managed-by): the only allowed difference.
HELM_LABELS = ("helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/version")


# The chart promises Helm 3.8+ and Helm 4: parity is proven with both majors.
HELM_MAJORS = ("helm4", "helm3")


def helm_binary(major: str = "helm4") -> str:
    if major == "helm3":
        found = os.environ.get("MCPGEN_HELM3")
        assert found and os.access(found, os.X_OK), (
            "MCPGEN_HELM3 names no Helm 3 binary: run the tests through scripts/test "
            "(scripts/get-helm --helm3)"
        )
        return found
    found = shutil.which("helm")
    assert found, "helm is not on PATH: run the tests through scripts/test (scripts/get-helm)"
    return found


def helm(*args: str, check: bool = True, major: str = "helm4") -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([helm_binary(major), *args], capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"helm {' '.join(args)} failed:\n{proc.stderr}")
    return proc


class _StrictLoader(yaml.SafeLoader):  # type: ignore[misc,unused-ignore]
    """PyYAML keeps the last of two equal keys; the API server's reader refuses them."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise AssertionError(f"duplicate key {key!r} at {key_node.start_mark}")
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def strict_load_all(text: str) -> list[dict[str, Any]]:
    return [d for d in yaml.load_all(text, Loader=_StrictLoader) if d]


SELECTOR = ("app.kubernetes.io/name", "app.kubernetes.io/instance")


def split_hook(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents without the `helm test` Pod, after checking the Pod on the way.

    Every chart test renders the hook (none passes --skip-tests), so a hook that
    breaks the chart (a duplicate key, labels a selector counts, no resources)
    fails every test, not one.
    """
    hooks = [d for d in docs if "helm.sh/hook" in (d["metadata"].get("annotations") or {})]
    rest = [d for d in docs if d not in hooks]
    for hook in hooks:
        labels = hook["metadata"]["labels"]
        for doc in rest:
            wanted = doc.get("spec", {}).get("selector") or {}
            wanted = wanted.get("matchLabels", wanted) if isinstance(wanted, dict) else {}
            if wanted and all(labels.get(k) == v for k, v in wanted.items()):
                raise AssertionError(f"the test hook's labels match {doc['kind']}'s selector")
        (container,) = hook["spec"]["containers"]
        assert container["resources"]["requests"] and container["resources"]["limits"]
    return rest


def values_of(server: MCPServer, raw_spec: dict[str, Any]) -> dict[str, Any]:
    """The chart's values for a server as a bare spec: its spec as written, and its labels."""
    values = dict(raw_spec)
    if server.metadata.labels:
        values["commonLabels"] = dict(server.metadata.labels)
    return values


def document_of(server: MCPServer, raw_spec: dict[str, Any]) -> dict[str, Any]:
    """The chart's values for a server as the whole MCPServer file `mcpgen render` reads."""
    metadata: dict[str, Any] = {"name": server.metadata.name}
    metadata["namespace"] = server.metadata.namespace
    if server.metadata.labels:
        metadata["labels"] = dict(server.metadata.labels)
    return {
        "apiVersion": "mcp.mcp-operator.io/v1",
        "kind": "MCPServer",
        "metadata": metadata,
        "spec": raw_spec,
    }


def template(
    server: MCPServer,
    raw_spec: dict[str, Any],
    tmp: Path,
    chart: Path = CHART,
    major: str = "helm4",
    document: bool = False,
) -> list[dict[str, Any]]:
    values = tmp / f"{server.metadata.name}-values.yaml"
    shaped = (document_of if document else values_of)(server, raw_spec)
    values.write_text(yaml.safe_dump(shaped), encoding="utf-8")
    out = helm(
        "template",
        server.metadata.name,
        str(chart),
        "--namespace",
        server.metadata.namespace,
        "-f",
        str(values),
        major=major,
    ).stdout
    return split_hook(strict_load_all(out))


def strip_helm_labels(doc: dict[str, Any]) -> dict[str, Any]:
    def clean(labels: dict[str, str] | None) -> None:
        for key in HELM_LABELS:
            (labels or {}).pop(key, None)

    clean(doc.get("metadata", {}).get("labels"))
    template_meta = doc.get("spec", {}).get("template", {}).get("metadata")
    if isinstance(template_meta, dict):
        # Only managed-by may differ here: a label that changes with the chart version
        # would roll every pod on a chart upgrade.
        (template_meta.get("labels") or {}).pop("app.kubernetes.io/managed-by", None)
    return doc


def by_identity(docs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["kind"], d["metadata"]["name"]): strip_helm_labels(d) for d in docs}


def template_values(
    release: str, namespace: str, values: dict[str, Any], tmp: Path, major: str = "helm4"
) -> list[dict[str, Any]] | None:
    """`helm template` of raw values: the documents, or None when helm refuses them.

    A refusal must be helm's own (release name, values schema, the chart's `fail`):
    helm choking on YAML the chart printed would be a chart bug, not a refusal.
    """
    # JSON, a subset of YAML that helm and PyYAML read alike: PyYAML writes "1e9"
    # unquoted (a string in YAML 1.1), which helm then reads as a number.
    path = tmp / "values.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    args = ("template", release, str(CHART), "--namespace", namespace, "-f", str(path))
    proc = helm(*args, check=False, major=major)
    if proc.returncode != 0:
        assert "YAML parse error" not in proc.stderr, proc.stderr
        assert "error converting YAML" not in proc.stderr or str(path) in proc.stderr, proc.stderr
        return None
    return split_hook(strict_load_all(proc.stdout))
