"""The e-news rules as pure functions: the period a file name gives, the Thai words for a period,
which news an issue carries, and plain text wrapped between Thai words. tests/test_enews_build.py
builds real sites."""

import datetime as dt
from types import SimpleNamespace

import pytest

from plugins.enews.email import UNSUBSCRIBE_TOKEN, wrap
from plugins.thai_text.thaitext import columns
from plugins.enews.selection import News, in_sections, month_of, period_label
from plugins.thai_text.thaitext import BANGKOK

D = dt.date


@pytest.mark.parametrize("stem, period", [
    ("2569-11", (D(2026, 11, 1), D(2026, 11, 30))),
    ("2569-2", (D(2026, 2, 1), D(2026, 2, 28))),
    ("2571-02", (D(2028, 2, 1), D(2028, 2, 29))),  # a leap year
    ("2569-11-special", (D(2026, 11, 1), D(2026, 11, 30))),
    ("2026-11", None),  # a CE year is not a BE year
    ("2569-13", None),
    ("november", None),
])
def test_month_of_a_file_name(stem, period):
    assert month_of(stem) == period


@pytest.mark.parametrize("start, end, digits, label", [
    (D(2026, 11, 1), D(2026, 11, 30), "arabic", "เดือนพฤศจิกายน 2569"),
    (D(2026, 11, 1), D(2026, 11, 30), "thai", "เดือนพฤศจิกายน ๒๕๖๙"),
    (D(2026, 11, 1), D(2026, 11, 15), "arabic", "วันที่ 1–15 พฤศจิกายน 2569"),
    (D(2026, 11, 1), D(2026, 11, 15), "thai", "วันที่ ๑–๑๕ พฤศจิกายน ๒๕๖๙"),
    (D(2026, 10, 20), D(2026, 11, 5), "arabic", "วันที่ 20 ตุลาคม – 5 พฤศจิกายน 2569"),
    (D(2026, 12, 16), D(2027, 1, 15), "arabic", "วันที่ 16 ธันวาคม 2569 – 15 มกราคม 2570"),
    (D(2026, 11, 20), D(2026, 11, 20), "arabic", "วันที่ 20 พฤศจิกายน 2569"),
])
def test_period_label(start, end, digits, label):
    assert period_label(start, end, digits) == label


def news(slug, when, section="ข่าวประชาสัมพันธ์", **fields):
    return SimpleNamespace(slug=slug, date=dt.datetime(*when, tzinfo=BANGKOK),
                           category=SimpleNamespace(name=section), **fields)


NOVEMBER = (D(2026, 11, 1), D(2026, 11, 30))
ISSUE_DAY = D(2026, 11, 20)


def test_automatic_choice():
    items = [
        news("first-minute", (2026, 11, 1, 0, 1)),
        news("last-minute", (2026, 11, 30, 23, 59)),
        news("october", (2026, 10, 31, 23, 59)),
        news("december", (2026, 12, 1, 0, 0)),
        news("not-for-enews", (2026, 11, 5), enews=False),
        news("for-enews", (2026, 11, 6), enews=True),
        news("expired-before", (2026, 11, 2), expires=dt.datetime(2026, 11, 19, tzinfo=BANGKOK)),
        news("expires-that-day", (2026, 11, 3), expires=dt.datetime(2026, 11, 20, tzinfo=BANGKOK)),
    ]
    chosen = News(items).automatic(*NOVEMBER, ISSUE_DAY)
    # last-minute (30 Nov) is in the period but after the issue's date: a sent issue never changes.
    assert [i.slug for i in chosen] == ["for-enews", "expires-that-day", "first-minute"]


def test_one_index_chooses_for_every_issue():
    items = [news(f"day-{day}", (2026, 11, day)) for day in (28, 3, 15, 1)] + [news("october", (2026, 10, 31))]
    index = News(items)
    assert [i.slug for i in index.automatic(D(2026, 11, 1), D(2026, 11, 15), D(2026, 11, 30))] == \
        ["day-15", "day-3", "day-1"]
    assert [i.slug for i in index.automatic(D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1))] == ["october"]
    assert index.automatic(D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 31)) == []


def test_a_time_in_another_zone_counts_on_its_day_in_thailand():
    utc = SimpleNamespace(slug="utc", date=dt.datetime(2026, 10, 31, 17, 30, tzinfo=dt.timezone.utc),
                          category=SimpleNamespace(name="ประกาศ"))  # 00:30 on 1 November in Tak
    assert News([utc]).automatic(*NOVEMBER, ISSUE_DAY) == [utc]


def test_picks_keep_the_officers_order_and_name_the_unknown():
    a, b = news("a", (2026, 11, 1)), news("b", (2026, 9, 1), enews=False)
    assert News([a, b]).picked(["b", "nope", "a"]) == ([b, a], ["nope"])


def test_sections_in_the_sites_order_then_the_rest():
    items = [news("x", (2026, 11, 3), "ประกาศ"), news("y", (2026, 11, 2), "ข่าวกิจกรรม"),
             news("z", (2026, 11, 1), "ประกาศ"), news("w", (2026, 11, 4), "หมวดอื่น")]
    groups = in_sections(items, ["ข่าวกิจกรรม", "ประกาศ"])
    assert [(c.name, [i.slug for i in group]) for c, group in groups] == [
        ("ข่าวกิจกรรม", ["y"]), ("ประกาศ", ["x", "z"]), ("หมวดอื่น", ["w"])]


# --- plain text ------------------------------------------------------------------------------------

def test_columns_do_not_count_marks_above_and_below():
    assert columns("ผู้อำนวยการ") == 9  # 11 characters; ู (below) and ้ (above) take no column
    assert columns("abc") == 3


def test_short_lines_are_left_alone():
    text = "บรรทัดสั้น\n\n  ย่อหน้า\n"
    assert wrap(text) == text


def test_thai_is_wrapped_between_words_within_the_width():
    line = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตากเขตหนึ่งขอเชิญชวนโรงเรียนในสังกัดส่งเพจเฟซบุ๊กเข้าร่วมการประกวดเพจโรงเรียนสร้างสรรค์"
    lines = wrap(line, 40).split("\n")
    assert len(lines) > 2 and "".join(lines) == line
    assert all(columns(part) <= 40 for part in lines)
    assert not any(part[0] in "ะาำิีึืุู่้๊๋็์ๆ" for part in lines)


def test_spaces_numbers_and_abbreviations_stay_whole():
    line = "การประชุมผู้บริหารสถานศึกษา ครั้งที่ 11/2569 ของ สพป.ตาก เขต 1 ณ หอประชุมสำนักงานเขตพื้นที่การศึกษา"
    lines = wrap(line, 30).split("\n")
    assert not any(part.startswith(" ") or part.endswith(" ") for part in lines)
    assert any("11/2569" in part for part in lines) and any("สพป.ตาก" in part for part in lines)


def test_items_keep_their_indent_and_addresses_are_never_broken():
    url = "https://takpeo1.example.go.th/news/2569/directors-meeting-11-2569/"
    text = (f"* สพป.ตาก เขต 1 ประชุมผู้บริหารสถานศึกษา ครั้งที่ 11/2569 มอบนโยบายปีงบประมาณ 2570 {url}\n"
            f"  ยกเลิกการรับจดหมายข่าว: {UNSUBSCRIBE_TOKEN}")
    lines = wrap(text, 40).split("\n")
    assert lines[0].startswith("* ") and all(part.startswith("  ") for part in lines[1:])
    assert f"  {url}" in lines
    assert any(part.endswith(UNSUBSCRIBE_TOKEN) for part in lines)
