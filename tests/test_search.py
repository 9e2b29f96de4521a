"""Search, as the public uses it: the sample office built strictly, its Pagefind index, and the
search page driven in headless Chromium (tests/browser.py).

Thai is written without spaces between words, so the words below were chosen because they
never start a whitespace-delimited chunk anywhere in content/: a search that only found
words at the start of a chunk would miss every one of them.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import shutil
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

import browser
from browser import (  # noqa: F401 - new_page and site_server are fixtures
    axe_violations,
    format_violations,
    new_page,
    settle,
    site_server,
)
from conftest import nonempty, problem_lines

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SEARCH = "search/"
FOUND = re.compile(r"^พบ (\d+) รายการ")
NOT_FOUND = "ไม่พบผลการค้นหาสำหรับ “{}”"

# Words that occur only in the middle of a sentence, and the content file of the page that has
# them: news items, pages and disclosures, short words and long ones, with and without tone marks.
MID_SENTENCE = [
    ("แอลกอฮอล์", "news/2569/blood-donation-invite-feb-2569.md"),
    ("เศษส่วน", "news/2569/math-research-ban-na-bot.md"),
    ("ภูเขาไฟ", "news/2569/science-week-ban-tak-ok.md"),
    ("ปุ๋ย", "news/2569/ban-chiang-thong-academic-day.md"),
    ("อบายมุข", "news/2569/anti-drug-day-2569.md"),
    ("สูติบัตร", "news/2569/student-admission-2569.md"),
    ("มะลิ", "news/2569/mothers-day-2569.md"),
    ("ชาติพันธุ์", "news/2569/innovation-word-cards-ban-mae-tho.md"),
    ("คุกกี้", "pages/privacy.md"),
    ("สวัสดิการ", "pages/structure.md"),
    ("ดีเซล", "oia/2570/procurement-plan-2570.md"),
    ("กำนัล", "oia/2570/no-gift-policy-2570.md"),
    ("วารสาร", "oia/2569/procurement-result-printing-2569.md"),
]
ABSENT = "ไดโนเสาร์"
# (word on the site, the same word with a tone mark taken away or changed, the word's file).
TONE_MARKS = [
    ("เสื้อ", "เสือ", "news/2569/songkran-blessing-2569.md"),  # shirt / tiger
    ("ปุ๋ย", "ปุย", "news/2569/ban-chiang-thong-academic-day.md"),
    ("ปุ๋ย", "ปุ้ย", "news/2569/ban-chiang-thong-academic-day.md"),
]


# --- the sample's Markdown -----------------------------------------------------------------------

def markdown() -> dict[str, str]:
    return {path.relative_to(CONTENT).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(CONTENT.rglob("*.md"))}


def body(text: str) -> str:
    """A content file without its metadata block; fails on a draft (never published) and on an
    item that expires (expired announcements leave the index, see article.html)."""
    meta, _, rest = text.partition("\n\n")
    assert not re.search(r"^Status:\s*draft", meta, re.M | re.I), "a draft is never published"
    assert not re.search(r"^Expires:", meta, re.M), "an item that expires leaves the index"
    return rest


def title(text: str) -> str:
    return re.search(r"^Title:\s*(.+)$", text, re.M)[1].strip()


def page_with_title(output: Path, wanted: str) -> str:
    """The address of the built content page whose <h1> is ``wanted``."""
    for path in output.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html and BeautifulSoup(html, "html.parser").h1.get_text(strip=True) == wanted:
            return "/" + path.parent.relative_to(output).as_posix() + "/"
    pytest.fail(f"no built page has the title {wanted!r}", pytrace=False)


def test_chosen_words_only_occur_mid_sentence():
    files = markdown()
    chunks = [chunk for text in files.values() for chunk in text.split()]
    for word, source in MID_SENTENCE:
        assert word in body(files[source]), f"{word} is not in the body of content/{source}"
        starting = [chunk for chunk in chunks if chunk.startswith(word)]
        assert not starting, f"{word} starts a whitespace-delimited chunk: {starting[:3]}"


def test_absent_word_and_tone_mark_variants_are_nowhere_in_the_content(sample_site):
    files = markdown()
    built = "".join(path.read_text(encoding="utf-8") for path in nonempty(sorted(sample_site.rglob("*.html"))))
    for text in [ABSENT] + [variant for _, variant, _ in TONE_MARKS]:
        assert not any(text in source for source in files.values()), f"{text} is in content/"
        assert text not in built, f"{text} is on the built site"
    for word, _, source in TONE_MARKS:
        assert word in body(files[source])


# --- the index -----------------------------------------------------------------------------------

def published(folder: str) -> int:
    return sum(1 for path in (CONTENT / folder).rglob("*.md")
               if not re.search(r"^Status:\s*draft", path.read_text(encoding="utf-8"), re.M | re.I))


def indexed(output: Path) -> dict[str, BeautifulSoup]:
    """Each page Pagefind indexes (its address) and the element it reads."""
    found = {}
    for path in output.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            (found[path.relative_to(output).as_posix()],) = BeautifulSoup(html, "html.parser").select(
                "[data-pagefind-body]")
    return found


def shard_folders(bundle: Path) -> list[Path]:
    """Each shard's folder: the bundle itself for the first, then those it lists."""
    names = json.loads((bundle / "pagefind-shards.json").read_text(encoding="utf-8"))
    return [bundle] + [bundle / name for name in names[1:]]


