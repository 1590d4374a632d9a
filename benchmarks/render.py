"""Render speed and memory: 1,000 specs in one process, and single renders from a cold start.

    .venv/bin/python benchmarks/render.py [--specs 1000] [--runs 10]

Prints ms per spec (bulk, in-process), the end-to-end CLI time for a folder of
that many files, the cold-start time of one render and of `mcpgen --help`, and
peak resident memory for each. Not part of the test suite's pass/fail.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import run_child, self_peak_rss_mb, timer

ROOT = Path(__file__).resolve().parent.parent


def bulk(count: int) -> tuple[float, float]:
    from mcpgen.load import load_paths
    from mcpgen.render import render_server, to_stream

    templates = [x.server for x in load_paths([str(ROOT / "examples")]).servers]
    servers = []
    for i in range(count):
        base = templates[i % len(templates)]
        meta = base.metadata.model_copy(update={"name": f"{base.metadata.name}-{i}"})
        servers.append(base.model_copy(update={"metadata": meta}))
    render_server(servers[0])  # warm: first use compiles templates
    start = timer()
    documents = [doc for s in servers for doc in render_server(s).documents]
    text = to_stream(documents)
    elapsed = timer() - start
    assert text.count("\nkind: Deployment\n") == count
    return elapsed * 1000 / count, self_peak_rss_mb()


def write_specs(folder: Path, count: int) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for i in range(count):
        source = examples[i % len(examples)]
        text = source.read_text()
        name_line = next(line for line in text.splitlines() if line.startswith("  name: "))
        text = text.replace(name_line, f"{name_line}-{i}", 1)
        (folder / f"{source.stem}-{i}.yaml").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    mcpgen = [sys.executable, "-m", "mcpgen"]

    per_spec, bulk_rss = bulk(args.specs)
    print(
        f"bulk render, in-process:  {per_spec:.2f} ms/spec over {args.specs} specs, "
        f"peak RSS {bulk_rss:.0f} MB"
    )

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "specs"
        src.mkdir()
        write_specs(src, args.specs)
        cli = run_child([*mcpgen, "render", "-q", str(src), "-o", str(Path(tmp) / "out")], 1)
        print(
            f"bulk render, CLI -o DIR:  {cli.median_ms / 1000:.2f} s for {args.specs} files "
            f"({cli.median_ms / args.specs:.2f} ms/spec), peak RSS {cli.peak_rss_mb:.0f} MB"
        )

    one = run_child(
        [*mcpgen, "render", "-q", str(ROOT / "examples" / "sse-sticky.yaml")], args.runs
    )
    print(
        f"cold single render:       median {one.median_ms:.0f} ms (min {one.min_ms:.0f}), "
        f"peak RSS {one.peak_rss_mb:.0f} MB"
    )
    helps = run_child([*mcpgen, "--help"], args.runs)
    print(
        f"cold `mcpgen --help`:     median {helps.median_ms:.0f} ms (min {helps.min_ms:.0f}), "
        f"peak RSS {helps.peak_rss_mb:.0f} MB"
    )
    bare = run_child([sys.executable, "-c", "pass"], args.runs)
    print(f"(bare python start:       median {bare.median_ms:.0f} ms)")

    from mcpgen.render.emit import dump, parse

    helm = shutil.which("helm")
    if helm is None:
        print("helm template: skipped, no helm on PATH (scripts/get-helm puts one there)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        values = Path(tmp) / "values.yaml"
        spec = parse((ROOT / "examples" / "sse-sticky.yaml").read_text())["spec"]
        values.write_text(dump(spec))
        chart = ROOT / "charts" / "mcp-server"
        argv = [helm, "template", "wikipedia-sticky", str(chart), "-n", "mcp", "-f", str(values)]
        release = run_child(argv, args.runs)
    print(
        f"helm template, 1 release: median {release.median_ms:.0f} ms "
        f"(min {release.min_ms:.0f}), peak RSS {release.peak_rss_mb:.0f} MB"
    )
    print(
        f"ratios: helm template per release / mcpgen cold single render = "
        f"{release.median_ms / one.median_ms:.2f}x; / mcpgen bulk per spec = "
        f"{release.median_ms / per_spec:.0f}x"
    )


if __name__ == "__main__":
    main()
