"""Charts drawn by the server as SVG: the geometry here, the drawing in `templates/charts.html`.

No chart library and no script: each function returns shapes with coordinates; CSS classes colour them.
Charts are drawn at a phone's width (360 units, shown at most that many pixels wide), so their 12-unit
text stays legible from 390 px up. A chart is honest by construction: one measure and one unit per chart
(callers convert values before plotting), a result that is a bound (<0%, 突破1200亿元) is drawn as an
open marker apart from the line, never as a value, and labels are placed only where they collide with
no other label (the rest stay in each mark's tooltip).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from planwatch.assess.rows import format_decimal

STATUS_ORDER = ("met", "missed", "not_reported", "missing_report", "pending")
WIDTH = 360
FONT = 12  # the size of every text, in the SVG's units (style.css says the same)
GAP = 2  # the least room between two labels


def text_width(text: str, size: float = FONT) -> float:
    """About how wide `text` is drawn: a CJK character is a square, anything else about 0.62 of one."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.62 for c in text)


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 + GAP and other.x0 < self.x1 + GAP \
            and self.y0 < other.y1 + GAP and other.y0 < self.y1 + GAP


@dataclass(slots=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    css: str = ""
    anchor: str = "middle"  # start / middle / end

    def box(self) -> Box:
        w = text_width(self.text)
        x0 = {"start": self.x, "middle": self.x - w / 2, "end": self.x - w}[self.anchor]
        return Box(x0, self.y - FONT * 0.9, x0 + w, self.y + FONT * 0.25)


class Placer:
    """Labels placed one by one, each at the first of its candidate places inside the chart that collides
    with nothing placed before; a label with no free place is left out."""

    def __init__(self, width: float, height: float) -> None:
        self.frame = Box(0, 0, width, height)
        self.taken: list[Box] = []

    def reserve(self, box: Box) -> None:
        """Room no label may take (a dot)."""
        self.taken.append(box)

    def place(self, *candidates: Label) -> Label | None:
        for label in candidates:
            box = label.box()
            inside = self.frame.x0 <= box.x0 and box.x1 <= self.frame.x1 and self.frame.y0 <= box.y0 \
                and box.y1 <= self.frame.y1
            if inside and not any(box.overlaps(other) for other in self.taken):
                self.taken.append(box)
                return label
        return None


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str  # class: status-met, level-city …
    title: str  # tooltip (<title>), escaped by the template
    figure_id: int | None = None
    value: str = ""  # the value drawn, in the chart's unit


@dataclass(slots=True)
class Line:
    points: str  # "x,y x,y …"
    css: str


@dataclass(slots=True)
class Dot:
    x: float
    y: float
    css: str  # series-target / series-result, and "bound" for a result that is a bound
    title: str
    figure_id: int | None = None
    value: str = ""


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    title: str
    unit: str | None = None
    measure: str | None = None
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, label)
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)  # x0, y0, x1, y1 of the baseline
    note: str = ""  # what the chart leaves out, said under it


def verdict_bars(counts: Mapping[int, Mapping[str, int]], labels: Mapping[str, str], title: str) -> Chart:
    """One stacked horizontal bar per year: how many targets were met, missed, not reported, lack the next
    year's report, or wait for it (a status absent from every year stays out of the legend)."""
    years = sorted(counts)
    left, right, top, row_h = 40, 40, 4, 22
    present = [s for s in STATUS_ORDER if any(counts[y].get(s) for y in years)]
    chart = Chart(WIDTH, top + row_h * max(1, len(years)) + 4, title,
                  legend=[(f"status-{s}", labels[s]) for s in present])
    chart.axis = (left, top, left, top + row_h * len(years))
    if not years:
        return chart
    most = max(sum(counts[y].get(s, 0) for s in STATUS_ORDER) for y in years) or 1
    scale = (WIDTH - left - right) / most
    for n, year in enumerate(years):
        y = top + n * row_h
        x = float(left)
        chart.labels.append(Label(left - 6, y + row_h / 2 + 4, str(year), "tick", "end"))
        for status in STATUS_ORDER:
            k = counts[year].get(status, 0)
            if not k:
                continue
            width = k * scale
            chart.bars.append(Bar(x, y + 3, width, row_h - 6, f"status-{status}", f"{year} {labels[status]}: {k}",
                                  value=str(k)))
            if text_width(str(k)) + 4 <= width:
                chart.labels.append(Label(x + width / 2, y + row_h / 2 + 4, str(k), "bar-label"))
            x += width
        total = sum(counts[year].get(s, 0) for s in STATUS_ORDER)
        chart.labels.append(Label(x + 4, y + row_h / 2 + 4, str(total), "bar-value", "start"))
    return chart


@dataclass(slots=True)
class SeriesPoint:
    year: int
    value: Decimal  # in the chart's unit
    text: str  # the figure as written (9%左右, 8.7%(预计), <0%)
    figure_id: int | None = None
    bound: bool = False  # a result that is a bound: drawn apart, never joined to the line


