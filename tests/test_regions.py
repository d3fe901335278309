"""The gazetteer: lookups, resolution of written names, mentions in texts, the cached index."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from planwatch.engine import regions
from planwatch.engine.regions import Gazetteer, Region, get_gazetteer

CASES = tomllib.loads((Path(__file__).parent / "cases" / "regions.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


def test_jiuyuan_is_a_district_of_baotou(gaz: Gazetteer) -> None:
    jiuyuan = gaz.by_code("150207")
    assert jiuyuan is not None
    assert (jiuyuan.name, jiuyuan.level, jiuyuan.alias) == ("九原区", "county", "九原")
    baotou = gaz.parent(jiuyuan)
    assert baotou is not None and (baotou.name, baotou.code, baotou.level) == ("包头市", "150200", "city")
    im = gaz.parent(baotou)
    assert im is not None and (im.name, im.code, im.level) == ("内蒙古自治区", "150000", "province")
    assert gaz.parent(im) is None
    assert jiuyuan in gaz.children(baotou)
    assert [r.name for r in gaz.ancestors(jiuyuan)] == ["包头市", "内蒙古自治区"]
    assert gaz.is_within(jiuyuan, im) and not gaz.is_within(im, jiuyuan)


def test_the_tree_has_three_levels_of_plausible_size(gaz: Gazetteer) -> None:
    levels = Counter(r.level for r in gaz)
    assert levels["province"] == 34
    assert 330 <= levels["city"] <= 400
    assert 2800 <= levels["county"] <= 3300
    # every place but the provinces hangs on a known parent one level up or more
    for region in gaz:
        if region.level != "province":
            parent = gaz.by_code(region.parent_code or "")
            assert parent is not None and parent.level != "county", region
    # no pseudo-places from the source's folding
    assert not gaz.lookup("省直辖行政区划") and not gaz.lookup("市直辖行政区划")


def test_shared_names_list_every_place(gaz: Gazetteer) -> None:
    chengguan = gaz.lookup("城关区")
    assert {r.parent_name for r in chengguan} >= {"兰州市", "拉萨市"}
    assert len({r.code for r in gaz.lookup("城区")}) >= 3


def test_municipality_districts_hang_on_the_municipality(gaz: Gazetteer) -> None:
    chaoyang = [r for r in gaz.lookup("朝阳区") if r.parent_name == "北京市"]
    assert len(chaoyang) == 1 and chaoyang[0].parent_code == "110000"
    assert [r.level for r in gaz.lookup("北京市")] == ["province"]


def test_renamed_place_is_known_by_its_old_name(gaz: Gazetteer) -> None:
    (xiangfan,) = gaz.lookup("襄樊市")  # renamed 襄阳市 in 2010, same code
    assert (xiangfan.name, xiangfan.code, xiangfan.level, xiangfan.until) == ("襄樊市", "420600", "city", 2010)
    (xiangyang,) = gaz.lookup("襄阳市")
    assert xiangyang.until is None and gaz.current(xiangfan) == xiangyang == gaz.by_code("420600")
    assert gaz.current(xiangyang) == xiangyang


def test_county_turned_district_keeps_its_name_and_code_then(gaz: Gazetteer) -> None:
    (feixiang,) = gaz.lookup("肥乡县")  # 肥乡区 since 2016, with another code
    assert (feixiang.name, feixiang.code, feixiang.level, feixiang.parent_name) == ("肥乡县", "130428", "county", "邯郸市")
    assert feixiang.until == 2016 and feixiang.alias == "肥乡"
    now = gaz.current(feixiang)
    assert now is not None and (now.name, now.code) == ("肥乡区", "130407")
    assert gaz.by_code("130428") == feixiang
    assert gaz.resolve("邯郸市肥乡县") == feixiang
    assert feixiang not in list(gaz) and feixiang not in gaz.children(gaz.by_code("130400"))


def test_a_later_change_is_dated_by_jionlp_change_list(gaz: Gazetteer) -> None:
    (old,) = [r for r in gaz.lookup("邢台县") if r.code == "130521"]  # merged into 信都区 in 2020
    assert old.until == 2020 and gaz.current(old).name == "信都区"


def test_a_place_moved_to_another_province_is_one_place(gaz: Gazetteer) -> None:
    # 渝中区 was 四川's (510202) until 重庆 became a municipality in 1997: the same place, not a second
    assert [r.code for r in gaz.lookup("渝中区")] == ["500103"]
    assert {m.region.code for m in gaz.find_short_names("支持渝中发展")} == {"500103"}


def test_an_unknown_place_after_a_known_one_keeps_its_whole_name(gaz: Gazetteer) -> None:
    # 岳阳 is a key too: the chain is 岳阳市 + 青禾区, not 岳阳 + 市青禾区
    region = gaz.resolve("岳阳市青禾区")
    assert region is not None and (region.name, region.parent_name, region.code) == ("青禾区", "岳阳市", None)


def test_a_place_of_today_wins_over_a_former_one_of_the_same_name(gaz: Gazetteer) -> None:
    found = gaz.lookup("肥乡")
    assert [r.name for r in found] == ["肥乡区", "肥乡县"]


def test_generic_short_names_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.lookup("高新区") == [] and gaz.lookup("经开区") == []
    zone = gaz.by_code("150271")  # 包头稀土高新技术产业开发区
    assert zone is not None and zone.alias is None


@pytest.mark.parametrize(
    "name, expected",
    [
        ("甘肃", "甘肃省"),
        ("张家界", "张家界市"),
        ("岳阳", "岳阳市"),  # the former 岳阳市 under 岳阳地区 does not count
        ("和县", None),  # a county's full name, not a short name
        ("朝阳", None),  # a city and districts of today
        ("九原", None),  # a county's short name
        ("发展", None),
    ],
)
def test_by_short_name(gaz: Gazetteer, name: str, expected: str | None) -> None:
    region = gaz.by_short_name(name)
    assert (region.name if region else None) == expected


@pytest.mark.parametrize("case", CASES["resolve"], ids=lambda c: c["name"] + "|" + ",".join(c.get("context", [])))
def test_resolve(gaz: Gazetteer, case: dict) -> None:
    region = gaz.resolve(case["name"], case.get("context", ()))
    assert region is not None
    for field in ("code", "level", "parent_name", "parent_code", "province_name", "until"):
        if field in case:
            want = None if case[field] is False else case[field]
            assert getattr(region, field) == want, field


@pytest.mark.parametrize("name", ["云川", "发展", "", "区", "自治区", "自治州"])
def test_resolve_rejects_what_is_not_a_place_name(gaz: Gazetteer, name: str) -> None:
    assert gaz.resolve(name) is None


@pytest.mark.parametrize("case", CASES["mentions"], ids=lambda c: c["text"])
def test_find_mentions(gaz: Gazetteer, case: dict) -> None:
    text = case["text"]
    mentions = gaz.find_mentions(text)
    assert [[text[m.start:m.end], m.region.code] for m in mentions] == case["expect"]


def test_mentions_are_ordered_and_disjoint(gaz: Gazetteer) -> None:
    text = "内蒙古自治区包头市九原区、昆都仑区、达茂旗，乌海市海勃湾区，鄂尔多斯市准格尔旗"
    mentions = gaz.find_mentions(text)
    assert all(isinstance(m.region, Region) for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert [text[m.start:m.end] for m in mentions] == [
        "内蒙古自治区", "包头市", "九原区", "昆都仑区", "达茂旗", "乌海市", "海勃湾区", "鄂尔多斯市", "准格尔旗"]


def test_names_between_many_blocked_endings_are_read(gaz: Gazetteer) -> None:
    """Each 东方市场 is read on from before its 市 (once the text was searched again from there: a text of
    many took quadratic time)."""
    text = "九原区" + "东方市场繁荣，" * 2000 + "包头市"
    assert [[text[m.start:m.end], m.region.code] for m in gaz.find_mentions(text)] == [
        ["九原区", "150207"], ["包头市", "150200"]]


def test_index_is_cached_by_its_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", str(tmp_path))
    built = regions.load_index()
    (cached,) = tmp_path.glob("gazetteer-jionlp-*.json")
    assert json.loads(cached.read_text(encoding="utf-8")) == built
    assert regions.load_index() == built
    # a damaged cache is rebuilt, not trusted
    cached.write_text("{not json", encoding="utf-8")
    assert regions.load_index() == built
    # another version of a source (here: a file of another size) is another cache
    stamp = regions._sources_stamp()
    changed = tmp_path / "china_location_change.txt"
    changed.write_text(regions.jionlp_file(changed.name).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    real = regions.jionlp_file
    monkeypatch.setattr(regions, "jionlp_file", lambda name: changed if name == changed.name else real(name))
    assert regions._sources_stamp() != stamp


def test_loading_does_not_import_jionlp(tmp_path: Path) -> None:
    code = ("import sys; from planwatch.engine.regions import get_gazetteer; g = get_gazetteer(); "
            "assert g.by_code('150207').name == '九原区'; assert 'jionlp' not in sys.modules")
    env = {"PLANWATCH_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "jionlp" not in result.stdout
