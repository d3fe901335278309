"""What a document says about itself: its title, its government, its type, its date and its years.

`detect_facts(text, name=..., meta=...)` reads them from the text as loaded (and from what the loader
found around it: HTML title, site, footer, date) into a `DocumentFacts`. The cue words are data, in
`planwatch/engine/grammar/facts.toml`; places come from the gazetteer (`planwatch.engine.regions`).
A repost in traditional characters, or with pinyin inserted by a mirror site, is read in simplified
characters (`planwatch.engine.script`).

The region is decided in this order, from what the text says of itself (never from a file's name):
1. the government issuing the document, named in its title (包头市九原区2023年…的报告 → 九原区;
   包头市人民政府关于下达… → 包头市), a province or a city possibly by its short name before words
   that speak of a government or its plan (2023年云南政府工作报告) or named again and again in the text
   (从政府工作报告看西宁…), a county by a short name meaning one place of today in a text speaking as a
   county (2023年沂南政府工作报告, 县长…); a table of contents some sites put before the title, the
   page's menus and datelines, the body's section headings and lists of links to other articles
   (`planwatch.engine.page`) are no title;
2. the government named at its head: whose people's congress it is made to (在包头市第十六届人民代表大会
   …上, possibly over two lines), who delivers it (我代表包头市人民政府向大会报告工作; 受…人民政府委托),
   the session a news item opens on (…县第十九届人民代表大会第五次会议于2月18日开幕), the office
   signing it or a page's label (包头市发展和改革委员会; 发文机关:包头市人民政府), the report a news
   item quotes by its title (…提交了《关于包头市2023年…计划草案的报告》), an issuing office among the
   labels of a page's metadata line (索引号:… 发文机构:包头市发展和改革委员会 信息分类:…), the city a
   province's session named by its level alone sits in (省十四届人大四次会议在南京开幕 → 江苏省);
3. otherwise the place the prose names most as a whole (menus, lists of related articles and page
   trailers, which name other places, are not prose), among the places whose name ends the way the
   text names itself (我市, 全市 → a 市; 我县 → a 县); the site's owner in the footer (or the local
   media in a copyright line, at either end of a page) counts extra, and names of two characters (岚县)
   or short names (武川 for 武川县) count as weaker clues, unless they stand where a text names its own
   place (靖远发展史上, 靖远人民, 为加快靖远…发展做出贡献; 绍兴全市). Districts
   named in a city's report end otherwise than 市, so they do not win over the city. A place named as
   the one whose plans the text's government carries out (落实…部署), or as a kind of place that the
   province counts (全省平安区称号), is not counted. A 地区 names itself by its own words (地委, 行署).
   A text that names itself as a prefecture (我代表州人民政府, 全州, 地委) or an autonomous region
   (自治区主席, 自治区两会) and names none is the one above the places it names (勐海, 勐腊 →
   西双版纳傣族自治州). A text naming itself 我省 or 市人民政府 and never its place in full is the province
   or the city it names more than once by its short name (福建会堂, 为福建发展).
A name found before a cue is a place only when it reads as one: words glued before a known place are
dropped (会议主持人宣布宁强县 → 宁强县), and a phrase (较好完成了县, 十九届县) is no place, nor an unknown
name of a province (every province is known).
A place is named as it was then: a report of 2015 calling itself 肥乡县 is 肥乡县 (130428), though the
county became 肥乡区 in 2016; a former name counts only while it was in use. A document whose region
or years the text does not say keeps them empty (`undecided` says what is missing), never a guess.

The plan year is voted by the day the report was delivered (or a news item dates the session, with
the year of the page's date when its lead writes only 1月16日), its title (a headline naming a year by
its results, 2023年交出优异答卷, speaks of the reviewed one), its headings and sentences that name the
reviewed or planned year (the year whose results a sentence states is the reviewed one: 2023年,全县生产
总值增长5%; 吴某介绍,2025年,全区经济稳中有进; the plan report named by its two years), or say it by
the five-year plan (今年是“十四五”收官之年; the draft outline of a plan, 纲要(草案)) (see `find_years`).
A news item naming no year but its session gets the year from the session's number: exactly for a
province (its congresses are elected in step, each province's term numbered its own way), up to five
years for a city or a county, then picked by the era the text names (党的二十大精神, “十四五”).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Mapping

from planwatch.engine import regex_cache
from planwatch.models import DocumentFacts
from planwatch.engine.normalize import ESCAPED_BREAK, full_stops, nfkc, normalize as joined_lines
from planwatch.engine.grammar import load_toml
from planwatch.engine.page import link_lines
from planwatch.engine.regions import Gazetteer, Mention, Region, get_gazetteer, name_endings
from planwatch.engine.scan import Gated, scanner
from planwatch.engine.script import is_traditional, simplified

_CJK: Final = "\u3400-\u9fff"
_PLACE: Final = f"[{_CJK}]{{2,24}}?"

REVIEWING_TYPES: Final = ("work_report", "plan_execution")  # documents that report on a past year


# ---------------------------------------------------------------------------------------------
# Grammar


@dataclass(frozen=True)
class _Grammar:
    type_order: tuple[str, ...]
    title_cues: dict[str, list[re.Pattern[str]]]
    body_cues: dict[str, list[re.Pattern[str]]]
    body_chars: int
    head_lines: int
    paragraph_chars: int
    max_join: int
    title_max_chars: int
    title_endings: tuple[str, ...]
    title_stop: list[re.Pattern[str]]
    contents_line: re.Pattern[str]
    contents_part: re.Pattern[str]
    title_label: re.Pattern[str]
    title_note: re.Pattern[str]
    dateline: re.Pattern[str]
    not_title: list[re.Pattern[str]]
    issuer: re.Pattern[str]
    place_prefixes: tuple[str, ...]
    congress: list[Gated]
    session: list[Gated]
    not_in_names: tuple[str, ...]
    short_name_before: re.Pattern[str]
    headline_lead: re.Pattern[str]
    title_topic_mentions: int
    speaker: list[Gated]
    venue: re.Pattern[str]
    quoted_title: re.Pattern[str]
    speaker_chars: int
    footer: list[Gated]
    footer_lines: int
    copyright: list[Gated]
    labels: list[Gated]
    self_forms: dict[str, float]
    self_endings: tuple[str, ...]
    own_words: dict[str, dict[str, float]]
    autonomous_forms: frozenset[str]
    autonomous_factor: float
    self_not_after: tuple[str, ...]
    self_not_before: tuple[str, ...]
    prose_marks: tuple[str, ...]
    not_own_after: tuple[str, ...]
    not_own_before: re.Pattern[str]
    footer_weight: float
    above_named_endings: tuple[str, ...]
    title_level: re.Pattern[str]
    title_level_weight: float
    above_named_min: int
    short_name_weight: float
    short_name_min: int
    short_not_before: tuple[str, ...]
    short_name_self: re.Pattern[str]
    review_heading: re.Pattern[str]
    plan_heading: re.Pattern[str]
    heading_max_chars: int
    next_year_from_month: int
    published_labels: list[re.Pattern[str]]
    delivered: list[Gated]
    published_head_lines: int
    published_tail_lines: int
    review_sentences: list[Gated]
    plan_sentences: list[Gated]
    sentence_chars: int
    two_digit_pivot: int
    congress_elected: int
    congress_session: re.Pattern[str]
    congress_term: dict[str, int]
    local_first_sessions: list[int]
    eras: list[tuple[re.Pattern[str], int, int]]
    era_years: list[tuple[re.Pattern[str], int]]
    era_this_year: re.Pattern[str]
    era_last_year: re.Pattern[str]
    five_year_sentences: list[Gated]
    five_year_third_starts: int
    five_year_stages: dict[str, int]
    this_year: list[re.Pattern[str]]
    next_year: list[re.Pattern[str]]
    result_opening: re.Pattern[str]
    result_words: re.Pattern[str]
    target_words: re.Pattern[str]
    estimate: re.Pattern[str]
    looking_back: re.Pattern[str]
    plan_title: re.Pattern[str]
    headline_review: list[re.Pattern[str]]
    year_weights: dict[str, float]
    variants: dict[int, str]


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    return [scanner(regex_cache.compile(p.replace("{place}", _PLACE))) for p in patterns]


def _gated(patterns: list[str]) -> list[Gated]:
    """Patterns searched only in texts that hold a word each match holds: most are tried at every Chinese
    character of a text (a place's name, then the words of a session) and match in few texts."""
    return [Gated(p) for p in _compile(patterns)]


@functools.lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    data = load_toml("facts.toml")  # (through the grammar package: a compiled module's __file__ is elsewhere)
    doc, title, issuer = data["doc_type"], data["title"], data["issuer"]
    selfref, years, published = data["self_reference"], data["years"], data["published"]
    endings = "|".join(re.escape(e) for e in name_endings())
    followers = "|".join(issuer["followers"])
    # a place name right before what follows an issuer's name, at the start of a line or after a
    # non-Chinese character, 关于 or a year
    issuer_re = regex_cache.compile(
        rf"(?:^|(?<=[^{_CJK}])|(?<=关于)|(?<=\d年))(?P<place>[{_CJK}]{{1,24}}?(?:{endings}))(?=(?:{followers}))"
    )
    gap = int(years["gap"])
    results = years["results"]
    marker = years["heading_marker"]

    def heading(cues: list[str]) -> re.Pattern[str]:
        return regex_cache.compile(rf"{marker}(?P<year>\d{{4}})年(?:度)?.{{0,{gap}}}?(?:{'|'.join(cues)})")

    return _Grammar(
        type_order=tuple(doc["order"]),
        title_cues={k: _compile(v) for k, v in doc["title"].items()},
        body_cues={k: _compile(v) for k, v in doc["body"].items()},
        body_chars=int(doc["body_chars"]),
        head_lines=int(title["head_lines"]),
        paragraph_chars=int(title["paragraph_chars"]),
        max_join=int(title["max_join"]),
        title_max_chars=int(title["max_chars"]),
        title_endings=tuple(title["endings"]),
        title_stop=_compile(title["stop"]),
        contents_line=regex_cache.compile(title["contents_line"]),
        contents_part=regex_cache.compile(title["contents_part"]),
        title_label=regex_cache.compile(title["label"]),
        title_note=regex_cache.compile(title["note"]),
        dateline=regex_cache.compile(title["dateline"]),
        not_title=_compile(title["not_title"]),
        issuer=issuer_re,
        place_prefixes=tuple(issuer["place_prefixes"]),
        congress=_gated(issuer["congress"]),
        session=_gated(issuer["session"]),
        not_in_names=tuple(issuer["not_in_names"]),
        short_name_before=regex_cache.compile("|".join(issuer["short_name_followers"])),
        headline_lead=regex_cache.compile(issuer["headline_lead"]),
        title_topic_mentions=int(issuer["title_topic_mentions"]),
        speaker=_gated(issuer["speaker"]),
        venue=regex_cache.compile(issuer["venue"]),
        quoted_title=regex_cache.compile(issuer["quoted_title"]),
        speaker_chars=int(issuer["speaker_chars"]),
        footer=_gated(issuer["footer"]),
        footer_lines=int(issuer["footer_lines"]),
        copyright=_gated(issuer["copyright"]),
        labels=_gated(issuer["labels"]),
        self_forms={k: float(v) for k, v in selfref["self_words"].items()},
        self_endings=tuple(selfref["endings"]),
        own_words={e: {w: float(v) for w, v in words.items()} for e, words in selfref["own_words"].items()},
        autonomous_forms=frozenset(selfref["autonomous_region_forms"]),
        autonomous_factor=float(selfref["autonomous_region_factor"]),
        self_not_after=tuple(selfref["not_after"]),
        self_not_before=tuple(selfref["not_before"]),
        prose_marks=tuple(selfref["prose_marks"]),
        not_own_after=tuple(selfref["not_own_after"]),
        not_own_before=regex_cache.compile(selfref["not_own_before"]),
        footer_weight=float(selfref["footer_weight"]),
        above_named_endings=tuple(selfref["above_named_endings"]),
        title_level=regex_cache.compile(selfref["title_level"]),
        title_level_weight=float(selfref["title_level_weight"]),
        above_named_min=int(selfref["above_named_min"]),
        short_name_weight=float(selfref["short_name_weight"]),
        short_name_min=int(selfref["short_name_min"]),
        short_not_before=tuple(selfref["short_name_not_before"]),
        short_name_self=regex_cache.compile("|".join(selfref["short_name_self"])),
        review_heading=heading(years["review"]),
        plan_heading=heading(years["plan"]),
        heading_max_chars=int(years["heading_max_chars"]),
        next_year_from_month=int(years["next_year_from_month"]),
        published_labels=_compile(published["labels"]),
        delivered=_gated(published["delivered"]),
        published_head_lines=int(published["head_lines"]),
        published_tail_lines=int(published["tail_lines"]),
        review_sentences=_gated(years["review_sentences"]),
        plan_sentences=_gated(years["plan_sentences"]),
        sentence_chars=int(years["sentence_chars"]),
        two_digit_pivot=int(years["two_digit_pivot"]),
        congress_elected=int(years["congress_elected"]),
        congress_session=regex_cache.compile(years["congress_session"]),
        congress_term={k: int(v) for k, v in years["congress_term"].items()},
        local_first_sessions=[int(y) for y in years["local_first_sessions"]],
        eras=[(regex_cache.compile(k), int(v[0]), int(v[1])) for k, v in years["eras"].items()],
        era_years=[(regex_cache.compile(k), int(v)) for k, v in years["era_years"].items()],
        era_this_year=regex_cache.compile(years["era_this_year"]),
        era_last_year=regex_cache.compile(years["era_last_year"]),
        five_year_sentences=_gated(years["five_year_plan"]["sentences"]),
        five_year_third_starts=int(years["five_year_plan"]["third_starts"]),
        five_year_stages={k: int(v) for k, v in years["five_year_plan"]["stages"].items()},
        this_year=_compile(years["this_year"]),
        next_year=_compile(years["next_year"]),
        # a sentence opening on a year, maybe after a short lead (报告指出,); group `is`: 2023年是…
        result_opening=regex_cache.compile(
            rf"^(?:{results['bullet']})?(?:[^。,:;\d]{{0,{int(results['lead_chars'])}}}[,:]|{'|'.join(results['lead_words'])})?(?P<year>\d{{4}})年"
            rf"(?!{'|'.join(results['not_after_year'])})(?P<is>,?是)?"),
        result_words=regex_cache.compile("|".join(results["result"])),
        target_words=regex_cache.compile("|".join(results["target"])),
        estimate=regex_cache.compile(results["estimate"]),
        looking_back=regex_cache.compile(results["looking_back"]),
        plan_title=regex_cache.compile(years["plan_title"]),
        headline_review=_compile(years["headline_review"]),
        year_weights={k: float(v) for k, v in years["weights"].items()},
        variants={ord(k): v for k, v in data["characters"]["variants"].items()},
    )


# ---------------------------------------------------------------------------------------------
# Normalisation (local: facts need no offsets)

_CN_DIGITS: Final = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR_DIGITS: Final = frozenset("〇零○一二三四五六七八九")  # a year's four, before its 年 (二〇二四年)
_CN_MONTH_DAY: Final = regex_cache.compile("([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")  # after 年
# A run of blanks between two Chinese characters, between one and a digit (Chinese first), or between a digit
# or % and one (the digit first). Both alternatives open with look-behinds, which match nothing: the run's blanks
# are the first characters of a match, which the regex engine skips ahead to (`scanner`). A match starts at a
# run's first blank (a blank is neither Chinese nor a digit) and ends at its last (the look-ahead tries no blank).
_BLANKS_BETWEEN: Final = scanner(regex_cache.compile(
    "(?<=[\u3400-\u9fff])[ \t\u00a0]+(?=[\u3400-\u9fff]|\\d)|(?<=[\\d%])[ \t\u00a0]+(?=[\u3400-\u9fff])"))


def _without_spaces(text: str) -> str:
    """No run of blanks between Chinese characters, or between one and a digit (Chinese first), or between a
    digit or % and one (the digit first)."""
    return _BLANKS_BETWEEN.sub("", text)


def _cn_small_number(s: str) -> int | None:
    """一 … 九十九 (months, days, terms of a congress); None for numerals that write no number (一一, 十十)."""
    tens, ten, units = s.partition("十")
    if not ten:
        return _CN_DIGITS.get(s) if len(s) == 1 else None
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in _CN_DIGITS) or (units and units not in _CN_DIGITS):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def normalise(text: str) -> str:
    """Half-width forms (but 。 for a half-width full stop ending a sentence), no `**bold**`, no spaces next to
    Chinese characters, Chinese-numeral dates in digits (二〇二四年一月十日 → 2024年1月10日)."""
    text = full_stops(nfkc(text).replace("**", ""))
    return _cn_dates_in_digits(_without_spaces(text))


