"""Writing a reports folder safely: compare owns only the files it wrote.

The folder's ``manifest.json`` lists every file compare wrote there. A run
writes into a new or empty folder, or one whose manifest says compare owns
it; any other non-empty folder is refused unless ``force`` is given. Either
way no file compare did not write is ever deleted, moved or overwritten, and
no symlink in the folder is followed.

When the folder holds only compare's files, the new reports are built beside
it and swapped in by one rename, so an interrupted run leaves the previous
reports exactly as they were. When it also holds other files, the new
reports are built beside it first (a full disk fails before anything
changes), then renamed into place one by one, the manifest last.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from compare.errors import ReportsFolderError, ReportWriteError
from compare.models import Progress, silent

MANIFEST = "manifest.json"
REPORT_FOLDERS = ("pairs", "clusters", "stories", "reuse")  # one Markdown page per item in each
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def read_manifest(out: Path) -> tuple[dict[str, object] | None, str]:
    """The folder's manifest as a dict, or None and what is wrong with it ("is missing", "is not valid JSON ...")."""
    path = out / MANIFEST
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return None, "is not a regular file"
        with path.open("rb") as handle:
            data = handle.read(MAX_MANIFEST_BYTES + 1)
    except FileNotFoundError:
        return None, "is missing"
    except OSError as exc:
        return None, f"cannot be read ({_reason(exc)})"
    if len(data) > MAX_MANIFEST_BYTES:
        return None, f"is over the {MAX_MANIFEST_BYTES // 2**20} MB limit for a manifest"
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"is not valid JSON ({' '.join(str(exc).split())[:80]})"
    if not isinstance(parsed, dict) or not isinstance(parsed.get("articles"), dict):
        return None, "is not a compare manifest (no \"articles\" object)"
    return parsed, ""


def files_entry(files: dict[str, str], ids: dict[str, tuple[str, ...]] | None = None) -> dict[str, object]:
    """The manifest's record of what compare wrote: each file's SHA-256 and the ids it is about."""
    about = ids or {}
    return {name: {"sha256": hashlib.sha256(content.encode("utf-8")).hexdigest(), "ids": list(about.get(name, ()))}
            for name, content in sorted(files.items()) if name != MANIFEST}


