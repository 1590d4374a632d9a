"""Every example renders byte-identically, run after run, and matches its golden file.

Regenerate after an intended change with MCPGEN_UPDATE_GOLDEN=1, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

from conftest import GOLDEN, ROOT, assert_golden, mcpgen, mcpgen_process


def test_example_matches_golden(example: Path) -> None:
    run = mcpgen("render", "--quiet", str(example.relative_to(ROOT)))
    assert run.code == 0, run.err
    assert_golden(GOLDEN / f"{example.stem}.yaml", run.out)


def test_render_is_byte_identical_across_processes(tmp_path: Path) -> None:
    # Separate processes get separate hash seeds: any dict or set order leak shows here.
    first = mcpgen_process("render", "-q", "examples/")
    second = mcpgen_process("render", "-q", "examples/")
    assert first.code == 0, first.err
    assert first.out == second.out
    assert first.out.count("\nkind: Deployment\n") == len(list((ROOT / "examples").glob("*.yaml")))


def test_directory_output_is_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert mcpgen_process("render", "-q", "examples/", "-o", str(a)).code == 0
    assert mcpgen_process("render", "-q", "examples/", "-o", str(b)).code == 0
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
