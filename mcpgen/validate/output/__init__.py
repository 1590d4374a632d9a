"""One tiny writer per output format; each takes findings, then the summary at the end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from mcpgen.diagnostics import Finding
from mcpgen.validate.report import Summary

Echo = Callable[[str], None]


class Writer(Protocol):
    def write(self, finding: Finding) -> None: ...

    def flush(self, summary: Summary) -> None: ...


FORMATS = ("text", "json", "github")


def writer(fmt: str, echo: Echo) -> Writer:
    if fmt == "json":
        from mcpgen.validate.output.json import JSONWriter

        return JSONWriter(echo)
    if fmt == "github":
        from mcpgen.validate.output.github import GitHubWriter

        return GitHubWriter(echo)
    from mcpgen.validate.output.text import TextWriter

    return TextWriter(echo)
