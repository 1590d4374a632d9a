"""Client configs: `mcpServers` (Claude Desktop, Claude Code, Cursor) and VS Code's
`servers` + `inputs`. A stdio entry becomes a server; a `url` entry is a remote one."""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Finding, PathKey
from mcpgen.importers.command import set_command, set_env_file, set_working_dir
from mcpgen.importers.draft import Draft, Skip, server_name
from mcpgen.importers.source import Document, as_dict, kind_of

MCP_SERVERS = "Claude Desktop / Claude Code / Cursor mcpServers"
VSCODE = "VS Code mcp.json"
# Client-side settings: how the client treats the server, nothing a pod runs.
_CLIENT_ONLY = {
    "disabled",
    "autoApprove",
    "alwaysAllow",
    "timeout",
    "description",
    "dev",
    "sandboxEnabled",
    "sandbox",
    "gallery",
    "version",
    "oauth",
    "transportType",
    "trust",
    "includeTools",
    "excludeTools",
    "enabled",
    "name",
    "title",
}
_REMOTE_TYPES = {"http", "sse", "streamable-http", "streamableHttp", "ws"}


def import_mcp_servers(doc: Document, problems: list[Finding]) -> list[Draft | Skip]:
    servers = as_dict(doc, ("mcpServers",), doc.data["mcpServers"], problems)
    ignored = sorted(k for k in doc.data if k != "mcpServers")
    return _servers(doc, ("mcpServers",), servers, None, MCP_SERVERS, problems, ignored)


def import_vscode(doc: Document, problems: list[Finding]) -> list[Draft | Skip]:
    root: PathKey = ("mcp",) if "servers" not in doc.data else ()
    top = doc.data if not root else as_dict(doc, root, doc.data["mcp"], problems)
    servers = as_dict(doc, (*root, "servers"), top.get("servers"), problems)
    about = _inputs(doc, (*root, "inputs"), top.get("inputs", []), problems)
    ignored = sorted(k for k in top if k not in ("servers", "inputs"))
    return _servers(doc, (*root, "servers"), servers, about, VSCODE, problems, ignored)


def _inputs(doc: Document, path: PathKey, raw: Any, problems: list[Finding]) -> dict[str, str]:
    """Input id -> what the skeleton says about it (its description; never a default)."""
    if not isinstance(raw, list):
        problems.append(doc.problem(path, f"must be a list, not {kind_of(raw)}"))
        return {}
    about: dict[str, str] = {}
    for i, item in enumerate(raw):
        entry = as_dict(doc, (*path, i), item, problems)
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident:
            problems.append(doc.problem((*path, i), "an input needs a string id"))
            continue
        text = entry.get("description")
        about[ident] = str(text) if isinstance(text, str) and text else f"VS Code input {ident!r}"
    return about


def _servers(
    doc: Document,
    path: PathKey,
    servers: dict[str, Any],
    about: dict[str, str] | None,
    source: str,
    problems: list[Finding],
    ignored: list[str],
) -> list[Draft | Skip]:
    out: list[Draft | Skip] = []
    for raw_name, raw in servers.items():
        entry_path = (*path, raw_name)
        entry = as_dict(doc, entry_path, raw, problems)
        if not entry and not isinstance(raw, dict):
            continue
        origin = doc.where(entry_path)
        kind = entry.get("type")
        if "url" in entry or kind in _REMOTE_TYPES:
            out.append(
                Skip(raw_name, origin, "a remote server (url); clients connect to it as it is")
            )
            continue
        command = entry.get("command")
        if not isinstance(command, str) or not command.strip():
            problems.append(doc.problem(entry_path, "a stdio server needs a command (a string)"))
            continue
        if kind not in (None, "stdio"):
            problems.append(
                doc.problem(
                    (*entry_path, "type"),
                    f"unknown server type {kind!r}: expected stdio, http or sse",
                )
            )
            continue
        args = _strings(doc, (*entry_path, "args"), entry.get("args", []), problems)
        env = _env(doc, (*entry_path, "env"), entry.get("env", {}), problems)
        if args is None or env is None:
            continue
        d = Draft(raw_name, origin, source, server_name(raw_name), {})
        where = _dotted_name(entry_path)
        set_command(d, command, args, env, about, where)
        for key, value in entry.items():
            at = f"{where}.{key}"
            if key in ("command", "args", "env", "type"):
                continue
            if key == "cwd":
                set_working_dir(d, value, at)
            elif key == "envFile":
                set_env_file(d, value, at)
            elif key in _CLIENT_ONLY:
                d.unmapped.append(f"{at}: a client-side setting; no place in a deployment")
            else:
                d.unmapped.append(f"{at}: unknown to mcpgen import; not mapped")
        d.unmapped += [f"{k}: a client setting outside the servers; not mapped" for k in ignored]
        out.append(d)
    return out


def _dotted_name(path: PathKey) -> str:
    return ".".join(str(p) for p in path)


def _strings(doc: Document, path: PathKey, raw: Any, problems: list[Finding]) -> list[str] | None:
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        problems.append(doc.problem(path, "must be a list of strings"))
        return None
    return list(raw)


def _env(doc: Document, path: PathKey, raw: Any, problems: list[Finding]) -> dict[str, str] | None:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(doc.problem(path, f"must be an object of strings, not {kind_of(raw)}"))
        return None
    out: dict[str, str] = {}
    for name, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(doc.problem((*path, name), "an environment value must be a string"))
            return None
        out[name] = str(value)
    return out
