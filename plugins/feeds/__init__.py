"""feeds: the Atom and RSS 2.0 feeds schools subscribe to, their OPML list and the ติดตามข่าว page.

Which feeds exist is one table, ``SCOPES``: all news, each news section, each school in the
PR network registry (news whose ``Schools:`` names it), the information centre's disclosures
(their files as enclosures), each tag, and the e-news issues. A scope is one row.
How a feed is written is the other table, ``formats.FORMATS`` (Atom, RSS 2.0).

Every date and id comes from the content, never from the clock, so an unchanged build writes
byte-identical files, and feed readers never see an old item as new.

Hooks
    initialized               defaults and checks of every plugin (plugins.manifest.configure)
    generator_init            template global ``feeds_for(scope, key="")``: the discovery links
                              (href, type, title) of one feed, for ``components/feed_links.html``
    all_generators_finalized  plan the feeds: everything is read, nothing written yet, so every
                              page written later can link the feeds that belong to it
    get_generators            FeedsGenerator: writes the feeds, feeds/feeds.opml and the
                              ติดตามข่าว page (feeds/index.html, template ``feeds``)

Uses plugins.pr_network's ``registry``, plugins.media's ``picture_for`` (photos are
published as renditions only, so feed content points at those) and plugins.office_site's
``absolute_url`` and ``absolute_addresses`` (the same addresses as the pages and the e-mail).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.media import picture_for
from plugins.office_site import absolute_addresses, absolute_url
from plugins.pr_network import registry
from plugins.thai_text import thaitext

from .formats import FORMATS, MIME_TYPES, attachment_list, opml

PAGE_URL = "feeds/"
PAGE_SAVE_AS = "feeds/index.html"
OPML_FILE = "feeds/feeds.opml"


@dataclass(frozen=True)
class Group:
    """The items of one feed of a scope: one category, one school."""

    key: str  # in the file name and in feeds_for(scope, key); "" for a scope with one feed
    name: str  # Thai, fills {name} in the scope's title and subtitle
    page: str  # the page the feed belongs to, relative to the site root
    items: list


@dataclass(frozen=True)
class Scope:
    name: str  # what templates ask for: feeds_for("category", category.slug)
    path: str  # file name without .atom.xml / .rss.xml; {key} is the group's key
    title: str  # Thai feed title before " – <office>"; {name}
    subtitle: str  # what the feed carries, Thai; {name}, {office}
    heading: str  # its section on the ติดตามข่าว page
    groups: Callable[[dict, dict], list[Group]]  # (context, settings) -> one Group per feed


def _everything(context_key: str, page_setting: str | None) -> Callable[[dict, dict], list[Group]]:
    """One feed of every item a generator put in the context (none if its plugin is not loaded)."""
    def groups(context: dict, settings: dict) -> list[Group]:
        if context_key not in context:
            return []
        return [Group("", "", settings[page_setting] if page_setting else "", context[context_key])]
    return groups


def _categories(context: dict, settings: dict) -> list[Group]:
    return [Group(category.slug, category.name, category.url, items) for category, items in context["categories"]]


def _tags(context: dict, settings: dict) -> list[Group]:
    return [Group(tag.slug, tag.name, tag.url, items) for tag, items in context["tags"]]


def _schools(context: dict, settings: dict) -> list[Group]:
    """Every member of the PR network (schools, agencies, media), with news or not yet: a member
    can subscribe before its first news. Each feed belongs to the member's page."""
    naming = defaultdict(list)  # member id -> the news whose Schools: names it, in one pass over the news
    for article in context["articles"]:
        for member_id in dict.fromkeys(getattr(article, "schools", None) or []):
            naming[member_id].append(article)
    return [Group(m.id, m.name, f"{settings['PR_NETWORK_URL']}{m.id}/", naming[m.id])
            for m in registry(settings).members]


