"""office_site: the office's identity and the theme's data — home, archives, neighbours, sitemap.

Hooks
    initialized                  defaults and checks of every plugin (plugins.manifest.configure);
                                 OFFICE_NAME and OFFICE_SHORT_NAME filled in
    generator_init               template globals ``office`` and filters ``absolute_url``,
                                 ``organization_ld``, ``news_ld``, ``share_links``
    content_object_init          wide tables in the body become a scrollable, focusable region
    article_generator_finalized  newer/older/related on each news item; home sections and
                                 the highlight; BE year/month archive tree
    get_generators               OfficePagesGenerator: BE archives, 404, office.css, site.css
    finalized                    sitemap.xml and robots.txt (canonical OFFICE_SITE_URL)

Context for templates: home_highlight, home_sections, archive_years, last_updated.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter, defaultdict
from urllib.parse import quote
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.content_model import published_news
from plugins.thai_text import thaitext



def configure(pelican) -> None:
    settings = pelican.settings
    settings["OFFICE_NAME"] = settings["OFFICE_NAME"] or settings["SITENAME"]
    settings["OFFICE_SHORT_NAME"] = settings["OFFICE_SHORT_NAME"] or settings["OFFICE_NAME"]
    settings["OFFICE_SITE_URL"] = settings["OFFICE_SITE_URL"].rstrip("/")


# --- template helpers ------------------------------------------------------------------

def office_info(settings: dict) -> dict:
    """Everything the header, footer and contact blocks show, from OFFICE_* settings."""
    channels = []
    if settings["OFFICE_FACEBOOK"]:
        channels.append({"kind": "facebook", "label": "Facebook", "text": "เพจ Facebook", "url": settings["OFFICE_FACEBOOK"]})
    if settings["OFFICE_LINE"]:
        line_url = settings["OFFICE_LINE_URL"] or f"https://line.me/R/ti/p/{quote(settings['OFFICE_LINE'])}"
        channels.append({"kind": "line", "label": "LINE", "text": f"LINE {settings['OFFICE_LINE']}", "url": line_url})
    if settings["OFFICE_EMAIL"]:
        channels.append({"kind": "email", "label": "อีเมล", "text": settings["OFFICE_EMAIL"], "url": f"mailto:{settings['OFFICE_EMAIL']}"})
    return {
        "name": settings["OFFICE_NAME"],
        "short_name": settings["OFFICE_SHORT_NAME"],
        "tagline": settings["OFFICE_TAGLINE"],
        "logo": settings["OFFICE_LOGO"],
        "logo_png": settings["OFFICE_LOGO_PNG"],
        "address": settings["OFFICE_ADDRESS"],
        "phone": settings["OFFICE_PHONE"],
        "email": settings["OFFICE_EMAIL"],
        "map_url": settings["OFFICE_MAP_URL"],
        "channels": channels,
        "quick_links": [{"label": l, "url": u, "description": d} for l, u, d in settings["OFFICE_QUICK_LINKS"]],
    }


def absolute_url(settings: dict, url: str) -> str:
    """The address of ``url`` (a site path or an absolute URL) on the office's site, without index.html (API)."""
    if "://" in url:
        return url
    path = url.lstrip("/")
    path = path[: -len("index.html")] if path.endswith("index.html") else path
    return f"{settings['OFFICE_SITE_URL']}/{path}"


def organization_ld(settings: dict) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": settings["OFFICE_NAME"],
        "alternateName": settings["OFFICE_SHORT_NAME"],
        "url": settings["OFFICE_SITE_URL"] + "/",
    }
    logo = _published_image(settings["OFFICE_LOGO_PNG"])
    if logo:
        data["logo"] = absolute_url(settings, logo)
    if settings["OFFICE_ADDRESS"]:
        data["address"] = {"@type": "PostalAddress", "streetAddress": settings["OFFICE_ADDRESS"], "addressCountry": "TH"}
    if settings["OFFICE_PHONE"]:
        data["telephone"] = settings["OFFICE_PHONE"]
    if settings["OFFICE_EMAIL"]:
        data["email"] = settings["OFFICE_EMAIL"]
    same_as = [settings[k] for k in ("OFFICE_FACEBOOK", "OFFICE_LINE_URL") if settings[k]]
    if same_as:
        data["sameAs"] = same_as
    return data


