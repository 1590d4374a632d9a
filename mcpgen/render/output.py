"""The rendered tree `DIR/<namespace>/<name>/<kind>.yaml`, and how it differs from disk.

mcpgen owns the server folders it writes: Argo CD's source hydrator never
deletes stale files and Flux applies every YAML file under a path, so stale
files are removed by mcpgen itself (see `mcpgen.write`). Every file carries a
signed first line, the proof that mcpgen wrote it.
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

from mcpgen.render import Rendered
from mcpgen.rules.labels import MANAGED_BY
from mcpgen.write.signature import read_regular, sign
from mcpgen.yamlio.emit import dump

KUSTOMIZATION = "kustomization.yaml"
_MANAGED_KEY = "app.kubernetes.io/managed-by"


def server_files(rendered: Rendered) -> dict[str, str]:
    """File name -> signed content for one server's folder, kustomization.yaml included."""
    kinds = Counter(str(doc["kind"]).lower() for doc in rendered.documents)
    files: dict[str, str] = {}
    for doc in rendered.documents:
        kind = str(doc["kind"]).lower()
        name = f"{kind}.yaml" if kinds[kind] == 1 else f"{kind}-{doc['metadata']['name']}.yaml"
        files[name] = sign(dump(doc))
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "metadata": {"name": rendered.plan.name, "labels": {_MANAGED_KEY: MANAGED_BY}},
        "resources": list(files),
    }
    files[KUSTOMIZATION] = sign(dump(kustomization))
    return files


def server_folder(rendered: Rendered) -> tuple[Path, dict[str, str]]:
    """One server's folder (relative to the output folder) and its files."""
    return Path(rendered.plan.namespace) / rendered.plan.name, server_files(rendered)


def desired_tree(rendered: list[Rendered]) -> dict[Path, dict[str, str]]:
    """Server folder (relative) -> its files."""
    return dict(server_folder(item) for item in rendered)


def tree_kustomization(tree: dict[Path, dict[str, str]]) -> str:
    """DIR/kustomization.yaml: every server folder of this render, one entry point.

    One per tree, not per namespace: `kubectl apply -k DIR`, an Argo CD Application
    or a Flux Kustomization point at one folder, and what is deployed is exactly
    what this render produced: a server gone from the input drops out here at once
    (Argo CD and Flux prune it from the cluster) even while its stale folder waits
    for `--prune`.
    """
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "metadata": {"name": "mcpgen", "labels": {_MANAGED_KEY: MANAGED_BY}},
        "resources": [rel.as_posix() for rel in sorted(tree)],
    }
    return sign(dump(kustomization))


def unified_diff(root: Path, write: dict[Path, str], delete: set[Path]) -> str:
    out: list[str] = []
    for rel in sorted(write):
        old = read_regular(root / rel)
        out += difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            write[rel].splitlines(keepends=True),
            fromfile=f"a/{rel}" if old is not None else "/dev/null",
            tofile=f"b/{rel}",
        )
    for rel in sorted(delete):
        old = read_regular(root / rel) or ""
        out += difflib.unified_diff(
            old.splitlines(keepends=True), [], fromfile=f"a/{rel}", tofile="/dev/null"
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)
