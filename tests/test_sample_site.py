"""The sample office, built strictly: what the public and the officer get from content/ as shipped."""

import csv
import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import news_pages, nonempty
from plugins.thai_text import thaitext
from plugins.thai_text.thaitext import MONTHS_LONG

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
BE_DATE = re.compile(r"^(\d{1,2}) (" + "|".join(MONTHS_LONG) + r") (25\d\d)")


def pages(output: Path):
    return nonempty(sorted(output.rglob("*.html")))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_sample_office_is_complete(sample_site):
    news = news_pages(sample_site)
    assert len(news) >= 40
    sections = {p.parent.name for p in (sample_site / "category").glob("*/index.html")}
    assert sections == {"pr-news", "activities", "executives", "school-news", "teachers-work", "announcements"}
    for page in ("about", "structure", "executives", "powers-duties", "contact", "privacy",
                 "pr-network-manual", "request-information"):
        assert (sample_site / page / "index.html").is_file(), page
    assert len(list((sample_site / "information-centre").glob("*/*/index.html"))) >= 12


def test_sections_are_in_the_configured_order(sample_site):
    menu = [a.get_text() for a in soup(sample_site / "index.html").select("nav a[href*='category/']")]
    assert menu == ["ข่าวประชาสัมพันธ์", "ข่าวกิจกรรม", "ข่าวผู้บริหาร", "ข่าวจากโรงเรียน", "ผลงานครู", "ประกาศ"]


def test_every_page_is_thai(sample_site):
    for path in pages(sample_site):
        assert soup(path).html.get("lang") == "th", path


def test_news_dates_are_buddhist_era(sample_site):
    for path in news_pages(sample_site):
        time = soup(path).find("article").find("time")
        written = thaitext.parse_date(time["datetime"])
        match = BE_DATE.match(time.get_text())
        assert match, (path, time.get_text())
        assert int(match[3]) == written.year + 543
        assert path.parent.parent.name == match[3], "news/<BE year>/ in the address"


def _boundaries(text: str) -> set[int]:
    positions, position = {0}, 0
    for token in thaitext.words(text):
        position += len(token)
        positions.add(position)
    return positions


def test_listing_excerpts_end_between_words(sample_site):
    """Each cut excerpt on a listing is the start of its article's text, ending on a word boundary."""
    checked = 0
    for listing in [sample_site / "index.html", *nonempty(list((sample_site / "category").glob("*/index.html")))]:
        for card in soup(listing).select(".news-card"):
            excerpt = card.select_one(".news-card__excerpt").get_text()
            if not excerpt.endswith(thaitext.ELLIPSIS):
                continue
            article = soup((listing.parent / card.select_one(".news-card__link")["href"] / "index.html").resolve())
            full = thaitext.html_to_text(article.select_one(".prose").decode_contents())
            kept = excerpt.removesuffix(thaitext.ELLIPSIS)
            assert full.startswith(kept), (kept, full[:200])
            assert len(kept) in _boundaries(full), f"cut inside a word: ...{kept[-12:]}|{full[len(kept):len(kept) + 12]}"
            checked += 1
    assert checked >= 10


def test_private_registry_values_never_reach_output(sample_site):
    with open(CONTENT / "network/members.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    private = {row[column] for row in rows for column in ("personal_email", "personal_phone") if row[column]}
    private |= {row["coordinator_name"] for row in rows if row["coordinator_name"] and row["coordinator_public"] != "yes"}
    assert private, "the sample registry has private values to protect"
    everything = "\n".join(p.read_text(encoding="utf-8", errors="ignore")
                           for p in nonempty([p for p in sample_site.rglob("*") if p.is_file()]))
    leaked = sorted(value for value in private if value in everything)
    assert leaked == []


def test_only_public_files_are_copied(sample_site):
    sources = [p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*")
               if p.suffix in {".md", ".csv", ".yml", ".yaml", ".py"}]
    assert sources == ["information-centre/disclosures.csv"]  # open data, made by the build; nothing copied


def test_heading_ids_are_ascii_and_unique(sample_site):
    for path in pages(sample_site):
        ids = [tag["id"] for tag in soup(path).find_all(id=True)]
        assert len(ids) == len(set(ids)), path
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids), (path, ids)
