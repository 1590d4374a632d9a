"""Constrained scalar types shared by the models (Kubernetes' own formats and limits).

Every bound here is one the API server or the kubelet enforces: what mcpgen accepts,
the cluster accepts. Rules whose loader message would be vague ("has the wrong
format") check themselves and say the rule in words.
"""

import math
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

from mcpgen.kube_resources import QUANTITY_PATTERN

# RFC 1123 label: what Kubernetes requires of object and namespace names.
DNS1123_LABEL = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
# RFC 1035 label: a Service name must also start with a letter (it becomes a DNS name
# `<name>.<namespace>.svc`, and the API server refuses `1abc`).
DNS1035_LABEL = r"^[a-z]([-a-z0-9]*[a-z0-9])?$"
# Gateway API SectionName (listener names): a DNS-1123 label pattern, up to 253 long.
SECTION_NAME = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
SECTION_NAME_MAX = 253
# RFC 1123 subdomain: what names most objects, an IngressClass among them.
DNS1123_SUBDOMAIN = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
# RFC 1123 subdomain, optionally a leading wildcard label (Ingress host rules).
HOSTNAME = r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
# The distribution reference grammar (registry[:port]/path[:tag][@digest]).
IMAGE_REF = (
    r"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
    r"(?::[0-9]+)?/)?"
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$"
)
# Qualified names (label and annotation keys): optional DNS prefix, then a name.
QUALIFIED_NAME = (
    r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
    r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"
)
LABEL_VALUE = r"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$"
IANA_SVC_NAME = r"^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$"
PERCENT = r"^[0-9]{1,3}%$"
# A PodDisruptionBudget refuses percentages above 100%.
PERCENT_UP_TO_100 = r"^([0-9]{1,2}|100)%$"
HTTP_PATH = r"^/[^\s]*$"
# Requests and limits must not be negative: the same grammar without a leading '-'.
NONNEGATIVE_QUANTITY = QUANTITY_PATTERN.replace(r"^(\+|-)?", r"^\+?", 1)

# Most counts in the Kubernetes API (replicas, ports, percentages, UIDs) are int32.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
# apimachinery's TotalAnnotationSizeLimitB: keys plus values, in bytes, per object.
TOTAL_ANNOTATION_SIZE = 256 * 1024
# mcpgen adds its own annotations (transport keys, proxy settings) to the objects that
# carry the user's; they take well under this, so a map within the budget stays
# within the cluster's limit once merged (tests/test_cluster_limits.py measures it).
ANNOTATION_RESERVE = 1024
ANNOTATION_BUDGET = TOTAL_ANNOTATION_SIZE - ANNOTATION_RESERVE


def _fullmatch(pattern: str, max_length: int, rule: str) -> Callable[[str], str]:
    # fullmatch, not match: Python's `$` also matches before a trailing newline.
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if len(value) > max_length or not regex.fullmatch(value):
            raise ValueError(f"{value!r} {rule}")
        return value

    return check


def _string(pattern: str, max_length: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern, "maxLength": max_length})


Name = Annotated[str, StringConstraints(pattern=DNS1123_LABEL, max_length=63)]
ServiceName = Annotated[
    str,
    AfterValidator(
        _fullmatch(
            DNS1035_LABEL,
            63,
            "must be a DNS-1035 label (a DNS-1123 label that starts with a letter: it "
            "names the Service): lowercase letters, digits and '-', starting with a letter "
            "and ending with a letter or digit, at most 63 characters",
        )
    ),
    _string(DNS1035_LABEL, 63),
]
SectionName = Annotated[
    str,
    AfterValidator(
        _fullmatch(
            SECTION_NAME,
            SECTION_NAME_MAX,
            "must be a Gateway API listener name: lowercase letters, digits and '-', "
            "starting and ending with a letter or digit, at most 253 characters",
        )
    ),
    _string(SECTION_NAME, SECTION_NAME_MAX),
]
Subdomain = Annotated[
    str,
    AfterValidator(
        _fullmatch(
            DNS1123_SUBDOMAIN,
            253,
            "must be a DNS-1123 subdomain such as nginx or example.com-lb: lowercase "
            "letters, digits, '-' and '.', at most 253 characters",
        )
    ),
    _string(DNS1123_SUBDOMAIN, 253),
]
Hostname = Annotated[str, StringConstraints(pattern=HOSTNAME, max_length=253)]
Image = Annotated[str, StringConstraints(pattern=IMAGE_REF, max_length=512)]
LabelKey = Annotated[str, StringConstraints(pattern=QUALIFIED_NAME, max_length=317)]
LabelValue = Annotated[str, StringConstraints(pattern=LABEL_VALUE, max_length=63)]
AnnotationKey = LabelKey
Int32 = Annotated[int, Field(ge=0, le=INT32_MAX)]
Int64 = Annotated[int, Field(ge=-INT64_MAX - 1, le=INT64_MAX)]
Port = Annotated[int, Field(ge=1, le=65535)]
PortName = Annotated[str, StringConstraints(pattern=IANA_SVC_NAME)]
# Kubernetes IntOrString: a port number or a named container port.
PortRef = Port | PortName
# Kubernetes IntOrString as a count or a percentage (maxSurge, minAvailable).
Percent = Annotated[str, StringConstraints(pattern=PERCENT)]
CountOrPercent = Int32 | Percent
_check_budget_percent = _fullmatch(
    PERCENT_UP_TO_100, 4, 'must be a whole number or a percentage up to "100%"'
)