SCOPES = (
    Scope("all", "feeds/all", "ข่าวทั้งหมด", "ข่าวทุกหมวดจาก{office}", "ข่าวทั้งหมด",
          _everything("articles", None)),
    Scope("category", "feeds/category/{key}", "{name}", "ข่าวในหมวด “{name}” จาก{office}", "ข่าวตามหมวด",
          _categories),
    Scope("school", "feeds/school/{key}", "ข่าว{name}", "ข่าวจาก{office}ที่กล่าวถึง{name}", "ข่าวของแต่ละโรงเรียน",
          _schools),
    Scope("information-centre", "feeds/information-centre", "ศูนย์ข้อมูลข่าวสาร",
          "ข้อมูลข่าวสารตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540 ของ{office} พร้อมไฟล์เอกสาร",
          "ศูนย์ข้อมูลข่าวสาร", _everything("disclosures", "INFO_CENTRE_INDEX_URL")),
    Scope("tag", "feeds/tag/{key}", "ป้ายกำกับ: {name}", "ข่าวที่มีป้ายกำกับ “{name}” จาก{office}", "ข่าวตามป้ายกำกับ",
          _tags),
    Scope("enews", "feeds/enews", "จดหมายข่าวอิเล็กทรอนิกส์", "จดหมายข่าวอิเล็กทรอนิกส์ของ{office} ทุกฉบับ",
          "จดหมายข่าว", _everything("enews_issues", "ENEWS_INDEX_URL")),
)


# --- the plan: which feeds exist and what each holds ----------------------------------------

@dataclass(frozen=True)
class Feed:
    scope: Scope
    key: str
    name: str  # "ข่าวประชาสัมพันธ์"
    title: str  # "ข่าวประชาสัมพันธ์ – สพป.ตาก เขต 1"
    subtitle: str
    page: str  # absolute address of the page it belongs to
    path: str  # relative to output/, without the format's extension
    site: str  # OFFICE_SITE_URL
    items: list  # newest first, at most FEEDS_MAX_ITEMS
    updated: dt.datetime
    settings: dict = field(repr=False, compare=False)

    def file(self, fmt) -> str:
        return f"{self.path}.{fmt.name}.xml"

    def url(self, fmt) -> str:
        return absolute_url(self.settings, self.file(fmt))

    def links(self) -> list[dict]:
        """One per format: what a <link rel="alternate"> and the ติดตามข่าว page show."""
        return [{"href": self.url(fmt), "type": fmt.mime, "format": fmt.label, "title": f"{self.title} ({fmt.label})"}
                for fmt in FORMATS]


class _Plan:
    """This run's feeds, made when everything is read (reset on every run, for autoreload)."""

    def __init__(self) -> None:
        self.feeds: list[Feed] = []
        self.index: dict[tuple[str, str], Feed] = {}


_plan = _Plan()

# Nothing published at all: the feeds still need an updated date, and not the clock's.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=thaitext.BANGKOK)


def _moment(value: dt.date) -> dt.datetime:
    """feedgen refuses naive times; a plain date or naive time is the office's (Thailand) time."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return (value if value.tzinfo else value.replace(tzinfo=thaitext.BANGKOK)).astimezone(thaitext.BANGKOK)


def _updated(item) -> dt.datetime:
    return _moment(getattr(item, "modified", None) or item.date)


def _newest_first(items: list) -> list:
    return sorted(items, key=lambda item: (_moment(item.date), item.url), reverse=True)


def plan_feeds(generators) -> None:
    settings, context = generators[0].settings, generators[0].context
    site, limit = settings["OFFICE_SITE_URL"], settings["FEEDS_MAX_ITEMS"]
    planned = [(scope, group, _newest_first(group.items)[:limit])
               for scope in SCOPES for group in scope.groups(context, settings)]
    # An empty feed (a school with no news yet) is as new as the site.
    newest = max((_updated(item) for _, _, items in planned for item in items), default=EPOCH)
    _plan.feeds = []
    for scope, group, items in planned:
        name = scope.title.format(name=group.name)
        _plan.feeds.append(Feed(
            scope=scope, key=group.key, name=name, title=f"{name} – {settings['OFFICE_SHORT_NAME']}",
            subtitle=scope.subtitle.format(name=group.name, office=settings["OFFICE_NAME"]),
            page=absolute_url(settings, group.page), path=scope.path.format(key=group.key), site=site, items=items,
            updated=max((_updated(item) for item in items), default=newest), settings=settings,
        ))
    _plan.index = {(feed.scope.name, feed.key): feed for feed in _plan.feeds}


def feeds_for(scope: str, key: str = "") -> list[dict]:
    """The discovery links of one feed; none if this build has no such feed."""
    feed = _plan.index.get((scope, key))
    return feed.links() if feed else []


# --- entries: one item as every format needs it ------------------------------------------------

@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str  # MIME type
    length: int  # bytes
    name: str  # file name
    label: str  # "PDF, 1.2 MB"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    summary: str  # plain text (the item's excerpt)
    content_html: str  # the whole item, every address absolute
    categories: tuple[str, ...]
    enclosures: tuple[Enclosure, ...]


def make_entry(item, settings: dict) -> Entry:
    site = settings["OFFICE_SITE_URL"]
    url = absolute_url(settings, item.url)
    published = _moment(item.date)
    enclosures = tuple(
        Enclosure(absolute_url(settings, a.path), MIME_TYPES[a.type_label], a.size, a.name, f"{a.type_label}, {a.size_label}")
        for a in getattr(item, "attachments", None) or [])
    return Entry(
        # Only the year of Date: is in the id, so correcting a date within the year keeps it.
        id=f"tag:{urlsplit(site).hostname},{published.year}:{item.url}",
        title=item.title, url=url, published=published, updated=_updated(item), summary=item.excerpt,
        content_html=_content_html(item, url, settings, enclosures), categories=_categories_of(item), enclosures=enclosures,
    )


def _categories_of(item) -> tuple[str, ...]:
    """The news section and tags, or the disclosure's OIA category."""
    category = getattr(item, "category", None)
    if category is None:  # an e-news issue: no section of its own
        return ()
    section = category.name if hasattr(category, "name") else f"มาตรา {category.code} {category.label}"
    return (section, *(tag.name for tag in getattr(item, "tags", None) or []))


