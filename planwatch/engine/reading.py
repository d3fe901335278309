"""A document's text normalised and outlined, kept for the next reader of the same document.

Ingest reads each document twice in a row: the extraction (`extract.extract_figures`) and the names of its
review (`mentions.named_in_review`). Both need the normalised text and its outline, which cost about a
quarter of the extraction; the last document's are kept, one document at a time, so the second
reader takes them as they are. They are asked again only of the very same text (the same object) with equal
facts (an outline depends on them); anything else is read afresh.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from planwatch.engine.normalize import Normalized, normalize
from planwatch.engine.scan import Hits
from planwatch.engine.structure import Outline, outline
from planwatch.models import DocumentFacts

# (text, a copy of its facts, its normalisation, its outline): one tuple, replaced whole, so that a reader in
# another thread never sees half of one document and half of another
_last: tuple[str, DocumentFacts, Normalized, Outline] | None = None


def normalized_outline(text: str, facts: DocumentFacts,
                       opening_words: Callable[[str], Hits | None] | None = None) -> tuple[Normalized, Outline]:
    """`normalize(text)` and the outline of its text under `facts`. `opening_words`: what gives the outline the
    `Hits` of its opening words in the normalised text, where a pass shared with other words finds them."""
    global _last
    last = _last
    if last is not None and last[0] is text and last[1] == facts:
        return last[2], last[3]
    norm = normalize(text)
    sections = outline(norm.text, facts, opening_words(norm.text) if opening_words is not None else None)
    _last = (text, dataclasses.replace(facts), norm, sections)
    return norm, sections
