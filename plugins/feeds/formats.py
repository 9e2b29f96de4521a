"""How a planned feed is written: Atom (full content) and RSS 2.0 (summary), and the OPML list.

feedgen does the bulk; these are the places it would go wrong, each handled where it happens:
``add_entry()`` prepends (entries are appended instead); the RSS channel <link> is the last
link added (the page's link goes last); RSS lastBuildDate defaults to now (set from the
feed's updated date); it refuses naive dates (entries carry aware ones); and it writes an
Atom entry's links without rel, type and length (feedgen #135, #143), so Atom entry links
are written here with lxml. RSS allows one enclosure per item: the first file is the
enclosure, the others are links in the description.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Callable

from feedgen.feed import FeedGenerator
from lxml import etree

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"

# Attachment.type_label -> the type an enclosure declares (every DOCUMENT_EXTENSIONS kind).
# A fixed table, not mimetypes: that reads the build machine's /etc/mime.types.
MIME_TYPES = {
    "PDF": "application/pdf",
    "DOC": "application/msword",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLS": "application/vnd.ms-excel",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PPTX": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ZIP": "application/zip",
}


@dataclass(frozen=True)
class Format:
    name: str  # in the file name: feeds/all.atom.xml
    label: str  # what people see: "Atom", "RSS"
    mime: str
    render: Callable  # (feed, entries, settings) -> bytes


def attachment_list(enclosures) -> str:
    return "<ul>" + "".join(f'<li><a href="{html.escape(e.url)}">{html.escape(e.name)}</a> ({e.label})</li>'
                            for e in enclosures) + "</ul>"


def _channel(feed, fmt: Format, settings: dict) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed.url(ATOM))  # one id in both formats: the Atom address
    fg.title(feed.title)
    fg.subtitle(feed.subtitle)  # also RSS <description>
    fg.language("th")
    fg.updated(feed.updated)  # also RSS <lastBuildDate>, which would otherwise be the build's clock
    fg.author(name=settings["OFFICE_NAME"], uri=feed.site + "/", email=settings["OFFICE_EMAIL"])
    fg.generator("prsite")
    fg.link(href=feed.url(fmt), rel="self", type=fmt.mime)
    fg.link(href=feed.page, rel="alternate", type="text/html")  # last: RSS <link> is the last link added
    return fg


def _atom(feed, entries, settings: dict) -> bytes:
    fg = _channel(feed, ATOM, settings)
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.title(entry.title)
        fe.published(entry.published)
        fe.updated(entry.updated)
        fe.summary(entry.summary)
        fe.content(entry.content_html, type="html")
        for term in entry.categories:
            fe.category(term=term)
    root = etree.fromstring(fg.atom_str())
    for element, entry in zip(root.iterfind(f"{{{ATOM_NAMESPACE}}}entry"), entries, strict=True):
        _link(element, href=entry.url, rel="alternate", type="text/html")
        for enclosure in entry.enclosures:
            _link(element, href=enclosure.url, rel="enclosure", type=enclosure.type,
                  length=str(enclosure.length), title=enclosure.name)
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _link(entry: etree._Element, **attributes: str) -> None:
    etree.SubElement(entry, f"{{{ATOM_NAMESPACE}}}link", attributes)


def _rss(feed, entries, settings: dict) -> bytes:
    fg = _channel(feed, RSS, settings)
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.guid(entry.id, permalink=False)
        fe.title(entry.title)
        fe.link(href=entry.url)
        fe.pubDate(entry.published)
        description = f"<p>{html.escape(entry.summary)}</p>"
        if len(entry.enclosures) > 1:
            description += "<p>เอกสารแนบเพิ่มเติม</p>" + attachment_list(entry.enclosures[1:])
        fe.description(description)
        if entry.enclosures:
            first = entry.enclosures[0]
            fe.enclosure(first.url, str(first.length), first.type)
        for term in entry.categories:
            fe.category(term=term)
    return fg.rss_str(pretty=True)


ATOM = Format("atom", "Atom", "application/atom+xml", _atom)
RSS = Format("rss", "RSS", "application/rss+xml", _rss)
FORMATS = (ATOM, RSS)  # in this order in the discovery links
CANONICAL = ATOM  # the one format of each feed the OPML list names


def opml(sections: list[dict], settings: dict) -> bytes:
    """Every feed once, grouped as on the ติดตามข่าว page (OPML 2.0, for importing into a reader).

    A reader that imports the list subscribes to every outline, so each feed is listed in one
    format only, ``CANONICAL`` (Atom: the feed's id and the first discovery link of its page),
    or every item would arrive twice. OPML 2.0 gives every subscription type="rss", Atom too.
    """
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"ฟีดข่าวของ{settings['OFFICE_NAME']}"
    newest = max(feed.updated for section in sections for feed in section["feeds"])
    etree.SubElement(head, "dateModified").text = format_datetime(newest)
    etree.SubElement(head, "ownerName").text = settings["OFFICE_NAME"]
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for section in sections:
        folder = etree.SubElement(body, "outline", text=section["scope"].heading)
        for feed in section["feeds"]:
            etree.SubElement(folder, "outline", type="rss", text=feed.title, title=feed.title,
                             description=feed.subtitle, xmlUrl=feed.url(CANONICAL), htmlUrl=feed.page, language="th")
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
