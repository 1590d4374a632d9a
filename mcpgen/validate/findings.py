"""The codes of validate that are not policy (those live in policy.CODES); the finding
type itself is `mcpgen.diagnostics.Finding`, shared with the rules and the probe."""

from __future__ import annotations

from mcpgen.diagnostics import Severity

# Reading and schema codes; one stable code per kind of problem.
INPUT_CODES: dict[str, tuple[Severity, str]] = {
    "IO001": ("error", "a path cannot be read (exit 2)"),
    "YML001": ("error", "a document is not valid YAML"),
    "YML002": (
        "error",
        "a file over a reading limit (bytes, documents, depth, aliases) or not text (exit 2)",
    ),
    "SCH001": ("error", "a document breaks its schema (wrong type, unknown field, ...)"),
    "SCH002": ("error", "no schema for this apiVersion/kind (--ignore-missing-schemas skips)"),
    "SCH003": ("error", "a document is not a Kubernetes object (apiVersion, kind, mapping)"),
    "MCP001": ("error", "an MCPServer breaks the model (the same check `mcpgen render` does)"),
    "KCF001": ("error", "kubeconform could not validate a resource"),
}
