"""Security contexts: Pod Security Standards "restricted" unless the spec says otherwise."""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Diagnostic
from mcpgen.model.spec import Security

SECCOMP = {"type": "RuntimeDefault"}
DROP_ALL = {"drop": ["ALL"]}


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
    if sec.read_only_root_filesystem is not None:
        ctx["readOnlyRootFilesystem"] = sec.read_only_root_filesystem
    return ctx


def security_diagnostics(sec: Security) -> list[Diagnostic]:
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
        Diagnostic(
            "SEC001",
            "warning",
            f"{', '.join(weakened)}: the pod no longer meets Pod Security Standards "
            '"restricted"; namespaces that enforce it will reject it',
            "remove the override from spec.security, or run the image as a non-root user",
            "spec.security",
        )
    ]
