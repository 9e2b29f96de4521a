"""office_site: the office's identity and the theme's data — who the office is, the home page, 404, CSS.

How a reader moves between news (newer/older, related, BE archives) is news_navigation's;
sitemap.xml and robots.txt are sitemap's.

Hooks
    initialized                  defaults and checks of every plugin (plugins.manifest.configure);
                                 OFFICE_NAME and OFFICE_SHORT_NAME filled in
    generator_init               template globals ``office`` and filters ``absolute_url``,
                                 ``organization_ld``, ``news_ld``, ``share_links``; templates read
                                 once per build (no auto_reload), compiled once (OFFICE_TEMPLATE_CACHE_PATH)
    article_generator_finalized  home sections and the highlight; when the site was last updated
    all_generators_finalized     each item's address worked out once (override_url); the menu and
                                 footer links
    get_generators               OfficePagesGenerator: 404, office.css, site.css

Context for templates: home_highlight, home_sections, last_updated, site_menu.

API: ``absolute_url``, ``absolute_addresses`` and ``site_path``, the one form of an address in the
pages, the feeds and the e-mail; ``office_info``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import sys
from typing import Callable
from urllib.parse import quote, unquote, urljoin, urlsplit

import jinja2
from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.content_model import all_content


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


# Characters an address may hold as they are (RFC 3986's reserved ones, and '%' so that an address
# already encoded is never encoded twice); Thai letters and spaces are percent-encoded.
URI_CHARACTERS = "!#$&'()*+,/:;=?@[]~%"
FOLDER_PAGE = re.compile(r"(^|/)index\.html(?=$|[?#])")  # a folder's page: its address is the folder's
TAG = re.compile(r"<[A-Za-z][^>]*>")
ADDRESS = re.compile(r'(?<=\s)(href|src)="([^"]*)"')  # inside a TAG: text that reads href="..." is text


def absolute_url(settings: dict, url: str) -> str:
    """The address of ``url`` (a site path or an absolute URL) as every page, feed and e-mail gives it (API):
    a site path joined to OFFICE_SITE_URL, the office's own pages without index.html, and Thai letters and
    spaces percent-encoded, so that it is a valid URI in any feed reader or mail program."""
    site, parts = settings["OFFICE_SITE_URL"], urlsplit(url)
    if not parts.scheme:  # '//host/x' is another site's address; any other path is on this site
        url = urljoin(site, url) if parts.netloc else f"{site}/{url.lstrip('/')}"
    if url.startswith(site + "/"):
        url = site + "/" + FOLDER_PAGE.sub(r"\1", url[len(site) + 1:])
    return quote(url, safe=URI_CHARACTERS)


def site_path(settings: dict, url: str) -> str | None:
    """The path on the office's site (decoded: a content file's own name) of an absolute ``url``;
    None for another site's address (API)."""
    site = settings["OFFICE_SITE_URL"] + "/"
    return unquote(urlsplit(url[len(site):]).path) if url.startswith(site) else None


def absolute_addresses(markup: str, base: str, settings: dict,
                       image: Callable[[str], str | None] | None = None) -> str:
    """``markup`` with every href and src made absolute for a reader away from the site (API: feeds, e-mail).

    A relative address is resolved against ``base``, the address of the page it is on, then given as
    ``absolute_url`` gives it; one with another scheme (mailto:, tel:) is left as written. ``image``
    may swap a photo: it gets the site path of an <img> src and returns the address to use instead
    (a published rendition), or None to keep it."""
    def absolute(match: re.Match) -> str:
        written = html.unescape(match[2])
        if urlsplit(written).scheme not in ("", "http", "https"):
            return match[0]
        url = absolute_url(settings, urljoin(base, written))
        path = site_path(settings, url) if image and match[1] == "src" else None
        return f'{match[1]}="{html.escape((path and image(path)) or url)}"'

    return TAG.sub(lambda tag: ADDRESS.sub(absolute, tag[0]), markup)


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


