"""Shared fixtures: small article folders built from the files in tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@pytest.fixture
def wire_text() -> str:
    """A real 22-paragraph AFP story body (seed 003 without its site chrome)."""
    return (DATA / "dedup" / "wire.txt").read_text(encoding="utf-8")


@pytest.fixture
def unrelated_text() -> str:
    return (DATA / "dedup" / "unrelated.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's signature cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
