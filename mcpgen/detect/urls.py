"""URL and header-value utilities the probe machine and its drivers share."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

# Where servers listen when the URL names no path: the SDK defaults, in the operator's order.
DEFAULT_PATHS = ("/mcp", "/sse")


def media_type(content_type: str) -> tuple[str, dict[str, str]]:
    """`text/event-stream; charset=utf-8` -> ("text/event-stream", {"charset": "utf-8"})."""
    kind, *params = content_type.split(";")
    parsed = {}
    for param in params:
        key, _, value = param.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), parsed


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def check_url(url: str) -> str | None:
    """Why `url` cannot be probed, or None when it can."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        return f"{url!r} contains whitespace or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"{url!r} is not a URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return f"{url!r}: the scheme must be http or https"
    if not parts.hostname:
        return f"{url!r} names no host"
    if parts.username is not None or parts.password is not None:
        # Reports print URLs; a password in one would end up in CI logs.
        return f"{url!r}: put credentials in --header 'Authorization: ...', not in the URL"
    try:
        parts.hostname.encode("idna")
    except UnicodeError:
        return f"{url!r}: {parts.hostname!r} is not a valid host name"
    return None


def candidate_urls(url: str) -> list[str]:
    """The URLs to try, in order: `url` itself, or the default paths when it names none."""
    parts = urlsplit(url)
    if parts.path not in ("", "/"):
        return [url]
    return [urlunsplit(parts._replace(path=path)) for path in DEFAULT_PATHS]
