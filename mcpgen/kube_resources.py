"""Kubernetes' grammar for container resources: quantities and resource names.

Standard library only, so the model (at load) and `mcpgen validate` (on any manifest)
judge `cpu: 1 core` and `memroy: 1Gi` by the one rule the API server applies.
"""

from __future__ import annotations

import re
from typing import Any

# resource.Quantity's grammar (the pattern Kubernetes puts on Quantity fields of CRDs).
QUANTITY_PATTERN = (
    r"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))"
    r"(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$"
)
# The upstream definition every quantity field refers to.
QUANTITY_DEFINITION = "io.k8s.apimachinery.pkg.api.resource.Quantity"
# The upstream Quantity is "a string or a number": `cpu: 1 core` would pass. The API
# server parses it with resource.Quantity's grammar, so the check does too.
STRICT_QUANTITY = {
    "oneOf": [
        {"type": ["string", "null"], "pattern": QUANTITY_PATTERN},
        {"type": ["number", "null"]},
    ]
}
QUANTITY_HELP = "must be a Kubernetes quantity such as 500m, 1.5, 128Mi or 1e3"


def shown(value: Any) -> str:
    """A value as a message quotes it: its repr, cut in the middle when long."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:75]} ...{text[-1]}"


# Container resource names the kubelet knows; anything else must be an extended
# resource named with its domain (nvidia.com/gpu), or the API server refuses the pod.
STANDARD_RESOURCES = ("cpu", "memory", "ephemeral-storage")
HUGEPAGES = r"hugepages-" + QUANTITY_PATTERN.removeprefix("^")
EXTENDED = (
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/"
    r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
)


RESERVED_DOMAIN = r"^([^/]*\.)?kubernetes\.io/"
# The same rule as resource_name_problem, for the schemas generated from the model (the
# chart's values.schema.json among them): JSON Schema patterns search, hence the anchors,
# and Go's regexp (helm's) has no lookahead, hence `not` for the reserved domain.
RESOURCE_NAME_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"enum": list(STANDARD_RESOURCES)},
        {"pattern": f"^{HUGEPAGES}"},
        {"pattern": f"^{EXTENDED}$", "not": {"pattern": RESERVED_DOMAIN}},
    ]
}


def resource_name_problem(name: str) -> str | None:
    """Why `name` cannot be a container resource, or None when it can."""
    if name in STANDARD_RESOURCES:
        return None  # the common case, without compiling a pattern
    # re's own cache keeps the compiled patterns; compiling them at import costs every run.
    if re.fullmatch(HUGEPAGES, name):
        return None
    if re.fullmatch(EXTENDED, name):
        if not re.match(RESERVED_DOMAIN, name):
            return None
        return f"{name!r}: the kubernetes.io domain is reserved for Kubernetes' own resources"
    import difflib  # here, not at import: only a refused name needs it

    close = difflib.get_close_matches(name.lower(), STANDARD_RESOURCES, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return (
        f"unknown resource {shown(name)}{hint} (a container asks for cpu, memory, "
        "ephemeral-storage, hugepages-<size>, or an extended resource named with its "
        "domain, such as nvidia.com/gpu)"
    )
