"""The plugin manifest: every prsite plugin, in the order it runs, and what it adds.

Receivers of one Pelican signal run in plugin order; across signals Pelican's order decides
(content_object_init, then article_generator_finalized, all_generators_finalized, get_writer):
so an item gets thai_text's excerpt, then news_navigation's related news, then media's share image
and enews's choice of it, and ``why_here`` says where the order within a signal matters. Each entry
says its settings prefix(es) and defaults module (laid under pelicanconf.py once, by
``publish.pipeline.load_settings`` or, in a plain ``pelican`` run, at ``initialized``), the
attributes it adds to content items of which kinds, the context keys it adds, and the Pelican
signal at which it adds each. ``pelicanconf.py`` takes ``PLUGINS`` from here.

content_model also sets every header field of a kind (its table of fields in
content_model/schema.py, or the kind a plugin registers) as an attribute, through its reader;
those are listed in the kind's table, not repeated here. Adding a plugin is adding one entry;
tests/test_manifest.py fails when a plugin adds an attribute, a context key or a setting
that is not listed, and docs/architecture.md shows this table (tests/test_docs.py).
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass

from pelican import signals

from plugins.common import Problem, problem

# Content kinds, by their names in the content model (content_model/schema.py: Kind.name).
NEWS, PAGES, DISCLOSURES, ENEWS_ISSUES = "news", "page", "disclosure", "enews"
ALL_KINDS = (NEWS, PAGES, DISCLOSURES, ENEWS_ISSUES)

# A generator a plugin adds at get_generators fills its context in its generate_context().
GENERATOR = "get_generators"


@dataclass(frozen=True)
class Adds:
    """An attribute of content items (of ``kinds``) or a context key, added at ``signal``."""

    name: str
    signal: str
    kinds: tuple[str, ...] = ()  # attributes only


@dataclass(frozen=True)
class Plugin:
    name: str  # as in PLUGINS, e.g. "plugins.thai_text"
    prefixes: tuple[str, ...]  # its settings' prefixes, e.g. ("THAI_TEXT_",)
    does: str  # one line for docs/architecture.md
    why_here: str = ""  # why it comes where it does, when the order matters
    attributes: tuple[Adds, ...] = ()
    context: tuple[Adds, ...] = ()
    # (context key, label) of what the build summary counts ("39 disclosures")
    counts: tuple[tuple[str, str], ...] = ()

    @property
    def defaults(self) -> str:
        """Its defaults module: every PREFIX_* constant there is a setting."""
        return f"{self.name}.settings"


MANIFEST: tuple[Plugin, ...] = (
    Plugin(
        "plugins.thai_text", ("THAI_TEXT_",),
        "Thai dates, digits and slugs (template filters); heading ids; each item's excerpt and summary",
        why_here="first: every item has its excerpt and summary (content_object_init) before another "
                 "plugin's receiver sees it",
        attributes=(Adds("excerpt", "content_object_init", ALL_KINDS),),
    ),
    Plugin(
        "plugins.content_model", ("CONTENT_MODEL_",),
        "the reader: header fields checked against each kind's table, sanitised HTML (an unchanged file "
        "comes from its cache); schedule, expiry, unique slugs; stops the build before writing on any error",
        why_here="second: it resets the problem report at get_generators before another plugin reports, "
                 "and its cross-file checks (all_generators_finalized) run before the others use the items",
        attributes=(
            Adds("be_year", "readers_init", (NEWS,)),
            Adds("scheduled", "article_generator_pretaxonomy", (NEWS,)),
            Adds("expired", "article_generator_pretaxonomy", (NEWS,)),
        ),
    ),
    Plugin(
        "plugins.pr_network", ("PR_NETWORK_",),
        "the PR network registry (content/network/members.csv): its public pages and JSON, school news",
        context=(Adds("network_members", GENERATOR), Adds("school_feed_items", GENERATOR)),
    ),
    Plugin(
        "plugins.information_centre", ("INFO_CENTRE_", "DISCLOSURE_"),
        "OIA disclosures (content/oia/): the information centre pages and open data",
        context=(Adds("disclosures", GENERATOR),),
        counts=(("disclosures", "disclosures"),),
    ),
    Plugin(
        "plugins.office_site", ("OFFICE_",),
        "the office's identity for the theme (template globals, JSON-LD, share links); home sections, "
        "404, CSS",
        attributes=(Adds("override_url", "all_generators_finalized", ALL_KINDS),),
        context=(
            Adds("home_highlight", "article_generator_finalized"),
            Adds("home_sections", "article_generator_finalized"),
            Adds("last_updated", "article_generator_finalized"),
            Adds("site_menu", "all_generators_finalized"),
        ),
    ),
    Plugin(
        "plugins.news_navigation", ("NEWS_NAVIGATION_",),
        "how a reader moves between news: newer/older, related news, archives by BE year and month",
        attributes=(
            Adds("newer", "article_generator_finalized", (NEWS,)),
            Adds("older", "article_generator_finalized", (NEWS,)),
            Adds("related", "article_generator_finalized", (NEWS,)),
        ),
        context=(Adds("archive_years", "article_generator_finalized"),),
    ),
    Plugin(
        "plugins.sitemap", (),
        "sitemap.xml (every page written, with lastmod) and robots.txt, at OFFICE_SITE_URL",
    ),
    Plugin(
        "plugins.media", ("MEDIA_",),
        "photos: renditions, galleries, share images (photo crops or title cards), SVG sanitising",
        attributes=(
            Adds("gallery_sources", "all_generators_finalized", (NEWS,)),
            Adds("gallery", "all_generators_finalized", (NEWS,)),
            Adds("share_image", "all_generators_finalized", (NEWS,)),
        ),
    ),
    Plugin(
        "plugins.page_cache", ("PAGE_CACHE_",),
        "a rebuild renders again only the news and listing pages whose inputs changed (each rendered "
        "from a closed context; unchanged news pages are hard-linked from the last build, unchanged "
        "listing pages are its text)",
    ),
    Plugin(
        "plugins.search", ("SEARCH_",),
        "the search page and its Pagefind index of the written site",
    ),
    Plugin(
        "plugins.feeds", ("FEEDS_",),
        "Atom/RSS feeds per scope, feeds.opml and the ติดตามข่าว page",
    ),
    Plugin(
        "plugins.pii_guard", ("PII_GUARD_",),
        "national ID and mobile numbers in content, PDFs and office documents stop the build",
    ),
    Plugin(
        "plugins.ita", ("ITA_",),
        "the ITA/OIT checklist (content/ita/<fiscal year>.yml) and its page",
        context=(Adds("ita", "all_generators_finalized"),),
    ),
    Plugin(
        "plugins.enews", ("ENEWS_",),
        "e-news issues (content/enews/): web page, e-mail files, the archive; the sender's settings",
        attributes=(
            Adds("period_label", GENERATOR, (ENEWS_ISSUES,)),
            Adds("items", "all_generators_finalized", (ENEWS_ISSUES,)),
            Adds("sections", "all_generators_finalized", (ENEWS_ISSUES,)),
        ),
        context=(Adds("enews_issues", GENERATOR),),
        counts=(("enews_issues", "e-news issues"),),
    ),
)


def plugin_names() -> list[str]:
    """PLUGINS for pelicanconf.py, in manifest order (a new list: an office may remove one)."""
    return [plugin.name for plugin in MANIFEST]


def enabled(settings: dict) -> list[Plugin]:
    """The manifest's entries for the plugins the site's PLUGINS names, in manifest order."""
    chosen = set(settings.get("PLUGINS") or ())
    return [plugin for plugin in MANIFEST if plugin.name in chosen]


def defaults(plugin: Plugin) -> dict:
    """Every setting of ``plugin`` with its default value, from its defaults module (none for a
    plugin without settings)."""
    if not plugin.prefixes:
        return {}
    module = importlib.import_module(plugin.defaults)
    return {name: getattr(module, name) for name in dir(module) if name.startswith(plugin.prefixes)}


def complete_settings(settings: dict) -> list[Problem]:
    """Lay every enabled plugin's defaults under ``settings`` (the site's values win), then
    check them: one Problem per bad value (``pelicanconf.py: SETTING: message``).

    The one place defaults are merged. Idempotent, so a plain ``pelican`` run can call it at
    ``initialized`` (see ``configure``) after prsite's loader already did.
    """
    known = set()
    for plugin in enabled(settings):
        for name, value in defaults(plugin).items():
            settings.setdefault(name, value)
            known.add(name)
    found = [Problem("pelicanconf.py", name, _not_a_setting(name, plugin))
             for plugin in enabled(settings) for name in sorted(settings)
             if name.startswith(plugin.prefixes) and name not in known]
    for plugin in enabled(settings):
        check = getattr(importlib.import_module(plugin.name), "check_settings", None)
        if check:
            found += [Problem("pelicanconf.py", name, message) for name, message in check(settings)]
    return found


# Settings that took a new name; an office's pelicanconf.py that still says the old one is told.
RENAMED = {"OFFICE_RELATED_ITEMS": "NEWS_NAVIGATION_RELATED_ITEMS"}


def _not_a_setting(name: str, plugin: Plugin) -> str:
    """A name with a plugin's prefix that is none of its settings: a typo would silently keep the default."""
    if name in RENAMED:
        return f"is now called {RENAMED[name]} (rename it in pelicanconf.py)"
    return f"is not a setting of {plugin.name} (check the spelling against docs/settings.md)"


