"""The probe's finding codes (PRB...): tests, docs and the chart's hook refer to them.

Stable: never renumber one, never reuse a retired one. Grouped by tens:
00 below HTTP, 10 access, 20 HTTP answers, 30 legacy HTTP+SSE, 40 the
handshake's results, 50 caps, 60 cleanup, 70 what was expected, 80 --deep.
"""

from __future__ import annotations

from mcpgen.diagnostics import Finding

PRB_CONNECT = "PRB001"
PRB_TIMEOUT = "PRB002"
PRB_TLS = "PRB003"
PRB_CLOSED = "PRB004"
PRB_PROBE_ERROR = "PRB005"
PRB_AUTH = "PRB010"
PRB_HOST = "PRB011"
PRB_REDIRECTED = "PRB012"
PRB_REDIRECT_REFUSED = "PRB013"
PRB_CONTENT_TYPE = "PRB020"
PRB_STATUS = "PRB021"
PRB_STREAM_CONTENT_TYPE = "PRB022"
PRB_NOT_MCP = "PRB023"
PRB_STREAM_STATUS = "PRB024"
PRB_CHARSET = "PRB025"
PRB_NO_ENDPOINT = "PRB030"
PRB_ENDPOINT_ORIGIN = "PRB031"
PRB_ENDPOINT_BAD = "PRB032"
PRB_ENDPOINT_POST = "PRB033"
PRB_SSE_DEPRECATED = "PRB034"
PRB_NO_RESULT = "PRB040"
PRB_NOT_JSON = "PRB041"
PRB_INIT_ERROR = "PRB042"
PRB_BAD_RESULT = "PRB043"
PRB_NO_SERVER_INFO = "PRB044"
PRB_VERSION = "PRB045"
PRB_MODERN_INIT = "PRB046"
PRB_TOO_MANY_BYTES = "PRB050"
PRB_TOO_MANY_EVENTS = "PRB051"
PRB_EVENT_TOO_LARGE = "PRB052"
PRB_JSON_TOO_DEEP = "PRB053"
PRB_INITIALIZED = "PRB060"
PRB_SESSION_END = "PRB061"
PRB_CLEANUP = "PRB062"
PRB_MISMATCH = "PRB070"
PRB_HEADER_MISMATCH = "PRB071"
PRB_CLIENT_CAPABILITY = "PRB072"
PRB_VERSION_RETRY = "PRB073"
PRB_TOOLS = "PRB080"
PRB_CAPABILITY = "PRB081"
PRB_NO_TOOLS = "PRB082"


def unexpected_error(detail: str) -> Finding:
    """The finding for a probe that stopped on an exception no rule expected."""
    return Finding(
        PRB_PROBE_ERROR,
        "error",
        f"the probe stopped on an unexpected error, so this URL was not judged: {detail} "
        "(a bug in mcpgen; please report it)",
    )
