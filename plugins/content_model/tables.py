"""Tables in an item's HTML: a table wider than a phone scrolls inside its own region.

Applied by the reader to the body it makes, so every kind gets it and no plugin has to rewrite
an item's HTML afterwards.
"""

from __future__ import annotations

import re

TABLE = re.compile(r"(<table\b.*?</table>)", re.S)
TABLE_REGION = '<div class="prose__table" role="region" aria-label="ตาราง" tabindex="0">{}</div>'


def wrap_tables(html: str) -> str:
    """Each table inside a region keyboard users can reach (tabindex) and scroll, named for screen readers."""
    return TABLE.sub(lambda match: TABLE_REGION.format(match[1]), html) if "<table" in html else html
