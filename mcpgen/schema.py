"""The MCPServer JSON Schema, the spec schema and the CRD: all generated from the model.

`python -m mcpgen.schema` rewrites the committed copies under `schemas/`; a test
fails when they differ from what this module generates.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from mcpgen.kube_resources import QUANTITY_PATTERN
from mcpgen.model import MCPServer
from mcpgen.model.kube import SCHEMA_KEY
from mcpgen.model.server import API_VERSION, KIND
from mcpgen.model.strict import load_field_docs

# The descriptions come from the fields' docstrings, which only schema generation reads.
load_field_docs()

Schema = dict[str, Any]

GROUP, VERSION = API_VERSION.split("/")
PLURAL = "mcpservers"
SHORT_NAMES = ["mcp", "mcps"]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# kubeconform's `-schema-location '{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'`.
SCHEMA_FILE = f"{GROUP}/{KIND.lower()}_{VERSION}.json"
CRD_FILE = "mcpserver-crd.yaml"
# Like the operator's columns, plus what mcpgen knows: the image and the resolved protocol.
PRINTER_COLUMNS = [
    {"name": "Image", "type": "string", "jsonPath": ".spec.image"},
    {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"},
    {"name": "Ready", "type": "integer", "jsonPath": ".status.readyReplicas"},
    {"name": "Protocol", "type": "string", "jsonPath": ".status.resolvedTransport.protocol"},
    {"name": "Phase", "type": "string", "jsonPath": ".status.phase"},
    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"},
]
# String checks that JSON Schema applies to strings only, so they can sit beside an
# int-or-string without constraining the integer (Kubernetes' own Quantity does this).
# Number bounds are left out there: the API server's rules for them on a typeless
# node are not something a test here can confirm.
_STRING_CHECKS = ("pattern", "maxLength", "minLength")


class NotStructural(ValueError):
    """The model holds a shape a CRD's structural schema cannot express."""


def _strip_titles(node: Any) -> Any:
    # pydantic's titles ("Maxsurge") say less than the descriptions and clutter diffs.
    if isinstance(node, dict):
        # A string under "title" is a title; a field named title would hold a schema.
        return {
            k: _strip_titles(v) for k, v in node.items() if k != "title" or not isinstance(v, str)
        }
    if isinstance(node, list):
        return [_strip_titles(v) for v in node]
    return node


