"""Defaults for the pii_guard plugin; pelicanconf.py overrides any of them."""

# Which phone numbers stop the build: "mobile" (default; office and school landlines are
# public by nature), "all" (landlines too) or "off".
PII_GUARD_PHONES = "mobile"

# Numbers that may be published, each with its reason (relative to content/). Never copied
# to output/: it must stay outside STATIC_PATHS.
PII_GUARD_ALLOWLIST = "pii-allowlist.yml"

# Text extracted from PDF attachments is kept here between builds, by file hash (relative
# to the project). Safe to delete.
PII_GUARD_CACHE_PATH = "cache/pii"
