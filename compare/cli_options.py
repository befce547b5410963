"""The command line's shared argument and option types, path checks, and usage line.

Typer wraps required arguments in braces (``{folder}``) in the usage line; ``Command`` shows them as
users expect (``compare run [OPTIONS] FOLDER``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand

from compare.errors import InputNotFoundError


class Command(TyperCommand):
    """A typer command whose usage line shows required arguments bare."""

    def collect_usage_pieces(self, ctx):  # type: ignore[no-untyped-def]
        return [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
                for piece in super().collect_usage_pieces(ctx)]


Folder = Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder of articles, read recursively.")]
ShingleSize = Annotated[int, typer.Option("--shingle-size", help="Words per shingle.")]
NumPerm = Annotated[int, typer.Option("--num-perm", help="MinHash permutations.")]
Threshold = Annotated[float, typer.Option("--threshold", help="Jaccard at which two articles are related, in [0, 1].")]
Containment = Annotated[
    float, typer.Option("--containment", help="Containment at which two articles are related, in [0, 1].")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
CachePath = Annotated[
    Path | None,
    typer.Option("--cache", metavar="PATH", help="Cache of parsed files, signatures, fact units and pair descriptions "
                 "(default: ~/.cache/compare/signatures.sqlite)."),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
CacheMaxMb = Annotated[
    int, typer.Option("--cache-max-mb", metavar="MB",
                      help="Cache size cap in MB, >= 1; least recently used entries go first.")
]
Strict = Annotated[bool, typer.Option("--strict", help="Exit 1 when any input file was skipped.")]
MaxGap = Annotated[
    int, typer.Option("--max-gap", help="Differing words a shared passage may bridge, in [0, 20].")
]
MaxPartners = Annotated[
    int, typer.Option("--max-partners", metavar="N", help="Pair reports per article for pairs that share passages "
                      "but are not near-duplicates, strongest first; the rest are told by reuse clusters (>= 0).")
]
Jobs = Annotated[int, typer.Option("--jobs", "-j", metavar="N", help="Worker processes (default 0: all cores).")]
FollowSymlinks = Annotated[
    bool, typer.Option("--follow-symlinks", help="Read symlinks that point outside FOLDER (skipped by default).")
]
Sources = Annotated[Path | None, typer.Option("--sources", metavar="PATH", help="Manifest of file, url, outlet, "
                                              "date, author (.csv/.tsv/.jsonl; default: FOLDER/sources.*).")]


def folder_arg(path: Path) -> Path:
    """``path`` when it is a folder (or missing: the reader names that); a file is an error that says so."""
    if path.exists() and not path.is_dir():
        raise InputNotFoundError(f"{path} is a file, not a folder; give the folder that holds your articles")
    return path


def existing_file(path: Path) -> Path:
    if path.is_dir():
        raise InputNotFoundError(f"{path} is a folder, not a file; give the path of an article file")
    return path
Engine = Annotated[str, typer.Option("--engine", help='local (this machine) or spark (pip install "compare[spark]").')]
Master = Annotated[str | None, typer.Option("--master", help="Spark master URL, e.g. local[4], yarn (spark engine).")]
OutPath = Annotated[str | None, typer.Option("--out", help="Write pairs and clusters as Parquet (spark engine).")]
