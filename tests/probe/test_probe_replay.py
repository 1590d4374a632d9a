"""The machine replays real exchanges with the SDK servers, with no network at all.

`record_exchanges.py` wrote down every call between the blocking driver and
the machine. Here the server's answers are fed back (h11 style) and the
machine must ask for exactly the same requests, reads and closes, and reach
the same verdict.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from record_exchanges import CASES, action_entry

from mcpgen.detect.actions import ErrorKind
from mcpgen.detect.machine import ProbeMachine
from mcpgen.probe.report import ProbeReport

RECORDINGS = sorted((Path(__file__).parent / "recordings").glob("*.json"))


def without_version(entry: dict[str, Any]) -> dict[str, Any]:
    """mcpgen's own version is in the initialize body; a release must not break replays."""
    if entry.get("body", "").startswith("{"):
        body = json.loads(entry["body"])
        body.get("params", {}).get("clientInfo", {}).pop("version", None)
        entry = entry | {"body": body}
    return entry


def test_every_recorded_case_has_a_recording() -> None:
    assert sorted(p.stem for p in RECORDINGS) == sorted(CASES)


@pytest.mark.parametrize("path", RECORDINGS, ids=[p.stem for p in RECORDINGS])
def test_replay(path: Path) -> None:
    recording = json.loads(path.read_text())
    machine = ProbeMachine(
        recording["url"],
        headers=[tuple(h) for h in recording["headers"]],
        host_header=recording["hostHeader"],
        deep=recording["deep"],
    )
    for step in recording["script"]:
        if "expect" in step:
            assert without_version(action_entry(machine.next_action())) == without_version(step)
            continue
        request_id = step.get("id", 0)
        match step["feed"]:
            case "response":
                machine.response(request_id, step["status"], [tuple(h) for h in step["headers"]])
            case "data":
                machine.data(request_id, step["chunk"].encode())
            case "end":
                machine.end(request_id)
            case "error":
                machine.error(request_id, ErrorKind(step["kind"]), step["detail"])
            case "timeout":
                machine.timeout(step["seconds"])
    verdict = machine.verdict
    assert verdict is not None
    shown = ProbeReport(recording["url"], verdict).as_dict()
    assert {k: shown[k] for k in recording["verdict"]} == recording["verdict"]


@pytest.mark.parametrize("path", RECORDINGS, ids=[p.stem for p in RECORDINGS])
def test_replay_byte_by_byte(path: Path) -> None:
    """The same exchange with every body cut into single bytes reaches the same verdict."""
    recording = json.loads(path.read_text())
    responses = {s["id"]: s for s in recording["script"] if s.get("feed") == "response"}
    bodies: dict[int, list[bytes]] = {}
    for step in recording["script"]:
        if step.get("feed") == "data":
            raw = step["chunk"].encode()
            bodies.setdefault(step["id"], []).extend(raw[i : i + 1] for i in range(len(raw)))
    ended = {s["id"] for s in recording["script"] if s.get("feed") == "end"}
    machine = ProbeMachine(
        recording["url"],
        headers=[tuple(h) for h in recording["headers"]],
        host_header=recording["hostHeader"],
        deep=recording["deep"],
    )
    # Requests get the same ids in the same order, so answers can be looked up by id.
    for _ in range(10_000):
        action = action_entry(machine.next_action())
        if action["expect"] == "finish":
            break
        request_id = action["id"]
        if action["expect"] == "send":
            answer = responses[request_id]
            machine.response(request_id, answer["status"], [tuple(h) for h in answer["headers"]])
        elif action["expect"] == "read":
            pending = bodies.get(request_id)
            if pending:
                machine.data(request_id, pending.pop(0))
            else:
                assert request_id in ended, "the machine reads past what the server sent"
                machine.end(request_id)
    verdict = machine.verdict
    assert verdict is not None
    shown = ProbeReport(recording["url"], verdict).as_dict()
    assert {k: shown[k] for k in recording["verdict"]} == recording["verdict"]