def _cn_dates_in_digits(text: str) -> str:
    """`text` with each year of four Chinese numerals before its 年 in digits, then each month (and day) right
    after a 年 (as `re.sub` of ([〇…九]{4})年 and of (?<=年)([一…十]{1,3})月…日 would: a match of either holds no
    年, so none overlaps another, and each is found from a 年: a report holds few, where a scan for the numerals
    stopped at each 一 and 二). A month or day in numerals that write no number (一一月) is left as written."""
    if "年" not in text:
        return text
    parts: list[str] = []
    done = 0
    year = text.find("年", 4)
    while year >= 0:
        digits = text[year - 4 : year]
        if all(c in _CN_YEAR_DIGITS for c in digits):
            parts.append(text[done : year - 4])
            parts.append("".join(str(_CN_DIGITS[c]) for c in digits))
            done = year
        year = text.find("年", year + 1)
    if parts:
        parts.append(text[done:])
        text = "".join(parts)
        parts = []
    done = 0
    after = text.find("年") + 1
    while after > 0:
        m = _CN_MONTH_DAY.match(text, after)
        if m is not None:
            month, day = _cn_small_number(m[1]), _cn_small_number(m[2]) if m[2] else None
            if month is not None and (day is not None or not m[2]):  # (年一一月 writes no date: left as it is)
                parts.append(text[done:after])
                parts.append(f"{month}月" + (f"{day}日" if day is not None else ""))
                done = m.end()
        after = text.find("年", after) + 1
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _lines(text: str, traditional: bool) -> list[str]:
    # what scrapers leave in a cell or a page's text: line breaks written out (`\\r\\n`) and HTML entities
    if "\\" in text:  # a break written out holds a backslash: most texts need no search for one
        text = ESCAPED_BREAK.sub("\n", text)
    text = simplified(html.unescape(text), traditional)
    if traditional:
        text = text.translate(_grammar().variants)
    # normalised at once: `normalise` changes no line break and reads nothing across one
    return _without_link_lists([line for line in (raw.strip() for raw in normalise(text).splitlines()) if line])


