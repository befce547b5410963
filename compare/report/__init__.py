"""Rendering results as Markdown and JSON, and writing or checking report folders.

Renderers read results only: they never touch files or recompute findings.
"""

from compare.report.files import (
    CorpusChanges,
    ReportDiff,
    check_reports,
    corpus_changes,
    render_reports,
    write_reports,
)

__all__ = ["CorpusChanges", "ReportDiff", "check_reports", "corpus_changes", "render_reports", "write_reports"]
