"""sitemap: sitemap.xml and robots.txt for search engines, at the canonical address.

Hooks
    all_generators_finalized  remember this run's content items (for lastmod)
    finalized                 write sitemap.xml (every page written, once) and robots.txt

No settings of its own: addresses use OFFICE_SITE_URL (office_site), the live site's address,
even in a local preview.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from pelican import signals

from plugins import manifest
from plugins.content_model import published_content

NOINDEX = '<meta name="robots" content="noindex">'

_items_seen: list = []  # this run's content items, for lastmod


def remember_items(generators) -> None:
    """The content of this run, for the sitemap's lastmod (reset every run, for autoreload)."""
    _items_seen[:] = list(published_content(generators))


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


def _noindex(path: str) -> bool:
    """A page that asks search engines to stay away (e.g. the network coverage page)."""
    with open(path, encoding="utf-8") as handle:
        head = handle.read(16384).split("</head>", 1)[0]
    return NOINDEX in head


def register() -> None:
    manifest.register_plugin()
    signals.all_generators_finalized.connect(remember_items)
    signals.finalized.connect(write_sitemap)