def target_result_lines(targets: Sequence[SeriesPoint], results: Sequence[SeriesPoint], title: str,
                        labels: tuple[str, str], *, unit: str | None = None, measure: str | None = None,
                        bound_label: str = "") -> Chart:
    """Targets and results of one indicator and measure over the years, as two lines of dots."""
    width, height = WIDTH, 200
    left, right, top, bottom = 44, 18, 20, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    legend = [("series-target", labels[0]), ("series-result", labels[1])]
    if any(p.bound for p in results):
        legend.append(("series-result bound", bound_label))
    chart = Chart(width, height, title, unit, measure, legend=legend)
    years = sorted({p.year for p in (*targets, *results)})
    if not years:
        chart.axis = (left, top + plot_h, width - right, top + plot_h)
        return chart
    values = [float(p.value) for p in (*targets, *results)]
    lo, hi = min(values + [0.0]), max(values + [0.0])
    span = (hi - lo) or 1.0

    def y_of(v: float) -> float:
        return top + plot_h - (v - lo) / span * plot_h

    inset = 16  # room between the axis's labels and the first dot's own
    first, last = years[0], years[-1]

    def x_of(year: int) -> float:  # years on a linear scale: a gap of years shows as one
        if first == last:
            return left + plot_w / 2
        return left + inset + (year - first) / (last - first) * (plot_w - 2 * inset)

    placer = Placer(width, height)
    baseline = top + plot_h + 18
    for label in _thinned([Label(x_of(y), baseline, str(y), "tick") for y in years]):
        placer.reserve(label.box())
        chart.labels.append(label)
    ticks = [Label(left - 6, y_of(v) + 4, format_decimal(Decimal(repr(v))), "tick", "end")
             for v in sorted({0.0, lo, hi})]
    for label in ticks:
        if placer.place(label):
            chart.labels.append(label)
    chart.axis = (left, y_of(0.0), width - right, y_of(0.0))

    by_year: dict[int, list[tuple[SeriesPoint, str]]] = {}
    for series, css in ((targets, "series-target"), (results, "series-result")):
        ordered = sorted(series, key=lambda p: p.year)
        for run in _runs([p for p in ordered if not p.bound]):
            chart.lines.append(Line(" ".join(f"{x_of(p.year):.1f},{y_of(float(p.value)):.1f}" for p in run), css))
        for p in ordered:
            dot_css = f"{css} bound" if p.bound else css
            chart.dots.append(Dot(x_of(p.year), y_of(float(p.value)), dot_css, f"{p.year}: {p.text}", p.figure_id,
                                  format_decimal(p.value)))
            by_year.setdefault(p.year, []).append((p, dot_css))
    for dot in chart.dots:  # a label never covers a dot
        placer.reserve(Box(dot.x - 3, dot.y - 3, dot.x + 3, dot.y + 3))
    for year in years:
        points = sorted(by_year.get(year, []), key=lambda item: -float(item[0].value))
        for n, (p, css) in enumerate(points):  # the higher point's label above it, the lower's below
            x, y = x_of(year), y_of(float(p.value))
            text = p.text if p.bound else format_decimal(p.value)
            above, below = Label(x, y - 8, text, f"dot-label {css}"), Label(x, y + 16, text, f"dot-label {css}")
            beside = (Label(x + 7, y + 4, text, f"dot-label {css}", "start"),
                      Label(x - 7, y + 4, text, f"dot-label {css}", "end"))
            placed = placer.place(*((above, below) if n == 0 else (below, above)), *beside)
            if placed is not None:
                chart.labels.append(placed)
    return chart


def _runs(points: list[SeriesPoint]) -> list[list[SeriesPoint]]:
    """Points of consecutive years, each run of two or more drawn as one line: no line across a gap."""
    runs: list[list[SeriesPoint]] = []
    for p in points:
        if runs and p.year == runs[-1][-1].year + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [run for run in runs if len(run) > 1]


def _thinned(ticks: list[Label]) -> list[Label]:
    """Tick labels far enough apart not to touch: the first and the last, and as many between as fit."""
    if len(ticks) <= 2:
        return ticks if len(ticks) < 2 or not ticks[0].box().overlaps(ticks[1].box()) else ticks[-1:]
    kept = [ticks[0]]
    for tick in ticks[1:-1]:
        if not tick.box().overlaps(kept[-1].box()) and not tick.box().overlaps(ticks[-1].box()):
            kept.append(tick)
    if kept[-1].box().overlaps(ticks[-1].box()):
        kept.pop()
    return kept + [ticks[-1]]


@dataclass(slots=True)
class RegionValue:
    region: str
    value: Decimal  # in the chart's unit
    text: str  # as written
    css: str = "series-target"
    figure_id: int | None = None


def region_bars(rows: Sequence[RegionValue], title: str, legend: list[tuple[str, str]], *,
                unit: str | None = None, measure: str | None = None) -> Chart:
    """Horizontal bars, one per government: its target (or result) of one indicator, measure and unit."""
    row_h, left, right, top = 22, 100, 84, 4
    chart = Chart(WIDTH, top + row_h * max(1, len(rows)) + 4, title, unit, measure, legend=legend)
    if not rows:
        return chart
    values = [float(r.value) for r in rows]
    lo, hi = min(values + [0.0]), max(values + [0.0])
    span = (hi - lo) or 1.0
    plot_w = WIDTH - left - right

    def x_of(v: float) -> float:
        return left + (v - lo) / span * plot_w

    zero = x_of(0.0)
    for n, row in enumerate(rows):
        y = top + n * row_h
        x1 = x_of(float(row.value))
        chart.bars.append(Bar(min(zero, x1), y + 3, abs(x1 - zero) or 1.0, row_h - 6, row.css,
                              f"{row.region}: {row.text}", row.figure_id, format_decimal(row.value)))
        chart.labels.append(Label(left - 6, y + row_h / 2 + 4, _fit(row.region, left - 8), "tick", "end"))
        chart.labels.append(Label(max(zero, x1) + 4, y + row_h / 2 + 4, _fit(row.text, WIDTH - max(zero, x1) - 4),
                                  "bar-value", "start"))
    chart.axis = (zero, top, zero, top + row_h * len(rows))
    return chart


def _fit(text: str, room: float) -> str:
    """`text`, cut with an ellipsis when it is wider than `room`."""
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"
