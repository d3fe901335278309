"""Values people type, checked in one place for the command line, the web forms and the API: a corrected
field of a figure (`parse_field`) and the name of a region (`region_name`). An absurd value is refused
with a `ValueError` that says why; nothing downstream has to survive `1e999999`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from planwatch.models import KINDS, MEASURES, OPS

MAX_WHOLE_DIGITS = 15  # digits before the point: more than any figure of a government's books
MAX_FRACTION_DIGITS = 6  # digits after it
YEARS = (1949, 2100)
MAX_TEXT_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    if value and value.adjusted() >= MAX_WHOLE_DIGITS:
        raise ValueError(f"{text!r} has more than {MAX_WHOLE_DIGITS} digits before the point")
    exponent = int(value.as_tuple().exponent)
    if exponent < -MAX_FRACTION_DIGITS:
        shortest = value.quantize(Decimal(1).scaleb(-MAX_FRACTION_DIGITS))
        if shortest != value:
            raise ValueError(f"{text!r} has more than {MAX_FRACTION_DIGITS} digits after the point")
        value, exponent = shortest.normalize(), int(shortest.normalize().as_tuple().exponent)
    return value.quantize(Decimal(1)) if exponent > 0 else value  # 1E+3 is written 1000


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise ValueError(f"{text!r} is not a year")
    year = int(text)
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"{year} is not a year between {YEARS[0]} and {YEARS[1]}")
    return year


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in choices:
            raise ValueError(f"{text!r} is not one of {', '.join(choices)}")
        return text

    return parse


def _bool(text: str) -> bool:
    if text.lower() in ("true", "yes", "1"):
        return True
    if text.lower() in ("false", "no", "0"):
        return False
    raise ValueError(f"{text!r} is not true or false")


def plain_text(text: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """A line of text as typed: not empty, no control characters, at most `max_chars`."""
    text = text.strip()
    if not text:
        raise ValueError("may not be empty")
    if _CONTROL.search(text):
        raise ValueError("may not contain control characters")
    if len(text) > max_chars:
        raise ValueError(f"is longer than {max_chars} characters")
    return text


def reason(text: str, max_chars: int = 2000) -> str:
    """Why a change is made, as typed (lines allowed): not empty, no other control characters."""
    text = (text or "").strip()
    if not text:
        raise ValueError("a correction needs a reason (--why)")
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
        raise ValueError("the reason may not contain control characters")
    if len(text) > max_chars:
        raise ValueError(f"the reason is longer than {max_chars} characters")
    return text


def _indicator(text: str) -> str:
    from planwatch.engine.catalog import catalog

    if text != "other" and text not in catalog():
        raise ValueError(f"{text!r} is not an indicator of the catalog (or other)")
    return text


def _unit(text: str) -> str:
    from planwatch.engine.grammar import grammar

    if not re.fullmatch(grammar().unit_pattern, text):
        raise ValueError(f"{text!r} is not a unit of the grammar (%, 个百分点, 万元, 亿元, 万人…)")
    return text


def _region(text: str) -> str:
    return region_name(text)


# field → (parser of the new value as typed, whether it may be cleared with an empty value)
FIELDS: dict[str, tuple[Callable[[str], Any], bool]] = {
    "indicator": (_indicator, False),
    "label": (plain_text, False),
    "measure": (_one_of(MEASURES), False),
    "value": (_decimal, True),
    "unit": (_unit, True),
    "op": (_one_of(OPS), False),
    "kind": (_one_of(KINDS), False),
    "year": (_year, True),
    "region": (_region, True),
    "qualifier": (lambda text: plain_text(text, 64), True),
    "source": (_one_of(("text", "table")), False),
    "restated": (_bool, False),
    "range": (_bool, False),
    "section": (plain_text, True),
}


def parse_field(field: str, text: str | None) -> Any:
    """The typed value of a figure's `field` written as `text` (None or "" clears a field that may be
    empty); a `ValueError` naming the field when the value cannot be that field's."""
    if field not in FIELDS:
        raise ValueError(f"{field!r} cannot be corrected; fields: {', '.join(FIELDS)}")
    parser, nullable = FIELDS[field]
    if text is None or text == "":
        if nullable:
            return None
        raise ValueError(f"{field} may not be empty")
    try:
        return parser(text)
    except ValueError as err:
        raise ValueError(f"{field}: {err}") from None


def region_name(text: str) -> str:
    """The gazetteer's name of the region `text` names (包头市九原区 → 九原区); a `ValueError` listing
    close matches when the gazetteer knows no such place."""
    from planwatch.engine.regions import get_gazetteer

    name = re.sub(r"\s+", "", text or "")
    if not name or _CONTROL.search(name) or len(name) > 50:
        raise ValueError(f"{text!r} is not a region name")
    place = get_gazetteer().resolve(name)
    if place is not None and place.known:
        return place.name
    close = close_regions(name)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"{name!r} is not a region of the gazetteer{hint}")


def close_regions(name: str, n: int = 5) -> list[str]:
    """The gazetteer's names closest to `name`: most characters in common, same start first."""
    def score(candidate: str) -> float:
        return difflib.SequenceMatcher(None, name, candidate).ratio() + (0.5 if candidate[:2] == name[:2] else 0)

    ranked = sorted(_region_names(), key=lambda c: (-score(c), c))
    return [c for c in ranked[:n] if score(c) >= 0.5]


@cache
def _region_names() -> tuple[str, ...]:
    from planwatch.engine.regions import get_gazetteer

    return tuple(sorted({region.name for region in get_gazetteer()}))
