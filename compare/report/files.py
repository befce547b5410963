"""Turning a result into report files, writing them, and checking a folder against them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compare.models import CorpusResult
from compare.report.markdown import pair_filename, render_index, render_pair


def render_reports(result: CorpusResult) -> dict[str, str]:
    """Every report file, by path relative to the reports folder."""
    by_id = {a.id: a for a in result.articles}
    files = {"index.md": render_index(result)}
    for pair in result.pairs:
        s = pair.similarity
        files[pair_filename(s.a, s.b)] = render_pair(pair, by_id[s.a], by_id[s.b])
    return dict(sorted(files.items()))


def existing_reports(out: Path) -> set[str]:
    """Report files already in ``out`` (Markdown and JSON only: other files are the user's)."""
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix in (".md", ".json")}


def write_reports(out: Path, files: dict[str, str]) -> None:
    """Write the report files and remove reports no longer produced."""
    for stale in existing_reports(out) - set(files):
        (out / stale).unlink()
    for relative, content in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class ReportDiff:
    """How a reports folder differs from what a run would write."""

    missing: tuple[str, ...]
    stale: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check_reports(out: Path, files: dict[str, str]) -> ReportDiff:
    """Compare byte for byte; nothing is written."""
    present = existing_reports(out)
    missing = sorted(set(files) - present)
    extra = sorted(present - set(files))
    stale = sorted(
        name for name in set(files) & present if (out / name).read_bytes() != files[name].encode("utf-8")
    )
    return ReportDiff(tuple(missing), tuple(stale), tuple(extra))
