"""Tables in normalised text, and the meaning of their columns.

Tables reach us in three shapes, all rendered as text by the loaders: one row per line with cells
separated by `|` (HTML and Word tables), one row per line with cells separated by wide gaps (PDF
columns; the normaliser turns a gap into a tab), and one cell per line ending in ` |` (a table
flattened by a web repost). The header says what each value column is: a year and a role
(计划/目标 → target, 完成/实际 → actual, 预计 → estimate), and often the unit ("2023年(%)").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from planwatch.engine import regex_cache
from planwatch.engine.scan import at_line_starts
from planwatch.models import DocumentFacts

_CELL_SPLIT: Final = regex_cache.compile(r"[|\t]")
_YEAR: Final = regex_cache.compile(r"((?:19|20)\d\d)年?")
_UNIT_IN_PARENS: Final = regex_cache.compile(r"[(（]([^()（）]{1,8})[)）]")
_UNIT_DECLARED: Final = regex_cache.compile(r"单位[:：]\s*([^\s|,，;；]{1,8})")
# A cell may say what its figure is (增长6.5%左右, 同口径下降2%, 稳定在60亿斤以上) and hold a level and its
# growth (4516.8亿元,增长4.9%): each of its parts is a value.
# What may open a cell's number, saying what it is (its group `change`: a rise or a fall).
VALUE_LEAD: Final = r"(?:(?P<change>(?:同比|比上年|同口径|可比价)?(?:增长|增速|增幅|下降|减少|回落))|稳定在|保持在|控制在|达到)?"
# A cell stating a target without a number.
QUALITATIVE_CELL: Final = r"(?:确保)?完成[\u3400-\u9fff]{0,10}(?:任务|目标)"  # 完成省下达任务
# A cell holding a range (7—7.5): its low end, its high end and their unit.
RANGE_CELL: Final = r"(?P<lo>\d+(?:\.\d+)?)%?\s*[—–~～至到-]+\s*(?P<hi>\d+(?:\.\d+)?)\s*(?P<unit>%)?"
# The marks after a cell's number that a note after the table explains (5.2*: 带*者为预计数).
ESTIMATE_MARKS: Final = "*※△"
_VALUE: Final = regex_cache.compile(
    rf"^{VALUE_LEAD}"
    r"(?:[<>≥≤＞＜]|不低于|不超过|超过|突破|约)?-?\d+(?:\.\d+)?\s*(?:[%‰]|[万亿]?[元人吨斤亩户家个项])?"
    rf"\s*(?:左右|以上|以内|以下|之内|上下)?\s*[{ESTIMATE_MARKS}]?$"
    rf"|^{RANGE_CELL}$"
    r"|^与经济(?:增长|发展)?(?:基本)?(?:保持)?同步$|^[—\-/／]+$|^持平$|^零增长$"
    rf"|^{QUALITATIVE_CELL}$"
)
_CELL_PARTS: Final = regex_cache.compile(r"[,，;；]")
_GROWTH_HEADERS: Final = ("增长", "增速", "增幅")
_ROLE_WORDS: Final = [  # order matters: 预计完成 is an estimate, not an actual
    ("estimate", ("预计完成", "预计", "快报")),
    ("actual", ("完成情况", "完成", "实际", "执行", "实绩", "实现")),
    ("target", ("计划", "目标", "预期", "预算")),
]


@dataclass(slots=True)
class Cell:
    text: str
    start: int  # span in the normalised text
    end: int


@dataclass(slots=True)
class Column:
    year: int | None
    role: str | None  # target / actual / estimate
    header: str = ""
    unit: str | None = None


@dataclass(slots=True)
class Row:
    label: Cell
    values: list[Cell]
    start: int
    end: int


@dataclass(slots=True)
class Table:
    start: int
    end: int
    header: list[Cell]
    rows: list[Row]
    columns: list[Column] = field(default_factory=list)
    unit: str | None = None  # declared for the whole table


def is_value(text: str) -> bool:
    parts = [part.strip() for part in _CELL_PARTS.split(text)]
    return any(parts) and all(_VALUE.match(part) for part in parts if part)


def value_parts(text: str) -> list[str]:
    """The parts of a value cell, one figure each (4516.8亿元,增长4.9% → 4516.8亿元 / 增长4.9%)."""
    return [part for part in (p.strip() for p in _CELL_PARTS.split(text)) if part]


def find_tables(text: str, facts: DocumentFacts | None = None) -> list[Table]:
    """Tables of the normalised text, with their columns read from the header."""
    tables = []
    for block in _blocks(text):
        for table in _parse_block(block):
            _read_columns(table, facts or DocumentFacts())
            tables.append(table)
    return tables


def _blocks(text: str) -> list[list[list[Cell]]]:
    """Runs of consecutive lines holding cells; each line becomes a list of cells."""
    blocks: list[list[list[Cell]]] = []
    current: list[list[Cell]] = []
    framed = True  # every line of the block opens with a separator: | a | b | (a Markdown table)
    pos = 0
    for line in [*text.split("\n"), ""]:
        cells = _cells(line, pos) if ("|" in line or "\t" in line) else None
        if cells is not None:
            current.append(cells)
            framed = framed and line.lstrip(" ").startswith("|")
        elif current:
            blocks.append([cells[1:] for cells in current] if framed else current)
            current, framed = [], True
        pos += len(line) + 1
    return [b for b in blocks if len(b) >= 3] + _stacked_blocks(text)


# A table printed one cell a line, with no separators (a page's table flattened by a scraper): a header of a
# first cell (指标) and column names (单位, 2023年计划, 2023年完成…), then rows of as many lines.
_STACK_FIRST: Final = regex_cache.compile(r"^(?:指标(?:名称)?|项目|主要指标|指标项目)$")
_STACK_COLUMN: Final = regex_cache.compile(r"^(?:(?:计量)?单位|(?:19|20)\d\d年?[^\d]{0,8}|[^\d]{0,4}(?:计划|目标|完成|预计|实际|增长|增速)[^\d]{0,6})$")
_STACK_UNIT: Final = regex_cache.compile(r"^(?:[%‰]|个百分点|[万亿千百]?(?:元|人|吨|斤|亩|户|家|个|项|美元|千瓦|吨标准煤))$")
_STACK_MIN_COLUMNS: Final = 3
# What opens such a table's first line, looked for first: most texts have none (at line starts alone:
# `scan.AtLineStarts`; searched as it is, ^ under re.MULTILINE is tried at every character)
_STACK_OPENING: Final = regex_cache.compile(r"(?m)^[ \t]*(?:指标|项目|主要指标|序号)")


def stacked_tables(lines: list[str]) -> list[tuple[int, int, int]]:
    """The tables printed one cell a line among `lines` (stripped): the first line, the line after the last one,
    and the number of columns (a first column of row numbers, 序号, included)."""
    found = []
    i = 0
    while i < len(lines):
        indexed = lines[i] == "序号"
        first = i + 1 if indexed else i
        if first >= len(lines) or not _STACK_FIRST.match(lines[first]):
            i += 1
            continue
        j = first + 1
        while j < len(lines) and _STACK_COLUMN.match(lines[j]):
            j += 1
        width = j - i
        if j - first < _STACK_MIN_COLUMNS or not any(_YEAR.search(line) for line in lines[first + 1 : j]):
            i = j
            continue
        k = j
        while k + width <= len(lines) and _stacked_row(lines[k : k + width], indexed):
            k += width
        if k - j >= 2 * width:  # two rows at least
            found.append((i, k, width))
        i = max(k, j)
    return found


def _stacked_blocks(text: str) -> list[list[list[Cell]]]:
    """Tables printed one cell a line, as blocks of rows (the header first)."""
    if not at_line_starts(_STACK_OPENING).finditer(text):
        return []
    cells: list[Cell] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        cells.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    blocks = []
    for first, end, width in stacked_tables([c.text for c in cells]):
        blocks.append([cells[k : k + width] for k in range(first, end, width)])
    return blocks


def _stacked_row(cells: list[str], indexed: bool) -> bool:
    """A row of a table printed one cell a line: its number (`indexed`), a label, then values or units."""
    if indexed:
        if not _INDEX.match(cells[0]):
            return False
        cells = cells[1:]
    label, rest = cells[0], cells[1:]
    return bool(label) and not is_value(label) and not _STACK_UNIT.match(label) and all(
        c and (is_value(c) or _STACK_UNIT.match(c)) for c in rest)


def _cells(line: str, pos: int) -> list[Cell]:
    cells = []
    start = 0
    pieces = _CELL_SPLIT.split(line)
    for i, piece in enumerate(pieces):
        end = start + len(piece)
        stripped = piece.strip()
        # The piece after a trailing separator is not a cell; an empty piece between two is.
        if i < len(pieces) - 1 or stripped:
            lead = len(piece) - len(piece.lstrip())
            cells.append(Cell(stripped, pos + start + lead, pos + start + lead + len(stripped)))
        start = end + 1
    return cells


def _parse_block(lines: list[list[Cell]]) -> list[Table]:
    single = sum(1 for cells in lines if len(cells) <= 1)
    if single >= 0.8 * len(lines):
        table = _parse_flat([c for cells in lines for c in cells] or [], lines)
        return [table] if table else []
    tables = []
    lines = _without_index_column(lines)
    for part in _split_at_headers(lines):
        table = _parse_grid(part)
        if table:
            tables.append(table)
    return tables


_INDEX: Final = regex_cache.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、]?$")


def _without_index_column(lines: list[list[Cell]]) -> list[list[Cell]]:
    """Drop a first column of row numbers (序号 | 指标 | …): the indicator's name is in the second."""
    numbered = sum(1 for cells in lines if cells and _INDEX.match(cells[0].text))
    if numbered < 2 or numbered < 0.6 * len(lines):
        return lines
    return [cells[1:] if cells and (_INDEX.match(cells[0].text) or cells[0].text in ("序号", "")) else cells
            for cells in lines]


