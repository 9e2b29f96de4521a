"""The copies Pagefind indexes: Thai cut into words as browsers cut a query, nothing else changed."""

import os
import tempfile

import pytest

from plugins.search.indexer import (KNOWN_PAGES, KNOWN_VERSION, ZWSP, KnownPage, MarkCache, Page, PagefindFailed,
                                    build_index, indexed_part, mark_word_breaks, read_pages)

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


# --- what Pagefind reads of a page -----------------------------------------------------------------

HEAD = '<!DOCTYPE html>\n<html lang="th">\n<head><title>t</title></head>\n<body><nav><a href="/">หน้าแรก</a></nav>\n'
ARTICLE = ('<article class="news-item" data-pagefind-body data-pagefind-meta="date:1 มกราคม 2569">'
           '<h1>ข่าว</h1><p>เนื้อข่าว</p></article>')
PAGES = [
    # (built page, what Pagefind is given; None: not indexed)
    (HEAD + ARTICLE + '<footer>สพป.</footer></body></html>', f'<html lang="th"><body>{ARTICLE}</body></html>'),
    (HEAD + ARTICLE + '<article class="news-card">ข่าวอื่น</article></body></html>',
     f'<html lang="th"><body>{ARTICLE}</body></html>'),
    (HEAD + '<article data-pagefind-body><p>ก</p><article><p>ข</p></article><p>ค</p></article><footer/></body></html>',
     '<html lang="th"><body><article data-pagefind-body><p>ก</p><article><p>ข</p></article><p>ค</p></article>'
     '</body></html>'),
    # tag names in any case, as browsers read them
    (HEAD + '<article data-pagefind-body><p>ก</p><ARTICLE><p>ข</p></article><p>ค</p></Article><p>ง</p>',
     '<html lang="th"><body><article data-pagefind-body><p>ก</p><ARTICLE><p>ข</p></article><p>ค</p></Article>'
     '</body></html>'),
    (HEAD + '<ul><li>ข่าว</li></ul></body></html>', None),
    # its end cannot be found: all of the page, as Pagefind would read it
    (HEAD + '<article data-pagefind-body><p>ก</p></body></html>',
     HEAD + '<article data-pagefind-body><p>ก</p></body></html>'),
    # the words as text, not an attribute: all of the page, as before
    (HEAD + '<p>data-pagefind-body</p></body></html>', HEAD + '<p>data-pagefind-body</p></body></html>'),
]


@pytest.mark.parametrize("page, given", PAGES)
def test_pagefind_is_given_the_html_tag_and_the_indexed_element(page, given):
    assert indexed_part(page) == given


# --- the cache of cut copies ---------------------------------------------------------------------

DOCUMENT = '<html lang="th"><body><article data-pagefind-body><p>บุคลากรร่วมบริจาคโลหิต</p></article></body></html>'


@pytest.fixture
def cuts(monkeypatch):
    """Every document mark_word_breaks is asked to cut."""
    asked = []

    def counted(html):
        asked.append(html)
        return mark_word_breaks(html)

    monkeypatch.setattr("plugins.search.indexer.mark_word_breaks", counted)
    return asked


def test_an_unchanged_page_is_not_cut_again(tmp_path, cuts):
    first = MarkCache(str(tmp_path)).marked_copy(Page("a/index.html", DOCUMENT))
    again = MarkCache(str(tmp_path))
    assert again.marked_copy(Page("a/index.html", DOCUMENT)) == first == mark_word_breaks(DOCUMENT)
    assert len(cuts) == 1 and again.marked == 0


def test_a_cache_entry_with_other_words_is_not_used(tmp_path, cuts):
    MarkCache(str(tmp_path)).marked_copy(Page("a/index.html", DOCUMENT))
    (entry,) = [path for path in tmp_path.rglob("*") if path.is_file()]
    entry.write_text(mark_word_breaks(DOCUMENT).replace("โลหิต", "เงิน"), encoding="utf-8")
    cache = MarkCache(str(tmp_path))
    assert cache.marked_copy(Page("a/index.html", DOCUMENT)) == mark_word_breaks(DOCUMENT)
    assert cache.marked == 1
    assert entry.read_text(encoding="utf-8") == mark_word_breaks(DOCUMENT)