def _content_html(item, url: str, settings: dict, enclosures: tuple[Enclosure, ...]) -> str:
    """What the item's page shows: lead photo, body, gallery, files. A feed is read away from the
    site: every address absolute, photos at their published renditions."""
    parts = []
    lead = picture_for(item.image) if getattr(item, "image", None) else None
    if lead:
        parts.append(_figure(settings, lead, item.image_alt, getattr(item, "image_caption", None)))
    parts.append(absolute_addresses(item.get_content(settings["OFFICE_SITE_URL"]), url, settings,
                                    image=lambda path: _rendition(settings, path)))
    photos = getattr(item, "gallery", None) or []
    for number, (picture, caption) in enumerate(photos, 1):
        alt = f"ภาพที่ {number} จาก {len(photos)}" + ("" if caption else f": {item.title}")
        parts.append(_figure(settings, picture, alt, caption))
    if enclosures:
        parts.append("<p>เอกสารแนบ</p>" + attachment_list(enclosures))
    return "\n".join(parts)


def _figure(settings: dict, picture, alt: str, caption: str | None) -> str:
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (f'<figure><img src="{html.escape(absolute_url(settings, picture.url()))}" alt="{html.escape(alt)}">'
            f"{caption_html}</figure>")


def _rendition(settings: dict, path: str) -> str | None:
    picture = picture_for(path)
    return absolute_url(settings, picture.url()) if picture else None


# --- writing -------------------------------------------------------------------------------------

class FeedsGenerator(Generator):
    """Writes in Pelican's output phase, with the theme, so the ติดตามข่าว page is an ordinary page
    (relative links, in the sitemap) and the feeds land in the same build that links them."""

    def generate_output(self, writer):
        settings = self.settings
        entries: dict[int, Entry] = {}  # one item is in several feeds; make its entry once
        for feed in _plan.feeds:
            for item in feed.items:
                if id(item) not in entries:
                    entries[id(item)] = make_entry(item, settings)
            feed_entries = [entries[id(item)] for item in feed.items]
            for fmt in FORMATS:
                self._write(feed.file(fmt), fmt.render(feed, feed_entries, settings))
        sections = [{"scope": scope, "feeds": [f for f in _plan.feeds if f.scope is scope]} for scope in SCOPES]
        sections = [section for section in sections if section["feeds"]]
        self._write(OPML_FILE, opml(sections, settings))
        writer.write_file(PAGE_SAVE_AS, self.get_template("feeds"), self.context,
                          relative_urls=settings["RELATIVE_URLS"], url=PAGE_URL, feed_sections=sections,
                          max_items=settings["FEEDS_MAX_ITEMS"], opml_url=absolute_url(settings, OPML_FILE))

    def _write(self, relative: str, data: bytes) -> None:
        path = os.path.join(self.output_path, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)


def add_template_global(generator) -> None:
    generator.env.globals["feeds_for"] = feeds_for


def register() -> None:
    manifest.register_plugin(FeedsGenerator)
    signals.generator_init.connect(add_template_global)
    signals.all_generators_finalized.connect(plan_feeds)
