"""What every long stage needs besides its inputs: how many workers, where progress goes, which cache.

One value instead of three arguments threaded through a dozen signatures;
none of it changes a result.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.models import Progress, silent
from compare.runtime.cache import Cache
from compare.runtime.workers import validate_jobs


@dataclass(frozen=True)
class RunContext:
    """Workers (``jobs``, already validated: at least 1), a progress callback and an optional cache."""

    jobs: int = 1
    progress: Progress = silent
    cache: Cache | None = None

    @classmethod
    def make(cls, jobs: int | None = 1, progress: Progress = silent, cache: Cache | None = None) -> RunContext:
        """A context with ``jobs`` checked (None or 0: every core)."""
        return cls(validate_jobs(jobs), progress, cache)


# The default: one process, no progress, no cache (frozen, so sharing it is safe).
IN_PROCESS = RunContext()
