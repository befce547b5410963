"""Signatures kept on disk in datasketch's own format, so an archive is checked without re-reading it.

compare sketches with numpy for speed, but its signatures are exactly
datasketch's ``MinHash(seed, scheme="affine32")`` of the 32-bit shingle
hashes (the tests prove it), so they can be written as datasketch
``LeanMinHash`` bytes with datasketch's own ``serialize``: users load them
into their own ``MinHashLSH`` with ``LeanMinHash.deserialize``, and
``compare check --archive`` queries them through datasketch's ``MinHashLSH``
(Jaccard) and ``MinHashLSHEnsemble`` (containment of a new article in an
archived one, which is what a truncated reprint has).

An archive folder holds ``params.json`` (the sketch parameters it was made
with), ``index.jsonl`` (one line per article: id, word count, offsets),
``signatures.bin`` (serialized LeanMinHash, one after another) and
``shingles.bin`` (each article's sorted 64-bit shingle set, little-endian),
so candidates are verified exactly, as everywhere else in compare. Nothing
in it is code: JSON, datasketch's fixed binary layout and raw integers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from compare.errors import CompareError, UsageError
from compare.models import Params, Similarity
from compare.neardup.minhash import DocSketch
from compare.neardup.verify import exact_similarity, is_related

FORMAT = "compare-signatures/1"
SCHEME = "affine32"
ENSEMBLE_PARTITIONS = 8  # datasketch's LSH Ensemble partitions by set size; 8 suits archives of thousands


class ArchiveError(CompareError):
    """An archive folder that cannot be read or was made with other parameters."""


@dataclass(frozen=True)
class ArchivedArticle:
    """What the archive keeps of one article: enough to find and verify its near-duplicates."""

    id: str
    words: int
    signature: np.ndarray
    shingles: np.ndarray


def _params_record(params: Params) -> dict[str, object]:
    return {"format": FORMAT, "scheme": SCHEME, "seed": params.seed, "num_perm": params.num_perm,
            "shingle_size": params.shingle_size, "hashfunc": "int, over compare's 32-bit shingle hashes"}


def lean_minhash(signature: np.ndarray, params: Params):  # type: ignore[no-untyped-def]
    """A datasketch LeanMinHash holding one of compare's signatures (identical hash values)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=params.seed, hashvalues=signature.astype(np.uint32), scheme=SCHEME)


