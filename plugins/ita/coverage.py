"""Which pages, disclosures and news items provide each item of a checklist.

One function, ``coverage``, serves the ITA page, the build's warnings and ``prsite ita report``;
it works on a ``Site``, a snapshot of one run's published content, so it needs no Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from plugins.information_centre import categories
from plugins.thai_text import thaitext

from .checklist import Checklist, Item


@dataclass(frozen=True)
class Site:
    """The published content of one run (drafts are not evidence)."""

    pages: tuple  # Pelican pages: .slug, .title, .url
    disclosures: tuple  # newest first: .slug, .category (OiaCategory), .fiscal_year, .oit
    news: tuple  # newest first: .category.name, .tags, .date
    news_categories: tuple[str, ...]  # CONTENT_MODEL_CATEGORIES
    base_url: str  # OFFICE_SITE_URL: links are shown as the addresses ITAS asks for


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # relative to the site root, as Pelican's .url


@dataclass(frozen=True)
class Row:
    item: Item
    links: tuple[Link, ...]  # empty: ยังไม่มีข้อมูล


@dataclass(frozen=True)
class Coverage:
    checklist: Checklist
    rows: tuple[Row, ...]

    @property
    def fiscal_year(self) -> int:
        return self.checklist.fiscal_year

    @property
    def satisfied(self) -> list[Row]:
        return [row for row in self.rows if row.links]

    @property
    def missing(self) -> list[Row]:
        return [row for row in self.rows if not row.links]

    @property
    def groups(self) -> list[tuple[str, list[Row]]]:
        """Consecutive items of one indicator, as the file lists them."""
        return [(group, list(rows)) for group, rows in groupby(self.rows, key=lambda row: row.item.group)]


def links_for(item: Item, site: Site, fiscal_year: int) -> tuple[Link, ...]:
    years = item.fiscal_years or (fiscal_year,)
    tags = set(item.tags)

    def disclosure_counts(d) -> bool:
        if d.slug in item.disclosures:
            return True
        oit = item.disclosures_oit and item.code in (getattr(d, "oit", None) or ())
        return d.fiscal_year in years and (d.category.code in item.oia_categories or oit)

    def news_counts(a) -> bool:
        about = a.category.name in item.news_categories or tags & {tag.name for tag in getattr(a, "tags", [])}
        return bool(about) and thaitext.fiscal_year(a.date) in years

    pages = sorted((p for p in site.pages if p.slug in item.pages), key=lambda p: item.pages.index(p.slug))
    found = [*pages, *filter(disclosure_counts, site.disclosures), *filter(news_counts, site.news)]
    return tuple(Link(content.title, content.url) for content in found)


def coverage(checklist: Checklist, site: Site) -> Coverage:
    return Coverage(checklist, tuple(Row(item, links_for(item, site, checklist.fiscal_year))
                                     for item in checklist.items))


def unknown_references(checklist: Checklist, site: Site) -> list[tuple[str, str]]:
    """(field, message) for each name in satisfied_by that nothing on the site has: a typo
    there would make an item look missing, or hide that its only evidence is gone."""
    known = {
        "pages": ({p.slug for p in site.pages}, "is not a page (no published file in content/pages/ has this Slug:)"),
        "oia_categories": ({c.code for c in categories.CATEGORIES},
                           f"is not an OIA category (use one of: {', '.join(c.code for c in categories.CATEGORIES)})"),
        "news_categories": (set(site.news_categories),
                            f"is not a news section (use one of: {', '.join(site.news_categories)})"),
        "tags": ({tag.name for a in site.news for tag in getattr(a, "tags", [])}, "is on no published news item"),
        "disclosures": ({d.slug for d in site.disclosures},
                        "is not a disclosure (no published file in content/oia/ has this Slug:)"),
    }
    found = []
    for item in checklist.items:
        for key, (names, message) in known.items():
            for name in getattr(item, key):
                if name not in names:
                    found.append((f"{item.where}.satisfied_by.{key}", f"'{name}' {message}"))
    return found
