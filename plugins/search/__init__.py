"""search: a Pagefind index of the site's content, and the search page that queries it.

Hooks
    initialized     defaults and checks of every plugin (plugins.manifest.configure)
    get_generators  SearchPageGenerator: the search page (search.html) at SEARCH_URL
    finalized       Pagefind indexes the output Pelican has just written

What is indexed is decided in the templates: the <article> of a news item, a page and a
disclosure carries ``data-pagefind-body``, so the home page, listings, archives, menus and
footers never are. The same templates give each page the filters ``section`` and ``year``
(BE) and the meta ``date`` (Thai, BE) and ``section`` that theme/static/js/search.js shows.

Thai is written without spaces between words, so both the index and the query are cut into
words: the pages by ICU before Pagefind reads them (``indexer``, the same cuts a browser's
``Intl.Segmenter`` makes of a query), the query by Pagefind in the browser. search.js then
keeps only pages with the query's words as typed, tone marks included, and in order.

Cutting is the slow part, so the cut copies are cached (SEARCH_CACHE_PATH): a rebuild cuts
only the pages whose article changed, and reads only the pages whose bytes it has not seen
(page_cache.written_pages says which pages are as they were). The index is made of shards of about SEARCH_SHARD_PAGES
pages each, which search.js merges in the browser; Pagefind reads again only the shards where a
page changed, and the others (kept in the same cache) are published again as they were.
"""

from __future__ import annotations

import os
import time

from pelican import signals
from pelican.generators import Generator

from plugins import manifest, page_cache
from plugins.common import logger, report, warning

from . import indexer


class SearchPageGenerator(Generator):
    """The search page: a form, and the results search.js draws from the Pagefind bundle."""

    def generate_output(self, writer):
        writer.write_file(self.settings["SEARCH_SAVE_AS"], self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=self.settings["SEARCH_URL"])


def check_settings(settings: dict) -> list[tuple[str, str]]:
    """(setting, message) for each bad SEARCH_* value (plugins.manifest.complete_settings)."""
    size = settings["SEARCH_SHARD_PAGES"]
    if not (isinstance(size, int) and not isinstance(size, bool) and size >= 1):
        return [("SEARCH_SHARD_PAGES", f"{size!r} is not a number of pages (a whole number, e.g. 1000)")]
    return []


def index_site(pelican) -> None:
    """Index pelican.output_path: a prsite build's temp dir, swapped in only if the whole build
    succeeds, so the index always describes the pages next to it."""
    settings, output = pelican.settings, pelican.output_path
    started = time.monotonic()
    cache = indexer.MarkCache(os.path.join(os.path.dirname(settings["PATH"]), settings["SEARCH_CACHE_PATH"]))
    try:
        indexed = indexer.build_index(output, os.path.join(output, settings["SEARCH_BUNDLE_DIR"]),
                                      settings["SEARCH_EXCLUDE_SELECTORS"], settings["SEARCH_SHARD_PAGES"], cache,
                                      page_cache.written_pages())
    except indexer.PagefindFailed as failure:
        # An error fails the build, so the site on the web keeps its working search.
        logger.error("search: Pagefind could not index the site (%s)", failure)
        return
    cache.forget_unused()
    if cache.unsaved:
        warning(settings["SEARCH_CACHE_PATH"], "SEARCH_CACHE_PATH",
                f"could not be written ({cache.unsaved.strerror or cache.unsaved}); the search index "
                "is complete, but the next build cuts every page into words again (check the folder's permissions)")
    report.note(f"search: {indexed.pages} pages indexed in {time.monotonic() - started:.1f} s "
                f"({cache.marked} cut into words, {indexed.pages - cache.marked} from the cache; "
                f"Pagefind ran on {indexed.reindexed} of {indexed.shards} "
                f"{'shard' if indexed.shards == 1 else 'shards'})")


def register() -> None:
    manifest.register_plugin(SearchPageGenerator)
    signals.finalized.connect(index_site)
