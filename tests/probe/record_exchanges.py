"""Record real probes of the SDK servers for `test_probe_replay.py`.

    .venv/bin/python tests/probe/record_exchanges.py

Every call between the blocking driver and the machine is written down: what
the machine asked for, and what the server answered, chunk by chunk. The
replay test feeds the answers back with no network and checks that the
machine asks for the same things and reaches the same verdict. Re-record when
the machine's requests change on purpose.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import mcp1_venv  # noqa: E402
from mcp1_server import KINDS as MCP1_KINDS  # noqa: E402
from sdk_server import ALLOWED_HOST, TOKEN, running  # noqa: E402

import mcpgen.probe.options as options_module  # noqa: E402
from mcpgen.detect.actions import Action, Close, ErrorKind, Finish, Read, Send  # noqa: E402
from mcpgen.detect.machine import ProbeMachine  # noqa: E402
from mcpgen.probe import ProbeOptions, probe_url  # noqa: E402

OUT = HERE / "recordings"
# name -> (server kind, path or "" for the bare base URL, probe options). The kinds
# of `mcp1_server.py` (mcp 1.x, legacy only) run in the tests' own 1.x venv.
DEEP = ProbeOptions(deep=True)
CASES: dict[str, tuple[str, str, ProbeOptions]] = {
    "modern": ("modern", "/mcp", ProbeOptions()),
    "modern-deep": ("modern", "/mcp", DEEP),
    "modern-bare": ("modern", "/bare/mcp", ProbeOptions()),
    "dual-deep": ("stateful", "/mcp", DEEP),
    "broken-deep": ("broken", "/mcp", DEEP),
    "legacy-1x": ("legacy", "/mcp", ProbeOptions()),
    "legacy-1x-stateless-deep": ("legacy-stateless", "/mcp", DEEP),
    "legacy-1x-json": ("legacy-json", "/mcp", ProbeOptions()),
    "legacy-1x-sse-deep": ("legacy-sse", "/sse", DEEP),
    "sse": ("sse", "/sse", ProbeOptions()),
    "sse-deep": ("sse", "/sse", DEEP),
    "sse-no-path": ("sse", "", ProbeOptions()),
    "stateful": ("stateful", "/mcp", ProbeOptions()),
    "stateful-redirect": ("stateful", "/mcp/", ProbeOptions()),
    "stateless": ("stateless", "/mcp", ProbeOptions()),
    "json": ("json", "/mcp", ProbeOptions()),
    "auth-missing": ("auth", "/mcp", ProbeOptions()),
    "auth-token": ("auth", "/mcp", ProbeOptions(headers=(("Authorization", f"Bearer {TOKEN}"),))),
    "rebinding-421": ("rebinding", "/mcp", ProbeOptions()),
    "rebinding-host": ("rebinding", "/mcp", ProbeOptions(host_header=ALLOWED_HOST)),
}


def action_entry(action: Action) -> dict[str, Any]:
    if isinstance(action, Send):
        r = action.request
        return {
            "expect": "send",
            "id": r.id,
            "method": r.method,
            "url": r.url,
            "purpose": r.purpose,
            "headers": [list(h) for h in r.headers],
            "body": r.body.decode(),
        }
    if isinstance(action, Read):
        return {"expect": "read", "id": action.request_id}
    if isinstance(action, Close):
        return {"expect": "close", "id": action.request_id}
    assert isinstance(action, Finish)
    return {"expect": "finish"}


class Recorder(ProbeMachine):
    """The real machine, writing down every call the driver makes."""

    script: list[dict[str, Any]]
    last: Recorder  # the latest one made, for main() to read its script

    def __init__(self, url: str, **kwargs: Any) -> None:
        self.script = []
        Recorder.last = self
        super().__init__(url, **kwargs)

    def next_action(self) -> Action:
        action = super().next_action()
        self.script.append(action_entry(action))
        return action

    def response(self, request_id: int, status: int, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        entry = {"feed": "response", "id": request_id, "status": status}
        self.script.append(entry | {"headers": [list(h) for h in headers]})
        super().response(request_id, status, headers)

    def data(self, request_id: int, chunk: bytes) -> None:
        self.script.append({"feed": "data", "id": request_id, "chunk": chunk.decode()})
        super().data(request_id, chunk)

    def end(self, request_id: int) -> None:
        self.script.append({"feed": "end", "id": request_id})
        super().end(request_id)

    def error(self, request_id: int, kind: ErrorKind, detail: str) -> None:
        entry = {"feed": "error", "id": request_id, "kind": kind.value, "detail": detail}
        self.script.append(entry)
        super().error(request_id, kind, detail)

    def timeout(self, seconds: float) -> None:
        self.script.append({"feed": "timeout", "seconds": seconds})
        super().timeout(seconds)


def dumps(recording: dict[str, Any]) -> str:
    """One script step a line, so a re-recording diffs step by step."""
    head = {k: v for k, v in recording.items() if k != "script"}
    steps = ",\n  ".join(json.dumps(step) for step in recording["script"])
    return json.dumps(head, indent=1)[:-2] + f',\n "script": [\n  {steps}\n ]\n}}\n'


def main() -> None:
    OUT.mkdir(exist_ok=True)
    options_module.ProbeMachine = Recorder  # type: ignore[attr-defined]
    kinds = {kind for kind, _, _ in CASES.values()}
    with (
        tempfile.TemporaryDirectory() as logs,
        running(sorted(kinds - set(MCP1_KINDS)), Path(logs)) as servers,
        running(sorted(kinds & set(MCP1_KINDS)), Path(logs), python=mcp1_venv.python()) as old,
    ):
        servers.update(old)
        for name, (kind, path, options) in CASES.items():
            url = servers[kind].base + path
            report = probe_url(url, options)
            verdict = {
                k: v for k, v in report.as_dict().items() if k not in ("requests", "elapsedMs")
            }
            recording = {
                "url": url,
                "headers": [list(h) for h in options.headers],
                "hostHeader": options.host_header,
                "deep": options.deep,
                "script": Recorder.last.script,
                "verdict": verdict,
            }
            (OUT / f"{name}.json").write_text(dumps(recording))
            print(f"{name}: {report.verdict.state.value} {report.verdict.protocol}")


if __name__ == "__main__":
    main()
