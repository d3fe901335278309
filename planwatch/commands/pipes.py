"""A reader that stops reading (`planwatch export … | head`) ends the command quietly, with status 0.

Writing to a pipe whose reader has gone raises `BrokenPipeError`; what was asked for has been delivered
as far as anyone wanted it. Standard output is pointed at /dev/null before leaving, so that Python's
own flush at exit does not complain either (as the Python documentation on SIGPIPE recommends).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


def quiet_on_closed_pipe(command: F) -> F:
    """`command`, ending with status 0 and no message when its standard output is closed."""

    @functools.wraps(command)  # typer reads the signature through __wrapped__
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()
            return result
        except BrokenPipeError:
            _discard_stdout()
            raise typer.Exit(0) from None
        except typer.Exit:
            _flush_or_discard()
            raise

    return run  # type: ignore[return-value]


def _flush_or_discard() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a test runner's capture)
        pass
