"""Search (issue 4, item 5): `/search` (the page) and `/api/search` (its data as JSON).

Full-text search over the documents' text and the figures' labels and quotes (`planwatch.store.search`):
every whitespace-separated term of `q` must occur; a term of two characters (就业) is found as well as a
longer one. Documents come with a snippet in which the matches are in `<mark>` and everything else is
HTML-escaped by `store.search` — the only markup a template here lets through unescaped.

A term that names a catalog indicator by its name, an alias or the start of one (GDP, 社零, 规上工业: the
catalog's aliases) is a synonym: the figures listed are that indicator's (whose label or quote has the
other terms), and when no document contains the term itself, documents are searched for the indicator's
name in its place. `region`, `year` and `kind` narrow the hits; each figure links to its
sentence and, for a catalog indicator, to its verdict on the government's page.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from planwatch.assess.wording import phrase
from planwatch.engine.catalog import catalog
from planwatch.models import KINDS
from planwatch.store.search import MAX_PER_PAGE, SHORT_TERM_CAP, FigureHit, Narrowing, SearchPage, SearchResults, \
    indicator_figures, parse_terms, search
from planwatch.web.deps import database
from planwatch.web.i18n import indicator_label, language_of, translator
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
           "open_figure": "查看", "open_verdict": "判定",
           "synonyms": "按指标搜索：{names}（含其别名与简称）。", "bounded": "含两字词的搜索只在最新的{n}份匹配文件中查找数据。"},
    "en": {"title": "Search", "submit": "Search", "documents": "Documents", "figures": "Figures",
           "no_documents": "No document contains “{q}”.", "no_figures": "No figure's label or quote contains “{q}”.",
           "at_least": "at least {total}", "hint": "Words of two characters or more; separated by spaces, all must occur.",
           "open_figure": "open", "open_verdict": "verdict",
           "synonyms": "Searched as the indicator {names} (with its aliases and short names).",
           "bounded": "With a two-character term, figures are looked for in the newest {n} matching documents only."},
}


# The shortest start of an alias that names its indicator (社零 for 社零总额).
SYNONYM_PREFIX = 2


def indicator_named(term: str) -> str | None:
    """The catalog indicator `term` names: its name or an alias, else the start of one (of two characters
    or more); None when it names none or more than one. An alias that is a common word of two Chinese
    characters (经济) names the indicator in a clause's subject, not in a search: it names none here."""
    folded = term.casefold()
    if len(term) <= SYNONYM_PREFIX and not term.isascii() and any(
            folded == a.casefold() for i in catalog().values() for a in i.aliases):
        return None
    exact = {i.id for i in catalog().values() if folded in (a.casefold() for a in (i.name, *i.aliases))}
    if exact:
        return exact.pop() if len(exact) == 1 else None
    if len(term) < SYNONYM_PREFIX:
        return None
    starts = {i.id for i in catalog().values() if any(a.casefold().startswith(folded) for a in (i.name, *i.aliases))}
    return starts.pop() if len(starts) == 1 else None


@dataclasses.dataclass(frozen=True, slots=True)
class Synonyms:
    """A query read with the catalog: the indicators its terms name, the query with their names in those
    terms' place, and the terms that name none."""

    named: list[str]
    rewritten: str
    rest: list[str]


def synonyms(q: str) -> Synonyms:
    named: list[str] = []
    rewritten: list[str] = []
    rest: list[str] = []
    for term in parse_terms(q):
        indicator = indicator_named(term)
        if indicator is not None:
            named.append(indicator)
            rewritten.append(catalog()[indicator].name)
        else:
            rewritten.append(term)
            rest.append(term)
    return Synonyms(named, " ".join(rewritten), rest)


def _narrowing(region: str | None, year: int | None, kind: str | None) -> Narrowing:
    if kind and kind not in KINDS:
        raise HTTPException(400, f"kind must be one of {', '.join(KINDS)}")
    return Narrowing(region or None, year, kind or None)


def figure_links(hit: FigureHit) -> dict[str, str | None]:
    """Where a figure hit leads: its sentence in its document, and its verdict on its government's page."""
    verdict = None
    if hit.indicator in catalog() and hit.region and hit.year is not None:
        verdict = (f"/region/{quote(hit.region)}?year={hit.year}"
                   f"#v-{hit.year}-{hit.indicator}-{hit.measure}")
    return {"url": hit.url, "verdict_url": verdict,
            "text": phrase(hit.value, hit.op, hit.unit, estimate=hit.kind == "estimate", fall=hit.measure == "growth")}


