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

from dataclasses import dataclass
from pathlib import Path

from mcpgen.upstream import KUBERNETES_VERSION as DEFAULT_KUBERNETES_VERSION
from mcpgen.upstream import (
    UnknownKubernetesVersion,
    supported_versions,
    upstream_folder,
    upstream_root,
)
from mcpgen.validate.resources import Signature

__all__ = [
    "DEFAULT_KUBERNETES_VERSION",
    "SchemaFile",
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


class SchemaRegistry:
    def __init__(self, kubernetes_version: str, schemas_dir: Path | None = None) -> None:
        from mcpgen.resources import data_dir

        self.kubernetes_version = kubernetes_version
        self.upstream = upstream_folder(kubernetes_version)
        self.own = schemas_dir if schemas_dir is not None else data_dir("schemas")

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
        return None

    @staticmethod
    def is_build_input(sig: Signature) -> bool:
        return sig.group in BUILD_INPUT_GROUPS
