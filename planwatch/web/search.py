"""Search (issue 4, item 5): `/search` (the page) and `/api/search` (its data as JSON).

Full-text search over the documents' text and the figures' labels and quotes (`planwatch.store.search`):
every whitespace-separated term of `q` must occur; a term of two characters (就业) is found as well as a
longer one. Documents come with a snippet in which the matches are in `<mark>` and everything else is
HTML-escaped by `store.search` — the only markup a template here lets through unescaped.
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from planwatch.store.search import MAX_PER_PAGE, SHORT_TERM_CAP, SearchPage, SearchResults, search
from planwatch.web.deps import database
from planwatch.web.i18n import language_of, translator
from planwatch.web.render import render, url_with
from planwatch.web.tables import json_response

router = APIRouter()

DEFAULT_PER_PAGE = 20
MAX_QUERY_CHARS = 500

# The words of this page that `strings.toml` does not have (kept here: the page's own vocabulary).
WORDS = {
    "zh": {"title": "搜索", "submit": "搜索", "documents": "文件", "figures": "数据",
           "no_documents": "没有文件包含“{q}”。", "no_figures": "没有数据的名称或原文包含“{q}”。",
           "at_least": "至少{total}条", "hint": "输入两个字以上的词，多个词用空格分开，须同时出现。",
           "open_figure": "查看", "bounded": "含两字词的搜索只在最新的{n}份匹配文件中查找数据。"},
    "en": {"title": "Search", "submit": "Search", "documents": "Documents", "figures": "Figures",
           "no_documents": "No document contains “{q}”.", "no_figures": "No figure's label or quote contains “{q}”.",
           "at_least": "at least {total}", "hint": "Words of two characters or more; separated by spaces, all must occur.",
           "open_figure": "open",
           "bounded": "With a two-character term, figures are looked for in the newest {n} matching documents only."},
}


def _results(request: Request, q: str, page: int | None, per_page: int | None) -> SearchResults:
    if page is not None and page < 1:
        raise HTTPException(400, "page starts at 1")
    if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:
        raise HTTPException(400, f"per_page must be between 1 and {MAX_PER_PAGE}")
    if len(q) > MAX_QUERY_CHARS:
        raise HTTPException(400, f"the query is longer than {MAX_QUERY_CHARS} characters")
    return search(database(request), q, page=page or 1, per_page=per_page or DEFAULT_PER_PAGE)


def _links(request: Request, hits: SearchPage[Any]) -> dict[str, Any]:
    """The envelope of one list: totals and the URLs of the next and previous pages (None at the ends)."""
    return {"total": hits.total, "total_capped": hits.total_capped, "page": hits.page, "per_page": hits.per_page,
            "pages": hits.pages,
            "next": url_with(request, page=hits.page + 1) if hits.has_more else None,
            "previous": url_with(request, page=hits.page - 1) if hits.page > 1 else None}


@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: str = "", page: Optional[int] = None,
                per_page: Optional[int] = None) -> Response:
    results = _results(request, q, page, per_page)
    lang = language_of(request)
    words = WORDS.get(lang, WORDS["zh"])
    t = translator(lang)
    return render(request, "search.html", {
        "q": q, "results": results, "words": words, "bounded_note": words["bounded"].format(n=SHORT_TERM_CAP),
        "title": f"{words['title']}：{q}" if q.strip() else words["title"],
        "documents_paging": _links(request, results.documents), "figures_paging": _links(request, results.figures),
        "count": lambda hits: words["at_least"].format(total=hits.total) if hits.total_capped
        else t("total", total=hits.total),
    })


@router.get("/api/search", tags=["search"])
def api_search(request: Request,
               q: str = Query("", description="terms separated by spaces, all of which must occur (2 characters or more)"),
               page: Optional[int] = Query(None, description="1-based page of each list"),
               per_page: Optional[int] = Query(None, description=f"hits per list and page (default {DEFAULT_PER_PAGE}, "
                                                                 f"at most {MAX_PER_PAGE})")) -> Response:
    """Documents whose text contains every term (with a `snippet_html`: matches in `<mark>`, the rest
    HTML-escaped) and figures whose label or quote does (label, value, unit, region, year, `url` to the
    figure in its document), newest first. Totals stop counting at 1000 (`total_capped`); with a term of
    two characters (no index) at 200, and figures are looked for in the newest 200 matching documents
    (`figures_bounded` when that left some out)."""
    results = _results(request, q, page, per_page)
    return json_response({
        "query": results.query, "terms": results.terms,
        "documents": {"rows": [hit.to_dict() for hit in results.documents.items],
                      **_links(request, results.documents)},
        "figures": {"rows": [hit.to_dict() for hit in results.figures.items], **_links(request, results.figures)},
        "figures_bounded": results.figures_bounded,
    })
