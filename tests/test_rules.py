"""The transport rules table, one behaviour per test, through the rendered objects."""

from __future__ import annotations

from typing import Any

import pytest

from mcpgen.model import MCPServer
from mcpgen.render import render_server


def server(**spec: Any) -> MCPServer:
    return MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": "demo", "namespace": "team"},
            "spec": {"image": "mcp/x:1", **spec},
        }
    )


def sse(replicas: int = 1, affinity: bool = False, **spec: Any) -> MCPServer:
    http = {"sse": {"enableSessionAffinity": affinity}}
    spec.setdefault("transport", {"protocol": "sse", "config": {"http": http}})
    return server(replicas=replicas, **spec)


def docs(s: MCPServer) -> dict[str, dict[str, Any]]:
    return {d["kind"]: d for d in render_server(s).documents}


def codes(s: MCPServer) -> list[str]:
    return [d.code for d in render_server(s).plan.diagnostics]


def test_sse_rollout_grace_and_annotations() -> None:
    out = docs(
        sse(
            transport={
                "protocol": "sse",
                "config": {"http": {"sse": {"maxSurge": 2, "terminationGracePeriodSeconds": 300}}},
            }
        )
    )
    dep = out["Deployment"]["spec"]
    assert dep["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxSurge": 2, "maxUnavailable": 0},
    }
    assert dep["template"]["spec"]["terminationGracePeriodSeconds"] == 300
    expected = {"mcp.transport.protocol": "sse", "mcp.transport.streaming": "true"}
    assert dep["template"]["metadata"]["annotations"] == expected
    assert out["Service"]["metadata"]["annotations"] == expected


def test_sse_defaults_are_25_percent_and_120_seconds() -> None:
    dep = docs(sse())["Deployment"]["spec"]
    assert dep["strategy"]["rollingUpdate"] == {"maxSurge": "25%", "maxUnavailable": 0}
    assert dep["template"]["spec"]["terminationGracePeriodSeconds"] == 120


def test_streamable_http_keeps_kubernetes_rollout_defaults() -> None:
    dep = docs(server(transport={"protocol": "streamable-http"}))["Deployment"]["spec"]
    assert "strategy" not in dep
    assert "terminationGracePeriodSeconds" not in dep["template"]["spec"]


