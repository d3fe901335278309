"""`planwatch check` on the real corpus (`../shared/corpus`) lists nothing unexplained: every finding but the
governments' own silences (`unreported`) is in `cases/corpus_check.toml` with why it stands, and every
entry there is still found. A finding that appears after a change is a regression to look at (or, once
read and understood, a new entry); one that disappears is an entry to remove."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from planwatch.assess.ledgers import check_books
from planwatch.ingest import ingest
from planwatch.store.db import dispose_engines

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
EXPLAINED = tomllib.loads((HERE / "cases" / "corpus_check.toml").read_text(encoding="utf-8"))["finding"]
WHY = {"true", "revised", "several_years", "other_scope", "engine"}


def _label(finding) -> str:
    parts = [finding.kind, finding.region or "-", str(finding.year or "-"), finding.indicator or "-"]
    return " ".join(parts + ([finding.measure] if finding.measure else []))


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list:
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus_check') / 'corpus.db'}"
    result = ingest([CORPUS], db=url, jobs=2)
    assert result.count("stored") == 131, [o.reason for o in result.failed]
    yield list(check_books(url))
    dispose_engines()


def test_every_entry_says_why_in_the_known_words() -> None:
    assert {e["why"] for e in EXPLAINED} <= WHY
    assert all(e["note"].strip() for e in EXPLAINED)
    assert not [k for k, n in Counter(e["key"] for e in EXPLAINED).items() if n > 1]


def test_the_corpus_check_lists_nothing_unexplained(findings: list) -> None:
    found = [f for f in findings if f.kind != "unreported"]
    explained = {e["key"] for e in EXPLAINED}
    new = [f"{_label(f)}: {f.message}" for f in found if _label(f) not in explained]
    gone = sorted(explained - {_label(f) for f in found})
    assert not new, "findings on the corpus that cases/corpus_check.toml does not explain:\n" + "\n".join(new)
    assert not gone, "entries of cases/corpus_check.toml no longer found (remove them):\n" + "\n".join(gone)


def test_no_corpus_report_is_unplaced(findings: list) -> None:
    assert [f.message for f in findings if f.kind == "unplaced"] == []
