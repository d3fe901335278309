"""Many documents: files, folders and stdin, one result per file, errors included."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from planwatch.load.errors import LoadError
from planwatch.load.limits import Limits, human_size
from planwatch.load.read import STDIN_SOURCE, os_error_reason, read_bytes, read_path
from planwatch.load.sniff import DOCUMENT_EXTENSIONS
from planwatch.models import Document

STDIN_NAME = "<stdin>"
EMPTY_PATH = "an empty path names no file"


def iter_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    limits: Limits | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | LoadError]:
    """A `Document` or a `LoadError` for each file named in `paths`, in order.

    A folder stands for the documents under it: recursively, sorted by path, leaving out hidden files
    and folders and files whose extension is not a document's (`sniff.DOCUMENT_EXTENSIONS`). `-` reads
    standard input (or `stdin`). A file that cannot be read yields a `LoadError` and the batch goes on.
    """
    limits = limits or Limits()
    for item in paths:
        if str(item) == STDIN_SOURCE:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield _guarded(STDIN_NAME, lambda: read_stream(stream, limits=limits))
        elif not str(item):
            yield LoadError("''", EMPTY_PATH)
        elif is_folder(item):
            for entry in iter_folder(Path(item)):
                if isinstance(entry, LoadError):
                    yield entry
                else:
                    yield _guarded(str(entry), lambda entry=entry: read_path(entry, limits=limits))
        else:
            yield _guarded(str(item), lambda item=item: read_path(item, limits=limits))


def is_folder(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a folder; False when it cannot even be looked at (a name too long, a loop of
    links), so that reading it as a file says why."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def read_stream(stream: BinaryIO, *, limits: Limits | None = None, name: str = STDIN_NAME) -> Document:
    """Load a document from a binary stream such as standard input."""
    limits = limits or Limits()
    data = stream.read(limits.largest + 1)
    if len(data) > limits.largest:
        raise LoadError(name, f"input is over the {human_size(limits.largest)} limit")
    return read_bytes(data, name, STDIN_SOURCE, limits=limits)


def iter_folder(root: Path) -> Iterator[Path | LoadError]:
    """Document files under `root`, sorted by path, and a `LoadError` for each folder that cannot be
    listed and each entry that is not a readable regular file (a broken link; a FIFO, which would
    block). Hidden files and folders are left out; symbolic links to folders are not followed."""
    found: list[tuple[tuple[str, ...], Path | LoadError]] = []
    errors: list[OSError] = []
    for folder, subfolders, files in os.walk(root, onerror=errors.append):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for file in files:
            path = Path(folder, file)
            if not file.startswith(".") and path.suffix.lower() in DOCUMENT_EXTENSIONS:
                found.append((path.relative_to(root).parts, _regular_file(path)))
    for error in errors:
        where = Path(error.filename or root)
        reason = f"cannot open the folder: {(error.strerror or str(error)).lower()}"
        key = where.relative_to(root).parts if where.is_relative_to(root) else ()
        found.append((key, LoadError(str(where), reason)))
    for _, entry in sorted(found, key=lambda pair: pair[0]):
        yield entry


def _regular_file(path: Path) -> Path | LoadError:
    try:
        mode = path.stat().st_mode
    except OSError as e:
        return LoadError(str(path), os_error_reason(e, path))
    return path if stat.S_ISREG(mode) else LoadError(str(path), "not a regular file")


def _guarded(where: str, load: Callable[[], Document]) -> Document | LoadError:
    """Run `load`; any failure becomes a `LoadError`, so that one bad file never stops a batch."""
    try:
        return load()
    except LoadError as e:
        return e
    except Exception as e:  # a bug or a library failure on strange input: report it, go on
        return LoadError(where, f"unexpected error while reading: {type(e).__name__}: {e}")
