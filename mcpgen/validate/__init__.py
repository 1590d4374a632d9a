"""`mcpgen validate`: manifests written by anyone against strict schemas and the SSE rules.

Modelled on kubeconform: `resources` reads and splits documents, `registry`
says where each kind's schema lives, `schema_check` validates one resource,
`model_check` runs MCPServer documents through the model, `workloads` finds MCP
workloads and what surrounds them, `policy` and `provider_policy` hold the rules,
`output` one writer per format, and `run` wires them together.
"""

from mcpgen.diagnostics import Finding
from mcpgen.validate.run import Options, validate_paths, validate_sources, validate_text

__all__ = ["Finding", "Options", "validate_paths", "validate_sources", "validate_text"]