def _without_link_lists(lines: list[str]) -> list[str]:
    """The lines without the page's links to other articles (相关阅读 and the titles under it, 下一篇:…):
    they name other places and read like titles."""
    return [line for line, linked in zip(lines, link_lines(lines)) if not linked]


# ---------------------------------------------------------------------------------------------
# Title and type


def find_title(lines: list[str], meta_title: str = "", traditional: bool = False) -> str | None:
    """The document's title: among the opening lines (single or joined when a PDF broke it) and the
    container's title (in simplified characters when the document is `traditional`), the one that
    reads most like a title."""
    g = _grammar()
    # 标题:… is a label; a dateline glued to a title (政府工作报告2024年1月8日在…) is not part of it
    head = [g.dateline.split(g.title_label.sub("", line), 1)[0] for line in _head(lines)]
    candidates: list[tuple[float, int, str]] = []
    for i in range(len(head)):
        if any(p.search(head[i]) for p in g.not_title):
            continue
        joined = ""
        for k in range(g.max_join):
            if i + k >= len(head) or any(p.search(head[i + k]) for p in g.not_title):
                break
            if k and not _continues(head[i + k - 1]):
                break
            joined += head[i + k]
            candidates.append((_title_score(joined), -i, joined))
    # the tail of a title broken over lines is not a title of its own
    candidates = [c for c in candidates
                  if not any(t != c[2] and t.endswith(c[2]) and score >= c[0] - 1 for score, _, t in candidates)]
    if meta_title:
        first = re.split(r"\s*[_|–—]\s*|\s+-\s+", normalise(simplified(meta_title, traditional)).strip())[0]
        if first:
            candidates.append((_title_score(first) + 0.25, 1, first))
    candidates = [c for c in candidates if c[0] > 0]
    if not candidates:
        return None
    return max(candidates)[2]


