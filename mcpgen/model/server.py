"""The MCPServer document: apiVersion, kind, metadata, spec, status."""

from typing import Any, Literal

from pydantic import Field

from mcpgen.model.spec import MCPServerSpec
from mcpgen.model.strict import Strict, empty_dict
from mcpgen.model.types import Annotations, Labels, Name, ServiceName

API_VERSION = "mcp.mcp-operator.io/v1"
KIND = "MCPServer"
DEFAULT_NAMESPACE = "default"


class Metadata(Strict):
    name: ServiceName
    """Server name: a DNS-1035 label (it names the Service); every rendered object is named
    after it."""
    namespace: Name = DEFAULT_NAMESPACE
    """Namespace of every rendered object."""
    labels: Labels = Field(default_factory=empty_dict)
    """Labels copied onto every rendered object (mcpgen's own labels win)."""
    annotations: Annotations = Field(default_factory=empty_dict)
    """Annotations of the MCPServer itself (not copied)."""
    # Fields the API server writes; accepted so `kubectl get -o yaml` output loads.
    uid: str | None = None
    resource_version: str | None = None
    generation: int | None = None
    creation_timestamp: Any = None
    managed_fields: list[Any] | None = None
    finalizers: list[str] | None = None


class MCPServer(Strict):
    api_version: Literal["mcp.mcp-operator.io/v1"]
    """API group and version."""
    kind: Literal["MCPServer"]
    """Resource kind."""
    metadata: Metadata
    """Object metadata."""
    spec: MCPServerSpec
    """Desired state."""
    status: dict[str, Any] | None = None
    """Observed state, written by the operator; mcpgen ignores it."""
