"""MCPServer resources of the operators that run MCP servers from a controller:
ToolHive (`toolhive.stacklok.dev`) and kmcp (`kagent.dev`). Both name an image and
a transport; their controllers add a proxy or bridge that mcpgen renders itself."""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Finding
from mcpgen.importers.command import env_segments, set_command
from mcpgen.importers.draft import Draft, SecretBook, Segment, scrub_args, server_name
from mcpgen.importers.launchers import PACKAGE_RUNNERS, STDIO_BRIDGE_IMAGE
from mcpgen.importers.source import Document, as_dict

TOOLHIVE = "ToolHive MCPServer (toolhive.stacklok.dev)"
KMCP = "kmcp MCPServer (kagent.dev)"
# What the operators' proxies do (auth, audit, tool filters, telemetry): mcpgen
# deploys the server, not that proxy.
_TOOLHIVE_PROXY = {
    "oidcConfig",
    "authzConfig",
    "audit",
    "tools",
    "toolConfigRef",
    "telemetry",
    "externalAuthConfigRef",
    "resourceOverrides",
    "trustProxyHeaders",
    "groupRef",
    "permissionProfile",
    "telemetryConfigRef",
    "oidcConfigRef",
    "sessionAffinity",
}
_POD_PASSTHROUGH = {"tolerations", "nodeSelector", "affinity", "imagePullSecrets"}
_SECURITY = (
    "runAsUser",
    "runAsGroup",
    "fsGroup",
    "runAsNonRoot",
    "allowPrivilegeEscalation",
    "readOnlyRootFilesystem",
)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _metadata(d: Draft, doc: Document, problems: list[Finding]) -> None:
    meta = as_dict(doc, ("metadata",), doc.data.get("metadata") or {}, problems)
    if isinstance(meta.get("namespace"), str):
        d.namespace = meta["namespace"]
    labels = meta.get("labels")
    if isinstance(labels, dict):
        d.labels = {str(k): str(v) for k, v in labels.items()}


def _name(doc: Document, problems: list[Finding]) -> str | None:
    meta = doc.data.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    if not isinstance(name, str) or not name:
        problems.append(doc.problem(("metadata", "name"), "the resource needs metadata.name"))
        return None
    return name


def _resources(d: Draft, raw: Any, where: str) -> None:
    if not isinstance(raw, dict):
        return
    out = {
        k: dict(v) for k, v in raw.items() if k in ("limits", "requests") and isinstance(v, dict)
    }
    if out:
        d.spec["resources"] = out
    for key in sorted(set(raw) - {"limits", "requests"}):
        d.unmapped.append(f"{where}.{key}: not mapped")


def _security(d: Draft, *contexts: Any, where: str = "securityContext") -> None:
    security: dict[str, Any] = {}
    for ctx in contexts:
        if not isinstance(ctx, dict):
            continue
        security.update({k: ctx[k] for k in _SECURITY if k in ctx})
        for key, value in ctx.items():
            # mcpgen's own defaults (Pod Security "restricted") say these already.
            default = (key == "capabilities" and value == {"drop": ["ALL"]}) or (
                key == "seccompProfile" and value == {"type": "RuntimeDefault"}
            )
            if key not in _SECURITY and not default:
                d.unmapped.append(f"{where}.{key}: not mapped")
    if security:
        d.spec["security"] = security


