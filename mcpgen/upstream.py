"""Where the upstream Kubernetes JSON schemas live, and which Kubernetes mcpgen targets.

Standard library only: the model checks embedded objects against these schemas and
`mcpgen validate` checks whole manifests, and neither should pay for the other's imports.
The schemas ship in the `kubernetes-validate` package, found without importing it (it
pulls in jsonschema, referencing and PyYAML).
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

# The Kubernetes version whose schemas the model checks embedded objects against and
# `mcpgen validate` uses by default: one constant, so the two never disagree.
KUBERNETES_VERSION = "1.33"
# Kubernetes' own defaults, which mcpgen's messages name when a manifest leaves them unset.
KUBERNETES_GRACE_SECONDS = 30  # terminationGracePeriodSeconds
KUBERNETES_MAX_UNAVAILABLE = "25%"  # a RollingUpdate's maxUnavailable
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


class UnknownKubernetesVersion(ValueError):
    pass


@cache
def upstream_root() -> Path:
    """kubernetes-validate's schema folder."""
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the kubernetes-validate package is not installed")
    return Path(spec.origin).parent / "kubernetes-json-schema"


def supported_versions() -> list[str]:
    found = []
    for folder in upstream_root().glob("v*-local-strict"):
        match = _VERSION.match(folder.name.removesuffix("-local-strict"))
        if match:
            found.append((int(match[1]), int(match[2])))
    return [f"{major}.{minor}" for major, minor in sorted(found)]


def upstream_folder(kubernetes_version: str) -> Path:
    """The strict flavour (additionalProperties false everywhere) for one version."""
    match = _VERSION.match(kubernetes_version.strip())
    if match is None:
        raise UnknownKubernetesVersion(
            f"{kubernetes_version!r} is not a Kubernetes version such as {KUBERNETES_VERSION}"
        )
    folder = upstream_root() / f"v{int(match[1])}.{int(match[2])}.0-local-strict"
    if not folder.is_dir():
        raise UnknownKubernetesVersion(
            f"no schemas for Kubernetes {kubernetes_version}; "
            f"supported: {', '.join(supported_versions())}"
        )
    return folder


_JSON_KINDS = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}


def kind_of(value: object) -> str:
    """A value's JSON kind, as schema error messages name it ("a mapping", "a number")."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _JSON_KINDS.get(type(value), type(value).__name__)


def quoting_hint(wanted: list[str], value: object) -> str:
    """What a type mismatch most often is: quotes where Kubernetes wants none, or missing."""
    if isinstance(value, str) and set(wanted) & {"integer", "number", "boolean"}:
        return " (remove the quotes)"
    if "string" in wanted and isinstance(value, bool | int | float):
        return " (quote it: Kubernetes wants a string here)"
    return ""