def _head(lines: list[str]) -> list[str]:
    """The opening lines, up to the salutation or the first part (各位代表, 一、…), after a table of
    contents that some sites put before the title (headings at the very top, two parts or more)."""
    g = _grammar()
    start = 0
    while start < len(lines) and g.contents_line.match(lines[start]):
        start += 1
    if sum(1 for line in lines[:start] if g.contents_part.match(line)) < 2:
        start = 0
    head: list[str] = []
    for line in lines[start: start + g.head_lines]:
        if any(p.search(line) for p in g.title_stop):
            break
        head.append(line)
        if len(line) >= g.paragraph_chars and "。" in line:
            break  # the first paragraph of the body: what follows are its sections (▲2024年:稳中有进)
    return head


def _continues(line: str) -> bool:
    """Whether a title line may go on in the next line: a long line cut before its ending (PDF
    exports), not a short label (时政要闻) nor a dateline."""
    return (10 <= len(line) <= 40 and not _ends_as_title(line)
            and not re.search(r"[。!?;:]|\d{1,2}:\d{2}|\d{4}-\d{1,2}-\d{1,2}", line))


def _ends_as_title(s: str) -> bool:
    """Whether `s` ends the way titles do (…报告), a note in brackets after it aside (…报告(摘要))."""
    g = _grammar()
    return g.title_note.sub("", s).endswith(g.title_endings)


def _title_score(s: str) -> float:
    g = _grammar()
    if len(s) < 4 or len(s) > g.title_max_chars or len(re.findall(f"[{_CJK}]", s)) < 4:
        return 0.0  # a bare year (2025年——) is no title
    score = 0.0
    if _ends_as_title(s):
        score += 3
    if re.search(r"\d{4}年", s):
        score += 2
    if s.startswith("关于") or "关于" in s[:24]:
        score += 1
    if any(p.search(s) for cues in g.title_cues.values() for p in cues):
        score += 1
    if re.search(r"[。!?;]", s[:-1]) or s.endswith(("。", ";", ",")):
        score -= 3  # a sentence (a news item's first one names the session), or a list's item (●…增长4.8%;)
    return score


def detect_doc_type(title: str | None, lines: list[str]) -> str:
    g = _grammar()
    if title:
        for doc_type in g.type_order:
            if any(p.search(title) for p in g.title_cues.get(doc_type, [])):
                return doc_type
    opening = "".join(lines)[: g.body_chars]
    for doc_type in g.type_order:
        if any(p.search(opening) for p in g.body_cues.get(doc_type, [])):
            return doc_type
    return "other"


# ---------------------------------------------------------------------------------------------
# Dates and years

_DATE_PATTERNS: Final = [
    regex_cache.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    regex_cache.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日"),
]


def _dates_in(s: str) -> list[tuple[int, dt.date]]:
    found = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(s):
            try:
                found.append((m.start(), dt.date(int(m[1]), int(m[2]), int(m[3]))))
            except ValueError:
                pass
    return sorted(found)


