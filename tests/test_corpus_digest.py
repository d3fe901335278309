"""The engine's output on the real corpus changes only on purpose (see `corpus_digest.py`)."""

from __future__ import annotations

from corpus_digest import corpus_lines, digest, per_document, stored


def test_corpus_output_is_the_stored_digest() -> None:
    lines = corpus_lines()
    expected = stored()
    if digest(lines) != expected["digest"]:
        was = expected.get("documents", {})
        moved = {doc: (was.get(doc, 0), n) for doc, n in per_document(lines).items() if was.get(doc, 0) != n}
        raise AssertionError(
            "the engine's output on ../shared/corpus changed. If on purpose, run "
            "`.venv/bin/python tests/corpus_digest.py --update --reason \"…\"`; lines per document "
            f"(stored → now) where the count moved: {moved or 'none (values changed in place)'}")
