"""news_navigation: how a reader moves between news items — newer/older, related news, and the
archives by Buddhist-era year and month (news/2569/, news/2569/11/).

Hooks
    initialized                  defaults and checks of every plugin (plugins.manifest.configure)
    article_generator_finalized  newer/older/related on each news item; the BE year/month archive tree
    get_generators               ArchivesGenerator: a page per BE year and per month

Attributes on each current news item: newer, older, related.
Context for templates: archive_years (every year and month with its address and count).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from itertools import groupby

from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.content_model import published_news
from plugins.thai_text import thaitext


def _tags(article) -> set:
    return set(getattr(article, "tags", None) or [])


def _newest_first(items: list) -> list:
    """By date, newest first; items of the same moment keep their order (a stable sort)."""
    return sorted(items, key=lambda item: item.date, reverse=True)


class RelatedNews:
    """Related news from indexes (tag → items, section → items) instead of comparing every pair.

    ``related(article, count)``: most shared tags first, then the same section, then the newest;
    equal items in the order of ``articles``."""

    def __init__(self, articles: list):
        self.position = {id(article): index for index, article in enumerate(articles)}
        self.by_tag, by_section = defaultdict(list), defaultdict(list)
        for article in articles:
            for tag in _tags(article):
                self.by_tag[tag].append(article)
            by_section[article.category].append(article)
        self.by_section = {section: _newest_first(items) for section, items in by_section.items()}
        self.sharing_cache: dict[frozenset, list] = {}

    def sharing(self, tags: frozenset) -> list[tuple[int, object]]:
        """(shared tags, item) of every item with one of ``tags``: most shared, newest first.
        Items with the same tags share the work, so its cost grows with the distinct tag sets."""
        if tags not in self.sharing_cache:
            shared = Counter(item_id for tag in tags for item_id in map(id, self.by_tag.get(tag, ())))
            items = {id(item): item for tag in tags for item in self.by_tag.get(tag, ())}
            ranked = sorted(items.values(), key=lambda item: (shared[id(item)], item.date, -self.position[id(item)]),
                            reverse=True)
            self.sharing_cache[tags] = [(shared[id(item)], item) for item in ranked]
        return self.sharing_cache[tags]

    def related(self, article, count: int) -> list:
        found, sharing = [], self.sharing(frozenset(_tags(article)))
        for _, level in groupby(sharing, key=lambda row: row[0]):
            same_section, other_sections = [], []
            for _, item in level:
                if item is article:
                    continue
                (same_section if item.category == article.category else other_sections).append(item)
                if len(same_section) >= count:  # the rest of this level ranks below these
                    break
            found += same_section + other_sections
            if len(found) >= count:
                return found[:count]
        # Then the same section with no shared tag, newest first.
        tagged = {id(item) for _, item in sharing}
        for item in self.by_section.get(article.category, ()):
            if len(found) >= count:
                break
            if item is not article and id(item) not in tagged:
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
