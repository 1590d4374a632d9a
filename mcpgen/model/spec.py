"""`MCPServer.spec`: the operator's whole spec plus what mcpgen adds (ingress, pdb).

Every default of the product lives in this file. The JSON Schema, the CRD and
the chart's values.schema.json are generated from these classes.
"""

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from mcpgen.kube_resources import RESOURCE_NAME_SCHEMA, resource_name_problem
from mcpgen.model.kube import (
    Affinity,
    EgressRule,
    EnvVarSource,
    Found,
    KeySchema,
    TopologySpreadConstraint,
    Volume,
    embedded_error,
)
from mcpgen.model.strict import Strict, empty_dict, empty_list, submodel
from mcpgen.model.types import (
    INT32_MAX,
    AbsolutePath,
    Annotations,
    BudgetCountOrPercent,
    Cidr,
    CountOrPercent,
    Hostname,
    HttpPath,
    Image,
    Int32,
    Int64,
    LabelKey,
    Labels,
    LabelValue,
    McpRevision,
    Name,
    Port,
    PortRef,
    Quantity,
    SectionName,
    Subdomain,
    normalise_path,
)

Protocol = Literal["auto", "streamable-http", "sse"]
ResolvedProtocol = Literal["streamable-http", "sse"]

# Kubernetes' own default for Service ClientIP affinity (3 hours).
DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800
# What autoscaling/v2 assumes when an HPA names no metric; written out so the
# rendered HPA says what it does.
DEFAULT_HPA_CPU_TARGET = 80
# Where each protocol is served when `transport.config.http.path` is unset:
# the SDKs' defaults, and the operator's.
DEFAULT_PATHS: dict[ResolvedProtocol, str] = {"streamable-http": "/mcp", "sse": "/sse"}
# The operator's metrics proxy, pinned: its documented default is the same image at
# :latest, which mcpgen itself warns about (SEC003).
DEFAULT_SIDECAR_IMAGE = "ghcr.io/vitorbari/mcp-proxy:v0.2.0"
# The minimum of available pods an SSE PodDisruptionBudget aims for.
SSE_PDB_MIN_AVAILABLE = 2
# The stdio bridge: PyPI mcp-proxy, the one bridge that kept two clients' answers apart
# in the issue 13 measurements. images/stdio-bridge/Dockerfile installs this version,
# and the image is tagged with it (tests/stdio/test_bridge_image.py holds them together).
BRIDGE_VERSION = "0.13.0"
DEFAULT_BRIDGE_IMAGE = f"ghcr.io/mcpgen/stdio-bridge:{BRIDGE_VERSION}"
# The same bridge as one static executable (images/stdio-bridge-static), for servers
# whose image cannot be rebuilt: an init container copies it into the pod.
DEFAULT_STATIC_BRIDGE_IMAGE = f"ghcr.io/mcpgen/stdio-bridge-static:{BRIDGE_VERSION}"
# The init container only copies one 16 MB file, after unpacking itself (measured here:
# under 40 MB resident); requests small, limits with room.
DEFAULT_STATIC_BRIDGE_RESOURCES: dict[str, dict[str, str]] = {
    "requests": {"cpu": "50m", "memory": "64Mi"},
    "limits": {"cpu": "500m", "memory": "128Mi"},
}
# The bridge's HTTP endpoints are fixed: Streamable HTTP at /mcp, legacy SSE at /sse.
BRIDGE_PATHS = DEFAULT_PATHS
# npx and uvx download the server on first start, so a stdio pod gets longer to start:
# 150 x 2 s, five minutes, against two for a server that ships in its image.
STDIO_STARTUP_FAILURE_THRESHOLD = 150
DEFAULT_STARTUP_FAILURE_THRESHOLD = 60


# The names are checked by ResourceRequirements' validator, which says what is wrong;
# the schema says it too, so helm refuses `memroy` as well.
ResourceList = Annotated[dict[str, Quantity], KeySchema(RESOURCE_NAME_SCHEMA)]


