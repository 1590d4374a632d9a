"""`mcpgen render --format helm`: the generic chart plus one server's spec as values.yaml."""

from __future__ import annotations

from pathlib import Path

from mcpgen.model import MCPServer
from mcpgen.render.emit import dump, parse
from mcpgen.render.output import Changes, writes
from mcpgen.resources import data_dir

CHART_NAME = "name: mcp-server"


def chart_files(server: MCPServer) -> dict[Path, str]:
    """Every file of the chart, with values.yaml holding this server's whole spec."""
    root = data_dir("chart")
    files = {
        path.relative_to(root): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "values.yaml"
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


def chart_changes(out: Path, files: dict[Path, str]) -> Changes:
    """What writing the chart into `out` changes; a previous chart's extra files go too."""
    changes = writes(out, files)
    chart_yaml = out / "Chart.yaml"
    if chart_yaml.is_file() and CHART_NAME in chart_yaml.read_text(encoding="utf-8"):
        changes.delete = {p.relative_to(out) for p in out.rglob("*") if p.is_file()} - set(files)
    return changes


def foreign_files(out: Path) -> bool:
    """Does `out` hold files that are not a chart mcpgen wrote?"""
    if not out.exists() or not any(out.iterdir()):
        return False
    chart_yaml = out / "Chart.yaml"
    return not (chart_yaml.is_file() and CHART_NAME in chart_yaml.read_text(encoding="utf-8"))
