"""examples/gitops/: Argo CD and Flux objects, checked against their CRD schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, mcpgen

GITOPS = sorted((ROOT / "examples" / "gitops").glob("*.yaml"))


def test_there_is_an_application_an_applicationset_and_a_flux_kustomization() -> None:
    kinds = {p.read_text().split("\nkind: ", 1)[1].split()[0] for p in GITOPS}
    assert kinds == {"Application", "ApplicationSet", "Kustomization"}


@pytest.mark.parametrize("path", GITOPS, ids=[p.stem for p in GITOPS])
def test_each_is_valid_against_its_crd_schema(path: Path) -> None:
    run = mcpgen("validate", "--fail-on", "info", str(path))
    assert run.code == 0, run.out
    assert "Valid: 1," in run.out  # checked, not skipped


@pytest.mark.parametrize("path", GITOPS, ids=[p.stem for p in GITOPS])
def test_a_typo_is_caught(path: Path) -> None:
    # The schemas are strict: an unknown field under spec fails, as in the cluster it
    # would be dropped silently.
    text = path.read_text().replace("\nspec:\n", "\nspec:\n  destinaton: {}\n", 1)
    run = mcpgen("validate", "-", stdin=text)
    assert run.code == 1
    assert "SCH001" in run.out


@pytest.mark.parametrize("path", GITOPS, ids=[p.stem for p in GITOPS])
def test_each_points_at_the_rendered_tree(path: Path) -> None:
    assert "rendered" in path.read_text()
