"""Helm's install order, so a stream applies cleanly top to bottom."""

from __future__ import annotations

from typing import Any

# helm/pkg/release/util/kind_sorter.go InstallOrder (the kinds mcpgen can emit
# among them); unknown kinds go last, as in Helm.
INSTALL_ORDER = (
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
)
_RANK = {kind: i for i, kind in enumerate(INSTALL_ORDER)}


def sort_key(document: dict[str, Any]) -> tuple[int, str, str, str]:
    meta = document.get("metadata") or {}
    kind = str(document.get("kind", ""))
    return (
        _RANK.get(kind, len(INSTALL_ORDER)),
        kind,
        str(meta.get("namespace", "")),
        str(meta.get("name", "")),
    )
