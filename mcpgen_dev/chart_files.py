"""The Helm chart's generated files, from the one source of truth: the pydantic model.

- `values.yaml`: every spec default, commented line by line with the field's description.
- `values.schema.json`: the spec's JSON Schema (refs inlined), plus the chart's own keys.
- the values table in the chart's README.
- `templates/_rules.tpl`: the rules' constants the templates need, as named templates.
- `files/stdio-liveness.py`: the stdio bridge's liveness check (mcpgen/rules/stdio.py).

`python -m mcpgen_dev.chart_files` rewrites them; a test fails when the committed files differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mcpgen.model.spec import (
    DEFAULT_STARTUP_FAILURE_THRESHOLD,
    DEFAULT_STATIC_BRIDGE_RESOURCES,
    STDIO_STARTUP_FAILURE_THRESHOLD,
    MCPServerSpec,
)
from mcpgen.model.types import DNS1035_LABEL, LABEL_VALUE
from mcpgen.rules.providers import alb, gce
from mcpgen.rules.providers.base import AFFINITY_COOKIE
from mcpgen.rules.stdio import LIVENESS_SCRIPT
from mcpgen.schema import json_schema, labels_schema, metadata_schema, spec_schema
from mcpgen_dev.embedded_schema import with_upstream_definitions

CHART_DIR = Path(__file__).resolve().parent.parent / "charts" / "mcp-server"
README_START = "<!-- values-table:start -->"
README_END = "<!-- values-table:end -->"
# Read by _stdio.tpl with .Files.Get, so the chart runs the very script the renderer emits.
LIVENESS_FILE = Path("files") / "stdio-liveness.py"
# The spec's own resources schema: the hook is refused where the server would be.
_RESOURCES = spec_schema()["properties"]["resources"]
# Helm reserves `global`; the rest are the chart's own, not part of MCPServer.spec.
CHART_ONLY: dict[str, tuple[Any, dict[str, Any], str]] = {
    # A label value (it is one, in every selector); empty means unset.
    "nameOverride": (
        "",
        {"type": "string", "pattern": LABEL_VALUE, "maxLength": 63},
        "Replaces the chart name in the app.kubernetes.io/name label.",
    ),
    # The server name, so the model's rule for metadata.name (it names the Service);
    # empty means unset. _validate.tpl checks the release name the same way.
    "fullnameOverride": (
        "",
        {"type": "string", "pattern": f"^$|{DNS1035_LABEL}", "maxLength": 63},
        "Names every object (default: the release name, i.e. the server name).",
    ),
    "commonLabels": (
        {},
        labels_schema(),
        "Labels for every object: the MCPServer's metadata.labels.",
    ),
    "testHook": (
        {
            "enabled": True,
            "image": {
                "repository": "ghcr.io/mcpgen/mcpgen",
                # Empty: the chart's appVersion, the mcpgen release the chart ships with.
                "tag": "",
                "pullPolicy": "IfNotPresent",
            },
            # A probe is one Python process and a few requests.
            "resources": {
                "requests": {"cpu": "50m", "memory": "64Mi"},
                "limits": {"cpu": "500m", "memory": "256Mi"},
            },
        },
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "enabled": {"type": "boolean"},
                "image": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "repository": {"type": "string", "minLength": 1},
                        "tag": {"type": "string"},
                        "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
                    },
                },
                "resources": _RESOURCES,
            },
        },
        "`helm test` Pod running `mcpgen probe` against the Service (image built from the "
        "repository's Dockerfile; tag empty: the chart's appVersion).",
    ),
}


def _document_keys() -> dict[str, Any]:
    """apiVersion, kind, metadata, spec, status: the whole MCPServer file as values."""
    props = json_schema()["properties"]
    marked = spec_schema(upstream_marks=True)
    spec = {k: v for k, v in marked.items() if k not in ("$schema", "title")}
    return {
        "apiVersion": props["apiVersion"],
        "kind": props["kind"],
        "metadata": metadata_schema(),
        "spec": {
            **spec,
            "description": "The MCPServer spec, when the values are a whole document.",
        },
        "status": {"description": "Written by the operator; ignored."},
    }


def values_schema() -> dict[str, Any]:
    schema = spec_schema(upstream_marks=True)
    image = schema["properties"]["image"]
    schema["properties"] = {
        **schema["properties"],
        # Its real rule is in the if/then/else below: which one applies depends on `spec`.
        "image": {"type": "string", "description": image["description"]},
        **{k: {**s, "description": d} for k, (_, s, d) in CHART_ONLY.items()},
        **_document_keys(),
        "global": {"type": "object"},
    }
    # Two shapes, one schema: `-f server.yaml` (the file `mcpgen render` reads) or a
    # bare spec. values.yaml's defaults sit at the top level either way, so a
    # document leaves the top-level image at its empty default; the spec inside it
    # is checked with every rule of a bare one. helm 3's validator knows draft-07,
    # hence if/then/else rather than 2020-12's dependentSchemas.
    schema["if"] = {"required": ["spec"]}
    schema["then"] = {
        "required": ["apiVersion", "kind", "metadata"],
        "properties": {
            "image": {"const": "", "description": "Set spec.image instead."},
            "metadata": {"required": ["name"]},
        },
    }
    schema["else"] = {
        "properties": {
            "image": image,
            "apiVersion": False,
            "kind": False,
            "metadata": False,
        },
    }
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = (
        "mcp-server chart values: an MCPServer document or its spec, plus the chart's own keys"
    )
    # Embedded Kubernetes objects: the upstream definitions the model checks them against.
    return dict(sorted(with_upstream_definitions(schema).items()))


def _scalar(value: Any) -> str:
    return json.dumps(value)


def _yaml_lines(model: type[BaseModel], data: dict[str, Any], indent: int) -> list[str]:
    pad = "  " * indent
    lines: list[str] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        value = data[key]
        if info.description:
            lines.append(f"{pad}# {' '.join(info.description.split())}")
        sub = _submodel(info.annotation)
        if sub is not None and isinstance(value, dict) and value:
            lines.append(f"{pad}{key}:")
            lines.extend(_yaml_lines(sub, value, indent + 1))
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def _submodel(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def values_yaml() -> str:
    # image is required: an empty one is refused by the schema until the user sets it.
    data = {**MCPServerSpec.model_validate({"image": "x"}).model_dump(by_alias=True), "image": ""}
    lines = [
        "# Values are the MCPServer `spec` itself (mcp.mcp-operator.io/v1), with the same",
        "# defaults as `mcpgen render`. Generated from mcpgen's model by",
        "# `python -m mcpgen_dev.chart_files`; do not edit by hand.",
        "",
        *_yaml_lines(MCPServerSpec, data, 0),
        "",
        "# --- the chart's own keys ---",
    ]
    for key, (default, _, description) in CHART_ONLY.items():
        lines += [f"# {description}", f"{key}: {_scalar(default)}"]
    return "\n".join(lines) + "\n"


def _rows(schema: dict[str, Any], prefix: str = "") -> list[tuple[str, str, str, str]]:
    rows = []
    for key, prop in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        if "properties" in prop and prop.get("type") == "object" and key != "testHook":
            rows.extend(_rows(prop, f"{path}."))
            continue
        kinds = (
            [prop.get("type")]
            if "type" in prop
            else [a.get("type", "object") for a in prop.get("anyOf", []) + prop.get("oneOf", [])]
        )
        if "enum" in prop:
            kinds = [" \\| ".join(json.dumps(e) for e in prop["enum"])]
        kind = " or ".join(str(k) for k in kinds if k) or "object"
        default = json.dumps(prop["default"]) if "default" in prop else ""
        rows.append((path, kind, default, " ".join(prop.get("description", "").split())))
    return rows


# `global` is Helm's; the document keys hold the same spec the table already lists.
_NOT_IN_TABLE = {"global", "apiVersion", "kind", "metadata", "spec", "status"}


def values_table() -> str:
    rows = _rows(values_schema())
    out = ["| value | type | default | description |", "| --- | --- | --- | --- |"]
    out += [
        f"| `{p}` | {t} | {f'`{d}`' if d else ''} | {desc} |"
        for p, t, d, desc in rows
        if p.split(".")[0] not in _NOT_IN_TABLE
    ]
    return "\n".join(out) + "\n"


def readme(current: str) -> str:
    head, _, rest = current.partition(README_START)
    _, _, tail = rest.partition(README_END)
    return f"{head}{README_START}\n{values_table()}{README_END}{tail}"


# name -> value: `include "mcp-server.rules.<name>" .` in the templates.
RULE_CONSTANTS: dict[str, str | int] = {
    "affinityCookie": AFFINITY_COOKIE,
    "albMaxIdleTimeout": alb.MAX_IDLE_TIMEOUT,
    "gceDrainingSeconds": gce.DRAINING_SECONDS,
    "startupFailureThreshold": DEFAULT_STARTUP_FAILURE_THRESHOLD,
    "stdioStartupFailureThreshold": STDIO_STARTUP_FAILURE_THRESHOLD,
    # JSON, read back with fromJson.
    "staticBridgeResources": json.dumps(DEFAULT_STATIC_BRIDGE_RESOURCES, sort_keys=True),
}


def rules_tpl() -> str:
    lines = [
        "{{/* Generated from mcpgen's rules by `python -m mcpgen_dev.chart_files`. */}}",
        *(
            f'{{{{- define "mcp-server.rules.{name}" -}}}}{value}{{{{- end -}}}}'
            for name, value in RULE_CONSTANTS.items()
        ),
    ]
    return "\n".join(lines) + "\n"


def write(chart: Path = CHART_DIR) -> None:
    (chart / "templates" / "_rules.tpl").write_text(rules_tpl(), encoding="utf-8")
    (chart / "values.yaml").write_text(values_yaml(), encoding="utf-8")
    (chart / "values.schema.json").write_text(
        json.dumps(values_schema(), indent=2) + "\n", encoding="utf-8"
    )
    readme_path = chart / "README.md"
    readme_path.write_text(readme(readme_path.read_text(encoding="utf-8")), encoding="utf-8")
    (chart / LIVENESS_FILE).parent.mkdir(exist_ok=True)
    (chart / LIVENESS_FILE).write_text(LIVENESS_SCRIPT, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else CHART_DIR)
