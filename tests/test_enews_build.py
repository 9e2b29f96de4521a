"""The e-news (จดหมายข่าว): which news an issue carries, its web version and archive, and the
e-mail files the sender (prsite enews send) takes from the build: email.html for mail programs,
email.txt, message.json. Small sites for the rules; the sample office for what is shipped."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from pelican import signals

from browser import run_nu_checker
from conftest import REPO, nonempty
from plugins.enews import UNSUBSCRIBE_TOKEN, issue_paths
from plugins.thai_text.thaitext import columns
from publish import pipeline
from publish.enews import send as enews_send
from publish.enews import subscribers

SITE_URL = "https://takpeo1.example.go.th"
SAMPLE_MAIL = REPO / "cache/enews"  # where the sample office's build writes its e-mail files (ENEWS_MAIL_PATH)
ISSUE = "content/enews/2569-11.md"
ISSUE_META = "Title: จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569\nNumber: 11/2569\nDate: 2026-11-20\n"


@pytest.fixture
def site(site):
    """A small site whose "now" is after every date below: each news item is published, and
    announcements that expired since an issue's date are still in that issue."""
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nCONTENT_MODEL_NOW = "2027-01-15 12:00"\n', encoding="utf-8")
    return site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def enews_lines(result) -> list[str]:
    """What the build said about e-news files, one line each."""
    return [line for line in result.stderr.splitlines() if "content/enews/" in line]


def issue(site, meta: str = ISSUE_META, body: str = "บทบรรณาธิการประจำเดือน", name: str = "2569-11"):
    return site.write(f"content/enews/{name}.md", meta + "\n" + body + "\n")


def carried(site, slug: str = "2569-11") -> list[tuple[str, list[str]]]:
    """(section, [news titles]) of a built issue's web version, in order."""
    page = soup(site.root / f"output/enews/{slug}/index.html")
    return [(section.h2.get_text(), [a.get_text() for a in section.select(".news-card__link")])
            for section in page.select(".enews__section")]


# --- which news an issue carries ------------------------------------------------------------

def test_an_issue_carries_the_news_of_its_month_grouped_by_section(site):
    news = {
        "notice": "Title: ประกาศรับสมัคร\nDate: 2026-11-03\nCategory: ประกาศ",
        "meeting": "Title: ประชุมผู้บริหาร\nDate: 2026-11-18 09:30\nCategory: ข่าวประชาสัมพันธ์",
        "camp": "Title: ค่ายภาษาอังกฤษ\nDate: 2026-11-01 00:15\nCategory: ข่าวประชาสัมพันธ์\nEnews: yes",
        "holiday": "Title: ประกาศวันหยุด\nDate: 2026-11-10\nCategory: ประกาศ\nEnews: no",
        "draft": "Title: ข่าวร่าง\nDate: 2026-11-12\nCategory: ข่าวกิจกรรม\nStatus: draft",
        "expired": "Title: ประกาศหมดอายุ\nDate: 2026-11-02\nCategory: ประกาศ\nExpires: 2026-11-19",
        "last-day": "Title: ประกาศวันสุดท้าย\nDate: 2026-11-04\nCategory: ประกาศ\nExpires: 2026-11-20",
        "october": "Title: ข่าวเดือนตุลาคม\nDate: 2026-10-31 23:30\nCategory: ข่าวประชาสัมพันธ์",
        "december": "Title: ข่าวเดือนธันวาคม\nDate: 2026-12-01\nCategory: ข่าวประชาสัมพันธ์",
    }
    for name, meta in news.items():
        site.news(name, meta + f"\nSlug: {name}")
    issue(site)
    result = site.run("build")
    assert result.exit_code == 0, result.output
    # Sections in CONTENT_MODEL_CATEGORIES order, newest first within each; Thailand's calendar days.
    assert carried(site) == [
        ("ข่าวประชาสัมพันธ์", ["ประชุมผู้บริหาร", "ค่ายภาษาอังกฤษ"]),
        ("ประกาศ", ["ประกาศวันสุดท้าย", "ประกาศรับสมัคร"]),
    ]
    text = site.read("cache/enews/2569-11/email.txt")
    for left_out in ("ประกาศวันหยุด", "ข่าวร่าง", "ประกาศหมดอายุ", "ข่าวเดือนตุลาคม", "ข่าวเดือนธันวาคม"):
        assert left_out not in text


