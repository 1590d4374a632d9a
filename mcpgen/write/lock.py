"""One writer per output folder, and SIGTERM turned into an exception while it writes."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
from collections.abc import Callable, Iterator
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


_CAUGHT = {signal.SIGINT, signal.SIGTERM}


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM is waiting: the write stops at a folder boundary and is undone."""


@contextmanager
def signals_held() -> Iterator[Callable[[], bool]]:
    """Hold Ctrl-C and SIGTERM in the kernel while a tree is swapped; yield a check.

    Python runs a handler between any two bytecodes, so a swap cut after its
    rename but before it is recorded could not be undone. Held signals are seen
    only where the writer asks (between two folders), and arrive the moment the
    hold ends.
    """
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _CAUGHT)
    except (AttributeError, OSError):  # no POSIX signal masks here: no hold, no check
        yield lambda: False
        return
    try:
        yield lambda: bool(signal.sigpending() & _CAUGHT)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def drop_held() -> None:
    """The write is complete: a signal that came during its last step is too late to stop it."""
    sigtimedwait = getattr(signal, "sigtimedwait", None)
    if sigtimedwait is None:
        return
    while sigtimedwait(_CAUGHT, 0) is not None:
        pass
