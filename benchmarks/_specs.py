"""The spec corpus every benchmark uses: the examples plus every provider with both protocols.

One spec per file, each with its own name, so a folder of N files is N servers
whose rendered trees differ the way real fleets do (kinds, providers, eras).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = ("nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio")
PROTOCOLS = ("sse", "streamable-http")


def _block_yaml(document: dict[str, Any]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


def _provider_spec(provider: str, protocol: str) -> dict[str, Any]:
    http: dict[str, Any] = {"port": 8080}
    if protocol == "sse":
        http["sse"] = {"enableSessionAffinity": True}
    else:
        http["sessionManagement"] = True
    ingress: dict[str, Any] = {"enabled": True, "provider": provider, "host": "mcp.example.com"}
    if provider in ("gateway-api", "istio"):
        ingress["gateway"] = {"name": "public", "namespace": "gateways"}
    return {
        "image": "ghcr.io/example/mcp:1.0.0",
        "replicas": 3,
        "environment": [{"name": "LOG_LEVEL", "value": "info"}],
        "transport": {"protocol": protocol, "config": {"http": http}},
        "ingress": ingress,
    }


def bases() -> list[tuple[str, str]]:
    """(stem, YAML text of one MCPServer) for every base case, in a stable order."""
    out = [
        (p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.yaml"))
    ]
    for provider in PROVIDERS:
        for protocol in PROTOCOLS:
            stem = f"{provider}-{protocol}"
            document = {
                "apiVersion": "mcp.mcp-operator.io/v1",
                "kind": "MCPServer",
                "metadata": {"name": stem, "namespace": "mcp"},
                "spec": _provider_spec(provider, protocol),
            }
            out.append((stem, _block_yaml(document)))  # block YAML, as people write specs
    return out


# The first `name` under metadata (every base is block YAML).
_NAME = re.compile(r"^  name: \S+", re.MULTILINE)


def _renamed(text: str, suffix: str) -> str:
    found = _NAME.search(text)
    assert found is not None, "every base names itself"
    return text[: found.end()] + suffix + text[found.end() :]


def write_specs(folder: Path, count: int) -> list[Path]:
    """`count` spec files cycling over every base case; returns them in order."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = bases()
    paths = []
    for i in range(count):
        stem, text = cases[i % len(cases)]
        path = folder / f"{stem}-{i:05d}.yaml"
        path.write_text(_renamed(text, f"-{i}"), encoding="utf-8")
        paths.append(path)
    return paths


def helm_values(folder: Path) -> list[tuple[str, str, Path]]:
    """(release, namespace, values file) per base case: the same specs as chart values."""
    from ruamel.yaml import YAML

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for stem, text in bases():
        document = YAML(typ="safe").load(text)
        values = folder / f"{stem}.values.json"
        values.write_text(json.dumps(document["spec"]), encoding="utf-8")
        out.append(
            (document["metadata"]["name"], document["metadata"].get("namespace", "default"), values)
        )
    return out
