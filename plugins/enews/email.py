"""The e-mail versions of an issue: HTML built for mail programs, and plain text.

Mail programs are not browsers: Gmail drops <link> and most of <head>, Outlook for Windows
lays out with Word, and many clients invert colours in dark mode. So the HTML is tables
(role="presentation") with every style inlined by css-inline; only the @media rules (dark mode,
phones) stay in a <style> block, for the clients that honour them. Every address is absolute
(OFFICE_SITE_URL), every photo is a JPEG rendition with width, height and alt, and the result
must stay under ENEWS_MAX_EMAIL_BYTES so Gmail does not clip it.

The only thing left to fill in is ``UNSUBSCRIBE_TOKEN``, once in each version, where the
footer's unsubscribe link goes; the sender puts each recipient's own address there.
"""

from __future__ import annotations

import html
import re

import css_inline

from plugins.media import picture_for
from plugins.office_site import absolute_addresses, absolute_url, office_info, site_path
from plugins.office_site import settings as office_defaults
from plugins.thai_text import thaitext

from .selection import in_sections

UNSUBSCRIBE_TOKEN = "{{UNSUBSCRIBE_URL}}"
CONTENT_WIDTH = 552  # px: the 600-px message less its 24-px margins
LOGO_WIDTH = 48
TEXT_WIDTH = 72  # columns of the plain-text version


def render_email(issue, items, settings, env) -> tuple[str, str]:
    """(html, text) of one issue; ``items`` are its news in order, ``env`` the theme's Jinja env."""
    view = _view(issue, items, settings)
    markup = env.get_template("email/issue.html").render(view)
    markup = css_inline.inline(markup, minify_css=True, load_remote_stylesheets=False)
    text = env.get_template("email/issue.txt").render(view)
    return markup, wrap(re.sub(r"\n{3,}", "\n\n", text).strip() + "\n")


def subject(issue) -> str:
    """'จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569 ประจำเดือนพฤศจิกายน 2569'."""
    return f"{issue.title} ประจำ{issue.period_label}"


def message(issue, markup: str, settings) -> dict:
    """message.json: what the sender needs besides the two files."""
    return {
        "issue": issue.slug,
        "number": issue.number,
        "subject": subject(issue),
        "preheader": issue.excerpt,
        "url": absolute_url(settings, issue.url),
        "html": "email.html",
        "text": "email.txt",
        "bytes": len(markup.encode("utf-8")),
    }


# --- what the templates show ----------------------------------------------------------------

def _view(issue, items, settings) -> dict:
    site = settings["OFFICE_SITE_URL"]
    office = office_info(settings)
    logo = picture_for(office["logo_png"]) if office["logo_png"] else None
    editorial = _editorial(issue.get_content(site), absolute_url(settings, issue.url), settings)
    return {
        "issue": issue,
        "subject": subject(issue),
        "url": absolute_url(settings, issue.url),
        "editorial_html": editorial,
        "editorial_text": _paragraphs(editorial),
        "sections": [{"name": category.name, "items": [_entry(item, settings) for item in group]}
                     for category, group in in_sections(items, settings["CONTENT_MODEL_CATEGORIES"])],
        "office": office,
        "logo": _image(logo, 2 * LOGO_WIDTH, LOGO_WIDTH, "", settings) if logo else None,  # beside the office's name
        "site_url": site + "/",
        "archive_url": absolute_url(settings, settings["ENEWS_INDEX_URL"]),
        "colours": _colours(settings),
        "unsubscribe_url": UNSUBSCRIBE_TOKEN,
    }


def _colours(settings) -> dict:
    """OFFICE_COLOURS may name only some colours: the default accent, and the primary for primary_dark."""
    colours = {**office_defaults.OFFICE_COLOURS, "primary_dark": None, **settings["OFFICE_COLOURS"]}
    colours["primary_dark"] = colours["primary_dark"] or colours["primary"]
    return colours


def _entry(item, settings) -> dict:
    picture = picture_for(item.image) if getattr(item, "image", None) else None
    return {
        "title": item.title,
        "url": absolute_url(settings, item.url),
        "date": item.date,
        "summary": item.excerpt,
        "image": _photo(picture, item.image_alt, settings) if picture else None,
    }


def _image(picture, wanted: int, shown: int, alt: str, settings) -> dict:
    """The JPEG rendition nearest ``wanted`` px (WebP is not shown by every mail program), with
    the size it is shown at: ``shown`` px wide at most, never wider than the rendition."""
    path = picture.url("jpeg", wanted)
    rendition = next(r for r in picture.manifest["renditions"] if picture.base + r["file"] == path)
    width = min(shown, rendition["width"])
    return {"src": absolute_url(settings, path), "width": width,
            "height": round(width * rendition["height"] / rendition["width"]), "alt": alt}


def _photo(picture, alt: str, settings) -> dict:
    """A news or editorial photo: as wide as the message's text column."""
    return _image(picture, settings["ENEWS_IMAGE_WIDTH"], CONTENT_WIDTH, alt, settings)


IMAGE = re.compile(r"<img\b[^>]*>", re.I)


def _editorial(markup: str, base: str, settings) -> str:
    """Links in the editorial lead to the site (office_site.absolute_addresses); its photos become
    JPEG renditions with their size."""
    def photo(match: re.Match) -> str:
        src, alt = re.search(r'\bsrc="([^"]*)"', match[0]), re.search(r'\balt="([^"]*)"', match[0])
        path = site_path(settings, html.unescape(src[1])) if src else None
        picture = picture_for(path) if path else None
        if picture is None:
            return match[0]
        image = _photo(picture, html.unescape(alt[1]) if alt else "", settings)
        return (f'<img src="{html.escape(image["src"])}" width="{image["width"]}" height="{image["height"]}" '
                f'alt="{html.escape(image["alt"])}">')

    return IMAGE.sub(photo, absolute_addresses(markup, base, settings))


BLOCK = re.compile(r"</?(?:p|div|h[1-6]|ul|ol|blockquote|table|tr|figure|hr)\b[^>]*>|<br\s*/?>", re.I)
LINK = re.compile(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S)


def _paragraphs(markup: str) -> list[str]:
    """The editorial as plain paragraphs; a link keeps its address after its words."""
    def link(match: re.Match) -> str:
        words, url = match[2], html.unescape(match[1]).removeprefix("mailto:")
        return words if thaitext.html_to_text(words) == url else f"{words} ({url})"

    text = re.sub(r"<li\b[^>]*>", "\n\n- ", LINK.sub(link, markup), flags=re.I)
    text = BLOCK.sub("\n\n", re.sub(r"</li>", "", text, flags=re.I))
    paragraphs = [thaitext.html_to_text(part) for part in text.split("\n\n")]
    return [p for p in paragraphs if p]


# --- plain text -------------------------------------------------------------------------------

LIST_MARK = re.compile(r"[ \t]*(?:[-*] )?")


def wrap(text: str, width: int = TEXT_WIDTH) -> str:
    """Lines wider than ``width`` columns broken where Thai text may break (thaitext.wrap: between
    words, never inside สพป. or an address); a continued list item keeps its indent."""
    return "\n".join(part for line in text.split("\n") for part in _wrap_line(line, width))


def _wrap_line(line: str, width: int) -> list[str]:
    line = line.rstrip()
    if thaitext.columns(line) <= width:
        return [line]
    lead = LIST_MARK.match(line)[0]
    hang = " " * len(lead)
    lines = thaitext.wrap(line[len(lead):], width - len(lead), measure=thaitext.columns) or [""]
    return [lead + lines[0], *(hang + rest for rest in lines[1:])]
