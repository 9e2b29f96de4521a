"""Defaults for the feeds plugin; pelicanconf.py overrides any of them."""

# Newest items in each feed (Atom and RSS alike). A feed reader keeps what it has already
# fetched, so a school misses nothing as long as its reader looks in before this many new
# items appear in one feed.
FEEDS_MAX_ITEMS = 30
