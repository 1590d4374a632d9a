"""The files one imported server becomes: its MCPServer YAML and its Secret skeleton.

Every file opens with a signed line (the proof that import wrote it, so a later
import may replace it and never anything else), then comments: where the server
came from, what did not map, where its secrets go. Comments hold names and
paths from the source, never its values.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mcpgen.importers.draft import Draft
from mcpgen.model.server import API_VERSION, DEFAULT_NAMESPACE, KIND
from mcpgen.write.signature import digest
from mcpgen.yamlio.emit import dump

_PREFIX = "# Written by mcpgen import (sha256:"
_SUFFIX = "); mcpgen import replaces this file only while this line matches it.\n"
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def sign(body: str) -> str:
    return f"{_PREFIX}{digest(body)}{_SUFFIX}{body}"


def is_ours(text: str) -> bool:
    """Whether import wrote `text` and nobody changed it since."""
    head, sep, body = text.partition("\n")
    if not sep or not head.startswith(_PREFIX) or not (head + "\n").endswith(_SUFFIX):
        return False
    return head[len(_PREFIX) : len(head) + 1 - len(_SUFFIX)] == digest(body)


def comment(text: str, limit: int = 300) -> str:
    """One line of text that is safe inside a YAML comment."""
    flat = _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return flat if len(flat) <= limit else flat[: limit - 4] + " ..."


def _origin(d: Draft) -> str:
    # The file's own name, not the path it was given by: the same input gives the
    # same bytes from any working directory (CI checks out elsewhere than a laptop).
    return comment(d.origin.replace("\\", "/").rsplit("/", 1)[-1])


def document(d: Draft) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": d.name}
    if d.namespace:
        metadata["namespace"] = d.namespace
    if d.labels:
        metadata["labels"] = dict(d.labels)
    return {"apiVersion": API_VERSION, "kind": KIND, "metadata": metadata, "spec": d.spec}


def secret_files(d: Draft) -> str | None:
    """The skeleton of every Secret the spec reads that import knows the keys of."""
    if d.book is None and not d.env_files:
        return None
    namespace = d.namespace or DEFAULT_NAMESPACE
    parts: list[str] = []
    if d.book is not None:
        name = d.book.secret_name
        literals = " ".join(f"--from-literal={k}=..." for k in d.book.keys)
        lines = [
            f"# Secret skeleton for {d.name} ({_origin(d)}): mcpgen import never copies",
            "# secret values. Fill it outside git, with the same name and keys:",
            f"#   kubectl create secret generic {name} --namespace {namespace} {literals}",
            "# or give these keys to your secret manager (External Secrets, Sealed Secrets).",
            "# Applied as it is, it holds empty values and the server starts without them.",
            "apiVersion: v1",
            "kind: Secret",
            "metadata:",
            f"  name: {name}",
            f"  namespace: {namespace}",
            "type: Opaque",
            "stringData:",
        ]
        for key, about in d.book.keys.items():
            lines.append(f"  # {comment(about)}")
            lines.append(f'  {json.dumps(key)}: ""')
        parts.append("\n".join(lines) + "\n")
    for secret, path in d.env_files:
        parts.append(
            "\n".join(
                [
                    f"# {secret}: every variable of the env file {comment(path)}; create it from",
                    "# that file (the keys are not known here):",
                    f"#   kubectl create secret generic {secret} --namespace {namespace} "
                    "--from-env-file=FILE",
                    "apiVersion: v1",
                    "kind: Secret",
                    "metadata:",
                    f"  name: {secret}",
                    f"  namespace: {namespace}",
                    "type: Opaque",
                    "stringData: {}",
                ]
            )
            + "\n"
        )
    return sign("---\n".join(parts))


def spec_file(d: Draft, secrets_file: str | None) -> str:
    lines = [f"# Imported from {_origin(d)} ({d.source}): {comment(d.raw_name)}"]
    if d.name != d.raw_name:
        lines.append(f"# Named {d.name}: Kubernetes names are DNS-1035 labels.")
    if d.unmapped:
        lines.append("# Not mapped (set by hand if the server needs it):")
        lines += [f"#   - {comment(u)}" for u in d.unmapped]
    if d.notes:
        lines.append("# Notes:")
        lines += [f"#   - {comment(n)}" for n in d.notes]
    if secrets_file:
        lines.append(f"# Secrets: fill {secrets_file} (empty values) before the server starts.")
    for ref in d.existing:
        lines.append(f"# Reads existing {comment(ref)}.")
    return sign("\n".join(lines) + "\n" + dump(document(d)))
