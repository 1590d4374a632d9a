"""The PodDisruptionBudget: protect streams from drains without blocking every eviction."""

from __future__ import annotations

import math

from mcpgen.diagnostics import Finding
from mcpgen.model.spec import SSE_PDB_MIN_AVAILABLE, MCPServerSpec

FIELD = "spec.pdb"


def replica_floor(spec: MCPServerSpec) -> int:
    """The fewest pods that run: what a PDB must stay below."""
    return spec.hpa.min_replicas if spec.hpa.enabled else spec.replicas


def pods(value: object, floor: int) -> int | None:
    """A PDB bound as a pod count; Kubernetes rounds a percentage of `floor` up.

    None when the value is neither a count nor a percentage (a hand-written manifest).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return math.ceil(int(value[:-1]) * floor / 100)
    return None


def pdb_budget(
    spec: MCPServerSpec, protocol: str
) -> tuple[dict[str, object] | None, list[Finding]]:
    """The PDB's spec bound (minAvailable or maxUnavailable), or None for no PDB."""
    pdb = spec.pdb
    floor = replica_floor(spec)
    # Every era has long streams (SSE, subscriptions/listen, progress) that an eviction
    # cuts; SSE also warns when one replica leaves no room for a budget.
    wanted = pdb.enabled if pdb.enabled is not None else (protocol == "sse" or floor > 1)
    if not wanted:
        return None, []
    if floor <= 1:
        return None, [
            Finding(
                "PDB001",
                "warning",
                f"no PodDisruptionBudget: with {floor} replica(s) any budget would block every "
                "voluntary eviction, and node drains would hang",
                "run 2 or more replicas (hpa.minReplicas with an HPA) to get one",
                FIELD,
            )
        ]
    if pdb.max_unavailable is not None:
        if pods(pdb.max_unavailable, floor) == 0:
            return {"maxUnavailable": 1}, [
                Finding(
                    "PDB003",
                    "warning",
                    f"maxUnavailable {pdb.max_unavailable!r} blocks every voluntary eviction; "
                    "using 1",
                    "set spec.pdb.maxUnavailable to 1 or more",
                    f"{FIELD}.maxUnavailable",
                )
            ]
        return {"maxUnavailable": pdb.max_unavailable}, []
    if pdb.min_available is not None:
        if (pods(pdb.min_available, floor) or 0) >= floor:
            chosen = floor - 1
            return {"minAvailable": chosen}, [
                Finding(
                    "PDB003",
                    "warning",
                    f"minAvailable {pdb.min_available!r} is not below the {floor} replicas, so it "
                    f"would block every voluntary eviction; using {chosen}",
                    f"set spec.pdb.minAvailable below {floor}",
                    f"{FIELD}.minAvailable",
                )
            ]
        return {"minAvailable": pdb.min_available}, []
    chosen = min(SSE_PDB_MIN_AVAILABLE, floor - 1)
    why = (
        f"minAvailable {chosen}: keeps {chosen} pod(s) serving streams during drains and still "
        f"lets {floor - chosen} of the {floor} replicas be evicted at a time"
    )
    if chosen < SSE_PDB_MIN_AVAILABLE:
        why += f" ({SSE_PDB_MIN_AVAILABLE} would block every eviction with {floor} replicas)"
    return {"minAvailable": chosen}, [Finding("PDB002", "info", why, "", FIELD)]