class ArchiveWriter:
    """Appends articles to a new archive folder in the order given (a .jsonl is archived as it streams)."""

    def __init__(self, folder: Path, params: Params) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.params = folder, params
        self._files = [(folder / name).open("wb") for name in ("index.jsonl", "signatures.bin", "shingles.bin")]
        self._sizes = [0, 0]  # bytes of signatures, shingles written so far

    def add(self, article: ArchivedArticle) -> None:
        if not article.shingles.size:
            return  # an empty body matches nothing and has no signature datasketch can store
        lean = lean_minhash(article.signature, self.params)
        blob = bytearray(lean.bytesize())
        lean.serialize(blob)
        entry = {"id": article.id, "words": article.words, "signature": [self._sizes[0], len(blob)],
                 "shingles": [self._sizes[1] // 8, int(article.shingles.size)]}
        values = article.shingles.astype("<u8").tobytes()
        index, signatures, shingles = self._files
        index.write((json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
        signatures.write(blob)
        shingles.write(values)
        self._sizes = [self._sizes[0] + len(blob), self._sizes[1] + len(values)]

    def close(self) -> None:
        for file in self._files:
            file.close()
        record = json.dumps(_params_record(self.params), indent=2, sort_keys=True) + "\n"
        (self.folder / "params.json").write_text(record, encoding="utf-8")


def write_archive(folder: Path, articles: Sequence[ArchivedArticle], params: Params) -> None:
    """Write ``articles`` (sorted by id) as an archive folder, replacing what was there."""
    writer = ArchiveWriter(folder, params)
    try:
        for article in sorted(articles, key=lambda a: a.id):
            writer.add(article)
    finally:
        writer.close()


def archived(ids: Sequence[str], sketches: Sequence[DocSketch], words: Sequence[int]) -> list[ArchivedArticle]:
    """The archive entries of sketched articles."""
    return [ArchivedArticle(i, w, s.signature, s.shingles) for i, s, w in zip(ids, sketches, words, strict=True)]


def read_archive(folder: Path, params: Params) -> list[ArchivedArticle]:
    """The articles of an archive folder; an error naming the folder when it is not one or differs in params."""
    try:
        stored = json.loads((folder / "params.json").read_text(encoding="utf-8"))
        lines = (folder / "index.jsonl").read_text(encoding="utf-8").splitlines()
        signatures, shingles = (folder / "signatures.bin").read_bytes(), (folder / "shingles.bin").read_bytes()
    except (OSError, ValueError) as error:
        hint = "make one with `compare check FOLDER --archive DIR` or `compare dedup INPUT --export-signatures DIR`"
        raise ArchiveError(f"{folder}: not a signature archive ({error}); {hint}") from None
    if stored != _params_record(params):
        raise UsageError(f"{folder}: archive made with other parameters ({stored}); "
                         "use the same --shingle-size and --num-perm, or a new archive")
    return [_entry(json.loads(line), signatures, shingles, folder) for line in lines if line.strip()]


def _entry(record: dict[str, object], signatures: bytes, shingles: bytes, folder: Path) -> ArchivedArticle:
    from datasketch import LeanMinHash

    try:
        (start, length), (first, count) = record["signature"], record["shingles"]  # type: ignore[misc]
        lean = LeanMinHash.deserialize(bytearray(signatures[start : start + length]))
        values = np.frombuffer(shingles, dtype="<u8", count=count, offset=first * 8).astype(np.uint64)
        return ArchivedArticle(str(record["id"]), int(record["words"]),  # type: ignore[call-overload]
                               np.asarray(lean.hashvalues, dtype=np.uint32), values)
    except (KeyError, TypeError, ValueError) as error:
        raise ArchiveError(f"{folder}: damaged entry {str(record)[:80]} ({error}); rebuild the archive") from None


def near_duplicates_in(archive: Sequence[ArchivedArticle], new: Sequence[ArchivedArticle], params: Params
                       ) -> list[Similarity]:
    """Verified near-duplicate pairs (new article, archived article), found through datasketch's indexes.

    1. ``MinHashLSH`` at ``params.threshold`` proposes archived articles of
       similar Jaccard.
    2. ``MinHashLSHEnsemble`` at ``params.containment`` (``ENSEMBLE_PARTITIONS``
       partitions by set size) proposes archived articles that contain most
       of a new one: a truncated reprint.
    3. Every candidate is verified on the exact shingle sets, with the same
       rule as every other pair (``verify.is_related``).
    """
    from datasketch import MinHashLSH, MinHashLSHEnsemble

    if not archive or not new:
        return []
    by_id = {a.id: a for a in archive}
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
    ensemble = MinHashLSHEnsemble(threshold=params.containment, num_perm=params.num_perm,
                                  num_part=ENSEMBLE_PARTITIONS)
    with lsh.insertion_session() as session:
        for a in archive:
            session.insert(a.id, lean_minhash(a.signature, params), check_duplication=False)
    ensemble.index((a.id, lean_minhash(a.signature, params), int(a.shingles.size)) for a in archive)
    found = []
    for article in (a for a in new if a.shingles.size):
        query = lean_minhash(article.signature, params)
        candidates = set(lsh.query(query)) | set(ensemble.query(query, int(article.shingles.size)))
        for other in sorted(candidates - {article.id}):
            first, second = sorted((article, by_id[other]), key=lambda x: x.id)
            similarity = exact_similarity(first.id, second.id, first.shingles, second.shingles)
            if is_related(similarity, params):
                found.append(similarity)
    return sorted(set(found), key=lambda s: (s.a, s.b))
