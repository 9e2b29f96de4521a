"""The copies Pagefind indexes: Thai cut into words as browsers cut a query, nothing else changed."""

import pytest

from plugins.search.indexer import ZWSP, mark_word_breaks

CASES = [
    # (published HTML, what Pagefind reads; "|" stands for a zero-width space)
    ("<p>บุคลากรร่วมบริจาคโลหิตกับเหล่ากาชาด</p>", "<p>บุคลากร|ร่วม|บริจาค|โลหิต|กับ|เหล่า|กาชาด</p>"),
    ("<p>ผู้อำนวยการ สพป.ตาก เขต 1</p>", "<p>ผู้|อำนวย|การ สพป.ตาก เขต 1</p>"),
    ("<p>โครงงานปุ๋ยหมัก</p>", "<p>โครง|งาน|ปุ๋ย|หมัก</p>"),
    ('<img alt="นักเรียนยืนหน้าป้าย" src="a.jpg">', '<img alt="นักเรียนยืนหน้าป้าย" src="a.jpg">'),
    ('<a href="/x/" data-pagefind-meta="date:20 พฤศจิกายน 2569">ข่าวกิจกรรม</a>',
     '<a href="/x/" data-pagefind-meta="date:20 พฤศจิกายน 2569">ข่าว|กิจกรรม</a>'),
    ("<p>e-bidding 2570 (ITA)</p>", "<p>e-bidding 2570 (ITA)</p>"),
]


@pytest.mark.parametrize("html, indexed", CASES)
def test_thai_words_are_marked_in_text_only(html, indexed):
    assert mark_word_breaks(html) == indexed.replace("|", ZWSP)


@pytest.mark.parametrize("html, indexed", CASES)
def test_the_marks_are_all_that_changes(html, indexed):
    assert mark_word_breaks(html).replace(ZWSP, "") == html