def test_only_news_pages_and_disclosures_are_indexed_in_thai(sample_site):
    entries = [json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8"))
               for shard in shard_folders(sample_site / "pagefind")]
    assert len(entries) > 1  # conftest.SAMPLE_SHARD_PAGES
    assert all(list(entry["languages"]) == ["th"] for entry in entries)
    pages = indexed(sample_site)
    assert sum(entry["languages"]["th"]["page_count"] for entry in entries) == len(pages)
    kinds = Counter(element["class"][0] for element in pages.values())
    assert set(kinds) == {"news-item", "page", "disclosure"}
    assert kinds["page"] == published("pages") and kinds["disclosure"] == published("oia")
    assert 0 < kinds["news-item"] <= published("news")  # expired announcements are left out (article.html)
    for listing in ("index.html", "news/index.html", "news/2569/index.html", "category/pr-news/index.html",
                    "tag/index.html", "information-centre/index.html", "search/index.html", "404.html"):
        assert listing not in pages


def test_menus_and_footers_are_outside_what_is_indexed(sample_site):
    for address, element in nonempty(indexed(sample_site)).items():
        assert element.name == "article" and element.find_parent("main"), address
        assert not element.select("nav, header.site-header, footer, form"), address


def test_a_failing_pagefind_fails_the_build_and_keeps_the_old_site(site, monkeypatch):
    site.news("item", "Title: ข่าวทดสอบ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    assert site.run("build").exit_code == 0
    before = site.read("output/pagefind/pagefind-entry.json")
    site.news("item", "Title: ข่าวทดสอบ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item", "แก้ไขแล้ว")  # so Pagefind runs
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(site.root / "no-pagefind-here"))
    result = site.run("build")
    assert result.exit_code == 1
    (line,) = problem_lines(result)
    assert line.startswith("search: Pagefind could not index the site (exit 1: "), line
    assert site.read("output/pagefind/pagefind-entry.json") == before


# --- the search page, in Chromium ----------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    """browser.chromium, closed at the end of this module: Playwright's sync API runs one
    instance at a time, and test_theme_quality.py (after this module) starts its own."""
    from playwright.sync_api import sync_playwright

    if not browser.CHROMIUM.is_file():
        pytest.fail(browser.INSTALL_CHROMIUM.format(path=browser.CHROMIUM), pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(browser.CHROMIUM), args=browser.CHROMIUM_ARGS)
        yield launched
        launched.close()


def search(new_page, site_server, query: str, width: int = 1280):
    """Type ``query`` into the search page's form and press Enter, as a visitor would."""
    page = new_page(width=width)
    page.goto(site_server.page_url(SEARCH))
    page.get_by_role("searchbox", name="คำค้น").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    return finished(page)


def finished(page):
    page.wait_for_function("() => /^(พบ|ไม่พบ)/.test(document.querySelector('[data-search-status]').textContent)")
    return page


def shown(page) -> list[dict]:
    return page.eval_on_selector_all(".search__result", """items => items.map(item => ({
        url: new URL(item.querySelector('.search__title a').href).pathname,
        title: item.querySelector('.search__title').textContent,
        date: item.querySelector('.search__date')?.textContent || '',
        section: item.querySelector('.search__section')?.textContent || '',
        marks: [...item.querySelectorAll('.search__excerpt mark')].map(mark => mark.textContent)}))""")


