"""The official MCP registry's `server.json` (schema 2025-12-11, static.modelcontextprotocol.io).

One server, possibly offered several ways: an OCI image runs as it is; npm and
PyPI packages are stdio servers their launcher (npx, uvx) fetches; `remotes`
are servers already running somewhere, so there is nothing to deploy. When a
server offers several packages, an OCI image that serves HTTP wins (it runs as
it is), then npm, then PyPI, then an OCI image that speaks stdio (it needs the
bridge injected); the rest are listed as not imported.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from mcpgen.diagnostics import Finding, PathKey, dotted
from mcpgen.importers.draft import Draft, Ref, SecretBook, Segment, Skip, server_name
from mcpgen.importers.launchers import STDIO_BRIDGE_IMAGE, npx, uvx
from mcpgen.importers.source import Document, as_dict

SOURCE = "MCP registry server.json"
_PREFERENCE = ("oci", "npm", "pypi")


def _rank(pkg: dict[str, Any]) -> int:
    """An image that serves HTTP runs as it is; npm and PyPI run in the stdio bridge
    image; an image that speaks stdio needs the bridge injected, so it comes last."""
    kind = pkg.get("registryType")
    transport = pkg.get("transport")
    stdio = not isinstance(transport, dict) or transport.get("type", "stdio") == "stdio"
    if kind == "oci":
        return 3 if stdio else 0
    return 1 if kind == "npm" else 2


_VAR = re.compile(r"\{([^{}]+)\}")
_DEFAULT_REGISTRIES = {
    "npm": "https://registry.npmjs.org",
    "pypi": "https://pypi.org",
}
# Fields that describe the server for people and registries, not how it runs.
_DESCRIPTIVE = {
    "$schema",
    "name",
    "description",
    "title",
    "version",
    "repository",
    "websiteUrl",
    "icons",
    "status",
    "_meta",
    "packages",
    "remotes",
}


def import_server_json(doc: Document, problems: list[Finding]) -> list[Draft | Skip]:
    root: PathKey = ("server",) if isinstance(doc.data.get("server"), dict) else ()
    data = doc.data["server"] if root else doc.data
    return [_one(doc, root, data, problems)] if data else []


def import_server_list(doc: Document, problems: list[Finding]) -> list[Draft | Skip]:
    """The registry API's list response: {"servers": [{"server": {...}}, ...]}."""
    out: list[Draft | Skip] = []
    for i, item in enumerate(doc.data["servers"]):
        entry = as_dict(doc, ("servers", i), item, problems)
        inner = entry.get("server", entry)
        path: PathKey = ("servers", i, "server") if "server" in entry else ("servers", i)
        out.append(_one(doc, path, as_dict(doc, path, inner, problems), problems))
    return out


def _one(
    doc: Document, root: PathKey, data: dict[str, Any], problems: list[Finding]
) -> Draft | Skip:
    raw_name = data.get("name")
    if not isinstance(raw_name, str) or not raw_name:
        problems.append(doc.problem((*root, "name"), "server.json needs a name"))
        return Skip("?", doc.where(root), "no name")
    origin = doc.where(root)
    packages = data.get("packages") or []
    if not isinstance(packages, list):
        problems.append(doc.problem((*root, "packages"), "must be a list"))
        return Skip(raw_name, origin, "bad packages")
    ranked = sorted(
        (_rank(p), i)
        for i, p in enumerate(packages)
        if isinstance(p, dict) and p.get("registryType") in _PREFERENCE
    )
    if not ranked:
        remotes = data.get("remotes") or []
        kinds = sorted({str(p.get("registryType")) for p in packages if isinstance(p, dict)})
        why = (
            "only remote endpoints (remotes); clients connect to them as they are"
            if remotes
            else f"no oci, npm or pypi package (has: {', '.join(kinds) or 'none'})"
        )
        return Skip(raw_name, origin, why)
    index = ranked[0][1]
    path: PathKey = (*root, "packages", index)
    pkg = as_dict(doc, path, packages[index], problems)
    d = Draft(raw_name, doc.where(path), SOURCE, server_name(raw_name), {})
    where = dotted(path)
    for _order, other in ranked[1:]:
        d.unmapped.append(
            f"packages[{other}] ({packages[other].get('registryType')}): not imported; "
            f"packages[{index}] was"
        )
    for i, p in enumerate(packages):
        if isinstance(p, dict) and p.get("registryType") not in _PREFERENCE:
            d.unmapped.append(f"packages[{i}] ({p.get('registryType')}): not a kind mcpgen runs")
    if data.get("remotes"):
        d.unmapped.append("remotes: already running elsewhere; nothing to deploy for them")
    for key in sorted(set(data) - _DESCRIPTIVE):
        d.unmapped.append(f"{key}: unknown to mcpgen import; not mapped")
    _package(d, doc, path, where, pkg, problems)
    return d