def parse_date(value: Any) -> dt.date | None:
    """A date from a `date`/`datetime` or a string such as 2024-02-25 21:51:25 or 2023年1月2日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    dates = _dates_in(normalise(str(value)))
    return dates[0][1] if dates else None


def find_published(lines: list[str], meta: Mapping[str, Any]) -> dt.date | None:
    """The date stated by the container, else by a label (发布日期:), else the day the report was
    delivered (——2023年1月2日在…会议上), else a date at the head or the foot of the text."""
    g = _grammar()
    from_meta = parse_date(meta.get("published"))
    if from_meta:
        return from_meta
    text = "\n".join(lines)
    for label in g.published_labels:
        for m in label.finditer(text):
            dates = _dates_in(text[m.end(): m.end() + 24])
            if dates and dates[0][0] == 0:
                return dates[0][1]
    delivered = find_delivered(lines)
    if delivered:
        return delivered
    for chunk in ("\n".join(lines[: g.published_head_lines]),
                  "\n".join(lines[-g.published_tail_lines:])):
        dates = _dates_in(chunk)
        if dates:
            return dates[0][1]
    return None


_MONTH_DAY: Final = regex_cache.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")


def find_delivered(lines: list[str]) -> dt.date | None:
    """The day the report was delivered, as its dateline says (2023年1月2日在…会议上), or as a news
    item's first sentences date the session (2024年1月16日下午,…第十四届人民代表大会第二次会议在…召开);
    a lead dating it without a year (1月16日上午,…会议…开幕) takes the year of the page's date of the
    same day (2024-01-16 at the head)."""
    g = _grammar()
    head = lines[: g.head_lines]
    lead = _prose(head, fallback=False)
    for cues, text in ((g.delivered, "\n".join(lines)), (g.session, "\n".join(lead))):
        for cue in cues:
            for m in cue.finditer(text):
                before = text[max(0, m.start() - 16): m.start()]
                if dates := _dates_in(before):
                    return dates[-1][1]
                if cues is g.session and (day := _MONTH_DAY.search(before)):
                    for _, date in _dates_in("\n".join(head)):
                        if (date.month, date.day) == (int(day[1]), int(day[2])):
                            return date
    return None


def _plans_in(date: dt.date) -> int:
    """The year a document dated `date` plans (sessions late in a year plan the next one)."""
    return date.year + (1 if date.month >= _grammar().next_year_from_month else 0)


def _five_year_plan_year(text: str) -> int | None:
    """The year a text says it is in by the five-year plan (今年是“十四五”规划收官之年 → 2025; the draft
    outline of the 十四五 plan → 2021)."""
    g = _grammar()
    for pattern in g.five_year_sentences:
        if m := pattern.search(text):
            ordinal = m.groupdict().get("ordinal") or m.groupdict().get("ordinal2") or ""  # (one of them stands)
            if (n := _cn_small_number(ordinal)) is not None:  # (not 一一五)
                return g.five_year_third_starts + 5 * (n - 3) + g.five_year_stages[m["stage"]]
    return None


def _full_year(digits: str) -> int:
    """A year written in four digits, or in two as people say it (14年的工作目标 → 2014)."""
    year = int(digits)
    if year >= 100:
        return year
    return year + (2000 if year < _grammar().two_digit_pivot else 1900)


_SENTENCE: Final = regex_cache.compile(r"[^。!?;\n]+")


def _results_stated(text: str) -> tuple[int, int] | None:
    """(position, year) of the first sentence of `text` that states a year's results (2023年,全县生产
    总值增长5%; 报告指出,2025年,全区经济稳中有进), or says what a year was and is followed by one
    looking back over it (2022年是…的一年。一年来,…): the year a report reviews, however it is worded."""
    g = _grammar()
    sentences = [(m.start(), m.group().strip()) for m in _SENTENCE.finditer(text)]
    for i, (position, sentence) in enumerate(sentences):
        if (m := g.result_opening.match(sentence)) is None:
            continue
        after = sentences[i + 1][1] if i + 1 < len(sentences) else ""
        if g.looking_back.match(after) or (
                not m["is"] and g.result_words.search(sentence)
                and (g.estimate.search(sentence) or not g.target_words.search(sentence))):
            return position, int(m["year"])
    return None


def find_years(title: str | None, lines: list[str], doc_type: str, published: dt.date | None,
               delivered: dt.date | None = None) -> tuple[int | None, int | None]:
    """(review_year, plan_year). Each statement votes for a plan year, by its weight in the grammar:
    the day the report was delivered (2024年1月8日在…会议上 → 2024), the title, the headings
    (一、2023年工作回顾 → 2024; 二、2024年工作安排), sentences (报告回顾了2023年的工作, 过去的2023年),
    the first sentence stating a year's results (2023年,全县生产总值增长5%; see `_results_stated`);
    a page's own dates are paper-thin (a web page is dated when it was put up) and count only when
    nothing else says a year. A heading looking back on a year rules out plan years up to it (a page
    titled by the year its report reviews). A document that reports on a past year reviews the year
    before."""
    g = _grammar()
    votes: dict[int, float] = {}
    review = None

    def vote(year: int | None, source: str) -> None:
        if year is not None:
            votes[year] = votes.get(year, 0.0) + g.year_weights[source]

    if title:
        years = [int(y) for y in re.findall(r"(\d{4})年", title)]
        if doc_type == "plan_execution" and years:
            if len(years) >= 2 and years[1] > years[0]:
                review = years[0]
                vote(years[1], "title")
            elif re.search(r"\d{4}年(?:度)?[^\d]{0,30}?执行情况", title):
                review = years[0]
                vote(years[0] + 1, "title")
            else:
                vote(years[-1], "title")
        elif doc_type in ("work_report", "plan_notice") and years:
            headline = next(filter(None, (p.search(title) for p in g.headline_review)), None)
            if not _ends_as_title(title) and headline is not None:
                review = int(headline["year"])  # a headline on the year's results (2023年交出优异答卷)
                vote(review + 1, "title")
            else:
                vote(years[-1], "title")
        elif m := g.plan_title.search(title):
            vote(int(m["year"]), "title")  # a news item's headline: 2024年主要预期目标出炉
    if delivered is not None:
        vote(_plans_in(delivered), "delivered")
    heading_review = heading_plan = None
    for line in lines:
        if len(line) > g.heading_max_chars:
            continue
        if heading_review is None and (m := g.review_heading.match(line)):
            heading_review = int(m["year"])
        elif heading_plan is None and (m := g.plan_heading.match(line)):
            heading_plan = int(m["year"])
    vote(heading_plan, "heading")
    vote(heading_review + 1 if heading_review else None, "heading")
    review = review or heading_review
    opening = joined_lines("\n".join(lines)[: g.sentence_chars]).text
    vote(_five_year_plan_year(opening), "sentence")
    # the first sentence of each kind counts: each pattern's first match, the earliest of them
    reviewed = [(m.start(), _full_year(m["year"])) for p in g.review_sentences if (m := p.search(opening))]
    planned = [(m.start(), _full_year(m["year"])) for p in g.plan_sentences if (m := p.search(opening))]
    if (stated := _results_stated(opening)) is not None:
        reviewed.append(stated)
    for found, shift in ((reviewed, 1), (planned, 0)):
        if found:
            year = min(found)[1]
            review = review or (year if shift else None)
            vote(year + shift, "sentence")

    if heading_review is not None:  # a report plans a year after the one it looks back on (a page
        votes = {y: w for y, w in votes.items() if y > heading_review}  # titled by the reviewed year)
    plan = max(votes, key=lambda y: votes[y]) if votes else None  # ties: the first voted
    if plan is None and published is not None and any(p.search(opening) for p in g.next_year):
        plan = published.year + 1  # 明年主要预期目标 on a page of December
    if plan is None and published is not None and (doc_type in REVIEWING_TYPES or doc_type == "plan_notice"
                                                   or any(p.search(opening) for p in g.this_year)):
        plan = _plans_in(published)
    if plan is None and review is not None and doc_type in REVIEWING_TYPES:
        plan = review + 1
    if review is not None and plan is not None and review >= plan:
        review = None
    if review is None and plan is not None and doc_type in REVIEWING_TYPES:
        review = plan - 1
    return review, plan


# ---------------------------------------------------------------------------------------------
# Region


def _issuer_in(line: str, gazetteer: Gazetteer, context: Iterable[str] = (),
               year: int | None = None) -> Region | None:
    """The government a title or signature line speaks for: the place name standing right before
    人民政府 / a year / 关于 … (包头市九原区2023年… → 九原区)."""
    g = _grammar()
    for m in g.issuer.finditer(g.dateline.sub(" ", line)):
        region = _place(m["place"], gazetteer, context, year)
        if region is not None:
            return region
    return None


def _place(text: str, gazetteer: Gazetteer, context: Iterable[str] = (), year: int | None = None) -> Region | None:
    """A place written `text` (possibly after a word such as 关于); an unknown place only when its
    name is short enough to be one. `context`: places named in the document, to choose among
    places sharing a name (城关区 of 兰州市 or of 拉萨市); `year`, to choose by the names then in use."""
    for prefix in _grammar().place_prefixes:
        if text.startswith(prefix):
            if len(text) - len(prefix) < 2:
                return None  # 关于市人民政府工作报告的决议: a government unnamed, no place
            text = text[len(prefix):]
            break
    region = gazetteer.resolve(text, context, year)
    if region is None or region.known:
        return region
    # 贯彻自治区精神包头市, 主持人宣布宁强县, 本报某地电云南省 …: words glued before a known place (spaces
    # are gone after normalisation) make an unknown-looking last piece; the known place it ends with wins
    mentions = gazetteer.find_mentions(region.name)
    if mentions and mentions[-1].end == len(region.name) and mentions[-1].start > 0:
        return mentions[-1].region
    if region.level == "province":
        return None  # every province is known: an unknown 某某省 is a phrase or a misspelling
    name = region.name
    for start in range(1, len(name) - 1):  # a name of two characters (和县) is no mention alone
        if any(r.name == name[start:] for r in gazetteer.lookup(name[start:])):
            return gazetteer.resolve(name[start:], context, year)
    if len(text) > 12 or any(word in name for word in _grammar().not_in_names):
        return None  # a phrase, not a name
    return region


def _short_named(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Provinces and cities named by their short name right before words that speak of a government
    or its plan (2023年云南政府工作报告, 天水预期目标敲定, 绍兴全市): a short name alone (长治,
    安康) may be a word or another place's."""
    found = []
    for m in _grammar().short_name_before.finditer(text):
        for start in range(max(0, m.start() - 4), m.start() - 1):  # the longest name first
            if (region := gazetteer.by_short_name(text[start:m.start()])) is not None:
                found.append(Mention(start, m.start(), region))
                break
    return found