def import_toolhive(doc: Document, problems: list[Finding]) -> list[Draft]:
    raw_name = _name(doc, problems)
    spec = as_dict(doc, ("spec",), doc.data.get("spec"), problems)
    if raw_name is None or not spec:
        return []
    d = Draft(raw_name, doc.where(()), TOOLHIVE, server_name(raw_name), {})
    _metadata(d, doc, problems)
    image = spec.get("image")
    if not isinstance(image, str) or not image:
        problems.append(doc.problem(("spec", "image"), "a ToolHive MCPServer needs spec.image"))
        return []
    d.spec["image"] = image
    transport = spec.get("transport", "stdio")
    env: list[tuple[str, list[Segment]]] = []
    for i, item in enumerate(spec.get("env") or []):
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            env.append(
                (
                    item["name"],
                    env_segments(
                        d, item["name"], str(item.get("value", "")), None, f"spec.env[{i}]"
                    ),
                )
            )
    book = SecretBook(d.name + "-secrets", taken={n for n, _ in env})
    entries: list[dict[str, Any]] = []
    for i, ref in enumerate(spec.get("secrets") or []):
        if not isinstance(ref, dict) or not ref.get("name") or not ref.get("key"):
            d.unmapped.append(f"spec.secrets[{i}]: needs name and key; not mapped")
            continue
        target = ref.get("targetEnvName") or ref["key"]
        entries.append(
            {
                "name": target,
                "valueFrom": {"secretKeyRef": {"name": ref["name"], "key": ref["key"]}},
            }
        )
        d.existing.append(f"Secret {ref['name']} (key {ref['key']}) for {target}")
    entries += [book.env(name, segs) for name, segs in env]
    arg_segs, lost, notes = scrub_args([str(a) for a in spec.get("args") or []], None, "spec.args")
    d.unmapped += lost
    d.notes += notes
    if arg_segs:
        d.spec["args"] = [book.text(s) for s in arg_segs]
    entries = book.helper_entries() + entries
    if entries:
        d.spec["environment"] = entries
    d.book = book if book.keys else None
    port = spec.get("proxyPort", spec.get("port"))
    target = spec.get("mcpPort", spec.get("targetPort"))
    if transport == "stdio":
        d.spec["transport"] = {"type": "stdio"}
        if spec.get("proxyMode") in ("sse", "streamable-http"):
            d.spec["transport"]["protocol"] = spec["proxyMode"]
    elif transport in ("sse", "streamable-http"):
        http: dict[str, Any] = {"port": target or port} if (target or port) else {}
        d.spec["transport"] = {"type": "http", "protocol": transport}
        if http:
            d.spec["transport"]["config"] = {"http": http}
    else:
        d.unmapped.append(f"spec.transport: {transport!r} is not stdio, sse or streamable-http")
    if isinstance(port, int):
        d.spec["service"] = {"port": port}
    _resources(d, spec.get("resources"), "spec.resources")
    if isinstance(spec.get("serviceAccount"), str):
        d.spec.setdefault("podTemplate", {})["serviceAccountName"] = spec["serviceAccount"]
    template = spec.get("podTemplateSpec")
    if isinstance(template, dict):
        _pod_template(d, template)
    if spec.get("volumes"):
        d.unmapped.append("spec.volumes: hostPath volumes; Pod Security 'restricted' forbids them")
    handled = {
        "image",
        "transport",
        "env",
        "secrets",
        "args",
        "proxyPort",
        "port",
        "mcpPort",
        "targetPort",
        "proxyMode",
        "resources",
        "serviceAccount",
        "podTemplateSpec",
        "volumes",
    }
    for key in sorted(set(spec) - handled):
        why = (
            "the ToolHive proxy's job; mcpgen does not deploy that proxy"
            if key in _TOOLHIVE_PROXY
            else "not mapped"
        )
        d.unmapped.append(f"spec.{key}: {why}")
    return [d]


def _pod_template(d: Draft, template: dict[str, Any]) -> None:
    pod = _mapping(template.get("spec"))
    pt = d.spec.setdefault("podTemplate", {})
    meta = _mapping(template.get("metadata"))
    for key in ("labels", "annotations"):
        if isinstance(meta.get(key), dict):
            pt[key] = dict(meta[key])
    for key, value in pod.items():
        at = f"spec.podTemplateSpec.spec.{key}"
        if key in _POD_PASSTHROUGH:
            pt[key] = value
        elif key == "serviceAccountName":
            pt["serviceAccountName"] = value
        elif key == "securityContext":
            _security(d, value)
        elif key == "containers":
            for c in value if isinstance(value, list) else []:
                if isinstance(c, dict) and c.get("name") == "mcp":
                    _security(d, pod.get("securityContext"), c.get("securityContext"))
                    _resources(d, c.get("resources"), f"{at}[mcp].resources")
                    for ck in sorted(set(c) - {"name", "securityContext", "resources"}):
                        d.unmapped.append(f"{at}[mcp].{ck}: not mapped")
                else:
                    d.unmapped.append(f"{at}: a container other than mcp; not mapped")
        else:
            d.unmapped.append(f"{at}: not mapped")
    if not pt:
        del d.spec["podTemplate"]


