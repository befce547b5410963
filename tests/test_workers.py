"""Worker processes: results never depend on how many there are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compare import pipeline
from compare.errors import UsageError
from compare.ingest import parse_text
from compare.models import Params
from compare.report.files import render_reports
from compare.runtime import workers
from compare.runtime.context import RunContext

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _square(x: int) -> int:
    return x * x


def _lookup(key: str, shared: workers.Shared) -> object:
    """What a worker finds in the mapping it was handed: an object of it, or a new one."""
    return shared[key][0] if key in shared else [5]


def test_map_in_order_keeps_the_order_on_two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks run on two workers come back in the order of the items."""
    monkeypatch.setattr(workers, "CHUNK", 3)
    items = list(range(20))
    chunks = list(workers.map_in_order(_square, items, 2))
    assert [x for _, chunk in chunks for x in chunk] == [x * x for x in items]
    assert [start for start, _ in chunks] == [0, 3, 6, 9, 12, 15, 18]


def test_shared_objects_come_back_as_the_callers_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers get ``shared`` as an argument; a result holding one of its objects is the caller's very object."""
    monkeypatch.setattr(workers, "CHUNK", 1)
    table = {"a": ([1, 2],), "b": ([3, 4],)}
    found = [x for _, chunk in workers.map_in_order(_lookup, ["a", "b", "c"], 2, shared=table) for x in chunk]
    assert found[0] is table["a"][0] and found[1] is table["b"][0]
    assert found[2] == [5]
    copies = [x for _, chunk in workers.map_in_order(_square, [2, 3], 2) for x in chunk]
    assert copies == [4, 9]


def test_jobs_rule() -> None:
    """Negative jobs are refused with the rule; 0 means every core."""
    with pytest.raises(UsageError, match=r"jobs must be >= 0 \(0: all cores\), got -1"):
        workers.validate_jobs(-1)
    assert workers.validate_jobs(0) == workers.default_jobs() >= 1
    assert workers.validate_jobs(3) == 3


def test_reports_are_the_same_on_one_or_two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairs, stories and clusters are byte for byte the same whichever number of workers computed or rendered them."""
    monkeypatch.setattr(workers, "CHUNK", 1)
    wire = (DATA / "dedup" / "wire.txt").read_text(encoding="utf-8")
    texts = {
        "wire.txt": wire,
        "wire-friday.txt": wire.replace("Thursday", "Friday"),
        "wire-cut.txt": "\n\n".join(wire.split("\n\n")[:-2]),
        "unrelated.txt": (DATA / "dedup" / "unrelated.txt").read_text(encoding="utf-8"),
        "rewrite.txt": (DATA / "facts" / "rewrite.txt").read_text(encoding="utf-8"),
    }
    for seed in sorted(SEEDS.glob("*.txt")):
        texts[seed.name] = seed.read_text(encoding="utf-8")
    articles = [parse_text(name, text) for name, text in texts.items()]
    one = pipeline.analyse(articles, Params(), context=RunContext(jobs=1))
    assert sum(p.facts is not None for p in one.pairs) >= 3 and one.stories and one.clusters
    assert render_reports(pipeline.analyse(articles, Params(), context=RunContext(jobs=2))) == render_reports(one)
    assert render_reports(one, jobs=2) == render_reports(one)  # reports rendered on workers too


def test_a_run_pauses_garbage_collection_and_restores_it() -> None:
    """Inside PausedGC (as analyse and run_folder are) there is no cyclic GC; the state found is restored."""
    import gc

    seen: list[bool] = []

    @workers.PausedGC()
    def probe() -> None:
        seen.append(gc.isenabled())

    assert gc.isenabled()
    probe()
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        probe()
        assert not gc.isenabled()
    finally:
        gc.enable()


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        if f"PPid:\t{pid}" in lines:
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return False
    return "Z" not in state  # a zombie has exited; it only waits to be reaped


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc to see worker processes")
def test_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    """SIGKILL on `compare run` while its workers compute leaves no worker alive 5 s later."""
    import signal
    import subprocess
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import write_folder

    write_folder(tmp_path / "in", count=300)
    command = [sys.executable, "-c", "from compare.cli import main; main()", "run", str(tmp_path / "in"),
               "--out", str(tmp_path / "out"), "--no-cache", "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers_seen: list[int] = []
    deadline = time.monotonic() + 60
    while not workers_seen and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers_seen = _children(process.pid)
    assert workers_seen, "the run ended before any worker started"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(5)
    assert [pid for pid in workers_seen if _alive(pid)] == []
