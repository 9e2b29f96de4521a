"""Defaults for the pii_guard plugin; pelicanconf.py overrides any of them."""

# Which phone numbers stop the build: "mobile" (default; office and school landlines are
# public by nature), "all" (landlines too) or "off".
PII_GUARD_PHONES = "mobile"

# Numbers that may be published, each with its reason (relative to content/). Never copied
# to output/: it must stay outside STATIC_PATHS.
PII_GUARD_ALLOWLIST = "pii-allowlist.yml"

# The text read from each published file, and copies of PDFs and office documents without their
# metadata, kept here between builds by content hash (relative to the project). Safe to delete.
PII_GUARD_CACHE_PATH = "cache/pii"

# Size limits, so a huge or hostile file cannot stall or exhaust the build. A file larger than
# PII_GUARD_MAX_FILE_BYTES, or an office document with more members or unpacking to more bytes
# than allowed, is not read and not published (a warning names it). A PDF is read up to
# PII_GUARD_MAX_PDF_PAGES pages; the build summary names each PDF read only in part.
PII_GUARD_MAX_FILE_BYTES = 200_000_000
PII_GUARD_MAX_PDF_PAGES = 500
PII_GUARD_MAX_ZIP_MEMBERS = 10_000
PII_GUARD_MAX_UNZIPPED_BYTES = 200_000_000
