"""The PR network registry as the public and the officer see it: directory, member pages, JSON,
coverage, aggregated school news, and the `prsite network` commands."""

import csv
import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO

MEMBERS = REPO / "content/network/members.csv"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def sample_rows() -> list[dict]:
    with open(MEMBERS, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_directory_groups_members_by_district_with_their_channels(sample_site):
    page = soup(sample_site / "network/index.html")
    districts = [h.get_text().split(" (")[0] for h in page.select(".network-group h2")]
    assert districts[:4] == ["อำเภอเมืองตาก", "อำเภอบ้านตาก", "อำเภอสามเงา", "อำเภอวังเจ้า"]
    cards = page.select(".network-card")
    assert len(cards) == len(sample_rows())
    anuban = next(c for c in cards if c.h3.get_text() == "โรงเรียนอนุบาลตาก")
    links = {a.get_text().strip(): a["href"] for a in anuban.select(".member-channels a")}
    assert links["Facebook"] == "https://www.facebook.com/anubantak.example"
    assert links["LINE @anubantak"] == "https://line.me/R/ti/p/%40anubantak"


def test_member_page_lists_the_news_that_names_it(sample_site):
    page = soup(sample_site / "network/anuban-tak/index.html")
    assert page.h1.get_text() == "โรงเรียนอนุบาลตาก"
    titles = [a.get_text() for a in page.select(".news-card__link")]
    named = [p for p in (REPO / "content/news").rglob("*.md")
             if "anuban-tak" in p.read_text(encoding="utf-8").split("\n\n")[0]
             and "Status: draft" not in p.read_text(encoding="utf-8")]
    assert len(titles) == len(named) > 0


def test_members_json_has_public_fields_only(sample_site):
    records = {r["id"]: r for r in json.loads((sample_site / "network/members.json").read_text(encoding="utf-8"))}
    for row in sample_rows():
        record = records[row["id"]]
        assert "personal_email" not in record and "personal_phone" not in record
        assert ("coordinator_name" in record) == (row["coordinator_public"] == "yes" and bool(row["coordinator_name"]))
        assert record["name"] == row["name"]


def test_coverage_page_totals_match_the_registry(sample_site):
    page = soup(sample_site / "network/coverage/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    total = page.select_one(".coverage__total")
    rows = sample_rows()
    cells = [td.get_text().split(" ")[0] for td in total.find_all("td")]
    assert cells[0] == str(len(rows))
    assert cells[1] == str(sum(1 for r in rows if r["website"]))  # มีเว็บไซต์
    assert cells[5] == str(sum(1 for r in rows if r["trained_website"]))  # อบรมช่องทางเว็บไซต์แล้ว
    assert "network/coverage/" not in (sample_site / "sitemap.xml").read_text()


def test_report_prints_a_table_and_writes_csv(site):
    site.members(
        "a,โรงเรียนเอ,school,เมืองตาก,1063010001,,,no,,,,,https://a.example.ac.th/,,,,yes,,2026-01-10,,",
        "b,โรงเรียนบี,school,บ้านตาก,1063010002,,,no,,,,,,https://www.facebook.com/b,,,no,,,,",
    )
    result = site.run("network", "report", "--csv", "coverage.csv")
    assert result.exit_code == 0, result.output
    assert "PR network coverage (2 members)" in result.stdout
    with open(site.root / "coverage.csv", encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    assert table[0][:4] == ["district", "members", "website", "facebook"]
    assert table[1][:4] == ["เมืองตาก", "1", "1", "0"] and table[-1][:4] == ["รวม", "2", "1", "1"]


def test_report_refuses_a_broken_registry(site):
    site.members("x,โรงเรียน,temple,เมืองตาก,,,,no,,,,,,,,,no,,,,")
    result = site.run("network", "report")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/network/members.csv:2: type: 'temple' is not a member type (use one of: school, agency, media, internal)",
        "Error: the registry has mistakes; fix the lines above",
    ]


# --- school news from members' own feeds, served on 127.0.0.1 -------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>โรงเรียนเอ</title><link>http://127.0.0.1/</link><description>ข่าว</description>
<item><title>นักเรียนโรงเรียนเอคว้ารางวัลเหรียญทอง</title><link>http://127.0.0.1/news/1</link>
<pubDate>Tue, 17 Nov 2026 09:00:00 +0700</pubDate>
<description><![CDATA[<p>ข่าวดี<script>alert(1)</script><img src=x onerror=alert(1)></p>]]></description></item>
</channel></rss>"""


@pytest.fixture
def feed_server(tmp_path):
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "ok.html").write_text("ok", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_fetched_school_news_appear_sanitised_on_the_site(site, feed_server):
    site.members(f"a,โรงเรียนเอ,school,เมืองตาก,1063010001,,,no,,,,,,,,{feed_server}/feed.xml,yes,,,,")
    fetched = site.run("network", "fetch")
    assert fetched.exit_code == 0, fetched.output
    assert fetched.stdout.strip() == "fetched 1 feeds: 1 updated, 0 not modified, 0 failed"
    assert site.run("build").exit_code == 0
    page = soup(site.root / "output/network/school-news/index.html")
    item = page.select_one(".school-news__item")
    assert item.h2.get_text() == "นักเรียนโรงเรียนเอคว้ารางวัลเหรียญทอง"
    assert "rel" in item.h2.a.attrs and {"nofollow", "noopener"} <= set(item.h2.a["rel"])
    summary = str(item.select_one(".school-news__summary"))
    assert "ข่าวดี" in summary and "<script" not in summary and "onerror" not in summary
    home = soup(site.root / "output/index.html")
    assert home.select_one("#school-feeds") and "โรงเรียนเอ" in home.select_one(".school-news").get_text()


def test_a_dead_feed_is_one_line_and_not_a_failure(site, feed_server):
    site.members(f"a,โรงเรียนเอ,school,เมืองตาก,1063010001,,,no,,,,,,,,{feed_server}/missing.xml,yes,,,,")
    result = site.run("network", "fetch")
    assert result.exit_code == 0
    assert result.stderr.strip() == f"a: {feed_server}/missing.xml: HTTP 404 (no earlier copy)"


def test_check_links_reports_dead_links_and_exits_1(site, feed_server):
    site.members(f"a,โรงเรียนเอ,school,เมืองตาก,1063010001,,,no,,,,,{feed_server}/ok.html,,,{feed_server}/gone.xml,yes,,,,")
    result = site.run("network", "check-links")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"content/network/members.csv: a: feed_url: {feed_server}/gone.xml HTTP 404"
    assert result.stdout.strip() == "checked 2 links: 1 dead"


def test_every_member_page_links_its_own_feed(sample_site):
    """Schools, agencies and media alike: news that names a member is a feed it can subscribe to."""
    for row in sample_rows():
        page = soup(sample_site / "network" / row["id"] / "index.html")
        feeds = [link["href"] for link in page.find_all("link", rel="alternate")]
        assert feeds and all(f"/feeds/school/{row['id']}." in href for href in feeds), row["id"]
        assert (sample_site / "feeds/school" / f"{row['id']}.atom.xml").is_file()
