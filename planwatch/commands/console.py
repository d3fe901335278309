"""The rich console of the commands that print tables (rich is imported by them only: it takes a while)."""

from __future__ import annotations

from rich.console import Console


class PipeConsole(Console):
    """A rich console whose closed pipe ends the command through `pipes.quiet_on_closed_pipe` (rich's own
    handling exits with status 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError
