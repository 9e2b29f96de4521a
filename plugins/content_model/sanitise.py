"""The HTML a body (or Summary) may publish: one allow-list, applied with nh3, and what it removed.

Markdown passes raw HTML through, so a pasted ``<script>``, ``onclick=``, ``javascript:`` link,
``<meta http-equiv="refresh">`` or ``<form>`` would reach every page and feed. ``clean`` keeps
what prsite's Markdown writes and what an officer legitimately pastes (the tables below say
why each tag and attribute is there) and drops the rest; ``removals`` lists what ``clean`` drops,
one finding per element, so the reader can warn with the file and line.

Video embeds: an ``<iframe>`` survives only with an https ``src`` on EMBED_HOSTS and a
``title`` (screen readers announce it). publish/deploy/nginx/prsite.conf allows the same hosts in
its Content-Security-Policy ``frame-src`` (tests/test_sanitise.py holds the two together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

# Tag -> its attributes, beyond GLOBAL_ATTRIBUTES. Why each is here:
ALLOWED = {
    # text and structure Markdown writes; ids on headings are thaitext.heading_anchor's (toc)
    **{tag: set() for tag in ("p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark",
                              "small", "code", "pre", "kbd", "ul", "li", "dl", "dt", "dd",
                              "h1", "h2", "h3", "h4", "h5", "h6", "span", "div", "figure", "figcaption",
                              "caption", "thead", "tbody", "tfoot", "tr", "details", "summary", "cite")},
    "sup": set(), "sub": set(),            # footnote markers, chemistry, m²
    "abbr": set(),                          # Markdown's abbreviations (title is global)
    "ol": {"start", "type"},               # numbered lists that continue after a paragraph
    "blockquote": {"cite"},
    "q": {"cite"},
    "a": {"href"},                          # {static}/{filename} links are resolved by Pelican after reading
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},  # media makes <picture> later
    "table": set(), "colgroup": {"span"}, "col": {"span"},
    "th": {"colspan", "rowspan", "scope", "style"},  # style: Markdown's column alignment (text-align only)
    "td": {"colspan", "rowspan", "style"},
    "time": {"datetime"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},  # videos only
}
GLOBAL_ATTRIBUTES = {"id", "title", "lang", "dir", "class"}  # footnotes link by id; lang for English quotes
# The only classes content may carry: those prsite's Markdown writes and the theme's table wrapper.
ALLOWED_CLASSES = {"footnote", "footnote-ref", "footnote-backref", "toc", "prose__table"}
STYLE_PROPERTIES = {"text-align"}
URL_ATTRIBUTES = {"href", "src", "cite", "srcset"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and addresses inside the site (no scheme)
# Removed with everything inside: code, styles, and things that are never content.
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "object", "applet", "svg", "math",
                     "textarea", "select", "title", "xmp", "noembed", "noframes"}
# Hosts whose video player may be embedded (https only).
EMBED_HOSTS = ("www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "youtube-nocookie.com",
               "www.facebook.com", "facebook.com")

# What each kind of removed element means to the officer, and what to do about it.
CODE = "raw HTML that could run code is not published; delete it from the file"
REASONS = {
    **dict.fromkeys(("script", "noscript", "template", "object", "embed", "applet", "frame", "frameset",
                     "svg", "math", "portal"), CODE),
    **dict.fromkeys(("form", "input", "button", "select", "textarea", "option", "label", "fieldset"),
                    "forms are not published; link to the form's address instead"),
    **dict.fromkeys(("meta", "base", "link", "head", "html", "body", "title"),
                    "page settings are the theme's; delete it from the file"),
    "style": "the theme sets the look; delete it from the file",
}
OTHER_TAG = "not HTML prsite publishes, its text is kept; delete the tag or use Markdown"
EMBED = ("only YouTube and Facebook videos are embedded, as an https <iframe> from "
         "youtube.com, youtube-nocookie.com or facebook.com; link to it instead")
EMBED_TITLE = "a video needs a title; add title=\"...\" saying what the video is"
BAD_URL = "only http, https, mailto and tel links and addresses in the site are published; fix the link"
HANDLER = CODE
OTHER_ATTRIBUTE = "the theme sets the look; delete it from the file"


@dataclass(frozen=True)
class Removal:
    """Something ``clean`` removes: what it was, why, and text to find it by in the source."""

    what: str  # "<script>", "onclick= on <a>"
    why: str
    needles: tuple[str, ...]  # searched for in the Markdown source, first found wins

    def __str__(self) -> str:
        return f"removed {self.what} ({self.why})"


def clean(markup: str) -> str:
    """``markup`` with only what ALLOWED permits; unusable video embeds removed whole."""
    cleaned = nh3.clean(
        markup,
        tags=set(ALLOWED),
        clean_content_tags=DROP_WITH_CONTENT,
        attributes={"*": GLOBAL_ATTRIBUTES - {"class"}, **{tag: attrs for tag, attrs in ALLOWED.items() if attrs}},
        allowed_classes={tag: ALLOWED_CLASSES for tag in ALLOWED},
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,  # no target= survives, so no window.opener to guard
        strip_comments=True,
    )
    return IFRAME.sub(lambda m: m[0] if _usable_embed(_attributes(m[1])) is None else "", cleaned)


def removals(markup: str) -> list[Removal]:
    """What ``clean`` removes from ``markup``, in document order, one per element."""
    scanner = _Scanner()
    scanner.feed(markup)
    scanner.close()
    return scanner.found


def lines_of(found: list[Removal], source: str, start: int) -> list[int]:
    """1-based line of ``source`` of each removal, searched in order from offset ``start``: two
    equal elements on different lines get their own lines; the field's first line if not found."""
    lowered, cursor, lines = source.lower(), start, []
    for removal in found:
        at = -1
        for origin in (cursor, start):
            at = next((i for i in (lowered.find(n.lower(), origin) for n in removal.needles) if i >= 0), -1)
            if at >= 0:
                break
        if at >= 0 and removal.what.startswith("<"):  # an element: the next one is further on
            cursor = at + 1
        lines.append(source.count("\n", 0, at if at >= 0 else start) + 1)
    return lines


