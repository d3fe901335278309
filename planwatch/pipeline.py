"""The public path of a document: `read` (load + document facts) and `extract` (figures).

    import planwatch
    doc = planwatch.read("report.pdf")            # Document: text, facts (region, type, years)
    for figure in planwatch.extract(doc):         # Figure: indicator, value, unit, op, kind, year, quote…
        print(figure.to_dict())

Loading, facts and extraction are pure functions of the bytes: no database, no network.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from planwatch.engine.extract import extract_figures
from planwatch.engine.facts import apply_overrides, detect_facts
from planwatch.load import LoadError, iter_documents, read_bytes, read_path
from planwatch.models import Document, Figure

__all__ = ["extract", "extract_figures", "read", "read_all", "with_facts"]


def with_facts(document: Document, region: str | None = None, year: int | None = None) -> Document:
    """The document with its facts detected, then overridden by `region` / `year` when given."""
    facts = detect_facts(document.text, name=document.name, meta=document.meta)
    if region or year:
        facts = apply_overrides(facts, region=region, year=year)
    document.facts = facts
    return document


def read(source: str | Path | bytes, *, name: str | None = None, region: str | None = None,
         year: int | None = None) -> Document:
    """Load a file (or bytes) and detect what the document says about itself."""
    if isinstance(source, bytes):
        document = read_bytes(source, name or "document")
    else:
        document = read_path(source)
    return with_facts(document, region, year)


def read_all(paths: Iterable[str | Path], *, region: str | None = None,
             year: int | None = None) -> Iterator[Document | LoadError]:
    """Documents of files, folders (recursive) and `-` (stdin); a bad file yields its `LoadError`."""
    for item in iter_documents(paths):
        yield item if isinstance(item, LoadError) else with_facts(item, region, year)


def extract(document_or_text: Document | str, *, region: str | None = None,
            year: int | None = None) -> list[Figure]:
    """Every quantified figure of a document (or of a text, whose facts are detected)."""
    if isinstance(document_or_text, str):
        text = document_or_text
        document = Document(text=text, name="text", sha256=hashlib.sha256(text.encode()).hexdigest())
        with_facts(document, region, year)
    else:
        document = document_or_text
        if region or year:
            document.facts = apply_overrides(document.facts, region=region, year=year)
    return extract_figures(document)
