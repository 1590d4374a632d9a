"""The SSE rules on manifests written by hand: each broken rule gives its finding and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpgen.validate import Options, validate_paths
from mcpgen.validate.policy import CHECKS, CODES
from mcpgen.validate.provider_policy import PROVIDERS

from .helpers import DEPRECATION, check, codes, line_of, manifest, only

# A legacy SSE server done right: every rule holds, so each test breaks exactly one.
PROBE_LINE = "        readinessProbe: {tcpSocket: {port: http}}\n"
STACK = manifest(
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: weather
      namespace: mcp
    spec:
      replicas: 3
      selector:
        matchLabels: {app: weather}
      strategy:
        type: RollingUpdate
        rollingUpdate:
          maxSurge: 1
          maxUnavailable: 0
      template:
        metadata:
          labels: {app: weather, tier: mcp}
        spec:
          terminationGracePeriodSeconds: 120
          containers:
          - name: server
            image: ghcr.io/example/weather:1.0
            args: ["--transport", "sse", "--port", "8000"]
            ports:
            - {name: http, containerPort: 8000}
            readinessProbe: {tcpSocket: {port: http}}
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: weather
      namespace: mcp
    spec:
      selector: {app: weather}
      ports:
      - {port: 80, targetPort: http}
      sessionAffinity: ClientIP
    ---
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: weather
      namespace: mcp
    spec:
      minAvailable: 2
      selector:
        matchLabels: {app: weather}
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: weather
      namespace: mcp
      annotations:
        nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"
        nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"
        nginx.ingress.kubernetes.io/proxy-buffering: "off"
        nginx.ingress.kubernetes.io/upstream-hash-by: "$remote_addr"
    spec:
      ingressClassName: nginx
      rules:
      - http:
          paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: weather
                port: {name: http}
    """
)


def test_the_stack_obeys_every_rule() -> None:
    report = check(STACK)
    assert report.findings == []
    assert report.summary().valid == 4


def test_sse_deployment_with_max_unavailable_1() -> None:
    text = STACK.replace("maxUnavailable: 0", "maxUnavailable: 1")
    finding = only(check(text), "POL001")
    assert finding.severity == "error"
    assert finding.line == line_of(text, "maxUnavailable")
    assert finding.resource == "Deployment mcp/weather"
    assert "maxUnavailable: 0" in finding.fix


@pytest.mark.parametrize(
    ("strategy", "needle"),
    [
        ("  strategy:\n    type: Recreate\n", "type: Recreate"),
        ("", "spec:"),  # no strategy: Kubernetes' 25% default
        ("  strategy:\n    type: RollingUpdate\n", "strategy:"),
        ('  strategy:\n    rollingUpdate: {maxUnavailable: "25%"}\n', "maxUnavailable"),
    ],
)
def test_other_rollouts_that_drop_streams(strategy: str, needle: str) -> None:
    old = "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n"
    old += "      maxUnavailable: 0\n"
    text = STACK.replace(old, strategy)
    finding = only(check(text), "POL001")
    assert finding.line == line_of(text, needle)


def test_max_unavailable_zero_percent_is_zero() -> None:
    assert check(STACK.replace("maxUnavailable: 0", 'maxUnavailable: "0%"')).findings == []


def test_short_or_missing_grace_period() -> None:
    text = STACK.replace("terminationGracePeriodSeconds: 120", "terminationGracePeriodSeconds: 30")
    finding = only(check(text), "POL002")
    assert finding.severity == "warning"
    assert finding.line == line_of(text, "terminationGracePeriodSeconds")
    text = STACK.replace("      terminationGracePeriodSeconds: 120\n", "")
    finding = only(check(text), "POL002")
    assert "unset" in finding.message
    assert finding.line == line_of(text, "containers:") - 1  # the pod spec


def test_scaled_out_without_any_affinity() -> None:
    text = STACK.replace("  sessionAffinity: ClientIP\n", "").replace(
        '    nginx.ingress.kubernetes.io/upstream-hash-by: "$remote_addr"\n', ""
    )
    finding = only(check(text), "POL003")
    assert finding.severity == "warning"
    assert finding.line == line_of(text, "replicas: 3")


def test_proxy_affinity_alone_is_enough() -> None:
    assert check(STACK.replace("  sessionAffinity: ClientIP\n", "")).findings == []


def test_one_replica_needs_no_affinity() -> None:
    text = (
        STACK.replace("replicas: 3", "replicas: 1")
        .replace("  sessionAffinity: ClientIP\n", "")
        .replace("minAvailable: 2", "maxUnavailable: 1")
    )
    assert check(text).findings == []


