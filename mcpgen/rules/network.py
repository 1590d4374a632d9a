"""The optional NetworkPolicy: the MCP port open to the server's own namespace and to
the chosen ingress provider's, the metrics port to the monitoring namespace.

Provider namespaces are the upstream install defaults (ingress-nginx's manifests,
the Traefik and HAProxy charts, istioctl); a cluster that installs them elsewhere
sets `networkPolicy.fromNamespaces`. ALB and GKE send traffic from the load
balancer itself, outside any namespace, so their MCP port stays open to all.
"""

from __future__ import annotations

from typing import Any

from mcpgen.diagnostics import Finding
from mcpgen.model import MCPServer
from mcpgen.rules.labels import selector_labels
from mcpgen.rules.workload import METRICS_PORT_NAME, mcp_port_name

PROVIDER_NAMESPACES: dict[str, tuple[str, ...]] = {
    "nginx": ("ingress-nginx",),
    "traefik": ("traefik",),
    "haproxy": ("haproxy-controller",),
    "istio": ("istio-system",),
}
# OpenShift's routers live in openshift-ingress, which carries this policy-group label.
OPENSHIFT_INGRESS = {"policy-group.network.openshift.io/ingress": ""}
# Load balancers outside the cluster: no namespace to name.
FROM_ANYWHERE = ("alb", "gce")
NAMESPACE_LABEL = "kubernetes.io/metadata.name"  # set on every namespace since 1.21


def _namespace(name: str) -> dict[str, Any]:
    return {"namespaceSelector": {"matchLabels": {NAMESPACE_LABEL: name}}}


def _peers(server: MCPServer, provider: str | None) -> list[dict[str, Any]] | None:
    """Who may reach the MCP port; None: anyone."""
    spec = server.spec
    own: list[dict[str, Any]] = [{"podSelector": {}}]
    if spec.network_policy.from_namespaces is not None:
        return own + [_namespace(n) for n in spec.network_policy.from_namespaces]
    if provider in FROM_ANYWHERE:
        return None
    if provider == "openshift":
        return [*own, {"namespaceSelector": {"matchLabels": dict(OPENSHIFT_INGRESS)}}]
    if provider == "gateway-api" and spec.ingress.gateway is not None:
        gateway_ns = spec.ingress.gateway.namespace or server.metadata.namespace
        return own + ([_namespace(gateway_ns)] if gateway_ns != server.metadata.namespace else [])
    return own + [_namespace(n) for n in PROVIDER_NAMESPACES.get(provider or "", ())]


def network_policy(
    server: MCPServer, provider: str | None
) -> tuple[dict[str, Any] | None, list[Finding]]:
    spec = server.spec
    policy = spec.network_policy
    if not policy.enabled:
        return None, []
    peers = _peers(server, provider)
    mcp_rule: dict[str, Any] = {"ports": [{"port": mcp_port_name(spec), "protocol": "TCP"}]}
    if peers is not None:
        mcp_rule = {"from": peers, **mcp_rule}
    rules = [mcp_rule]
    if spec.metrics.enabled:
        rules.append(
            {
                "from": [_namespace(policy.monitoring_namespace)],
                "ports": [{"port": METRICS_PORT_NAME, "protocol": "TCP"}],
            }
        )
    body: dict[str, Any] = {
        "podSelector": {"matchLabels": selector_labels(server)},
        "policyTypes": ["Ingress"] if policy.egress is None else ["Ingress", "Egress"],
        "ingress": rules,
    }
    if policy.egress is not None:
        body["egress"] = list(policy.egress)
    found: list[Finding] = []
    if peers is None:
        found.append(
            Finding(
                "NET001",
                "info",
                f"the {provider} load balancer reaches the pods from outside any namespace, so "
                "the NetworkPolicy leaves the MCP port open to every source",
                "list the namespaces that may connect in networkPolicy.fromNamespaces",
                "spec.networkPolicy.fromNamespaces",
            )
        )
    return body, found
