"""Security contexts: Pod Security Standards "restricted" unless the spec says otherwise."""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Finding
from mcpgen.model.spec import MCPServerSpec, Security

SECCOMP = {"type": "RuntimeDefault"}
DROP_ALL = {"drop": ["ALL"]}


def mount_path(path: str) -> str:
    """A mount path as the kubelet compares them: `/tmp/` and `/tmp` are one place."""
    return path.rstrip("/") or "/"


def user_mount_paths(spec: MCPServerSpec) -> set[str]:
    """Where the spec's own volumeMounts go (so mcpgen's scratch folders give way)."""
    return {mount_path(m.mount_path) for m in spec.pod_template.volume_mounts}


def pod_security_context(sec: Security) -> dict[str, Any]:
    return {
        "runAsNonRoot": sec.run_as_non_root,
        "runAsUser": sec.run_as_user,
        "runAsGroup": sec.run_as_group,
        "fsGroup": sec.fs_group,
        "seccompProfile": SECCOMP,
    }


def container_security_context(sec: Security) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "allowPrivilegeEscalation": sec.allow_privilege_escalation,
        "capabilities": DROP_ALL,
    }
    ctx["readOnlyRootFilesystem"] = sec.read_only_root_filesystem
    return ctx


def security_diagnostics(sec: Security) -> list[Finding]:
    weakened = []
    if not sec.run_as_non_root:
        weakened.append("runAsNonRoot: false")
    if sec.run_as_user == 0:
        weakened.append("runAsUser: 0")
    if sec.allow_privilege_escalation:
        weakened.append("allowPrivilegeEscalation: true")
    if not weakened:
        return []
    return [
        Finding(
            "SEC001",
            "warning",
            f"{', '.join(weakened)}: the pod no longer meets Pod Security Standards "
            '"restricted"; namespaces that enforce it will reject it',
            "remove the override from spec.security, or run the image as a non-root user",
            "spec.security",
        )
    ]


def hardening_diagnostics(spec: MCPServerSpec) -> list[Finding]:
    """What a scanner (checkov, kube-score) would flag, said once with the fix."""
    out: list[Finding] = []
    if not spec.security.read_only_root_filesystem:
        out.append(
            Finding(
                "SEC002",
                "warning",
                "the root filesystem is writable: anything that breaks into the server can "
                "change its own code",
                "remove security.readOnlyRootFilesystem: false (scratch gives /tmp and HOME)",
                "spec.security.readOnlyRootFilesystem",
            )
        )
    image = spec.image
    name = image.rsplit("/", 1)[-1]
    if "@" not in image and (":" not in name or name.endswith(":latest")):
        out.append(
            Finding(
                "SEC003",
                "warning",
                f"image {image} has no fixed tag: each pod may run a different build, and a "
                "rollback rolls back nothing",
                "pin a version tag or a digest (image: name:1.2.3 or name@sha256:...)",
                "spec.image",
            )
        )
    for volume in spec.pod_template.volumes:
        if "hostPath" in volume:
            out.append(
                Finding(
                    "SEC004",
                    "warning",
                    f"volume {volume.get('name')} mounts a path of the node (hostPath "
                    f"{(volume.get('hostPath') or {}).get('path')}): the server can read or "
                    'change the node itself, and Pod Security "restricted" refuses it',
                    "use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim",
                    "spec.podTemplate.volumes",
                )
            )
    if spec.service.type == "LoadBalancer" and not spec.service.load_balancer_source_ranges:
        out.append(
            Finding(
                "SEC005",
                "warning",
                "a LoadBalancer Service with no source ranges admits the whole internet to "
                "the MCP server",
                "set service.loadBalancerSourceRanges to the client CIDRs, or use ClusterIP "
                "behind an ingress",
                "spec.service.loadBalancerSourceRanges",
            )
        )
    ingress = spec.ingress
    if ingress.enabled and ingress.host and ingress.tls is None:
        out.append(
            Finding(
                "SEC006",
                "warning",
                f"ingress host {ingress.host} is served without TLS: tokens and tool results "
                "cross the network in clear text",
                "set ingress.tls (a Secret name, e.g. from cert-manager)",
                "spec.ingress.tls",
            )
        )
    return out
