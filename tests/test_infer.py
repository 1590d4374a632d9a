"""The offline detector: explicit protocol, then args, env, path; reasons for each."""

from __future__ import annotations

from typing import Any

import pytest

from mcpgen.detect.infer import infer
from mcpgen.model.spec import MCPServerSpec


def spec(**fields: Any) -> MCPServerSpec:
    return MCPServerSpec.model_validate({"image": "mcp/x:1", **fields})


def path(p: str) -> dict[str, Any]:
    return {"config": {"http": {"path": p}}}


@pytest.mark.parametrize(
    ("args", "protocol", "evidence"),
    [
        (["--transport", "sse"], "sse", "--transport sse"),
        (["--transport=sse"], "sse", "--transport=sse"),
        (["-t", "sse"], "sse", "-t sse"),
        (["-t=SSE"], "sse", "-t=SSE"),
        (["--transport", "streamable-http"], "streamable-http", "--transport streamable-http"),
        (["--transport", "streamable_http"], "streamable-http", "--transport streamable_http"),
        (["--transport", "http"], "streamable-http", "--transport http"),
        (
            ["--port", "80", "--transport=http", "--host", "0.0.0.0"],
            "streamable-http",
            "--transport=http",
        ),
    ],
)
def test_args_decide(args: list[str], protocol: str, evidence: str) -> None:
    result = infer(spec(args=args))
    assert result.protocol == protocol
    assert result.source == "args"
    assert result.reasons == (f"args: {evidence}",)


def test_command_counts_as_args() -> None:
    assert infer(spec(command=["server", "--transport", "sse"])).protocol == "sse"


def test_unrelated_short_flag_is_ignored() -> None:
    result = infer(spec(args=["-t", "30"]))
    assert result.defaulted
    assert result.non_http == ()


@pytest.mark.parametrize("name", ["MCP_TRANSPORT", "TRANSPORT"])
def test_env_decides(name: str) -> None:
    result = infer(spec(environment=[{"name": name, "value": "sse"}]))
    assert (result.protocol, result.source) == ("sse", "env")
    assert result.reasons == (f"env: {name}=sse",)


@pytest.mark.parametrize(
    ("p", "protocol"),
    [
        ("/sse", "sse"),
        ("/api/sse/", "sse"),
        ("/mcp", "streamable-http"),
        ("/v1/mcp", "streamable-http"),
    ],
)
def test_path_decides(p: str, protocol: str) -> None:
    result = infer(spec(transport=path(p)))
    assert (result.protocol, result.source) == (protocol, "path")


def test_path_that_says_nothing_defaults_with_reason() -> None:
    result = infer(spec(transport=path("/events")))
    assert result.defaulted
    assert result.protocol == "streamable-http"
    assert "assuming streamable-http" in result.reasons[0]


def test_precedence_args_over_env_over_path_and_conflicts_reported() -> None:
    result = infer(
        spec(
            args=["--transport", "sse"],
            environment=[{"name": "MCP_TRANSPORT", "value": "http"}],
            transport=path("/mcp"),
        )
    )
    assert result.protocol == "sse"
    assert [s.source for s in result.conflicts] == ["env", "path"]


def test_explicit_protocol_wins_and_agreeing_signals_are_listed() -> None:
    result = infer(spec(args=["--transport", "sse"], transport={"protocol": "sse"}))
    assert result.source == "transport.protocol"
    assert result.reasons == ("transport.protocol: sse", "args: --transport sse (agrees)")


def test_stdio_is_reported_as_non_http() -> None:
    result = infer(spec(args=["--transport", "stdio"]))
    assert result.defaulted
    assert [s.evidence for s in result.non_http] == ["--transport stdio"]


def test_env_from_secret_is_not_read() -> None:
    env = [{"name": "MCP_TRANSPORT", "valueFrom": {"secretKeyRef": {"name": "a", "key": "b"}}}]
    assert infer(spec(environment=env)).defaulted