class ResourceRequirements(Strict):
    requests: ResourceList | None = None
    """Minimum resources, e.g. {cpu: 100m, memory: 128Mi}."""
    limits: ResourceList | None = None
    """Maximum resources, e.g. {cpu: 500m, memory: 512Mi}."""

    @model_validator(mode="after")
    def _known_names(self) -> Self:
        # The upstream schema takes any key here; the API server does not (`memroy`).
        problems = [
            Found((side, name), problem, at_key=True)
            for side, amounts in (("requests", self.requests), ("limits", self.limits))
            for name in amounts or {}
            if (problem := resource_name_problem(name)) is not None
        ]
        if problems:
            raise embedded_error(problems)
        return self


class Security(Strict):
    """Pod and container security; defaults meet Pod Security Standards "restricted"."""

    # The API server takes UIDs and GIDs from 0 to 2^31-1 only.
    run_as_user: Int32 = 1000
    """UID the server runs as."""
    run_as_group: Int32 = 1000
    """GID the server runs as."""
    fs_group: Int32 = 1000
    """Supplemental group that owns mounted volumes."""
    run_as_non_root: bool = True
    """Refuse to start a container whose user is root."""
    allow_privilege_escalation: bool = False
    """Whether a process may gain more privileges than its parent."""
    read_only_root_filesystem: bool = True
    """Mount the root filesystem read-only (`scratch` gives /tmp and HOME)."""

    @model_validator(mode="after")
    def _root_needs_consent(self) -> Self:
        # The kubelet refuses to start a container that runAsNonRoot forbids to be
        # root: the Deployment applies, and every pod then fails CreateContainerConfigError.
        if self.run_as_user == 0 and self.run_as_non_root:
            raise ValueError(
                "runAsUser 0 is root, and runAsNonRoot (true by default) makes the kubelet "
                "refuse to start the pod: set runAsUser to a non-zero UID such as 1000, "
                "or set runAsNonRoot: false to run as root on purpose"
            )
        return self


class Service(Strict):
    type: Literal["ClusterIP", "NodePort", "LoadBalancer"] = "ClusterIP"
    """Kubernetes Service type."""
    port: Port = 8080
    """Port the Service listens on."""
    target_port: PortRef | None = None
    """Container port to send traffic to (unset: the transport port, by its name `http`)."""
    protocol: Literal["TCP", "UDP"] = "TCP"
    """Network protocol of the Service port."""
    annotations: Annotations = Field(default_factory=empty_dict)
    """Annotations for the Service (cloud load balancers read these)."""
    session_affinity_timeout_seconds: int = Field(
        default=DEFAULT_AFFINITY_TIMEOUT_SECONDS, ge=1, le=86400
    )
    """How long ClientIP affinity sticks, when the rules turn it on."""
    load_balancer_source_ranges: list[Cidr] = Field(default_factory=empty_list)
    """Client CIDRs a LoadBalancer Service admits (empty: the whole internet)."""
    app_protocol: LabelKey | None = None
    """appProtocol of the MCP port. `mcp` means what MCP-aware gateways select on:
    agentgateway.dev/mcp (agentgateway.dev/mcp-sse for SSE), with the path in the
    agentgateway.dev/mcp-path annotation. Unset: none, since Gateway API
    implementations may refuse a backend whose appProtocol they do not know."""


class ProbeCadence(Strict):
    initial_delay_seconds: int = Field(default=0, ge=0, le=INT32_MAX)
    """Seconds after the container starts before the first check."""
    period_seconds: int = Field(default=10, ge=1, le=INT32_MAX)
    """Seconds between checks."""
    timeout_seconds: int = Field(default=5, ge=1, le=INT32_MAX)
    """Seconds one check may take."""


class ProbeTiming(ProbeCadence):
    failure_threshold: int = Field(default=3, ge=1, le=INT32_MAX)
    """Failed checks in a row that count as a failure."""


# Its own threshold is optional (the default depends on the transport), so it shares
# only the cadence with the others.
class StartupProbe(ProbeCadence):
    """Holds readiness and liveness back while a slow starter (npx, uvx) installs."""

    period_seconds: int = Field(default=2, ge=1, le=INT32_MAX)
    """Seconds between checks."""
    failure_threshold: int | None = Field(default=None, ge=1, le=INT32_MAX)
    """Failed checks in a row before the pod is restarted (unset: 60 x 2 s, two minutes;
    150, five minutes, for stdio servers, which npx or uvx may download first)."""


