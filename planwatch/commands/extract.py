"""`planwatch extract`: figures of documents, as JSONL, CSV or a table."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def extract() -> None:
        """Extract every quantified target and result from reports (not yet implemented)."""
        raise typer.Exit(2)
