"""Output folders on their own filesystem, under a read-only parent, or running out of space.

Each case mounts tmpfs inside a private user and mount namespace (`unshare -rm`),
so the mounts are real and vanish with the test's shell.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from conftest import ROOT
from tests.write.trees import in_mount_namespace, write_specs

SERVERS = ROOT / "examples"
PY = "python -m mcpgen"


def _script(tmp_path: Path, body: str) -> str:
    venv_python = shlex.quote(str(Path(__import__("sys").executable)))
    return f'python() {{ {venv_python} "$@"; }}\ncd {shlex.quote(str(tmp_path))}\n{body}'


def test_an_output_folder_that_is_a_mount_point_is_written_and_rewritten(tmp_path: Path) -> None:
    run = in_mount_namespace(
        _script(
            tmp_path,
            f"""
mkdir out
mount -t tmpfs none out
{PY} render -q {SERVERS} -o out
sed 's/team: platform/team: b/' {SERVERS}/sse-optimized.yaml > changed.yaml
{PY} render -q changed.yaml -o out
grep -q 'team: b' out/mcp/everything-sse/deployment.yaml
test ! -e out/.mcpgen-tmp
echo ok
""",
        )
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("ok")


def test_a_read_only_parent_does_not_matter(tmp_path: Path) -> None:
    run = in_mount_namespace(
        _script(
            tmp_path,
            f"""
mkdir parent
mount -t tmpfs none parent
mkdir parent/out
mount -t tmpfs none parent/out
{PY} render -q {SERVERS} -o parent/out
mount -o remount,ro parent
{PY} render -q {SERVERS} -o parent/out
sed 's/team: platform/team: b/' {SERVERS}/sse-optimized.yaml > changed.yaml
{PY} render -q changed.yaml -o parent/out
grep -q 'team: b' parent/out/mcp/everything-sse/deployment.yaml
echo ok
""",
        )
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("ok")


def test_a_read_only_output_folder_fails_in_one_line_and_only_when_it_must_change(
    tmp_path: Path,
) -> None:
    run = in_mount_namespace(
        _script(
            tmp_path,
            f"""
mkdir out
mount -t tmpfs none out
{PY} render -q {SERVERS} -o out
mount -o remount,ro out
{PY} render -q {SERVERS} -o out
{PY} render -q {SERVERS} -o out --check
sed 's/team: platform/team: b/' {SERVERS}/sse-optimized.yaml > changed.yaml
set +e
{PY} render -q changed.yaml -o out 2> err.txt
echo "code=$?"
""",
        )
    )
    assert run.returncode == 0, run.stderr
    assert "code=2" in run.stdout
    err = (tmp_path / "err.txt").read_text()
    assert err.count("\n") == 1 and "Read-only file system" in err, err
    assert "Traceback" not in err


def test_running_out_of_space_midway_leaves_the_tree_as_it_was(tmp_path: Path) -> None:
    write_specs(tmp_path / "a", 60, "a")
    write_specs(tmp_path / "b", 60, "b")
    run = in_mount_namespace(
        _script(
            tmp_path,
            f"""
mkdir out
mount -t tmpfs -o size=2m none out
{PY} render -q a -o out
cp -a out before
# Fill the filesystem so that staging the new tree runs out of space midway.
head -c 1900000 /dev/zero > out/.filler 2>/dev/null || true
set +e
{PY} render -q b -o out 2> err.txt
echo "code=$?"
set -e
rm out/.filler
diff -r before out && echo same
""",
        )
    )
    assert run.returncode == 0, run.stderr
    err = (tmp_path / "err.txt").read_text()
    assert "code=2" in run.stdout, (run.stdout, err)
    assert "No space left on device" in err
    assert "same" in run.stdout
