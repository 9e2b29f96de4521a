"""Defaults for the page_cache plugin: a rebuild writes again only the news pages whose inputs changed."""

# Where the record of the last build's news pages is kept (relative to the project, next to
# cache/content): for each page, the fingerprint of what it was made from and its file. One record
# per output folder (output/, the preview's). Safe to delete: the next build renders every page.
PAGE_CACHE_PATH = "cache/pages"
