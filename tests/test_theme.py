"""The theme as the public, Facebook/LINE and search engines receive it (no browser needed)."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import news_pages, nonempty
from plugins.pii_guard.tests.minipdf import minimal_pdf

SITE_URL = "https://takpeo1.example.go.th"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in page.find_all("script", type="application/ld+json")]


def test_every_page_has_canonical_and_open_graph(sample_site):
    for path in nonempty(sorted(sample_site.rglob("*.html"))):
        page = soup(path)
        canonical = page.find("link", rel="canonical")["href"]
        assert canonical.startswith(SITE_URL + "/"), (path, canonical)
        og = {tag["property"]: tag["content"] for tag in page.find_all("meta", property=re.compile("^og:"))}
        assert og["og:url"] == canonical and og["og:title"] and og["og:locale"] == "th_TH", path
        assert page.find("meta", attrs={"name": "twitter:card"}), path


def test_canonical_of_a_news_item_is_its_address(sample_site):
    path = news_pages(sample_site)[0]
    relative = path.parent.relative_to(sample_site).as_posix()
    assert soup(path).find("link", rel="canonical")["href"] == f"{SITE_URL}/{relative}/"


def test_no_resource_is_loaded_from_another_site(sample_site):
    """Fonts, styles, scripts and images are all ours: no CDN, no tracker."""
    for path in nonempty(sorted(sample_site.rglob("*.html"))):
        page = soup(path)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "srcset")):
            for element in page.find_all(tag):
                value = element.get(attribute)
                if not value or (tag == "link" and element.get("rel") in (["canonical"], ["alternate"])):
                    continue
                assert not urlsplit(value).netloc, f"{path}: <{tag} {attribute}={value}> loads from another site"


def test_home_describes_the_office_as_json_ld(sample_site):
    (organisation,) = json_ld(soup(sample_site / "index.html"))
    assert organisation["@type"] == "GovernmentOrganization"
    assert organisation["name"] == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1"
    assert organisation["url"] == SITE_URL + "/"
    assert re.fullmatch(rf"{SITE_URL}/media/\w+/logo-256\.jpg", organisation["logo"])  # a clean copy, not the original
    assert organisation["address"]["addressCountry"] == "TH"


def test_news_item_is_a_news_article_in_json_ld(sample_site):
    for path in news_pages(sample_site):
        (article,) = json_ld(soup(path))
        assert article["@type"] == "NewsArticle"
        assert article["headline"] == soup(path).h1.get_text()
        assert article["datePublished"].endswith("+07:00")
        assert article["inLanguage"] == "th"


def test_every_news_item_has_a_1200x630_share_image(sample_site):
    """Facebook and LINE show og:image: a crop of the item's photo, or a card with its title."""
    from PIL import Image

    crops = cards = 0
    for path in news_pages(sample_site):
        page = soup(path)
        og_image = page.find("meta", property="og:image")["content"]
        assert og_image.startswith(SITE_URL + "/media/"), og_image
        with Image.open(sample_site / og_image.removeprefix(SITE_URL + "/")) as shared:
            assert shared.size == (1200, 630)
        if page.select_one(".news-item__figure"):
            assert og_image.endswith("-share.jpg")
            crops += 1
        else:
            assert "/media/cards/card-" in og_image
            cards += 1
    assert crops >= 10 and cards >= 10


def test_share_links_are_plain_links(sample_site):
    page = soup(news_pages(sample_site)[0])
    links = [a["href"] for a in page.select(".share-links a")]
    assert [urlsplit(link).netloc for link in links] == ["www.facebook.com", "social-plugins.line.me"]
    assert all("https%3A%2F%2Ftakpeo1.example.go.th%2Fnews%2F25" in link for link in links)


def test_attachments_show_type_and_size(site):
    (site.root / "content/files").mkdir(parents=True)
    (site.root / "content/files/agenda.pdf").write_bytes(minimal_pdf([["agenda " + "x" * 1100]]))  # 1694 bytes
    site.news("meeting", "Title: ประชุม\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: meeting\n"
              "Attachments: files/agenda.pdf")
    assert site.run("build").exit_code == 0, site.run("build").output
    item = soup(site.root / "output/news/2569/meeting/index.html").select_one(".attachments__item")
    assert " ".join(item.get_text().split()) == "agenda.pdf (PDF, 2 KB)"
    assert item.a["href"].endswith("files/agenda.pdf")
    assert (site.root / "output/files/agenda.pdf").is_file()


def test_archives_by_buddhist_era_year_and_month(sample_site):
    november = soup(sample_site / "news/2569/11/index.html")
    assert november.h1.get_text() == "ข่าวเดือนพฤศจิกายน 2569"
    dates = [t["datetime"][:7] for t in november.select(".news-card__meta time")]
    assert dates and set(dates) == {"2026-11"}
    year = soup(sample_site / "news/2569/index.html")
    assert year.h1.get_text() == "ข่าวปี พ.ศ. 2569"
    assert "ธันวาคม 2568" in soup(sample_site / "news/index.html").get_text()


