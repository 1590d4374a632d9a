"""Extract Argo CD's and Flux's CRD schemas from the npm packages that ship them.

@kubernetes-models/argo-cd 2.0.2 and @kubernetes-models/flux-cd 2.2.1 (MIT) carry
each CRD's openAPIV3Schema as an object literal (`const schema = {...}`); later
versions ship compiled validators only. Run from a folder where `npm pack` put
them (scripts/crd-schemas-from-npm.py DIR); writes schemas/<group>/<kind>_<version>.json.

Made strict the way kubeconform's CRD catalogs are (openapi2jsonschema --strict):
an object that lists its properties and does not preserve unknown fields refuses
other keys, so a typo in an example fails here and not in the cluster. metadata
refers to ObjectMeta in another package: a plain object here (the API server checks it).
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WANTED = [
    ("kubernetes-models-argo-cd-2.0.2.tgz", "argoproj.io/v1alpha1/Application.js"),
    ("kubernetes-models-argo-cd-2.0.2.tgz", "argoproj.io/v1alpha1/ApplicationSet.js"),
    ("kubernetes-models-flux-cd-2.2.1.tgz", "kustomize.toolkit.fluxcd.io/v1/Kustomization.js"),
]


def _literal(js: str) -> Any:
    start = js.index("const schema = ") + len("const schema = ")
    depth = 0
    for i, ch in enumerate(js[start:], start):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return json.loads(js[start : i + 1])
    raise ValueError("unbalanced schema literal")


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _strict(v) for k, v in node.items()}
    if node.get("$ref", "").startswith("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"):
        return {"type": "object"}
    if (
        "properties" in node
        and "additionalProperties" not in node
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        node["additionalProperties"] = False
    return node


def main(packs: Path) -> None:
    for tgz, member in WANTED:
        with tarfile.open(packs / tgz) as tar:
            extracted = tar.extractfile(f"package/{member}")
            assert extracted is not None
            js = extracted.read().decode()
        schema = _strict(_literal(js))
        group, version, file = member.split("/")
        kind = file.removesuffix(".js").lower()
        out = ROOT / "schemas" / group / f"{kind}_{version}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(out.relative_to(ROOT))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
