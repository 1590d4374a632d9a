"""Which format a document is, from its keys alone."""

from __future__ import annotations

from collections.abc import Callable

from mcpgen.diagnostics import Finding
from mcpgen.importers.clients import import_mcp_servers, import_vscode
from mcpgen.importers.draft import Draft, Skip
from mcpgen.importers.operators import import_kmcp, import_toolhive
from mcpgen.importers.registry import import_server_json, import_server_list
from mcpgen.importers.source import Document
from mcpgen.model.server import API_VERSION

Importer = Callable[[Document, list[Finding]], list[Draft | Skip] | list[Draft]]
_KNOWN = (
    "expected mcpServers (Claude Desktop, Claude Code, Cursor), servers and inputs (VS Code), "
    "name with packages or remotes (MCP registry server.json), or an MCPServer of "
    "toolhive.stacklok.dev or kagent.dev"
)


class NotImportable(Exception):
    """A document mcpgen import does not read, and why (a note, not an error)."""


def importer_for(doc: Document) -> Importer:
    """The importer for `doc`; NotImportable for a Kubernetes object of another kind,
    ValueError (with what was expected) for anything else."""
    data = doc.data
    if not isinstance(data, dict):
        raise ValueError(
            f"not a format mcpgen import reads: the top level is not an object; {_KNOWN}"
        )
    api, kind = data.get("apiVersion"), data.get("kind")
    if isinstance(api, str) and isinstance(kind, str):
        group = api.split("/")[0]
        if kind == "MCPServer" and group == "toolhive.stacklok.dev":
            return import_toolhive
        if kind == "MCPServer" and group == "kagent.dev":
            return import_kmcp
        if api == API_VERSION:
            raise NotImportable("already an mcpgen MCPServer: render it as it is")
        raise NotImportable(f"a {kind} ({api}), not a server definition")
    if isinstance(data.get("mcpServers"), dict):
        return import_mcp_servers
    if isinstance(data.get("servers"), dict) or (
        isinstance(data.get("mcp"), dict) and isinstance(data["mcp"].get("servers"), dict)
    ):
        return import_vscode
    if isinstance(data.get("servers"), list):
        return import_server_list
    inner = data.get("server") if isinstance(data.get("server"), dict) else data
    if isinstance(inner, dict) and "name" in inner and ("packages" in inner or "remotes" in inner):
        return import_server_json
    if isinstance(inner, dict) and "server.schema.json" in str(inner.get("$schema", "")):
        return import_server_json
    keys = ", ".join(sorted(str(k) for k in data)[:8]) or "none"
    raise ValueError(f"not a format mcpgen import reads (top-level keys: {keys}); {_KNOWN}")
