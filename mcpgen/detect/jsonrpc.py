"""The MCP messages the probe sends, and how it reads the ones it gets back.

Two eras share one URL (MCP 2026-07-28, versioning.mdx "Backward
Compatibility"): a *modern* request carries the revision in the
`MCP-Protocol-Version` header and in a `_meta` envelope on every request, with
no handshake; a *legacy* client opens with `initialize` and may be given an
`Mcp-Session-Id`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from mcpgen import __version__

# The newest revision mcpgen speaks; a modern request names it.
MODERN_VERSION = "2026-07-28"
# What `initialize` offers: the newest handshake revision (servers may answer an older one).
PROTOCOL_VERSION = "2025-11-25"
# JSON-RPC ids, one per kind of request (each HTTP request carries one message).
INIT_ID = 1
LIST_ID = 2
DISCOVER_ID = 3
# JSON-RPC errors only a modern server sends (mcp_types/jsonrpc.py; SEP-2243, SEP-2575).
HEADER_MISMATCH = -32020
MISSING_CLIENT_CAPABILITY = -32021
UNSUPPORTED_VERSION = -32022
MODERN_ERRORS = frozenset({HEADER_MISMATCH, MISSING_CLIENT_CAPABILITY, UNSUPPORTED_VERSION})

_META_VERSION = "io.modelcontextprotocol/protocolVersion"
_META_CLIENT = "io.modelcontextprotocol/clientInfo"
_META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities"
META_SERVER_INFO = "io.modelcontextprotocol/serverInfo"
_REVISION = re.compile(r"\d{4}-\d{2}-\d{2}")
CLIENT_INFO = {"name": "mcpgen-probe", "version": __version__}


def is_modern(version: object) -> bool:
    """A revision without the handshake: 2026-07-28 or later (revisions are dates)."""
    return (
        isinstance(version, str)
        and bool(_REVISION.fullmatch(version))
        and (version >= MODERN_VERSION)
    )


def newest_first(versions: object) -> list[str]:
    """The revision strings in `versions` (a list from a server), newest first, once each."""
    if not isinstance(versions, list):
        return []
    found = {v for v in versions if isinstance(v, str) and _REVISION.fullmatch(v)}
    return sorted(found, reverse=True)


def _dumps(message: Mapping[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode()


def modern_body(method: str, version: str, request_id: int) -> bytes:
    """A modern request: the `_meta` envelope stands in for the handshake, every time."""
    meta = {_META_VERSION: version, _META_CLIENT: CLIENT_INFO, _META_CAPABILITIES: {}}
    return _dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": {"_meta": meta}})


def modern_headers(method: str, version: str) -> tuple[tuple[str, str], ...]:
    """The routing headers (SEP-2243); servers check them against the body."""
    return (
        ("Accept", "application/json, text/event-stream"),
        ("Content-Type", "application/json"),
        ("MCP-Protocol-Version", version),
        ("Mcp-Method", method),
    )


INITIALIZE_BODY = _dumps(
    {
        "jsonrpc": "2.0",
        "id": INIT_ID,
        "method": "initialize",
        "params": {
            "protocolVersion": PROTOCOL_VERSION,
            "capabilities": {},
            "clientInfo": CLIENT_INFO,
        },
    }
)
INITIALIZED_BODY = b'{"jsonrpc":"2.0","method":"notifications/initialized"}'
LEGACY_LIST_BODY = _dumps({"jsonrpc": "2.0", "id": LIST_ID, "method": "tools/list"})
POST_HEADERS = (
    ("Accept", "application/json, text/event-stream"),
    ("Content-Type", "application/json"),
)


def reply_to(message: Any, request_id: int) -> Mapping[str, Any] | None:
    """The JSON-RPC response with `request_id` in `message` (an object or a batch)."""
    candidates = message if isinstance(message, list) else [message]
    for item in candidates:
        if (
            isinstance(item, dict)
            and item.get("id") == request_id
            and ("result" in item or "error" in item)
        ):
            return item
    return None


def error_of(reply: Mapping[str, Any]) -> tuple[object, str, Any] | None:
    """(code, message, data) of a JSON-RPC error reply, or None for a result."""
    if "error" not in reply:
        return None
    error = reply["error"]
    if not isinstance(error, dict):
        return None, str(error)[:200], None
    return error.get("code"), str(error.get("message", ""))[:200], error.get("data")


def modern_error(message: Any) -> tuple[int, str, list[str]] | None:
    """(code, message, supported versions) when `message` is an error only modern servers send.

    Whatever the id: a server that refuses the envelope may not have read the id.
    """
    items = message if isinstance(message, list) else [message]
    for item in items:
        error = item.get("error") if isinstance(item, dict) else None
        if isinstance(error, dict) and error.get("code") in MODERN_ERRORS:
            data = error.get("data")
            supported = newest_first(data.get("supported")) if isinstance(data, dict) else []
            return int(error["code"]), str(error.get("message", ""))[:200], supported
    return None


def check_initialize_result(result: Any) -> str | None:
    """What is wrong with an initialize result, or None."""
    if not isinstance(result, dict):
        return "is not an object"
    if not isinstance(result.get("protocolVersion"), str):
        return "has no protocolVersion"
    if not isinstance(result.get("capabilities"), dict):
        return "has no capabilities object"
    return None


def check_discover_result(result: Any) -> str | None:
    """What is wrong with a server/discover result (DiscoverResult), or None."""
    if not isinstance(result, dict):
        return "is not an object"
    if not isinstance(result.get("supportedVersions"), list):
        return "has no supportedVersions list"
    if not isinstance(result.get("capabilities"), dict):
        return "has no capabilities object"
    return None


def discover_server_info(result: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """A modern server names itself in the result's `_meta`, not in the result."""
    meta = result.get("_meta")
    info = meta.get(META_SERVER_INFO) if isinstance(meta, dict) else None
    return info if isinstance(info, dict) else None


# A JSON string, escapes included. The closing quote is optional so an unterminated
# string ends at the end of the text: each quote starts at most one match, which
# keeps the scan linear whatever the server sends.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_JSON_STRING_BYTES = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NOT_BRACKET_BYTES = re.compile(rb"[^\[\]{}]+")
# Far deeper than any MCP message nests, far shallower than the interpreter's
# recursion limit: json.loads recurses once per level, so a reply nested 100,000
# deep (200 KB, well under the byte caps) would raise RecursionError.
MAX_JSON_DEPTH = 64


def json_too_deep(text: str | bytes, limit: int) -> bool:
    """Whether JSON `text` nests arrays and objects more than `limit` deep.

    Decided without parsing, so the parser's recursion is never reached: brackets
    inside strings do not count. Text that is not JSON may be judged either way;
    the parser refuses it next.
    """
    if isinstance(text, bytes):
        if text.count(b"[") + text.count(b"{") <= limit:
            return False  # the usual case: too few brackets to be deep, no scan
        brackets = _NOT_BRACKET_BYTES.sub(b"", _JSON_STRING_BYTES.sub(b"", text)).decode()
    else:
        if text.count("[") + text.count("{") <= limit:
            return False
        brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False