def test_an_hpa_counts_as_scaled_out_and_sets_the_pdb_floor() -> None:
    hpa = """
    ---
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: {name: weather, namespace: mcp}
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: weather}
      minReplicas: 2
      maxReplicas: 6
    """
    text = STACK.replace("  replicas: 3\n", "").replace(
        "  sessionAffinity: ClientIP\n", ""
    ).replace('    nginx.ingress.kubernetes.io/upstream-hash-by: "$remote_addr"\n', "") + manifest(
        hpa
    )
    report = check(text)
    assert sorted(codes(report)) == ["POL003", "POL004"]
    affinity = only(report, "POL003")
    assert affinity.resource == "HorizontalPodAutoscaler mcp/weather"
    assert affinity.line == line_of(text, "maxReplicas")
    pdb = only(report, "POL004")  # minAvailable 2 with an HPA floor of 2
    assert pdb.line == line_of(text, "minAvailable")


def test_pdb_with_min_available_equal_to_replicas() -> None:
    text = STACK.replace("minAvailable: 2", "minAvailable: 3")
    finding = only(check(text), "POL004")
    assert finding.severity == "error"
    assert finding.resource == "PodDisruptionBudget mcp/weather"
    assert finding.line == line_of(text, "minAvailable")
    assert "below 3" in finding.fix


@pytest.mark.parametrize(
    "bound", ["maxUnavailable: 0", 'minAvailable: "100%"', 'maxUnavailable: "0%"']
)
def test_other_pdbs_that_block_every_eviction(bound: str) -> None:
    text = STACK.replace("minAvailable: 2", bound)
    finding = only(check(text), "POL004")
    assert finding.line == line_of(text, bound.split(":")[0], after="kind: PodDisruptionBudget")


def test_a_workload_scaled_to_zero_has_nothing_to_evict() -> None:
    text = STACK.replace("replicas: 3", "replicas: 0")
    assert [c for c in codes(check(text)) if c == "POL004"] == []


def test_pdb_selecting_by_expression() -> None:
    text = STACK.replace(
        "minAvailable: 2\n  selector:\n    matchLabels: {app: weather}",
        "minAvailable: 3\n  selector:\n    matchExpressions:\n"
        "    - {key: tier, operator: In, values: [mcp]}",
    )
    assert codes(check(text)) == ["POL004"]
    elsewhere = text.replace("values: [mcp]", "values: [web]")
    assert check(elsewhere).findings == []


def test_ingress_nginx_with_the_default_60_second_timeout() -> None:
    text = STACK.replace('    nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"\n', "")
    finding = only(check(text), "POL005")
    assert finding.severity == "warning"
    assert "default, 60 s" in finding.message
    assert finding.line == line_of(text, "annotations:")
    text = STACK.replace('proxy-send-timeout: "3600"', 'proxy-send-timeout: "60"')
    finding = only(check(text), "POL006")
    assert finding.line == line_of(text, "proxy-send-timeout")


def test_timeout_that_nginx_cannot_parse() -> None:
    text = STACK.replace('proxy-read-timeout: "3600"', 'proxy-read-timeout: "1h"')
    assert only(check(text), "POL005").line == line_of(text, "proxy-read-timeout")


def test_buffering_on_is_an_error_for_sse_and_unset_a_warning() -> None:
    text = STACK.replace('proxy-buffering: "off"', 'proxy-buffering: "on"')
    finding = only(check(text), "POL007")
    assert (finding.severity, finding.line) == ("error", line_of(text, "proxy-buffering"))
    text = STACK.replace('    nginx.ingress.kubernetes.io/proxy-buffering: "off"\n', "")
    assert only(check(text), "POL007").severity == "warning"


def test_nginx_bypasses_service_affinity() -> None:
    text = STACK.replace('    nginx.ingress.kubernetes.io/upstream-hash-by: "$remote_addr"\n', "")
    finding = only(check(text), "POL008")
    assert finding.resource == "Ingress mcp/weather"
    assert "upstream-hash-by" in finding.fix


def test_ingress_claimed_by_annotations_without_a_class() -> None:
    text = STACK.replace("  ingressClassName: nginx\n", "").replace(
        '"3600"\n    nginx.ingress.kubernetes.io/proxy-buffering',
        '"30"\n    nginx.ingress.kubernetes.io/proxy-buffering',
    )
    assert codes(check(text)) == ["POL006"]


def test_an_ingress_of_another_controller_is_not_checked_as_nginx() -> None:
    other = """
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: other, namespace: mcp}
    spec:
      ingressClassName: contour
      defaultBackend:
        service: {name: weather, port: {number: 80}}
    """
    assert check(STACK + "---\n" + manifest(other)).findings == []


