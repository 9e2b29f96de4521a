"""Nothing depends on today's date: the sample office builds, checks and deploys years after its
"today", and an address that was published never turns into a 404 because time passed.

The clock is pinned with PRSITE_NOW (the one way to pin "now" for a whole prsite run).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, SAMPLE_NOW, Site, nonempty

YEARS_AHEAD = (1, 5)


def later(years: int) -> str:
    """The sample's "today" (2026-11-20 18:00) moved ``years`` ahead."""
    year, rest = SAMPLE_NOW.split("-", 1)
    return f"{int(year) + years}-{rest}"


def addresses(output: Path) -> set[str]:
    """Every page and feed a reader or a feed reader may have bookmarked."""
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.suffix in (".html", ".xml", ".opml")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def cards(page: Path) -> list[str]:
    return [a.get_text() for a in soup(page).select(".news-card__link")]


@pytest.fixture
def office(tmp_path, monkeypatch) -> Site:
    """A copy of the whole sample office (content/ as shipped, both settings files)."""
    root = tmp_path / "office"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(REPO / name, root)
    (root / "theme").symlink_to(REPO / "theme")
    # publishconf.py does `from pelicanconf import *` from its folder: this copy's, not a cached one.
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    return Site(root)


@pytest.mark.parametrize("years", YEARS_AHEAD)
def test_the_sample_office_builds_checks_and_deploys_years_ahead(office, sample_site, tmp_path, monkeypatch, years):
    monkeypatch.setenv("PRSITE_NOW", later(years))

    built = office.run("build", "--strict")
    assert built.exit_code == 0, built.output
    checked = office.run("check", "--strict")
    assert (checked.exit_code, checked.stderr) == (0, ""), checked.output
    (tmp_path / "www").mkdir()
    deployed = office.run("deploy", "--to", str(tmp_path / "www"))
    assert deployed.exit_code == 0, deployed.output
    assert (tmp_path / "www/current/category/announcements/index.html").is_file()

    output = office.root / "output"
    vanished = nonempty(addresses(sample_site)) - addresses(output)
    assert not vanished, "published addresses that time turned into 404s"

    # An e-news issue, once sent, never changes: the same news as on the sample's "today".
    issue = "enews/2569-11/index.html"
    assert nonempty(cards(sample_site / issue)) == cards(output / issue)

    status = office.run("status").stdout
    assert "expiring within 14 days: 0\n" in status
    assert "expired (gone from current listings, feeds, search and e-news; page and archive entry kept): 6\n" in status


def test_a_section_with_nothing_current_keeps_its_page_feeds_and_archive(office, monkeypatch):
    monkeypatch.setenv("PRSITE_NOW", later(5))
    assert office.run("build", "--strict").exit_code == 0
    output = office.root / "output"

    section = soup(output / "category/announcements/index.html")
    notice = section.select_one(".listing__empty")
    assert notice.get_text(" ", strip=True) == "ขณะนี้ไม่มีรายการที่ยังมีผลในหมวดนี้ ดูรายการที่ผ่านมาได้ที่ คลังข่าว"
    assert notice.a["href"] == "../../news/"
    assert not section.select(".news-card")

    # Every expired announcement is still listed in the BE-year archive of its month, marked as expired.
    expired = nonempty([p for p in (REPO / "content/news").rglob("*.md") if "\nExpires:" in p.read_text(encoding="utf-8")
                        and "Status: draft" not in p.read_text(encoding="utf-8")])
    archived = " ".join(a.get_text() for year in nonempty(list(output.glob("news/25??/index.html")))
                        for a in soup(year).select(".news-card--expired .news-card__link"))
    for source in expired:
        title = next(line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith("Title:"))
        assert title.removeprefix("Title:").strip() in archived, source

    for fmt in ("atom", "rss"):
        feed = feedparser.parse((output / f"feeds/category/announcements.{fmt}.xml").read_bytes())
        assert not feed.bozo and feed.entries == [] and feed.feed.title == "ประกาศ – สพป.ตาก เขต 1"

    page = soup(nonempty(list(output.glob("news/2569/recruit-janitor-2569/index.html")))[0])
    assert page.select_one(".notice--expired")
    tags = page.select(".tag-list__items a")
    assert tags and all((output / "news/2569/recruit-janitor-2569" / a["href"] / "index.html").resolve().is_file()
                        for a in tags)
