"""A document's text normalised and outlined, kept for the next reader of the same document.

Ingest reads each document twice in a row: the extraction (`extract.extract_figures`) and the names of its
review (`mentions.named_in_review`). Both need the normalised text and its outline, which cost about a
quarter of the extraction; the last document's are kept, one document at a time, so the second
reader takes them as they are. They are asked again only of the very same text (the same object) with equal
facts (an outline depends on them); anything else is read afresh.
"""

from __future__ import annotations

import dataclasses

from planwatch.engine.normalize import Normalized, normalize
from planwatch.engine.structure import Outline, outline
from planwatch.models import DocumentFacts

# (text, a copy of its facts, its normalisation, its outline): one tuple, replaced whole, so that a reader in
# another thread never sees half of one document and half of another
_last: tuple[str, DocumentFacts, Normalized, Outline] | None = None


def normalized_outline(text: str, facts: DocumentFacts) -> tuple[Normalized, Outline]:
    """`normalize(text)` and the outline of its text under `facts`."""
    global _last
    last = _last
    if last is not None and last[0] is text and last[1] == facts:
        return last[2], last[3]
    norm = normalize(text)
    sections = outline(norm.text, facts)
    _last = (text, dataclasses.replace(facts), norm, sections)
    return norm, sections
