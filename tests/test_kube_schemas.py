"""Rendered manifests pass the upstream strict Kubernetes 1.33 schemas (kubernetes-validate)."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate

from mcpgen.load import load_paths
from mcpgen.render import render_server

KUBERNETES = "1.33.0"


# Kinds kubernetes-validate has no schema for: checked against schemas/ instead.
THIRD_PARTY = ("monitoring.coreos.com/",)


def test_example_validates_strictly(example: Path) -> None:
    from mcpgen.render import to_stream
    from mcpgen.validate import Options, validate_text

    for loaded in load_paths([str(example)]).servers:
        documents = render_server(loaded.server).documents
        assert documents, example
        for document in documents:
            if str(document["apiVersion"]).startswith(THIRD_PARTY):
                report = validate_text(to_stream([document]), example.name, Options(policy=False))
                assert report.findings == [] and report.summary().valid == 1, report.findings
                continue
            # Raises ValidationError on any schema violation, unknown field included.
            kubernetes_validate.validate(document, KUBERNETES, strict=True)


def test_strict_validation_catches_a_misspelled_field() -> None:
    # The real schemas reject what mcpgen must never emit: proves the test above bites.
    loaded = load_paths(["examples/sse-basic.yaml"]).servers[0]
    deployment = next(
        d for d in render_server(loaded.server).documents if d["kind"] == "Deployment"
    )
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 2}}
    try:
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)
    except kubernetes_validate.ValidationError as exc:
        assert "replica" in str(exc)
    else:
        raise AssertionError("strict schema accepted an unknown field")
