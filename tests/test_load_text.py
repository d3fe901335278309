"""Decoding text files: encodings found, newlines normalised, binary refused."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.load import LoadError, read_bytes
from planwatch.load.text import decode_text, guess_utf16, normalise_newlines

REPORT = (
    "石岭县2023年经济运行情况\n"
    "一、全县地区生产总值完成412.6亿元,同比增长5.8%,一般公共预算收入18.3亿元。\n"
    "二、最终消费支出增长4.1%,城镇新增就业6200人,粮食总产量达到37.5万吨。\n"
    "三、2024年预期目标:地区生产总值增长6%左右,居民人均可支配收入增长6.5%。\n"
)


@pytest.mark.parametrize(
    ("codec", "bom", "recorded"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32"),
    ],
)
def test_report_round_trips_and_the_encoding_is_recorded(codec, bom, recorded):
    data = bom + REPORT.encode(codec)
    doc = read_bytes(data, "report.txt")
    assert doc.text == REPORT
    assert doc.encoding == recorded
    assert normalise_newlines(data.decode(doc.encoding)) == doc.text  # the codec name reproduces it


def test_newlines_are_normalised_and_nothing_else_changes():
    text = "甲\r\n乙\r丙\n\u3000丁\t戊\u2028己\x0c庚  辛\n\n"
    assert read_bytes(text.encode("utf-8"), "a.txt").text == "甲\n乙\n丙\n\u3000丁\t戊\u2028己\x0c庚  辛\n\n"


def test_bomless_utf16_is_found_although_common_characters_put_nuls_on_the_other_side():
    # 一 (U+4E00) and 最 (U+6700) have a zero low byte: NULs at even offsets in little-endian text,
    # besides the NULs at odd offsets from digits and newlines.
    text = "一、最终消费支出增长4.1%,一般公共预算收入18.3亿元,最低工资标准1980元。\n"
    data = text.encode("utf-16-le")
    assert data[0::2].count(0) == 4 and data[1::2].count(0) > 8
    assert guess_utf16(data) == "utf-16-le"
    assert decode_text(data).text == text


def test_gb18030_four_byte_characters_round_trip():
    text = "㐀㐁村2023年粮食产量1.2万吨\n"  # U+3400.. are outside GBK, four bytes in GB18030
    doc = read_bytes(text.encode("gb18030"), "x.txt")
    assert (doc.text, doc.encoding) == (text, "gb18030")


def test_charset_normalizer_decodes_what_neither_utf8_nor_gb18030_can():
    text = "Валовой региональный продукт вырос на 5,8 процента, доходы бюджета составили 18,3 млрд.\n" * 5
    data = text.encode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    doc = read_bytes(data, "note.txt")
    assert doc.text == text
    assert doc.encoding not in ("utf-8", "gb18030")


def test_a_bom_that_lies_is_an_error():
    with pytest.raises(LoadError, match="^bad.txt: starts with a utf-8-sig byte-order mark but is not utf-8-sig text$"):
        read_bytes(codecs.BOM_UTF8 + REPORT.encode("gbk"), "bad.txt")


@pytest.mark.parametrize(
    ("data", "replaced"),
    [
        (REPORT.encode("utf-8")[:-2], 1),  # cut inside the last character
        ((REPORT * 3).encode("utf-8").replace("最终".encode(), "最终".encode("gbk"), 1), 4),  # pasted GBK
        (codecs.BOM_UTF8 + REPORT.encode("utf-8") + b"\xff", 1),
    ],
    ids=["truncated", "mixed", "bom"],
)
def test_utf8_with_a_few_bad_bytes_loads_with_the_bad_bytes_replaced_and_counted(data, replaced):
    doc = read_bytes(data, "report.txt")
    assert doc.encoding.startswith("utf-8")
    assert doc.text.count("\ufffd") == replaced
    assert doc.meta == {"decoding_errors": str(replaced)}
    assert "一般公共预算收入18.3亿元" in doc.text


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(4096),
        b"\x00" * 1001,
        bytes(range(256)) * 8,
        b"\x01\x02\x03 some text \x04\x05\x06\x07\x08" * 50,
    ],
    ids=["random", "nuls", "all-bytes", "control-bytes"],
)
def test_binary_data_is_not_a_document(data):
    with pytest.raises(LoadError) as caught:
        read_bytes(data, "x.bin")
    assert str(caught.value) == "x.bin: not a text, HTML, PDF or Word document"


report_chars = st.sampled_from(list("一最增长亿元万人左右以上同比完成,。;:%.0123456789abcXYZ \t\n\r\u3000"))


@given(st.text(report_chars, min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_any_report_text_round_trips_in_utf8_and_with_a_bom(text):
    expected = normalise_newlines(text)
    assert read_bytes(text.encode("utf-8"), "a.txt").text == expected
    assert read_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "a.txt").text == expected
    assert read_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "a.txt").text == expected


@pytest.mark.parametrize("first, second", [("utf-8", "gb18030"), ("gb18030", "utf-8")])
def test_a_text_in_two_encodings_is_decoded_line_by_line_and_says_so(first, second):
    lines = (REPORT * 2).splitlines(keepends=True)
    half = len(lines) // 2
    data = "".join(lines[:half]).encode(first) + "".join(lines[half:]).encode(second)
    doc = read_bytes(data, "mixed.txt")
    assert doc.text == normalise_newlines(REPORT * 2)
    assert doc.encoding == "utf-8+gb18030"
    assert doc.meta["encodings"] == f"{first}: lines 1-{half}; {second}: lines {half + 1}-{len(lines)}"
    assert doc.meta["warning"].startswith("mixed encodings, decoded line by line")