def register_plugin(*generators: type) -> None:
    """What every plugin's ``register()`` does first: ``configure`` at ``initialized`` (for a
    plain ``pelican`` run) and the plugin's own generators at ``get_generators``, in the order
    the plugins are registered."""
    signals.initialized.connect(configure)
    for generator in generators:
        signals.get_generators.connect(_adds(generator))


@functools.cache  # one receiver per class: registering again (a second build) connects nothing new
def _adds(generator: type):
    def add_generator(pelican) -> type:
        return generator
    return add_generator


def configure(pelican) -> None:
    """At ``initialized``, for a plain ``pelican`` run, which reads pelicanconf.py itself: the
    defaults laid under it and each bad value reported. Every plugin connects it (once: a
    receiver is connected once), so it runs before their own ``initialized`` receivers; after
    ``publish.pipeline.load_settings`` it finds nothing left to do."""
    for found in complete_settings(pelican.settings):
        problem(found.path, found.field, found.message)


# --- docs/architecture.md: its plugin table is this manifest, regenerated -----------------------

BLOCK_START = "<!-- plugin manifest: generated by `python -m plugins.manifest`; do not edit -->"
BLOCK_END = "<!-- end of plugin manifest -->"


def markdown_table() -> str:
    """The manifest as the Markdown table docs/architecture.md shows, between its markers."""
    def added(entries: tuple[Adds, ...], with_kinds: bool) -> str:
        return "<br>".join(f"`{entry.name}`" + (f" ({', '.join(entry.kinds)})" if with_kinds else "")
                           + f" at `{entry.signal}`" for entry in entries) or "–"

    rows = ["| # | plugin | settings | what it does | adds to items (kinds) | adds to the context | why here |",
            "|---|---|---|---|---|---|---|"]
    for number, plugin in enumerate(MANIFEST, 1):
        prefixes = ", ".join(f"`{prefix}*`" for prefix in plugin.prefixes) or "–"
        rows.append(f"| {number} | `{plugin.name}` | {prefixes} | {plugin.does} | {added(plugin.attributes, True)} "
                    f"| {added(plugin.context, False)} | {plugin.why_here or '–'} |")
    return "\n".join([BLOCK_START, *rows, BLOCK_END])


def with_table(page: str) -> str:
    """``page`` with the text between the markers replaced by today's ``markdown_table()``."""
    start, end = page.index(BLOCK_START), page.index(BLOCK_END) + len(BLOCK_END)
    return page[:start] + markdown_table() + page[end:]


if __name__ == "__main__":  # python -m plugins.manifest: rewrite the table in docs/architecture.md
    import pathlib

    architecture = pathlib.Path(__file__).resolve().parents[1] / "docs/architecture.md"
    architecture.write_text(with_table(architecture.read_text(encoding="utf-8")), encoding="utf-8")
