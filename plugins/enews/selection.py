"""Which news an e-news issue carries, and the Thai words for its period. Pure functions, no Pelican.

An issue covers a period (by default the calendar month its file is named after,
``2569-11.md``). It carries the published news dated within the period whose ``Enews:`` is
yes (the default) and which are still current on the issue's date, or, when the officer
lists ``Picks:``, exactly those. Items are grouped by news section, in the site's section order.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re

from plugins.thai_text import thaitext

# content/enews/2569-11.md, or 2569-11-special.md for a second issue of the month.
MONTH_FILE = re.compile(r"^(25\d\d|26\d\d)-(0?[1-9]|1[0-2])(?:-[a-z0-9-]+)?$")


def local_day(value: dt.date) -> dt.date:
    """The calendar day in Thailand: a news item at 23:30 belongs to that day, whatever the zone."""
    if isinstance(value, dt.datetime):
        return (value.astimezone(thaitext.BANGKOK) if value.tzinfo else value).date()
    return value


def month_of(stem: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of the month a file is named after: '2569-11' -> (2026-11-01, 2026-11-30)."""
    match = MONTH_FILE.match(stem)
    if not match:
        return None
    year, month = int(match[1]) - thaitext.BE_OFFSET, int(match[2])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def period_label(start: dt.date, end: dt.date, digits: str = "arabic") -> str:
    """'เดือนพฤศจิกายน 2569' for a whole month, else 'วันที่ 1–15 พฤศจิกายน 2569' or
    'วันที่ 20 ตุลาคม – 5 พฤศจิกายน 2569' (what follows 'ประจำ' in a subject)."""
    if start.day == 1 and (start.year, start.month) == (end.year, end.month) \
            and end.day == calendar.monthrange(end.year, end.month)[1]:
        return "เดือน" + thaitext.format_date(start, "month", digits)
    last = thaitext.format_date(end, "long", digits)
    if (start.year, start.month) == (end.year, end.month):
        first = thaitext.thai_digits(start.day) if digits == "thai" else str(start.day)
        return f"วันที่ {first}–{last}" if start != end else f"วันที่ {last}"
    first = thaitext.format_date(start, "long", digits)
    if start.year == end.year:  # the year once, at the end
        first = first.rsplit(" ", 1)[0]
    return f"วันที่ {first} – {last}"


def expired(item, on: dt.date) -> bool:
    """Expires: is the last day an announcement is current; after it, the issue leaves it out."""
    expires = getattr(item, "expires", None)
    return expires is not None and local_day(expires) < on


class News:
    """The published news, indexed once per build so that choosing an issue's items reads only its
    period (by day) or its picks (by slug), not the whole archive once per issue."""

    def __init__(self, articles):
        # Stable: items of the same day keep the order of ``articles``.
        self.by_day = sorted(articles, key=lambda a: local_day(a.date))
        self.days = [local_day(a.date) for a in self.by_day]
        self.by_slug = {a.slug: a for a in articles}

    def automatic(self, start: dt.date, end: dt.date, on: dt.date) -> list:
        """Published news of the period meant for the e-news and still current on ``on`` (the
        issue's date), newest first. Nothing dated after ``on`` joins: an issue, once sent, never changes."""
        first, last = bisect.bisect_left(self.days, start), bisect.bisect_right(self.days, min(end, on))
        chosen = [a for a in self.by_day[first:last] if getattr(a, "enews", True) and not expired(a, on)]
        return sorted(chosen, key=lambda a: a.date, reverse=True)

    def picked(self, slugs: list[str]) -> tuple[list, list[str]]:
        """The news named in Picks:, in the officer's order, and the slugs no published item has."""
        return [self.by_slug[s] for s in slugs if s in self.by_slug], [s for s in slugs if s not in self.by_slug]


def in_sections(items, order) -> list[tuple[object, list]]:
    """(section, items) in ``order`` (section names); a section not in it goes last. Stable."""
    groups: dict[str, tuple[object, list]] = {}
    rank = {name: index for index, name in enumerate(order)}
    for item in sorted(items, key=lambda i: rank.get(i.category.name, len(rank))):
        groups.setdefault(item.category.name, (item.category, []))[1].append(item)
    return list(groups.values())