def test_picks_replace_the_automatic_choice_in_the_officers_order(site):
    site.news("a", "Title: ข่าวเอ\nDate: 2026-11-03\nCategory: ข่าวกิจกรรม\nSlug: news-a")
    site.news("b", "Title: ข่าวบี\nDate: 2026-09-03\nCategory: ข่าวกิจกรรม\nSlug: news-b\nEnews: no")
    site.news("c", "Title: ข่าวซี\nDate: 2026-11-04\nCategory: ข่าวประชาสัมพันธ์\nSlug: news-c")
    issue(site, ISSUE_META + "Picks: news-b, news-a\n")
    assert site.run("build").exit_code == 0
    assert carried(site) == [("ข่าวกิจกรรม", ["ข่าวบี", "ข่าวเอ"])]


def test_a_period_can_be_any_range_and_names_the_issue(site):
    site.news("early", "Title: ข่าวต้นเดือน\nDate: 2026-11-03\nCategory: ประกาศ\nSlug: early")
    site.news("late", "Title: ข่าวปลายเดือน\nDate: 2026-11-25\nCategory: ประกาศ\nSlug: late")
    issue(site, ISSUE_META + "Period_start: 1/11/2569\nPeriod_end: 15/11/2569\n", name="2569-11-first-half")
    assert site.run("build").exit_code == 0
    assert carried(site, "2569-11-first-half") == [("ประกาศ", ["ข่าวต้นเดือน"])]
    message = json.loads(site.read("cache/enews/2569-11-first-half/message.json"))
    assert message["subject"] == "จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569 ประจำวันที่ 1–15 พฤศจิกายน 2569"


@pytest.mark.parametrize("name, meta, line", [
    ("2569-11", ISSUE_META.replace("Number: 11/2569", "Number: 11"),
     f"{ISSUE}: Number: '11' is not an issue number (use number/BE year, e.g. 11/2569)"),
    ("2569-11", ISSUE_META + "Picks: no-such-news\n",
     f"{ISSUE}: Picks: 'no-such-news' is not the slug of any published news item"),
    ("2569-11", ISSUE_META + "Picks: unfinished\n",
     f"{ISSUE}: Picks: 'unfinished' is a draft (publish it, or take it out of Picks)"),
    ("2569-11", ISSUE_META + "Period_start: 2026-11-20\nPeriod_end: 2026-11-10\n",
     f"{ISSUE}: Period_end: '2026-11-10' is before Period_start '2026-11-20'"),
    ("november", ISSUE_META + "Period_end: 2026-11-30\n",
     "content/enews/november.md: Period_start: missing (the file name 'november' names no month; "
     "name the file <BE year>-<month>.md, e.g. 2569-11.md, or add a line 'Period_start: 2026-11-01')"),
    ("2569-11", ISSUE_META + "Editor: ผอ.\n",
     f"{ISSUE}:4: Editor: unknown field (did you mean 'Editorial_by'?)"),
], ids=["number", "unknown-pick", "draft-pick", "period-backwards", "no-month", "typo-field"])
def test_issue_mistakes_are_one_line_each(site, name, meta, line):
    site.news("unfinished", "Title: ข่าวร่าง\nDate: 2026-11-12\nCategory: ประกาศ\nSlug: unfinished\nStatus: draft")
    site.news("published", "Title: ข่าว\nDate: 2026-11-12\nCategory: ประกาศ\nSlug: published")
    issue(site, meta, name=name)
    result = site.run("build")
    assert result.exit_code == 1
    assert enews_lines(result) == [line]


def test_two_issues_with_one_number_name_the_other_file(site):
    site.news("item", "Title: ข่าว\nDate: 2026-11-12\nCategory: ประกาศ\nSlug: item")
    issue(site)
    issue(site, ISSUE_META.replace("Date: 2026-11-20", "Date: 2026-11-25"), name="2569-11-again")
    result = site.run("build")
    assert result.exit_code == 1
    assert enews_lines(result) == [
        "content/enews/2569-11-again.md: Number: '11/2569' is also the number of content/enews/2569-11.md"]


def test_an_issue_without_news_is_a_warning(site):
    issue(site)
    result = site.run("build", "--strict")
    assert result.exit_code == 1
    assert enews_lines(result) == [f"warning: {ISSUE}: Picks: none, and no news from 2026-11-01 to 2026-11-30 "
                                   "is for the e-news (the issue has only its editorial)"]


