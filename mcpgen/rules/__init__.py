"""Pure functions from a validated MCPServer (and its detection) to a resolved Plan.

No templating and no I/O here; the chart's named helpers mirror these rules.
"""

from __future__ import annotations

from mcpgen.detect.era import era_of
from mcpgen.detect.infer import Inference, infer
from mcpgen.diagnostics import Finding
from mcpgen.model import MCPServer
from mcpgen.rules.labels import common_labels, selector_labels
from mcpgen.rules.network import network_policy
from mcpgen.rules.pdb import pdb_budget
from mcpgen.rules.plan import DeploymentPlan, Plan, ServicePlan
from mcpgen.rules.providers import PROXY_KINDS, Context, expose
from mcpgen.rules.security import hardening_diagnostics, security_diagnostics
from mcpgen.rules.sidecar import service_monitor
from mcpgen.rules.stdio import stdio_diagnostics
from mcpgen.rules.transport import (
    app_protocol,
    deprecation_diagnostics,
    detection_diagnostics,
    endpoint_path,
    gateway_annotations,
    grace_period,
    rollout_strategy,
    session_affinity,
    transport_annotations,
)
from mcpgen.rules.workload import hpa_spec, pod_spec, service_ports, workload_diagnostics

__all__ = ["DeploymentPlan", "Plan", "ServicePlan", "build_plan"]


def build_plan(server: MCPServer, inference: Inference | None = None) -> Plan:
    """Resolve every rule for one server; `inference` overrides the offline one (a probe)."""
    spec = server.spec
    name, namespace = server.metadata.name, server.metadata.namespace
    inference = inference or infer(spec)
    protocol = inference.protocol
    diagnostics: list[Finding] = detection_diagnostics(inference, spec)

    era = era_of(protocol, spec.transport.config.http.protocol_versions)
    diagnostics += deprecation_diagnostics(protocol)
    affinity, found = session_affinity(spec, protocol, era)
    diagnostics += found
    budget, found = pdb_budget(spec, protocol)
    diagnostics += found
    proxied = expose(Context(name, namespace, spec, protocol, affinity))
    diagnostics += proxied.diagnostics
    policy, found = network_policy(server, proxied.provider)
    diagnostics += found
    diagnostics += security_diagnostics(spec.security)
    diagnostics += hardening_diagnostics(spec)
    diagnostics += workload_diagnostics(spec, grace_period(spec, protocol))
    diagnostics += stdio_diagnostics(spec)

    labels = common_labels(server)
    annotations = transport_annotations(protocol)
    pod_labels = dict(sorted({**spec.pod_template.labels, **labels}.items()))
    pod_annotations = dict(sorted({**spec.pod_template.annotations, **annotations}.items()))
    deployment = DeploymentPlan(
        replicas=None if spec.hpa.enabled else spec.replicas,
        strategy=rollout_strategy(spec, protocol),
        pod_labels=pod_labels,
        pod_annotations=pod_annotations,
        pod=pod_spec(server, grace_period(spec, protocol)),
    )
    service = ServicePlan(
        type=spec.service.type,
        annotations=dict(
            sorted(
                {
                    **spec.service.annotations,
                    **gateway_annotations(spec, protocol),
                    **proxied.service_annotations,
                    **annotations,
                }.items()
            )
        ),
        ports=service_ports(spec, app_protocol(spec, protocol)),
        source_ranges=list(spec.service.load_balancer_source_ranges)
        if spec.service.type == "LoadBalancer"
        else [],
        session_affinity=affinity,
        affinity_timeout=spec.service.session_affinity_timeout_seconds,
    )
    return Plan(
        name=name,
        namespace=namespace,
        inference=inference,
        era=era,
        path=endpoint_path(spec, protocol),
        labels=labels,
        selector=selector_labels(server),
        sse_applied=protocol == "sse",
        affinity=affinity,
        annotations=annotations,
        service_account=None
        if spec.pod_template.service_account_name
        else {"annotations": dict(sorted(spec.pod_template.service_account_annotations.items()))},
        deployment=deployment,
        service=service,
        pdb=budget,
        hpa=hpa_spec(spec),
        network_policy=policy,
        service_monitor=service_monitor(server),
        provider=proxied.provider,
        proxy={kind: proxied.objects.get(kind) for kind in PROXY_KINDS},
        diagnostics=tuple(diagnostics),
    )