def _title_topic(title: str, body: str, gazetteer: Gazetteer) -> Region | None:
    """A province or a city the title names by its short name and the text names again and again (从政府工作报告
    看西宁…, then 西宁 in the text): what the item is about."""
    for clue in gazetteer.find_short_names(title):
        region = clue.region
        if (region.level in ("province", "city") and region.until is None and region.alias
                and body.count(region.alias) >= _grammar().title_topic_mentions):
            return region
    return None


_EXCLAIMED: Final = regex_cache.compile(r"^[^。!?;]{1,4}!")  # a headline's cry before it (重磅!, 速看!)


def _county_in_headline(title: str, body: str, gazetteer: Gazetteer) -> Region | None:
    """A county a title or headline names by its two-character short name before words of its government
    (2023年沂南政府工作报告), as `_county_of_text` tells."""
    for m in _grammar().short_name_before.finditer(title):
        if (region := _county_of_text(title[max(0, m.start() - 2): m.start()], body, gazetteer)) is not None:
            return region
    return None


def _county_of_text(name: str, body: str, gazetteer: Gazetteer) -> Region | None:
    """The one county of today `name` calls by a short name, when the text speaks as a government of its kind
    (县长, 全县; 全市 for a county-level city) or names it so again and again: a short name alone may be a
    word, so both are asked."""
    region = _one_county(name, gazetteer)
    if region is None:
        return None
    ending = region.name[-1]
    if ending + "长" in body or "全" + ending in body or body.count(name) >= _grammar().title_topic_mentions:
        return region
    return None


def _one_county(name: str, gazetteer: Gazetteer) -> Region | None:
    """The one county of today whose two-character short name `name` holds (沂南, 关岭), if only one."""
    found = {c.region.code: c.region for c in gazetteer.find_short_names(name)
             if c.end - c.start == 2 and c.region.level == "county" and c.region.until is None}
    return next(iter(found.values())) if len(found) == 1 else None


def _first_named(line: str, gazetteer: Gazetteer) -> Region | None:
    """The last place of the first chain of adjacent places in a line (包头市九原区 → 九原区)."""
    mentions = gazetteer.find_mentions(line)
    if not mentions:
        return None
    last = mentions[0]
    for m in mentions[1:]:
        if m.start != last.end:
            break
        last = m
    return last.region


def _footer_region(lines: list[str], meta: Mapping[str, Any], gazetteer: Gazetteer,
                   context: Iterable[str] = (), year: int | None = None) -> Region | None:
    """The government or the local media that runs the site: its footer, or a copyright line at
    either end of the text (some pages are scraped footer first)."""
    g = _grammar()
    sources = [normalise(str(meta.get(key) or "")) for key in ("footer", "site")]
    sources.append("\n".join(lines[-g.footer_lines:]))
    for source in sources:
        for pattern in g.footer:
            for m in pattern.finditer(source):
                region = _place(m["place"], gazetteer, context, year)
                if region is not None:
                    return region
    for source in (*sources, "\n".join(lines[: g.footer_lines])):
        for pattern in g.copyright:
            for m in pattern.finditer(source):
                # the owner's name holds the place (云川县千岛传媒中心): only a known place counts
                if (region := _owner_place(m["owner"], gazetteer)) is not None:
                    return region
    return None


def _owner_place(owner: str, gazetteer: Gazetteer) -> Region | None:
    """The place in the name of a site's owner or an item's source: named in full (云川县融媒体中心), or by the
    short name it opens with when that means one province or city (海南日报) or one county of today (关岭融媒体中心)."""
    if (region := _first_named(owner, gazetteer)) is not None:
        return region
    for k in (4, 3, 2):
        if (region := gazetteer.by_short_name(owner[:k])) is not None:
            return region
    return _one_county(owner[:2], gazetteer)


def _self_reference(body: str, in_autonomous_region: bool) -> dict[str, float]:
    """How strongly the text names itself with each name ending (我市, 全市 → 市; 地委, 行署 → 地区 …)."""
    g = _grammar()
    words: dict[str, dict[str, float]] = {}
    for ending in g.self_endings:
        words[ending] = {}
        for form, weight in g.self_forms.items():
            if in_autonomous_region and ending == "区" and form in g.autonomous_forms:
                weight *= g.autonomous_factor
            words[ending][form.replace("{}", ending)] = weight
    words.update(g.own_words)
    strength: dict[str, float] = {}
    for ending, weights in words.items():
        total = 0.0
        for word, weight in weights.items():
            start = body.find(word)
            while start >= 0:
                end = start + len(word)
                before, after = body[max(0, start - 2): start], body[end: end + 1]
                if not (before.endswith(g.self_not_after) or after.startswith(g.self_not_before)):
                    total += weight
                start = body.find(word, end)
        strength[ending] = total
    return strength


def _region_key(region: Region) -> str:
    return region.code or f"?{region.parent_name or ''}/{region.name}"


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the characters of each span (they may overlap) made NUL: pieces joined, not a list of its
    characters (a string made of each character of a report)."""
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        if end <= done:
            continue
        start = max(start, done)
        pieces.append(text[done:start])
        pieces.append("\0" * (end - start))
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _prose(lines: list[str], fallback: bool = True) -> list[str]:
    """The lines that are sentences: menus, link lists, bylines and page trailers are not. With
    `fallback`, all the lines when none is a sentence."""
    g = _grammar()
    prose = [line for line in lines if any(mark in line for mark in g.prose_marks)]
    return prose or (lines if fallback else [])


def _valid_in(region: Region, year: int | None) -> bool:
    """A place by a former name is the document's own only while that name was in use."""
    return region.until is None or year is None or year <= region.until


def find_region(title: str | None, lines: list[str], meta: Mapping[str, Any],
                gazetteer: Gazetteer | None = None, year: int | None = None) -> Region | None:
    """Whose document it is (see the module's docstring for the order of the rules). `year`: the
    year the document plans, when known, to tell a place from what it was called before."""
    gazetteer = gazetteer or get_gazetteer()
    g = _grammar()
    body = "".join(lines)
    context = _PlacesNamed(gazetteer, body)
    if title:
        short = _short_named(title, gazetteer)
        region = (_issuer_in(title, gazetteer, context, year) or _venue_province(title, gazetteer, context, year)
                  or _first_named(title, gazetteer)
                  or (short[0].region if short else None) or _title_topic(title, body, gazetteer)
                  or _county_in_headline(title, body, gazetteer))
        if region is not None:
            return region
    head = _head(lines)
    head_text = "\n".join(lines[: g.head_lines])
    opening = "\n".join(lines)[: g.speaker_chars]
    # a news item opens on the session: …县第十九届人民代表大会第五次会议于2月18日在…开幕
    head_prose = "\n".join(_prose(lines[: g.head_lines], fallback=False))
    for patterns, text in ((g.congress, head_text), (g.speaker, opening), (g.session, head_prose),
                           (g.labels, head_text)):
        for pattern in patterns:
            for m in pattern.finditer(text):
                region = _place(m["place"] + (m.groupdict().get("ending") or ""), gazetteer, context, year)
                if region is not None:
                    return region
    if (region := _venue_province(head_prose, gazetteer, context, year)) is not None:
        return region
    for line in head:
        line = _EXCLAIMED.sub("", line)  # 重磅!2023年沂南政府工作报告全文来了
        if len(line) > 30 or re.search("[。!?;]", line):
            continue  # a sentence (县长李某代表县人民政府作报告。) is no headline
        short = _short_named(line, gazetteer)  # a headline: 天水预期目标敲定
        if (region := _issuer_in(line, gazetteer, context, year) or (short[0].region if short else None)) is not None:
            return region
        if (lead := g.headline_lead.match(line)) and (region := gazetteer.by_short_name(lead["place"])
                                                       or _county_of_text(lead["place"], body, gazetteer)):
            return region
        if (region := _county_in_headline(line, body, gazetteer)) is not None:
            return region
    # a news item names the report it is about by its title (…提交了《关于云川市2020年…的报告》)
    for m in g.quoted_title.finditer(head_prose):
        title = m["title"]
        if _ends_as_title(title) and any(p.search(title) for cues in g.title_cues.values() for p in cues):
            if (region := _issuer_in(title, gazetteer, context, year)) is not None:
                return region
    level = g.title_level.search(title) if title else None
    return _named_most(lines, meta, gazetteer, context, year, level["ending"] if level else None)


