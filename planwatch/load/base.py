"""The contract between the loader and the format readers (text, html, pdf, docx)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Extracted:
    """What a format reader gives back: the text, what the container said about itself, the encoding."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