def test_an_email_over_the_limit_stops_the_build_naming_the_issue(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nENEWS_MAX_EMAIL_BYTES = 5_000\n", encoding="utf-8")
    site.news("item", "Title: ข่าว\nDate: 2026-11-12\nCategory: ประกาศ\nSlug: item")
    issue(site)
    result = site.run("build")
    assert result.exit_code == 1
    [line] = enews_lines(result)
    assert re.fullmatch(rf"{ISSUE}: email\.html: [\d,]+ bytes, over ENEWS_MAX_EMAIL_BYTES \(5,000\); Gmail clips "
                        r"larger messages \(carry fewer news with Picks:, or shorten the editorial\)", line), line
    assert not (site.root / "output").exists()
    assert not (site.root / "cache/enews/2569-11").exists()  # nothing to send by mistake


def test_issues_are_in_the_context_newest_first_for_the_feeds(site):
    site.news("item", "Title: ข่าว\nDate: 2026-10-12\nCategory: ประกาศ\nSlug: item")
    issue(site, ISSUE_META.replace("11/2569", "10/2569").replace("2026-11-20", "2026-11-05"), name="2569-10")
    issue(site, ISSUE_META + "Picks: item\n")
    issue(site, ISSUE_META.replace("11/2569", "12/2569") + "Status: draft\n", name="2569-12")
    seen = {}
    capture = lambda generators: seen.update(issues=list(generators[0].context["enews_issues"]))  # noqa: E731
    signals.all_generators_finalized.connect(capture)
    try:
        assert site.run("build").exit_code == 0
    finally:
        signals.all_generators_finalized.disconnect(capture)
    assert [i.slug for i in seen["issues"]] == ["2569-11", "2569-10"]
    assert seen["issues"][1].url == "enews/2569-10/"
    assert not (site.root / "output/enews/2569-12").exists()  # a draft is never written


# --- the sample office: web version and archive ------------------------------------------------

SAMPLE_ISSUES = ["2569-11", "2569-10"]


def test_archive_lists_every_issue_newest_first(sample_site):
    page = soup(sample_site / "enews/index.html")
    assert page.h1.get_text() == "จดหมายข่าวอิเล็กทรอนิกส์"
    links = [a["href"] for a in page.select(".enews-archive__title a")]
    assert [href.strip("./").split("/")[-1] for href in links] == SAMPLE_ISSUES
    assert page.select_one(".enews-archive__meta").get_text(" ", strip=True).startswith("ประจำเดือนพฤศจิกายน 2569")
    home = soup(sample_site / "index.html")
    assert "enews/" in [a["href"].removeprefix("./") for a in home.select(".quick-links__link")]


def test_issue_page_has_the_editorial_and_news_with_photo_date_section_and_link(sample_site):
    page = soup(sample_site / "enews/2569-11/index.html")
    assert page.h1.get_text() == "จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569"
    assert page.find("link", rel="canonical")["href"] == f"{SITE_URL}/enews/2569-11/"
    editorial = page.select_one(".enews__editorial")
    assert "มอบนโยบายประจำปีงบประมาณ พ.ศ. 2570" in editorial.get_text()
    assert editorial.select_one(".enews__signature").get_text() == "นายวีระพงษ์ ศรีสุวรรณ ผู้อำนวยการ สพป.ตาก เขต 1"
    sections = [s.h2.get_text() for s in page.select(".enews__section")]
    assert sections == ["ข่าวประชาสัมพันธ์", "ข่าวกิจกรรม", "ข่าวผู้บริหาร"]
    cards = page.select(".enews__section .news-card")
    assert len(cards) == 3
    for card in cards:
        assert re.fullmatch(r"\d{1,2} \S+ 2569", card.time.get_text())
        assert card.select_one(".news-card__section").get_text() in sections
        assert card.select_one(".news-card__excerpt").get_text()
        assert "news/2569/" in card.select_one(".news-card__link")["href"]
    assert page.select(".enews__section .news-card img[alt]")


# --- the sample office: the e-mail -----------------------------------------------------------------

@pytest.fixture(scope="module", params=SAMPLE_ISSUES)
def email(request, sample_site):
    folder = SAMPLE_MAIL / request.param
    return {
        "slug": request.param,
        "html": (folder / "email.html").read_text(encoding="utf-8"),
        "text": (folder / "email.txt").read_text(encoding="utf-8"),
        "message": json.loads((folder / "message.json").read_text(encoding="utf-8")),
        "folder": folder,
        "page": soup(sample_site / "enews" / request.param / "index.html"),
    }


def test_email_html_is_under_the_gmail_clipping_size(email):
    size = len(email["html"].encode("utf-8"))
    assert size < 100_000
    assert email["message"]["bytes"] == size


def test_every_image_has_width_height_and_alt(email):
    images = BeautifulSoup(email["html"], "html.parser").find_all("img")
    assert len(images) >= 2  # the logo and at least one news photo
    for image in images:
        assert image.get("width", "").isdigit() and image.get("height", "").isdigit(), image
        assert image.get("alt") is not None, image
        assert urlsplit(image["src"]).path.endswith(".jpg"), image  # every mail program shows JPEG


def test_every_address_is_absolute(email):
    mail = BeautifulSoup(email["html"], "html.parser")
    addresses = [a["href"] for a in mail.find_all(href=True)] + [i["src"] for i in mail.find_all(src=True)]
    assert addresses
    for address in addresses:
        if address.startswith("mailto:") or address == UNSUBSCRIBE_TOKEN:
            continue
        assert urlsplit(address).scheme in ("http", "https") and urlsplit(address).netloc, address


def test_styles_are_inline_with_only_media_rules_left_in_a_style_block(email):
    mail = BeautifulSoup(email["html"], "html.parser")
    assert not mail.find("link", rel="stylesheet") and not mail.find("script")
    styled = mail.body.find_all(style=True)
    assert len(styled) > 30
    assert "Sarabun" in mail.find("td")["style"] and "Noto Sans Thai" in mail.find("td")["style"]
    [block] = mail.find_all("style")
    rules = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^}]*\})*\s*\}", "", block.string)
    assert re.sub(r"\[data-ogs[bc]\][^{]*\{[^}]*\}", "", rules).strip() == ""  # @media and Outlook.com's dark mode
    assert "prefers-color-scheme: dark" in block.string and "max-width: 620px" in block.string
    assert mail.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"