class LivenessProbe(ProbeTiming):
    """Off by default for HTTP servers: a liveness restart drops every open stream of the
    pod. On for stdio servers, whose bridge keeps answering after its child has died."""

    enabled: bool | None = None
    """Restart the container when the check fails (unset: on for stdio servers, where the
    check is a real tools/list through the bridge to the child; off otherwise)."""
    period_seconds: int = Field(default=20, ge=1, le=INT32_MAX)
    """Seconds between checks."""


class HealthCheck(Strict):
    enabled: bool = True
    """Readiness and startup probes (off: pods count as ready at once, and neither the
    rollout nor the PodDisruptionBudget can protect open streams)."""
    path: HttpPath | None = None
    """HTTP path that answers GET with 2xx (unset: a TCP check on the MCP port; MCP
    endpoints answer only POST, so they cannot be this path)."""
    port: PortRef | None = None
    """Port the checks use (unset: the transport port)."""
    readiness: ProbeTiming = submodel(ProbeTiming)
    """Readiness timing: a pod gets traffic only while this passes."""
    startup: StartupProbe = submodel(StartupProbe)
    """Startup timing."""
    liveness: LivenessProbe = submodel(LivenessProbe)
    """Liveness (off unless enabled)."""


class Drain(Strict):
    pre_stop_seconds: int = Field(default=10, ge=0, le=INT32_MAX)
    """Seconds a stopping pod keeps serving before SIGTERM, while Services and proxies
    withdraw its endpoint (a native preStop sleep, Kubernetes 1.30+); 0: none. Must be
    shorter than the termination grace period."""


class Scratch(Strict):
    """Writable folders on emptyDir volumes, so the root filesystem can stay read-only."""

    tmp: bool = True
    """An emptyDir at /tmp."""
    home: AbsolutePath | None = "/home/mcp"
    """An emptyDir for HOME, and HOME set to it unless `environment` sets HOME (npm, uv and
    pip keep their caches there); null: none."""
    size_limit: Quantity = "1Gi"
    """The most each emptyDir may hold."""


class NetworkPolicy(Strict):
    enabled: bool = False
    """Create a NetworkPolicy for the server's pods."""
    from_namespaces: list[Name] | None = None
    """Namespaces that may reach the MCP port (unset: the server's own, and the chosen
    ingress provider's; see `mcpgen explain`)."""
    monitoring_namespace: Name = "monitoring"
    """Namespace that may reach the metrics port."""
    egress: list[EgressRule] | None = None
    """NetworkPolicy egress rules (unset: egress stays open; []: none allowed)."""


class EnvVar(Strict):
    name: str = Field(min_length=1, pattern=r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
    """Variable name."""
    value: str | None = None
    """Literal value (quote numbers: Kubernetes wants strings)."""
    value_from: EnvVarSource | None = None
    """A Kubernetes EnvVarSource (secretKeyRef, configMapKeyRef, fieldRef, ...)."""

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if self.value is not None and self.value_from is not None:
            raise ValueError("set either value or valueFrom, not both")
        return self


# Kubernetes refuses an envFrom prefix that is not a valid variable name start.
ENV_NAME = r"^[-._a-zA-Z][-._a-zA-Z0-9]*$"


class EnvSourceRef(Strict):
    name: Subdomain
    """Name of the Secret or ConfigMap."""
    optional: bool | None = None
    """Start the pod even when it is missing (unset: Kubernetes' default, false)."""


class EnvFromSource(Strict):
    """Every key of one Secret or ConfigMap as environment variables."""

    secret_ref: EnvSourceRef | None = None
    """Take the variables from this Secret."""
    config_map_ref: EnvSourceRef | None = None
    """Take the variables from this ConfigMap."""
    prefix: str | None = Field(default=None, min_length=1, pattern=ENV_NAME)
    """Put this before every variable name."""

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.secret_ref is None) == (self.config_map_ref is None):
            raise ValueError("set exactly one of secretRef and configMapRef")
        return self


class Toleration(Strict):
    key: LabelKey | None = None
    operator: Literal["Exists", "Equal"] | None = None
    value: LabelValue | None = None
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] | None = None
    toleration_seconds: Int64 | None = None


