"""Bad input never stops ingest: every bad file becomes one note, everything else is read.

Covers binary, empty, whitespace-only and chrome-only files, non-UTF-8
encodings, invalid JSON lines, HTML without a story, huge lines and files,
symlink loops, unopenable files, special files and awkward names.
"""

from __future__ import annotations

import codecs
import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from compare.errors import ArticleReadError, InputNotFoundError
from compare.ingest import read_article, read_corpus, read_jsonl_lenient
from compare.ingest.decoding import decode_repairing
from compare.ingest.formats import MAX_ARTICLE_CHARS, MAX_FILE_BYTES, is_repair
from compare.models import Skipped

DATA = Path(__file__).resolve().parent / "data"
ROBUST = DATA / "robust"
WIRE = (DATA / "dedup" / "wire.txt").read_text(encoding="utf-8")
FLOOD = (DATA / "dedup" / "unrelated.txt").read_text(encoding="utf-8")
# A short article in plain Latin-1 range, with characters that differ between encodings.
EUROPE = (
    "Café owners protest new rules\n\n"
    "Café owners in Zürich and Besançon said on Monday that the new rules would cost them “dearly” — "
    "and that they would appeal.\n\n"
    "The owners’ association said its members had already paid €2 million in fines this year.\n"
)


def read(folder: Path, follow_symlinks: bool = False) -> tuple[dict[str, object], dict[str, str]]:
    articles, skipped = read_corpus(folder, follow_symlinks=follow_symlinks)
    reasons: dict[str, str] = {}
    for note in skipped:
        assert note.path not in reasons, f"two notes for {note.path}: {reasons[note.path]!r}, {note.reason!r}"
        reasons[note.path] = note.reason
    return {a.id: a for a in articles}, reasons


def good(folder: Path, name: str = "good.txt") -> None:
    (folder / name).write_text(WIRE, encoding="utf-8")


# --- empty, blank, binary -------------------------------------------------------------------------------


def test_empty_blank_and_binary_files_are_skipped_with_one_note_each(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n \t\r\n\u00a0\u2003\n", encoding="utf-8")
    (tmp_path / "nul.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "zeros.txt").write_bytes(b"\x00" * 4096)
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(512))
    (tmp_path / "report.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> stream\n" + os.urandom(256))
    (tmp_path / "controls.txt").write_bytes(bytes(range(1, 9)) * 200)
    by_id, reasons = read(tmp_path)
    assert list(by_id) == ["good.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.md"] == "empty file"
    for name in ("nul.txt", "zeros.txt", "photo.txt", "report.html", "controls.txt"):
        assert reasons[name].startswith("cannot be read as text: binary file"), reasons[name]
    assert "PNG image" in reasons["photo.txt"]
    assert "PDF document" in reasons["report.html"]


def test_file_of_only_site_chrome_has_no_article(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / "chrome.txt").write_bytes((ROBUST / "chrome_only.txt").read_bytes())
    by_id, reasons = read(tmp_path)
    assert list(by_id) == ["good.txt"]
    assert reasons["chrome.txt"].startswith("no article text (only site chrome")


def test_html_without_an_article_is_skipped(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / "404.html").write_bytes((ROBUST / "no_article.html").read_bytes())
    (tmp_path / "bare.htm").write_text("<html><body></body></html>", encoding="utf-8")
    (tmp_path / "tags.html").write_text("<<<>>><div><p></div></span>" * 50, encoding="utf-8")
    by_id, reasons = read(tmp_path)
    assert list(by_id) == ["good.txt"]
    for name in ("404.html", "bare.htm", "tags.html"):
        assert reasons[name].startswith("no article text"), reasons[name]


# --- encodings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (EUROPE.encode("cp1252"), "repaired: decoded as cp1252"),
        (EUROPE.replace("€", "EUR").replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-")
         .encode("latin-1"), "repaired: decoded as cp1252"),
        (codecs.BOM_UTF16_LE + EUROPE.encode("utf-16-le"), "repaired: decoded as UTF-16"),
        (codecs.BOM_UTF16_BE + EUROPE.encode("utf-16-be"), "repaired: decoded as UTF-16"),
        (EUROPE.encode("utf-16-le"), "repaired: decoded as UTF-16 (LE, no BOM)"),
        (EUROPE.encode("utf-16-be"), "repaired: decoded as UTF-16 (BE, no BOM)"),
        (EUROPE.encode("utf-32"), "repaired: decoded as UTF-32"),
        (codecs.BOM_UTF8 + EUROPE.encode("utf-8"), None),
    ],
    ids=["cp1252", "latin-1", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf-32", "utf-8-bom"],
)
def test_non_utf8_text_is_decoded_and_the_encoding_named(tmp_path: Path, data: bytes, note: str | None) -> None:
    (tmp_path / "europe.txt").write_bytes(data)
    by_id, reasons = read(tmp_path)
    article = by_id["europe.txt"]
    assert article.title == "Café owners protest new rules"  # type: ignore[attr-defined]
    assert "Zürich and Besançon" in article.body  # type: ignore[attr-defined]
    assert reasons.get("europe.txt") == note
    if note:
        assert is_repair(Skipped("europe.txt", note))


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    text, note = decode_repairing("Prix: 5\x81 francs, dit-il à Genève.".encode("latin-1"))
    assert note == "repaired: decoded as latin-1"
    assert "Genève" in text


