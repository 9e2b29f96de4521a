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
import heapq
from collections import Counter, defaultdict
from itertools import groupby
from operator import itemgetter

from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.content_model import published_news
from plugins.thai_text import thaitext


def _tags(article) -> set:
    return set(getattr(article, "tags", None) or [])


class RelatedNews:
    """Related news from indexes (tag → items, section → items) instead of comparing every pair.

    ``related(article, count)``: most shared tags first, then the same section, then the newest;
    items of the same moment in the order of ``articles`` (what sorting every pair gave)."""

    def __init__(self, articles: list):
        # Stable: items of the same moment keep their order.
        self.newest_first = sorted(articles, key=lambda item: item.date, reverse=True)
        self.rank = {id(item): rank for rank, item in enumerate(self.newest_first)}
        self.tags_of = {id(item): _tags(item) for item in articles}
        self.by_tag, self.by_section = defaultdict(list), defaultdict(list)
        for item in self.newest_first:
            for tag in self.tags_of[id(item)]:
                self.by_tag[tag].append(item)
            self.by_section[item.category].append(item)
        self.counted_cache: dict[frozenset, tuple] = {}

    def _counted(self, tags: frozenset) -> tuple[dict, list, set]:
        """Every item in the lists of ``tags`` but the longest, by shared tags (newest first in
        each), with the longest list and the ids counted. Items with the same tags share this work,
        and a tag on most items (the longest list) is never walked here: its items that have no
        other of ``tags`` share exactly one, and are taken from it newest first, only as far as needed."""
        if tags not in self.counted_cache:
            lists = sorted((self.by_tag[tag] for tag in tags if tag in self.by_tag), key=len)
            longest = lists.pop() if lists else []
            counted = {id(item) for items in lists for item in items}
            levels = defaultdict(list)
            for rank in sorted(self.rank[key] for key in counted):
                item = self.newest_first[rank]
                levels[len(self.tags_of[id(item)] & tags)].append(item)
            self.counted_cache[tags] = levels, longest, counted
        return self.counted_cache[tags]

    def _sharing(self, tags: frozenset):
        """(shared tags, item) of every item with one of ``tags``: most shared first, then newest."""
        levels, longest, counted = self._counted(tags)
        for shared in sorted(levels, reverse=True):
            if shared >= 2:
                yield from ((shared, item) for item in levels[shared])
        only_longest = (item for item in longest if id(item) not in counted)
        for item in heapq.merge(levels.get(1, []), only_longest, key=lambda item: self.rank[id(item)]):
            yield 1, item

    def related(self, article, count: int) -> list:
        found, tags = [], frozenset(self.tags_of.get(id(article), _tags(article)))
        for _, level in groupby(self._sharing(tags), key=itemgetter(0)):
            needed, same_section, other_sections = count - len(found), [], []
            for _, item in level:
                if item is article:
                    continue
                (same_section if item.category == article.category else other_sections).append(item)
                if len(same_section) >= needed:  # the rest of this level ranks below these
                    break
            found += same_section + other_sections
            if len(found) >= count:
                return found[:count]
        # Then the same section with no shared tag, newest first.
        for item in self.by_section.get(article.category, ()):
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
