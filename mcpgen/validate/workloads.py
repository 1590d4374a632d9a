"""MCP workloads in any manifests, and the objects around each one.

A pod controller (Deployment, StatefulSet or DaemonSet) is an MCP workload
when the shared detector resolves a protocol for it: the operator's pod
annotation `mcp.transport.protocol`, a container's argv or env (`--transport
sse`, `MCP_TRANSPORT=sse`), its readiness probe path, or the path of an
Ingress that routes to it (`/sse`, `/mcp`). Services relate by selector
(every selector label on the pod), PodDisruptionBudgets by label selector,
HPAs by scaleTargetRef, and proxies by the Services they name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mcpgen.detect.infer import Inference, infer_from
from mcpgen.rules.transport import PROTOCOL_ANNOTATION
from mcpgen.validate.manifests import Resource, dig
from mcpgen.validate.provider_policy import (
    PROVIDERS,
    ProviderPolicy,
    ingress_backends,
    ingress_paths,
)


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
class Frontend:
    resource: Resource
    policy: ProviderPolicy


# The controllers whose pods can sit behind a Service and stream.
CONTROLLERS = ("Deployment", "StatefulSet", "DaemonSet")
# What an HPA may scale of those (a DaemonSet runs one pod per node).
SCALABLE = ("Deployment", "StatefulSet")


@dataclass(slots=True)
class Workload:
    controller: Resource  # a Deployment, StatefulSet or DaemonSet
    inference: Inference
    services: list[Resource] = field(default_factory=list)
    pdbs: list[Resource] = field(default_factory=list)
    frontends: list[Frontend] = field(default_factory=list)
    hpa: Resource | None = None

    @property
    def protocol(self) -> str:
        return self.inference.protocol

    @property
    def kind(self) -> str:
        return self.controller.signature.kind

    @property
    def replicas(self) -> int:
        if self.kind == "DaemonSet":
            return 2  # one pod per node: assume a cluster of more than one node
        value = dig(self.controller.data, "spec", "replicas")
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


def pod_labels(controller: Resource) -> dict[str, str]:
    return _mapping(dig(controller.data, "spec", "template", "metadata", "labels"))


def _containers(controller: Resource) -> list[dict[str, Any]]:
    found = _list(dig(controller.data, "spec", "template", "spec", "containers"))
    return [c for c in found if isinstance(c, dict)]


def _argv(container: dict[str, Any]) -> list[str]:
    return [str(a) for a in [*_list(container.get("command")), *_list(container.get("args"))]]


def _env(container: dict[str, Any]) -> dict[str, str]:
    return {
        str(e["name"]): str(e["value"])
        for e in _list(container.get("env"))
        if isinstance(e, dict) and "name" in e and e.get("value") is not None
    }


def detect(controller: Resource, proxy_paths: Iterable[str]) -> Inference | None:
    """The protocol the shared detector resolves for a pod controller, or None: not MCP."""
    explicit = dig(controller.data, "spec", "template", "metadata", "annotations")
    explicit = _mapping(explicit).get(PROTOCOL_ANNOTATION)
    chosen: Inference | None = None
    for container in _containers(controller):
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


class _ByLabels:
    """Objects that select pods by labels, filed so that a pod finds its candidates
    without a scan of them all: each under the rarest label it requires (a match
    needs every one, so the pod carries that one too); one that requires none, or
    only expressions, is a candidate for every pod. Candidates are then checked."""

    def __init__(self, items: list[tuple[Resource, dict[str, str]]]) -> None:
        counts = Counter(pair for _, required in items for pair in required.items())
        self.filed: dict[tuple[str, str], list[Resource]] = {}
        self.everywhere: list[Resource] = []
        for resource, required in items:
            if required:
                rarest = min(required.items(), key=lambda pair: (counts[pair], pair))
                self.filed.setdefault(rarest, []).append(resource)
            else:
                self.everywhere.append(resource)

    def candidates(self, labels: dict[str, str]) -> list[Resource]:
        found = list(self.everywhere)
        for pair in labels.items():
            found.extend(self.filed.get(pair, ()))
        return found


class Manifests:
    """Every resource of one run, indexed by kind and by what relates them, so that
    relations across files cost no more than the resources themselves."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.by_kind: dict[str, list[Resource]] = {}
        for resource in resources:
            if isinstance(resource.data, dict):
                self.by_kind.setdefault(resource.signature.kind, []).append(resource)
        self.services = _ByLabels(
            [
                (service, selector)
                for service in self.kind("Service")
                if (selector := _mapping(dig(service.data, "spec", "selector")))
            ]
        )
        self.pdbs = _ByLabels(
            [
                (pdb, _mapping(dig(pdb.data, "spec", "selector", "matchLabels")))
                for pdb in self.kind("PodDisruptionBudget")
                if isinstance(dig(pdb.data, "spec", "selector"), dict)
            ]
        )
        self.hpas: dict[tuple[str, str], list[Resource]] = {}
        for hpa in self.kind("HorizontalPodAutoscaler"):
            target = dig(hpa.data, "spec", "scaleTargetRef")
            if isinstance(target, dict) and target.get("kind") in SCALABLE:
                key = (str(target.get("kind")), str(target.get("name")))
                self.hpas.setdefault(key, []).append(hpa)
        # Service name -> the Ingresses that route to it, and the proxies a row claims.
        self.ingresses = self._by_backend(self.kind("Ingress"), ingress_backends)
        self.proxies = [(rules, self._proxy_table(rules)) for rules in PROVIDERS]

    def _proxy_table(self, rules: ProviderPolicy) -> dict[str, list[Resource]]:
        services = self.kind("Service")
        return self._by_backend(
            [r for r in self.kind(rules.kind) if rules.claims(r)],
            lambda r: rules.backends(r, services),
        )

    @staticmethod
    def _by_backend(
        resources: list[Resource], backends: Callable[[Resource], list[str]]
    ) -> dict[str, list[Resource]]:
        found: dict[str, list[Resource]] = {}
        for resource in resources:
            for name in set(backends(resource)):
                found.setdefault(name, []).append(resource)
        return found

    def kind(self, kind: str) -> list[Resource]:
        return self.by_kind.get(kind, [])

    @staticmethod
    def _in_front(table: dict[str, list[Resource]], services: list[Resource]) -> list[Resource]:
        found: list[Resource] = []
        for service in services:
            for resource in table.get(service.signature.name, ()):
                if same_namespace(service, resource) and resource not in found:
                    found.append(resource)
        return found

    def _services_of(self, controller: Resource, labels: dict[str, str]) -> list[Resource]:
        return [
            service
            for service in self.services.candidates(labels)
            if same_namespace(service, controller)
            and all(
                labels.get(k) == v
                for k, v in _mapping(dig(service.data, "spec", "selector")).items()
            )
        ]

    def _pdbs_of(self, controller: Resource, labels: dict[str, str]) -> list[Resource]:
        return [
            pdb
            for pdb in self.pdbs.candidates(labels)
            if same_namespace(pdb, controller)
            and selector_matches(dig(pdb.data, "spec", "selector"), labels)
        ]

    def _hpa_of(self, controller: Resource) -> Resource | None:
        key = (controller.signature.kind, controller.signature.name)
        for hpa in self.hpas.get(key, ()):
            if same_namespace(hpa, controller):
                return hpa
        return None

    def workloads(self) -> list[Workload]:
        found = []
        for controller in (r for kind in CONTROLLERS for r in self.kind(kind)):
            labels = pod_labels(controller)
            services = self._services_of(controller, labels)
            paths = [p for i in self._in_front(self.ingresses, services) for p in ingress_paths(i)]
            inference = detect(controller, paths)
            if inference is None:
                continue
            frontends = [
                Frontend(resource, policy)
                for policy, table in self.proxies
                for resource in self._in_front(table, services)
            ]
            found.append(
                Workload(
                    controller,
                    inference,
                    services=services,
                    pdbs=self._pdbs_of(controller, labels),
                    frontends=frontends,
                    hpa=self._hpa_of(controller),
                )
            )
        return found