def test_sse_affinity_sets_client_ip_with_timeout() -> None:
    svc = docs(sse(replicas=3, affinity=True))["Service"]["spec"]
    assert svc["sessionAffinity"] == "ClientIP"
    assert svc["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}


def test_sse_many_replicas_without_affinity_warns() -> None:
    s = sse(replicas=3)
    assert "sessionAffinity" not in docs(s)["Service"]["spec"]
    assert "SSE002" in codes(s)


def test_sse_hpa_without_affinity_warns_even_with_one_replica() -> None:
    assert "SSE002" in codes(sse(replicas=1, hpa={"enabled": True, "maxReplicas": 4}))


def test_sse_one_replica_without_affinity_is_fine() -> None:
    assert "SSE002" not in codes(sse(replicas=1))


@pytest.mark.parametrize(("replicas", "expected"), [(2, 1), (3, 2), (10, 2)])
def test_sse_pdb_min_available_stays_below_replicas(replicas: int, expected: int) -> None:
    out = docs(sse(replicas=replicas, affinity=True))
    assert out["PodDisruptionBudget"]["spec"]["minAvailable"] == expected
    assert expected < replicas


def test_sse_pdb_follows_hpa_min_replicas() -> None:
    s = sse(replicas=10, affinity=True, hpa={"enabled": True, "minReplicas": 2, "maxReplicas": 6})
    out = docs(s)
    assert out["PodDisruptionBudget"]["spec"]["minAvailable"] == 1
    assert "replicas" not in out["Deployment"]["spec"]


def test_sse_single_replica_gets_no_pdb_and_a_warning() -> None:
    s = sse(replicas=1)
    assert "PodDisruptionBudget" not in docs(s)
    diag = next(d for d in render_server(s).plan.diagnostics if d.code == "PDB001")
    assert diag.severity == "warning"
    assert "block every voluntary eviction" in diag.message


def test_pdb_selector_matches_pod_labels() -> None:
    out = docs(sse(replicas=3, affinity=True))
    selector = out["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"]
    pod_labels = out["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert selector.items() <= pod_labels.items()
    assert selector == out["Service"]["spec"]["selector"]
    assert selector == out["Deployment"]["spec"]["selector"]["matchLabels"]


@pytest.mark.parametrize(
    ("pdb", "expected", "code"),
    [
        ({"minAvailable": 3}, {"minAvailable": 2}, "PDB003"),
        ({"minAvailable": "100%"}, {"minAvailable": 2}, "PDB003"),
        ({"minAvailable": "50%"}, {"minAvailable": "50%"}, None),
        ({"maxUnavailable": 0}, {"maxUnavailable": 1}, "PDB003"),
        ({"maxUnavailable": "0%"}, {"maxUnavailable": 1}, "PDB003"),
        ({"maxUnavailable": 1}, {"maxUnavailable": 1}, None),
    ],
)
def test_user_pdb_never_blocks_every_eviction(
    pdb: dict[str, Any], expected: dict[str, Any], code: str | None
) -> None:
    s = sse(replicas=3, affinity=True, pdb=pdb)
    spec = docs(s)["PodDisruptionBudget"]["spec"]
    assert {k: v for k, v in spec.items() if k != "selector"} == expected
    assert (code in codes(s)) if code else ("PDB003" not in codes(s))


def test_pdb_can_be_turned_off_and_on() -> None:
    assert "PodDisruptionBudget" not in docs(sse(replicas=3, affinity=True, pdb={"enabled": False}))
    s = server(replicas=4, transport={"protocol": "streamable-http"}, pdb={"enabled": True})
    assert docs(s)["PodDisruptionBudget"]["spec"]["minAvailable"] == 2


def test_streamable_http_stateful_sessions_on_many_pods_get_affinity_and_warning() -> None:
    s = server(
        replicas=3,
        transport={"protocol": "streamable-http", "config": {"http": {"sessionManagement": True}}},
    )
    assert docs(s)["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    assert "SHR001" in codes(s)


@pytest.mark.parametrize(("replicas", "stateful"), [(1, True), (3, False)])
def test_streamable_http_no_affinity_otherwise(replicas: int, stateful: bool) -> None:
    s = server(
        replicas=replicas,
        transport={
            "protocol": "streamable-http",
            "config": {"http": {"sessionManagement": stateful}},
        },
    )
    assert "sessionAffinity" not in docs(s)["Service"]["spec"]
    assert "SHR001" not in codes(s)
    # A budget only where more than one pod runs (evictions cut streams in every era).
    assert ("PodDisruptionBudget" in docs(s)) == (replicas > 1)


def test_auto_resolves_from_args_and_applies_sse_rules() -> None:
    out = docs(server(args=["--transport=sse"]))
    assert out["Deployment"]["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_auto_with_nothing_to_go_on_warns_how_to_pin() -> None:
    s = server()
    diag = next(d for d in render_server(s).plan.diagnostics if d.code == "DET001")
    assert "spec.transport.protocol" in diag.fix


def test_security_defaults_meet_restricted() -> None:
    pod = docs(server())["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 1000,
        "runAsGroup": 1000,
        "fsGroup": 1000,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert pod["automountServiceAccountToken"] is False
    ctx = pod["containers"][0]["securityContext"]
    assert ctx == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
    }


def test_security_overrides_apply_and_warn() -> None:
    s = server(security={"runAsUser": 0, "runAsNonRoot": False, "readOnlyRootFilesystem": True})
    pod = docs(s)["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == 0
    assert pod["containers"][0]["securityContext"]["readOnlyRootFilesystem"] is True
    assert "SEC001" in codes(s)


def test_labels_on_every_object_and_ours_win() -> None:
    s = MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": "demo", "labels": {"team": "a", "app.kubernetes.io/name": "x"}},
            "spec": {
                "image": "mcp/x:1",
                "replicas": 3,
                "ingress": {"enabled": True},
                "hpa": {"enabled": True, "minReplicas": 2},
                "transport": {"protocol": "sse"},
            },
        }
    )
    for doc in render_server(s).documents:
        labels = doc["metadata"]["labels"]
        assert labels["app"] == "demo"
        assert labels["app.kubernetes.io/name"] == "mcpserver"
        assert labels["app.kubernetes.io/instance"] == "demo"
        assert labels["app.kubernetes.io/component"] == "mcp-server"
        assert labels["app.kubernetes.io/managed-by"] == "mcpgen"
        assert labels["team"] == "a"


def test_nginx_ingress_sse_gets_timeouts_buffering_off_and_proxy_affinity() -> None:
    ing = docs(
        sse(
            replicas=2,
            affinity=True,
            ingress={"enabled": True, "host": "a.example.com", "streamTimeoutSeconds": 7200},
        )
    )["Ingress"]
    ann = ing["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "7200"
    assert ann["nginx.ingress.kubernetes.io/proxy-send-timeout"] == "7200"
    assert ann["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    assert ann["nginx.ingress.kubernetes.io/upstream-hash-by"] == "$remote_addr"
    assert ing["spec"]["rules"][0]["host"] == "a.example.com"


def test_nginx_ingress_streamable_http_gets_timeouts_but_no_affinity() -> None:
    ann = docs(server(transport={"protocol": "streamable-http"}, ingress={"enabled": True}))[
        "Ingress"
    ]["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "3600"
    assert ann["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    assert "nginx.ingress.kubernetes.io/upstream-hash-by" not in ann


def test_user_ingress_annotations_win() -> None:
    key = "nginx.ingress.kubernetes.io/proxy-read-timeout"
    ann = docs(server(ingress={"enabled": True, "annotations": {key: "86400"}}))["Ingress"]
    assert ann["metadata"]["annotations"][key] == "86400"


def test_existing_service_account_is_used_not_created() -> None:
    out = docs(server(podTemplate={"serviceAccountName": "shared"}))
    assert "ServiceAccount" not in out
    assert out["Deployment"]["spec"]["template"]["spec"]["serviceAccountName"] == "shared"


def test_health_probes_follow_health_check() -> None:
    c = docs(server(healthCheck={"path": "/healthz", "port": 9000}))["Deployment"]
    container = c["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": 9000}
    assert container["startupProbe"]["httpGet"] == {"path": "/healthz", "port": 9000}
    assert "livenessProbe" not in container  # only when asked for
    off = docs(server(healthCheck={"enabled": False}))["Deployment"]
    assert "readinessProbe" not in off["spec"]["template"]["spec"]["containers"][0]


def test_hpa_defaults_to_cpu_80_when_no_target() -> None:
    hpa = docs(server(hpa={"enabled": True}))["HorizontalPodAutoscaler"]["spec"]
    assert hpa["metrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 80},
            },
        }
    ]


def test_output_order_is_helms_install_order() -> None:
    s = sse(
        replicas=3,
        affinity=True,
        ingress={"enabled": True},
        hpa={"enabled": True, "minReplicas": 3},
    )
    kinds = [d["kind"] for d in render_server(s).documents]
    assert kinds == [
        "PodDisruptionBudget",
        "ServiceAccount",
        "Service",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Ingress",
    ]
