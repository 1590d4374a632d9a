"""What every importer builds: an MCPServer spec in the making, its secrets, what did not map.

Secrets never travel as values. A reference in the source (`${input:id}`,
`${VAR}`, `${env:VAR}`, an `isSecret` input) and a literal that looks like a
secret become a key of the server's Secret skeleton; the spec reads it through
`valueFrom.secretKeyRef`, or, inside a longer value or an argument, through
Kubernetes' own `$(VAR)` expansion of a helper variable that holds the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mcpgen.diagnostics import PathKey, dotted

SECRET_SUFFIX = "-secrets"
ENV_FILE_SUFFIX = "-env"
# Kubernetes expands $(NAME) in command, args and env values; a literal "$(" must be
# written "$$(" to survive.
_K8S_REF = re.compile(r"\$\(")
_SOURCE_REF = re.compile(r"\$\{([^}]*)\}")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SECRET_KEY_CHARS = re.compile(r"[^-._a-zA-Z0-9]")
# VS Code's predefined variables: paths and names on the developer's machine, not secrets.
VSCODE_PREDEFINED = frozenset(
    {
        "workspaceFolder",
        "workspaceFolderBasename",
        "workspaceRoot",
        "userHome",
        "cwd",
        "pathSeparator",
        "/",
        "file",
        "fileBasename",
        "fileDirname",
        "relativeFile",
        "execPath",
        "defaultBuildTask",
    }
)
# Words that make a variable name a secret's: its value is never copied.
_SECRET_WORDS = frozenset(
    {
        "KEY",
        "APIKEY",
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "PASS",
        "PWD",
        "CREDENTIAL",
        "CREDENTIALS",
        "AUTH",
        "PAT",
        "PRIVATE",
        "COOKIE",
        "DSN",
        "JWT",
        "BEARER",
    }
)
# Token shapes of well-known providers, whatever the variable is called.
_SECRET_SHAPES = re.compile(
    r"^(ghp_|gho_|ghs_|github_pat_|glpat-|sk-|sk_live_|xox[abpr]-|AKIA|AIza|hf_|npm_)"
)
_URL_CREDENTIALS = re.compile(r"://[^/@\s:]*:[^/@\s]+@")
_SECRET_FLAGS = re.compile(r"^--?([a-z0-9-]*(token|key|secret|password|passwd|pat|auth|dsn))$")


def words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.upper()) if w]


def looks_secret(name: str, value: str | None = None) -> bool:
    """A variable whose name or value says it holds a credential."""
    if any(w in _SECRET_WORDS for w in words(name)) or name.upper().endswith(
        ("_KEY", "TOKEN", "SECRET", "PASSWORD")
    ):
        return True
    return value is not None and bool(_SECRET_SHAPES.match(value) or _URL_CREDENTIALS.search(value))


def env_name(key: str) -> str:
    """A variable name for a secret key: API_KEY for api-key."""
    name = "_".join(words(key)) or "SECRET"
    return name if not name[0].isdigit() else f"_{name}"


def secret_key(raw: str) -> str:
    key = _SECRET_KEY_CHARS.sub("_", raw).strip(".") or "value"
    return key[:253]


@dataclass(frozen=True, slots=True)
class Ref:
    """A place in a value where a secret goes."""

    key: str
    about: str


Segment = str | Ref


@dataclass(slots=True)
class SecretBook:
    """The keys of one server's Secret skeleton, and the variables that carry them."""

    secret_name: str
    taken: set[str]
    """Variable names the server sets itself: a helper never takes one."""
    keys: dict[str, str] = field(default_factory=dict)
    helpers: dict[str, str] = field(default_factory=dict)
    direct: dict[str, str] = field(default_factory=dict)
    """Secret key -> a variable of the server that holds exactly that key."""

    def _key(self, ref: Ref) -> str:
        self.keys.setdefault(ref.key, ref.about)
        return ref.key

    def value_from(self, ref: Ref) -> dict[str, Any]:
        key = self._key(ref)
        return {"secretKeyRef": {"name": self.secret_name, "key": key}}

    def env(self, name: str, segments: list[Segment]) -> dict[str, Any]:
        """One variable: a literal, a secret reference, or a text that expands helpers."""
        if len(segments) == 1 and isinstance(segments[0], Ref):
            self.direct.setdefault(segments[0].key, name)
            return {"name": name, "valueFrom": self.value_from(segments[0])}
        return {"name": name, "value": self._expand(segments, helpers_only=True)}

    def text(self, segments: list[Segment]) -> str:
        """An argument or command word; a variable of the server may carry its secret."""
        return self._expand(segments, helpers_only=False)

    def _expand(self, segments: list[Segment], *, helpers_only: bool) -> str:
        out = []
        for seg in segments:
            if isinstance(seg, str):
                out.append(_K8S_REF.sub("$$(", seg))
                continue
            key = self._key(seg)
            # Args see every variable; an env value sees only those listed before it,
            # and helpers come first.
            name = None if helpers_only else self.direct.get(key)
            out.append(f"$({name or self._helper(key)})")
        return "".join(out)

    def _helper(self, key: str) -> str:
        for name, held in self.helpers.items():
            if held == key:
                return name
        name = env_name(key)
        if name in self.taken or name in self.helpers:
            name = f"MCPGEN_SECRET_{name}"
        while name in self.taken or name in self.helpers:
            name += "_"
        self.helpers[name] = key
        return name

    def helper_entries(self) -> list[dict[str, Any]]:
        return [
            {"name": name, "valueFrom": self.value_from(Ref(key, ""))}
            for name, key in self.helpers.items()
        ]


