"""Publishing over time: drafts, scheduled news and announcements that expire, as the public sees them."""

from pathlib import Path

from bs4 import BeautifulSoup


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
    for listing in ("index.html", "category/announcements/index.html", "news/2569/index.html", "news/2569/11/index.html"):
        text = (output / listing).read_text(encoding="utf-8")
        assert "รับสมัครนักการภารโรง" not in text, listing
        assert "ข่าวอื่น" in text, listing
    for feed in output.glob("feeds/**/*.xml"):
        assert "รับสมัครนักการภารโรง" not in feed.read_text(encoding="utf-8"), feed


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
        "expired (hidden from listings, feeds, search and e-news; page kept): 1",
        "  2026-02-01  content/news/2569/old.md  ประกาศเก่า",
    ]
