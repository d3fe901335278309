"""planwatch: keeps the books of Chinese governments' annual development plans."""

from planwatch.models import Document, DocumentFacts, Figure

__all__ = ["Document", "DocumentFacts", "Figure"]
__version__ = "0.1.0"