# --- the rules, shared by clean and removals ----------------------------------------------------

IFRAME = re.compile(r'<iframe((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*>.*?</iframe>', re.S)
ATTRIBUTE = re.compile(r'([^\s=>]+)(?:="([^"]*)")?')


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): value or "" for name, value in ATTRIBUTE.findall(text)}


def _usable_embed(attrs: dict) -> str | None:
    """None if an <iframe> with these attributes may be published; else why not."""
    if not _embed_source(attrs.get("src") or ""):
        return EMBED
    if not (attrs.get("title") or "").strip():
        return EMBED_TITLE
    return None


def _embed_source(src: str) -> bool:
    parts = urlsplit(src.strip())
    return parts.scheme == "https" and (parts.hostname or "") in EMBED_HOSTS


def _safe_url(value: str) -> bool:
    scheme = urlsplit(value.strip()).scheme.lower()
    return not scheme or scheme in URL_SCHEMES


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's per-attribute check for what its own options cannot say."""
    if tag == "iframe" and name == "src":
        return value if _embed_source(value) else None
    if name == "srcset":  # nh3 does not read srcset as addresses
        return value if all(_safe_url(candidate.split()[0]) for candidate in value.split(",") if candidate.strip()) else None
    return value


def _attribute_problem(tag: str, name: str, value: str) -> str | None:
    """Why ``clean`` drops this attribute of an allowed tag, or None if it keeps it."""
    if name.startswith("on"):
        return HANDLER
    if name not in GLOBAL_ATTRIBUTES and name not in ALLOWED[tag]:
        return OTHER_ATTRIBUTE
    if name in URL_ATTRIBUTES and tag != "iframe":
        candidates = [c.split()[0] for c in value.split(",") if c.strip()] if name == "srcset" else [value]
        if not all(_safe_url(c) for c in candidates):
            return BAD_URL
    if name == "class" and not set(value.split()) <= ALLOWED_CLASSES:
        return OTHER_ATTRIBUTE
    if name == "style":
        properties = {part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()}
        if not properties <= STYLE_PROPERTIES:
            return OTHER_ATTRIBUTE
    return None


class _Scanner(HTMLParser):
    """Walks the HTML as nh3 will and notes each element or attribute it drops."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Removal] = []
        self.dropping: list[str] = []  # open elements removed with their content

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.append(tag)
            return
        values = {name: value or "" for name, value in attrs}
        needles = (f"<{tag}",)
        if tag not in ALLOWED:
            self.found.append(Removal(f"<{tag}>", REASONS.get(tag, OTHER_TAG), needles))
            if tag in DROP_WITH_CONTENT:
                self.dropping.append(tag)
            return
        if tag == "iframe":
            why = _usable_embed(values)
            if why:
                src = urlsplit(values.get("src", "")).hostname
                self.found.append(Removal(f"<iframe> of {src}" if src and why == EMBED else "<iframe>", why, needles))
                return
        for name, value in values.items():
            why = _attribute_problem(tag, name, value)
            if why:
                shown = f'{name}="{value}"' if why == BAD_URL else f"{name}="
                self.found.append(Removal(f"{shown} from <{tag}>", why, (value, f"{name}=") if value else (f"{name}=",)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.dropping and self.dropping[-1] == tag:
            self.dropping.pop()

    def handle_endtag(self, tag):
        if self.dropping and tag == self.dropping[-1]:
            self.dropping.pop()
