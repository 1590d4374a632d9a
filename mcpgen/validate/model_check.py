"""MCPServer documents against the model itself: the same check `mcpgen render` does."""

from __future__ import annotations

from mcpgen.diagnostics import Finding
from mcpgen.load import LoadError, load_text
from mcpgen.model.server import API_VERSION, KIND
from mcpgen.validate.manifests import Resource

_GROUP = API_VERSION.split("/")[0]


def is_mcpserver(resource: Resource) -> bool:
    sig = resource.signature
    return sig.kind == KIND and sig.group == _GROUP


def check_model(resource: Resource) -> list[Finding]:
    """MCP001 findings for one MCPServer document, lines counted in its file."""
    try:
        load_text(resource.text, resource.file)
    except LoadError as exc:
        return [
            Finding(
                "MCP001",
                "error",
                f"{problem.field}: {problem.message}" if problem.field else problem.message,
                field=problem.field,
                resource=str(resource.signature),
                file=resource.file,
                line=problem.line + resource.offset,
                column=problem.column,
            )
            for problem in exc.problems
        ]
    return []