class _Values:
    """Resolves an Input's value: `value` with {variables}, else its default."""

    def __init__(self, d: Draft, where: str) -> None:
        self.d = d
        self.where = where

    def input(self, item: dict[str, Any], at: str, label: str) -> list[Segment] | None:
        if item.get("isSecret"):
            about = item.get("description") or label
            return [Ref(_key(label), str(about))]
        value = item.get("value")
        if value is None:
            value = item.get("default")
            if value is not None:
                self.d.notes.append(f"{at}: the publisher's default used; check it")
        if value is None:
            return None
        return self.template(str(value), item.get("variables") or {}, at)

    def template(self, value: str, variables: dict[str, Any], at: str) -> list[Segment] | None:
        out: list[Segment] = []
        last = 0
        for match in _VAR.finditer(value):
            var = variables.get(match.group(1))
            if not isinstance(var, dict):
                continue  # the schema: an unknown {name} stays as written
            out.append(value[last : match.start()])
            resolved = self.input(var, f"{at}.variables.{match.group(1)}", match.group(1))
            if resolved is None:
                self.d.unmapped.append(
                    f"{at}: variable {match.group(1)} has no value or default; set it by hand"
                )
                return None
            out += resolved
            last = match.end()
        out.append(value[last:])
        merged = [s for s in out if s != ""]
        return merged or [""]


def _key(label: str) -> str:
    return re.sub(r"[^-._a-zA-Z0-9]", "_", label) or "value"


def _arguments(
    values: _Values, raw: Any, at: str, d: Draft, known: dict[str, str]
) -> list[list[Segment]]:
    """The command-line words of packageArguments or runtimeArguments; `known` gets
    each literal value by its name or valueHint (the transport URL refers to them)."""
    out: list[list[Segment]] = []
    for i, arg in enumerate(raw or []):
        here = f"{at}[{i}]"
        if not isinstance(arg, dict):
            d.unmapped.append(f"{here}: not an argument object; not mapped")
            continue
        label = str(arg.get("name") or arg.get("valueHint") or f"arg{i}").lstrip("-")
        value = values.input(arg, here, label)
        if value is not None and all(isinstance(s, str) for s in value):
            for ref in (arg.get("name"), arg.get("valueHint")):
                if isinstance(ref, str):
                    known[ref] = "".join(str(s) for s in value)
        if arg.get("type") == "named":
            name = str(arg.get("name", ""))
            if value is None:
                if arg.get("isRequired"):
                    d.unmapped.append(
                        f"{here} ({name}): required, with no value or default; add it"
                    )
                continue
            out.append([name])
            out.append(value)
        else:
            if value is None:
                if arg.get("isRequired"):
                    hint = arg.get("valueHint", "")
                    d.unmapped.append(
                        f"{here} ({hint}): required, with no value or default; add it"
                    )
                continue
            out.append(value)
    return out