class LocalObjectReference(Strict):
    name: Name
    """Name of the referenced object."""


class VolumeMount(Strict):
    name: str = Field(min_length=1)
    mount_path: str = Field(min_length=1)
    read_only: bool | None = None
    sub_path: str | None = None
    sub_path_expr: str | None = None
    mount_propagation: Literal["None", "HostToContainer", "Bidirectional"] | None = None
    recursive_read_only: Literal["Disabled", "IfPossible", "Enabled"] | None = None


class PodTemplate(Strict):
    labels: Labels = Field(default_factory=empty_dict)
    """Extra labels for the pods (mcpgen's own labels win on conflict)."""
    annotations: Annotations = Field(default_factory=empty_dict)
    """Extra annotations for the pods."""
    node_selector: Labels = Field(default_factory=empty_dict)
    """Node labels the pods must match."""
    tolerations: list[Toleration] = Field(default_factory=empty_list)
    """Taints the pods tolerate."""
    affinity: Affinity | None = None
    """A Kubernetes Affinity object, passed through."""
    service_account_name: Name | None = None
    """Use this existing ServiceAccount (unset: mcpgen creates one named after the server)."""
    image_pull_secrets: list[LocalObjectReference] = Field(default_factory=empty_list)
    """Secrets for pulling the image."""
    volumes: list[Volume] = Field(default_factory=empty_list)
    """Kubernetes Volume objects, passed through."""
    volume_mounts: list[VolumeMount] = Field(default_factory=empty_list)
    """Where the volumes mount in the server container."""
    automount_service_account_token: bool = False
    """Mount an API token into the pods (MCP servers rarely need the Kubernetes API)."""
    service_account_annotations: Annotations = Field(default_factory=empty_dict)
    """Annotations for the ServiceAccount mcpgen creates (cloud workload identity, e.g.
    eks.amazonaws.com/role-arn or iam.gke.io/gcp-service-account)."""
    topology_spread_constraints: list[TopologySpreadConstraint] | None = None
    """Kubernetes TopologySpreadConstraints (unset: with more than one pod, a soft spread
    across nodes; []: none)."""


class ScalingPolicy(Strict):
    type: Literal["Percent", "Pods"]
    value: int = Field(ge=1, le=INT32_MAX)
    period_seconds: int = Field(ge=1, le=1800)


class ScalingBehavior(Strict):
    stabilization_window_seconds: int | None = Field(default=None, ge=0, le=3600)
    select_policy: Literal["Max", "Min", "Disabled"] | None = None
    policies: list[ScalingPolicy] = Field(default_factory=empty_list)


class HPA(Strict):
    enabled: bool = False
    """Create a HorizontalPodAutoscaler (the Deployment then leaves `replicas` to it)."""
    min_replicas: int = Field(default=1, ge=1, le=INT32_MAX)
    """Lower bound of replicas."""
    max_replicas: int = Field(default=10, ge=1, le=INT32_MAX)
    """Upper bound of replicas."""
    target_cpu_utilization_percentage: int | None = Field(
        default=None, ge=1, le=100, alias="targetCPUUtilizationPercentage"
    )
    """Average CPU target (unset, with no memory target either: 80)."""
    target_memory_utilization_percentage: int | None = Field(default=None, ge=1, le=100)
    """Average memory target."""
    scale_up_behavior: ScalingBehavior | None = None
    """autoscaling/v2 behavior.scaleUp."""
    scale_down_behavior: ScalingBehavior | None = None
    """autoscaling/v2 behavior.scaleDown."""

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        if self.min_replicas > self.max_replicas:
            raise ValueError(
                f"minReplicas ({self.min_replicas}) is greater than "
                f"maxReplicas ({self.max_replicas})"
            )
        return self


