"""thai_text: Thai dates, digits, summaries and heading anchors for the whole site.

Hooks
    initialized          defaults and checks of every plugin (plugins.manifest.configure); make
                         Markdown heading ids readable ASCII
    generator_init       Jinja filters: thai_date, thai_digits, be_year, fiscal_year
    content_object_init  Thai-safe ``excerpt`` (plain text, without footnotes) and ``summary`` for
                         every item

The rules themselves live in ``thaitext`` (pure functions, no Pelican).
"""

from __future__ import annotations

import functools
import html
import re

from pelican import signals
from pelican.contents import Static

from plugins import manifest
from plugins.common import body_html
from plugins.content_model.cache import remembered

from . import thaitext

DIGIT_STYLES = ("arabic", "thai")
# Markdown's footnotes (the "extra" extension): the numbers in the text and the notes at the end are
# not what an item says first, so no excerpt shows them.
FOOTNOTE_REFERENCE = re.compile(r'<sup id="fnref\d*:[^"]*">.*?</sup>', re.S)
FOOTNOTES = re.compile(r'<div class="footnote">.*</div>', re.S)  # Markdown puts them last
# The footnote's link back to the text, whose title Markdown writes in English.
BACKLINK_TITLE = "กลับไปยังเชิงอรรถที่ %d ในเนื้อความ"


def check_settings(settings: dict) -> list[tuple[str, str]]:
    """(setting, message) for each bad THAI_TEXT_* value (plugins.manifest.complete_settings)."""
    if settings["THAI_TEXT_DIGITS"] not in DIGIT_STYLES:
        return [("THAI_TEXT_DIGITS", f"{settings['THAI_TEXT_DIGITS']!r} is not a digit style (use 'arabic' or 'thai')")]
    return []


def configure(pelican) -> None:
    settings = pelican.settings
    markdown = settings.setdefault("MARKDOWN", {})
    toc = markdown.setdefault("extension_configs", {}).setdefault("markdown.extensions.toc", {})
    toc.setdefault("slugify", thaitext.heading_anchor)
    extra = markdown["extension_configs"].get("markdown.extensions.extra")
    if extra is not None:  # only where the office uses it: setdefault would turn it on
        extra.setdefault("footnotes", {}).setdefault("BACKLINK_TITLE", BACKLINK_TITLE)


def jinja_filters(settings: dict) -> dict:
    digits = settings["THAI_TEXT_DIGITS"]

    @functools.cache  # per build: an item's date is shown on its page and in every listing it is in
    def thai_date(value, style="long"):
        return thaitext.format_date(value, style, digits=digits) if value else ""

    def numbers(value):
        return thaitext.thai_digits(value) if digits == "thai" else str(value)

    return {
        "thai_date": thai_date,
        "thai_digits": numbers,
        "be_year": thaitext.be_year,
        "fiscal_year": thaitext.fiscal_year,
    }


def add_filters(generator) -> None:
    generator.env.filters.update(jinja_filters(generator.settings))


def add_excerpt(content) -> None:
    """Every item gets ``excerpt`` (plain text); items without Summary: get a Thai-safe one."""
    if isinstance(content, Static):
        return
    length = content.settings["THAI_TEXT_SUMMARY_LENGTH"]
    if "summary" in content.metadata:
        content.excerpt = thaitext.html_to_text(content.metadata["summary"])
        return
    body = body_html(content)
    if "footnote" in body:
        body = FOOTNOTES.sub("", FOOTNOTE_REFERENCE.sub("", body))
    # Cutting between words is most of a read's time: kept with the item's reading cache entry,
    # keyed by the body itself, so an unchanged item does not even turn it into text.
    content.excerpt = remembered(content, "excerpt", (body, length),
                                 lambda: thaitext.excerpt(thaitext.html_to_text(body), length))
    content.metadata["summary"] = f"<p>{html.escape(content.excerpt)}</p>"  # what Pelican's summary gives


def register() -> None:
    manifest.register_plugin()
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(add_excerpt)