def _package(
    d: Draft, doc: Document, path: PathKey, where: str, pkg: dict[str, Any], problems: list[Finding]
) -> None:
    values = _Values(d, where)
    kind = pkg["registryType"]
    identifier = pkg.get("identifier")
    if not isinstance(identifier, str) or not identifier:
        problems.append(doc.problem((*path, "identifier"), "a package needs an identifier"))
        return
    version = pkg.get("version") if isinstance(pkg.get("version"), str) else None
    env: list[tuple[str, list[Segment]]] = []
    known: dict[str, str] = {}
    for i, var in enumerate(pkg.get("environmentVariables") or []):
        here = f"{where}.environmentVariables[{i}]"
        if not isinstance(var, dict) or not isinstance(var.get("name"), str):
            d.unmapped.append(f"{here}: no name; not mapped")
            continue
        segs = values.input(var, here, var["name"])
        if segs is None:
            if var.get("isRequired"):
                d.unmapped.append(f"{here} ({var['name']}): required, no default; set its value")
                segs = [""]
            else:
                d.notes.append(f"{here} ({var['name']}): optional, no default; left unset")
                continue
        env.append((var["name"], segs))
        if all(isinstance(s, str) for s in segs):
            known[var["name"]] = "".join(str(s) for s in segs)
    runtime_args = (
        _arguments(values, pkg.get("runtimeArguments"), f"{where}.runtimeArguments", d, known)
        if kind != "oci"
        else []
    )
    package_args = _arguments(
        values, pkg.get("packageArguments"), f"{where}.packageArguments", d, known
    )
    hint = pkg.get("runtimeHint")
    base = pkg.get("registryBaseUrl")
    if base and kind in _DEFAULT_REGISTRIES and base.rstrip("/") != _DEFAULT_REGISTRIES[kind]:
        d.unmapped.append(
            f"{where}.registryBaseUrl: a private registry; configure the launcher for it"
        )
    command: list[list[Segment]] = []
    args: list[list[Segment]] = []
    if kind == "oci":
        d.spec["image"] = identifier
        env += _docker_args(d, values, pkg.get("runtimeArguments"), identifier, where)
        args = package_args
        if hint not in (None, "docker"):
            d.unmapped.append(f"{where}.runtimeHint: {hint!r} for an image; ignored")
    else:
        launch = npx if kind == "npm" else uvx
        wanted = "npx" if kind == "npm" else "uvx"
        if hint not in (None, wanted):
            d.unmapped.append(
                f"{where}.runtimeHint: {hint!r}; mcpgen launches {kind} with {wanted}"
            )
        if not version:
            d.notes.append(f"{where}: no version; the launcher takes the latest on every start")
        cmd, pinned = launch(identifier, version)
        d.spec["image"] = STDIO_BRIDGE_IMAGE
        command = [[c] for c in cmd]
        # npx/uvx options first, then the package, then the server's own arguments.
        args = [[pinned[0]]] if kind == "npm" else []
        args += [*runtime_args, [pinned[-1]], *package_args]
    book = SecretBook(d.name + "-secrets", taken={name for name, _ in env})
    entries = [book.env(name, segs) for name, segs in env]
    if command:
        d.spec["command"] = [book.text(s) for s in command]
    if args:
        d.spec["args"] = [book.text(s) for s in args]
    entries = book.helper_entries() + entries
    if entries:
        d.spec["environment"] = entries
    d.book = book if book.keys else None
    _transport(d, pkg.get("transport"), where, known)


_DOCKER_NOISE = {"-i", "--interactive", "--rm", "-t", "--tty", "--init", "-d", "--detach"}


def _docker_args(
    d: Draft, values: _Values, raw: Any, image: str, where: str
) -> list[tuple[str, list[Segment]]]:
    """runtimeArguments of an OCI package are `docker run` options: -e becomes the
    environment, -w the working directory; the rest has no place in a pod spec."""
    env: list[tuple[str, list[Segment]]] = []
    repo = image.rsplit("@", 1)[0]
    repo = repo if ":" not in repo.rsplit("/", 1)[-1] else repo.rsplit(":", 1)[0]
    for i, arg in enumerate(raw or []):
        here = f"{where}.runtimeArguments[{i}]"
        if not isinstance(arg, dict):
            continue
        name = str(arg.get("name", ""))
        value = arg.get("value", arg.get("default"))
        if arg.get("type") != "named":
            if value in ("run", repo, image):
                continue  # `docker run IMAGE`: the spec's image says it already
            d.unmapped.append(f"{here}: a docker run positional argument; not mapped")
            continue
        if name in _DOCKER_NOISE:
            continue
        if name in ("-e", "--env") and isinstance(value, str) and "=" in value:
            var, template = value.split("=", 1)
            segs = values.template(template, arg.get("variables") or {}, here)
            if segs is not None:
                env.append((var, segs))
        elif name in ("-w", "--workdir") and isinstance(value, str) and value.startswith("/"):
            d.spec["workingDir"] = value
        else:
            d.unmapped.append(f"{here}: docker run {name} has no place in this spec")
    return env


def _transport(d: Draft, raw: Any, where: str, known: dict[str, str]) -> None:
    transport = raw if isinstance(raw, dict) else {}
    kind = transport.get("type", "stdio")
    if kind == "stdio":
        d.spec["transport"] = {"type": "stdio"}
        return
    if kind not in ("streamable-http", "sse"):
        d.unmapped.append(f"{where}.transport.type: {kind!r} is not stdio, streamable-http or sse")
        d.spec["transport"] = {"type": "stdio"}
        return
    http: dict[str, Any] = {}
    url = transport.get("url")
    if isinstance(url, str):
        # "{--port}" names an argument or variable of the package (the schema's rule).
        url = _VAR.sub(lambda m: known.get(m.group(1), m.group(0)), url)
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        if port is None and re.search(r":\{[^}]+\}", url):
            d.unmapped.append(
                f"{where}.transport.url: the port is a variable; set transport.config.http.port"
            )
        elif port is not None:
            http["port"] = port
        if parts.path and parts.path != "/":
            http["path"] = parts.path
    for key in sorted(set(transport) - {"type", "url"}):
        d.unmapped.append(f"{where}.transport.{key}: not mapped")
    d.spec["transport"] = {
        "type": "http",
        "protocol": kind,
        **({"config": {"http": http}} if http else {}),
    }
