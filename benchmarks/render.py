"""mcpgen render against helm template: whole processes, paired, in turns, as ratios.

    .venv/bin/python benchmarks/render.py [--specs 1000] [--pairs 5] [--memory 5000]

The specs (benchmarks/_specs.py) are the examples plus every ingress provider
with both protocols, one spec per file. Every mcpgen figure is a whole
`mcpgen render` process: reading, parsing, validating, planning, rendering and
writing its files. helm renders the same specs as values of charts/mcp-server.

- bulk: `mcpgen render DIR -o OUT` (a fresh OUT) per spec, against one `helm template`
  per release (each base case once per pair, averaged);
- re-render: the same command into the tree it wrote, unchanged, and with a tenth of
  the specs changed, against fresh;
- cold start: one `mcpgen render FILE` against one `helm template` of that spec;
- memory: the peak RSS of `mcpgen render DIR -o OUT` over --memory specs.

Not part of the test suite's pass/fail; the machine's cores are shared, so only
the ratios mean anything.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import Run, compile_package, mean_run, paired, python_of_venv, run, work_folder
from _specs import ROOT, bases, helm_values, write_specs

CHART = ROOT / "charts" / "mcp-server"


def _more_replicas(text: str) -> str:
    if re.search(r"^  replicas: \d+$", text, re.MULTILINE):
        return re.sub(r"^  replicas: \d+$", "  replicas: 4", text, count=1, flags=re.MULTILINE)
    return text.replace("spec:\n", "spec:\n  replicas: 4\n", 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--memory", type=int, default=5000, help="specs for the peak-RSS run")
    parser.add_argument(
        "--parts", default="bulk,rerender,cold,memory", help="comma-separated subset to run"
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    helm = shutil.which("helm")
    if helm is None:
        raise SystemExit("no helm on PATH: PATH=$(scripts/get-helm --print-dir):$PATH")
    mcpgen = [python_of_venv(), "-m", "mcpgen", "render", "-q"]
    compile_package(python_of_venv(), str(ROOT))
    with tempfile.TemporaryDirectory(prefix="mcpgen-bench-render-", dir=work_folder()) as tmp:
        work = Path(tmp)
        print(f"work folder {work} (MCPGEN_BENCH_TMP to choose another); mcpgen byte-compiled")
        specs = write_specs(work / "specs", args.specs)
        releases = helm_values(work / "values")
        print(
            f"{args.specs} specs over {len(bases())} base cases (examples, 8 providers x 2 "
            f"protocols); helm {len(releases)} releases per pair"
        )

        def helm_per_release(_: int) -> Run:
            return mean_run(
                [
                    run([helm, "template", name, str(CHART), "-n", ns, "-f", str(values)])
                    for name, ns, values in releases
                ]
            )

        def bulk_per_spec(i: int) -> Run:
            out = work / f"fresh-{i}"
            took = run([*mcpgen, str(work / "specs"), "-o", str(out)]).per(args.specs)
            shutil.rmtree(out)
            return took

        if "bulk" in parts:
            bulk = paired(args.pairs, helm_per_release, bulk_per_spec)
            print(bulk.lines("bulk, helm per release / mcpgen per spec", "helm", "mcpgen"))

        # Re-render: the tree exists; unchanged, and with every tenth spec changed.
        tree = work / "tree"
        if "rerender" in parts:
            run([*mcpgen, str(work / "specs"), "-o", str(tree)])

        def fresh(i: int) -> Run:
            out = work / f"fresh-r{i}"
            took = run([*mcpgen, str(work / "specs"), "-o", str(out)])
            shutil.rmtree(out)
            return took

        def unchanged(_: int) -> Run:
            return run([*mcpgen, str(work / "specs"), "-o", str(tree)])

        if "rerender" in parts:
            again = paired(args.pairs, fresh, unchanged)
            print(
                again.lines("re-render unchanged, fresh / re-render", "fresh", "re-render", "s", 1)
            )

        changed_specs = work / "changed"
        changed_tree = work / "changed-tree"

        def changed(i: int) -> Run:
            for folder in (changed_specs, changed_tree):
                shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(work / "specs", changed_specs)
            shutil.copytree(tree, changed_tree, symlinks=True)
            for n, spec in enumerate(sorted(changed_specs.iterdir())):
                if n % 10 == 0:  # a tenth of the servers get another replica count
                    text = spec.read_text(encoding="utf-8")
                    spec.write_text(_more_replicas(text), encoding="utf-8")
            return run([*mcpgen, str(changed_specs), "-o", str(changed_tree)])

        if "rerender" in parts:
            tenth = paired(args.pairs, fresh, changed)
            print(
                tenth.lines(
                    "re-render, 10% changed, fresh / re-render", "fresh", "re-render", "s", 1
                )
            )

        # Cold start: one spec, one process each, every base case in turn (the first
        # len(bases) spec files are the bases in order, as are the releases).
        spec_release = list(zip(specs[: len(releases)], releases, strict=True))
        rounds = max(args.pairs * 4, len(spec_release))

        def helm_one(i: int) -> Run:
            _, (name, ns, values) = spec_release[i % len(spec_release)]
            return run([helm, "template", name, str(CHART), "-n", ns, "-f", str(values)])

        def mcpgen_one(i: int) -> Run:
            spec, _ = spec_release[i % len(spec_release)]
            return run([*mcpgen, str(spec)])

        if "cold" in parts:
            cold = paired(rounds, mcpgen_one, helm_one)
            print(cold.lines("cold start, mcpgen render FILE / helm template", "mcpgen", "helm"))

        if "memory" not in parts:
            return
        many = work / "memory"
        write_specs(many, args.memory)
        peaks = [
            run([*mcpgen, str(many), "-o", str(work / f"mem-{i}")]).peak_rss_mb for i in range(3)
        ]
        print(
            f"memory, {args.memory} specs -o fresh: peak RSS median "
            f"{statistics.median(peaks):.0f} MB "
            f"(min {min(peaks):.0f}, max {max(peaks):.0f}; 3 runs)"
        )


if __name__ == "__main__":
    main()
