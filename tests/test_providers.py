"""Every ingress provider, with SSE and with Streamable HTTP: golden files, schemas, rules.

Regenerate the golden files with MCPGEN_UPDATE_GOLDEN=1, then read the diff.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from conftest import GOLDEN, assert_golden, mcpgen
from mcpgen.datafiles import data_dir
from mcpgen.model import MCPServer
from mcpgen.render import render_server, to_stream
from mcpgen.rules.providers import gateway_api, haproxy
from mcpgen.yamlio.emit import dump

PROVIDERS = ["nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio"]
PROTOCOLS = ["sse", "streamable-http"]
KUBERNETES = "1.33.0"
CORE_GROUPS = ("", "apps", "policy", "autoscaling", "networking.k8s.io")


def provider_server(provider: str, protocol: str, **ingress: Any) -> MCPServer:
    http: dict[str, Any] = {"port": 8080}
    if protocol == "sse":
        http["sse"] = {"enableSessionAffinity": True}
    else:
        http["sessionManagement"] = True
    spec_ingress = {
        "enabled": True,
        "provider": provider,
        "host": "mcp.example.com",
        "gateway": {"name": "public", "namespace": "gateways"},
        **ingress,
    }
    if provider not in ("gateway-api", "istio"):
        spec_ingress.pop("gateway")
    return MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": f"{provider}-{protocol}", "namespace": "mcp"},
            "spec": {
                "image": "ghcr.io/example/mcp:1.0.0",
                "replicas": 3,
                "transport": {"protocol": protocol, "config": {"http": http}},
                "ingress": spec_ingress,
            },
        }
    )


CASES = [(p, q) for p in PROVIDERS for q in PROTOCOLS]
IDS = [f"{p}-{q}" for p, q in CASES]


@pytest.mark.parametrize(("provider", "protocol"), CASES, ids=IDS)
def test_provider_golden(provider: str, protocol: str) -> None:
    out = to_stream(list(render_server(provider_server(provider, protocol)).documents))
    assert_golden(GOLDEN / "providers" / f"{provider}-{protocol}.yaml", out)


@cache
def crd_validator(group: str, kind: str, version: str) -> Any:
    import jsonschema_rs

    path = data_dir("schemas") / group / f"{kind.lower()}_{version}.json"
    assert path.is_file(), f"no schema for {group}/{kind} {version} at {path}"
    return jsonschema_rs.validator_for(json.loads(path.read_text()))


@pytest.mark.parametrize(("provider", "protocol"), CASES, ids=IDS)
def test_provider_objects_validate(provider: str, protocol: str) -> None:
    for doc in render_server(provider_server(provider, protocol)).documents:
        group, _, version = doc["apiVersion"].rpartition("/")
        if group in CORE_GROUPS:
            kubernetes_validate.validate(doc, KUBERNETES, strict=True)
        else:
            errors = [
                e.message for e in crd_validator(group, doc["kind"], version).iter_errors(doc)
            ]
            assert not errors, (doc["kind"], errors)


def kinds(provider: str, protocol: str, **ingress: Any) -> dict[str, dict[str, Any]]:
    return {
        d["kind"]: d
        for d in render_server(provider_server(provider, protocol, **ingress)).documents
    }


def codes(provider: str, protocol: str = "sse", **ingress: Any) -> set[str]:
    plan = render_server(provider_server(provider, protocol, **ingress)).plan
    return {d.code for d in plan.diagnostics}


def test_nginx_cookie_affinity() -> None:
    ann = kinds("nginx", "sse", affinity="cookie")["Ingress"]["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert ann["nginx.ingress.kubernetes.io/session-cookie-max-age"] == "10800"
    assert "nginx.ingress.kubernetes.io/upstream-hash-by" not in ann
    assert "ING002" in codes("nginx", affinity="cookie")


def test_openshift_route_timeout_has_a_unit_and_balance_source() -> None:
    route = kinds("openshift", "sse", tls={"secretName": "tls"})["Route"]
    ann = route["metadata"]["annotations"]
    assert ann["haproxy.router.openshift.io/timeout"] == "3600s"
    assert ann["haproxy.router.openshift.io/balance"] == "source"
    assert route["spec"]["tls"]["termination"] == "edge"
    assert "Ingress" not in kinds("openshift", "sse")


def test_alb_clamps_idle_timeout_and_uses_cookie_stickiness() -> None:
    out = kinds("alb", "sse", streamTimeoutSeconds=7200)
    ann = out["Ingress"]["metadata"]["annotations"]
    assert ann["alb.ingress.kubernetes.io/load-balancer-attributes"] == (
        "idle_timeout.timeout_seconds=4000"
    )
    assert ann["alb.ingress.kubernetes.io/target-type"] == "ip"
    assert "stickiness.type=lb_cookie" in ann["alb.ingress.kubernetes.io/target-group-attributes"]
    assert {"ING021", "ING022"} <= codes("alb", streamTimeoutSeconds=7200)


def test_gce_backendconfig_is_referenced_from_the_service() -> None:
    out = kinds("gce", "sse")
    service_ann = out["Service"]["metadata"]["annotations"]
    assert json.loads(service_ann["cloud.google.com/backend-config"]) == {
        "default": out["BackendConfig"]["metadata"]["name"]
    }
    assert out["BackendConfig"]["spec"]["sessionAffinity"] == {"affinityType": "CLIENT_IP"}
    assert out["BackendConfig"]["spec"]["timeoutSec"] == 3600
    assert out["Ingress"]["metadata"]["annotations"]["kubernetes.io/ingress.class"] == "gce"


def test_traefik_servers_transport_and_sticky_cookie_on_service() -> None:
    out = kinds("traefik", "sse")
    ann = out["Service"]["metadata"]["annotations"]
    assert ann["traefik.ingress.kubernetes.io/service.serverstransport"] == (
        "mcp-traefik-sse@kubernetescrd"
    )
    assert ann["traefik.ingress.kubernetes.io/service.sticky.cookie"] == "true"
    assert out["ServersTransport"]["metadata"]["name"] == "traefik-sse"
    assert "ING041" in codes("traefik")


def test_haproxy_timeouts_have_units() -> None:
    ann = kinds("haproxy", "sse")["Ingress"]["metadata"]["annotations"]
    assert ann["haproxy.org/timeout-server"] == "3600s"
    assert ann["haproxy.org/load-balance"] == "source"


def test_gateway_api_route_timeouts_and_experimental_persistence() -> None:
    route = kinds("gateway-api", "sse")["HTTPRoute"]["spec"]
    assert route["parentRefs"][0]["name"] == "public"
    assert route["rules"][0]["timeouts"] == {"request": "3600s", "backendRequest": "3600s"}
    assert route["rules"][0]["sessionPersistence"]["type"] == "Cookie"
    assert "ING061" in codes("gateway-api")


def test_istio_timeout_and_consistent_hash() -> None:
    out = kinds("istio", "sse")
    assert out["VirtualService"]["spec"]["http"][0]["timeout"] == "3600s"
    assert out["VirtualService"]["spec"]["gateways"] == ["gateways/public"]
    policy = out["DestinationRule"]["spec"]["trafficPolicy"]
    assert policy["loadBalancer"] == {"consistentHash": {"useSourceIp": True}}


def test_streamable_http_without_sessions_gets_timeouts_but_no_affinity() -> None:
    server = MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": "stateless"},
            "spec": {
                "image": "mcp/x:1",
                "replicas": 3,
                "transport": {"protocol": "streamable-http"},
                "ingress": {"enabled": True, "provider": "istio"},
            },
        }
    )
    docs = {d["kind"]: d for d in render_server(server).documents}
    assert "loadBalancer" not in docs["DestinationRule"]["spec"]["trafficPolicy"]
    assert docs["VirtualService"]["spec"]["http"][0]["timeout"] == "3600s"


@pytest.mark.parametrize(
    ("class_name", "provider"),
    [
        ("nginx", "nginx"),
        ("alb", "alb"),
        ("gce", "gce"),
        ("traefik", "traefik"),
        ("haproxy", "haproxy"),
        ("openshift-default", "openshift"),
        ("something-else", "nginx"),
    ],
)
def test_provider_is_inferred_from_class_name(class_name: str, provider: str) -> None:
    server = MCPServer.model_validate(
        {
            "apiVersion": "mcp.mcp-operator.io/v1",
            "kind": "MCPServer",
            "metadata": {"name": "a"},
            "spec": {"image": "mcp/x:1", "ingress": {"enabled": True, "className": class_name}},
        }
    )
    assert render_server(server).plan.provider == provider


def test_gateway_api_without_gateway_is_a_load_error() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"needs gateway\.name"):
        provider_server("gateway-api", "sse", gateway=None)


PROVIDER_INFO = {
    "nginx": "ING001",
    "openshift": "ING010",
    "alb": "ING020",
    "gce": "ING030",
    "traefik": "ING040",
    "haproxy": "ING050",
    "gateway-api": "ING060",
    "istio": "ING070",
}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_explain_states_what_each_provider_does(provider: str, tmp_path: Path) -> None:
    server = provider_server(provider, "sse", affinity="cookie")
    source = tmp_path / "server.yaml"
    source.write_text(dump(server.model_dump(by_alias=True, exclude_none=True)))
    run = mcpgen("explain", str(source))
    assert run.code == 0, run.err
    assert f"info {PROVIDER_INFO[provider]}: " in run.out
    assert f"exposed through {provider}" in run.out
    # What cookie affinity cannot do is said for every provider.
    assert "warning ING002: cookie affinity works only for clients that keep cookies" in run.out


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3600s", 3600), ("1h", 3600), ("3600", 3.6), ("90000ms", 90), ("2d", 172800), ("5us", 5e-6)],
)
def test_haproxy_time_format(text: str, seconds: float) -> None:
    # A bare number is milliseconds to HAProxy (and so to the OpenShift router).
    assert haproxy.seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3600s", 3600), ("1h", 3600), ("1m30s", 90), ("1.5h", 5400), ("0s", 0), ("250ms", 0.25)],
)
def test_go_duration_format(text: str, seconds: float) -> None:
    assert gateway_api.seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "3600 s", "1x", "s", "-1s", "1h 30m", "3600sec"])
def test_duration_parsers_refuse_what_is_not_a_time(text: str) -> None:
    assert gateway_api.seconds(text) is None
    assert haproxy.seconds(text) is None or text == "3600"


@pytest.mark.parametrize("timeout", [61, 3600, 86400])
@pytest.mark.parametrize(
    ("provider", "kind", "read"),
    [
        (
            "haproxy",
            "Ingress",
            lambda d: [d["metadata"]["annotations"]["haproxy.org/timeout-server"]],
        ),
        (
            "openshift",
            "Route",
            lambda d: [d["metadata"]["annotations"]["haproxy.router.openshift.io/timeout"]],
        ),
        (
            "gateway-api",
            "HTTPRoute",
            lambda d: [r["timeouts"]["request"] for r in d["spec"]["rules"]],
        ),
        ("istio", "VirtualService", lambda d: [h["timeout"] for h in d["spec"]["http"]]),
    ],
)
def test_what_a_provider_writes_its_parser_reads_back(
    timeout: int, provider: str, kind: str, read: Any
) -> None:
    # validate judges these durations with the parsers beside the writers: round trip.
    parse = haproxy.seconds if provider in ("haproxy", "openshift") else gateway_api.seconds
    server = provider_server(provider, "sse", streamTimeoutSeconds=timeout)
    (doc,) = [d for d in render_server(server).documents if d["kind"] == kind]
    assert [parse(text) for text in read(doc)] == [timeout] * len(read(doc))
