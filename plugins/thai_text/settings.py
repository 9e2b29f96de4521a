"""Defaults for the thai_text plugin; pelicanconf.py overrides any of them."""

# "arabic" (20 พฤศจิกายน 2569) or "thai" (๒๐ พฤศจิกายน ๒๕๖๙) digits in dates shown on the site.
THAI_TEXT_DIGITS = "arabic"

# Automatic summaries (when an item has no Summary:) are cut to at most this many
# characters, always between two Thai words.
THAI_TEXT_SUMMARY_LENGTH = 180
