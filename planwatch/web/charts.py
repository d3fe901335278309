"""Charts drawn by the server as SVG: the geometry here, the drawing in `templates/charts.html`.

No chart library and no script: each function returns shapes with coordinates; CSS classes colour them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from planwatch.assess.rows import format_decimal

STATUS_ORDER = ("met", "missed", "not_reported", "pending")


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str  # class: status-met, series-target …
    title: str  # tooltip (<title>), escaped by the template
    label: str = ""
    outside: bool = False  # the label goes after the bar's end (horizontal bars)


@dataclass(slots=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(slots=True)
class Line:
    points: str  # "x,y x,y …"
    css: str


@dataclass(slots=True)
class Dot:
    x: float
    y: float
    css: str
    title: str
    label: str = ""


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    title: str
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, label)
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)  # x0, y0, x1, y1 of the baseline


def _scale(top: float, height: float, lo: float, hi: float):  # type: ignore[no-untyped-def]
    span = (hi - lo) or 1.0
    return lambda v: top + height - (v - lo) / span * height


def verdict_bars(counts: Mapping[int, Mapping[str, int]], labels: Mapping[str, str], title: str,
                 width: int = 640, height: int = 240) -> Chart:
    """Stacked bars, one per year: how many targets were met, missed, not reported, pending."""
    chart = Chart(width, height, title, legend=[(f"status-{s}", labels[s]) for s in STATUS_ORDER])
    years = sorted(counts)
    left, top, bottom = 40, 10, 30
    plot_h = height - top - bottom
    chart.axis = (left, top + plot_h, width - 10, top + plot_h)
    if not years:
        return chart
    most = max(sum(counts[y].get(s, 0) for s in STATUS_ORDER) for y in years) or 1
    y_of = _scale(top, plot_h, 0, most)
    slot = (width - left - 10) / len(years)
    bar_w = min(60.0, slot * 0.6)
    for n, year in enumerate(years):
        x = left + n * slot + (slot - bar_w) / 2
        base = 0
        for status in STATUS_ORDER:
            k = counts[year].get(status, 0)
            if k:
                chart.bars.append(Bar(x, y_of(base + k), bar_w, y_of(base) - y_of(base + k), f"status-{status}",
                                      f"{year} {labels[status]}: {k}", str(k)))
            base += k
        chart.x_ticks.append(Tick(x + bar_w / 2, top + plot_h + 18, str(year)))
    for k in sorted({0, most // 2, most}):
        chart.y_ticks.append(Tick(left - 6, y_of(k) + 4, str(k)))
    return chart


@dataclass(slots=True)
class SeriesPoint:
    year: int
    value: Decimal
    text: str  # the figure as written (9左右, 8.7(预计))


def target_result_lines(targets: Sequence[SeriesPoint], results: Sequence[SeriesPoint], title: str,
                        labels: tuple[str, str], width: int = 360, height: int = 180) -> Chart:
    """Targets and results of one indicator over the years, as two lines of dots."""
    chart = Chart(width, height, title, legend=[("series-target", labels[0]), ("series-result", labels[1])])
    years = sorted({p.year for p in (*targets, *results)})
    values = [float(p.value) for p in (*targets, *results)]
    left, top, bottom, right = 44, 14, 26, 16
    plot_w, plot_h = width - left - right, height - top - bottom
    chart.axis = (left, top + plot_h, width - right, top + plot_h)
    if not years:
        return chart
    lo, hi = min(values + [0.0]), max(values + [0.0])
    y_of = _scale(top, plot_h, lo, hi)
    step = plot_w / max(1, len(years) - 1)

    def x_of(year: int) -> float:
        return left + (years.index(year) * step if len(years) > 1 else plot_w / 2)

    for series, css in ((targets, "series-target"), (results, "series-result")):
        ordered = sorted(series, key=lambda p: p.year)
        if len(ordered) > 1:
            chart.lines.append(Line(" ".join(f"{x_of(p.year):.1f},{y_of(float(p.value)):.1f}" for p in ordered), css))
        for p in ordered:
            chart.dots.append(Dot(x_of(p.year), y_of(float(p.value)), css, f"{p.year}: {p.text}",
                                  format_decimal(p.value)))
    for year in years:
        chart.x_ticks.append(Tick(x_of(year), top + plot_h + 18, str(year)))
    for v in sorted({lo, hi, 0.0}):
        chart.y_ticks.append(Tick(left - 6, y_of(v) + 4, format_decimal(Decimal(repr(v)))))
    chart.axis = (left, y_of(0.0), width - right, y_of(0.0))
    return chart


@dataclass(slots=True)
class RegionValue:
    region: str
    value: Decimal
    text: str
    css: str = "series-target"


def region_bars(rows: Sequence[RegionValue], title: str, legend: list[tuple[str, str]],
                width: int = 640) -> Chart:
    """Horizontal bars, one per government: its target (or result) of one indicator in one year."""
    row_h, left, right, top = 22, 150, 70, 8
    height = top + row_h * max(1, len(rows)) + 24
    chart = Chart(width, height, title, legend=legend)
    if not rows:
        return chart
    values = [float(r.value) for r in rows]
    lo, hi = min(values + [0.0]), max(values + [0.0])
    span = (hi - lo) or 1.0
    plot_w = width - left - right

    def x_of(v: float) -> float:
        return left + (v - lo) / span * plot_w

    zero = x_of(0.0)
    for n, row in enumerate(rows):
        y = top + n * row_h
        x1 = x_of(float(row.value))
        chart.bars.append(Bar(min(zero, x1), y + 3, abs(x1 - zero) or 1.0, row_h - 6, row.css,
                              f"{row.region}: {row.text}", row.text, outside=True))
        chart.y_ticks.append(Tick(left - 6, y + row_h / 2 + 4, row.region))
    chart.axis = (zero, top, zero, top + row_h * len(rows))
    return chart
