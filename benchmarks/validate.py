"""Validation speed: `mcpgen validate` against the `kubernetes-validate` command line.

    .venv/bin/python benchmarks/validate.py [--documents 5000] [--runs 3]

Renders variations of the examples until there are that many documents (only
core kinds, which both tools can check), one multi-document file per server,
then validates the same files with each tool in its own process, strict
schemas of Kubernetes 1.33 for both. Prints documents per second for
`mcpgen validate` (schemas + SSE policy), `mcpgen validate --no-policy`
(schemas only, what kubernetes-validate does) and the in-process throughput,
then the ratios. Not part of the test suite's pass/fail.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import python_of_venv, run_child, timer

ROOT = Path(__file__).resolve().parent.parent
KUBERNETES = "1.33"


def write_documents(folder: Path, wanted: int) -> tuple[list[str], int]:
    """Files holding exactly `wanted` documents in total, each server's in its own file."""
    from mcpgen.load import load_paths
    from mcpgen.render import render_server, to_stream

    templates = [x.server for x in load_paths([str(ROOT / "examples")]).servers]
    files: list[str] = []
    total = 0
    i = 0
    while total < wanted:
        base = templates[i % len(templates)]
        meta = base.metadata.model_copy(update={"name": f"{base.metadata.name}-{i}"})
        documents = list(render_server(base.model_copy(update={"metadata": meta})).documents)
        documents = documents[: wanted - total]
        path = folder / f"{meta.name}.yaml"
        path.write_text(to_stream(documents))
        files.append(str(path))
        total += len(documents)
        i += 1
    return files, total


def in_process(files: list[str]) -> float:
    from mcpgen.validate import Options, validate_paths

    start = timer()
    report = validate_paths(files, Options(kubernetes_version=KUBERNETES))
    elapsed = timer() - start
    assert not report.findings, report.findings[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each mcpgen measurement")
    args = parser.parse_args()
    python = python_of_venv()
    with tempfile.TemporaryDirectory(prefix="mcpgen-bench-validate-") as tmp:
        files, total = write_documents(Path(tmp), args.documents)
        print(f"{total} documents in {len(files)} files (Kubernetes {KUBERNETES}, strict)")
        mcpgen = [python, "-m", "mcpgen", "validate", "--kubernetes-version", KUBERNETES]
        full = run_child([*mcpgen, tmp], args.runs)
        schema_only = run_child([*mcpgen, "--no-policy", tmp], args.runs)
        inside = min(in_process(files) for _ in range(args.runs))
        # Slow: it reloads the 1.4 MB definitions file for every document. One run.
        reference_cli = [python, "-m", "kubernetes_validate", "--strict", "--quiet"]
        reference = run_child([*reference_cli, "-k", f"{KUBERNETES}.0", *files], 1)

    def rate(ms: float) -> float:
        return total / (ms / 1000)

    rows = [
        ("mcpgen validate (schemas + policy, CLI)", full.median_ms, full.peak_rss_mb),
        ("mcpgen validate --no-policy (CLI)", schema_only.median_ms, schema_only.peak_rss_mb),
        ("mcpgen in-process validate_paths", inside * 1000, float("nan")),
        ("kubernetes-validate --strict (CLI)", reference.median_ms, reference.peak_rss_mb),
    ]
    for name, ms, rss in rows:
        memory = f"{rss:7.0f} MB peak" if rss == rss else ""
        print(f"{name:<42} {ms / 1000:8.2f} s  {rate(ms):9.0f} docs/s  {memory}")
    print(
        f"ratio, mcpgen validate / kubernetes-validate: {reference.median_ms / full.median_ms:.1f}x"
        f" (schemas only: {reference.median_ms / schema_only.median_ms:.1f}x)"
    )


if __name__ == "__main__":
    main()
