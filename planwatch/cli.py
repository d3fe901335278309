"""The `planwatch` command line. Each group of commands lives in `planwatch.commands`.

The `planwatch` script (`main`) imports only the module of the command it runs: `planwatch extract`
starts without rich, SQLAlchemy or the web stack. `app`, for tests and embedding, has every command.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

# The module of planwatch.commands that registers each command, in the order `planwatch --help` lists them.
COMMANDS = {
    "extract": "extract",
    **dict.fromkeys(("ingest", "reprocess", "export", "documents", "correct", "set-region", "delete",
                     "corrections"), "books"),
    **dict.fromkeys(("check", "scorecard", "annex", "compare"), "assess"),
    "panel": "dataset",
    "serve": "serve",
}
MODULES = list(dict.fromkeys(COMMANDS.values()))


def build(modules: list[str]) -> typer.Typer:
    """A command line with the commands of `modules` (of planwatch.commands)."""
    from planwatch.commands.pipes import quiet_on_closed_pipe

    app = typer.Typer(
        name="planwatch",
        help="Keeps the books of Chinese governments' annual development plans.",
        no_args_is_help=True,
        add_completion=False,
    )

    @app.callback()
    def _group() -> None:  # a group even with one command registered: `planwatch extract …`
        pass

    for module in modules:
        importlib.import_module(f"planwatch.commands.{module}").register(app)
    for command in app.registered_commands:  # `planwatch … | head` ends quietly
        command.callback = quiet_on_closed_pipe(command.callback)
    return app


def main() -> None:
    """The `planwatch` script: the named command's module only; every module for --help or a typo."""
    module = COMMANDS.get(sys.argv[1]) if len(sys.argv) > 1 else None
    build([module] if module else MODULES)()


def __getattr__(name: str) -> Any:
    if name == "app":  # built on first use, so that `main` does not build it too
        globals()["app"] = app = build(MODULES)
        return app
    raise AttributeError(f"module 'planwatch.cli' has no attribute {name!r}")


if __name__ == "__main__":
    main()
