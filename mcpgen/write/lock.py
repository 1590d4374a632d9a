"""One writer per output folder, and SIGTERM turned into an exception while it writes."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType


class Busy(Exception):
    """Another mcpgen process holds the output folder."""


class Terminated(BaseException):
    """SIGTERM arrived while writing: unwound like Ctrl-C so the staging is undone."""


@contextmanager
def locked(root: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold `root` (a folder) exclusively, or shared for readers such as --check.

    flock on the folder itself leaves no lock file behind for Flux to apply or
    git to commit, and the kernel drops it when the process dies, even by SIGKILL.
    """
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise Busy(
                    f"{root}: another mcpgen render is writing here; try again when it ends"
                ) from None
            raise
        yield
    finally:
        os.close(fd)


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """While inside, SIGTERM raises Terminated so `finally` blocks run."""

    def raise_terminated(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, raise_terminated)
    except ValueError:  # not the main thread: signals cannot be caught here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