def _split_at_headers(lines: list[list[Cell]]) -> list[list[list[Cell]]]:
    """Tables written one after another: a header row after data rows starts the next table."""
    parts: list[list[list[Cell]]] = [[]]
    seen_data = False
    for cells in lines:
        is_data = any(c.text and is_value(c.text) for c in cells[1:])
        if not is_data and seen_data and len([c for c in cells if c.text]) >= 2:
            parts.append([])
            seen_data = False
        parts[-1].append(cells)
        seen_data = seen_data or is_data
    return [p for p in parts if p]


def _parse_flat(cells: list[Cell], lines: list[list[Cell]]) -> Table | None:
    """One cell per line: a row is a label cell followed by value cells."""
    rows: list[Row] = []
    first_row_at: int | None = None
    i = 0
    while i < len(cells):
        c = cells[i]
        if c.text and not is_value(c.text):
            j = i + 1
            while j < len(cells) and (not cells[j].text or is_value(cells[j].text)):
                j += 1
            values = cells[i + 1 : j]
            if any(v.text for v in values):
                if first_row_at is None:
                    first_row_at = i
                rows.append(Row(c, values, c.start, _end_with_bar(values[-1])))
            i = j
        else:
            i += 1
    if not rows or first_row_at is None:
        return None
    width = Counter(len(r.values) for r in rows).most_common(1)[0][0]
    rows = [r for r in rows if len(r.values) == width]
    header = [c for c in cells[:first_row_at] if c.text]
    return Table(lines[0][0].start if lines[0] else 0, rows[-1].end, header, rows)


