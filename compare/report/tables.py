"""Markdown table helpers shared by every report: fixed rounding, safe cells, github tables."""

from __future__ import annotations

from tabulate import tabulate


def fmt(value: float) -> str:
    """Fixed rounding so reports are byte-identical across machines."""
    return f"{value:.3f}"


def table(headers: list[str], rows: list[list[object]]) -> str:
    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)


def cell(text: str | None) -> str:
    """Table-safe text: no pipes or newlines to break the Markdown table."""
    return " ".join((text or "").replace("|", "\\|").split())