def _found(request: Request, q: str, page: int | None, per_page: int | None,
           narrowing: Narrowing) -> tuple[SearchResults, Synonyms]:
    """What `q` finds, with its synonyms: the named indicators' figures, and documents with the
    indicators' names when none contains the query as written."""
    results = _results(request, q, page, per_page, narrowing)
    words = synonyms(q)
    if not words.named:
        return results, words
    if results.documents.total == 0:
        rewritten = _results(request, words.rewritten, page, per_page, narrowing)
        results = dataclasses.replace(results, documents=rewritten.documents)
    figures = indicator_figures(database(request), words.named, words.rest, page=results.figures.page,
                                per_page=results.figures.per_page, narrowing=narrowing)
    return dataclasses.replace(results, figures=figures, figures_bounded=False), words


def _results(request: Request, q: str, page: int | None, per_page: int | None,
             narrowing: Narrowing = Narrowing()) -> SearchResults:
    if page is not None and page < 1:
        raise HTTPException(400, "page starts at 1")
    if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:
        raise HTTPException(400, f"per_page must be between 1 and {MAX_PER_PAGE}")
    if len(q) > MAX_QUERY_CHARS:
        raise HTTPException(400, f"the query is longer than {MAX_QUERY_CHARS} characters")
    return search(database(request), q, page=page or 1, per_page=per_page or DEFAULT_PER_PAGE, narrowing=narrowing)


def _links(request: Request, hits: SearchPage[Any]) -> dict[str, Any]:
    """The envelope of one list: totals and the URLs of the next and previous pages (None at the ends)."""
    return {"total": hits.total, "total_capped": hits.total_capped, "page": hits.page, "per_page": hits.per_page,
            "pages": hits.pages,
            "next": url_with(request, page=hits.page + 1) if hits.has_more else None,
            "previous": url_with(request, page=hits.page - 1) if hits.page > 1 else None}


@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: str = "", region: Optional[str] = None, year: Optional[int] = None,
                kind: Optional[str] = None, page: Optional[int] = None, per_page: Optional[int] = None) -> Response:
    results, words_of_query = _found(request, q, page, per_page, _narrowing(region, year, kind))
    lang = language_of(request)
    words = WORDS.get(lang, WORDS["zh"])
    t = translator(lang)
    return render(request, "search.html", {
        "q": q, "results": results, "words": words, "bounded_note": words["bounded"].format(n=SHORT_TERM_CAP),
        "title": f"{words['title']}：{q}" if q.strip() else words["title"],
        "named_labels": [indicator_label(i, lang) for i in words_of_query.named], "links": figure_links, "kinds": KINDS,
        "filters": {"region": region or "", "year": year or "", "kind": kind or ""},
        "documents_paging": _links(request, results.documents), "figures_paging": _links(request, results.figures),
        "count": lambda hits: words["at_least"].format(total=hits.total) if hits.total_capped
        else t("total", total=hits.total),
    })


@router.get("/api/search", tags=["search"])
def api_search(request: Request,
               q: str = Query("", description="terms separated by spaces, all of which must occur (2 characters or more); "
                                              "a term naming a catalog indicator (GDP, 社零) stands for its name"),
               region: Optional[str] = Query(None, description="hits of this government only"),
               year: Optional[int] = Query(None, description="figures of this year; documents reviewing or planning it"),
               kind: Optional[str] = Query(None, description="figures of this kind: target, actual or estimate"),
               page: Optional[int] = Query(None, description="1-based page of each list"),
               per_page: Optional[int] = Query(None, description=f"hits per list and page (default {DEFAULT_PER_PAGE}, "
                                                                 f"at most {MAX_PER_PAGE})")) -> Response:
    """Documents whose text contains every term (with a `snippet_html`: matches in `<mark>`, the rest
    HTML-escaped) and figures whose label or quote does (label, value, unit, region, year, `url` to the
    figure in its document), newest first. Totals stop counting at 1000 (`total_capped`); with a term of
    two characters (no index) at 200, and figures are looked for in the newest 200 matching documents
    (`figures_bounded` when that left some out)."""
    results, words_of_query = _found(request, q, page, per_page, _narrowing(region, year, kind))
    return json_response({
        "query": results.query, "indicators": words_of_query.named, "terms": results.terms,
        "documents": {"rows": [hit.to_dict() for hit in results.documents.items],
                      **_links(request, results.documents)},
        "figures": {"rows": [{**hit.to_dict(), **figure_links(hit)} for hit in results.figures.items],
                    **_links(request, results.figures)},
        "figures_bounded": results.figures_bounded,
    })
