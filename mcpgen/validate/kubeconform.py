"""`--validator kubeconform`: run kubeconform and map its JSON output to the same findings.

kubeconform finds core schemas at its default location and mcpgen's own under
`schemas/` (added as a schema location with its CRD naming). Its results name
file, kind, name and apiVersion but no document index or line, so each is
matched to the resource read here with the same signature, in order, and its
JSON-pointer paths are mapped to lines from there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mcpgen.diagnostics import Finding, PathKey, dotted
from mcpgen.validate.manifests import STDIN_NAME, Resource, Source, dig
from mcpgen.validate.schema_check import Result
from mcpgen.validate.schema_registry import SchemaRegistry

EXECUTABLE = "kubeconform"
# kubeconform's template for CRD schemas: {{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.
SCHEMA_TEMPLATE = "{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
_MISSING = "could not find schema for"


class KubeconformUnavailable(RuntimeError):
    pass


def find_executable() -> str | None:
    return shutil.which(EXECUTABLE)


def kubernetes_version(registry: SchemaRegistry) -> str:
    """The full version the embedded schemas are for ("1.33.0"), the form kubeconform takes."""
    return registry.upstream.name.removeprefix("v").split("-")[0]


def command(registry: SchemaRegistry, files: Iterable[str], ignore_missing: bool) -> list[str]:
    exe = find_executable()
    if exe is None:
        raise KubeconformUnavailable(f"{EXECUTABLE} is not on PATH")
    return [exe, *arguments(registry, files, ignore_missing)]


def arguments(registry: SchemaRegistry, files: Iterable[str], ignore_missing: bool) -> list[str]:
    """Its arguments: mcpgen's own schemas first, then upstream, then --schema-location."""
    argv = [
        "-output",
        "json",
        "-verbose",
        "-strict",
        "-kubernetes-version",
        kubernetes_version(registry),
        "-schema-location",
        f"{registry.own}/{SCHEMA_TEMPLATE}",
        "-schema-location",
        "default",
    ]
    for location in registry.locations:
        argv += ["-schema-location", location.text]
    if ignore_missing:
        argv.append("-ignore-missing-schemas")
    return [*argv, *files]


def _pointer(resource: Resource, pointer: str) -> PathKey:
    """A JSON pointer (/spec/template/spec/containers/0) as a path into the document."""
    path: list[str | int] = []
    for raw in pointer.strip("/").split("/") if pointer.strip("/") else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        node = dig(resource.data, *path)
        path.append(int(part) if isinstance(node, list) and part.isdigit() else part)
    return tuple(path)


def _finding(resource: Resource, code: str, message: str, path: PathKey = ()) -> Finding:
    where = dotted(path)
    return Finding(
        code,
        "error",
        f"{where}: {message}" if where else message,
        field=where,
        resource=str(resource.signature),
        file=resource.file,
        line=resource.line_of(path) if path else resource.line,
    )


def map_result(entry: dict[str, Any], resource: Resource, registry: SchemaRegistry) -> Result:
    """One entry of kubeconform's `resources` list as a Result of this resource."""
    status = str(entry.get("status", ""))
    message = str(entry.get("msg", ""))
    if status in ("statusValid", "VALID"):
        return Result(resource, "valid")
    if status in ("statusSkipped", "SKIPPED", "statusEmpty"):
        return Result(resource, "skipped")
    if status in ("statusInvalid", "INVALID"):
        errors = entry.get("validationErrors") or []
        findings = [
            _finding(
                resource, "SCH001", str(e.get("msg", "")), _pointer(resource, e.get("path", ""))
            )
            for e in errors
            if isinstance(e, dict)
        ] or [_finding(resource, "SCH001", message)]
        return Result(resource, "invalid", findings)
    if registry.is_build_input(resource.signature):
        return Result(resource, "skipped")
    code = "SCH002" if _MISSING in message else "KCF001"
    return Result(resource, "error", [_finding(resource, code, message or status)])


def map_output(
    output: dict[str, Any], sources: list[Source], registry: SchemaRegistry, names: dict[str, str]
) -> list[Result]:
    """kubeconform's JSON (`names`: the file name it saw -> the name shown to the user)."""
    pending: dict[tuple[str, str, str, str], list[Resource]] = {}
    for source in sources:
        for resource in source.resources:
            sig = resource.signature
            key = (resource.file, sig.kind, sig.name, sig.api_version)
            pending.setdefault(key, []).append(resource)
    results = []
    for entry in output.get("resources") or []:
        shown = names.get(str(entry.get("filename")), str(entry.get("filename")))
        key = (shown, str(entry.get("kind")), str(entry.get("name")), str(entry.get("version")))
        matches = pending.get(key)
        if matches:
            results.append(map_result(entry, matches.pop(0), registry))
    return results


def run_kubeconform(
    sources: list[Source], registry: SchemaRegistry, ignore_missing: bool
) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="mcpgen-kubeconform-") as tmp:
        names: dict[str, str] = {}
        files = []
        for source in sources:
            if source.name == STDIN_NAME:
                # kubeconform reads files; stdin was consumed already, so hand it a copy.
                copy = Path(tmp) / "stdin.yaml"
                copy.write_text("\n---\n".join(r.text for r in source.resources), "utf-8")
                names[str(copy)] = STDIN_NAME
                files.append(str(copy))
            else:
                files.append(source.name)
        if not files:
            return []
        proc = subprocess.run(
            command(registry, files, ignore_missing), capture_output=True, text=True, check=False
        )
    try:
        output = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise KubeconformUnavailable(
            f"{EXECUTABLE} gave no JSON (exit {proc.returncode}): {proc.stderr.strip()[:500]}"
        ) from None
    return map_output(output, sources, registry, names)
