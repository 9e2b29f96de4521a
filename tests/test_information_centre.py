"""The information centre (ศูนย์ข้อมูลข่าวสาร) built from the sample disclosures: index, categories,
the log and its filters, attachments with SHA-256, and the open data matching the content."""

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, nonempty
from plugins.information_centre.categories import find
from plugins.thai_text.thaitext import parse_date

SITE_URL = "https://takpeo1.example.go.th"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def sources() -> list[dict]:
    """What the officer wrote: every published disclosure's metadata, read straight from Markdown."""
    found = []
    for path in sorted((REPO / "content/oia").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        if meta.get("Status") == "draft":
            continue
        meta["category"] = find(meta["Category"])
        meta["attachments"] = [a.strip() for a in meta.get("Attachments", "").split(",") if a.strip()]
        found.append(meta)
    assert len(found) >= 12
    return found


def test_index_groups_disclosures_by_legal_category(sample_site):
    page = soup(sample_site / "information-centre/index.html")
    shown = {}
    for heading in nonempty(page.select(".disclosure-group h2")):
        slug = heading.a["href"].rstrip("/").rsplit("/", 1)[-1]
        shown[slug] = int(re.search(r"\((\d+) รายการ\)", heading.get_text())[1])
        assert heading.a.get_text().startswith("มาตรา ")  # the Thai legal label
    expected = {}
    for meta in sources():
        expected[meta["category"].slug] = expected.get(meta["category"].slug, 0) + 1
    assert shown == expected
    assert page.find("a", string=re.compile("ยื่นคำขอข้อมูลข่าวสารตามมาตรา 11"))


def test_each_category_page_lists_its_disclosures(sample_site):
    for meta in sources():
        page = soup(sample_site / "information-centre" / meta["category"].slug / "index.html")
        titles = [a.get_text() for a in page.select(".disclosure-table tbody th a")]
        assert meta["Title"] in titles


def test_log_is_newest_first_and_complete(sample_site):
    rows = soup(sample_site / "information-centre/log/index.html").select(".disclosure-table tbody tr")
    assert len(rows) == len(sources())
    dates = [row.time["datetime"] for row in rows]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("year", ["2569", "2570"])
def test_log_filters_are_links_that_work_without_javascript(sample_site, year):
    log = soup(sample_site / "information-centre/log/index.html")
    link = log.select_one(f'.log-filters a[href$="log/{year}/"]')
    assert link is not None
    filtered = soup((sample_site / "information-centre/log" / year / "index.html"))
    shown = [cell.get_text() for cell in filtered.select(".disclosure-table tbody td:nth-of-type(3)")]
    assert shown and set(shown) == {year}
    assert len(shown) == sum(1 for meta in sources() if meta["Fiscal_year"] == year)
    assert filtered.select_one(f'.log-filters a[href$="log/{year}/"]')["aria-current"] == "page"


def test_disclosure_page_shows_type_size_and_sha256(sample_site):
    meta = next(m for m in sources() if m["attachments"])
    fiscal_year, slug = meta["Fiscal_year"], meta.get("Slug")
    page = soup(sample_site / "information-centre" / fiscal_year / slug / "index.html")
    items = page.select(".attachments__item")
    assert len(items) == len(meta["attachments"])
    for item, relative in zip(items, meta["attachments"]):
        data = (sample_site / relative).read_bytes()  # the file as published (pii_guard removes its metadata)
        assert item.select_one(".attachments__hash code").get_text() == hashlib.sha256(data).hexdigest()
        assert re.fullmatch(r"\((PDF|DOCX|XLSX), [\d.]+ (KB|MB)\)", item.select_one(".attachments__info").get_text())


def test_open_data_matches_the_content(sample_site):
    data = json.loads((sample_site / "information-centre/disclosures.json").read_text(encoding="utf-8"))
    with open(sample_site / "information-centre/disclosures.csv", encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    assert [r["title"] for r in table] == [r["title"] for r in data]
    by_title = {record["title"]: record for record in data}
    for meta in sources():
        record = by_title[meta["Title"]]
        assert record["category"] == meta["category"].code
        assert record["fiscal_year"] == int(meta["Fiscal_year"])
        assert record["date"] == parse_date(meta["Date"]).date().isoformat()
        assert [a["url"] for a in record["attachments"]] == [f"{SITE_URL}/{a}" for a in meta["attachments"]]
        for attachment, relative in zip(record["attachments"], meta["attachments"]):
            assert attachment["sha256"] == hashlib.sha256((sample_site / relative).read_bytes()).hexdigest()
        assert record["url"].startswith(f"{SITE_URL}/information-centre/{meta['Fiscal_year']}/")
    assert len(data) == len(sources())
