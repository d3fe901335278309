"""`planwatch serve`: the web dashboard and JSON API over a database."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from planwatch.commands.assess import DbOption, _reading


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: DbOption = None,
        host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    ) -> None:
        """The web dashboard and JSON API (pages in Chinese, ?lang=en for English; OpenAPI at /docs).

        Writing (uploads, corrections) needs $PLANWATCH_TOKEN: API clients send it as
        `Authorization: Bearer <token>`, people log in with it at /login. Without it the server is read-only.
        """
        import uvicorn

        from planwatch.web import create_app

        token = os.environ.get("PLANWATCH_TOKEN") or None
        web_app = _reading(lambda url: create_app(url, token=token), db)
        typer.echo(f"planwatch: serving {web_app.state.db_url} on http://{host}:{port}/ "
                   f"({'writes need the token' if token else 'read-only: PLANWATCH_TOKEN is not set'})", err=True)
        uvicorn.run(web_app, host=host, port=port, log_level="info", proxy_headers=False)
