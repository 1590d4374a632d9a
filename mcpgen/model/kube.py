"""Embedded Kubernetes objects (affinity, volumes, valueFrom, ...) checked against the
upstream strict schemas, the way the API server would check them.

The model keeps these objects as plain mappings (they are passed through to the
manifests untouched), so the check is an after-validator: `Annotated[KubeObject,
Upstream("io.k8s.api.core.v1.Affinity")]`. Every problem it finds keeps its own path
inside the object; the loader puts each one at its file:line:column.

Cost is paid only by a spec that has such an object: jsonschema-rs and the upstream
definitions (1.4 MB of JSON) load on the first check, and each definition compiles
once, from only the definitions it reaches.
"""

import json
from functools import cache
from typing import Annotated, Any, NamedTuple

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from mcpgen.diagnostics import PathKey, dotted
from mcpgen.kube_resources import QUANTITY_DEFINITION, QUANTITY_HELP, STRICT_QUANTITY, shown
from mcpgen.model.types import KubeObject
from mcpgen.upstream import KUBERNETES_VERSION, kind_of, quoting_hint, upstream_folder

# The pydantic error type that carries problems found inside an embedded object; the
# loader expands it into one positioned problem each.
EMBEDDED_ERROR = "kubernetes_schema"
# In the model's JSON Schema an embedded object is an open mapping that names its upstream
# definition under this key: the chart's values.schema.json puts the definition there
# (mcpgen_dev.embedded_schema), the other generated schemas drop the key.
SCHEMA_KEY = "x-mcpgen-upstream"
_INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
_REF = "#/$defs/"
# JSON Schema's type names in the words the loader's other messages use.
_TYPE_NAMES = {
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
}


# A NamedTuple, not a dataclass: this module is imported on every run, and building a
# dataclass costs more than the rest of it.
class Found(NamedTuple):
    """One problem inside an embedded object, relative to the object itself."""

    path: PathKey
    message: str
    at_key: bool = False  # an unknown field stands at its key, not at its value


def embedded_error(problems: list[Found]) -> PydanticCustomError:
    """The error that carries `problems` to the loader; its text alone still says the first."""
    first = problems[0]
    where = dotted(first.path)
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    summary = f"{where + ': ' if where else ''}{first.message}{more}"
    return PydanticCustomError(
        EMBEDDED_ERROR, "{summary}", {"summary": summary, "problems": tuple(problems)}
    )


class Upstream:
    """pydantic metadata: check the mapping against one upstream Kubernetes definition."""

    __slots__ = ("definition",)

    def __init__(self, definition: str) -> None:
        self.definition = definition

    def __repr__(self) -> str:
        return f"Upstream({self.definition!r})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), SCHEMA_KEY: self.definition}

    def _check(self, value: Any) -> Any:
        problems = check(self.definition, value)
        if problems:
            raise embedded_error(problems)
        return value


@cache
def _definitions() -> dict[str, Any]:
    folder = upstream_folder(KUBERNETES_VERSION)
    document = json.loads((folder / "_definitions.json").read_text(encoding="utf-8"))
    definitions: dict[str, Any] = document["$defs"]
    definitions[QUANTITY_DEFINITION] = STRICT_QUANTITY
    return definitions


def _reached(name: str, definitions: dict[str, Any]) -> dict[str, Any]:
    """`name` and every definition its `$ref`s reach, descriptions dropped (most of the
    bytes, and nothing a check reads)."""
    out: dict[str, Any] = {}

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(_REF):
                todo.append(ref.removeprefix(_REF))
            return {k: strip(v) for k, v in node.items() if k != "description"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    todo = [name]
    while todo:
        current = todo.pop()
        if current not in out:
            out[current] = strip(definitions[current])
    return out


def upstream_definitions(names: list[str]) -> dict[str, Any]:
    """The definitions the check of each of `names` reads (themselves and all they reach),
    with the strict Quantity and no descriptions, under their upstream names."""
    definitions = _definitions()
    out: dict[str, Any] = {}
    for name in names:
        out.update(_reached(name, definitions))
    return out


def _refuse(uri: str) -> Any:
    raise ValueError(f"schema reference {uri} is not available offline")


@cache
def _compiled(name: str) -> tuple[Any, dict[str, Any]]:
    import jsonschema_rs  # deferred: ~45 ms, paid only by specs with embedded objects

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": _REF + name,
        "$defs": _reached(name, _definitions()),
    }
    return jsonschema_rs.validator_for(schema, retriever=_refuse), schema