def test_layout_is_tables_for_mail_programs(email):
    mail = BeautifulSoup(email["html"], "html.parser")
    assert mail.html["lang"] == "th"
    tables = mail.find_all("table")
    assert tables and all(t.get("role") == "presentation" for t in tables)
    assert "max-width:600px" in mail.select_one(".mail-frame")["style"]
    assert "<!--[if mso]><table role=\"presentation\" width=\"600\"" in email["html"]  # Outlook for Windows


def test_preheader_view_on_website_and_unsubscribe(email):
    mail = BeautifulSoup(email["html"], "html.parser")
    preheader = mail.body.find("div")
    assert "display:none" in preheader["style"]
    assert preheader.get_text().startswith(email["message"]["preheader"])
    first_link = mail.body.find("a")
    assert first_link.get_text() == "อ่านบนเว็บไซต์"
    assert first_link["href"] == email["message"]["url"] == f"{SITE_URL}/enews/{email['slug']}/"
    for version in (email["html"], email["text"]):
        assert version.count(UNSUBSCRIBE_TOKEN) == 1
        assert version.count("{{") == 1 and "{%" not in version  # nothing else is left to fill in
    assert mail.find("a", href=UNSUBSCRIBE_TOKEN).get_text() == "ยกเลิกการรับจดหมายข่าว"


def test_email_carries_what_the_web_version_carries_in_thai(email):
    mail = BeautifulSoup(email["html"], "html.parser")
    web_titles = [a.get_text() for a in email["page"].select(".enews__section .news-card__link")]
    mail_titles = [a.get_text() for a in mail.select(".mail-item__link")]
    assert mail_titles == web_titles
    assert mail.h1.get_text() == email["page"].h1.get_text()
    assert "ฉบับที่" in mail.h1.get_text() and "�" not in email["html"] + email["text"]


def test_text_version_has_each_title_date_and_link(email):
    mail = BeautifulSoup(email["html"], "html.parser")
    text = email["text"]
    for link in nonempty(mail.select(".mail-item__link")):
        assert f"* {link.get_text()}".replace(" ", "") in re.sub(r"\s", "", text)  # lines may be wrapped
        assert f"\n  {link['href']}\n" in text
    assert re.search(r"^ {2}\d{1,2} \S+ 2569$", text, re.M)
    assert f"อ่านบนเว็บไซต์: {email['message']['url']}" in text


def test_text_lines_fit_72_columns_and_break_between_thai_words(email):
    for line in nonempty(email["text"].splitlines()):
        if columns(line) > 72:
            assert len(line.split()) == 1 or re.search(r"https?://\S+$", line), line  # an address is never broken
        assert not re.match(r"\s*[\u0e30-\u0e3a\u0e45-\u0e4e]", line), line  # no line starts with a vowel or mark


def test_text_never_breaks_an_abbreviation(email):
    text = email["text"]
    assert text.count("สพป.") >= 2  # the footer and the news
    assert not re.search(r"ส\n\s*พป\.", text)
    assert not re.search(r"^\s*(?:พป\.|ศ\.)", text, re.M), text
    assert re.search(r"^(?:.*\s)?สพป\.ตาก เขต 1$", text, re.M)  # the footer names the office whole