def news_ld(article, settings: dict) -> dict:
    publisher = {key: value for key, value in organization_ld(settings).items() if key in ("@type", "name", "url", "logo")}
    if "logo" in publisher:
        publisher["logo"] = {"@type": "ImageObject", "url": publisher["logo"]}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "inLanguage": "th",
        "articleSection": article.category.name,
        "description": article.excerpt,
        "mainEntityOfPage": absolute_url(settings, article.url),
        "author": publisher,
        "publisher": publisher,
    }
    if getattr(article, "share_image", None):
        data["image"] = [absolute_url(settings, article.share_image)]
    return data


def _published_image(path: str) -> str | None:
    """Where a content image is published: the media plugin's largest rendition (originals are not)."""
    from plugins.media import picture_for

    picture = picture_for(path) if path else None
    return picture.largest if picture else None


def share_links(url: str) -> list[dict]:
    """Plain links to Facebook's and LINE's share pages: no third-party script on our pages."""
    target = quote(url, safe="")
    return [
        {"kind": "facebook", "label": "แชร์ไปยัง Facebook", "url": f"https://www.facebook.com/sharer/sharer.php?u={target}"},
        {"kind": "line", "label": "แชร์ไปยัง LINE", "url": f"https://social-plugins.line.me/lineit/share?url={target}"},
    ]


def add_template_helpers(generator) -> None:
    settings = generator.settings
    generator.env.globals["office"] = office_info(settings)
    generator.env.filters.update({
        "absolute_url": lambda url: absolute_url(settings, url),
        "news_ld": lambda article: news_ld(article, settings),
        "share_links": share_links,
    })
    generator.env.globals["organization_ld"] = lambda: organization_ld(settings)


TABLE = re.compile(r"(<table\b.*?</table>)", re.S)
TABLE_REGION = '<div class="prose__table" role="region" aria-label="ตาราง" tabindex="0">{}</div>'


def wrap_tables(content) -> None:
    """A table wider than a phone scrolls inside a region keyboard users can reach and scroll."""
    if getattr(content, "_content", None) and "<table" in content._content:
        content._content = TABLE.sub(lambda match: TABLE_REGION.format(match[1]), content._content)


# --- news: neighbours, related, home, archives --------------------------------------------

def _related(article, articles, count: int) -> list:
    """Most shared tags first, then the same section, then the newest."""
    tags = set(getattr(article, "tags", []) or [])
    scored = []
    for other in articles:
        if other is article:
            continue
        shared = len(tags & set(getattr(other, "tags", []) or []))
        same_section = other.category == article.category
        if shared or same_section:
            scored.append((shared, same_section, other.date, other))
    scored.sort(key=lambda row: row[:3], reverse=True)
    return [row[3] for row in scored[:count]]


def _archive_years(articles) -> list[dict]:
    by_year: dict[int, Counter] = defaultdict(Counter)
    for article in articles:
        local = article.date.astimezone(thaitext.BANGKOK)
        by_year[thaitext.be_year(local)][local.month] += 1
    return [
        {
            "year": year,
            "url": f"news/{year}/",
            "count": sum(months.values()),
            "months": [
                {"month": month, "year": year, "date": dt.date(year - thaitext.BE_OFFSET, month, 1),
                 "url": f"news/{year}/{month:02d}/", "count": months[month]}
                for month in sorted(months, reverse=True)
            ],
        }
        for year, months in sorted(by_year.items(), reverse=True)
    ]


def enrich_news(generator) -> None:
    settings, articles = generator.settings, generator.articles  # newest first
    for index, article in enumerate(articles):
        article.newer = articles[index - 1] if index > 0 else None
        article.older = articles[index + 1] if index + 1 < len(articles) else None
        article.related = _related(article, articles, settings["OFFICE_RELATED_ITEMS"])
    sections = dict((category.name, items) for category, items in generator.categories)
    generator.context["home_highlight"] = next((a for a in articles if getattr(a, "image", None)), None)
    generator.context["home_sections"] = [
        {"category": sections[name][0].category, "items": sections[name][: settings["OFFICE_HOME_ITEMS"]]}
        for name in settings["OFFICE_HOME_SECTIONS"] if sections.get(name)
    ]
    # The archives list expired announcements too (marked): a record of what was published, and
    # where a section with nothing current sends its readers.
    generator.context["archive_years"] = _archive_years(published_news(generator.context))
    stamps = [getattr(a, "modified", None) or a.date for a in articles]
    generator.context["last_updated"] = max(stamps) if stamps else None


