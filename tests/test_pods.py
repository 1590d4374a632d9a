"""Pods that work on a real cluster: probes a stock server passes, a drain before
SIGTERM, a read-only root with scratch folders, spread, budgets, and hardening notes."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_rules import codes, docs, server

from conftest import EXAMPLES, mcpgen
from mcpgen.load import load_paths
from mcpgen.render import render_server


def container(s: Any) -> dict[str, Any]:
    return docs(s)["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def pod(s: Any) -> dict[str, Any]:
    return docs(s)["Deployment"]["spec"]["template"]["spec"]


@pytest.mark.parametrize("path", [*EXAMPLES, None], ids=[*(p.stem for p in EXAMPLES), "image-only"])
def test_every_pod_has_readiness_startup_drain_and_a_read_only_root(path: Path | None) -> None:
    servers = [x.server for x in load_paths([str(path)]).servers] if path else [server()]
    for s in servers:
        c = container(s)
        assert "readinessProbe" in c and "startupProbe" in c
        if s.spec.transport.type == "stdio":
            # The bridge outlives a dead child: only a request through to it tells.
            assert "exec" in c["livenessProbe"]
        else:
            assert "livenessProbe" not in c  # a liveness restart drops every open stream
        grace = pod(s).get("terminationGracePeriodSeconds", 30)
        assert 0 < c["lifecycle"]["preStop"]["sleep"]["seconds"] < grace
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        mounts = {m["mountPath"] for m in c["volumeMounts"]}
        assert "/tmp" in mounts


def test_the_default_check_is_a_tcp_connect_to_the_mcp_port() -> None:
    c = container(server())
    assert c["readinessProbe"]["tcpSocket"] == {"port": "http"}
    assert c["startupProbe"]["tcpSocket"] == {"port": "http"}
    assert c["startupProbe"]["periodSeconds"] * c["startupProbe"]["failureThreshold"] >= 120
    named = container(server(healthCheck={"path": "/healthz", "liveness": {"enabled": True}}))
    assert named["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert named["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}


def test_a_stock_sdk_server_passes_the_rendered_probe(tmp_path: Path) -> None:
    from tests.probe.sdk_server import running

    with running(["stateless", "sse"], tmp_path) as servers:
        for kind, live in servers.items():
            protocol = "sse" if kind == "sse" else "streamable-http"
            s = server(transport={"protocol": protocol, "config": {"http": {"port": live.port}}})
            check = container(s)["readinessProbe"]
            port = container(s)["ports"][0]["containerPort"]
            assert check["tcpSocket"]["port"] == "http"
            # What the kubelet does: a TCP connect to the named port, within the timeout.
            with socket.create_connection(("127.0.0.1", port), timeout=check["timeoutSeconds"]):
                pass
            # The endpoint itself is no GET probe: a kubelet GET gets 405, or a stream that
            # never ends and so times out; either way the probe would fail.
            try:
                got = httpx.get(live.url, timeout=2)
                assert not 200 <= got.status_code < 300, got.status_code
            except httpx.ReadTimeout:
                pass


def test_turning_the_check_off_warns_that_rollouts_protect_nothing() -> None:
    s = server(healthCheck={"enabled": False})
    assert "readinessProbe" not in container(s)
    assert "HLT001" in codes(s)


def test_the_mcp_endpoint_is_refused_as_a_health_path(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "apiVersion: mcp.mcp-operator.io/v1\nkind: MCPServer\nmetadata: {name: a}\n"
        "spec:\n  image: mcp/x:1\n  healthCheck: {path: /mcp}\n"
    )
    run = mcpgen("render", str(spec), "-o", str(tmp_path / "out"))
    assert run.code == 2
    assert "healthCheck.path /mcp is the MCP endpoint" in run.err
    assert not (tmp_path / "out").exists()


def test_a_drain_longer_than_the_grace_period_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "apiVersion: mcp.mcp-operator.io/v1\nkind: MCPServer\nmetadata: {name: a}\n"
        "spec:\n  image: mcp/x:1\n  drain: {preStopSeconds: 45}\n"
    )
    run = mcpgen("render", str(spec), "-o", str(tmp_path / "out"))
    assert run.code == 2
    assert "error DRN001" in run.err and "(30 s)" in run.err
    assert "nothing was written" in run.err
    assert not (tmp_path / "out").exists()
    assert mcpgen("explain", str(spec)).code == 2
    # SSE's own grace period (120 s by default) leaves room for it.
    sse = server(drain={"preStopSeconds": 45}, transport={"protocol": "sse"})
    assert "DRN001" not in codes(sse)
    assert container(server(drain={"preStopSeconds": 0})).get("lifecycle") is None


def test_scratch_folders_and_home_unless_the_user_has_them() -> None:
    c = container(server())
    assert {"name": "HOME", "value": "/home/mcp"} in c["env"]
    assert {m["mountPath"] for m in c["volumeMounts"]} == {"/tmp", "/home/mcp"}
    own = server(
        environment=[{"name": "HOME", "value": "/data"}],
        podTemplate={
            "volumes": [{"name": "t", "emptyDir": {}}],
            "volumeMounts": [{"name": "t", "mountPath": "/tmp"}],
        },
        scratch={"home": None},
    )
    c = container(own)
    assert [e for e in c["env"] if e["name"] == "HOME"] == [{"name": "HOME", "value": "/data"}]
    assert [m["mountPath"] for m in c["volumeMounts"]] == ["/tmp"]
    assert [v["name"] for v in pod(own)["volumes"]] == ["t"]


def test_replicas_spread_over_nodes_softly_and_get_a_budget_in_every_protocol() -> None:
    many = server(replicas=3, transport={"protocol": "streamable-http"})
    [spread] = pod(many)["topologySpreadConstraints"]
    assert spread["whenUnsatisfiable"] == "ScheduleAnyway"
    assert spread["topologyKey"] == "kubernetes.io/hostname"
    assert docs(many)["PodDisruptionBudget"]["spec"]["minAvailable"] == 2
    one = server(transport={"protocol": "streamable-http"})
    assert "topologySpreadConstraints" not in pod(one)
    assert "PodDisruptionBudget" not in docs(one)
    assert "PDB001" not in codes(one)  # one streamable pod: nothing to warn about
    assert "topologySpreadConstraints" not in pod(
        server(replicas=3, podTemplate={"topologySpreadConstraints": []})
    )


def test_an_hpa_target_without_its_request_is_flagged() -> None:
    s = server(hpa={"enabled": True, "targetCPUUtilizationPercentage": 70})
    assert "HPA001" in codes(s)
    fixed = server(
        hpa={"enabled": True, "targetCPUUtilizationPercentage": 70},
        resources={"requests": {"cpu": "100m"}},
    )
    assert "HPA001" not in codes(fixed)


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        ({"image": "mcp/x"}, "SEC003"),
        ({"image": "mcp/x:latest"}, "SEC003"),
        ({"security": {"readOnlyRootFilesystem": False}}, "SEC002"),
        ({"podTemplate": {"volumes": [{"name": "r", "hostPath": {"path": "/"}}]}}, "SEC004"),
        ({"service": {"type": "LoadBalancer"}}, "SEC005"),
        ({"ingress": {"enabled": True, "host": "mcp.example.com"}}, "SEC006"),
    ],
)
def test_hardening_gaps_are_named_with_a_fix(spec: dict[str, Any], code: str) -> None:
    s = server(**spec)
    found = {d.code: d for d in render_server(s).plan.diagnostics}
    assert code in found and found[code].fix
    assert code not in codes(server(image="mcp/x:1.2", service={"type": "ClusterIP"}))


def test_a_load_balancer_admits_only_its_source_ranges() -> None:
    s = server(service={"type": "LoadBalancer", "loadBalancerSourceRanges": ["10.0.0.0/8"]})
    assert docs(s)["Service"]["spec"]["loadBalancerSourceRanges"] == ["10.0.0.0/8"]
    assert "SEC005" not in codes(s)


def test_workload_identity_and_pull_policy_are_settable() -> None:
    s = server(
        imagePullPolicy="Always",
        podTemplate={"serviceAccountAnnotations": {"iam.gke.io/gcp-service-account": "a@b"}},
    )
    assert container(s)["imagePullPolicy"] == "Always"
    sa = docs(s)["ServiceAccount"]["metadata"]
    assert sa["annotations"] == {"iam.gke.io/gcp-service-account": "a@b"}


@pytest.mark.parametrize(
    ("provider", "peer"),
    [
        (
            "nginx",
            {
                "namespaceSelector": {
                    "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                }
            },
        ),
        (
            "openshift",
            {
                "namespaceSelector": {
                    "matchLabels": {"policy-group.network.openshift.io/ingress": ""}
                }
            },
        ),
        (
            "istio",
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-system"}}},
        ),
    ],
)
def test_the_network_policy_opens_the_mcp_port_to_the_provider(
    provider: str, peer: dict[str, Any]
) -> None:
    s = server(
        networkPolicy={"enabled": True},
        metrics={"enabled": True},
        ingress={
            "enabled": True,
            "host": "m.example.com",
            "provider": provider,
            "tls": {"secretName": "t"},
        },
    )
    policy = docs(s)["NetworkPolicy"]["spec"]
    assert policy["policyTypes"] == ["Ingress"]  # egress stays open
    mcp, metrics = policy["ingress"]
    assert mcp["from"] == [{"podSelector": {}}, peer]
    # With metrics on, MCP traffic enters through the metrics sidecar's port.
    assert mcp["ports"] == [{"port": "mcp", "protocol": "TCP"}]
    assert metrics["from"] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
    ]


def test_a_load_balancer_provider_leaves_the_port_open_and_says_so() -> None:
    s = server(
        networkPolicy={"enabled": True, "egress": []},
        ingress={
            "enabled": True,
            "host": "m.example.com",
            "provider": "alb",
            "tls": {"secretName": "t"},
        },
    )
    policy = docs(s)["NetworkPolicy"]["spec"]
    assert "from" not in policy["ingress"][0]
    assert policy["policyTypes"] == ["Ingress", "Egress"] and policy["egress"] == []
    assert "NET001" in codes(s)
    assert "NetworkPolicy" not in docs(server())


# -- the operator's metrics sidecar and ServiceMonitor ----------------------------------


def test_metrics_inject_the_operators_sidecar_in_front_of_the_server() -> None:
    s = server(metrics={"enabled": True})
    spec = pod(s)
    main, proxy = spec["containers"]
    assert proxy["name"] == "mcp-proxy"
    assert proxy["image"].startswith("ghcr.io/vitorbari/mcp-proxy:")
    # The server listens on 8080, so the sidecar takes 8081 (the operator's rule).
    assert proxy["args"] == [
        "--target-addr=localhost:8080",
        "--listen-addr=:8081",
        "--metrics-addr=:9090",
        "--log-level=info",
    ]
    assert {p["name"]: p["containerPort"] for p in proxy["ports"]} == {"mcp": 8081, "metrics": 9090}
    assert [p["name"] for p in main["ports"]] == ["http"]  # the sidecar serves /metrics
    assert proxy["resources"]["requests"] == {"cpu": "50m", "memory": "64Mi"}
    assert proxy["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    service = docs(s)["Service"]["spec"]["ports"]
    assert [(p["name"], p["targetPort"]) for p in service] == [
        ("http", "mcp"),
        ("metrics", "metrics"),
    ]


def test_the_sidecar_terminates_tls_when_told() -> None:
    s = server(
        metrics={"enabled": True},
        sidecar={"port": 9443, "tls": {"enabled": True, "secretName": "mcp-tls"}},
        transport={"config": {"http": {"port": 3001}}},
    )
    proxy = pod(s)["containers"][1]
    assert "--listen-addr=:9443" in proxy["args"]
    assert "--tls-min-version=1.2" in proxy["args"]
    assert proxy["volumeMounts"] == [
        {"name": "tls-certs", "mountPath": "/etc/tls", "readOnly": True}
    ]
    assert {"name": "tls-certs", "secret": {"secretName": "mcp-tls"}} in pod(s)["volumes"]
    endpoint = docs(s)["ServiceMonitor"]["spec"]["endpoints"][0]
    assert endpoint["scheme"] == "https"


def test_the_service_monitor_scrapes_the_metrics_port_and_validates() -> None:
    from mcpgen.render import to_stream
    from mcpgen.validate import Options, validate_text

    s = server(metrics={"enabled": True})
    monitor = docs(s)["ServiceMonitor"]
    assert monitor["metadata"]["labels"]["release"] == "monitoring"
    assert monitor["spec"]["endpoints"] == [
        {"port": "metrics", "path": "/metrics", "interval": "30s"}
    ]
    assert monitor["spec"]["selector"]["matchLabels"] == docs(s)["Service"]["spec"]["selector"]
    report = validate_text(to_stream(list(render_server(s).documents)), "m.yaml", Options())
    assert [f.code for f in report.findings] == [], report.findings
    assert "ServiceMonitor" not in docs(server(metrics={"enabled": True, "serviceMonitor": False}))


def test_without_the_sidecar_the_server_serves_its_own_metrics() -> None:
    s = server(metrics={"enabled": True}, sidecar={"enabled": False})
    [main] = pod(s)["containers"]
    assert [p["name"] for p in main["ports"]] == ["http", "metrics"]
    assert docs(s)["Service"]["spec"]["ports"][0]["targetPort"] == "http"


def test_two_listeners_on_one_port_are_refused() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="share one network"):
        server(metrics={"enabled": True, "port": 8080})
    with pytest.raises(ValidationError, match=r"sidecar\.port and transport"):
        server(metrics={"enabled": True}, sidecar={"port": 8080})