def _check_budget(value: int | str) -> int | str:
    # One check for both forms, so a bad percentage is not reported as "not an integer".
    if isinstance(value, str):
        return _check_budget_percent(value)
    if not 0 <= value <= INT32_MAX:
        raise ValueError(f"{value!r} must be a count from 0 to {INT32_MAX}")
    return value


# A PodDisruptionBudget bound: a count, or a percentage of at most 100.
BudgetCountOrPercent = Annotated[
    int | str,
    AfterValidator(_check_budget),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": INT32_MAX},
                {"type": "string", "pattern": PERCENT_UP_TO_100, "maxLength": 4},
            ]
        }
    ),
]
HttpPath = Annotated[str, StringConstraints(pattern=HTTP_PATH, max_length=1024)]

_check_quantity_text = _fullmatch(
    NONNEGATIVE_QUANTITY,
    64,
    "must be a Kubernetes quantity such as 500m, 1.5, 128Mi or 1e3 (not negative)",
)


def _check_quantity(value: str | int | float) -> str | int | float:
    if isinstance(value, str):
        return _check_quantity_text(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{value!r} must be a finite, non-negative quantity such as 500m or 2")
    return value


# Resource quantities ("500m", "1Gi", 2, 0.5): the API server's grammar, finite numbers
# (YAML's .nan and .inf are floats, and no cluster takes them), never negative.
Quantity = Annotated[
    Annotated[str, _string(NONNEGATIVE_QUANTITY, 64)]
    | Annotated[int, WithJsonSchema({"type": "integer", "minimum": 0})]
    | Annotated[float, WithJsonSchema({"type": "number", "minimum": 0})],
    AfterValidator(_check_quantity),
]
Labels = dict[LabelKey, LabelValue]


def _within_annotation_budget(annotations: dict[str, str]) -> dict[str, str]:
    # The API server counts bytes of keys and values together, per object.
    size = sum(len(k.encode()) + len(v.encode()) for k, v in annotations.items())
    if size > ANNOTATION_BUDGET:
        raise ValueError(
            f"annotations take {size} bytes (keys plus values); at most {ANNOTATION_BUDGET} "
            f"fit: Kubernetes refuses an object whose annotations pass "
            f"{TOTAL_ANNOTATION_SIZE} bytes, and mcpgen keeps {ANNOTATION_RESERVE} for its own"
        )
    return annotations


Annotations = Annotated[dict[AnnotationKey, str], AfterValidator(_within_annotation_budget)]
# Kubernetes objects mcpgen passes through untouched (affinity, volumes, ...).
KubeObject = dict[str, Any]

# An MCP specification revision is named by its release date.
McpRevision = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]

# An absolute POSIX path in the container (a mount point).
AbsolutePath = Annotated[str, StringConstraints(pattern=r"^/[^\x00]*$", max_length=4096)]
# An IPv4 or IPv6 CIDR block, as Service.spec.loadBalancerSourceRanges takes them.
Cidr = Annotated[
    str,
    StringConstraints(
        pattern=r"^([0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9a-fA-F:]+/[0-9]{1,3})$"
    ),
]


def normalise_path(path: str) -> str:
    """The one path normalisation (the chart's `mcp-server.normalisePath` is the same):
    runs of `/` are one, no trailing `/`, the root stays `/`.

    Nothing is decoded: `%2F` is not a separator to the server (RFC 3986), and a
    `?` is part of the path text here, so `/sse?x=1` does not end in `sse`.
    """
    return re.sub("/+", "/", path).removesuffix("/") or "/"