class OfficePagesGenerator(Generator):
    """Pages Pelican does not make: archives by BE year and month, the 404 page, office.css."""

    def generate_output(self, writer):
        articles = published_news(self.context)
        relative = self.settings["RELATIVE_URLS"]
        for year in self.context.get("archive_years", []):
            months = []
            for month in year["months"]:
                in_month = [a for a in articles if thaitext.be_year(a.date) == year["year"]
                            and a.date.astimezone(thaitext.BANGKOK).month == month["month"]]
                months.append((month, in_month))
                writer.write_file(f"{month['url']}index.html", self.get_template("archive_month"), self.context,
                                  relative_urls=relative, url=month["url"], year=year, month=month, articles=in_month)
            writer.write_file(f"{year['url']}index.html", self.get_template("archive_year"), self.context,
                              relative_urls=relative, url=year["url"], year=year, months=months)
        # Served at any missing address, so its links must not be relative to where it lives.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False, url="404.html")
        colours = self.settings["OFFICE_COLOURS"]
        rules = "".join(f"--colour-{name.replace('_', '-')}:{value};" for name, value in colours.items())
        self._write_css("office.css", f"/* From OFFICE_COLOURS in pelicanconf.py */\n:root{{{rules}}}\n")
        self._write_css("site.css", bundle_css(os.path.join(self.theme, "static", "css")))

    def _write_css(self, name: str, text: str) -> None:
        path = os.path.join(self.output_path, self.settings["THEME_STATIC_DIR"], "css", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def bundle_css(folder: str) -> str:
    """base.css, then each component's file in name order: one request for the reader,
    one file per component for the developer (theme/static/css/components/<name>.css)."""
    components = os.path.join(folder, "components")
    files = [os.path.join(folder, "base.css")] + sorted(
        os.path.join(components, name) for name in os.listdir(components) if name.endswith(".css"))
    parts = []
    for path in files:
        with open(path, encoding="utf-8") as handle:
            parts.append(handle.read().strip())
    return "\n".join(parts) + "\n"


def add_generator(pelican):
    return OfficePagesGenerator


# --- sitemap.xml and robots.txt ---------------------------------------------------------------

def write_sitemap(pelican) -> None:
    """Every page written, with lastmod for content items; 404, paginated copies and noindex pages left out."""
    settings, output = pelican.settings, pelican.output_path
    base = settings["OFFICE_SITE_URL"]
    lastmod = {}
    for folder, _, files in os.walk(output):
        for name in files:
            if not name.endswith(".html") or name == "404.html":
                continue
            relative = os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
            if "/page/" in f"/{relative}" or _noindex(os.path.join(folder, name)):
                continue
            url = relative[: -len("index.html")] if relative.endswith("index.html") else relative
            lastmod[url] = None
    for item in _items_seen:
        url = item.url
        if url in lastmod:
            lastmod[url] = (getattr(item, "modified", None) or getattr(item, "date", None))
    entries = []
    for url in sorted(lastmod):
        stamp = lastmod[url]
        when = f"<lastmod>{stamp.date().isoformat()}</lastmod>" if stamp else ""
        entries.append(f"<url><loc>{escape(base + '/' + url)}</loc>{when}</url>")
    with open(os.path.join(output, "sitemap.xml"), "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                     + "\n".join(entries) + "\n</urlset>\n")
    with open(os.path.join(output, "robots.txt"), "w", encoding="utf-8") as handle:
        handle.write(f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n")


NOINDEX = '<meta name="robots" content="noindex">'


def _noindex(path: str) -> bool:
    """A page that asks search engines to stay away (e.g. the network coverage page)."""
    with open(path, encoding="utf-8") as handle:
        head = handle.read(16384).split("</head>", 1)[0]
    return NOINDEX in head


_items_seen: list = []  # this run's content items, for lastmod


def remember_items(generators) -> None:
    """The content of this run, for the sitemap's lastmod (reset every run, for autoreload)."""
    from plugins.content_model import published_content

    _items_seen[:] = list(published_content(generators))


def register() -> None:
    signals.initialized.connect(manifest.configure)
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_template_helpers)
    signals.content_object_init.connect(wrap_tables)
    signals.article_generator_finalized.connect(enrich_news)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(remember_items)
    signals.finalized.connect(write_sitemap)