class _PlacesNamed:
    """The names of the places a text names, in order, each once (to choose among places sharing a name), found
    when first asked: a pass of the gazetteer over the whole text that a title naming a place of its own name
    alone never needs."""

    def __init__(self, gazetteer: Gazetteer, text: str) -> None:
        self.gazetteer, self.text = gazetteer, text
        self.names: tuple[str, ...] | None = None

    def __iter__(self) -> Iterator[str]:
        if self.names is None:
            self.names = tuple(dict.fromkeys(m.region.name for m in self.gazetteer.find_mentions(self.text)))
        return iter(self.names)


def _venue_province(text: str, gazetteer: Gazetteer, context: Iterable[str], year: int | None) -> Region | None:
    """The province whose congress sits in the city `text` names (省十四届人大四次会议在南京开幕), not the city."""
    for m in _grammar().venue.finditer(text):
        city = gazetteer.by_short_name(m["city"]) or gazetteer.resolve(m["city"] + "市", context, year)
        if city is not None and city.known and (province := gazetteer.ancestors(city)[-1:]):
            return province[0]
    return None


def _named_most(lines: list[str], meta: Mapping[str, Any], gazetteer: Gazetteer,
                context: Iterable[str], year: int | None, titled: str | None = None) -> Region | None:
    """The place the prose names most as a whole, among the places whose name ends the way the text
    names itself (我县 → a 县, or `titled`: the ending of 县政府工作报告 in its title); the site's owner in
    the footer counts extra. Names of two characters (岚县, 武川) count less: they are also pieces of words."""
    g = _grammar()
    prose = "".join(_prose(lines))
    mentions = [m for m in gazetteer.find_mentions(prose) if _valid_in(m.region, year)]
    rest = _masked(prose, [(m.start, m.end) for m in mentions])
    footer = _footer_region(lines, meta, gazetteer, context, year)

    candidates: dict[str, Region] = {}
    scores: dict[str, float] = {}
    clues: dict[str, int] = {}

    def add(region: Region) -> str:
        key = _region_key(region)
        candidates.setdefault(key, region)
        scores.setdefault(key, 0.0)
        return key

    named = [mention.region for mention in mentions]  # the places named, not those above them
    for mention in mentions:
        key = add(mention.region)
        # 落实番禺区…部署, 全省平安区称号, 长春市、四平市等兄弟城市: named, but not as the text's own
        if not (prose.endswith(g.not_own_after, 0, mention.start) or g.not_own_before.match(prose, mention.end)):
            scores[key] += 1
        # the places above: a city named only by its short name (乌海) is still the parent of the
        # districts its report names in full
        for region in gazetteer.ancestors(mention.region):
            add(region)
    for clue in gazetteer.find_short_names(rest):
        if clue.region.level in ("province", "city") or not _valid_in(clue.region, year):
            continue  # a province's or a city's short name (山西, 乌海) counts in full below
        written, after = rest[clue.start:clue.end], rest[clue.end:clue.end + 1]
        if written == clue.region.name and rest.startswith(g.short_not_before, clue.end):
            continue  # 和县委: 县委 is a word of its own
        if written != clue.region.name and after in g.self_endings and not clue.region.name.endswith(after):
            continue  # 贵安新区 does not name 安新县
        key = add(clue.region)
        named.append(clue.region)
        if g.short_name_self.match(rest, clue.end):
            scores[key] += 1  # 靖远发展史上, 靖远人民: the text's own place, as good as its full name
        else:
            clues[key] = clues.get(key, 0) + 1
    # 绍兴全市: the text names itself by the short name (counted in full below, like any short name of
    # a province or a city)
    self_named = {add(mention.region) for mention in _short_named(rest, gazetteer)}
    if footer is not None:
        scores[add(footer)] += g.footer_weight
    for key, region in candidates.items():
        alias = region.alias
        if alias and (len(alias) >= 3 or region.level in ("province", "city")):
            scores[key] += rest.count(alias)
        scores[key] += g.short_name_weight * clues.get(key, 0)

    in_autonomous = any((r.province_name or r.name).endswith("自治区") for r in candidates.values())
    # a form within the name of a place above another the text names is that place's organ, not the
    # text's own (重庆市委, 重庆市人民政府 in a report of 綦江县 under 重庆市)
    above = {_region_key(a) for m in mentions for a in gazetteer.ancestors(m.region)}
    organs = _masked(prose, [(m.start, m.end) for m in mentions if _region_key(m.region) in above])
    strength = _self_reference(organs, in_autonomous)
    if titled is not None:  # 自治区政府工作报告: the title names the government by its level
        strength[titled] = strength.get(titled, 0.0) + g.title_level_weight
    ending, best = max(strength.items(), key=lambda kv: kv[1])
    if best >= 2 and not any(r.name.endswith(ending) for r in candidates.values()):
        # a text naming itself 我省 or 市人民政府 and never its place in full: the province or the city
        # it names by its short name, more than once (福建会堂, 为福建发展; 衡阳篇章, 新衡阳)
        for clue in gazetteer.find_short_names(rest):
            region = clue.region
            if (region.level in ("province", "city") and region.name.endswith(ending) and region.alias
                    and _valid_in(region, year) and rest.count(region.alias) >= 2):
                key = add(region)
                scores[key] = float(rest.count(region.alias))
    if not candidates:
        return None
    pool = list(candidates)
    matching = [k for k in pool if candidates[k].name.endswith(ending)] if best >= 2 else []
    if best >= 2 and all(scores[k] < 1 for k in matching) and ending in g.above_named_endings:
        named_above = _above_named(named, ending, gazetteer)
        if named_above is not None and _valid_in(named_above, year):
            return named_above
    pool = matching or pool
    levels = {"province": 0, "city": 1, "county": 2}
    ranked = sorted(pool, key=lambda k: (scores[k], -levels.get(candidates[k].level or "", 3)), reverse=True)
    winner = ranked[0]
    # a place named once in passing is not the document's own, unless the text names itself alike
    # (我市 for a 市, 绍兴全市); one known only by clues must be named often, more than any other,
    # and in a text that names its city or its province
    if scores[winner] < (1 if matching or winner in self_named else 2):
        return None
    region = candidates[winner]
    if clues.get(winner, 0) and scores[winner] - g.short_name_weight * clues[winner] < 1:
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        ancestors = gazetteer.ancestors(region)
        if clues[winner] < g.short_name_min or scores[winner] < 2 * runner_up or not any(
                a.name in prose or (a.alias and a.alias in prose) for a in ancestors):
            return None
    return region