class SSEConfig(Strict):
    """Settings applied only when the resolved protocol is legacy SSE."""

    enable_session_affinity: bool = False
    """Pin each client to one pod (Service ClientIP, and the proxy's own affinity)."""
    termination_grace_period_seconds: int = Field(default=120, ge=1, le=3600)
    """Time open streams get to finish when a pod stops."""
    max_surge: CountOrPercent = "25%"
    """Extra pods a rollout may start (maxUnavailable is always 0 for SSE)."""

    @model_validator(mode="after")
    def _surge_above_zero(self) -> Self:
        # With maxUnavailable 0, a zero surge leaves a rollout no way to progress,
        # and the API server rejects the Deployment.
        if self.max_surge in (0, "0%"):
            raise ValueError("maxSurge must be above 0: SSE rollouts keep maxUnavailable at 0")
        return self


class HTTPConfig(Strict):
    port: Port = 8080
    """Container port the server listens on."""
    path: HttpPath | None = None
    """Endpoint path (unset: /mcp for Streamable HTTP, /sse for SSE)."""
    session_management: bool = False
    """The server keeps per-session state (Mcp-Session-Id) in memory for 2025 clients."""
    # uniqueItems: the schemas generated from the model (helm's among them) refuse the
    # duplicate that _revisions_once explains.
    protocol_versions: list[McpRevision] | None = Field(
        default=None, min_length=1, json_schema_extra={"uniqueItems": True}
    )
    """MCP revisions the server speaks, e.g. [2026-07-28, 2025-11-25] (`mcpgen probe
    --write-spec` fills it). From 2026-07-28 on there are no sessions; unset keeps the
    2025 rules."""
    legacy_session_affinity: bool = False
    """Dual-era servers: pin 2025 clients' sessions to one pod (modern clients need none)."""
    sse: SSEConfig = submodel(SSEConfig)
    """SSE-only settings."""

    @model_validator(mode="after")
    def _revisions_once(self) -> Self:
        versions = self.protocol_versions or []
        if len(set(versions)) != len(versions):
            raise ValueError(f"protocolVersions lists a revision twice: {versions}")
        return self


class TransportConfig(Strict):
    http: HTTPConfig = submodel(HTTPConfig)
    """HTTP transport settings."""


class StdioBridge(Strict):
    """Where the stdio bridge comes from (used only with transport.type stdio)."""

    bridge: Literal["image", "inject"] = "image"
    """`image`: the server's image carries the bridge (the stdio bridge image, or one
    built FROM it). `inject`: for an image that cannot be rebuilt, an init container
    copies the static bridge (one executable that needs nothing from the image, not even
    libc or Python) into an emptyDir, and the server's own image runs it."""
    image: Image = DEFAULT_STATIC_BRIDGE_IMAGE
    """The static bridge image the init container runs (`inject` only)."""
    resources: ResourceRequirements | None = None
    """Init container resources (`inject` only; used only when they set requests; else
    50m/64Mi requested, 500m/128Mi limits)."""


class Transport(Strict):
    type: Literal["http", "stdio", "custom"] = "http"
    """Transport layer. `stdio`: the container runs the bridge (mcp-proxy), which starts
    `command` + `args` with pipes and serves them over HTTP at /mcp (and /sse); the image
    must carry it (the stdio bridge image, or one built FROM it), unless
    `stdio.bridge: inject`."""
    protocol: Protocol = "auto"
    """MCP protocol; `auto` infers it from args, env and path."""
    config: TransportConfig = submodel(TransportConfig)
    """Transport settings."""
    stdio: StdioBridge = submodel(StdioBridge)
    """The stdio bridge: carried by the image, or injected."""


class Validation(Strict):
    enabled: bool = True
    """Probe the server after deployment (`helm test`, `mcpgen probe`)."""
    transport_protocol: Protocol | None = None
    """Protocol the probe expects (unset: the resolved protocol)."""
    strict_mode: bool = False
    """Probe warnings fail too: the chart's test hook runs `mcpgen probe --strict`. (The
    operator scales a failing strict server to zero; mcpgen has no controller to do that.)"""
    required_capabilities: list[Literal["tools", "resources", "prompts"]] = Field(
        default_factory=empty_list
    )
    """Capabilities the server must announce."""


