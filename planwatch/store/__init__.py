"""The store: the database of documents, figures, regions and corrections, and its query API.

    from planwatch import store
    records = store.figures(region="九原区", year=2024, indicator="gdp")   # a FigureList
    records.to_dataframe()

See `planwatch/store/README.md` for the API and how to change the schema.
"""

from planwatch.store.db import DEFAULT_URL, SessionOrDb, get_engine, resolve_url, session_scope, writer
from planwatch.store.queries import (documents, figures, get_document, get_figure, named_in_review, regions,
                                     reviews)
from planwatch.store.records import FigureList, RegionRecord, Results, StoredDocument
from planwatch.store.versions import Change, changes, changes_from_previous, versions

__all__ = [
    "DEFAULT_URL", "Change", "FigureList", "RegionRecord", "Results", "SessionOrDb", "StoredDocument", "changes",
    "changes_from_previous", "documents", "figures", "get_document", "get_engine", "get_figure", "named_in_review",
    "regions", "resolve_url", "reviews", "session_scope", "versions", "writer",
]
