"""The upstream Kubernetes definitions of the spec's embedded objects (affinity, volumes,
valueFrom, ...) in a JSON Schema helm reads: the chart's values.schema.json.

The model marks each embedded object's schema with the upstream definition its load-time
check uses (`kube.SCHEMA_KEY`). Here every mark becomes a `$ref` to that definition, and
the definitions are exactly the ones the check reads (`kube.upstream_definitions`: only
those reached, strict Quantity, no descriptions), so helm refuses what `mcpgen render`
refuses, naming the same field path.

Spelled for draft-07, the one both helms read alike: Helm 3's gojsonschema and Helm 4's
santhosh-tekuri/jsonschema both resolve `#/definitions/<name>` in a draft-07 document
(tests/chart/test_embedded_parity.py runs both).
"""

from __future__ import annotations

from typing import Any

from mcpgen.model.kube import SCHEMA_KEY, upstream_definitions

Schema = dict[str, Any]

DEFINITIONS = "definitions"
_UPSTREAM_REF = "#/$defs/"
_REF = f"#/{DEFINITIONS}/"
# Keywords the model's check does not act on: Kubernetes' merge hints (x-kubernetes-*), and
# `format`, which jsonschema-rs does not assert under 2020-12 but gojsonschema would
# (`date-time`): the chart must refuse no more than the model does.
_UNREAD = ("format",)


def _draft07(node: Schema) -> Schema:
    """One upstream schema node with its references pointing into `definitions`."""
    out: Schema = {}
    for key, value in node.items():
        if key in _UNREAD or key.startswith("x-kubernetes-"):
            continue
        if key == "$ref" and isinstance(value, str):
            out[key] = _REF + value.removeprefix(_UPSTREAM_REF)
        elif key == "properties":  # property names, not keywords: keep every one
            out[key] = {name: _draft07(sub) for name, sub in value.items()}
        elif isinstance(value, dict):
            out[key] = _draft07(value)
        elif isinstance(value, list):
            out[key] = [_draft07(v) if isinstance(v, dict) else v for v in value]
        else:
            out[key] = value
    return out


def with_upstream_definitions(schema: Schema) -> Schema:
    """`schema` (carrying the model's marks) with each mark replaced by a `$ref`, and the
    definitions reached under `definitions`, sorted so the output is stable."""
    names: set[str] = set()

    def replace(node: Any) -> Any:
        if isinstance(node, dict):
            name = node.get(SCHEMA_KEY)
            if isinstance(name, str):
                names.add(name)
                # The open mapping goes; its annotations stay beside the $ref (draft-07
                # ignores them there, and the chart's README table reads them).
                notes = {k: node[k] for k in ("description", "default") if k in node}
                return {"$ref": _REF + name, **notes}
            return {k: replace(v) for k, v in node.items()}
        if isinstance(node, list):
            return [replace(v) for v in node]
        return node

    body: Schema = replace(schema)
    if not names:
        return body
    reached = upstream_definitions(sorted(names))
    return {**body, DEFINITIONS: {n: _draft07(reached[n]) for n in sorted(reached)}}
