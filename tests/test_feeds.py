"""The feeds schools subscribe to: complete, valid, stable, and linked from the pages they belong to.

Validity, offline: Atom against the RELAX NG schema of RFC 4287 (tests/fixtures/atom/) plus
the rules the schema states as Schematron; RSS 2.0 against the spec's rules as the W3C feed
validator applies them (required channel elements, RFC 822 dates, absolute addresses, unique
guids, one enclosure with url, length and type, atom:link rel="self"). Every feed is also read
back with feedparser, as a feed reader would.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import REPO, SAMPLE_NOW, nonempty
from plugins import feeds
from publish import pipeline

SITE_URL = "https://takpeo1.example.go.th"
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(REPO / "tests/fixtures/atom/rfc4287.rng")))
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d\d:\d\d:\d\d [+-]\d{4}$")
# RSS 2.0 (rssboard.org/rss-specification): every element a channel and an item may hold.
RSS_CHANNEL = {"title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
               "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
               "skipHours", "skipDays", "item"}
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"}
ADDRESS = re.compile(r'\b(?:href|src)="([^"]*)"')
MULTI_FILE_DISCLOSURE = f"{SITE_URL}/information-centre/2569/action-plan-2569/"  # a PDF and an XLSX


def feed_files(output: Path) -> list[Path]:
    return nonempty(sorted((output / "feeds").rglob("*.xml")))


def local(output: Path, url: str) -> Path:
    assert url.startswith(SITE_URL + "/"), url
    return output / url.removeprefix(SITE_URL + "/")


def address_of(output: Path, path: Path) -> str:
    return f"{SITE_URL}/{path.relative_to(output).as_posix()}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def schools() -> list[str]:
    """Every registry member has a feed (feeds/school/<id>): schools, agencies and media alike."""
    with open(REPO / "content/network/members.csv", encoding="utf-8-sig", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


# --- which feeds, and their validity -------------------------------------------------------------

def test_the_sample_has_a_feed_for_every_scope_in_both_formats(sample_site):
    categories = [p.parent.name for p in (sample_site / "category").glob("*/index.html")]
    tags = [p.parent.name for p in (sample_site / "tag").glob("*/index.html")]
    stems = (["all", "information-centre", "enews"] + [f"category/{c}" for c in categories]
             + [f"tag/{t}" for t in tags] + [f"school/{s}" for s in schools()])
    expected = {f"feeds/{stem}.{fmt}.xml" for stem in stems for fmt in ("atom", "rss")}
    assert {p.relative_to(sample_site).as_posix() for p in feed_files(sample_site)} == expected
    assert len(categories) == 6 and len(tags) > 10


def test_every_feed_parses_without_bozo(sample_site):
    problems = {}
    for path in feed_files(sample_site):
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            problems[path.name] = repr(parsed.bozo_exception)
        assert parsed.version in ("atom10", "rss20"), path
    assert not problems


def test_atom_feeds_are_valid_rfc4287(sample_site):
    for path in nonempty(sorted(sample_site.glob("feeds/**/*.atom.xml"))):
        feed = etree.parse(str(path)).getroot()
        assert SCHEMA.validate(feed), (path, str(SCHEMA.error_log))
        entries = feed.findall(f"{ATOM}entry")
        # RFC 4287's Schematron rules: an author for every entry, and each entry a link or content.
        assert feed.find(f"{ATOM}author") is not None or all(e.find(f"{ATOM}author") is not None for e in entries)
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "th"
        assert _links(feed, "self") == [(address_of(sample_site, path), "application/atom+xml")], path
        assert len(_links(feed, "alternate")) == 1
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(ids) == len(set(ids)) and all(re.match(r"^tag:takpeo1\.example\.go\.th,\d{4}:\S+$", i) for i in ids)
        for entry in entries:
            assert entry.find(f"{ATOM}content") is not None and len(_links(entry, "alternate")) == 1, path
            for href, kind in _links(entry, "enclosure"):
                enclosure = entry.find(f"{ATOM}link[@href='{href}']")
                assert kind and enclosure.get("length").isdigit(), (path, href)


def _links(element, rel: str) -> list[tuple[str, str]]:
    return [(link.get("href"), link.get("type")) for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == rel]


def test_rss_feeds_follow_the_rss_2_rules(sample_site):
    for path in nonempty(sorted(sample_site.glob("feeds/**/*.rss.xml"))):
        rss = etree.parse(str(path)).getroot()
        assert rss.tag == "rss" and rss.get("version") == "2.0" and len(rss) == 1, path
        channel = rss[0]
        names = [child.tag for child in channel if "}" not in child.tag]
        assert set(names) <= RSS_CHANNEL, (path, set(names) - RSS_CHANNEL)
        assert all(channel.findtext(name) for name in ("title", "link", "description")), path
        assert channel.findtext("link").startswith(SITE_URL + "/") and channel.findtext("language") == "th"
        assert not channel.findtext("link").endswith(".xml"), path
        assert RFC822.match(channel.findtext("lastBuildDate")), path
        self_links = [(a.get("href"), a.get("type")) for a in channel.findall(f"{ATOM}link") if a.get("rel") == "self"]
        assert self_links == [(address_of(sample_site, path), "application/rss+xml")], path
        guids = []
        for item in channel.findall("item"):
            assert {child.tag for child in item} <= RSS_ITEM, path
            assert item.findtext("title") and item.findtext("link").startswith(SITE_URL + "/")
            assert RFC822.match(item.findtext("pubDate")), path
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:")
            guids.append(guid.text)
            enclosures = item.findall("enclosure")
            assert len(enclosures) <= 1, path
            for enclosure in enclosures:
                assert enclosure.get("url").startswith(SITE_URL + "/") and enclosure.get("length").isdigit()
                assert "/" in enclosure.get("type")
            assert all(url.startswith(SITE_URL + "/") for url in ADDRESS.findall(item.findtext("description")))
        assert len(guids) == len(set(guids)), path


# --- what they carry -------------------------------------------------------------------------------

def test_enclosures_keep_type_and_length_in_both_formats(sample_site):
    pdf = sample_site / "files/oia/2569/action-plan-2569.pdf"
    xlsx = sample_site / "files/oia/2569/action-plan-2569-budget.xlsx"
    expected = [(address_of(sample_site, pdf), "application/pdf", str(pdf.stat().st_size)),
                (address_of(sample_site, xlsx),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", str(xlsx.stat().st_size))]

    def enclosures(fmt: str):
        parsed = feedparser.parse((sample_site / f"feeds/information-centre.{fmt}.xml").read_bytes())
        entry = next(e for e in parsed.entries if e.link == MULTI_FILE_DISCLOSURE)
        return entry, [(e.href, e.type, e.length) for e in entry.enclosures]

    atom_entry, atom = enclosures("atom")
    assert atom == expected
    rss_entry, rss = enclosures("rss")
    assert rss == expected[:1]  # RSS allows one enclosure; the others are links in the description
    assert f'href="{expected[1][0]}"' in rss_entry.description and "XLSX" in rss_entry.description
    for fmt in ("atom", "rss"):
        parsed = feedparser.parse((sample_site / f"feeds/information-centre.{fmt}.xml").read_bytes())
        files = [enclosure for entry in parsed.entries for enclosure in entry.enclosures]
        assert len(files) > 10 and all(local(sample_site, f.href).stat().st_size == int(f.length) for f in files)


def test_atom_has_the_whole_item_and_rss_its_summary(sample_site):
    atom = feedparser.parse((sample_site / "feeds/all.atom.xml").read_bytes()).entries
    rss = feedparser.parse((sample_site / "feeds/all.rss.xml").read_bytes()).entries
    meeting = f"{SITE_URL}/news/2569/directors-meeting-11-2569/"
    full = next(e for e in atom if e.link == meeting)
    short = next(e for e in rss if e.link == meeting)
    body = "26 โครงการ"  # deep in the body, not in the summary
    assert body in full.content[0].value and full.summary in short.description and body not in short.description
    assert full.id == short.id == "tag:takpeo1.example.go.th,2026:news/2569/directors-meeting-11-2569/"
    assert [t.term for t in full.tags] == ["ข่าวผู้บริหาร", "ประชุมผู้บริหาร", "การบริหารจัดการ"]
    for url in ADDRESS.findall(full.content[0].value):  # absolute, and photos at their published renditions
        assert url.startswith(SITE_URL + "/"), url
        assert local(sample_site, url.split("#")[0]).exists(), url


def test_items_are_newest_first_and_dates_come_from_the_content(sample_site):
    for path in nonempty(sorted(sample_site.glob("feeds/**/*.atom.xml"))):
        feed = etree.parse(str(path)).getroot()
        entries = feed.findall(f"{ATOM}entry")
        published = [datetime.fromisoformat(e.findtext(f"{ATOM}published")) for e in entries]
        assert published == sorted(published, reverse=True), path
        updated = datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
        if entries:  # never the build's clock: the newest change of what it holds
            assert updated == max(datetime.fromisoformat(e.findtext(f"{ATOM}updated")) for e in entries), path
        rss = etree.parse(str(path).replace(".atom.xml", ".rss.xml")).getroot()[0]
        assert parsedate_to_datetime(rss.findtext("lastBuildDate")) == updated, path
        assert [i.findtext("guid") for i in rss.findall("item")] == [e.findtext(f"{ATOM}id") for e in entries]
        assert [rss.findtext("link")] == [href for href, _ in _links(feed, "alternate")], path  # the page, not the feed


def test_thai_text_is_written_as_thai(sample_site):
    raw = (sample_site / "feeds/all.atom.xml").read_bytes()
    title = "สพป.ตาก เขต 1 ประชุมผู้บริหารสถานศึกษา ครั้งที่ 11/2569"
    assert title.encode() in raw and b"&#" not in raw  # UTF-8, not character references
    parsed = feedparser.parse(raw)
    assert parsed.feed.title == "ข่าวทั้งหมด – สพป.ตาก เขต 1"
    assert parsed.feed.subtitle == "ข่าวทุกหมวดจากสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1"
    assert title in [e.title for e in parsed.entries]
    rss = feedparser.parse((sample_site / "feeds/school/anuban-tak.rss.xml").read_bytes())
    assert rss.feed.title == "ข่าวโรงเรียนอนุบาลตาก – สพป.ตาก เขต 1" and rss.feed.language == "th"


def test_a_school_feed_holds_the_news_that_names_the_school(sample_site):
    sources = [p.read_text(encoding="utf-8") for p in (REPO / "content/news").rglob("*.md")]
    naming = {re.search(r"^Title: (.+)$", text, re.M)[1] for text in sources
              if re.search(r"^Schools:.*\bban-nong-bua\b", text, re.M) and "\nStatus: draft" not in text}
    entries = feedparser.parse((sample_site / "feeds/school/ban-nong-bua.atom.xml").read_bytes()).entries
    assert len(naming) >= 2 and {e.title for e in entries} == naming
    quiet = feedparser.parse((sample_site / "feeds/school/ban-nong-luang.atom.xml").read_bytes())
    assert not quiet.bozo and quiet.entries == []  # no news yet: the school can subscribe already


def test_the_limit_holds(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nFEEDS_MAX_ITEMS = 3\n", encoding="utf-8")
    for day in range(1, 6):
        site.news(f"item-{day}", f"Title: ข่าววันที่ {day}\nDate: 2026-11-0{day}\nCategory: ประกาศ\nSlug: item-{day}")
    assert site.run("build").exit_code == 0
    for path in nonempty(sorted((site.root / "output/feeds").glob("all.*.xml"))):
        titles = [entry.title for entry in feedparser.parse(path.read_bytes()).entries]
        assert titles == ["ข่าววันที่ 5", "ข่าววันที่ 4", "ข่าววันที่ 3"], path  # the newest three, newest first


# --- stable across builds ----------------------------------------------------------------------------

def test_an_unchanged_build_writes_byte_identical_feeds(sample_site, tmp_path):
    again = tmp_path / "output"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        # The same "now" as the first build: which announcements are current must not change between them.
        outcome = pipeline.build("pelicanconf.py", output=str(again), strict=True, echo=lambda line: None,
                                 CONTENT_MODEL_NOW=SAMPLE_NOW)
    finally:
        os.chdir(cwd)
    assert not outcome.failed(strict=True)
    assert len(feed_bytes(sample_site)) > 40 and feed_bytes(sample_site) == feed_bytes(again)


def feed_bytes(output: Path) -> dict[str, bytes]:
    """Every feed file and the OPML list, by path."""
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in (output / "feeds").rglob("*") if p.suffix in (".xml", ".opml")}


# --- where they are offered ----------------------------------------------------------------------------

DISCOVERY = {
    "index.html": "feeds/all",
    "page/2/index.html": "feeds/all",
    "category/pr-news/index.html": "feeds/category/pr-news",
    "tag/kachat/index.html": "feeds/tag/kachat",
    "information-centre/index.html": "feeds/information-centre",
    "feeds/index.html": "feeds/all",
}


@pytest.mark.parametrize("page, feed", DISCOVERY.items())
def test_pages_link_the_feeds_that_belong_to_them(sample_site, page, feed):
    links = soup(sample_site / page).select('head link[rel="alternate"]')
    assert [(link["type"], link["href"]) for link in links] == [
        ("application/atom+xml", f"{SITE_URL}/{feed}.atom.xml"), ("application/rss+xml", f"{SITE_URL}/{feed}.rss.xml")]
    assert all(link["title"].startswith(("ข่าว", "ป้ายกำกับ", "ศูนย์")) for link in links)
    assert all(local(sample_site, link["href"]).is_file() for link in links)


def test_a_news_item_links_no_feed(sample_site):
    page = soup(sample_site / "news/2569/directors-meeting-11-2569/index.html")
    assert not page.select('head link[rel="alternate"]')


def test_opml_lists_every_feed_file(sample_site):
    opml = etree.parse(str(sample_site / "feeds/feeds.opml")).getroot()
    assert opml.get("version") == "2.0" and opml.findtext("head/title") == \
        "ฟีดข่าวของสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1"
    assert RFC822.match(opml.findtext("head/dateModified"))
    subscriptions = [o for o in opml.iter("outline") if o.get("xmlUrl")]
    # One outline per feed, so a reader that imports the list shows each item once: the Atom
    # file, the first discovery link of every page; OPML 2.0 subscriptions are all type="rss".
    files = [address_of(sample_site, p) for p in feed_files(sample_site)]
    assert subscriptions and sorted(o.get("xmlUrl") for o in subscriptions) == sorted(
        f for f in files if f.endswith(".atom.xml"))
    assert len(files) == 2 * len(subscriptions)  # each also has its RSS 2.0 file, not listed
    assert {o.get("type") for o in subscriptions} == {"rss"}
    assert len({o.get("htmlUrl") + o.get("text") for o in subscriptions}) == len(subscriptions)
    assert not any(o.get("text").endswith(("(Atom)", "(RSS)")) for o in subscriptions)
    assert [o.get("text") for o in opml.find("body")] == [scope.heading for scope in feeds.SCOPES]


def test_the_feeds_page_lists_every_feed_and_how_to_use_one(sample_site):
    page = soup(sample_site / "feeds/index.html")
    assert page.h1.get_text() == "ติดตามข่าว (RSS)"
    addresses = [a["href"] for a in page.select(".feeds__address")]
    assert [a.get_text() for a in page.select(".feeds__address")] == addresses  # the address itself, to copy
    assert sorted(addresses) == sorted(address_of(sample_site, p) for p in feed_files(sample_site))
    help_text = page.select_one(".feeds__help").get_text()
    for where in ("WordPress", "Google Sites", "Facebook", "OPML"):
        assert where in help_text
    home = soup(sample_site / "index.html")
    assert "feeds/" in [a["href"].removeprefix("./") for a in home.select(".quick-links__link")]


# --- small sites: the limit, news files, empty feeds, one more scope -------------------------------------

def test_the_limit_keeps_the_newest(site):
    site.write("pelicanconf.py", site.read("pelicanconf.py") + "\nFEEDS_MAX_ITEMS = 3\n")
    for day in (3, 9, 1, 7, 5):
        site.news(f"day-{day}", f"Title: ข่าววันที่ {day}\nDate: 2026-11-0{day} 09:00\nCategory: ประกาศ")
    assert site.run("build").exit_code == 0
    for feed in ("all", "category/announcements"):
        for fmt in ("atom", "rss"):
            entries = feedparser.parse((site.root / f"output/feeds/{feed}.{fmt}.xml").read_bytes()).entries
            assert [e.title for e in entries] == ["ข่าววันที่ 9", "ข่าววันที่ 7", "ข่าววันที่ 5"]


def test_news_files_are_enclosures_too(site):
    (site.root / "content/files").mkdir(parents=True)
    shutil.copy(REPO / "content/files/oia/2569/action-plan-2569.pdf", site.root / "content/files/circular.pdf")
    shutil.copy(REPO / "content/files/oia/2569/oia-service-manual-2569.docx", site.root / "content/files/form.docx")
    site.news("circular", "Title: หนังสือเวียน\nDate: 2026-11-03\nCategory: ประกาศ\nSlug: circular\n"
              "Attachments: files/circular.pdf, files/form.docx")
    assert site.run("build", "--strict").exit_code == 0
    atom = feedparser.parse((site.root / "output/feeds/all.atom.xml").read_bytes()).entries[0]
    rss = feedparser.parse((site.root / "output/feeds/all.rss.xml").read_bytes()).entries[0]
    sizes = [str((site.root / "output/files" / name).stat().st_size) for name in ("circular.pdf", "form.docx")]
    assert [(e.type, e.length) for e in atom.enclosures] == [
        ("application/pdf", sizes[0]),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", sizes[1])]
    assert [(e.type, e.length) for e in rss.enclosures] == [("application/pdf", sizes[0])]
    assert f'href="{SITE_URL}/files/form.docx"' in rss.description


def test_every_document_type_has_an_enclosure_type():
    from plugins.content_model.schema import DOCUMENT_EXTENSIONS

    assert {ext.lstrip(".").upper() for ext in DOCUMENT_EXTENSIONS} <= set(feeds.MIME_TYPES)


def test_a_site_with_no_news_still_has_valid_dated_feeds(site):
    assert site.run("build").exit_code == 0
    for path in feed_files(site.root / "output"):
        assert not feedparser.parse(path.read_bytes()).bozo, path
    feed = etree.parse(str(site.root / "output/feeds/school/anuban-tak.atom.xml")).getroot()
    assert SCHEMA.validate(feed), str(SCHEMA.error_log)
    assert feed.findtext(f"{ATOM}updated") == "2000-01-01T00:00:00+07:00"  # not the build's clock


def test_another_scope_is_one_more_row(site, monkeypatch):
    """How e-news issues join: a row naming the context list that holds them."""
    monkeypatch.setattr(feeds, "SCOPES", feeds.SCOPES + (
        feeds.Scope("enews", "feeds/enews", "จดหมายข่าว", "จดหมายข่าวของ{office}", "จดหมายข่าว",
                    feeds._everything("articles", None)),))
    site.news("one", "Title: ฉบับที่ 1\nDate: 2026-11-03\nCategory: ประกาศ\nSlug: one")
    assert site.run("build").exit_code == 0
    output = site.root / "output"
    parsed = feedparser.parse((output / "feeds/enews.rss.xml").read_bytes())
    assert parsed.feed.title == "จดหมายข่าว – สพป.ตาก เขต 1" and [e.title for e in parsed.entries] == ["ฉบับที่ 1"]
    assert f"{SITE_URL}/feeds/enews.atom.xml" in (output / "feeds/feeds.opml").read_text(encoding="utf-8")
    assert "จดหมายข่าว" in [h.get_text(strip=True) for h in soup(output / "feeds/index.html").select("h2")]


def test_pelican_writes_no_feeds_of_its_own():
    """One feed module: Pelican's feed settings stay off, or it would write feeds/all.atom.xml too."""
    settings = pipeline.load_settings(str(REPO / "pelicanconf.py"))
    feed_setting = re.compile(r"(\w+_)?FEED(_ALL)?_(ATOM|RSS)")
    pelican_feeds = {name: value for name, value in settings.items() if feed_setting.fullmatch(name)}
    assert "FEED_ALL_ATOM" in pelican_feeds and not any(pelican_feeds.values()), pelican_feeds
