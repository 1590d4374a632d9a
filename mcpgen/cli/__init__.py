"""The `mcpgen` command line: a thin layer that parses options and calls the layers.

Subcommands are imported only when invoked, so `mcpgen --help` and a single
render do not pay for httpx, jsonschema or the probe machinery.
"""

from __future__ import annotations

import importlib
import os
import sys
import types

import click

from mcpgen import __version__


def _no_pydantic_plugins() -> None:
    """No pydantic plugin observes mcpgen's models: PYDANTIC_DISABLE_PLUGINS, pydantic's
    own switch, is on unless the user set it.

    With every plugin off, pydantic's plugin loader would still import
    importlib.metadata (email, zipfile, csv: a tenth of a cold render) only to return
    no plugins; its module is registered with that answer instead. Any other value of
    the variable (plugins named one by one) leaves pydantic's loader in charge.
    """
    value = os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    name = "pydantic.plugin._loader"
    if value in ("__all__", "1", "true") and name not in sys.modules:
        loader = types.ModuleType(name, "pydantic's plugin loader, all plugins disabled")
        loader.get_plugins = tuple  # type: ignore[attr-defined]  # what pydantic's returns then
        sys.modules[name] = loader


_no_pydantic_plugins()

# name -> "module:attribute"; each module holds one click command.
_COMMANDS: dict[str, tuple[str, str]] = {
    "render": ("mcpgen.cli.render_cmd:render", "Render MCPServer specs to Kubernetes manifests."),
    "explain": (
        "mcpgen.cli.explain_cmd:explain",
        "Show the resolved transport and every diagnostic.",
    ),
    "import": (
        "mcpgen.cli.import_cmd:import_",
        "Turn other tools' server definitions into MCPServer specs.",
    ),
    "probe": ("mcpgen.cli.probe_cmd:probe", "Detect the MCP transport a live URL speaks."),
    "validate": ("mcpgen.cli.validate_cmd:validate", "Check manifests: schemas and SSE rules."),
    "schema": ("mcpgen.cli.schema_cmd:schema", "Print the MCPServer JSON Schema."),
    "crd": ("mcpgen.cli.schema_cmd:crd", "Print the MCPServer CustomResourceDefinition."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target[0].split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Help text comes from the table so listing commands imports none of them.
        rows = [(name, _COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mcpgen")
def main() -> None:
    """Deploy MCP servers on Kubernetes with the rules long-lived streams need."""
