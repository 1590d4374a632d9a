"""Constrained scalar types shared by the models (Kubernetes' own formats)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

# RFC 1123 label: what Kubernetes requires of object and namespace names.
DNS1123_LABEL = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
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
HTTP_PATH = r"^/[^\s]*$"

Name = Annotated[str, StringConstraints(pattern=DNS1123_LABEL, max_length=63)]
Hostname = Annotated[str, StringConstraints(pattern=HOSTNAME, max_length=253)]
Image = Annotated[str, StringConstraints(pattern=IMAGE_REF, max_length=512)]
LabelKey = Annotated[str, StringConstraints(pattern=QUALIFIED_NAME, max_length=317)]
LabelValue = Annotated[str, StringConstraints(pattern=LABEL_VALUE, max_length=63)]
AnnotationKey = LabelKey
Port = Annotated[int, Field(ge=1, le=65535)]
PortName = Annotated[str, StringConstraints(pattern=IANA_SVC_NAME)]
# Kubernetes IntOrString: a port number or a named container port.
PortRef = Port | PortName
# Kubernetes IntOrString as a count or a percentage (maxSurge, minAvailable).
Percent = Annotated[str, StringConstraints(pattern=PERCENT)]
CountOrPercent = Annotated[int, Field(ge=0)] | Percent
HttpPath = Annotated[str, StringConstraints(pattern=HTTP_PATH, max_length=1024)]
# Resource quantities ("500m", "1Gi", 2) are checked by the API server's own
# grammar at validate time; here they only need to be scalars.
Quantity = str | int | float
Labels = dict[LabelKey, LabelValue]
Annotations = dict[AnnotationKey, str]
# Kubernetes objects mcpgen passes through untouched (affinity, volumes, ...).
KubeObject = dict[str, Any]
