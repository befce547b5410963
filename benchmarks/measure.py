"""Wall time and peak memory of a whole process tree, for benchmarks that run compare as a user does."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.2


def tree_rss(root: int) -> int:
    """Memory of ``root`` and all its descendants, from /proc: proportional set sizes, so pages forked
    workers share with their parent are counted once."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        total += _process_bytes(pid)
    return total


def _process_bytes(pid: int) -> int:
    """A process's proportional set size (a page shared by n forked processes counts 1/n in each, so the
    tree's sum is what it really holds), else its resident size where the kernel has no smaps_rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str, str]:
    """(seconds, peak MB of the process tree, stdout, stderr) of one command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.wait(SAMPLE_SECONDS):
                peak[0] = max(peak[0], tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if code:
        raise SystemExit(f"{' '.join(command)} exited {code}:\n{stderr[-3000:]}")
    return seconds, peak[0] / 2**20, stdout, stderr
