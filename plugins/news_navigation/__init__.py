"""news_navigation: how a reader moves between news items — newer/older, related news, and the
archives by Buddhist-era year and month (news/2569/, news/2569/11/).

Hooks
    initialized                  defaults and checks of every plugin (plugins.manifest.configure)
    article_generator_finalized  newer/older/related on each news item; the BE year/month archive tree;
                                 each section's, tag's and author's items a Listing (``in`` is a lookup)
    get_generators               ArchivesGenerator: a page per BE year and per month

Attributes on each current news item: newer, older, related.
Context for templates: archive_years (every year and month with its address and count).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from itertools import combinations

from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.content_model import published_news
from plugins.thai_text import thaitext


# Related news indexes the items of every set of up to this many tags: an item with k tags is in
# about k³/6 lists, and one with more shared tags than this is found by reading further.
INDEXED_TAG_SETS = 3


def _tags(article) -> frozenset:
    """The slugs of an item's tags: what makes two tags one (Pelican's Tag compares slugs), as strings,
    which hash without calling Python."""
    return frozenset(tag.slug for tag in getattr(article, "tags", None) or [])


class RelatedNews:
    """Related news from indexes instead of comparing every pair: most shared tags first, then the
    same section, then the newest; items of the same moment in the order of ``articles`` (what
    sorting every pair gave).

    ``having`` lists the items (newest first) that carry each set of up to INDEXED_TAG_SETS tags, so
    the items sharing exactly n tags with an item are read from the lists of its n-tag subsets,
    newest first and only as far as needed: the work per item does not grow with the archive."""

    def __init__(self, articles: list):
        # Stable: items of the same moment keep their order.
        self.newest_first = sorted(articles, key=lambda item: item.date, reverse=True)
        self.rank = {id(item): rank for rank, item in enumerate(self.newest_first)}
        self.tags_of = {id(item): _tags(item) for item in articles}
        self.section_of = {id(item): item.category.slug for item in articles}  # slugs, as for tags
        self.having, self.by_section = defaultdict(list), defaultdict(list)
        for item in self.newest_first:
            tags = self.tags_of[id(item)]
            for size in range(1, min(len(tags), INDEXED_TAG_SETS) + 1):
                for subset in combinations(tags, size):
                    self.having[frozenset(subset)].append(item)
            self.by_section[self.section_of[id(item)]].append(item)

    def _sharing(self, tags: frozenset, shared: int):
        """The items with exactly ``shared`` of ``tags``, newest first. Each is in the list of
        every subset of ``tags`` it has (of the indexed size), so it is taken once."""
        size = min(shared, INDEXED_TAG_SETS)
        lists = [self.having[subset] for subset in map(frozenset, combinations(tags, size)) if subset in self.having]
        previous = None
        for item in heapq.merge(*lists, key=lambda item: self.rank[id(item)]):
            if item is not previous and len(self.tags_of[id(item)] & tags) == shared:
                yield item
            previous = item

    def related(self, article, count: int) -> list:
        found, tags = [], self.tags_of.get(id(article)) or _tags(article)
        section = self.section_of.get(id(article)) or article.category.slug
        for shared in range(len(tags), 0, -1):
            needed, same_section, other_sections = count - len(found), [], []
            for item in self._sharing(tags, shared):
                if item is article:
                    continue
                (same_section if self.section_of[id(item)] == section else other_sections).append(item)
                if len(same_section) >= needed:  # the rest of this level ranks below these
                    break
            found += same_section + other_sections
            if len(found) >= count:
                return found[:count]
        # Then the same section with no shared tag, newest first.
        for item in self.by_section.get(section, ()):
            if len(found) >= count:
                break
            if item is not article and not self.tags_of[id(item)] & tags:
                found.append(item)
        return found


def by_month(articles) -> dict[tuple[int, int], list]:
    """(BE year, month) in Thailand → its items, in the order given."""
    months = defaultdict(list)
    for article in articles:
        local = article.date.astimezone(thaitext.BANGKOK)
        months[thaitext.be_year(local), local.month].append(article)
    return months


def _archive_years(articles) -> list[dict]:
    by_year: dict[int, Counter] = defaultdict(Counter)
    for (year, month), items in by_month(articles).items():
        by_year[year][month] = len(items)
    return [
        {
            "year": year,
            "url": f"news/{year}/",
            "count": sum(months.values()),
            "months": [
                {"month": month, "year": year, "date": dt.date(year - thaitext.BE_OFFSET, month, 1),
                 "url": f"news/{year}/{month:02d}/", "count": months[month]}
                for month in sorted(months, reverse=True)
            ],
        }
        for year, months in sorted(by_year.items(), reverse=True)
    ]


class Listing(list):
    """The items of one section, tag or author, whose ``in`` is a lookup: Pelican's generate_tags,
    generate_categories and generate_authors ask ``item in items`` for every item of the site, which
    on a plain list makes each listing's pages cost as much as the whole archive."""

    def __init__(self, items):
        super().__init__(items)
        self._ids = {id(item) for item in items}

    def __contains__(self, item) -> bool:
        return id(item) in self._ids  # Pelican's items compare by identity


def index_listings(generator) -> None:
    """After every plugin has filled the sections and tags (content_model keeps the empty ones)."""
    generator.categories[:] = [(category, Listing(items)) for category, items in generator.categories]
    generator.authors[:] = [(author, Listing(items)) for author, items in generator.authors]
    for tag, items in generator.tags.items():
        generator.tags[tag] = Listing(items)


def link_news(generator) -> None:
    settings, articles = generator.settings, generator.articles  # newest first
    related = RelatedNews(articles)
    for index, article in enumerate(articles):
        article.newer = articles[index - 1] if index > 0 else None
        article.older = articles[index + 1] if index + 1 < len(articles) else None
        article.related = related.related(article, settings["NEWS_NAVIGATION_RELATED_ITEMS"])
    # The archives list expired announcements too (marked): a record of what was published, and
    # where a section with nothing current sends its readers.
    generator.context["archive_years"] = _archive_years(published_news(generator.context))


class ArchivesGenerator(Generator):
    """Archives by BE year and month (Pelican's own use CE years and are off in pelicanconf.py)."""

    def generate_output(self, writer):
        months_items = by_month(published_news(self.context))
        relative = self.settings["RELATIVE_URLS"]
        for year in self.context.get("archive_years", []):
            months = []
            for month in year["months"]:
                in_month = months_items[year["year"], month["month"]]
                months.append((month, in_month))
                writer.write_file(f"{month['url']}index.html", self.get_template("archive_month"), self.context,
                                  relative_urls=relative, url=month["url"], year=year, month=month, articles=in_month)
            writer.write_file(f"{year['url']}index.html", self.get_template("archive_year"), self.context,
                              relative_urls=relative, url=year["url"], year=year, months=months)


def register() -> None:
    manifest.register_plugin(ArchivesGenerator)
    signals.article_generator_finalized.connect(link_news)
    signals.article_generator_finalized.connect(index_listings)