class Metrics(Strict):
    enabled: bool = False
    """Prometheus metrics, as the operator does: its mcp-proxy sidecar (spec.sidecar) sits
    in front of the server and counts MCP requests, tool calls and latencies."""
    port: Port = 9090
    """Metrics port (the sidecar's; or the server's own when sidecar.enabled is false)."""
    service_monitor: bool = True
    """Emit a Prometheus Operator ServiceMonitor (the cluster needs the
    monitoring.coreos.com CRDs, which the operator checks for and mcpgen cannot)."""


class SidecarTLS(Strict):
    enabled: bool
    """Terminate TLS at the sidecar (it accepts HTTPS and forwards HTTP to the server)."""
    secret_name: Name
    """Secret with tls.crt and tls.key, in the server's namespace."""
    min_version: Literal["1.2", "1.3"] = "1.2"
    """Lowest TLS version accepted."""


class Sidecar(Strict):
    """The operator's metrics sidecar; used only when metrics.enabled is true."""

    enabled: bool = True
    """Inject it with metrics (false: the server serves its own metrics on metrics.port)."""
    image: Image = DEFAULT_SIDECAR_IMAGE
    """The mcp-proxy image (the operator's default is the same image at :latest)."""
    port: Port | None = None
    """Port the sidecar takes MCP traffic on (unset: 8080, or 8081 when the server uses
    8080)."""
    resources: ResourceRequirements | None = None
    """Sidecar resources (used only when they set requests; else 50m/64Mi requested,
    200m/128Mi limits)."""
    tls: SidecarTLS | None = None
    """TLS termination at the sidecar."""


class IngressTLS(Strict):
    secret_name: Name
    """Secret holding tls.crt and tls.key."""


Provider = Literal["nginx", "openshift", "alb", "gce", "traefik", "haproxy", "gateway-api", "istio"]


class GatewayRef(Strict):
    name: Name
    """Gateway (Gateway API) or Istio Gateway the route attaches to."""
    namespace: Name | None = None
    """Its namespace (unset: the server's)."""
    section_name: SectionName | None = None
    """Listener name on the Gateway (Gateway API only)."""