def _parse_grid(lines: list[list[Cell]]) -> Table | None:
    """One row per line."""
    rows: list[Row] = []
    header: list[Cell] = []
    header_rows: list[list[Cell]] = []
    for cells in lines:
        if len(cells) < 2:
            continue
        label, values = cells[0], cells[1:]
        if label.text and not is_value(label.text) and any(v.text and is_value(v.text) for v in values):
            rows.append(Row(label, values, label.start, _end_with_bar(values[-1])))
        elif not rows:
            header_rows.append(cells)
    if not rows:
        return None
    width = Counter(len(r.values) for r in rows).most_common(1)[0][0]
    rows = [r for r in rows if len(r.values) <= width and any(v.text for v in r.values[:width])]
    for r in rows:  # a row with empty cells at its end
        r.values += [Cell("", r.end, r.end)] * (width - len(r.values))
    # A grid header row of full width names each column; keep its cells aligned (label column first).
    for cells in header_rows:
        if len(cells) == width + 1:
            header.extend(cells[1:])
        else:
            header.extend(c for c in cells if c.text)
    table = Table(lines[0][0].start, rows[-1].end, header, rows)
    table.columns = _grid_columns(header_rows, width)
    return table


def _end_with_bar(cell: Cell) -> int:
    return cell.end