def news_ld(article, settings: dict, organization: dict) -> dict:
    """The JSON-LD of a news item; ``organization`` is organization_ld's, the publisher."""
    publisher = {key: value for key, value in organization.items() if key in ("@type", "name", "url", "logo")}
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
    """The helpers of one build. What is the same on every page (the office as publisher, the address of
    a page linked from many) is worked out on first use and kept for the rest of the build."""
    settings = generator.settings
    organization = functools.cache(lambda: organization_ld(settings))  # photos are published by then
    generator.env.globals["office"] = office_info(settings)
    generator.env.filters.update({
        "absolute_url": functools.cache(lambda url: absolute_url(settings, url)),
        "news_ld": lambda article: news_ld(article, settings, organization()),
        "share_links": share_links,
    })
    generator.env.globals["organization_ld"] = organization


def read_templates_once(generator) -> None:
    """The theme does not change while a build runs, but Jinja's default looks at each template's
    file again on every include (a dozen per page, for every page). prsite serve turns reloading
    back on for the pages it renders on request (publish/site/preview.py). Compiled templates are
    kept between builds (every generator compiles the ones it uses: 1 s a build)."""
    generator.env.auto_reload = False
    generator.env.bytecode_cache = compiled_templates(generator.settings)


def compiled_templates(settings) -> jinja2.FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates, in a folder of OFFICE_TEMPLATE_CACHE_PATH named by what
    the compiled code also depends on: Jinja checks only each template's source."""
    options = repr((jinja2.__version__, sys.version, sorted(settings["JINJA_ENVIRONMENT"].items(), key=repr)))
    folder = os.path.join(os.path.dirname(settings["PATH"]), settings["OFFICE_TEMPLATE_CACHE_PATH"],
                          hashlib.sha256(options.encode()).hexdigest()[:16])
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None  # templates compiled on every build: slower, never wrong
    return jinja2.FileSystemBytecodeCache(folder)


def freeze_addresses(generators) -> None:
    """Every item's address, worked out once here, where content_model has made the slugs unique:
    Pelican formats it from the settings on every use, and a page uses a dozen. (Not save_as: an
    override_save_as would let Pelican's writer overwrite one item's file with another's.)"""
    for item in all_content(generators):
        item.override_url = item.url


def add_site_menu(generators) -> None:
    """The links every page's header and footer show, once per build: the sections, the pages with a
    Nav_order (in that order) in the menu, and the other pages in the footer."""
    context = generators[0].context
    pages = context.get("pages", [])
    context["site_menu"] = {
        "sections": [{"name": category.name, "url": category.url} for category, _ in context.get("categories", [])],
        "pages": sorted((page for page in pages if hasattr(page, "nav_order")), key=lambda page: page.nav_order),
        "footer_pages": [page for page in pages if not hasattr(page, "nav_order")],
    }


# --- home ---------------------------------------------------------------------------------

def add_home(generator) -> None:
    settings, articles = generator.settings, generator.articles  # newest first
    sections = dict((category.name, items) for category, items in generator.categories)
    generator.context["home_highlight"] = next((a for a in articles if getattr(a, "image", None)), None)
    generator.context["home_sections"] = [
        {"category": sections[name][0].category, "items": sections[name][: settings["OFFICE_HOME_ITEMS"]]}
        for name in settings["OFFICE_HOME_SECTIONS"] if sections.get(name)
    ]
    stamps = [getattr(a, "modified", None) or a.date for a in articles]
    generator.context["last_updated"] = max(stamps) if stamps else None


class OfficePagesGenerator(Generator):
    """Pages and files Pelican does not make: the 404 page, office.css and site.css."""

    def generate_output(self, writer):
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


def register() -> None:
    manifest.register_plugin(OfficePagesGenerator)
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_template_helpers)
    signals.generator_init.connect(read_templates_once)
    signals.article_generator_finalized.connect(add_home)
    signals.all_generators_finalized.connect(freeze_addresses)
    signals.all_generators_finalized.connect(add_site_menu)