def with_manifest(files: dict[str, str]) -> dict[str, str]:
    """``files`` plus a manifest recording them, when they come without one (a library caller's own files)."""
    if MANIFEST in files:
        return files
    data = {"articles": {}, "files": files_entry(files)}
    return {**files, MANIFEST: json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"}


def owned_files(out: Path) -> set[str] | None:
    """Files the manifest says compare wrote (the manifest included); None when there is no valid manifest.

    A manifest of an older compare, without the list, owns the files only compare names that way:
    ``index.md`` and ``pairs/``, ``clusters/`` and ``stories/`` ``*.md``.
    """
    manifest, _ = read_manifest(out)
    if manifest is None:
        return None
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        return {MANIFEST, *(p.relative_to(out).as_posix() for p in _legacy_reports(out))}
    return {name for name in listed if isinstance(name, str) and _safe_name(name)} | {MANIFEST}


def _legacy_reports(out: Path) -> list[Path]:
    found = [out / "index.md"] if (out / "index.md").is_file() else []
    return found + [p for kind in REPORT_FOLDERS for p in (out / kind).glob("*.md")
                    if not (out / kind).is_symlink() and p.is_file() and not p.is_symlink()]


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and all(p not in ("", ".", "..") for p in parts)


def _entries(out: Path) -> list[str]:
    """Every file, link, folder and special file under ``out`` (symlinks not followed), relative, sorted."""
    found = []
    for base, folders, names in os.walk(out, followlinks=False):
        relative = Path(base).relative_to(out)
        found += [(relative / name).as_posix() for name in [*folders, *names]]
    return sorted(found)


def foreign_entries(out: Path, owned: set[str]) -> list[str]:
    """Entries of ``out`` compare did not write: neither an owned file nor a folder holding one."""
    folders = {"/".join(name.split("/")[:i]) for name in owned for i in range(1, name.count("/") + 1)}
    return [e for e in _entries(out) if not ((e in owned and (out / e).is_file() and not (out / e).is_symlink())
                                             or (e in folders and not (out / e).is_symlink()))]


def check_output(out: Path, force: bool) -> None:
    """Raise ``ReportsFolderError`` unless compare may write its reports into ``out``."""
    if out.exists() and not out.is_dir():
        raise ReportsFolderError(f"--out {out} is a file, not a folder; give a folder for the reports")
    if not out.is_dir() or force or owned_files(out) is not None:
        return
    if any(out.iterdir()):
        raise ReportsFolderError(
            f"{out} is not empty and compare did not write it (no {MANIFEST} listing compare's files); choose "
            "a new or empty --out, or give --force to add the reports beside its files (none of them is changed)")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device; free some space and run again"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied; make it writable or choose another --out"
    return (exc.strerror or str(exc)).lower()


def write_failed(out: Path, exc: OSError) -> ReportWriteError:
    return ReportWriteError(f"cannot write the reports to {out}: {_reason(exc)}; the previous reports are unchanged")


def write_folder(out: Path, files: dict[str, str], force: bool = False, progress: Progress = silent) -> None:
    """Write ``files`` (path relative to ``out`` -> text) into ``out``; hold a ``ReportsLock`` around it."""
    files = with_manifest(files)
    _recover(out)
    check_output(out, force)
    owned = owned_files(out) or set()
    foreign = foreign_entries(out, owned) if out.is_dir() else []
    if not foreign:
        _swap_folder(out, files, progress)
        return
    clashes = [name for name in files if _clash(out, name, owned)]
    if clashes:
        raise ReportsFolderError(
            f"{out / clashes[0]} is in the way of a report and compare did not write it; move it away or "
            "choose another --out")
    _write_in_place(out, files, owned, progress)


def _clash(out: Path, name: str, owned: set[str]) -> bool:
    """Whether writing report ``name`` would replace or write through something compare did not write."""
    parts = name.split("/")
    for i in range(1, len(parts)):
        folder = out.joinpath(*parts[:i])
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return True
    target = out / name
    return (target.exists() or target.is_symlink()) and (name not in owned or target.is_symlink()
                                                          or not target.is_file())


def _staged(out: Path, files: dict[str, str], progress: Progress) -> Path:
    """A new folder beside ``out`` holding ``files``; removed again if any write fails."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        # mkdtemp makes a private folder; the reports keep the old folder's mode.
        staging.chmod(out.stat().st_mode & 0o7777 if out.is_dir() else 0o755)
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
            progress("writing reports", 1, len(files))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _swap_folder(out: Path, files: dict[str, str], progress: Progress) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = _staged(out, files, progress)
    try:
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_in_place(out: Path, files: dict[str, str], owned: set[str], progress: Progress) -> None:
    """Rename each staged report into ``out`` (the manifest last), then remove compare's stale files."""
    staging = _staged(out, files, progress)
    try:
        for name in [*(n for n in files if n != MANIFEST), MANIFEST]:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_stale(out, owned - set(files))


def _remove_stale(out: Path, names: Iterable[str]) -> None:
    for name in sorted(names, reverse=True):
        target = out / name
        if target.is_file() and not target.is_symlink():
            target.unlink()
        for parent in list(target.relative_to(out).parents)[:-1]:
            try:
                (out / parent).rmdir()  # only when empty: a folder with a user's file stays
            except OSError:
                break


def backup_path(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def _recover(out: Path) -> None:
    """Put back reports a killed run had moved aside, and drop its half-built folder.

    Only ever called under the folder's exclusive lock, so no live run owns these.
    """
    backup = backup_path(out)
    if backup.is_dir() and not out.exists():
        backup.rename(out)
    shutil.rmtree(backup, ignore_errors=True)
    if out.parent.is_dir():
        for debris in out.parent.glob(f".{out.name}.new-*"):
            shutil.rmtree(debris, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return
    backup = backup_path(out)
    out.rename(backup)
    staging.rename(out)
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0
