"""information_centre: Official Information Act disclosures (ศูนย์ข้อมูลข่าวสาร).

Adds the ``disclosure`` content kind (content/oia/) to the content model, reads and
validates every disclosure, and writes: one page per disclosure (attachments with type, size
and SHA-256), the index by legal category, a page per category, the disclosure log with
fiscal-year and category filters that work without JavaScript, and open data
(disclosures.csv, disclosures.json).

Hooks
    initialized     defaults and checks of every plugin (plugins.manifest.configure)
    get_generators  DisclosuresGenerator

Context for templates and other plugins
    disclosures     every published disclosure, newest first
"""

from __future__ import annotations

import os
import re

from pelican.contents import Page

from plugins import manifest
from plugins.content_model.generator import KindGenerator
from plugins.content_model.schema import (
    Context, Field, FieldError, Kind, attachments, comma_list, date, register_kind, slug, status, text,
)
from plugins.thai_text import thaitext

from . import categories, open_data

ATTACHMENT_EXTENSIONS = (".pdf", ".docx", ".xlsx")


def oia_category(value: str, ctx: Context) -> categories.OiaCategory:
    found = categories.find(value)
    if found is None:
        raise FieldError(f"'{value}' is not an OIA category (use one of: "
                         f"{', '.join(c.code for c in categories.CATEGORIES)})")
    return found


def fiscal_year(value: str, ctx: Context) -> int:
    digits = thaitext.arabic_digits(value.strip())
    if not re.fullmatch(r"25\d\d|26\d\d", digits):
        raise FieldError(f"'{value}' is not a Buddhist-era fiscal year (e.g. 2570)")
    return int(digits)


def oit_codes(value: str, ctx: Context) -> list[str]:
    codes = [c.upper() for c in comma_list(value, ctx)]
    for code in codes:
        if not re.fullmatch(r"O\d{1,2}", code):
            raise FieldError(f"'{code}' is not an OIT item code (e.g. O12)")
    return codes


def withheld(value: str, ctx: Context) -> dict:
    match = re.match(r"^(?:s\.?|ม\.|มาตรา)?\s*(14|15\s*\(\s*[1-6]\s*\))\s*[:\-–]?\s*(.+)$",
                     thaitext.arabic_digits(value.strip()), re.S)
    if not match:
        raise FieldError(f"'{value}' does not start with a legal ground (use 14 or 15(1)-15(6), then the reason)")
    return {"ground": re.sub(r"\s", "", match[1]), "reason": match[2].strip()}


def _default_fiscal_year(values: dict) -> None:
    values.setdefault("fiscal_year", thaitext.fiscal_year(values["date"]))


DISCLOSURE = Kind(
    name="disclosure",
    folder_setting="INFO_CENTRE_PATH",
    needs_date=True,
    derive=_default_fiscal_year,
    fields=(
        Field("Title", text, required=True, help="title of the information", example="..."),
        Field("Date", date, required=True, help="date published", example="2026-11-20"),
        Field("Category", oia_category, required=True, help="OIA s.7 / s.9 category", example="9(8) สขร.1"),
        Field("Fiscal_year", fiscal_year, required=True, help="BE fiscal year it belongs to", example="2570"),
        Field("Reference", text, help="letter number (หนังสือที่ ...)"),
        Field("Attachments", attachments(ATTACHMENT_EXTENSIONS), help="PDF/DOCX/XLSX files under content/, comma-separated"),
        Field("Oit", oit_codes, help="ITA/OIT item codes, e.g. O12, O20"),
        Field("Withheld", withheld, help="ground (14, 15(1)-15(6)) and reason for withholding part of it"),
        Field("Slug", slug, help="web address; ASCII"),
        Field("Summary", text, help="one sentence"),
        Field("Status", status, help="published or draft"),
    ),
)
register_kind(DISCLOSURE)


class Disclosure(Page):
    mandatory_properties = ("title", "date")
    default_template = "disclosure"


class DisclosuresGenerator(KindGenerator):
    """Reads content/oia/ and writes one page per published disclosure."""

    kind, content_class, context_key, item_name = DISCLOSURE, Disclosure, "disclosures", "disclosure"

    def publishable(self, item) -> bool:
        # Its Category: error is reported; a disclosure never goes out without a legal category.
        return isinstance(item.category, categories.OiaCategory)

    def generate_output(self, writer):
        relative, base = self.settings["RELATIVE_URLS"], self.settings["INFO_CENTRE_INDEX_URL"]
        write = lambda path, template, **extra: writer.write_file(  # noqa: E731
            f"{base}{path}index.html", self.get_template(template), self.context,
            relative_urls=relative, url=f"{base}{path}", **extra)
        self.write_pages(writer)
        groups = [(c, [d for d in self.items if d.category == c]) for c in categories.CATEGORIES]
        groups = [(category, items) for category, items in groups if items]
        write("", "information_centre", groups=groups)
        for category, items in groups:
            write(f"{category.slug}/", "information_centre_category", category=category, disclosures=items)
        self._write_log(write, groups)
        open_data.write(self.items, os.path.join(self.output_path, base), self.settings)

    def _write_log(self, write, groups):
        """The disclosure log, and one page per fiscal year, category and both: filters that are
        plain links, so the log works without JavaScript."""
        years = sorted({d.fiscal_year for d in self.items}, reverse=True)
        for year in [None, *years]:
            for category in [None, *(c for c, _ in groups)]:
                shown = [d for d in self.items if (year is None or d.fiscal_year == year)
                         and (category is None or d.category == category)]
                path = "log/" + "".join(f"{part}/" for part in (year, category and category.slug) if part)
                write(path, "disclosure_log", disclosures=shown, years=years, oia_categories=[c for c, _ in groups],
                      year=year, category=category)

def register() -> None:
    manifest.register_plugin(DisclosuresGenerator)
