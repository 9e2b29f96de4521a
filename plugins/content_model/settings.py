"""Defaults for the content_model plugin; pelicanconf.py overrides any of them."""

# The news sections, in menu order: name -> web address (category/<slug>/).
# A news item's Category: must be one of the names.
CONTENT_MODEL_CATEGORIES = {
    "ข่าวประชาสัมพันธ์": "pr-news",
    "ข่าวกิจกรรม": "activities",
    "ข่าวผู้บริหาร": "executives",
    "ข่าวจากโรงเรียน": "school-news",
    "ผลงานครู": "teachers-work",
    "ประกาศ": "announcements",
}

# The moment the build considers "now" (Thailand time): items dated later are scheduled (not
# published yet); announcements whose Expires date has passed leave current listings, feeds,
# search and the e-news (their pages and archive entries stay). None means PRSITE_NOW if set,
# else the real time of the build; set e.g. "2026-11-20 09:00" to preview a day.
CONTENT_MODEL_NOW = None

# The largest Markdown file (bytes) prsite reads; a bigger one is one error, not read at all
# (a news item is a few KB; a pasted-in document or a binary saved as .md is not content).
CONTENT_MODEL_MAX_BYTES = 2_000_000

# What the reader made of each unchanged file is kept here between builds (relative to the
# project; plugins/content_model/cache.py says when an entry is used). Safe to delete.
CONTENT_MODEL_CACHE_PATH = "cache/content"

# When the reading cache lacks at least this many news files (a fresh server, a new version of
# prsite), a second process reads half of them while the build reads the others (0: never).
CONTENT_MODEL_READ_AHEAD_FROM = 200
