"""`--write-spec`: pin a detected protocol into an MCPServer YAML file.

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


def pin_protocol(path: Path, protocol: str) -> bool:
    """Set spec.transport.protocol; False when it already had that value."""
    loaded = _load(path)
    transport = loaded.spec.get("transport")
    if transport is None:
        transport = CommentedMap()
        keys = list(loaded.spec)
        after = [keys.index(k) for k in _TRANSPORT_AFTER if k in keys]
        loaded.spec.insert(max(after) + 1 if after else len(keys), "transport", transport)
    elif not isinstance(transport, dict):
        raise PinError(f"{path}: spec.transport is not a mapping")
    if transport.get("protocol") == protocol:
        return False
    transport["protocol"] = protocol
    out = io.StringIO()
    loaded.yaml.dump(loaded.document, out)
    chunks = list(loaded.chunks)
    chunks[loaded.index] = out.getvalue()
    path.write_text("".join(chunks), encoding="utf-8")
    return True


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
