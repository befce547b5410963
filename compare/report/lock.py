"""One writer at a time: an advisory lock file beside the reports folder.

``run`` holds it exclusively while it writes; ``check`` holds it shared while
it reads, so it never judges a half-written folder. The file is
``.<folder>.lock`` next to the folder (not inside: the folder itself is
swapped by rename). It is removed when the last holder leaves; a holder that
finds its file was removed meanwhile opens the new one, so two runs never
hold two different files.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from compare.errors import ReportsBusyError


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


class ReportsLock:
    """``with ReportsLock(out):`` waits for (or, with ``wait=False``, refuses) another writer of ``out``."""

    def __init__(self, out: Path, shared: bool = False, wait: bool = True,
                 on_wait: Callable[[Path], None] | None = None) -> None:
        self.path, self.shared, self.wait, self.on_wait = lock_path(out), shared, wait, on_wait
        self.out = out
        self._fd: int | None = None

    def __enter__(self) -> ReportsLock:
        mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        while self._fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                self._acquire(fd, mode)
            except BaseException:
                os.close(fd)
                raise
            if self._current(fd):
                self._fd = fd
            else:  # the last holder removed the file after we opened it: take the new one
                os.close(fd)
        return self

    def _acquire(self, fd: int, mode: int) -> None:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if not self.wait:
                raise ReportsBusyError(
                    f"another compare run is writing {self.out} (lock {self.path}); wait for it to finish, "
                    "or run without --no-wait to wait") from None
        if self.on_wait is not None:
            self.on_wait(self.path)
        fcntl.flock(fd, mode)

    def _current(self, fd: int) -> bool:
        try:
            return os.stat(self.path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return False

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody else holds it: remove the file
            self.path.unlink(missing_ok=True)
        except BlockingIOError:
            pass
        finally:
            os.close(fd)


@contextlib.contextmanager
def reading_lock(out: Path, on_wait: Callable[[Path], None] | None = None) -> Iterator[None]:
    """Hold ``out``'s lock shared while reading it, so a run never swaps it mid-read; nothing to hold
    where the lock file cannot be made (a read-only checkout: nobody can be writing it)."""
    lock = ReportsLock(out, shared=True, on_wait=on_wait)
    try:
        lock.__enter__()
    except OSError:
        yield
        return
    try:
        yield
    finally:
        lock.__exit__(None, None, None)
