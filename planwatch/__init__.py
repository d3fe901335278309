"""planwatch: keeps the books of Chinese governments' annual development plans.

    import planwatch
    doc = planwatch.read("report.txt")             # load + document facts
    figures = planwatch.extract(doc)               # list[Figure]
    planwatch.store.figures("planwatch.db")        # the books (imported on first use)
    planwatch.assess.scorecard(...)                # verdicts, annex, comparisons
    planwatch.panel("planwatch.db", level="province")  # targets and results as a DataFrame

The package is layered in the order a document goes: `models` · `engine` and `load` (reading) ·
`pipeline` · `store` · `assess` · `ingest`, `export` · `commands`, `web`. A layer imports only those below.
"""

import importlib
from typing import Any

from planwatch.models import Document, DocumentFacts, Figure, FigureRecord
from planwatch.pipeline import extract, read, read_all
from planwatch.version import __version__

__all__ = ["Document", "DocumentFacts", "Figure", "FigureRecord", "__version__", "assess", "extract", "panel",
           "read", "read_all", "store"]

_LAZY = ("store", "assess")  # heavy (SQLAlchemy, pandas): imported when first used


def panel(db: Any = None, **options: Any) -> Any:
    """The panel of targets and results as a pandas DataFrame (`planwatch.dataset.panel`)."""
    from planwatch.dataset import panel as build

    return build(db, **options)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f"planwatch.{name}")
    raise AttributeError(f"module 'planwatch' has no attribute {name!r}")