def status(page) -> str:
    return page.text_content("[data-search-status]").strip()


# Pagefind's own search (the bundle's pagefind.js at ``bundle``) with every shard merged, as search.js does.
OPEN_PAGEFIND = """async (bundle, options) => {
    const pagefind = await import(bundle + 'pagefind.js');
    const [, ...others] = await (await fetch(bundle + 'pagefind-shards.json')).json();
    await pagefind.options(options);
    await pagefind.init();
    for (const shard of others) await pagefind.mergeIndex(bundle + shard + '/', options);
    return pagefind;
}"""


@pytest.mark.parametrize("word, source", MID_SENTENCE)
def test_a_word_in_the_middle_of_a_sentence_is_found_on_its_page(new_page, site_server, sample_site, word, source):
    expected = page_with_title(sample_site, title(markdown()[source]))
    page = search(new_page, site_server, word)
    results = shown(page)
    assert expected in [result["url"] for result in results], (
        f"{word}: {expected} (content/{source}) is not among {[r['url'] for r in results]}; status: {status(page)}")
    # Every result has the word itself, though some shards have only a shorter word that begins it.
    assert all(any(word in mark for mark in result["marks"]) for result in results), results
    result = next(result for result in results if result["url"] == expected)
    assert re.fullmatch(r"\d{1,2} \S+ 25\d\d", result["date"]) or source.startswith("pages/"), result
    assert result["section"], result
    assert FOUND.match(status(page))[1] == str(len(results)) or len(results) == 10
    assert not page.offsite.requests, page.offsite.report()


def test_a_word_absent_from_the_site_finds_nothing(new_page, site_server):
    page = search(new_page, site_server, ABSENT)
    assert status(page).startswith(NOT_FOUND.format(ABSENT))
    assert shown(page) == []


@pytest.mark.parametrize("word, variant, source", TONE_MARKS)
def test_a_tone_mark_difference_does_not_match(new_page, site_server, sample_site, word, variant, source):
    expected = page_with_title(sample_site, title(markdown()[source]))
    page = search(new_page, site_server, word)
    assert expected in [result["url"] for result in shown(page)]

    page = search(new_page, site_server, variant)
    assert status(page).startswith(NOT_FOUND.format(variant)), [result["url"] for result in shown(page)]
    # Pagefind alone, even with exactDiacritics, finds the variant's page through its toneless copy
    # of every word (or plain diacritic folding): the search page is what tells them apart.
    raw = page.evaluate(f"""async ([bundle, variant]) => {{
        const pagefind = await ({OPEN_PAGEFIND})(bundle, {{exactDiacritics: true}});
        const found = await pagefind.search(variant);
        return Promise.all(found.results.map(async result => (await result.data()).url));
    }}""", [site_server.page_url("pagefind/"), variant])
    if variant != "ปุ้ย":  # a changed tone mark is told apart by Pagefind itself
        assert expected in raw, raw


def narrow(page, change) -> int:
    """Change a filter, wait for the new count; returns it (0 when nothing is left)."""
    before = status(page)
    change()
    page.wait_for_function("before => document.querySelector('[data-search-status]').textContent.trim() !== before",
                           arg=before)
    finished(page)
    found = FOUND.match(status(page))
    return int(found[1]) if found else 0


def test_a_search_finds_every_page_with_the_word_whichever_shard_holds_it(new_page, site_server, sample_site):
    word = "กิจกรรม"
    having = {url: shard for shard, records in shard_fragments(sample_site / "pagefind").items()
              for url, record in records.items()
              if any(cut.startswith(word) for cut in re.split(r"[\s\u200b]+", record["content"]))}
    assert len(set(having.values())) > 1  # conftest.SAMPLE_SHARD_PAGES
    page = search(new_page, site_server, word)
    assert status(page).startswith(f"พบ {len(having)} รายการ")
    more = page.get_by_role("button", name="แสดงผลการค้นหาเพิ่ม")
    while more.is_visible():
        count = len(shown(page))
        more.click()
        page.wait_for_function("count => document.querySelectorAll('.search__result').length > count", arg=count)
    assert sorted(result["url"] for result in shown(page)) == sorted(having)
    assert all(any(word in mark for mark in result["marks"]) for result in shown(page))


