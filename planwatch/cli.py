"""The `planwatch` command line. Each group of commands lives in `planwatch.commands`."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="planwatch",
    help="Keeps the books of Chinese governments' annual development plans.",
    no_args_is_help=True,
    add_completion=False,
)


def _register() -> None:
    from planwatch.commands import extract as _extract  # noqa: F401

    _extract.register(app)
    __import__("planwatch.commands.books", fromlist=["register"]).register(app)  # ingest, export, correct…
    __import__("planwatch.commands.assess", fromlist=["register"]).register(app)  # scorecard, annex, compare
    __import__("planwatch.commands.dataset", fromlist=["register"]).register(app)  # panel: research datasets
    __import__("planwatch.commands.serve", fromlist=["register"]).register(app)  # serve: web pages and API
    from planwatch.commands.pipes import quiet_on_closed_pipe

    for command in app.registered_commands:  # `planwatch … | head` ends quietly
        command.callback = quiet_on_closed_pipe(command.callback)


_register()

if __name__ == "__main__":
    app()
