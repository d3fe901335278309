"""Errors of the loading stage.

`LoadError` is what callers see: one line naming the file and saying, in plain words, why it could not
be read. Format readers do not know the file's path, so they raise `Unreadable(reason)`, which the
loader turns into a `LoadError` for the path at hand.
"""

from __future__ import annotations


class LoadError(Exception):
    """A file that could not be turned into a `Document`; `str()` is `path: reason`."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class Unreadable(Exception):
    """Raised by a format reader: the bytes cannot be read, for `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


NOT_A_DOCUMENT = "not a text, HTML, PDF or Word document"
