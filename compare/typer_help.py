"""Help text as users expect it: ``Usage: compare run [OPTIONS] FOLDER``, not typer's ``{folder}``."""

from __future__ import annotations

from typer.core import TyperCommand


class Command(TyperCommand):
    """A typer command whose usage line shows required arguments bare (typer wraps them in braces)."""

    def collect_usage_pieces(self, ctx):  # type: ignore[no-untyped-def]
        return [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
                for piece in super().collect_usage_pieces(ctx)]