def _key_patterns(node: Any) -> Any:
    """`patternProperties` as `propertyNames` + `additionalProperties`.

    pydantic writes a dict's key pattern as `patternProperties`, which only checks the
    keys that match: a bad label key would pass every validator that reads the schema
    (helm's included). `propertyNames` refuses it.
    """
    if isinstance(node, list):
        return [_key_patterns(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _key_patterns(v) for k, v in node.items()}
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "properties" not in node:
        ((pattern, values),) = patterns.items()
        names = {**node.get("propertyNames", {}), "pattern": pattern}
        # In place of patternProperties, so generated files keep their key order.
        node = {
            **{k: v for k, v in node.items() if k not in ("patternProperties", "propertyNames")},
            "additionalProperties": values,
            "propertyNames": names,
        }
    return node


def _strip_upstream_marks(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_upstream_marks(v) for k, v in node.items() if k != SCHEMA_KEY}
    if isinstance(node, list):
        return [_strip_upstream_marks(v) for v in node]
    return node


def json_schema(*, upstream_marks: bool = False) -> Schema:
    """The whole MCPServer document's schema (apiVersion, kind, metadata, spec, status).

    Embedded Kubernetes objects are open mappings; with `upstream_marks` each also names
    its upstream definition (kube.SCHEMA_KEY), for mcpgen_dev.embedded_schema to fill in.
    """
    generated = MCPServer.model_json_schema(by_alias=True, mode="validation")
    body = _key_patterns(_strip_titles(generated))
    if not upstream_marks:
        body = _strip_upstream_marks(body)
    return {"$schema": DRAFT, "title": KIND, **body}


def _inline(node: Any, defs: dict[str, Schema]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline(copy.deepcopy(defs[ref.removeprefix("#/$defs/")]), defs)
            siblings = {k: _inline(v, defs) for k, v in node.items() if k != "$ref"}
            return {**target, **siblings}  # the field's own description wins over the class's
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def spec_schema(*, upstream_marks: bool = False) -> Schema:
    """`spec` alone with every `$ref` inlined: the source of the chart's values.schema.json."""
    whole = json_schema(upstream_marks=upstream_marks)
    spec = _inline(whole["properties"]["spec"], whole["$defs"])
    return {"$schema": DRAFT, "title": f"{KIND} spec", **spec}


def metadata_schema() -> Schema:
    """`metadata` with every `$ref` inlined: the chart takes a whole document too."""
    whole = json_schema()
    metadata: Schema = _inline(whole["$defs"]["Metadata"], whole["$defs"])
    return metadata


def labels_schema() -> Schema:
    """The schema of `metadata.labels`: the chart's `commonLabels` are exactly these."""
    whole = json_schema()
    labels = whole["$defs"]["Metadata"]["properties"]["labels"]
    return {k: v for k, v in _inline(labels, whole["$defs"]).items() if k != "default"}


def _branch_types(branches: list[Schema]) -> set[str]:
    return {str(b.get("type")) for b in branches}


def _int_or_string(node: Schema, branches: list[Schema]) -> Schema:
    """Kubernetes' one allowed union: `anyOf: [{type: integer}, {type: string}]` exactly."""
    out: Schema = {k: v for k, v in node.items() if k != "anyOf"}
    for branch in branches:
        if branch.get("type") == "string":
            out.update({k: branch[k] for k in _STRING_CHECKS if k in branch})
    if "number" in _branch_types(branches):
        # A float quantity is a string to Kubernetes; a stricter string branch stays.
        out.setdefault("pattern", QUANTITY_PATTERN)
    out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    out["x-kubernetes-int-or-string"] = True
    return out


def structural(node: Schema, where: str = "") -> Schema:
    """An inlined JSON Schema node as a Kubernetes structural schema node.

    Rules (apiextensions.k8s.io/v1): a `type` on every node, no `$ref`, no
    `anyOf` except the int-or-string pattern, no `additionalProperties` beside
    `properties`, no `patternProperties` or `propertyNames`, `enum` for `const`, a set
    list for `uniqueItems`,
    and boolean `exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0).
    """
    node = {k: v for k, v in node.items() if k not in ("title", "propertyNames", "$schema")}
    if node.get("default", 0) is None:
        del node["default"]
    if "anyOf" in node:
        branches = [b for b in node["anyOf"] if b.get("type") != "null"]
        if len(branches) == 1:
            merged = {**branches[0], **{k: v for k, v in node.items() if k != "anyOf"}}
            return structural(merged, where)
        if _branch_types(branches) <= {"integer", "string", "number"} and "string" in (
            _branch_types(branches)
        ):
            return _int_or_string(node, branches)
        raise NotStructural(f"{where or 'root'}: a union of {_branch_types(branches)}")
    if "const" in node:
        node["enum"] = [node.pop("const")]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), int | float) and not isinstance(node[bound], bool):
            node[limit], node[bound] = node[bound], True
    kind = node.get("type")
    if kind is None:
        raise NotStructural(f"{where or 'root'}: no type")
    if kind == "object":
        pattern_props = node.pop("patternProperties", None)
        extra = node.get("additionalProperties")
        if "properties" in node:
            node.pop("additionalProperties", None)  # unknown fields are pruned instead
            node["properties"] = {
                k: structural(v, f"{where}.{k}") for k, v in node["properties"].items()
            }
        elif pattern_props:
            # Key patterns cannot be expressed; the values still are.
            (value_schema,) = pattern_props.values()
            node["additionalProperties"] = structural(value_schema, f"{where}.*")
        elif isinstance(extra, dict) and extra:
            node["additionalProperties"] = structural(extra, f"{where}.*")
        else:
            node.pop("additionalProperties", None)
            node["x-kubernetes-preserve-unknown-fields"] = True
    elif kind == "array":
        # apiextensions.k8s.io/v1 forbids uniqueItems; a set-typed list of scalars is how a
        # CRD refuses duplicates.
        if node.pop("uniqueItems", False):
            node["x-kubernetes-list-type"] = "set"
        items = node.get("items") or {}
        node["items"] = (
            structural(items, f"{where}[]")
            if items
            else {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
        )
    return node


def crd() -> dict[str, Any]:
    """The MCPServer CustomResourceDefinition (apiextensions.k8s.io/v1), structural schema."""
    spec = spec_schema()
    spec.pop("$schema")
    spec.pop("title")
    open_api = {
        "description": "An MCP (Model Context Protocol) server and how it is deployed.",
        "type": "object",
        "required": ["spec"],
        "properties": {
            "apiVersion": {"type": "string", "description": "API group and version."},
            "kind": {"type": "string", "description": "Resource kind."},
            "metadata": {"type": "object"},
            "spec": structural(spec, "spec"),
            "status": {
                "type": "object",
                "description": "Observed state, written by the operator.",
                "x-kubernetes-preserve-unknown-fields": True,
            },
        },
    }
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {
            "name": f"{PLURAL}.{GROUP}",
            "labels": {"app.kubernetes.io/managed-by": "mcpgen"},
        },
        "spec": {
            "group": GROUP,
            "names": {
                "kind": KIND,
                "listKind": f"{KIND}List",
                "plural": PLURAL,
                "singular": KIND.lower(),
                "shortNames": SHORT_NAMES,
            },
            "scope": "Namespaced",
            "versions": [
                {
                    "name": VERSION,
                    "served": True,
                    "storage": True,
                    "subresources": {"status": {}},
                    "additionalPrinterColumns": PRINTER_COLUMNS,
                    "schema": {"openAPIV3Schema": open_api},
                }
            ],
        },
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2) + "\n"


def crd_text() -> str:
    from mcpgen.yamlio.emit import dump  # kubectl's style, YAML-1.1-safe quoting

    return dump(crd())


def generated_files() -> dict[str, str]:
    """Path under `schemas/` -> the text this module generates for it."""
    return {SCHEMA_FILE: json_schema_text(), CRD_FILE: crd_text()}


def write(root: Path) -> list[Path]:
    written = []
    for name, text in generated_files().items():
        path = root / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    # Developers regenerate the checkout's copies; an installed wheel's are read-only data.
    for path in write(Path(__file__).resolve().parent.parent / "schemas"):
        print(f"wrote {path}")
