"""Pages: the Jinja2 environment (autoescaped), and `render` with what every page needs in its context.

A router of another module renders a page of its own with `render(request, "its.html", {...})`; its
template extends `base.html` and fills `{% block title %}` and `{% block content %}`.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from planwatch.engine.catalog import catalog
from planwatch.web import auth
from planwatch.web.explain import explain, status_key
from planwatch.web.i18n import indicator_label, language_of, translator


@functools.cache
def environment() -> jinja2.Environment:
    """Templates of `planwatch/web/templates`; every `{{ }}` is HTML-escaped (autoescape on everything)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("planwatch.web", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["number"] = format_number
    return env


def format_number(value: Any) -> str:
    """A value as people write it: 16.4, 1200, 3.54 (no exponent, no trailing zeros)."""
    from planwatch.assess.rows import format_decimal

    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)))
    return str(value)


def url_with(request: Request, path: str | None = None, **changes: Any) -> str:
    """The current URL (or `path`) with query parameters changed; None removes one."""
    params = dict(request.query_params) if path is None else {}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    base = request.url.path if path is None else path
    return base + ("?" + urlencode(params) if params else "")


def page_context(request: Request) -> dict[str, Any]:
    """What `base.html` and every page use: words, language, who is logged in, the CSRF token."""
    lang = language_of(request)
    t = translator(lang)
    writable = bool(auth.configured_token(request))
    return {
        "request": request,
        "lang": lang,
        "t": t,
        "writable": writable,
        "user": auth.session_user(request),
        "csrf_token": auth.csrf_token(request) if writable else "",
        "url_with": functools.partial(url_with, request),
        "indicator_label": lambda indicator: indicator_label(indicator, lang),
        "status_label": lambda status, year=None: t(f"status_{status_key(status, year)}") if status else "",
        "op_label": lambda op: t(f"op_{op}") if op else "",
        "measure_label": lambda measure: t(f"measure_{measure}") if measure else "",
        "field_label": lambda field: t(f"field_{field}") if field else "",
        "explain": lambda verdict: explain(verdict, t),
        "plain": str,
        "figure_indicator": lambda figure: indicator_label(figure.indicator, lang) if figure.indicator in catalog()
        else figure.label,
        "kind_label": lambda kind: t(f"kind_{kind}") if kind else "",
        "level_label": lambda level: t(f"level_{level or 'unknown'}"),
        "doc_type_label": lambda doc_type: t(f"doc_type_{doc_type or 'other'}"),
    }


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    page = page_context(request)
    page.update(context or {})
    return HTMLResponse(environment().get_template(template).render(page), status_code=status_code)
