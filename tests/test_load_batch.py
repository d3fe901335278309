"""Batches: folders walked in order, stdin, and one bad file never stopping the rest."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from formats import SAMPLE_BLOCKS, make_docx, make_html, make_pdf, render_text

from planwatch.load import LoadError, iter_documents
from planwatch.models import Document

REPORT = render_text(SAMPLE_BLOCKS)


def outcome(item: Document | LoadError, root: Path) -> str:
    """`ok rel/path` for a document, the message (paths made relative) for an error."""
    if isinstance(item, LoadError):
        return str(item).replace(f"{root}{os.sep}", "")
    return f"ok {Path(item.source).relative_to(root)}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    (root / "2023" / "annex.pdf").mkdir(parents=True)  # a folder named like a file: walked, not read
    (root / ".cache").mkdir()
    (root / "2023" / "plan.txt").write_text(REPORT, encoding="gb18030")
    (root / "2023" / "annex.pdf" / "inside.txt").write_text(REPORT, encoding="utf-8")
    make_docx(SAMPLE_BLOCKS, (), root / "2023" / "plan.docx")
    make_html(SAMPLE_BLOCKS, root / "b.html")
    data = make_pdf(REPORT, root / "c.pdf").read_bytes()
    (root / "c.pdf").write_bytes(data[:500])  # truncated
    (root / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (root / "gone.txt").symlink_to(root / "deleted.txt")  # dangling link
    (root / "locked.txt").write_text(REPORT, encoding="utf-8")
    # left out: hidden files and folders, extensions that are not documents'
    (root / ".hidden.txt").write_text(REPORT, encoding="utf-8")
    (root / ".cache" / "copy.txt").write_text(REPORT, encoding="utf-8")
    (root / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "photo.png").write_bytes(b"\x89PNG")
    (root / "notes").write_text(REPORT, encoding="utf-8")
    return root


@pytest.fixture
def locked(monkeypatch):
    """Tests run as root, for whom chmod 000 changes nothing: refuse to open `locked.txt` instead."""
    real_open = Path.open

    def open_unless_locked(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_unless_locked)


def test_a_folder_is_walked_in_order_and_every_bad_file_is_reported(folder, locked):
    results = [outcome(item, folder) for item in iter_documents([folder])]
    assert results == [
        "ok 2023/annex.pdf/inside.txt",
        "ok 2023/plan.docx",
        "ok 2023/plan.txt",
        "ok a.txt",
        "ok b.html",
        "c.pdf: the PDF is damaged or truncated",
        "empty.txt: the file is empty",
        "gone.txt: broken link: the file it points to does not exist",
        "locked.txt: permission denied: the file cannot be read",
        "old.doc: old Word .doc format; save as .docx",
    ]


def test_every_loaded_document_of_the_folder_holds_the_report(folder, locked):
    documents = [d for d in iter_documents([folder]) if isinstance(d, Document)]
    assert {d.format for d in documents} == {"text", "html", "docx"}
    for doc in documents:
        assert SAMPLE_BLOCKS[2] in doc.text


def test_a_fifo_in_a_folder_is_reported_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "z.txt").write_text(REPORT, encoding="utf-8")
    results = [outcome(item, tmp_path) for item in iter_documents([tmp_path])]
    assert results == ["pipe.txt: not a regular file", "ok z.txt"]


def test_files_named_explicitly_are_read_whatever_their_name(folder):
    results = [outcome(item, folder) for item in iter_documents([folder / "notes", folder / ".hidden.txt"])]
    assert results == ["ok notes", "ok .hidden.txt"]


def test_stdin_is_read_for_a_dash_between_other_paths(folder):
    stdin = io.BytesIO(REPORT.encode("utf-16"))
    items = list(iter_documents([folder / "a.txt", "-", folder / "missing.txt"], stdin=stdin))
    assert isinstance(items[0], Document)
    assert (items[1].name, items[1].source, items[1].encoding) == ("<stdin>", "-", "utf-16")
    assert items[1].text == REPORT
    assert str(items[2]) == f"{folder / 'missing.txt'}: no such file or folder"


def test_empty_stdin_is_named_stdin():
    (item,) = iter_documents(["-"], stdin=io.BytesIO(b""))
    assert str(item) == "<stdin>: the file is empty"


def test_an_unexpected_failure_in_a_reader_is_reported_and_the_batch_goes_on(folder, monkeypatch):
    def broken_reader(data):
        raise RuntimeError("parser crashed")

    monkeypatch.setattr("planwatch.load.html.read_html", broken_reader)
    results = [outcome(item, folder) for item in iter_documents([folder / "b.html", folder / "a.txt"])]
    assert results == ["b.html: unexpected error while reading: RuntimeError: parser crashed", "ok a.txt"]


def test_an_unlistable_folder_is_reported(folder, monkeypatch):
    real_walk = os.walk

    def walk_with_a_locked_folder(top, onerror=None, **kwargs):
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "2023")))
        for folder_name, subfolders, files in real_walk(top, onerror=onerror, **kwargs):
            if Path(folder_name).name == "2023":
                subfolders[:] = []
                continue
            yield folder_name, subfolders, files

    monkeypatch.setattr(os, "walk", walk_with_a_locked_folder)
    results = [outcome(item, folder) for item in iter_documents([folder])]
    assert results[0] == "2023: cannot open the folder: permission denied"
    assert results[1] == "ok a.txt"
