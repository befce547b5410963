"""Walk an input folder safely: every regular file once, every problem as a note.

A newsroom's folder can hold anything: symlinks to other folders (followed,
but every real folder is read once, so a link back to a parent is a loop, not
an endless walk), symlinks out of the folder (not followed unless asked: in CI
on an untrusted pull request they would leak files into the reports), broken
links, named pipes (never opened: reading one would block), folders that
cannot be listed, and names that are not valid UTF-8.
None of that stops the walk; each becomes a ``Skipped`` note.

Article ids are paths relative to the folder, in POSIX form. Hidden files
and folders (".DS_Store", ".git/...") are ignored without a note.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import deque
from pathlib import Path

from compare.models import Skipped


def os_reason(exc: OSError) -> str:
    """Plain words for why a file or folder could not be opened."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, FileNotFoundError):
        return "file vanished while reading"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def safe_id(relative: str) -> tuple[str, bool]:
    """``relative`` made printable as UTF-8, and whether it had to be repaired.

    On POSIX a file name is bytes; names that are not UTF-8 come back from
    the OS with lone surrogates, which no report could be written with.
    """
    try:
        relative.encode("utf-8")
        return relative, False
    except UnicodeEncodeError:
        raw = relative.encode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "replace"), True


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


OUTSIDE = "symlink to a {what} outside the folder; not read (--follow-symlinks reads it)"


def _outside(path: Path, root: str) -> bool:
    """Whether the symlink ``path`` resolves to something outside the real folder ``root``."""
    target = os.path.realpath(path)
    return os.path.commonpath([target, root]) != root


def walk_folder(folder: Path, follow_symlinks: bool = False) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """(path, article id) of every non-hidden regular file under ``folder``, sorted by id, and the notes.

    Real folders are walked first; symlinked folders afterwards, each real
    folder being read once (under the first id that reached it), so links
    can neither loop nor read the same files twice. Symlinks that resolve
    outside ``folder`` are notes unless ``follow_symlinks``.
    """
    files: list[tuple[Path, str]] = []
    notes: list[Skipped] = []
    seen: dict[tuple[int, int], str] = {}
    real_root = os.path.realpath(folder)
    root = os.stat(folder)
    seen[(root.st_dev, root.st_ino)] = "."
    real: deque[tuple[Path, str]] = deque([(folder, "")])
    linked: deque[tuple[Path, str, tuple[int, int]]] = deque()

    def visit(directory: Path, prefix: str) -> None:
        try:
            with os.scandir(directory) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError as exc:
            notes.append(Skipped(prefix or ".", f"folder cannot be opened: {os_reason(exc)}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = f"{prefix}/{entry.name}" if prefix else entry.name
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                info = os.stat(path)
            except OSError as exc:
                notes.append(Skipped(safe_id(relative)[0], _stat_reason(path, exc)))
                continue
            key = (info.st_dev, info.st_ino)
            if is_link and not follow_symlinks and _outside(path, real_root):
                what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
                notes.append(Skipped(safe_id(relative)[0], OUTSIDE.format(what=what)))
                continue
            if stat.S_ISDIR(info.st_mode):
                if is_link:
                    linked.append((path, relative, key))
                elif key not in seen:  # bind mounts can show one folder twice
                    seen[key] = relative
                    real.append((path, relative))
            elif stat.S_ISREG(info.st_mode):
                files.append((path, relative))
            else:
                notes.append(Skipped(safe_id(relative)[0], f"not a regular file ({_kind(info.st_mode)}); not opened"))

    while real or linked:
        if real:
            visit(*real.popleft())
            continue
        path, relative, key = linked.popleft()
        if key in seen:
            first = seen[key]
            inside = first == "." or relative.startswith(first + "/")
            why = f"symlink loop (points back to {first!r})" if inside else f"folder already read as {first!r}"
            notes.append(Skipped(safe_id(relative)[0], f"{why}; not read twice"))
            continue
        seen[key] = relative
        visit(path, relative)

    named: list[tuple[Path, str]] = []
    for path, relative in files:
        article_id, repaired = safe_id(relative)
        if repaired:
            notes.append(Skipped(article_id, "repaired: file name is not valid UTF-8 (bad bytes shown as �)"))
        named.append((path, article_id))
    named.sort(key=lambda item: item[1])
    return named, notes


def _stat_reason(path: Path, exc: OSError) -> str:
    """Why a directory entry could not be looked at: a loop, a broken link, or the OS's reason."""
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            return "broken symlink"
        return f"broken symlink (points to {safe_id(target)[0]!r}, which does not exist)"
    return f"cannot be opened: {os_reason(exc)}"