def import_kmcp(doc: Document, problems: list[Finding]) -> list[Draft]:
    raw_name = _name(doc, problems)
    spec = as_dict(doc, ("spec",), doc.data.get("spec"), problems)
    if raw_name is None or not spec:
        return []
    dep = as_dict(doc, ("spec", "deployment"), spec.get("deployment") or {}, problems)
    d = Draft(raw_name, doc.where(()), KMCP, server_name(raw_name), {})
    _metadata(d, doc, problems)
    env = dep.get("env") or {}
    if isinstance(env, list):  # some kmcp docs write a Kubernetes-style list
        env = {e.get("name"): e.get("value", "") for e in env if isinstance(e, dict)}
    env = {str(k): str(v) for k, v in env.items()} if isinstance(env, dict) else {}
    cmd = dep.get("cmd")
    args = [str(a) for a in dep.get("args") or []]
    image = dep.get("image")
    transport = spec.get("transportType", "stdio" if cmd else "http")
    if isinstance(cmd, str) and cmd:
        set_command(d, cmd, args, env, None, "spec.deployment")
        if isinstance(image, str) and image:
            d.spec["image"] = image  # kmcp runs cmd inside the image given
        elif cmd not in PACKAGE_RUNNERS:
            d.notes.append(
                f"spec.deployment.image: unset; {STDIO_BRIDGE_IMAGE} (the stdio bridge "
                f"image) must be given {cmd!r}: build an image FROM it that has it"
            )
    elif isinstance(image, str) and image:
        set_command(d, "", args, env, None, "spec.deployment")
        d.spec["image"] = image
        d.spec.pop("command", None)
        d.notes = [n for n in d.notes if ".command:" not in n]
    else:
        problems.append(
            doc.problem(
                ("spec", "deployment"), "a kmcp MCPServer needs deployment.image or deployment.cmd"
            )
        )
        return []
    port = dep.get("port", 3000)
    if transport == "http":
        http = _mapping(spec.get("httpTransport"))
        config: dict[str, Any] = {"port": http.get("targetPort") or port}
        if http.get("path"):
            config["path"] = http["path"]
        d.spec["transport"] = {
            "type": "http",
            "protocol": "streamable-http",
            "config": {"http": config},
        }
    else:
        d.spec["transport"] = {"type": "stdio", "config": {"http": {"port": port}}}
    refs = [("secretRef", r) for r in dep.get("secretRefs") or []]
    refs += [("configMapRef", r) for r in dep.get("configMapRefs") or []]
    for kind, ref in refs:
        if isinstance(ref, dict) and ref.get("name"):
            d.spec.setdefault("envFrom", []).append({kind: {"name": ref["name"]}})
            what = "Secret" if kind == "secretRef" else "ConfigMap"
            d.existing.append(f"{what} {ref['name']} (every key, envFrom)")
    pt: dict[str, Any] = {}
    for key in (
        "volumes",
        "volumeMounts",
        "tolerations",
        "nodeSelector",
        "affinity",
        "imagePullSecrets",
    ):
        if dep.get(key):
            pt[key] = dep[key]
    for key, target in (
        ("labels", "labels"),
        ("annotations", "annotations"),
        ("serviceAccount", "serviceAccountName"),
        ("serviceAccountName", "serviceAccountName"),
    ):
        if dep.get(key):
            pt[target] = dep[key]
    if pt:
        d.spec["podTemplate"] = pt
    if isinstance(dep.get("replicas"), int):
        d.spec["replicas"] = dep["replicas"]
    _resources(d, dep.get("resources"), "spec.deployment.resources")
    _security(d, dep.get("podSecurityContext"), dep.get("securityContext"))
    handled = {
        "image",
        "port",
        "cmd",
        "args",
        "env",
        "secretRefs",
        "configMapRefs",
        "volumes",
        "volumeMounts",
        "tolerations",
        "nodeSelector",
        "affinity",
        "imagePullSecrets",
        "labels",
        "annotations",
        "serviceAccount",
        "serviceAccountName",
        "replicas",
        "resources",
        "podSecurityContext",
        "securityContext",
    }
    for key in sorted(set(dep) - handled):
        why = (
            "kmcp's bridge injection; the stdio bridge work covers it"
            if key == "initContainer"
            else "not mapped"
        )
        d.unmapped.append(f"spec.deployment.{key}: {why}")
    for key in sorted(
        set(spec) - {"deployment", "transportType", "stdioTransport", "httpTransport"}
    ):
        d.unmapped.append(f"spec.{key}: kmcp's gateway settings; not mapped")
    return [d]
