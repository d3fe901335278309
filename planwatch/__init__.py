"""planwatch: keeps the books of Chinese governments' annual development plans.

    import planwatch
    doc = planwatch.read("report.txt")
    figures = planwatch.extract(doc)
"""

from planwatch.models import Document, DocumentFacts, Figure, FigureRecord
from planwatch.pipeline import extract, read, read_all

__all__ = ["Document", "DocumentFacts", "Figure", "FigureRecord", "extract", "read", "read_all"]
__version__ = "0.1.0"
