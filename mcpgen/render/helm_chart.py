"""`mcpgen render --format helm`: the generic chart plus one server's spec as values.yaml."""

from __future__ import annotations

from pathlib import Path

from mcpgen.datafiles import data_dir
from mcpgen.model import MCPServer
from mcpgen.yamlio.emit import dump, parse


def chart_files(server: MCPServer) -> dict[Path, str]:
    """Every file of the chart, with values.yaml holding this server's whole spec."""
    root = data_dir("chart")
    files = {
        path.relative_to(root): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        # ci/ is chart-testing's values for the generic chart; this one has real values.
        if path.is_file() and path.name != "values.yaml" and path.relative_to(root).parts[0] != "ci"
    }
    defaults = chart_defaults(root)
    values = {
        **defaults,
        **server.spec.model_dump(by_alias=True, exclude_none=True),
        # Objects are named after the server whatever the release is called.
        "fullnameOverride": server.metadata.name,
        "commonLabels": dict(server.metadata.labels),
    }
    header = (
        f"# MCPServer {server.metadata.namespace}/{server.metadata.name}, written by "
        "`mcpgen render --format helm`.\n"
        f"# helm install {server.metadata.name} . -n {server.metadata.namespace}\n"
    )
    files[Path("values.yaml")] = header + dump(values)
    return files


def chart_defaults(chart: Path) -> dict[str, object]:
    loaded = parse((chart / "values.yaml").read_text(encoding="utf-8"))
    return dict(loaded) if isinstance(loaded, dict) else {}