# --- JSON -----------------------------------------------------------------------------------------------


def test_invalid_jsonl_lines_are_named_and_the_valid_ones_kept(tmp_path: Path) -> None:
    (tmp_path / "mixed.jsonl").write_bytes((ROBUST / "mixed.jsonl").read_bytes())
    by_id, reasons = read(tmp_path)
    assert sorted(by_id) == ["flood", "wire"]
    assert reasons["mixed.jsonl"] == "invalid JSON on lines 2 and 5; 4 other lines read"
    assert reasons["mixed.jsonl#6"] == 'needs a non-empty "text" or "html" field'
    assert reasons["mixed.jsonl#7"] == "expected a JSON object, got list"


def test_many_bad_jsonl_lines_are_counted_not_all_listed(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "ok", "text": WIRE})] + ["{oops"] * 30
    (tmp_path / "many.jsonl").write_text("\n".join(lines), encoding="utf-8")
    _, reasons = read(tmp_path)
    assert reasons["many.jsonl"] == (
        "invalid JSON on lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ... (30 lines); 1 other line read"
    )


def test_broken_json_files_are_skipped_whole_with_the_position(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / "broken.json").write_text('{"id": "x",\n "text": "unterminated}', encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": FLOOD}))
    (tmp_path / "bigint.jsonl").write_text('{"id": "n", "text": "x", "n": ' + "9" * 5000 + "}\n", encoding="utf-8")
    by_id, reasons = read(tmp_path)
    assert reasons["broken.json"].startswith("invalid JSON (line 2 column")
    assert reasons["deep.json"] == "invalid JSON (nested too deeply)"
    assert reasons["deep.jsonl"] == "invalid JSON on line 1; 1 other line read"
    assert reasons["bigint.jsonl"] == "invalid JSON on line 1; no other line read"
    assert sorted(by_id) == ["deep.jsonl#2", "good.txt"]


def test_lone_surrogates_in_json_escapes_are_replaced(tmp_path: Path) -> None:
    record = {"id": "odd\ud800id", "text": FLOOD + "\nA closing line with a broken \udc00 escape in it, sadly.\n"}
    (tmp_path / "odd.jsonl").write_text(json.dumps(record), encoding="utf-8")
    by_id, _ = read(tmp_path)
    (article_id,) = by_id
    assert article_id == "odd\ufffdid"
    article = by_id[article_id]
    article.text.encode("utf-8")  # type: ignore[attr-defined]


def test_read_jsonl_lenient_keeps_going(tmp_path: Path) -> None:
    """Bad lines are named in notes and the good ones read; binary or missing files never raise oddly."""
    source = tmp_path / "mixed.jsonl"
    source.write_bytes((ROBUST / "mixed.jsonl").read_bytes())
    articles, notes = read_jsonl_lenient(source)
    assert [a.id for a in articles] == ["wire", "flood"]
    assert [n.path for n in notes] == ["mixed", "mixed#6", "mixed#7"]
    assert notes[0].reason == "invalid JSON on lines 2 and 5; 4 other lines read"
    binary = tmp_path / "junk.jsonl"
    binary.write_bytes(b"\x00\x01" * 100)
    articles, notes = read_jsonl_lenient(binary)
    assert articles == [] and "binary file" in notes[0].reason
    with pytest.raises(InputNotFoundError):
        read_jsonl_lenient(tmp_path / "missing.jsonl")


# --- size limits ----------------------------------------------------------------------------------------


def test_a_single_50_mb_line_is_bounded_in_time_and_memory(tmp_path: Path) -> None:
    good(tmp_path)
    line = "word " * (10 * 1024 * 1024)  # 50 MB, no newline
    (tmp_path / "line.txt").write_text(line, encoding="utf-8")
    (tmp_path / "line.html").write_text(f"<p>{line}</p>", encoding="utf-8")
    (tmp_path / "line.jsonl").write_text(
        json.dumps({"id": "huge", "text": line}) + "\n" + json.dumps({"id": "fine", "text": FLOOD}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "record.json").write_text(json.dumps({"text": "A sentence. " * 20_000}), encoding="utf-8")
    del line
    started = time.perf_counter()
    tracemalloc.start()
    try:
        by_id, reasons = read(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 20
    assert peak < 400 * 1024 * 1024
    assert sorted(by_id) == ["fine", "good.txt"]
    assert reasons["line.txt"].startswith("too large: 50 MB, over the 200,000-character limit for one article")
    assert reasons["line.html"].startswith("too large: 50 MB")
    assert reasons["line.jsonl#1"].startswith("too long: 52,428,8")
    assert reasons["line.jsonl#1"].endswith("over the 3,000,000-character limit for one line; not read")
    assert reasons["record.json"] == "too long: 240,000 characters, over the 200,000-character limit for one article"


def test_a_200_mb_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good(tmp_path)
    for name in ("huge.jsonl", "huge.txt"):
        with (tmp_path / name).open("wb") as handle:  # sparse: takes no disk and no time
            handle.truncate(200 * 1024 * 1024)
    opened: list[str] = []
    real_open = Path.open

    def watching_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", watching_open)
    by_id, reasons = read(tmp_path)
    assert list(by_id) == ["good.txt"]
    assert reasons["huge.jsonl"] == "too large: 200 MB, over the 100 MB limit for one file; not read"
    assert reasons["huge.txt"] == "too large: 200 MB, over the 200,000-character limit for one article; not read"
    assert "huge.jsonl" not in opened and "huge.txt" not in opened
    assert MAX_FILE_BYTES == 100 * 1024 * 1024 and MAX_ARTICLE_CHARS == 200_000


# --- the file system ------------------------------------------------------------------------------------


def test_symlink_loops_and_broken_links_are_noted_and_linked_content_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub" / "deeper").mkdir(parents=True)
    good(folder / "sub", "wire.txt")
    (folder / "sub" / "deeper" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "sub" / "again").symlink_to(folder / "sub", target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "linked-twice").symlink_to(outside, target_is_directory=True)
    (folder / "flood-link.txt").symlink_to(outside / "flood.txt")
    by_id, reasons = read(folder, follow_symlinks=True)  # links out of the folder: see test_safety_ingest
    assert sorted(by_id) == ["flood-link.txt", "linked-folder/flood.txt", "sub/wire.txt"]
    assert reasons["sub/deeper/loop"] == "symlink loop (points back to '.'); not read twice"
    assert reasons["sub/again"] == "symlink loop (points back to 'sub'); not read twice"
    assert reasons["self.txt"] == "symlink loop"
    assert reasons["broken.txt"].startswith("broken symlink (points to ")
    assert reasons["linked-twice"] == "folder already read as 'linked-folder'; not read twice"


def test_files_that_cannot_be_opened_are_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good(tmp_path)
    (tmp_path / "locked.txt").write_text(FLOOD, encoding="utf-8")
    (tmp_path / "locked-folder").mkdir()
    (tmp_path / "locked-folder" / "inside.txt").write_text(FLOOD, encoding="utf-8")
    real_open, real_scandir = Path.open, os.scandir

    def denying_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    def denying_scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "locked-folder":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "open", denying_open)
    monkeypatch.setattr(os, "scandir", denying_scandir)
    by_id, reasons = read(tmp_path)
    assert list(by_id) == ["good.txt"]
    assert reasons["locked.txt"] == "cannot be opened: permission denied"
    assert reasons["locked-folder"] == "folder cannot be opened: permission denied"


def test_named_pipes_are_never_opened(tmp_path: Path) -> None:
    good(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block forever
    by_id, reasons = read(tmp_path)
    assert list(by_id) == ["good.txt"]
    assert reasons["pipe.txt"] == "not a regular file (named pipe); not opened"


def test_names_with_spaces_and_non_ascii_characters(tmp_path: Path) -> None:
    sub = tmp_path / "Москва новости" / "été 2024"
    sub.mkdir(parents=True)
    good(sub, "wire copy (1).txt")
    good(tmp_path, "東京 記事.md")
    (tmp_path / "tab\tand\nnewline.txt").write_text(FLOOD, encoding="utf-8")
    bad_name = os.fsencode(tmp_path) + b"/caf\xe9 report.txt"
    with open(bad_name, "wb") as handle:
        handle.write(FLOOD.encode("utf-8"))
    by_id, reasons = read(tmp_path)
    assert sorted(by_id) == [
        "caf\ufffd report.txt", "tab\tand\nnewline.txt", "Москва новости/été 2024/wire copy (1).txt", "東京 記事.md",
    ]
    assert reasons == {"caf\ufffd report.txt": "repaired: file name is not valid UTF-8 (bad bytes shown as �)"}


def test_read_article_reports_bad_files_as_errors(tmp_path: Path) -> None:
    (tmp_path / "chrome.txt").write_bytes((ROBUST / "chrome_only.txt").read_bytes())
    (tmp_path / "junk.txt").write_bytes(b"\x00" * 10)
    (tmp_path / "latin.txt").write_bytes(EUROPE.encode("cp1252"))
    with pytest.raises(ArticleReadError, match="no article text"):
        read_article(tmp_path / "chrome.txt")
    with pytest.raises(ArticleReadError, match="binary file"):
        read_article(tmp_path / "junk.txt")
    assert "Zürich" in read_article(tmp_path / "latin.txt").body


def test_the_notes_never_name_a_good_file(tmp_path: Path) -> None:
    good(tmp_path, "a.txt")
    (tmp_path / "b.md").write_text(FLOOD, encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"id": "x", "text": WIRE}, {"id": "y", "text": FLOOD}]))
    by_id, reasons = read(tmp_path)
    assert sorted(by_id) == ["a.txt", "b.md", "x", "y"]
    assert reasons == {}
