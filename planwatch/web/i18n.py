"""The pages' words in Chinese and English (`strings.toml`), and which language a request wants."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from importlib import resources
from typing import Any

from starlette.requests import Request

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANG_COOKIE = "lang"

Translate = Callable[..., str]


@functools.cache
def strings() -> dict[str, dict[str, str]]:
    """Every UI string by language (`strings.toml`)."""
    with resources.files("planwatch.web").joinpath("strings.toml").open("rb") as f:
        return tomllib.load(f)


def language_of(request: Request) -> str:
    """`?lang=` when given, else the `lang` cookie, else Chinese."""
    for wanted in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if wanted in LANGUAGES:
            return wanted
    return DEFAULT_LANGUAGE


def translator(lang: str) -> Translate:
    """`t("key", name=…)`: the string in `lang`, else in Chinese, else the key itself; formatted."""
    table = strings()
    own, fallback = table.get(lang, {}), table[DEFAULT_LANGUAGE]

    def t(key: str, **values: Any) -> str:
        text = own.get(key) or fallback.get(key) or key
        return text.format(**values) if values else text

    return t


def indicator_label(indicator: str, lang: str) -> str:
    """An indicator's name in the catalog, in `lang` (the id when it is not in the catalog)."""
    from planwatch.engine.catalog import catalog

    entry = catalog().get(indicator)
    if entry is None:
        return indicator
    return entry.en if lang == "en" and entry.en else entry.name


def chart_title(indicator: str, measure: str, unit: str | None, lang: str, *, ambiguous: bool = False) -> str:
    """A chart's title: the indicator, its measure when the name does not say it (研发投入强度增速), and
    the unit every value of the chart is in."""
    if lang == "en":
        name = indicator_label(indicator, lang) + ("" if measure == "level" and not ambiguous else f" ({measure})")
    else:
        from planwatch.assess.wording import indicator_name

        name = indicator_name(indicator, measure, ambiguous=ambiguous)
    return name + (f"（{unit}）" if unit else "")