class Ingress(Strict):
    enabled: bool = False
    """Expose the server through an ingress controller, router, gateway or mesh."""
    provider: Provider | None = None
    """Which one (unset: inferred from className; nginx when that says nothing)."""
    class_name: Subdomain | None = None
    """IngressClass name (unset: the cluster's default class)."""
    host: Hostname | None = None
    """Host name to route (unset: every host)."""
    path: HttpPath = "/"
    """Path prefix to route; `/` keeps SSE's POST endpoint reachable beside the stream."""
    path_type: Literal["Prefix", "Exact", "ImplementationSpecific"] = "Prefix"
    """Kubernetes pathType."""
    tls: IngressTLS | None = None
    """Terminate TLS with this Secret."""
    annotations: Annotations = Field(default_factory=empty_dict)
    """Extra annotations; they win over the ones mcpgen sets."""
    stream_timeout_seconds: int = Field(default=3600, ge=1, le=86400)
    """Longest a stream may stay open or idle at the proxy before it is cut."""
    affinity: Literal["client-ip", "cookie"] = "client-ip"
    """How the proxy pins a client when the rules turn affinity on (cookie: the client
    must keep cookies, and most MCP clients do not)."""
    gateway: GatewayRef | None = None
    """Gateway to attach to (gateway-api: required; istio: unset means mesh-internal)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.tls is not None and self.host is None:
            raise ValueError("tls needs a host: a certificate is issued for a name")
        if self.enabled and self.provider == "gateway-api" and self.gateway is None:
            raise ValueError(
                "provider gateway-api needs gateway.name: an HTTPRoute attaches to a Gateway"
            )
        return self


class PDB(Strict):
    enabled: bool | None = None
    """Create a PodDisruptionBudget (unset: on for SSE with more than one replica)."""
    min_available: BudgetCountOrPercent | None = None
    """Pods that must stay up (unset: 2 for SSE, kept below the replica count)."""
    max_unavailable: BudgetCountOrPercent | None = None
    """Pods that may be down at once (instead of minAvailable)."""

    @model_validator(mode="after")
    def _one_bound(self) -> Self:
        if self.min_available is not None and self.max_unavailable is not None:
            raise ValueError("set either minAvailable or maxUnavailable, not both")
        return self


class MCPServerSpec(Strict):
    image: Image
    """Container image of the MCP server."""
    image_pull_policy: Literal["Always", "IfNotPresent", "Never"] | None = None
    """When the kubelet pulls the image (unset: Kubernetes' default for the tag)."""
    command: list[str] = Field(default_factory=empty_list)
    """Entrypoint override."""
    args: list[str] = Field(default_factory=empty_list)
    """Arguments (`--transport sse` here also tells mcpgen the protocol)."""
    replicas: Int32 = 1
    """Pods to run (ignored while the HPA is enabled)."""
    resources: ResourceRequirements | None = None
    """CPU and memory requests and limits."""
    security: Security = submodel(Security)
    """Security context."""
    service: Service = submodel(Service)
    """The Service in front of the pods."""
    health_check: HealthCheck = submodel(HealthCheck)
    """Readiness, startup and (opt-in) liveness probes."""
    drain: Drain = submodel(Drain)
    """How a stopping pod hands its traffic off."""
    scratch: Scratch = submodel(Scratch)
    """Writable emptyDir folders."""
    network_policy: NetworkPolicy = submodel(NetworkPolicy)
    """Who may reach the pods."""
    environment: list[EnvVar] = Field(default_factory=empty_list)
    """Environment variables (`MCP_TRANSPORT` here also tells mcpgen the protocol)."""
    env_from: list[EnvFromSource] = Field(default_factory=empty_list)
    """Secrets and ConfigMaps whose every key becomes a variable (`environment` wins)."""
    working_dir: str | None = Field(default=None, pattern=r"^/", max_length=4096)
    """Directory the server starts in (absolute; unset: the image's)."""
    pod_template: PodTemplate = submodel(PodTemplate)
    """Extra pod settings."""
    hpa: HPA = submodel(HPA)
    """Horizontal Pod Autoscaler."""
    transport: Transport = submodel(Transport)
    """MCP transport."""
    validation: Validation = submodel(Validation)
    """Protocol validation."""
    metrics: Metrics = submodel(Metrics)
    """Prometheus metrics."""
    sidecar: Sidecar = submodel(Sidecar)
    """The metrics sidecar (the operator's spec.sidecar)."""
    ingress: Ingress = submodel(Ingress)
    """External access through an ingress controller."""
    pdb: PDB = submodel(PDB)
    """PodDisruptionBudget."""

    @model_validator(mode="after")
    def _health_is_not_the_endpoint(self) -> Self:
        hc, http = self.health_check, self.transport.config.http
        if not hc.enabled or hc.path is None:
            return self
        endpoints = {http.path} if http.path else set(DEFAULT_PATHS.values())
        if normalise_path(hc.path) in {normalise_path(e) for e in endpoints}:
            raise ValueError(
                f"healthCheck.path {hc.path} is the MCP endpoint, which answers GET with 405 "
                "(Streamable HTTP) or an endless stream (SSE), so a GET probe there always "
                "fails: name a health path the server serves, or leave it unset for a TCP check"
            )
        return self

    @model_validator(mode="after")
    def _stdio_paths(self) -> Self:
        path = self.transport.config.http.path
        if self.transport.type != "stdio" or path is None:
            return self
        if normalise_path(path) not in BRIDGE_PATHS.values():
            raise ValueError(
                f"transport.config.http.path {path}: the stdio bridge serves Streamable HTTP "
                "at /mcp and legacy SSE at /sse only; leave path unset (or /sse for SSE)"
            )
        return self

    @model_validator(mode="after")
    def _ports_apart(self) -> Self:
        # Containers of one pod share its network: two listeners on one port cannot start.
        if not self.metrics.enabled:
            return self
        server = self.transport.config.http.port
        taken = {"transport.config.http.port": server}
        if self.sidecar.enabled:
            sidecar = self.sidecar.port or (8081 if server == 8080 else 8080)
            taken["sidecar.port"] = sidecar
        taken["metrics.port"] = self.metrics.port
        seen: dict[int, str] = {}
        for name, port in taken.items():
            if port in seen:
                raise ValueError(
                    f"{name} and {seen[port]} are both {port}: the pod's containers share "
                    "one network, so two listeners cannot take the same port"
                )
            seen[port] = name
        return self