def test_message_json_is_what_the_sender_needs(email):
    message = email["message"]
    assert list(message) == ["issue", "number", "subject", "preheader", "url", "html", "text", "bytes"]
    number = email["slug"].split("-")[1] + "/2569"
    assert message["issue"] == email["slug"] and message["number"] == number
    month = {"2569-11": "พฤศจิกายน", "2569-10": "ตุลาคม"}[email["slug"]]
    assert message["subject"] == f"จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ {number} ประจำเดือน{month} 2569"
    assert message["html"] == "email.html" and message["text"] == "email.txt"


def test_email_html_is_valid_once_the_sender_fills_in_the_unsubscribe_link(email, tmp_path):
    filled = tmp_path / "email.html"
    filled.write_text(email["html"].replace(UNSUBSCRIBE_TOKEN, f"{SITE_URL}/unsubscribe/?t=abc"), encoding="utf-8")
    assert run_nu_checker([filled], tmp_path) == []


def sent_message(email) -> bytes:
    """The issue as one subscriber gets it: prsite enews send's compose() on the built files."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        config = enews_send.configure(pipeline.load_settings("pelicanconf.py") | {
            "ENEWS_UNSUBSCRIBE_URL": f"{SITE_URL}/enews/unsubscribe?address={{address}}&token={{token}}"})
    finally:
        os.chdir(cwd)
    issue = enews_send.load_issue(str(email["folder"].parent), email["slug"])
    recipient = subscribers.Recipient("saraban@anubantak.example.ac.th", "โรงเรียนอนุบาลตาก", "anuban-tak")
    key = b"0" * 32
    return enews_send.compose(issue, recipient, enews_send.message_id(key, issue.id, recipient.address, "example.go.th"),
                              config, key)


SPAMASSASSIN = shutil.which("spamassassin")


@pytest.mark.skipif(not SPAMASSASSIN, reason="spamassassin is not installed (.ci/system-deps installs it)")
def test_spamassassin_scores_the_sent_message_at_zero(email, tmp_path):
    report = subprocess.run([SPAMASSASSIN, "-L", "-t"], input=sent_message(email), capture_output=True, timeout=120,
                            env={**os.environ, "HOME": str(tmp_path)}).stdout.decode("utf-8", "replace")
    score = re.search(r"Content analysis details: +\((-?\d+(?:\.\d+)?) points", report)
    assert score, report[-2000:]
    rules = re.findall(r"^ *-?\d+\.\d+ ([A-Z0-9_]+) ", report[score.end():], re.M)
    assert "HTML_FONT_LOW_CONTRAST" not in rules
    assert float(score[1]) <= 0.5, rules


def test_the_send_only_files_are_never_published(sample_site):
    """email.html and email.txt carry {{UNSUBSCRIBE_URL}} for the sender: they stay in cache/enews/."""
    published = [path for path in sample_site.rglob("*") if path.is_file()]
    assert (sample_site / "enews/2569-11/index.html") in published and (SAMPLE_MAIL / "2569-11/email.html").is_file()
    assert not [path for path in published if path.name in ("email.html", "email.txt", "message.json")]
    assert not [path for path in published if UNSUBSCRIBE_TOKEN.encode() in path.read_bytes()]
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}/enews/2569-11/</loc>" in sitemap and "email.html" not in sitemap


# --- for publish/: finding an issue's files ------------------------------------------------------

def test_issue_paths_by_slug_file_or_number(sample_site):
    expected = {"html": str(SAMPLE_MAIL / "2569-11/email.html"),
                "text": str(SAMPLE_MAIL / "2569-11/email.txt"),
                "message": str(SAMPLE_MAIL / "2569-11/message.json")}
    for name in ("2569-11", "content/enews/2569-11.md", "11/2569", "๑๑/๒๕๖๙"):
        assert issue_paths(str(SAMPLE_MAIL), name) == expected


def test_issue_paths_names_the_built_issues_when_there_is_no_such_issue(sample_site, tmp_path):
    with pytest.raises(ValueError) as raised:
        issue_paths(str(SAMPLE_MAIL), "2569-12")
    assert str(raised.value) == (f"2569-12: no such e-news issue in {SAMPLE_MAIL} "
                                 "(built: 2569-11 (11/2569), 2569-10 (10/2569))")
    with pytest.raises(ValueError, match=r"^2569-12: no e-news issue is built in .* \(run prsite build first\)$"):
        issue_paths(str(tmp_path), "2569-12")