def _node(schema: dict[str, Any], schema_path: list[Any]) -> Any:
    node: Any = schema
    for part in schema_path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def _non_string_key(node: Any, path: PathKey = ()) -> PathKey | None:
    # YAML reads `1:` or `yes:` as a number or a boolean; JSON (and the API server) has
    # string keys only, and jsonschema-rs refuses anything else outright.
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                return (*path, str(key))  # as the loader records it: a key, not an index
            found = _non_string_key(value, (*path, key))
            if found is not None:
                return found
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found = _non_string_key(value, (*path, i))
            if found is not None:
                return found
    return None


def check(definition: str, value: Any) -> list[Found]:
    """Every problem of `value` as an instance of the upstream `definition`."""
    bad_key = _non_string_key(value)
    if bad_key is not None:
        return [Found(bad_key, "a key must be a string here; quote it", at_key=True)]
    validator, schema = _compiled(definition)
    if validator.is_valid(value):
        return []
    found: list[Found] = []
    for error in validator.iter_errors(value):
        found.extend(_describe(error, schema))
    return list(dict.fromkeys(found))  # one error can reach a field by two routes


def _describe(error: Any, schema: dict[str, Any]) -> list[Found]:
    import difflib  # here, not at import: only a refused object needs it

    path: PathKey = tuple(error.instance_path)
    kind = error.kind.name
    schema_path = list(error.schema_path)
    if kind == "additionalProperties":
        parent = _node(schema, schema_path[:-1]) or {}
        allowed = sorted((parent.get("properties") or {}).keys())
        out = []
        for name in error.kind.unexpected:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(allowed)})"
            out.append(Found((*path, name), f"unknown field {shown(name)}{hint}", at_key=True))
        return out
    if kind == "required":
        return [Found(path, f"required field {shown(error.kind.property)} is missing")]
    if kind == "oneOf" and QUANTITY_DEFINITION in schema_path:
        return [Found(path, f"{shown(error.instance)} {QUANTITY_HELP}")]
    if kind == "oneOf" and _INT_OR_STRING in schema_path:
        return [Found(path, f"must be a whole number or a name, got {shown(error.instance)}")]
    if kind == "type":
        wanted = [t for t in error.kind.types if t != "null"] or ["null"]
        value = error.instance
        hint = quoting_hint(wanted, value)
        got = f"{kind_of(value)} {shown(value)}"
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        return [Found(path, f"must be {names}, got {got}{hint}")]
    if kind == "enum":
        options = [str(o) for o in error.kind.options if o is not None]
        close = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listing = ", ".join(repr(o) for o in options)
        return [Found(path, f"{shown(error.instance)} is not allowed{hint} (allowed: {listing})")]
    return [Found(path, str(error.message))]


class KeySchema:
    """pydantic metadata: the JSON Schema of a mapping's keys (`propertyNames`), which
    pydantic writes only for a key pattern."""

    __slots__ = ("schema",)

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "propertyNames": self.schema}


# The embedded objects of the spec, passed through to the manifests untouched.
Affinity = Annotated[KubeObject, Upstream("io.k8s.api.core.v1.Affinity")]
Volume = Annotated[KubeObject, Upstream("io.k8s.api.core.v1.Volume")]
EnvVarSource = Annotated[KubeObject, Upstream("io.k8s.api.core.v1.EnvVarSource")]
TopologySpreadConstraint = Annotated[
    KubeObject, Upstream("io.k8s.api.core.v1.TopologySpreadConstraint")
]
EgressRule = Annotated[KubeObject, Upstream("io.k8s.api.networking.v1.NetworkPolicyEgressRule")]
