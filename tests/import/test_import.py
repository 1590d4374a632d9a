"""`mcpgen import`: real documents of every format in, specs that render and validate out.

The documents under data/ are copied from public sources (data/SOURCES.md); each is
imported, rendered, validated, and imported again to the same bytes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import mcpgen
from mcpgen.importers.launchers import STDIO_BRIDGE_IMAGE
from mcpgen.yamlio.emit import parse_all

DATA = Path(__file__).parent / "data"
ALL = sorted(p for p in DATA.glob("*/*") if p.suffix in (".json", ".yaml"))
DEPLOYABLE = [p for p in ALL if p.name not in ("github-mcp-server.json", "mcp-fs-remote.json")]


def imported(tmp: Path, *files: Path, args: tuple[str, ...] = ()) -> tuple[Path, str]:
    out = tmp / "servers"
    run = mcpgen("import", *map(str, files), "-o", str(out), *args)
    assert run.code == 0, run.err
    return out, run.err


def specs(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.yaml") if not p.name.endswith("-secrets.yaml"))


@pytest.mark.parametrize("path", DEPLOYABLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_format_imports_renders_and_validates_clean(path: Path, tmp_path: Path) -> None:
    out, _ = imported(tmp_path, path)
    assert specs(out), "no server imported"
    rendered = tmp_path / "rendered"
    run = mcpgen("render", "-q", str(out), "-o", str(rendered))
    assert run.code == 0, run.err
    # POL017: the HTTP+SSE deprecation notice, for sources that are SSE servers.
    run = mcpgen(
        "validate", "--ignore", "POL017", str(rendered), *map(str, out.glob("*-secrets.yaml"))
    )
    assert run.code == 0, run.out + run.err


@pytest.mark.parametrize("path", DEPLOYABLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reimport_gives_identical_bytes(path: Path, tmp_path: Path) -> None:
    out, _ = imported(tmp_path, path)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    elsewhere = tmp_path / "copy" / path.name
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(path.read_bytes())
    run = mcpgen("import", str(elsewhere), "-o", str(out))  # another path, the same input
    assert run.code == 0, run.err
    assert f"0 written, {len(before)} unchanged" in run.err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert mcpgen("import", "--check", str(path), "-o", str(out)).code == 0


@pytest.mark.parametrize("path", DEPLOYABLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_secrets_are_references_and_skeletons_are_empty(path: Path, tmp_path: Path) -> None:
    out, _ = imported(tmp_path, path)
    for spec in specs(out):
        for env in parse_all(spec.read_text())[0]["spec"].get("environment", []):
            if re.search(r"KEY|TOKEN|SECRET|PASSWORD", env["name"]):
                assert "value" not in env, (spec.name, env)
                assert "secretKeyRef" in env["valueFrom"], (spec.name, env)
    for skeleton in out.glob("*-secrets.yaml"):
        for document in parse_all(skeleton.read_text()):
            assert document["kind"] == "Secret"
            assert set(document["stringData"].values()) <= {""}
        assert "kubectl create secret generic" in skeleton.read_text()


def test_the_skeleton_holds_the_keys_the_spec_reads(tmp_path: Path) -> None:
    out, _ = imported(tmp_path, DATA / "registry" / "brave-search.json")
    brave = parse_all((out / "brave-search-secrets.yaml").read_text())[0]
    assert brave["metadata"]["name"] == "brave-search-secrets"
    assert brave["stringData"] == {"BRAVE_API_KEY": ""}
    env = parse_all((out / "brave-search.yaml").read_text())[0]["spec"]["environment"]
    assert env == [
        {
            "name": "BRAVE_API_KEY",
            "valueFrom": {"secretKeyRef": {"name": "brave-search-secrets", "key": "BRAVE_API_KEY"}},
        }
    ]


def test_literal_secret_in_claude_desktop_is_not_copied(tmp_path: Path) -> None:
    source = tmp_path / "claude_desktop_config.json"
    source.write_text(
        '{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/'
        'server-github", "--token", "ghp_realvalue123"], "env": {"GITHUB_PERSONAL_ACCESS_TOKEN":'
        ' "ghp_realvalue123", "DB": "postgres://me:hunter2@db/x"}}}}'
    )
    out, err = imported(tmp_path, source)
    written = "".join(p.read_text() for p in out.iterdir()) + err
    assert "ghp_realvalue123" not in written and "hunter2" not in written
    spec = parse_all((out / "gh.yaml").read_text())[0]["spec"]
    assert spec["args"][-1] == "$(TOKEN)"
    names = [e["name"] for e in spec["environment"]]
    assert names[0] == "TOKEN"  # the helper the argument expands, first
    assert set(parse_all((out / "gh-secrets.yaml").read_text())[0]["stringData"]) == {
        "GITHUB_PERSONAL_ACCESS_TOKEN",
        "DB",
        "TOKEN",
    }


def test_references_in_text_expand_through_kubernetes(tmp_path: Path) -> None:
    source = tmp_path / "mcp.json"
    source.write_text(
        """{
  // JSONC, as VS Code writes it
  "inputs": [{"type": "promptString", "id": "db-dsn", "description": "DSN", "password": true}],
  "servers": {
    "dbhub": {
      "type": "stdio",
      "command": "npx",
      "args": ["@bytebase/dbhub", "--dsn", "${input:db-dsn}", "--note", "$(literal)"],
      "env": {"AUTH": "Bearer ${env:API_TOKEN}", "HOME_DIR": "${userHome}/x"},
      "envFile": "${workspaceFolder}/.env",
    },
  },
}"""
    )
    out, err = imported(tmp_path, source)
    spec = parse_all((out / "dbhub.yaml").read_text())[0]["spec"]
    assert spec["args"][2] == "$(DB_DSN)"
    assert spec["args"][4] == "$$(literal)"  # not a reference: escaped
    env = {e["name"]: e for e in spec["environment"]}
    assert env["AUTH"]["value"] == "Bearer $(API_TOKEN)"
    names = [e["name"] for e in spec["environment"]]
    # Helpers come first: Kubernetes expands $(VAR) in a value only from variables before it.
    assert set(names[:2]) == {"DB_DSN", "API_TOKEN"} and names.index("AUTH") > 1
    assert spec["envFrom"] == [{"secretRef": {"name": "dbhub-env"}}]
    assert "${userHome}" in err and "a path on the client's machine" in err
    skeleton = parse_all((out / "dbhub-secrets.yaml").read_text())
    assert [d["metadata"]["name"] for d in skeleton] == ["dbhub-secrets", "dbhub-env"]
    rendered = mcpgen("render", "-q", str(out / "dbhub.yaml"))
    assert rendered.code == 0, rendered.err
    assert "envFrom" in rendered.out


def test_unmapped_fields_are_listed_in_the_file_and_on_stderr(tmp_path: Path) -> None:
    out, err = imported(tmp_path, DATA / "registry" / "database-manager.json")
    head = (out / "database-manager.yaml").read_text().split("apiVersion:")[0]
    for needle in ("--network", "DB_USERNAME", "database_name", "db_type"):
        assert needle in head and needle in err
    out, err = imported(tmp_path / "t", DATA / "toolhive" / "mcpserver_fetch.yaml")
    assert (
        "spec.permissionProfile" in (out / "fetch.yaml").read_text() and "permissionProfile" in err
    )


def test_npm_and_pypi_are_stdio_with_their_launcher(tmp_path: Path) -> None:
    out, _ = imported(
        tmp_path, DATA / "registry" / "brave-search.json", DATA / "registry" / "weather.json"
    )
    brave = parse_all((out / "brave-search.yaml").read_text())[0]["spec"]
    weather = parse_all((out / "weather-mcp.yaml").read_text())[0]["spec"]
    assert (brave["command"], brave["args"]) == (
        ["npx"],
        ["-y", "@modelcontextprotocol/server-brave-search@1.0.2"],
    )
    assert (weather["command"], weather["args"]) == (["uvx"], ["weather-mcp-server==0.5.0"])
    for spec in (brave, weather):
        assert spec["image"] == STDIO_BRIDGE_IMAGE and spec["transport"] == {"type": "stdio"}


def test_remote_servers_are_reported_not_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = mcpgen(
        "import",
        str(DATA / "registry" / "mcp-fs-remote.json"),
        str(DATA / "claude" / "claude-code.mcp.json"),
        "-o",
        str(out),
    )
    assert run.code == 0
    assert "mcp-fs: nothing to deploy" in run.err and "api-server: nothing to deploy" in run.err
    assert sorted(p.name for p in out.iterdir()) == ["google-search.yaml"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"mcpServers": {"a": {"command": "npx",, }}}', ":1:40:"),
        ('{\n  "servers": {\n    "x": {"command": 3}\n  }\n}', ":3:10:"),
        ("kind: MCPServer\napiVersion: kagent.dev/v1alpha1\nmetadata: {}\nspec: {}\n", ":3:"),
        ('{"hello": "world"}', ":1:1:"),
        ("a: [unclosed\n", ":2:1:"),
    ],
)
def test_bad_input_exits_2_with_file_line_col(text: str, where: str, tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(text)
    out = tmp_path / "out"
    run = mcpgen("import", str(source), "-o", str(out))
    assert run.code == 2
    assert f"{source}{where}" in run.err, run.err
    assert "nothing was written" in run.err and not out.exists()


def test_a_value_the_model_refuses_names_its_source(tmp_path: Path) -> None:
    run = mcpgen(
        "import", str(DATA / "registry" / "github-mcp-server.json"), "-o", str(tmp_path / "o")
    )
    assert run.code == 2
    assert re.search(r"github-mcp-server\.json:\d+:1: .*spec\.image", run.err), run.err


def test_conflicts_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    out, _ = imported(tmp_path, DATA / "vscode" / "mcp.json")
    mine = out / "fetch.yaml"
    mine.write_text(mine.read_text() + "# my edit\n")  # edited by hand: no longer import's
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    run = mcpgen(
        "import",
        str(DATA / "vscode" / "mcp.json"),
        str(DATA / "registry" / "weather.json"),
        "-o",
        str(out),
    )
    assert run.code == 2 and "fetch.yaml: exists and was not written by mcpgen import" in run.err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # weather not written either


def test_a_file_import_wrote_is_replaced_when_the_source_changes(tmp_path: Path) -> None:
    source = tmp_path / "mcp.json"
    source.write_text('{"mcpServers": {"t": {"command": "uvx", "args": ["mcp-server-time"]}}}')
    out, _ = imported(tmp_path, source)
    source.write_text('{"mcpServers": {"t": {"command": "uvx", "args": ["mcp-server-time==1"]}}}')
    assert mcpgen("import", "--check", str(source), "-o", str(out)).code == 1
    out, err = imported(tmp_path, source)
    assert "1 written" in err and "mcp-server-time==1" in (out / "t.yaml").read_text()


def test_symlinks_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "mcp.json"
    source.write_text('{"mcpServers": {"t": {"command": "uvx", "args": ["mcp-server-time"]}}}')
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.yaml"
    victim.write_text("precious\n")
    os.symlink(victim, out / "t.yaml")
    run = mcpgen("import", str(source), "-o", str(out))
    assert run.code == 2 and "not a regular file" in run.err
    assert victim.read_text() == "precious\n"
    linked = tmp_path / "linked"
    os.symlink(out, linked)
    assert mcpgen("import", str(source), "-o", str(linked)).code == 2


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    out, _ = imported(tmp_path, DATA / "vscode" / "mcp.json", DATA / "registry" / "weather.json")
    assert sorted(p.name for p in out.iterdir()) == [
        "fetch.yaml",
        "perplexity-secrets.yaml",
        "perplexity.yaml",
        "weather-mcp-secrets.yaml",
        "weather-mcp.yaml",
    ]


def test_two_sources_of_one_name_are_refused(tmp_path: Path) -> None:
    run = mcpgen(
        "import",
        str(DATA / "claude" / "claude_desktop_config.json"),
        str(DATA / "registry" / "filesystem.json"),
        "-o",
        str(tmp_path / "o"),
    )
    assert (
        run.code == 2
        and "filesystem.yaml" in run.err
        and "import them into different folders" in run.err
    )