def test_results_can_be_narrowed_by_section(new_page, site_server):
    page = search(new_page, site_server, "กิจกรรม")
    everything = int(FOUND.match(status(page))[1])
    narrowed = narrow(page, lambda: page.get_by_role("checkbox", name="ข่าวกิจกรรม").check())
    assert 0 < narrowed < everything
    assert {result["section"] for result in shown(page)} == {"ข่าวกิจกรรม"}


def test_results_can_be_narrowed_by_buddhist_era_year(new_page, site_server):
    page = search(new_page, site_server, "กิจกรรม")
    everything = int(FOUND.match(status(page))[1])
    years = page.eval_on_selector_all("#search-year option", "options => options.map(o => o.value)")
    assert years[0] == "" and years[1:] == sorted(years[1:], reverse=True) and "2568" in years, years
    narrowed = narrow(page, lambda: page.get_by_label("ปี พ.ศ.").select_option("2568"))
    assert 0 < narrowed < everything
    assert all(result["date"].endswith(" 2568") for result in shown(page))


def test_search_page_with_results_has_no_wcag_violations_and_fits_a_phone(new_page, site_server):
    page = search(new_page, site_server, "กิจกรรม", width=375)
    settle(page)
    assert len(shown(page)) == 10 and page.get_by_role("button", name="แสดงผลการค้นหาเพิ่ม").is_visible()
    assert page.get_by_role("status").text_content().startswith("พบ ")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375

    page.get_by_role("button", name="แสดงผลการค้นหาเพิ่ม").click()
    page.wait_for_function("() => document.querySelectorAll('.search__result').length > 10")
    assert page.evaluate("document.activeElement.closest('.search__result')") is not None


@pytest.mark.parametrize("start", ["", "404.html", "news/2569/"])
def test_every_page_has_a_search_form_leading_to_the_search_page(new_page, site_server, start):
    page = new_page(width=375)
    page.goto(site_server.page_url(start))
    box = page.get_by_role("search", name="ค้นหาในเว็บไซต์").get_by_role("searchbox", name="ค้นหาในเว็บไซต์")
    assert box.is_visible()
    box.fill("บริจาคโลหิต")
    page.get_by_role("search", name="ค้นหาในเว็บไซต์").get_by_role("button", name="ค้นหา").click()
    page.wait_for_url(site_server.page_url(SEARCH) + "?q=" + quote("บริจาคโลหิต"))
    finished(page)
    assert shown(page)


def test_without_javascript_the_search_page_says_so_and_offers_links(chromium, site_server):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server.page_url(SEARCH) + "?q=" + quote("กิจกรรม"))
        message = page.locator("[data-search-fallback]")
        assert message.is_visible()
        assert "ต้องใช้ JavaScript" in message.text_content()
        links = message.get_by_role("link")
        names = [links.nth(i).text_content() for i in range(links.count())]
        assert "คลังข่าวตามปีและเดือน" in names and "ข่าวกิจกรรม" in names and "ศูนย์ข้อมูลข่าวสาร" in names
        assert page.locator(".search__result").count() == 0
    finally:
        context.close()


def test_when_the_index_cannot_be_loaded_the_page_says_so_and_offers_links(new_page, site_server):
    page = new_page()
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(site_server.page_url(SEARCH) + "?q=" + quote("กิจกรรม"))
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.includes('ไม่พร้อม')")
    assert status(page) == "ระบบค้นหาไม่พร้อมใช้งานในขณะนี้ ลองหาจากหน้าต่อไปนี้แทน"
    assert page.locator("[data-search-fallback]").get_by_role("link", name="คลังข่าวตามปีและเดือน").is_visible()


# --- rebuilding the index --------------------------------------------------------------------------

# Three news items, each with words only it has, mid-sentence.
PLANTING = "นักเรียนร่วมกันปลูกต้นไม้ริมลำธารหลังโรงเรียน"
LITTER = "นักเรียนร่วมกันเก็บขยะริมลำธารหลังโรงเรียน"
MUSEUM = "คณะครูพานักเรียนไปทัศนศึกษาที่พิพิธภัณฑ์ประจำจังหวัด"
LIBRARY = "ชุมชนร่วมบริจาคหนังสือให้ห้องสมุดโรงเรียน"
QUERIES = ["ต้นไม้", "ขยะ", "พิพิธภัณฑ์", "ห้องสมุด"]
INDEX_NOTE = re.compile(r"^search: (\d+) pages indexed in [\d.]+ s \((\d+) cut into words, (\d+) from the cache; "
                        r"Pagefind ran on (\d+) of (\d+) shards?\)$", re.M)


