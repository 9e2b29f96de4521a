"""One rule for absolute addresses (office_site.absolute_url, absolute_addresses): the web pages'
canonical and share addresses, the feeds and the e-mail all carry the same address for the same page
or file: the site's own pages without index.html, Thai and spaces percent-encoded."""

from __future__ import annotations

import html
import re

import pytest

from plugins.office_site import absolute_addresses, absolute_url

SITE_URL = "https://takpeo1.example.go.th"
SETTINGS = {"OFFICE_SITE_URL": SITE_URL}
REPORT = "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99"  # รายงาน


@pytest.mark.parametrize("url, absolute", [
    ("news/2569/meeting/", f"{SITE_URL}/news/2569/meeting/"),
    ("/news/2569/meeting/index.html", f"{SITE_URL}/news/2569/meeting/"),
    ("index.html", f"{SITE_URL}/"),
    ("news/myindex.html", f"{SITE_URL}/news/myindex.html"),  # only a whole index.html is the folder's page
    ("about/index.html#contact", f"{SITE_URL}/about/#contact"),
    ("files/รายงาน ปี 2569.pdf", f"{SITE_URL}/files/{REPORT}%20%E0%B8%9B%E0%B8%B5%202569.pdf"),
    (f"files/{REPORT}.pdf", f"{SITE_URL}/files/{REPORT}.pdf"),  # already encoded: never twice
    ("https://www.facebook.com/takpeo1", "https://www.facebook.com/takpeo1"),
    (f"{SITE_URL}/feeds/index.html", f"{SITE_URL}/feeds/"),
    ("https://th.wikipedia.org/wiki/ตาก", "https://th.wikipedia.org/wiki/%E0%B8%95%E0%B8%B2%E0%B8%81"),
    ("https://example.org/index.html", "https://example.org/index.html"),  # another site's page is its own business
    ("//cdn.example.org/a.js", "https://cdn.example.org/a.js"),
])
def test_absolute_url(url, absolute):
    assert absolute_url(SETTINGS, url) == absolute


BASE = f"{SITE_URL}/news/2569/meeting/"


@pytest.mark.parametrize("markup, absolute", [
    ('<a href="../other/">x</a>', f'<a href="{SITE_URL}/news/2569/other/">x</a>'),
    ('<a href="/files/รายงาน.pdf">x</a>', f'<a href="{SITE_URL}/files/{REPORT}.pdf">x</a>'),
    ('<img src="photo.jpg" alt="">', f'<img src="{BASE}photo.jpg" alt="">'),
    ('<a href="#agenda">x</a>', f'<a href="{BASE}#agenda">x</a>'),
    ('<a href="/about/index.html?a=1&amp;b=2">x</a>', f'<a href="{SITE_URL}/about/?a=1&amp;b=2">x</a>'),
    ('<a href="&#109;ailto:pr@takpeo1.go.th">x</a>', '<a href="&#109;ailto:pr@takpeo1.go.th">x</a>'),  # as written
    ('<a href="tel:055511111">x</a>', '<a href="tel:055511111">x</a>'),
    ('<p>href="not/a/link"</p>', '<p>href="not/a/link"</p>'),
])
def test_absolute_addresses(markup, absolute):
    assert absolute_addresses(markup, BASE, SETTINGS) == absolute


def test_a_photo_can_be_swapped_for_its_rendition_by_its_path_on_the_site():
    swapped = absolute_addresses('<img src="/images/ภาพ.jpg"><a href="/images/ภาพ.jpg">x</a>', BASE, SETTINGS,
                                 image=lambda path: f"{SITE_URL}/media/r.jpg" if path == "images/ภาพ.jpg" else None)
    assert swapped == f'<img src="{SITE_URL}/media/r.jpg"><a href="{SITE_URL}/images/%E0%B8%A0%E0%B8%B2%E0%B8%9E.jpg">x</a>'


ISSUE = ("Title: จดหมายข่าว ฉบับที่ 11/2569\nNumber: 11/2569\nDate: 2026-11-20\n\n"
         "อ่าน[รายงานประจำปี](/files/รายงาน.txt) และ[ข่าวประชุม](../../news/2569/meeting/index.html) "
         "หรือเขียนถึง[ฝ่ายประชาสัมพันธ์](mailto:news@takpeo1.example.go.th)\n")


def test_the_feed_and_the_email_carry_the_same_addresses_as_the_site(site):
    site.write("content/files/รายงาน.txt", "รายงานประจำปี\n")
    site.news("meeting", "Title: ประชุมผู้บริหาร\nDate: 2026-11-18 09:30\nCategory: ข่าวประชาสัมพันธ์\nSlug: meeting")
    site.write("content/enews/2569-11.md", ISSUE)
    result = site.run("build")
    assert result.exit_code == 0, result.output
    feed = html.unescape(site.read("output/feeds/enews.atom.xml"))  # the entry's HTML, as a feed reader shows it
    email = site.read("cache/enews/2569-11/email.html")
    for address in (f"{SITE_URL}/files/{REPORT}.txt", f"{SITE_URL}/news/2569/meeting/"):
        assert f'href="{address}"' in email, address
        assert f'href="{address}"' in feed, address
    assert not re.search(r"index\.html|รายงาน\.pdf", email + feed)
    assert email.count('href="mailto:news@takpeo1.example.go.th"') == feed.count('href="mailto:news@takpeo1.example.go.th"') == 1
