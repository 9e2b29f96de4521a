"""Defaults for the search plugin: a Pagefind index of the built site and the search page."""

# The search page: the header's search form sends ?q= here; search.js shows the results.
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"

# Where Pagefind writes its bundle (index, pagefind.js, WebAssembly), relative to the output.
SEARCH_BUNDLE_DIR = "pagefind"

# Where the pages' Thai text, cut into words, is kept between builds (relative to the project,
# next to cache/media): a rebuild cuts only the pages that changed. Safe to delete.
SEARCH_CACHE_PATH = "cache/search"

# Pages per shard of the index, at most, on average: Pagefind reads a whole shard whenever one of
# its pages changed, so this bounds its time and memory per run; the visitor's browser fetches part
# of every shard on its first search, so fewer, larger shards cost a phone less.
SEARCH_SHARD_PAGES = 1500

# Parts of an indexed <article> that every item repeats (section label, "เผยแพร่ <date>", share
# links, the request-information line). Menus, footers and listings need no entry: only elements
# marked data-pagefind-body (news items, pages, disclosures) are indexed.
SEARCH_EXCLUDE_SELECTORS = [".news-item__section", ".news-item__meta", ".share-links", ".disclosure__request"]

# The "section" filter and label of pages (news items use their category; disclosures
# "ศูนย์ข้อมูลข่าวสาร").
SEARCH_PAGES_SECTION = "หน้าเว็บ"