def news_trio(site) -> None:
    for number, (slug, body_text) in enumerate((("planting", PLANTING), ("museum", MUSEUM), ("library", LIBRARY)), 1):
        site.news(slug, f"Title: ข่าวทดสอบที่ {number}\nDate: 2026-11-1{number}\nCategory: ข่าวกิจกรรม\nSlug: {slug}", body_text)


def edit_one_delete_one(site) -> None:
    path = site.root / "content/news/2569/planting.md"
    path.write_text(path.read_text(encoding="utf-8").replace(PLANTING, LITTER), encoding="utf-8")
    (site.root / "content/news/2569/museum.md").unlink()


def indexed_counts(result) -> tuple[int, int, int, int, int]:
    """(pages indexed, cut into words on this build, taken from the cache, shards Pagefind read,
    shards) of the build's note."""
    assert result.exit_code == 0, result.output
    note = INDEX_NOTE.search(result.output)
    assert note, result.output
    return tuple(int(number) for number in note.groups())


def shard_fragments(bundle: Path) -> dict[str, dict[str, dict]]:
    """Pagefind's record of each indexed page (its fragment files: gzip, then JSON after a
    12-byte signature), by shard folder and address: the text, words, filters and meta that
    results show."""
    found = {}
    for shard in shard_folders(bundle):
        found[shard.name] = {}
        for path in nonempty(sorted(shard.glob("fragment/*.pf_fragment"))):
            record = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
            found[shard.name][record["url"]] = record
    return found


def fragments(bundle: Path) -> dict[str, dict]:
    """Every shard's records (shard_fragments) by address."""
    return {url: record for records in shard_fragments(bundle).values() for url, record in records.items()}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def served(folder: Path):
    """``folder`` over HTTP on 127.0.0.1 (a free port) while the block runs; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def pagefind_finds(new_page, address: str, queries: list[str]) -> dict[str, list[str]]:
    """The addresses Pagefind's own search (the bundle's pagefind.js) finds for each query."""
    page = new_page()
    page.goto(address + "404.html")
    return page.evaluate(f"""async ([bundle, queries]) => {{
        const pagefind = await ({OPEN_PAGEFIND})(bundle, {{}});
        const found = {{}};
        for (const query of queries) {{
            const search = await pagefind.search(query);
            found[query] = (await Promise.all(search.results.map(async result => (await result.data()).url))).sort();
        }}
        return found;
    }}""", [address + "pagefind/", queries])


def test_a_rebuild_cuts_only_the_pages_whose_article_changed(site):
    news_trio(site)
    assert indexed_counts(site.run("build")) == (3, 3, 0, 1, 1)
    assert indexed_counts(site.run("build")) == (3, 0, 3, 0, 1)
    edit_one_delete_one(site)
    # The library item's page changed too (its neighbour is gone), but not its article.
    assert indexed_counts(site.run("build")) == (2, 1, 1, 1, 1)
    search_cache = site.root / "cache/search"
    cached = [path for path in search_cache.rglob("*")  # cut copies: cache/search/<2 hex>/<SHA-256>
              if path.is_file() and "bundle" not in path.parts and path.parent != search_cache]
    assert len(cached) == 2  # the deleted item's and the edit's old text are forgotten


def bundle_by_shard(output: Path) -> dict[str, dict[str, bytes]]:
    """The bundle's files (path: bytes) by the shard they belong to."""
    bundle = output / "pagefind"
    names = json.loads((bundle / "pagefind-shards.json").read_text(encoding="utf-8"))
    found: dict[str, dict[str, bytes]] = {}
    for path in (path for path in bundle.rglob("*") if path.is_file()):
        folder = path.relative_to(bundle).parts[0]
        shard = found.setdefault(folder if folder in names else names[0], {})
        shard[path.relative_to(bundle).as_posix()] = path.read_bytes()
    return found