STREAMABLE = manifest(
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: tools, namespace: mcp}
    spec:
      replicas: 4
      selector: {matchLabels: {app: tools}}
      template:
        metadata:
          labels: {app: tools}
          annotations: {mcp.transport.protocol: streamable-http}
        spec:
          containers:
          - name: server
            image: "ghcr.io/example/tools:2"
            readinessProbe: {tcpSocket: {port: 8080}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: tools, namespace: mcp}
    spec:
      selector: {app: tools}
      ports: [{port: 80}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: tools
      namespace: mcp
      annotations:
        nginx.ingress.kubernetes.io/proxy-buffering: "on"
    spec:
      ingressClassName: nginx
      defaultBackend:
        service: {name: tools, port: {number: 80}}
    """
)


def test_streamable_http_gets_only_the_proxy_rules_as_warnings() -> None:
    report = check(STREAMABLE)
    assert sorted(codes(report)) == ["POL005", "POL006", "POL007"]
    assert {f.severity for f in report.findings} == {"warning"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the operator's annotation
        ('args: ["--transport", "sse", "--port", "8000"]', "args: []\n"),
        # env instead of args
        (
            'args: ["--transport", "sse", "--port", "8000"]',
            "env: [{name: MCP_TRANSPORT, value: sse}]",
        ),
        # an SSE path on the readiness probe
        (
            'args: ["--transport", "sse", "--port", "8000"]',
            "readinessProbe: {httpGet: {path: /sse, port: http}}",
        ),
        # an SSE path on the ingress
        ('        args: ["--transport", "sse", "--port", "8000"]\n', ""),
    ],
    ids=["annotation", "env", "probe", "ingress-path"],
)
def test_every_way_of_saying_sse_is_detected(old: str, new: str) -> None:
    text = STACK.replace(PROBE_LINE, "") if "readinessProbe" in new else STACK
    text = text.replace(old, new).replace("maxUnavailable: 0", "maxUnavailable: 1")
    if "args: []" in new:
        text = text.replace(
            "labels: {app: weather, tier: mcp}",
            "labels: {app: weather, tier: mcp}\n      annotations: {mcp.transport.protocol: sse}",
        )
    if not new:
        text = text.replace("- path: /\n", "- path: /sse\n")
    assert "POL001" in codes(check(text))


def test_a_deployment_that_is_not_mcp_is_left_alone() -> None:
    text = STACK.replace('args: ["--transport", "sse", "--port", "8000"]', "args: [--port, '8000']")
    text = text.replace("maxUnavailable: 0", "maxUnavailable: 1").replace("minAvailable: 2", "x: 1")
    assert [c for c in codes(check(text)) if c.startswith("POL")] == []


def test_conflicting_signals() -> None:
    text = STACK.replace(
        "labels: {app: weather, tier: mcp}",
        "labels: {app: weather, tier: mcp}\n"
        "      annotations: {mcp.transport.protocol: streamable-http}",
    )
    report = check(text)
    finding = only(report, "POL009")
    assert "args says sse" in finding.message
    assert finding.line == line_of(text, "mcp.transport.protocol")
    # The annotation wins: the SSE-only rules no longer apply.
    assert "POL001" not in codes(report)


def test_relations_cross_files(tmp_path: Path) -> None:
    # One document a file, the way `mcpgen render -o DIR` and most GitOps repos keep them.
    for i, document in enumerate(
        STACK.replace("minAvailable: 2", "minAvailable: 3").split("---\n")
    ):
        (tmp_path / f"{i}.yaml").write_text(document)
    report = validate_paths([str(tmp_path)], Options(skip=frozenset({DEPRECATION})))
    (finding,) = report.findings
    assert finding.code == "POL004"
    assert finding.file == str(tmp_path / "2.yaml")
    assert finding.line == 7


def test_namespaces_keep_workloads_apart() -> None:
    text = STACK.replace("minAvailable: 2", "minAvailable: 3")
    text = text.replace(
        "kind: PodDisruptionBudget\nmetadata:\n  name: weather\n  namespace: mcp",
        "kind: PodDisruptionBudget\nmetadata:\n  name: weather\n  namespace: other",
    )
    assert check(text).findings == []


def test_no_policy_option() -> None:
    text = STACK.replace("maxUnavailable: 0", "maxUnavailable: 1")
    assert check(text, policy=False).findings == []


def test_every_code_is_in_the_one_table() -> None:
    proxy_codes = {s.code for rules in PROVIDERS for s in rules.settings}
    assert proxy_codes <= set(CODES)
    assert {"POL001", "POL002", "POL003", "POL004", "POL008", "POL009"} <= set(CODES)
    assert len(CHECKS) == 8
    for code, row in CODES.items():
        assert row.severity.split()[0] in ("error", "warning", "info"), code
        assert row.applies_to in ("sse", "any"), code


# -- StatefulSets and DaemonSets are MCP workloads too ---------------------------------

STATEFULSET = manifest(
    """
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: weather
      namespace: mcp
    spec:
      replicas: 3
      serviceName: weather
      selector:
        matchLabels: {app: weather}
      template:
        metadata:
          labels: {app: weather}
        spec:
          containers:
          - name: server
            image: ghcr.io/example/weather:1.0
            args: ["--transport", "sse"]
            readinessProbe: {tcpSocket: {port: 8000}}
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: weather
      namespace: mcp
    spec:
      selector: {app: weather}
      ports:
      - {port: 80, targetPort: 8000}
    """
)


def test_an_sse_statefulset_with_no_grace_and_no_affinity_is_found() -> None:
    report = check(STATEFULSET)
    assert sorted(codes(report)) == ["POL001", "POL002", "POL003"]
    assert "StatefulSet rollout always stops a pod" in only(report, "POL001").message
    assert only(report, "POL001").line == line_of(STATEFULSET, "kind: StatefulSet")
    assert only(report, "POL003").line == line_of(STATEFULSET, "replicas: 3")


def test_an_hpa_on_a_statefulset_counts_and_one_on_a_deployment_of_that_name_does_not() -> None:
    one = STATEFULSET.replace("replicas: 3", "replicas: 1")
    hpa = (
        "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
        "metadata: {name: weather, namespace: mcp}\n"
        "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: KIND, name: weather}\n"
        "  minReplicas: 1\n  maxReplicas: 4\n"
    )
    assert "POL003" in codes(check(one + hpa.replace("KIND", "StatefulSet")))
    assert "POL003" not in codes(check(one + hpa.replace("KIND", "Deployment")))


DAEMONSET = manifest(
    """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: weather
      namespace: mcp
    spec:
      selector:
        matchLabels: {app: weather}
      template:
        metadata:
          labels: {app: weather}
          annotations: {mcp.transport.protocol: sse}
        spec:
          terminationGracePeriodSeconds: 120
          containers:
          - name: server
            image: ghcr.io/example/weather:1.0
            readinessProbe: {tcpSocket: {port: 8000}}
    """
)


def test_an_sse_daemonset_must_surge_before_it_stops_a_pod() -> None:
    report = check(DAEMONSET)
    # One pod per node is more than one pod: without affinity a session breaks (POL003).
    assert sorted(codes(report)) == ["POL001", "POL003"]
    assert "maxUnavailable 1, the default" in only(report, "POL001").message
    surging = DAEMONSET.replace(
        "spec:\n  selector:",
        "spec:\n  updateStrategy:\n    type: RollingUpdate\n"
        "    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n  selector:",
    )
    assert codes(check(surging)) == ["POL003"]


def test_every_sse_workload_is_told_the_transport_is_deprecated() -> None:
    report = check(STACK, skip=frozenset())
    notice = only(report, DEPRECATION)
    assert notice.severity == "info"
    assert "SEP-2596" in notice.message
    assert "Streamable HTTP" in notice.fix
    streamable = STACK.replace('"--transport", "sse"', '"--transport", "streamable-http"')
    assert DEPRECATION not in codes(check(streamable, skip=frozenset()))


def test_a_workload_without_a_readiness_probe_is_found() -> None:
    bare = STACK.replace(PROBE_LINE, "")
    assert bare != STACK
    finding = only(check(bare), "POL018")
    assert finding.severity == "error"  # SSE: the rollout rules protect nothing without it
    assert "tcpSocket" in finding.fix
    streamable = bare.replace('"--transport", "sse"', '"--transport", "streamable-http"')
    assert only(check(streamable), "POL018").severity == "warning"
    assert "POL018" not in codes(check(STACK))


@pytest.mark.parametrize(
    ("expression", "selects"),
    [
        ("{key: tier, operator: NotIn, values: [web]}", True),
        ("{key: tier, operator: NotIn, values: [mcp]}", False),
        # NotIn also matches pods without the key at all.
        ("{key: zone, operator: NotIn, values: [a]}", True),
        ("{key: tier, operator: Exists}", True),
        ("{key: zone, operator: Exists}", False),
        ("{key: zone, operator: DoesNotExist}", True),
        ("{key: tier, operator: DoesNotExist}", False),
    ],
)
def test_pdb_selecting_by_each_operator(expression: str, selects: bool) -> None:
    text = STACK.replace(
        "minAvailable: 2\n  selector:\n    matchLabels: {app: weather}",
        f"minAvailable: 3\n  selector:\n    matchExpressions:\n    - {expression}",
    )
    # A PDB that selects the pods blocks every eviction (POL004); one that does not is
    # not this workload's.
    assert codes(check(text)) == (["POL004"] if selects else [])
