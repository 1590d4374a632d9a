"""MCP workloads in any manifests, and the objects around each one.

A Deployment is an MCP workload when the shared detector resolves a protocol
for it: the operator's pod annotation `mcp.transport.protocol`, a container's
argv or env (`--transport sse`, `MCP_TRANSPORT=sse`), its readiness probe path,
or the path of an Ingress that routes to it (`/sse`, `/mcp`). Services relate
by selector (every selector label on the pod), PodDisruptionBudgets by label
selector, HPAs by scaleTargetRef, and proxies by the Services they name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mcpgen.detect.infer import Inference, infer_from
from mcpgen.rules.transport import PROTOCOL_ANNOTATION
from mcpgen.validate.proxies import PROVIDERS, ProxyRules, ingress_backends, ingress_paths
from mcpgen.validate.resources import Resource, dig

PathKey = tuple[str | int, ...]


def _mapping(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def same_namespace(a: Resource, b: Resource) -> bool:
    # A document without a namespace lands in whatever kubectl or kustomize says,
    # so it may sit beside anything.
    na, nb = a.signature.namespace, b.signature.namespace
    return not na or not nb or na == nb


def selector_matches(selector: Any, labels: dict[str, str]) -> bool:
    """A metav1.LabelSelector (matchLabels + matchExpressions) against pod labels."""
    if not isinstance(selector, dict):
        return False
    if any(labels.get(k) != v for k, v in _mapping(selector.get("matchLabels")).items()):
        return False
    for expr in _list(selector.get("matchExpressions")):
        if not isinstance(expr, dict):
            return False
        key, op = str(expr.get("key")), expr.get("operator")
        values = [str(v) for v in _list(expr.get("values"))]
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


@dataclass(slots=True)
class Proxy:
    resource: Resource
    rules: ProxyRules


@dataclass(slots=True)
class Workload:
    deployment: Resource
    inference: Inference
    services: list[Resource] = field(default_factory=list)
    pdbs: list[Resource] = field(default_factory=list)
    proxies: list[Proxy] = field(default_factory=list)
    hpa: Resource | None = None

    @property
    def protocol(self) -> str:
        return self.inference.protocol

    @property
    def replicas(self) -> int:
        value = dig(self.deployment.data, "spec", "replicas")
        return value if isinstance(value, int) and not isinstance(value, bool) else 1

    def _hpa_bound(self, name: str, default: int) -> int:
        value = dig(self.hpa.data if self.hpa else None, "spec", name)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    @property
    def scaled_out(self) -> bool:
        """Can more than one pod serve it at once?"""
        if self.hpa is not None:
            return self._hpa_bound("maxReplicas", 1) > 1
        return self.replicas > 1

    @property
    def replica_floor(self) -> int:
        """The fewest pods that run: what a PodDisruptionBudget must stay below."""
        if self.hpa is not None:
            return self._hpa_bound("minReplicas", 1)
        return self.replicas


def pod_labels(deployment: Resource) -> dict[str, str]:
    return _mapping(dig(deployment.data, "spec", "template", "metadata", "labels"))


def _containers(deployment: Resource) -> list[dict[str, Any]]:
    found = _list(dig(deployment.data, "spec", "template", "spec", "containers"))
    return [c for c in found if isinstance(c, dict)]


def _argv(container: dict[str, Any]) -> list[str]:
    return [str(a) for a in [*_list(container.get("command")), *_list(container.get("args"))]]


def _env(container: dict[str, Any]) -> dict[str, str]:
    return {
        str(e["name"]): str(e["value"])
        for e in _list(container.get("env"))
        if isinstance(e, dict) and "name" in e and e.get("value") is not None
    }


def detect(deployment: Resource, proxy_paths: Iterable[str]) -> Inference | None:
    """The protocol the shared detector resolves for a Deployment, or None: not MCP."""
    explicit = dig(deployment.data, "spec", "template", "metadata", "annotations")
    explicit = _mapping(explicit).get(PROTOCOL_ANNOTATION)
    chosen: Inference | None = None
    for container in _containers(deployment):
        probe_path = dig(container, "readinessProbe", "httpGet", "path")
        inference = infer_from(
            _argv(container),
            _env(container),
            str(probe_path) if probe_path is not None else None,
            explicit=explicit,
            explicit_source="annotation",
        )
        if not inference.defaulted:
            chosen = inference
            break
    if chosen is None:
        for path in proxy_paths:
            inference = infer_from([], {}, path)
            if not inference.defaulted:
                chosen = Inference(inference.protocol, "ingress path", inference.reasons)
                break
    return chosen


class Manifests:
    """Every resource of one run, indexed by kind; relations are computed across files."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.by_kind: dict[str, list[Resource]] = {}
        for resource in resources:
            if isinstance(resource.data, dict):
                self.by_kind.setdefault(resource.signature.kind, []).append(resource)

    def kind(self, kind: str) -> list[Resource]:
        return self.by_kind.get(kind, [])

    def _services_of(self, deployment: Resource) -> list[Resource]:
        labels = pod_labels(deployment)
        found = []
        for service in self.kind("Service"):
            selector = _mapping(dig(service.data, "spec", "selector"))
            if (
                selector
                and same_namespace(service, deployment)
                and all(labels.get(k) == v for k, v in selector.items())
            ):
                found.append(service)
        return found

    @staticmethod
    def _routes_to(resource: Resource, names: list[str], services: list[Resource]) -> bool:
        wanted = set(names)
        return any(s.signature.name in wanted and same_namespace(s, resource) for s in services)

    def _ingress_paths(self, services: list[Resource]) -> list[str]:
        """Paths of every Ingress in front of the Services, whatever its controller."""
        return [
            path
            for ingress in self.kind("Ingress")
            if self._routes_to(ingress, ingress_backends(ingress), services)
            for path in ingress_paths(ingress)
        ]

    def _proxies_of(self, services: list[Resource]) -> list[Proxy]:
        return [
            Proxy(resource, rules)
            for rules in PROVIDERS
            for resource in self.kind(rules.kind)
            if rules.claims(resource)
            and self._routes_to(resource, rules.backends(resource), services)
        ]

    def _pdbs_of(self, deployment: Resource) -> list[Resource]:
        labels = pod_labels(deployment)
        return [
            pdb
            for pdb in self.kind("PodDisruptionBudget")
            if same_namespace(pdb, deployment)
            and selector_matches(dig(pdb.data, "spec", "selector"), labels)
        ]

    def _hpa_of(self, deployment: Resource) -> Resource | None:
        for hpa in self.kind("HorizontalPodAutoscaler"):
            target = dig(hpa.data, "spec", "scaleTargetRef") or {}
            if (
                isinstance(target, dict)
                and target.get("kind") == "Deployment"
                and target.get("name") == deployment.signature.name
                and same_namespace(hpa, deployment)
            ):
                return hpa
        return None

    def workloads(self) -> list[Workload]:
        found = []
        for deployment in self.kind("Deployment"):
            services = self._services_of(deployment)
            inference = detect(deployment, self._ingress_paths(services))
            if inference is None:
                continue
            found.append(
                Workload(
                    deployment,
                    inference,
                    services=services,
                    pdbs=self._pdbs_of(deployment),
                    proxies=self._proxies_of(services),
                    hpa=self._hpa_of(deployment),
                )
            )
        return found
