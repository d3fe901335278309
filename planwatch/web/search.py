"""Search: `/search` and `/api/search` (issue 4, item 5). A placeholder router that `app.py` includes;
the search engineer replaces it with full-text search over documents and figure labels."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
