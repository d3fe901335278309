"""What the books hand out: `Entry` (one figure as a row shows it) and `Rows` (a list with exports)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from planwatch import sheets
from planwatch.models import FigureRecord, decimal_to_number

if TYPE_CHECKING:
    import pandas


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored figure as a verdict, annex or comparison shows it, with where it came from."""

    value: Decimal | None
    op: str
    unit: str | None
    doc: str
    quote: str
    kind: str  # target / actual / estimate
    figure_id: int | None = None
    indicator: str | None = None
    source: str = "text"  # text / table
    published: dt.date | None = None
    doc_id: int | None = None
    qualifier: str | None = None  # 力争, 预计, 初步核算 …

    @classmethod
    def of(cls, record: FigureRecord) -> Entry:
        f = record.figure
        return cls(
            value=f.value,
            op=f.op,
            unit=f.unit,
            doc=record.doc_name,
            quote=f.quote,
            kind=f.kind,
            figure_id=record.id,
            indicator=f.indicator,
            source=f.source,
            published=record.published,
            doc_id=record.doc_id,
            qualifier=f.qualifier,
        )

    @property
    def provisional(self) -> bool:
        return self.kind == "estimate"

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        return {
            "value": number(self.value, exact),
            "op": self.op,
            "unit": self.unit,
            "doc": self.doc,
            "quote": self.quote,
            "kind": self.kind,
            "figure_id": self.figure_id,
        }


def number(value: Decimal | None, exact: bool = False) -> Decimal | int | float | None:
    """A value for output: the `Decimal` itself when `exact`, else a JSON number (int when whole)."""
    return value if exact else decimal_to_number(value)


class _Row(Protocol):
    def to_dict(self, exact: bool = False) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Row)


class Rows(list[R], Generic[R]):
    """A list of typed rows that also exports itself: dicts, JSON lines, flat CSV, a pandas DataFrame.

    `to_dicts`/`to_jsonl` give JSON numbers; `to_records`/`to_dataframe` keep values as exact `Decimal`s
    (as the store's exports do); CSV (`planwatch.sheets`) writes a decimal's digits."""

    def to_dicts(self, exact: bool = False) -> list[dict[str, Any]]:
        return [row.to_dict(exact) for row in self]

    def to_jsonl(self) -> str:
        return "".join(json.dumps(d, ensure_ascii=False, default=_json_default) + "\n" for d in self.to_dicts())

    def to_records(self) -> list[dict[str, Any]]:
        """Flat rows (nested objects become `target_value`, `target_op` …; lists become JSON text)."""
        records = [flatten(d) for d in self.to_dicts(exact=True)]
        # an object absent from some rows (result: null) leaves a stray column beside its flattened fields
        keys = set(k for r in records for k in r)
        stray = {k for k in keys if any(other.startswith(k + "_") for other in keys)
                 and all(r.get(k) is None for r in records)}
        return [{k: v for k, v in r.items() if k not in stray} for r in records]

    def to_csv(self) -> str:
        records = self.to_records()
        columns = sheets.columns_of(records)
        if "history" in columns:  # long JSON text: last
            columns.append(columns.pop(columns.index("history")))
        out = io.StringIO()
        sheets.write_csv(records, columns, out)
        return out.getvalue()

    def to_dataframe(self) -> pandas.DataFrame:
        import pandas

        return pandas.DataFrame.from_records(self.to_records())


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested row as one level: {"target": {"value": 9}} is {"target_value": 9}; lists become JSON."""
    flat: dict[str, Any] = {}
    for k, v in d.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            flat.update(flatten(v, f"{name}_"))
        elif isinstance(v, (list, tuple)):
            flat[name] = json.dumps(v, ensure_ascii=False, default=_json_default)
        else:
            flat[name] = v
    return flat


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_to_number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def format_decimal(value: Decimal | None) -> str:
    """A decimal as people write it: no exponent, no trailing zeros ("20", "3.54", "1200")."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