def test_listings_paginate_with_clean_addresses(sample_site):
    second = soup(sample_site / "page/2/index.html")
    assert second.find("link", rel="canonical")["href"] == f"{SITE_URL}/page/2/"
    assert second.select_one(".pagination__current").get_text() == "2"


def test_home_has_sections_quick_links_and_channels(sample_site):
    home = soup(sample_site / "index.html")
    headings = [h.get_text() for h in home.select(".home__heading")]
    assert headings[:2] == ["ข่าวเด่น", "บริการและข้อมูล"]
    assert headings[2:7] == ["ข่าวประชาสัมพันธ์", "ข่าวกิจกรรม", "ข่าวจากโรงเรียน", "ผลงานครู", "ประกาศ"]
    assert home.select_one(".home__highlight img")
    for link in home.select(".quick-links__link"):
        target = sample_site / link["href"].removeprefix("./") / "index.html"
        assert target.is_file(), link["href"]
    channels = [a["href"] for a in home.select(".channels__link")]
    assert channels == ["https://www.facebook.com/takpeo1.example", "https://line.me/R/ti/p/%40takpeo1",
                        "mailto:pr@takpeo1.example.go.th"]


def test_announcements_show_their_expiry(sample_site):
    page = soup(sample_site / "category/announcements/index.html")
    assert page.select(".news-card__expiry"), "ประกาศ with Expires: show หมดเขต"


def test_images_below_the_fold_load_lazily(sample_site):
    home = soup(sample_site / "index.html")
    highlight = home.select_one(".home__highlight img")
    assert highlight.get("loading") != "lazy"
    later = [img for img in home.select(".home-section img")]
    assert later and all(img.get("loading") == "lazy" for img in later)


def test_404_links_work_from_any_address(sample_site):
    page = soup(sample_site / "404.html")
    assert page.h1.get_text() == "ไม่พบหน้าที่ต้องการ"
    for element in page.select("link[rel=stylesheet], script[src], main a[href]"):
        value = element.get("href") or element.get("src")
        if not value.startswith(("mailto:", "tel:", "http")):
            assert value.startswith("/"), value


def test_sitemap_lists_every_page_once(sample_site):
    tree = ET.parse(sample_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    assert len(locations) == len(set(locations))
    assert f"{SITE_URL}/" in locations and f"{SITE_URL}/about/" in locations
    news = [loc for loc in locations if re.match(rf"{SITE_URL}/news/25\d\d/[a-z]", loc)]
    assert len(news) == len(news_pages(sample_site))
    assert not any("404" in loc or "/page/" in loc for loc in locations)
    lastmods = tree.findall("s:url/s:lastmod", ns)
    assert len(lastmods) >= len(news)


def test_robots_points_to_the_sitemap(sample_site):
    assert (sample_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}/sitemap.xml\n"


@pytest.mark.parametrize("colour", ["--colour-primary:#0b4f8a;", "--colour-accent:#f2c14e;"])
def test_office_colours_come_from_settings(sample_site, colour):
    assert colour in (sample_site / "theme/css/office.css").read_text()


def test_another_office_changes_settings_not_templates(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nSITENAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาน่าน เขต 2"\n'
                    'OFFICE_SHORT_NAME = "สพป.น่าน เขต 2"\nOFFICE_SITE_URL = "https://nan2.example.go.th"\n'
                    'OFFICE_COLOURS = {"primary": "#5b2a86"}\n', encoding="utf-8")
    site.news("item", "Title: ข่าว\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    assert site.run("build").exit_code == 0
    page = soup(site.root / "output/news/2569/item/index.html")
    assert page.title.get_text() == "ข่าว – สพป.น่าน เขต 2"
    assert page.select_one(".site-header__name").get_text() == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาน่าน เขต 2"
    assert page.find("link", rel="canonical")["href"] == "https://nan2.example.go.th/news/2569/item/"
    assert "--colour-primary:#5b2a86;" in (site.root / "output/theme/css/office.css").read_text()


def test_lead_photo_has_its_caption(sample_site):
    page = soup(sample_site / "news/2568/fathers-day-2568/index.html")
    figure = page.select_one(".news-item__figure")
    assert figure.img["alt"] != figure.figcaption.get_text()  # alt describes; the caption names who and where
    assert figure.figcaption.get_text() == "ผู้บริหารและบุคลากร สพป.ตาก เขต 1 ร่วมพิธีวันพ่อแห่งชาติ 5 ธันวาคม 2568"


def test_headings_are_in_order_on_every_page(sample_site):
    """One h1, and no level skipped going down (axe's heading-order rule is only best-practice)."""
    for path in nonempty(sorted(sample_site.rglob("*.html"))):
        levels = [int(h.name[1]) for h in soup(path).find_all(re.compile(r"^h[1-6]$"))]
        assert levels.count(1) == 1, (path, levels)
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert skips == [], (path, levels)
