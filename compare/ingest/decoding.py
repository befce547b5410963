"""Bytes to text: UTF-8 first, then the encodings news exports really use, else "binary".

Detection is cheap and deterministic (no statistical guessing): known binary
signatures (PDF, ZIP/DOCX, images, gzip...) and byte-order marks are read
from the first bytes; UTF-16 without a BOM is recognised by its NUL bytes in
every other position; text that is not UTF-8 is decoded as Windows-1252 (a
superset of Latin-1's printable characters), or Latin-1 when it holds bytes
cp1252 leaves undefined. Whatever decodes but is full of control characters
is binary, not text.
"""

from __future__ import annotations

import codecs
import re

# (signature at offset 0, what the file is).
_SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "old Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "audio or image (RIFF)"),
    (b"OggS", "Ogg audio"),
)
# Control characters no text file holds more than a trace of (tab, newlines, form feed excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
CONTROL_SAMPLE = 65_536
MAX_CONTROL_SHARE = 0.01
MIN_CONTROLS = 8  # a short text may hold a stray control character or two


class BinaryFileError(UnicodeError):
    """The bytes are not text in any encoding compare reads; the message says what they look like."""


def decode(data: bytes) -> str:
    """UTF-8 with any byte-order mark removed (strict: raises UnicodeDecodeError)."""
    return data.decode("utf-8").removeprefix("\ufeff")


def decode_repairing(data: bytes) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8, a note saying how it was decoded ("repaired: decoded as cp1252").

    Raises ``BinaryFileError`` (a UnicodeError) for binary data.
    """
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BinaryFileError(f"binary file ({what})")
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: FF FE 00 00 also starts with FF FE
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return _text(data.decode(codec)), f"repaired: decoded as {name}"
            except UnicodeDecodeError:
                break
    try:
        return _text(decode(data)), None
    except UnicodeDecodeError:
        pass
    endian = _utf16_without_bom(data)
    if endian:
        try:
            return _text(data.decode(f"utf-16-{endian}")), f"repaired: decoded as UTF-16 ({endian.upper()}, no BOM)"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BinaryFileError("binary file (contains NUL bytes)")
    try:
        return _text(data.decode("cp1252")), "repaired: decoded as cp1252"
    except UnicodeDecodeError:
        return _text(data.decode("latin-1")), "repaired: decoded as latin-1"


def _text(text: str) -> str:
    """``text`` unless it is mostly control characters (a binary file that happened to decode)."""
    sample = text[:CONTROL_SAMPLE]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(MIN_CONTROLS, MAX_CONTROL_SHARE * len(sample)):
        raise BinaryFileError("binary file (control characters, not text)")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """"le" or "be" when NULs fill one of every two byte positions, as in UTF-16 of Latin text."""
    sample = data[: CONTROL_SAMPLE - CONTROL_SAMPLE % 2]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.4 * half and even <= 0.05 * half:
        return "le"
    if even >= 0.4 * half and odd <= 0.05 * half:
        return "be"
    return None
