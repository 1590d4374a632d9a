"""Hostile YAML is refused before anything is built from it, by every command that reads it.

The bombs run the real CLI in its own process, under an address-space cap so a
regression fails the test instead of the machine; each must end with exit 2,
one clear line, no traceback, within seconds and a few hundred MB.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, mcpgen
from mcpgen.load import limits
from mcpgen.load.limits import Budget, Refused, check_text

HEAD = "apiVersion: mcp.mcp-operator.io/v1\nkind: MCPServer\nmetadata:\n  name: demo\n"
SPEC = HEAD + "spec:\n  image: mcp/x:1\n"


def alias_bomb(levels: int = 9, *, error: bool = True) -> str:
    """The billion laughs: each level names the one below nine times (9**9 leaves)."""
    lines = ['    a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"    a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    typo = "  replcas: 2\n" if error else ""
    return SPEC + typo + "  podTemplate:\n    affinity:\n  " + "\n  ".join(lines) + "\n"


BOMBS = {
    # An error sends the loader to its positioned pass, which used to expand every alias.
    "alias-bomb-with-an-error": alias_bomb(),
    "deep-30000": SPEC + "  command: " + "[" * 30_000 + "]" * 30_000 + "\n",
    "affinity-1000": SPEC
    + "  podTemplate:\n    affinity: "
    + "{a: " * 1000
    + "1"
    + "}" * 1000
    + "\n",
    "lone-surrogate": SPEC + '  command: ["\\ud800"]\n',
}
EXPECTED = {
    "alias-bomb-with-an-error": "MAX_ALIAS_NODES = 100,000",
    "deep-30000": "MAX_DEPTH = 100",
    "affinity-1000": "MAX_DEPTH = 100",
    "lone-surrogate": "\\ud800 is half of a UTF-16 surrogate pair",
}


def refusal(text: str) -> Refused:
    with pytest.raises(Refused) as caught:
        check_text(text)
    return caught.value


# -- the check itself -------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_real_specs_pass_through_the_c_parser(example: Path) -> None:
    assert check_text(example.read_text(encoding="utf-8")) is True


def test_depth_up_to_the_limit_passes_and_one_more_is_refused() -> None:
    at_limit = "[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH
    assert check_text(at_limit) is True
    over = refusal("x:\n  y: " + "[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH + "\n")
    assert (over.line, over.column) == (2, 5 + 99)  # the 99th list is the 101st level
    assert "MAX_DEPTH = 100" in over.message


def test_block_nesting_counts_like_flow_nesting() -> None:
    deep = "".join("  " * i + "a:\n" for i in range(limits.MAX_DEPTH)) + "  " * 100 + "b: 1\n"
    assert "MAX_DEPTH" in refusal(deep).message
    assert check_text("".join("  " * i + "a:\n" for i in range(99)) + "  " * 99 + "b: 1\n")


def test_an_alias_reaches_as_deep_as_what_it_names() -> None:
    # Each alias is shallow in the text; expanded, what *b names is 61 levels deep.
    half = "[" * 60 + "]" * 60
    names = f"a: &a {half}\nb: &b [*a]\n"
    assert check_text(names + "c: [[*b]]\n")  # 3 + 61 levels
    over = refusal(names + "c: " + "[" * 40 + "*b" + "]" * 40 + "\n")  # 41 + 61
    assert "once alias *b is expanded" in over.message


def test_aliases_are_counted_expanded_across_the_documents_of_a_file() -> None:
    assert "MAX_ALIAS_NODES" in refusal(alias_bomb(7, error=False)).message
    # A merge key and a few aliases are what real files do: well within the budget.
    assert check_text("base: &b {port: 8080, path: /sse}\nx: {<<: *b}\ny: *b\n")
    budget = Budget()
    one = "a: &a [" + ",".join(["1"] * 999) + "]\nb: [" + ",".join(["*a"] * 50) + "]\n"
    check_text(one, budget)  # 50 aliases of a 1,000-node list
    assert budget.alias_nodes == 50_000
    check_text(one, budget)
    with pytest.raises(Refused):
        check_text(one, budget)  # the file's budget is spent, whatever document spends it


def test_documents_are_counted() -> None:
    assert check_text("---\na: 1\n" * limits.MAX_DOCUMENTS)
    assert "MAX_DOCUMENTS" in refusal("---\na: 1\n" * (limits.MAX_DOCUMENTS + 1)).message


def test_size_is_checked_before_parsing() -> None:
    over = refusal("#" * (limits.MAX_BYTES + 1))
    assert "MAX_BYTES = 16,777,216" in over.message


def test_a_lone_surrogate_is_refused_where_it_stands() -> None:
    found = refusal('a: 1\nb: ["ok", "\\udc00"]\n')
    assert (found.line, found.column) == (2, 11)
    assert "\\udc00" in found.message
    assert "\\U escape" in found.fix
    assert check_text('a: "\\U0001F600 \\u00e9"\n') is True


def test_what_the_c_parser_refuses_is_still_bounded_by_the_pure_parser() -> None:
    # libyaml refuses a NEL (U+0085) in a plain scalar; ruamel's pure parser, the one
    # behind the positioned reader, takes it and would go on into the nesting.
    nel = "a: \x85b\n"
    assert check_text(nel) is False
    deep = "c: " + "[" * 200 + "]" * 200 + "\n"
    assert "MAX_DEPTH" in refusal(nel + deep).message
    # A syntax error ends the walk where every reader stops: the part before was checked.
    assert check_text("a:\n\tb: 1\n" + deep) is False


# -- the commands, as a user runs them ------------------------------------------------------------


@dataclass
class Child:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


def run_bounded(*args: str, cap_mb: int = 2048, timeout: float = 60) -> Child:
    """The CLI in its own process: its own peak RSS (wait4), killed past `timeout`."""

    def cap() -> None:  # a regression then fails with MemoryError, not by swapping
        resource.setrlimit(resource.RLIMIT_AS, (cap_mb << 20, cap_mb << 20))

    start = time.monotonic()
    with (
        open(os.devnull, "rb") as stdin,
        subprocess.Popen(
            [sys.executable, "-m", "mcpgen", *args],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            preexec_fn=cap,
        ) as proc,
    ):
        timer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
        timer.start()
        out: list[bytes] = []
        reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))  # type: ignore[union-attr]
        reader.start()
        err = proc.stderr.read()  # type: ignore[union-attr]
        reader.join()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # wait4 reaped it
        timer.cancel()
    return Child(
        proc.returncode,
        out[0].decode(errors="replace"),
        err.decode(errors="replace"),
        time.monotonic() - start,
        usage.ru_maxrss / 1024,  # KiB on Linux
    )


@pytest.mark.parametrize("command", ["render", "explain", "validate"])
@pytest.mark.parametrize("bomb", list(BOMBS))
def test_bombs_end_fast_and_small_with_one_clear_line(
    tmp_path: Path, bomb: str, command: str
) -> None:
    source = tmp_path / "bomb.yaml"
    source.write_text(BOMBS[bomb], encoding="utf-8")
    out = tmp_path / "out"
    args = [command, str(source), *(["-o", str(out)] if command == "render" else [])]

    child = run_bounded(*args)

    assert child.code == 2, (child.code, child.err[-2000:], child.out[-2000:])
    assert child.seconds < 10, child.seconds
    assert child.peak_mb < 400, child.peak_mb
    assert "Traceback" not in child.err + child.out
    report = child.err if command != "validate" else child.out
    assert EXPECTED[bomb] in report
    assert len(report) < 2000, report  # a line or two, not megabytes
    if command == "validate":
        assert "YML002" in report
    else:
        (line,) = [x for x in report.splitlines() if x.startswith("error:")]
        assert line.startswith(f"error: {source}:")
        assert not out.exists()


def test_stdin_is_bounded_too() -> None:
    bomb = BOMBS["deep-30000"]
    for command in ("render", "explain", "validate"):
        run = mcpgen(command, "-", stdin=bomb)
        assert run.code == 2, (command, run.err)
        assert "MAX_DEPTH" in run.err + run.out


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:  # sparse: the size is known without writing 16 MiB
        f.truncate(limits.MAX_BYTES + 1)
    run = mcpgen("render", str(big))
    assert run.code == 2
    assert f"{big}:1:1: the file has 16,777,217 bytes, over the limit MAX_BYTES" in run.err
    run = mcpgen("validate", str(big))
    assert run.code == 2
    assert "YML002" in run.out and "MAX_BYTES" in run.out
