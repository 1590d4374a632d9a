"""Validate one resource against its schema; return a result, print nothing.

Each schema is compiled once (jsonschema-rs) and cached. `$ref`s between the
upstream files resolve against the `_definitions.json` beside them, registered
under its own `$id`; any other remote reference is refused, so validation never
touches the network.

Two upstream definitions are tightened to what the API server enforces, as the model
does for the objects a spec embeds: a Quantity follows resource.Quantity's grammar
(upstream says only "a string or a number", so `cpu: 1 core` passed), and a container's
requests and limits are named as the kubelet knows them (`memroy` passed).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mcpgen.diagnostics import Finding, dotted
from mcpgen.kube_resources import (
    QUANTITY_DEFINITION,
    QUANTITY_HELP,
    RESOURCE_NAME_SCHEMA,
    STRICT_QUANTITY,
    resource_name_problem,
)
from mcpgen.upstream import kind_of, quoting_hint
from mcpgen.validate.manifests import Resource, dig
from mcpgen.validate.schema_registry import SchemaFile, SchemaRegistry

Status = Literal["valid", "invalid", "error", "skipped"]
# Past this many, more errors in one document say nothing new.
MAX_ERRORS_PER_DOCUMENT = 20
_INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
_RESOURCES = "io.k8s.api.core.v1.ResourceRequirements"


def strict_definitions(document: dict[str, Any]) -> dict[str, Any]:
    """The upstream `_definitions.json` with Quantity and a container's resource names
    checked as the API server checks them; the rest as it is."""
    defs = dict(document["$defs"])
    defs[QUANTITY_DEFINITION] = STRICT_QUANTITY
    requirements = dict(defs[_RESOURCES])
    properties = dict(requirements["properties"])
    for key in ("limits", "requests"):
        properties[key] = {**properties[key], "propertyNames": RESOURCE_NAME_SCHEMA}
    defs[_RESOURCES] = {**requirements, "properties": properties}
    return {**document, "$defs": defs}


@dataclass(slots=True)
class Result:
    resource: Resource
    status: Status
    findings: list[Finding] = field(default_factory=list)


class RemoteReference(Exception):
    pass


def _refuse(uri: str) -> Any:
    raise RemoteReference(f"schema reference {uri} is not available offline")


def _string_keys(node: Any) -> Any:
    # YAML 1.1 reads `y:` or `1:` as non-string keys; JSON (and the API server) has strings.
    if isinstance(node, dict):
        return {
            str(k).lower() if isinstance(k, bool) else str(k): _string_keys(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_string_keys(v) for v in node]
    return node


class SchemaChecker:
    def __init__(self, registry: SchemaRegistry, *, ignore_missing: bool = False) -> None:
        self.registry = registry
        self.ignore_missing = ignore_missing
        self._validators: dict[Path, Any] = {}
        self._documents: dict[Path, dict[str, Any]] = {}
        self._upstream_registry: Any = None

    # -- compiling -------------------------------------------------------------------------

    def _load(self, path: Path) -> dict[str, Any]:
        if path not in self._documents:
            self._documents[path] = json.loads(path.read_text(encoding="utf-8"))
        return self._documents[path]

    def _upstream(self) -> Any:
        import jsonschema_rs

        if self._upstream_registry is None:
            definitions = strict_definitions(self._load(self.registry.definitions))
            self._upstream_registry = jsonschema_rs.Registry(
                [(definitions.get("$id", ""), definitions)], retriever=_refuse
            )
        return self._upstream_registry

    def validator(self, schema: SchemaFile) -> Any:
        import jsonschema_rs

        compiled = self._validators.get(schema.path)
        if compiled is None:
            document = self._load(schema.path)
            registry = self._upstream() if schema.upstream else None
            compiled = jsonschema_rs.validator_for(document, registry=registry, retriever=_refuse)
            self._validators[schema.path] = compiled
        return compiled

    # -- checking --------------------------------------------------------------------------

    def check(self, resource: Resource) -> Result:
        sig = resource.signature
        if not isinstance(resource.data, dict) or not sig.kind or not sig.api_version:
            missing = "a mapping" if not isinstance(resource.data, dict) else "apiVersion and kind"
            return Result(resource, "error", [_not_an_object(resource, missing)])
        if self.registry.is_build_input(sig):
            return Result(resource, "skipped")
        schema = self.registry.locate(sig)
        if schema is None:
            if self.ignore_missing:
                return Result(resource, "skipped")
            return Result(resource, "error", [self._missing(resource)])
        validator = self.validator(schema)
        data = resource.data
        try:
            valid = validator.is_valid(data)
        except ValueError:
            data = _string_keys(data)
            valid = validator.is_valid(data)
        if valid:
            return Result(resource, "valid")
        findings = []
        for error in validator.iter_errors(data):
            findings.extend(self._describe(error, resource, schema))
            if len(findings) >= MAX_ERRORS_PER_DOCUMENT:
                break
        return Result(resource, "invalid", sorted(findings, key=lambda f: f.sort_key))

    def _missing(self, resource: Resource) -> Finding:
        sig = resource.signature
        where = (
            f"schemas/{sig.group}/{sig.kind.lower()}_{sig.version}.json"
            if sig.group
            else f"Kubernetes {self.registry.kubernetes_version}'s core schemas"
        )
        return Finding(
            "SCH002",
            "error",
            f"no schema for {sig.api_version} {sig.kind} (looked in {where}"
            + "".join(f", {loc.text}" for loc in self.registry.locations)
            + ")",
            fix="check apiVersion and kind for typos; for a custom resource pass "
            "--schema-location with its JSON Schema (a folder, a file, or a template such "
            "as 'crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'), "
            "or --ignore-missing-schemas to skip it",
            resource=str(sig),
            file=resource.file,
            line=resource.line,
        )

    def _schema_node(self, schema: SchemaFile, path: list[Any]) -> Any:
        roots = [self._load(schema.path)]
        if schema.upstream:
            roots.append(self._load(self.registry.definitions))
        for root in roots:
            node = dig(root, *path)
            if node is not None:
                return node
        return None

    def _describe(self, error: Any, resource: Resource, schema: SchemaFile) -> list[Finding]:
        path = tuple(error.instance_path)
        kind = error.kind.name
        schema_path = list(error.schema_path)
        sig = str(resource.signature)

        def finding(
            at: tuple[str | int, ...], message: str, fix: str = "", key: bool = False
        ) -> Finding:
            where = dotted(at)
            return Finding(
                "SCH001",
                "error",
                f"{where}: {message}" if where else message,
                fix=fix,
                field=where,
                resource=sig,
                file=resource.file,
                line=resource.line_of(at, key=key),
            )

        if kind == "additionalProperties":
            parent = self._schema_node(schema, schema_path[:-1]) or {}
            allowed = sorted((parent.get("properties") or {}).keys())
            out = []
            for name in error.kind.unexpected:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                fix = f"rename it to '{close[0]}'" if close else "remove it"
                out.append(finding((*path, name), f"unknown field '{name}'{hint}", fix, key=True))
            return out
        if kind == "required":
            name = error.kind.property
            return [finding(path, f"required field '{name}' is missing", f"add '{name}'")]
        if kind == "type":
            wanted = [t for t in error.kind.types if t != "null"] or ["null"]
            value = error.instance
            hint = quoting_hint(wanted, value)
            message = f"must be {' or '.join(wanted)}, got {kind_of(value)} {value!r}{hint}"
            return [finding(path, message)]
        if kind == "propertyNames" and _RESOURCES in schema_path:
            # The error names the mapping; each refused name is its own finding, on its key.
            names = error.instance if isinstance(error.instance, dict) else {}
            refused = [(str(k), resource_name_problem(str(k))) for k in names]
            return [finding((*path, k), why, key=True) for k, why in refused if why] or [
                finding(path, error.message)
            ]
        if kind == "oneOf" and QUANTITY_DEFINITION in schema_path:
            return [finding(path, f"{error.instance!r} {QUANTITY_HELP}")]
        if kind == "oneOf" and _INT_OR_STRING in schema_path:
            value = error.instance
            message = f'must be a whole number or a string such as "25%", got {value!r}'
            return [finding(path, message)]
        return [finding(path, error.message)]


def _not_an_object(resource: Resource, missing: str) -> Finding:
    return Finding(
        "SCH003",
        "error",
        f"not a Kubernetes object: the document needs {missing}",
        fix="give every document apiVersion, kind and metadata.name",
        file=resource.file,
        line=resource.line,
    )
