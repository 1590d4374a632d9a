"""What a probe may do: its deadline, caps, headers and TLS settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from mcpgen.detect.actions import Limits, Protocol
from mcpgen.detect.machine import ProbeMachine

DEFAULT_TIMEOUT = 10.0
DEFAULT_CONNECT_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class ProbeOptions:
    timeout: float = DEFAULT_TIMEOUT  # total deadline for one URL, every request included
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float | None = None  # longest silence between bytes; None: up to the deadline
    headers: tuple[tuple[str, str], ...] = ()
    host_header: str | None = None
    expect: Protocol | None = None
    insecure: bool = False
    cacert: str | None = None
    limits: Limits = field(default_factory=Limits)
    concurrency: int = 16  # URLs probed at once by `probe_urls`
    deep: bool = False  # also list tools, so a server whose backend is dead fails
    require: tuple[str, ...] = ()  # capabilities the server must declare

    def machine(self, url: str) -> ProbeMachine:
        """The detector for one URL, set up as these options say (both drivers use it)."""
        return ProbeMachine(
            url,
            headers=self.headers,
            host_header=self.host_header,
            expect=self.expect,
            limits=self.limits,
            deep=self.deep,
            require=self.require,
        )
