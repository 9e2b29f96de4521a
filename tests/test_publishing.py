"""Publishing over time: drafts, scheduled news and announcements that expire, as the public sees them."""

from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from conftest import nonempty


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def at(site, now: str) -> None:
    """Build as if it were ``now`` (Thailand time)."""
    conf = site.root / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8").split("\n# pinned by the test\n")[0]
    conf.write_text(f'{text}\n# pinned by the test\nCONTENT_MODEL_NOW = "{now}"\n', encoding="utf-8")


ANNOUNCEMENT = "Title: รับสมัครนักการภารโรง\nDate: 2026-11-01\nCategory: ประกาศ\nSlug: recruit\nExpires: 2026-11-27"
SCHEDULED = "Title: ประชุมเดือนธันวาคม\nDate: 2026-12-01 08:30\nCategory: ข่าวประชาสัมพันธ์\nSlug: december"


def test_scheduled_news_appears_with_the_first_build_on_its_date(site):
    site.news("december", SCHEDULED, "ข่าวล่วงหน้า")
    at(site, "2026-12-01 08:00")
    assert site.run("build").exit_code == 0
    assert not (site.root / "output/news/2569/december").exists()
    assert "ข่าวล่วงหน้า" not in (site.root / "output/index.html").read_text(encoding="utf-8")

    at(site, "2026-12-01 08:30")
    assert site.run("build").exit_code == 0
    assert (site.root / "output/news/2569/december/index.html").is_file()
    assert soup(site.root / "output/index.html").find("a", string="ประชุมเดือนธันวาคม")


def test_announcement_is_current_through_its_expiry_day(site):
    site.news("recruit", ANNOUNCEMENT)
    at(site, "2026-11-27 23:59")
    assert site.run("build").exit_code == 0
    listing = soup(site.root / "output/category/announcements/index.html")
    assert listing.find("a", string="รับสมัครนักการภารโรง")
    page = soup(site.root / "output/news/2569/recruit/index.html")
    assert page.select_one(".notice").get_text(" ", strip=True) == "ประกาศนี้มีผลถึง 27 พฤศจิกายน 2569"


def test_expired_announcement_leaves_listings_and_search_but_its_page_stays(site):
    site.news("recruit", ANNOUNCEMENT)
    site.news("other", "Title: ข่าวอื่น\nDate: 2026-11-02\nCategory: ประกาศ\nSlug: other")
    at(site, "2026-11-28 00:00")
    assert site.run("build").exit_code == 0
    output = site.root / "output"
    page = soup(output / "news/2569/recruit/index.html")
    assert "ประกาศนี้หมดอายุแล้วเมื่อ 27 พฤศจิกายน 2569" in page.select_one(".notice--expired").get_text(" ", strip=True)
    assert not page.find(attrs={"data-pagefind-body": True}), "expired pages are not indexed for search"
    for listing in ("index.html", "category/announcements/index.html"):
        text = (output / listing).read_text(encoding="utf-8")
        assert "รับสมัครนักการภารโรง" not in text, listing
        assert "ข่าวอื่น" in text, listing
    for feed in nonempty(list(output.glob("feeds/**/*.xml"))):
        assert "รับสมัครนักการภารโรง" not in feed.read_text(encoding="utf-8"), feed
    # The BE-year archives are the record of what was published: it stays there, marked expired.
    for archive in ("news/2569/index.html", "news/2569/11/index.html"):
        card = soup(output / archive).find("a", string="รับสมัครนักการภารโรง").find_parent("article")
        assert "news-card--expired" in card["class"], archive
        assert card.select_one(".news-card__expiry").get_text(" ", strip=True) == "หมดอายุแล้วเมื่อ 27 พฤศจิกายน 2569"


def published_addresses(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.suffix in (".html", ".xml", ".opml")}


def test_when_its_only_item_expires_a_section_and_a_tag_keep_their_pages_and_feeds(site):
    site.news("recruit", ANNOUNCEMENT + "\nTags: รับสมัครงาน")
    at(site, "2026-11-27 12:00")
    assert site.run("build").exit_code == 0
    output = site.root / "output"
    before = nonempty(published_addresses(output))
    tag = soup(output / "news/2569/recruit/index.html").select_one(".tag-list__link")["href"]

    at(site, "2026-11-28 00:00")
    assert site.run("build", "--strict").exit_code == 0
    assert before - published_addresses(output) == set(), "no address turns into a 404 because time passed"
    for listing in ("category/announcements/index.html", (output / "news/2569/recruit" / tag).resolve().relative_to(output)
                    / "index.html"):
        notice = soup(output / listing).select_one(".listing__empty")
        assert notice.get_text(" ", strip=True).startswith("ขณะนี้ไม่มีรายการที่ยังมีผลใน"), listing
        assert notice.a.get_text() == "คลังข่าว"
    for feed in ("feeds/category/announcements.atom.xml", "feeds/category/announcements.rss.xml"):
        parsed = feedparser.parse((output / feed).read_bytes())
        assert not parsed.bozo and parsed.entries == [], feed
    # Every link on the expired page leads somewhere (this small site has no office pages: the
    # theme's links to them are reported, and nothing else).
    checked = site.run("check").stderr.splitlines()
    assert nonempty(checked) and not [line for line in checked if line.startswith("news/")], checked


def test_status_lists_drafts_scheduled_expiring_and_expired(site):
    site.news("recruit", ANNOUNCEMENT)
    site.news("december", SCHEDULED)
    site.news("old", "Title: ประกาศเก่า\nDate: 2026-01-05\nCategory: ประกาศ\nSlug: old\nExpires: 2026-02-01")
    site.news("draft", "Title: ร่างข่าว\nDate: 2026-11-10\nCategory: ประกาศ\nSlug: draft\nStatus: draft")
    at(site, "2026-11-20 09:00")
    result = site.run("status")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "drafts (Status: draft; not published): 1",
        "  content/news/2569/draft.md  ร่างข่าว",
        "scheduled (published by the first build on or after the date): 1",
        "  2026-12-01 08:30  content/news/2569/december.md  ประชุมเดือนธันวาคม",
        "expiring within 14 days: 1",
        "  2026-11-27  content/news/2569/recruit.md  รับสมัครนักการภารโรง",
        "expired (gone from current listings, feeds, search and e-news; page and archive entry kept): 1",
        "  2026-02-01  content/news/2569/old.md  ประกาศเก่า",
    ]