def _above_named(named: list[Region], ending: str, gazetteer: Gazetteer) -> Region | None:
    """The one place whose name ends with `ending` above the most of the places `named` (西双版纳州
    above 勐海 and 勐腊), when it is above enough of them (`above_named_min`), more than any other."""
    under: dict[str, set[str]] = {}
    places: dict[str, Region] = {}
    for region in named:
        place = _region_key(gazetteer.current(region) or region)
        for above in gazetteer.ancestors(region):
            if above.name.endswith(ending):
                key = _region_key(above)
                places[key] = above
                under.setdefault(key, set()).add(place)
    ranked = sorted(under, key=lambda k: len(under[k]), reverse=True)
    if not ranked or len(under[ranked[0]]) < _grammar().above_named_min or (
            len(ranked) > 1 and len(under[ranked[1]]) == len(under[ranked[0]])):
        return None
    return places[ranked[0]]


# ---------------------------------------------------------------------------------------------
# Entry points


def detect_facts(text: str, *, name: str = "", meta: Mapping[str, Any] | None = None) -> DocumentFacts:
    """What the document says about itself. `meta` holds what the loader found around the text
    (`title`, `site`, `published`, `footer`); `name` is the file's name (unused for now: file names
    of the corpus say nothing reliable)."""
    meta = meta or {}
    g = _grammar()
    traditional = is_traditional(text)
    lines = _lines(text, traditional)
    title = find_title(lines, str(meta.get("title") or ""), traditional)
    doc_type = detect_doc_type(title, lines)
    published = find_published(lines, meta)
    review_year, plan_year = find_years(title, lines, doc_type, published, find_delivered(lines[: g.head_lines]))
    facts = DocumentFacts(doc_type=doc_type, published=published, review_year=review_year,
                          plan_year=plan_year, title=title)
    region = find_region(title, lines, meta, year=plan_year)
    if region is not None:
        _set_region(facts, region)
        if plan_year is None and (plan_year := _session_year(lines, region)) is not None:
            facts.plan_year = plan_year
            facts.review_year = plan_year - 1 if doc_type in REVIEWING_TYPES else None
    return facts


def _session_year(lines: list[str], region: Region) -> int | None:
    """The year a session of the region's people's congress sits, for a text naming no year: from the term
    and its number for a province (第十四届…第二次会议: the second year of the term elected in 2023); from the
    number, up to five years, and the era the text names for a city or a county (第三次会议 and 党的二十大精神),
    for the years local terms began in, the most common first."""
    g = _grammar()
    session = _session_named(lines[: g.head_lines], region)
    if session is None:
        return None
    term, number = session
    term_then = g.congress_term.get(region.name)
    if term_then is not None:
        return g.congress_elected + 5 * (term - term_then) + number - 1
    if region.level == "province":
        return None
    text = "\n".join(lines)
    allowed = _session_allows(sorted(_era_plan_years(text)), number)  # a year an era's sentence names
    if not allowed:
        eras = [(first, last) for pattern, first, last in g.eras if pattern.search(text)]
        if not eras:
            return None
        allowed = _session_allows(range(max(e[0] for e in eras), min(e[1] for e in eras) + 1), number)
    return allowed[0] if len(allowed) == 1 else None


def _session_allows(years: Iterable[int], number: int) -> list[int]:
    """Those of `years` a local congress's session of `number` may sit in, for the first of the years its terms
    began in (the most common first) that allows any."""
    years = list(years)
    for start in _grammar().local_first_sessions:
        allowed = [y for y in years if (y - start - number + 1) % 5 == 0]
        if allowed:
            return allowed
    return []


def _era_plan_years(text: str) -> set[int]:
    """The years a text plans by the years of an era its sentences name: 今年是…“十四五”开局之年 (2021), 过去的
    一年，是“十四五”开局之年 (2022)."""
    g = _grammar()
    years = set()
    for pattern, year in g.era_years:
        for m in pattern.finditer(text):
            start = max(text.rfind(mark, 0, m.start()) for mark in "。!?！？\n") + 1  # its sentence
            before = text[start : m.start()]
            this, last = g.era_this_year.search(before), g.era_last_year.search(before)
            if this and not last:
                years.add(year)
            elif last and not this:
                years.add(year + 1)
    return years


def _session_named(lines: list[str], region: Region) -> tuple[int, int] | None:
    """The term and the number of a session of the region's congress a line names right after its name."""
    g = _grammar()
    names = tuple(n for n in (region.name, region.alias) if n)
    for line in lines:
        for name in names:
            start = line.find(name)
            while start >= 0:
                if m := g.congress_session.match(line, start + len(name)):
                    term, session = _cn_small_number(m["term"]), _cn_small_number(m["session"])
                    if term is not None and session is not None:  # (not 第十十届)
                        return term, session
                start = line.find(name, start + 1)
    return None


def undecided(facts: DocumentFacts) -> list[str]:
    """What the text did not say about itself, as notes for the user: a document is never placed by a
    guess, so its region or year stays empty until the caller gives it."""
    notes = []
    if facts.region is None:
        notes.append("no region found in the text (give it with --region)")
    if facts.plan_year is None:
        notes.append("no plan year found in the text (give it with --year)")
    return notes


def _set_region(facts: DocumentFacts, region: Region) -> None:
    facts.region = region.name
    facts.region_code = region.code
    facts.parent = region.parent_name
    facts.level = region.level


def apply_overrides(facts: DocumentFacts, region: str | None = None, year: int | None = None) -> DocumentFacts:
    """A copy of `facts` with the caller's `--region` / `--year`. The region is resolved through
    the gazetteer (包头市九原区 → 九原区, code 150207); `year` is the plan year, and the review year
    the year before unless the document is a plan notice (it reviews nothing)."""
    facts = dataclasses.replace(facts)
    if region:
        resolved = get_gazetteer().resolve(region)
        if resolved is not None:
            _set_region(facts, resolved)
        else:
            facts.region, facts.region_code, facts.parent, facts.level = region.strip(), None, None, None
    if year is not None:
        year = int(year)
        facts.plan_year = year
        facts.review_year = None if facts.doc_type == "plan_notice" else year - 1
    return facts