def test_entries_no_page_used_are_forgotten(tmp_path):
    MarkCache(str(tmp_path)).marked_copy(Page("a/index.html", DOCUMENT.replace("โลหิต", "เงิน")))
    cache, page = MarkCache(str(tmp_path)), Page("a/index.html", DOCUMENT)
    cache.used.add(page.key)  # as build_index does for every page of the build
    cache.marked_copy(page)
    cache.forget_unused()
    (kept,) = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert kept.read_text(encoding="utf-8") == mark_word_breaks(DOCUMENT)


def test_a_cache_that_cannot_be_written_still_gives_the_cut_copy(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be", encoding="utf-8")
    cache = MarkCache(str(tmp_path / "cache"))
    assert cache.marked_copy(Page("a/index.html", DOCUMENT)) == mark_word_breaks(DOCUMENT)
    assert isinstance(cache.unsaved, OSError)


def test_a_shard_pagefind_fails_on_leaves_no_run_or_copies_behind(tmp_path, monkeypatch):
    """Pagefind indexes one shard while the next is cut: when it fails, the shard started after it
    is stopped, and no copies or half-written bundles stay."""
    output, bundle, temporary = tmp_path / "output", tmp_path / "output/pagefind", tmp_path / "tmp"
    temporary.mkdir()
    for number in range(4):
        page = output / f"news/2569/item-{number}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(HEAD + ARTICLE + "</body></html>", encoding="utf-8")
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: the index is broken' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    with pytest.raises(PagefindFailed, match=r"^exit 3: Error: the index is broken$"):
        build_index(str(output), str(bundle), [], 1, MarkCache(str(tmp_path / "cache")))
    assert list(temporary.iterdir()) == []
    assert [path.name for path in bundle.iterdir() if path.name.startswith(".new-")] == []


def test_a_page_written_with_the_bytes_of_a_known_page_is_not_read(tmp_path):
    """page_cache says which pages it wrote (size, time, SHA-256); a page whose SHA-256 the last
    build recorded keeps that build's key without being read, unless its size or time changed."""
    output = tmp_path / "output"
    news, listing = output / "news/2569/item/index.html", output / "category/pr/index.html"
    for path, text in ((news, HEAD + ARTICLE + "</body></html>"), (listing, HEAD + "<p>ข่าว</p></body></html>")):
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    written = {str(path.relative_to(output)): (path.stat().st_size, path.stat().st_mtime_ns, f"sha-{path.parent.name}")
               for path in (news, listing)}
    known = {"news/2569/item/index.html": ["sha-item", "k" * 64], "category/pr/index.html": ["sha-pr", None]}
    found = {}
    (page,) = read_pages(str(output), written, known, found)
    assert isinstance(page, KnownPage) and page.key == "k" * 64  # the recorded key: the file was not read
    assert found == known
    assert page.document == f'<html lang="th"><body>{ARTICLE}</body></html>'  # read when its shard is indexed

    os.utime(news, ns=(1, 1))  # changed since page_cache wrote it: read again
    (page,) = read_pages(str(output), written, known, {})
    assert not isinstance(page, KnownPage) and page.key == Page(page.path, page.document).key != "k" * 64


@pytest.mark.parametrize("damage", ["", "[]", '{"version": 1}', '{"version": "%s", "pages": {"a": [1, 2, 3]}}'])
def test_a_damaged_record_of_known_pages_is_ignored(tmp_path, damage):
    cache = MarkCache(str(tmp_path))
    (tmp_path / KNOWN_PAGES).write_text(damage.replace("%s", KNOWN_VERSION), encoding="utf-8")
    assert cache.known_pages() == {}