def parse_refs(
    value: str, about: dict[str, str] | None = None, *, where: str = ""
) -> tuple[list[Segment], list[str]]:
    """`${...}` references in a client config value as segments, and what stays unmapped.

    `about` describes VS Code inputs by id. Predefined VS Code variables (paths on
    the developer's machine) and `${command:...}`-style ones stay as written.
    """
    segments: list[Segment] = []
    unmapped: list[str] = []
    last = 0
    for match in _SOURCE_REF.finditer(value):
        inner = match.group(1)
        ref: Ref | None = None
        if inner.startswith("input:"):
            ident = inner[len("input:") :]
            described = (about or {}).get(ident)
            ref = Ref(secret_key(ident), described or f"VS Code input {ident!r}")
        elif inner.startswith("env:"):
            var = inner[len("env:") :]
            if _ENV_NAME.match(var):
                ref = Ref(secret_key(var), f"the client's environment variable {var}")
        else:
            var, _, default = inner.partition(":-")
            if _ENV_NAME.match(var) and var not in VSCODE_PREDEFINED:
                note = "; the source has a default, not copied" if default else ""
                ref = Ref(secret_key(var), f"the client's environment variable {var}{note}")
        if ref is None:
            unmapped.append(
                f"{where}: ${{{inner.split(':')[0]}...}} is resolved on the client's machine; "
                "left as written"
                if inner.split(":")[0] not in VSCODE_PREDEFINED
                else f"{where}: ${{{inner}}} is a path on the client's machine; left as written"
            )
            continue
        if match.start() > last:
            segments.append(value[last : match.start()])
        segments.append(ref)
        last = match.end()
    if last < len(value):
        segments.append(value[last:])
    return (segments or [""]), unmapped


def scrub_args(
    args: list[str], about: dict[str, str] | None, where: str
) -> tuple[list[list[Segment]], list[str], list[str]]:
    """Arguments as segments: references become secrets, and so do literal credentials
    (a URL with a password, the value of --token/--api-key/...). Returns the segments,
    what did not map and notes."""
    out: list[list[Segment]] = []
    unmapped: list[str] = []
    notes: list[str] = []
    for i, arg in enumerate(args):
        segs, lost = parse_refs(arg, about, where=f"{where}[{i}]")
        unmapped += lost
        flag = _SECRET_FLAGS.match(args[i - 1]) if i > 0 else None
        literal = len(segs) == 1 and isinstance(segs[0], str)
        inline = re.match(r"^(--?[a-z0-9-]+)=(.+)$", arg)
        if literal and inline and _SECRET_FLAGS.match(inline.group(1)):
            key = env_name(inline.group(1).lstrip("-"))
            segs = [f"{inline.group(1)}=", Ref(key, f"the value of {inline.group(1)}")]
            notes.append(f"{where}[{i}]: the value of {inline.group(1)} is a secret now")
        elif literal and (flag or _URL_CREDENTIALS.search(arg) or _SECRET_SHAPES.match(arg)):
            key = env_name(flag.group(1)) if flag else f"ARG_{i}"
            segs = [Ref(key, f"argument {i}" + (f" (after {args[i - 1]})" if flag else ""))]
            notes.append(f"{where}[{i}]: looks like a credential; it is a secret now")
        out.append(segs)
    return out, unmapped, notes


@dataclass(slots=True)
class Draft:
    """One server on its way to an MCPServer document."""

    raw_name: str
    origin: str
    """file:line of the server in its source."""
    source: str
    """The format, in words."""
    name: str
    spec: dict[str, Any]
    namespace: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    book: SecretBook | None = None
    existing: list[str] = field(default_factory=list)
    """Secrets the server reads that the cluster already holds (not in the skeleton)."""
    env_files: list[tuple[str, str]] = field(default_factory=list)
    """(Secret name, env file path) pairs the spec reads through envFrom."""
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Skip:
    """A server with nothing to deploy (a remote URL), reported and not written."""

    raw_name: str
    origin: str
    reason: str


def server_name(raw: str) -> str:
    """A DNS-1035 label from a server's name in its source: `io.github.x/weather-mcp`
    gives weather-mcp, `uiTesting` gives ui-testing."""
    last = raw.rsplit("/", 1)[-1]
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", last).lower()
    name = re.sub(r"[^a-z0-9]+", "-", spaced)
    name = re.sub(r"^[^a-z]+", "", name)[:63].strip("-")
    return name or "mcp-server"


def field_path(*parts: str | int) -> str:
    path: PathKey = tuple(parts)
    return dotted(path)
