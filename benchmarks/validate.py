"""`mcpgen validate` against the `kubernetes-validate` command line: paired, in turns.

    .venv/bin/python benchmarks/validate.py [--documents 2000] [--pairs 3]

Renders the benchmark specs (every provider, both protocols) and keeps the core
kinds, which both tools can check (kubernetes-validate only warns on a kind it
has no schema for), one multi-document file per server. Each pair runs both
tools as whole processes on the same files, strict schemas of Kubernetes 1.33;
the ratio of their times is the ratio of their documents per second. Not part of
the test suite's pass/fail; the cores are shared, so only the ratios count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import compile_package, paired, python_of_venv, run, work_folder
from _specs import ROOT, write_specs

KUBERNETES = "1.33"
CORE_GROUPS = ("v1", "apps/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1")


def write_documents(folder: Path, wanted: int) -> tuple[list[str], int]:
    """Files holding `wanted` core-kind documents in total, each server's in its own file."""
    from mcpgen.load import load_paths
    from mcpgen.render import render_server, to_stream

    specs = write_specs(folder / "specs", max(wanted // 4, 21))
    files: list[str] = []
    total = 0
    for loaded in load_paths([str(p) for p in specs]).servers:
        if total >= wanted:
            break
        documents = [
            d for d in render_server(loaded.server).documents if d["apiVersion"] in CORE_GROUPS
        ][: wanted - total]
        path = folder / f"{loaded.server.metadata.name}.yaml"
        path.write_text(to_stream(documents), encoding="utf-8")
        files.append(str(path))
        total += len(documents)
    return files, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    python = python_of_venv()
    compile_package(python, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="mcpgen-bench-validate-", dir=work_folder()) as tmp:
        files, total = write_documents(Path(tmp), args.documents)
        print(f"{total} documents in {len(files)} files (Kubernetes {KUBERNETES}, strict)")
        mcpgen = [python, "-m", "mcpgen", "validate", "--kubernetes-version", KUBERNETES, *files]
        reference = [
            python,
            "-m",
            "kubernetes_validate",
            "--strict",
            "--quiet",
            "-k",
            f"{KUBERNETES}.0",
            *files,
        ]
        full = paired(args.pairs, lambda _: run(reference), lambda _: run(mcpgen))
        print(full.lines("kubernetes-validate / mcpgen validate (docs/s ratio)", "k-v", "mcpgen"))
        schemas = paired(
            args.pairs, lambda _: run(reference), lambda _: run([*mcpgen, "--no-policy"])
        )
        print(schemas.lines("kubernetes-validate / mcpgen validate --no-policy", "k-v", "mcpgen"))
        rate = total / statistics.median(full.wall.b)
        print(f"mcpgen validate: {rate:.0f} docs/s median (schemas + policy, whole process)")


if __name__ == "__main__":
    main()
