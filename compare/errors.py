"""Typed errors of compare. Each message says what went wrong and what to do.

The CLI prints ``Error: <message>`` and exits with ``exit_code``; the library
never prints.
"""

from __future__ import annotations


class CompareError(Exception):
    """Base class: something the user can fix."""

    exit_code = 1


class UsageError(CompareError):
    """A parameter breaks its rule, e.g. ``threshold must be in [0, 1]``."""

    exit_code = 2


class InputNotFoundError(CompareError):
    """The folder or file named on the command line does not exist."""


class NoArticlesError(CompareError):
    """The input holds nothing compare can read."""


class ArticleReadError(CompareError):
    """One input file could not be read or parsed."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        message = f"{path}: {reason}"
        super().__init__(f"{message}; {hint}" if hint else message)


class ReportsFolderError(CompareError):
    """The reports folder is something compare may not write into (a file, a folder of someone else's files)."""


class ReportsBusyError(CompareError):
    """Another compare run is writing the same reports folder."""


class ReportWriteError(CompareError):
    """The reports could not be written (disk full, permission denied); the previous ones are intact."""


class CacheError(CompareError):
    """The cache file named cannot be read as a cache (``compare cache info`` / ``clear``)."""


class MissingDependencyError(CompareError):
    """An optional part of compare was asked for but its extra is not installed."""