def _grid_columns(header_rows: list[list[Cell]], width: int) -> list[Column]:
    aligned = [cells[1 : width + 1] for cells in header_rows if len(cells) == width + 1]
    if not aligned:
        return []
    columns: list[Column] = []
    for j in range(width):
        header = "".join(cells[j].text for cells in aligned)
        year, role = _year_of(header), _role_of(header)
        if year is None and role is None and "单位" in header:
            role = "unit"  # a column giving each row's unit
        elif year is None and role is None and columns and any(w in header for w in _GROWTH_HEADERS):
            year, role = columns[-1].year, columns[-1].role  # "增长(%)" after "2024年目标(亿元)"
        columns.append(Column(year, role, header, _unit_of(header)))
    return columns


def _read_columns(table: Table, facts: DocumentFacts) -> None:
    width = len(table.rows[0].values)
    texts = [c.text for c in table.header]
    table.unit = next((u for t in texts if (u := _unit_of(t))), None)
    if len(table.columns) == width and any(c.role or c.year for c in table.columns):
        _fill_missing(table.columns, facts)
        return
    table.columns = _flat_columns(texts, width, facts)


def _flat_columns(texts: list[str], width: int, facts: DocumentFacts) -> list[Column]:
    """Columns from a header whose cells are not aligned: years and roles in reading order."""
    both = [(y, r, t) for t in texts if (y := _year_of(t)) and (r := _role_of(t))]
    if len(both) == width:
        return [Column(y, r, t, _unit_of(t)) for y, r, t in both]
    years = [y for t in texts if (y := _year_of(t))]
    roles = [r for t in texts if (r := _role_of(t)) and not _year_of(t)]
    if len(roles) == width:
        return _assign_years(roles, years, facts)
    if len(years) == width:
        columns = [Column(y, None) for y in years]
        _fill_missing(columns, facts)
        return columns
    # Nothing usable: the common annex layout (last year's target and result, this year's target), under a
    # header that names no year; rows without any header are a list of figures, not that table.
    review, plan = facts.review_year, facts.plan_year
    if not texts:
        return [Column(None, None) for _ in range(width)]
    if width == 3:
        return [Column(review, "target"), Column(review, "actual"), Column(plan, "target")]
    if width == 2:
        return [Column(review, "actual"), Column(plan, "target")]
    return [Column(None, None) for _ in range(width)]


def _assign_years(roles: list[str], years: Sequence[int | None], facts: DocumentFacts) -> list[Column]:
    """Give each role column a year: a target after a result starts the next year's group."""
    groups: list[list[str]] = [[]]
    for role in roles:
        if groups[-1] and role == "target" and groups[-1][-1] in ("actual", "estimate"):
            groups.append([])
        groups[-1].append(role)
    if len(years) != len(groups):
        review, plan = facts.review_year, facts.plan_year
        years = [plan if i == len(groups) - 1 else review for i in range(len(groups))]
    columns: list[Column] = []
    for year, group in zip(years, groups):
        columns.extend(Column(year, role) for role in group)
    return columns


def _fill_missing(columns: list[Column], facts: DocumentFacts) -> None:
    for col in columns:
        if col.role is None and col.year is not None:
            col.role = "target" if facts.plan_year is not None and col.year >= facts.plan_year else "actual"
        if col.year is None and col.role is not None:
            col.year = facts.plan_year if col.role == "target" else facts.review_year


def _year_of(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _role_of(text: str) -> str | None:
    for role, words in _ROLE_WORDS:
        if any(w in text for w in words):
            return role
    return None


def _unit_of(text: str) -> str | None:
    m = _UNIT_DECLARED.search(text) or _UNIT_IN_PARENS.search(text)
    if not m:
        return None
    unit = m.group(1).strip()
    return unit if len(unit) <= 4 and not unit[0].isdigit() else None