def test_pagefind_runs_again_only_on_the_shard_whose_page_changed(site):
    site.write("pelicanconf.py", site.read("pelicanconf.py") + "\nSEARCH_SHARD_PAGES = 1\n")
    news_trio(site)
    pages, _, _, ran, shards = indexed_counts(site.run("build"))
    assert pages == 3 and ran == shards > 1  # three pages, four shards: one shard may hold two
    before = bundle_by_shard(site.root / "output")
    assert indexed_counts(site.run("build")) == (3, 0, 3, 0, shards)
    assert bundle_by_shard(site.root / "output") == before  # published again from the cache, as it was

    path = site.root / "content/news/2569/planting.md"
    path.write_text(path.read_text(encoding="utf-8").replace(PLANTING, LITTER), encoding="utf-8")
    assert indexed_counts(site.run("build")) == (3, 1, 2, 1, shards)
    after = bundle_by_shard(site.root / "output")
    assert len([shard for shard in after if after[shard] != before[shard]]) == 1
    assert len(list((site.root / "cache/search/bundle").iterdir())) == shards  # the edit's old shard is forgotten


def test_a_rebuilt_index_finds_the_edit_forgets_the_deleted_page_and_equals_a_clean_build(site, new_page):
    news_trio(site)
    assert site.run("build").exit_code == 0
    edit_one_delete_one(site)
    assert indexed_counts(site.run("build")) == (2, 1, 1, 1, 1)
    shutil.rmtree(site.root / "cache/search")
    assert indexed_counts(site.run("build", "--output", "clean")) == (2, 2, 0, 1, 1)

    with served(site.root / "output") as rebuilt, served(site.root / "clean") as clean:
        found = pagefind_finds(new_page, rebuilt, QUERIES)
        assert found == {"ต้นไม้": [], "ขยะ": ["/news/2569/planting/"], "พิพิธภัณฑ์": [],
                         "ห้องสมุด": ["/news/2569/library/"]}
        assert pagefind_finds(new_page, clean, QUERIES) == found
    assert fragments(site.root / "output/pagefind") == fragments(site.root / "clean/pagefind")


def _damage_kept_bundle(kept: Path, damage: str) -> None:
    files = sorted(path for path in kept.rglob("*") if path.is_file() and path.name != "prsite-files.json")
    fragment = next(path for path in files if "fragment" in path.parts)
    if damage == "a file cut short":
        fragment.write_bytes(fragment.read_bytes()[:10])
    elif damage == "a file missing":
        fragment.unlink()
    elif damage == "an entry that is not Pagefind's":
        (kept / "pagefind-entry.json").write_text('{"a": [1, 2]}', encoding="utf-8")
    elif damage == "bytes that are not text":
        (kept / "pagefind-entry.json").write_bytes(b"\x80\x04garbage\xff")
    elif damage == "the list of files":
        (kept / "prsite-files.json").write_text("[]", encoding="utf-8")


@pytest.mark.parametrize("damage", ["a file cut short", "a file missing", "an entry that is not Pagefind's",
                                    "bytes that are not text", "the list of files"])
def test_a_damaged_kept_bundle_is_indexed_again_never_published(site, damage):
    news_trio(site)
    assert site.run("build").exit_code == 0
    before = fragments(site.root / "output/pagefind")
    assert len(before) == 3
    (kept,) = (site.root / "cache/search/bundle").iterdir()
    _damage_kept_bundle(kept, damage)
    result = site.run("build")
    assert indexed_counts(result) == (3, 0, 3, 1, 1)  # Pagefind ran again on the shard
    assert fragments(site.root / "output/pagefind") == before
    assert not list((site.root / "output").rglob("prsite-files.json"))
    assert indexed_counts(site.run("build")) == (3, 0, 3, 0, 1)  # and kept its bundle again


def test_a_search_cache_that_cannot_be_written_is_one_warning_and_the_index_is_complete(site):
    news_trio(site)
    site.write("cache/search", "a file where the cache folder should be")
    result = site.run("build")
    assert result.exit_code == 0
    assert problem_lines(result) == [
        "warning: cache/search: SEARCH_CACHE_PATH: could not be written (Not a directory); the search index is "
        "complete, but the next build cuts every page into words again (check the folder's permissions)"]
    assert indexed_counts(result) == (3, 3, 0, 1, 1)
    assert len(fragments(site.root / "output/pagefind")) == 3
