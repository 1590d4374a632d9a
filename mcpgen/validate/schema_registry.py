"""Where the schema for a resource signature lives; a missing schema is an answer, not a skip.

Two places, first match wins:
- `schemas/<group>/<kind>_<version>.json`: mcpgen's own MCPServer schema and the
  third-party kinds it emits (kubeconform's CRD naming);
- the upstream strict schemas that the `kubernetes-validate` package ships, for
  Kubernetes' own API groups only: `<kind>-<first label of group>-<version>.json`
  (deployment-apps-v1.json, ingress-networking-v1.json, service-v1.json) in
  `v<major.minor>.0-local-strict/`, whose `$ref`s point into `_definitions.json`
  beside them.

kubernetes-validate itself has no CRD hook and only warns on an unknown kind, so
this lookup is mcpgen's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mcpgen.upstream import KUBERNETES_VERSION as DEFAULT_KUBERNETES_VERSION
from mcpgen.upstream import (
    UnknownKubernetesVersion,
    supported_versions,
    upstream_folder,
    upstream_root,
)
from mcpgen.validate.manifests import Signature

__all__ = [
    "DEFAULT_KUBERNETES_VERSION",
    "BadSchemaLocation",
    "SchemaFile",
    "SchemaLocation",
    "SchemaRegistry",
    "UnknownKubernetesVersion",
    "supported_versions",
    "upstream_folder",
    "upstream_root",
]

UPSTREAM_ID = "https://kubernetes.io/api/_definitions.json"
# Groups whose kinds the upstream Kubernetes schemas describe.
_LEGACY_GROUPS = ("", "apps", "autoscaling", "batch", "policy", "extensions")
# Files that tools read but the API server never sees: nothing to validate.
BUILD_INPUT_GROUPS = ("kustomize.config.k8s.io",)


@dataclass(frozen=True, slots=True)
class SchemaFile:
    path: Path
    upstream: bool  # its $refs need the upstream _definitions.json


def is_kubernetes_group(group: str) -> bool:
    return group in _LEGACY_GROUPS or group.endswith(".k8s.io")


def upstream_name(sig: Signature) -> str:
    # kubernetes-validate's rule: the group's first label, then the version.
    short = sig.group.split(".")[0]
    return f"{sig.kind.lower()}-{short + '-' if short else ''}{sig.version}.json"


_FIELD = re.compile(r"\{\{-?\s*\.(\w+)\s*-?\}\}")
_FIELDS = (
    "NormalizedKubernetesVersion",
    "StrictSuffix",
    "ResourceKind",
    "ResourceAPIVersion",
    "Group",
    "KindSuffix",
)
# kubeconform's layout under a location that is neither a template nor a .json file.
KUBECONFORM_SUFFIX = (
    "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/"
    "{{ .ResourceKind }}{{ .KindSuffix }}.json"
)
# The CRD layout of schemas/ (and of datreeio/CRDs-catalog), also tried under a folder.
CRD_SUFFIX = "{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"


class BadSchemaLocation(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class SchemaLocation:
    """One `--schema-location`, in kubeconform's syntax: a path template
    (`{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`), a folder, or one
    schema file. Local only: this runs offline, in CI and in pre-commit."""

    text: str

    @classmethod
    def parse(cls, text: str) -> SchemaLocation:
        if re.match(r"^[a-z]+://", text):
            raise BadSchemaLocation(
                f"--schema-location {text}: only local paths (download the schemas first)"
            )
        unknown = sorted(set(_FIELD.findall(text)) - set(_FIELDS))
        if unknown:
            raise BadSchemaLocation(
                f"--schema-location {text}: unknown field .{unknown[0]}; kubeconform's are "
                + ", ".join(f".{f}" for f in _FIELDS)
            )
        return cls(text)

    def templates(self) -> list[str]:
        if "{{" in self.text:
            return [self.text]
        if self.text.endswith(".json"):
            return []  # one file: matched by its name, see `candidates`
        base = self.text.rstrip("/")
        return [f"{base}/{KUBECONFORM_SUFFIX}", f"{base}/{CRD_SUFFIX}"]

    def candidates(self, sig: Signature, kubernetes_version: str) -> list[Path]:
        if not self.templates():
            # A single file serves the kind and version its name says, the
            # openapi2jsonschema / CRDs-catalog naming: <kind>_<version>.json.
            path = Path(self.text)
            wanted = f"{sig.kind.lower()}_{sig.version}.json"
            return [path] if path.name == wanted else []
        # kubeconform's schemaPath(): the same values for the same fields.
        group_part, _, version = sig.api_version.rpartition("/")
        group = group_part or version
        suffix = "-" + group.split(".")[0].lower() + (f"-{version.lower()}" if group_part else "")
        values = {
            "NormalizedKubernetesVersion": f"v{kubernetes_version}",
            "StrictSuffix": "-strict",
            "ResourceKind": sig.kind.lower(),
            "ResourceAPIVersion": version,
            "Group": group,
            "KindSuffix": suffix,
        }
        return [Path(_FIELD.sub(lambda m: values[m.group(1)], t)) for t in self.templates()]


class SchemaRegistry:
    def __init__(
        self,
        kubernetes_version: str,
        schemas_dir: Path | None = None,
        locations: tuple[SchemaLocation, ...] = (),
    ) -> None:
        from mcpgen.datafiles import data_dir

        self.kubernetes_version = kubernetes_version
        self.upstream = upstream_folder(kubernetes_version)
        self.own = schemas_dir if schemas_dir is not None else data_dir("schemas")
        self.locations = locations

    @property
    def full_version(self) -> str:
        """ "1.33.0": kubeconform's -kubernetes-version and its templates' version."""
        return self.upstream.name.removeprefix("v").split("-")[0]

    @property
    def definitions(self) -> Path:
        return self.upstream / "_definitions.json"

    def locate(self, sig: Signature) -> SchemaFile | None:
        if not sig.kind or not sig.version:
            return None
        if sig.group:
            own = self.own / sig.group / f"{sig.kind.lower()}_{sig.version}.json"
            if own.is_file():
                return SchemaFile(own, upstream=False)
        if is_kubernetes_group(sig.group):
            upstream = self.upstream / upstream_name(sig)
            if upstream.is_file():
                return SchemaFile(upstream, upstream=True)
        # The user's, in the order given, after mcpgen's own (which are pinned and tested).
        for location in self.locations:
            for path in location.candidates(sig, self.full_version):
                if path.is_file():
                    return SchemaFile(path, upstream=False)
        return None

    @staticmethod
    def is_build_input(sig: Signature) -> bool:
        return sig.group in BUILD_INPUT_GROUPS
