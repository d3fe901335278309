"""The public path of a document: `read` (load + document facts) and `extract` (figures).

    import planwatch
    doc = planwatch.read("report.pdf")            # Document: text, facts (region, type, years)
    for figure in planwatch.extract(doc):         # Figure: indicator, value, unit, op, kind, year, quote…
        print(figure.to_dict())

Loading, facts and extraction are pure functions of the bytes: no database, no network.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from planwatch.engine import regex_cache
from planwatch.engine.extract import extract_figures
from planwatch.engine.facts import apply_overrides, detect_facts, undecided
from planwatch.engine.scan import class_of
from planwatch.load import LoadError, iter_documents, read_bytes, read_path
from planwatch.models import Document, Figure

__all__ = ["extract", "extract_figures", "not_a_report", "read", "read_all", "warnings_of", "with_facts"]

MIN_CATALOG_FIGURES = 3  # what a report that lacks one of its facts must state at least
MIN_CHINESE_SHARE = 0.3  # of the letters of a report's text
CHINESE_SAMPLE = 20_000  # characters read to measure it


def with_facts(document: Document, region: str | None = None, year: int | None = None) -> Document:
    """The document with its facts detected, then overridden by `region` / `year` when given."""
    facts = detect_facts(document.text, name=document.name, meta=document.meta)
    if region or year:
        facts = apply_overrides(facts, region=region, year=year)
    document.facts = facts
    return document


def warnings_of(document: Document) -> list[str]:
    """What the user should be told about a document read and placed: a text that was not cleanly in one
    encoding (`meta["warning"]`), and what the text did not say about itself (`engine.facts.undecided`)."""
    loaded = [document.meta["warning"]] if document.meta.get("warning") else []
    return [*loaded, *undecided(document.facts)]


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


@functools.cache
def _chinese_letters() -> re.Pattern:
    """A run of Chinese letters: the letters (`str.isalpha`) from U+3400 to U+9FFF, counted by what a
    substitution takes out (a loop over the characters took a tenth of the extraction)."""
    return regex_cache.compile(f"[{class_of([code for code in range(0x3400, 0xA000) if chr(code).isalpha()])}]+")


def not_a_report(document: Document, figures: Sequence[Figure]) -> str | None:
    """Why `document` (its facts detected or given) is not a government's plan or report, or None.

    A report is written in Chinese, names its government and its year, and says in its title or opening
    what it is (a plan, a plan's execution, a work report). Real reports miss one or two of these facts
    often enough (an opening that starts with the review, a year only in the session's name), so one that
    misses some is still a report when it states at least MIN_CATALOG_FIGURES figures of the catalog's
    indicators; one that misses all three is not, whatever it quotes (a README, a file of results)."""
    from planwatch.engine.catalog import catalog

    sample = document.text[:CHINESE_SAMPLE]
    rest = _chinese_letters().sub("", sample)
    chinese = len(sample) - len(rest)
    letters = chinese + sum(map(str.isalpha, rest))
    if chinese < MIN_CHINESE_SHARE * letters:
        return f"not a report: only {chinese * 100 // max(1, letters)}% of its letters are Chinese"
    facts = document.facts
    missing = [what for what, present in (("it names no government", facts.region),
                                          ("it names no year", facts.plan_year or facts.review_year),
                                          ("its title and opening name no plan or report", facts.doc_type != "other"))
               if not present]
    if not missing:
        return None
    stated = sum(1 for f in figures if f.indicator in catalog())
    if stated >= MIN_CATALOG_FIGURES and len(missing) < 3:
        return None
    return f"not a report: {'; '.join(missing)}; it states {stated} figures of the catalog's indicators"
