"""`--write-spec`: pin what a probe found into an MCPServer YAML file.

`spec.transport.protocol`, and under `spec.transport.config.http` the
revisions the server speaks (`protocolVersions`, newest first) and whether
legacy clients get sessions (`sessionManagement`).

A GitOps repo commits the result, so the edit must be the one line that
changed: ruamel's round trip keeps comments, key order, quotes and flow
style, and the file's own indentation is guessed and reused.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

# A document start marker, kept with the document it opens.
_DOC_START = re.compile(r"(?m)^(?=---(?:[ \t]|$))")
# Where `transport` goes when the spec has none: after what says what runs.
_TRANSPORT_AFTER = ("image", "command", "args")


class PinError(Exception):
    """The file cannot take the pin; the message says why."""


def check_spec(path: Path) -> None:
    """Fail early, before any probing, when `path` could not be pinned."""
    _load(path)


def required_capabilities(path: Path) -> tuple[str, ...]:
    """spec.validation.requiredCapabilities of the file, so the probe checks them."""
    validation = _load(path).spec.get("validation")
    names = validation.get("requiredCapabilities") if isinstance(validation, dict) else None
    if names is None:
        return ()
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise PinError(f"{path}: spec.validation.requiredCapabilities is not a list of names")
    return tuple(names)


def pin_protocol(path: Path, protocol: str) -> bool:
    """Set spec.transport.protocol; False when it already had that value."""
    return bool(pin_transport(path, protocol))


def pin_transport(
    path: Path,
    protocol: str,
    protocol_versions: list[str] | None = None,
    session_management: bool | None = None,
) -> list[str]:
    """Pin the protocol, and the revisions and session fact when given (None: leave it).

    Returns the fields that changed, as dotted paths; nothing is written when none did.
    """
    loaded = _load(path)
    transport = _child(loaded.spec, "transport", path, "spec", _TRANSPORT_AFTER)
    changed = []
    if transport.get("protocol") != protocol:
        transport["protocol"] = protocol
        changed.append("spec.transport.protocol")
    http_facts = {
        "protocolVersions": protocol_versions,
        "sessionManagement": session_management,
    }
    wanted = {k: v for k, v in http_facts.items() if v is not None}
    if wanted:
        config = _child(transport, "config", path, "spec.transport")
        http = _child(config, "http", path, "spec.transport.config")
        for key, value in wanted.items():
            if _plain(http.get(key)) != value:
                http[key] = list(value) if isinstance(value, list) else value
                changed.append(f"spec.transport.config.http.{key}")
    if not changed:
        return []
    _write(path, loaded)
    return changed


def _plain(value: object) -> object:
    return list(value) if isinstance(value, list) else value


def _child(
    parent: CommentedMap, key: str, path: Path, where: str, after: tuple[str, ...] = ()
) -> CommentedMap:
    """parent[key] as a mapping, added (after the keys named in `after`) when missing."""
    child = parent.get(key)
    if child is None:
        child = CommentedMap()
        keys = list(parent)
        at = [keys.index(k) for k in after if k in keys]
        parent.insert(max(at) + 1 if at else len(keys), key, child)
    elif not isinstance(child, CommentedMap):
        raise PinError(f"{path}: {where}.{key} is not a mapping")
    return child


def _write(path: Path, loaded: _Loaded) -> None:
    out = io.StringIO()
    loaded.yaml.dump(loaded.document, out)
    chunks = list(loaded.chunks)
    chunks[loaded.index] = out.getvalue()
    path.write_text("".join(chunks), encoding="utf-8")


@dataclass
class _Loaded:
    yaml: YAML
    chunks: list[str]  # the file cut at `---` lines, each kept verbatim but ours
    index: int  # which chunk holds the MCPServer
    document: CommentedMap
    spec: CommentedMap


def _load(path: Path) -> _Loaded:
    from mcpgen.load.limits import Refused, check_text, read_bounded

    try:
        text = read_bounded(path)
        check_text(text)  # the same caps as every reader, before ruamel builds anything
    except Refused as exc:
        raise PinError(f"--write-spec {path}:{exc.line}:{exc.column}: {exc.message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PinError(f"--write-spec {path}: {exc}") from None
    # Only the MCPServer's own document goes through ruamel: comments before a
    # `---` and the other documents stay byte for byte as they were.
    chunks = _DOC_START.split(text)
    found: list[tuple[int, CommentedMap]] = []
    for index, chunk in enumerate(chunks):
        yaml = YAML()
        try:
            document = yaml.load(chunk)
        except YAMLError as exc:
            raise PinError(f"--write-spec {path}: not valid YAML: {exc}") from None
        if isinstance(document, CommentedMap) and document.get("kind") == "MCPServer":
            found.append((index, document))
    if len(found) != 1:
        what = "no MCPServer document" if not found else f"{len(found)} MCPServer documents"
        raise PinError(f"--write-spec {path}: {what}; it needs exactly one")
    index, document = found[0]
    spec = document.get("spec")
    if not isinstance(spec, CommentedMap):
        raise PinError(f"--write-spec {path}: the MCPServer has no spec mapping")
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the author kept long
    yaml.indent(**_guess_indent(chunks[index]))
    yaml.explicit_start = chunks[index].startswith("---")
    yaml.explicit_end = chunks[index].rstrip().split("\n")[-1].rstrip() == "..."
    # Reload with the settings that will dump it, so quotes are kept.
    document = yaml.load(chunks[index])
    return _Loaded(yaml, chunks, index, document, document["spec"])


_KEY_ONLY = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")
_ITEM = re.compile(r"^( *)- ")
_KEY = re.compile(r"^( *)[^\s#-][^:#]*:(\s|$)")


def _guess_indent(text: str) -> dict[str, int]:
    """The file's own mapping indent and sequence style (ruamel's defaults otherwise)."""
    mapping = offset = None
    parent: int | None = None  # column of the key-only line just above
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if parent is not None:
            item, key = _ITEM.match(line), _KEY.match(line)
            if item and offset is None:
                offset = len(item.group(1)) - parent
            elif key and mapping is None and len(key.group(1)) > parent:
                mapping = len(key.group(1)) - parent
        if mapping is not None and offset is not None:
            break
        head = _KEY_ONLY.match(line)
        parent = len(head.group(1)) if head else None
    mapping = mapping or 2
    offset = max(offset or 0, 0)
    return {"mapping": mapping, "sequence": offset + 2, "offset": offset}
