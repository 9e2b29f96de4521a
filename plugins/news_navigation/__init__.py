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

from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.content_model import published_news
from plugins.thai_text import thaitext


def _related(article, articles, count: int) -> list:
    """Most shared tags first, then the same section, then the newest."""
    tags = set(getattr(article, "tags", []) or [])
    scored = []
    for other in articles:
        if other is article:
            continue
        shared = len(tags & set(getattr(other, "tags", []) or []))
        same_section = other.category == article.category
        if shared or same_section:
            scored.append((shared, same_section, other.date, other))
    scored.sort(key=lambda row: row[:3], reverse=True)
    return [row[3] for row in scored[:count]]


def _archive_years(articles) -> list[dict]:
    by_year: dict[int, Counter] = defaultdict(Counter)
    for article in articles:
        local = article.date.astimezone(thaitext.BANGKOK)
        by_year[thaitext.be_year(local)][local.month] += 1
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
    for index, article in enumerate(articles):
        article.newer = articles[index - 1] if index > 0 else None
        article.older = articles[index + 1] if index + 1 < len(articles) else None
        article.related = _related(article, articles, settings["NEWS_NAVIGATION_RELATED_ITEMS"])
    # The archives list expired announcements too (marked): a record of what was published, and
    # where a section with nothing current sends its readers.
    generator.context["archive_years"] = _archive_years(published_news(generator.context))


class ArchivesGenerator(Generator):
    """Archives by BE year and month (Pelican's own use CE years and are off in pelicanconf.py)."""

    def generate_output(self, writer):
        articles = published_news(self.context)
        relative = self.settings["RELATIVE_URLS"]
        for year in self.context.get("archive_years", []):
            months = []
            for month in year["months"]:
                in_month = [a for a in articles if thaitext.be_year(a.date) == year["year"]
                            and a.date.astimezone(thaitext.BANGKOK).month == month["month"]]
                months.append((month, in_month))
                writer.write_file(f"{month['url']}index.html", self.get_template("archive_month"), self.context,
                                  relative_urls=relative, url=month["url"], year=year, month=month, articles=in_month)
            writer.write_file(f"{year['url']}index.html", self.get_template("archive_year"), self.context,
                              relative_urls=relative, url=year["url"], year=year, months=months)


def register() -> None:
    manifest.register_plugin(ArchivesGenerator)
    signals.article_generator_finalized.connect(link_news)
