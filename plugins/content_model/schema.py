"""The content model: which metadata fields each kind of content has, and how each is read.

A kind is a folder under content/ plus a table of fields. Each field has a parser
that turns the officer's text into a value or raises FieldError with the message
the officer sees. Other plugins add kinds with ``register_kind`` (the information
centre adds disclosures), so one reader validates everything the same way.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from typing import Any, Callable

from plugins.common import yes_no
from plugins.thai_text import thaitext

from .cache import look  # every other file a read looks at: the reading cache checks them again


class FieldError(ValueError):
    """str() is what the officer reads after 'path: Field: '."""


@dataclass(frozen=True)
class Context:
    """What a field parser may look at besides the value."""

    settings: dict
    path: str
    # Reports something worth fixing in the value (a warning on this file and field); the
    # Markdown reader passes one, data-file loaders that give none do not get such warnings.
    warn: Callable[[str], None] | None = None


Parser = Callable[[str, Context], Any]

# Thai names an officer may write instead of a field's English name (สถานะ: draft), for every
# kind that has the field. One table, documented in docs/formats.md and docs/content-guide.md.
THAI_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "Title": ("หัวข้อ", "ชื่อเรื่อง"),
    "Date": ("วันที่",),
    "Category": ("หมวด", "หมวดหมู่"),
    "Tags": ("แท็ก", "ป้ายกำกับ"),
    "Summary": ("สรุป",),
    "Image": ("ภาพ", "รูปภาพ"),
    "Image_alt": ("คำบรรยายภาพ",),
    "Image_caption": ("คำอธิบายภาพ",),
    "Gallery": ("แกลเลอรี",),
    "Attachments": ("เอกสารแนบ", "ไฟล์แนบ"),
    "Schools": ("โรงเรียน",),
    "Status": ("สถานะ",),
    "Expires": ("วันหมดอายุ",),
    "Enews": ("จดหมายข่าว",),
    "Modified": ("แก้ไขล่าสุด",),
    "Nav_order": ("ลำดับเมนู",),
    "Fiscal_year": ("ปีงบประมาณ",),
    "Reference": ("เลขที่หนังสือ",),
}


@dataclass(frozen=True)
class Field:
    name: str  # as the officer writes it, e.g. "Image_alt"
    parse: Parser
    required: bool = False
    help: str = ""
    example: str = ""

    @property
    def key(self) -> str:  # metadata names are case-insensitive; Pelican gets them lowercased
        return self.name.lower()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the field may be written with, lowercased: its own and its Thai ones."""
        return (self.key, *THAI_FIELD_NAMES.get(self.name, ()))


@dataclass(frozen=True)
class Kind:
    name: str  # "news", "page", "disclosure"
    folder_setting: str  # the setting holding its folder(s) under content/
    fields: tuple[Field, ...]
    needs_date: bool = False
    # Fills values computed from others (e.g. news' BE year for its URL), after reading.
    derive: Callable[[dict], None] | None = None

    def field(self, name: str) -> Field | None:
        """The field written as ``name`` (its name in any case, or a Thai name)."""
        return next((f for f in self.fields if name.lower() in f.names), None)

    def unknown_field_message(self, name: str) -> str:
        written = {written: f.name if written == f.key else written for f in self.fields for written in f.names}
        close = difflib.get_close_matches(name.lower(), list(written), n=1, cutoff=0.6)
        if close:
            return f"unknown field (did you mean '{written[close[0]]}'?)"
        return f"unknown field (fields for {self.name}: {', '.join(f.name for f in self.fields)})"


# --- parsers ------------------------------------------------------------------

def text(value: str, ctx: Context) -> str:
    return value


def date(value: str, ctx: Context):
    try:
        parsed = thaitext.parse_date(value)
    except thaitext.DateError as error:
        raise FieldError(str(error)) from None
    respelled = thaitext.ce_year_in_thai_form(value)
    if respelled and ctx.warn:  # 20/11/2026: surely CE, but the Thai form is meant for BE years
        be_form, iso_form = respelled
        ctx.warn(f"'{value}' was read with {parsed.year} as a Christian-era year (B.E. {thaitext.be_year(parsed)}); "
                 f"write {be_form} or {iso_form}")
    return parsed


def category(value: str, ctx: Context) -> str:
    allowed = ctx.settings["CONTENT_MODEL_CATEGORIES"]
    if value not in allowed:
        raise FieldError(f"'{value}' is not a category (use one of: {', '.join(allowed)})")
    return value


def comma_list(value: str, ctx: Context) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(value: str, ctx: Context) -> str:
    if not SLUG_PATTERN.match(value):
        raise FieldError(f"'{value}' is not a slug (use lowercase a-z, 0-9 and '-', e.g. directors-meeting)")
    return value


def id_list(value: str, ctx: Context) -> list[str]:
    ids = comma_list(value, ctx)
    for item in ids:
        if not SLUG_PATTERN.match(item):
            raise FieldError(f"'{item}' is not a member id (ids are lowercase a-z, 0-9 and '-')")
    return ids


# As written (also in Thai) -> the status. Anything else is an error, and the reader then keeps
# the item as a draft (fail closed).
STATUSES = {"published": "published", "draft": "draft", "เผยแพร่": "published", "ฉบับร่าง": "draft", "ร่าง": "draft"}


def status(value: str, ctx: Context) -> str:
    if value.lower() not in STATUSES:
        raise FieldError(f"'{value}' is not a status (use published or draft)")
    return STATUSES[value.lower()]


def yes_or_no(value: str, ctx: Context) -> bool:
    answer = yes_no(value)
    if answer is None:
        raise FieldError(f"'{value}' is not yes or no (use yes or no)")
    return answer


def integer(value: str, ctx: Context) -> int:
    try:
        return int(thaitext.arabic_digits(value))
    except ValueError:
        raise FieldError(f"'{value}' is not a whole number (e.g. 3)") from None


HIDDEN = "hidden files and folders are never published"
LEAVES_CONTENT = "it leads outside content/, and only what is inside content/ is published"


def unpublishable_part(root: str, relative: str) -> tuple[str, str] | None:
    """The first part of ``relative`` (a path under the content folder ``root``) that must never be
    published, with the reason: a hidden name (.git, .env, .htpasswd), or a step that leads outside
    ``root`` once symlinks are followed (``..``, or a link to private/). None if all of it may be.
    The one rule for every path: static files, and every path an officer writes."""
    inside = look("realpath", root)
    parts = [p for p in relative.replace(os.sep, "/").split("/") if p not in ("", ".")]
    for number, part in enumerate(parts, 1):
        prefix = "/".join(parts[:number])
        if part.startswith(".") and part != "..":
            return prefix, HIDDEN
        real = look("realpath", os.path.join(root, prefix))
        if real != inside and not real.startswith(inside + os.sep):
            return ("/".join(parts) if part == ".." else prefix), LEAVES_CONTENT
    return None


def inside_content(value: str, ctx: Context) -> str:
    """An officer's path, relative to content/ ('content/' and a leading '/' are allowed), that
    stays inside content/; FieldError otherwise. Returns the clean relative path."""
    relative = value.strip().lstrip("/")
    if relative.startswith("content/"):
        relative = relative[len("content/"):]
    relative = os.path.normpath(relative).replace(os.sep, "/") if relative else relative
    found = unpublishable_part(ctx.settings["PATH"], relative)
    if found:
        raise FieldError(f"'{value}' cannot be published: {found[1]} (use a path under content/, "
                         "e.g. images/2569/11/photo.jpg)")
    return relative


def content_file(extensions: tuple[str, ...]) -> Parser:
    """A path relative to content/ that must exist and have one of ``extensions``."""

    def parse(value: str, ctx: Context) -> str:
        relative = inside_content(value, ctx)
        if not relative.lower().endswith(extensions):
            raise FieldError(f"'{value}' is not a {'/'.join(e.lstrip('.').upper() for e in extensions)} file")
        if not look("isfile", os.path.join(ctx.settings["PATH"], relative)):
            raise FieldError(f"'{value}' does not exist under content/ (check the file name and folder)")
        return relative

    return parse


IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


def content_folder(value: str, ctx: Context) -> str:
    """A folder under content/ holding at least one photo (a gallery)."""
    relative = inside_content(value, ctx).strip("/")
    absolute = os.path.join(ctx.settings["PATH"], relative)
    if not relative or not look("isdir", absolute):
        raise FieldError(f"'{value}' is not a folder under content/ (check the folder name)")
    if not any(name.lower().endswith(IMAGE_EXTENSIONS) for name in look("listdir", absolute)):
        raise FieldError(f"'{value}' has no photos (JPEG, PNG or WebP)")
    return relative + "/"


DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".zip")


@dataclass(frozen=True)
class Attachment:
    """A file offered for download: what the public needs to decide to open it."""

    path: str  # relative to content/, and so to the site root
    size: int  # bytes
    sha256: str  # so anyone can verify the document they downloaded is the one published

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def type_label(self) -> str:  # "PDF"
        return self.path.rsplit(".", 1)[-1].upper()

    @property
    def size_label(self) -> str:  # "1.2 MB", "350 KB"
        if self.size >= 1_000_000:
            return f"{self.size / 1_000_000:.1f} MB"
        return f"{max(1, round(self.size / 1000))} KB"


def attachments(extensions: tuple[str, ...] = DOCUMENT_EXTENSIONS) -> Parser:
    """Comma-separated files under content/, each checked like ``content_file``."""
    check = content_file(extensions)

    def parse(value: str, ctx: Context) -> list[Attachment]:
        found = []
        for item in comma_list(value, ctx):
            relative = check(item, ctx)
            found.append(Attachment(relative, *look("size_and_sha256", os.path.join(ctx.settings["PATH"], relative))))
        return found

    return parse


# --- kinds --------------------------------------------------------------------

def _news_year(values: dict) -> None:
    values["be_year"] = thaitext.be_year(values["date"])  # news/<BE year>/<slug>/


NEWS = Kind(
    name="news",
    folder_setting="ARTICLE_PATHS",
    needs_date=True,
    derive=_news_year,
    fields=(
        Field("Title", text, required=True, help="headline", example="..."),
        Field("Date", date, required=True, help="date and time, ISO or Thai", example="2026-11-20 09:30"),
        Field("Category", category, required=True, help="one section from CONTENT_MODEL_CATEGORIES", example="ข่าวประชาสัมพันธ์"),
        Field("Tags", comma_list, help="comma-separated", example="ประชุมผู้บริหาร, การบริหารจัดการ"),
        Field("Slug", slug, help="web address; ASCII; set once", example="directors-meeting-11-2569"),
        Field("Summary", text, help="one sentence; otherwise cut from the body", example=""),
        Field("Image", content_file(IMAGE_EXTENSIONS), help="lead photo, relative to content/", example=""),
        Field("Image_alt", text, help="what the photo shows, for readers who cannot see it", example=""),
        Field("Image_caption", text, help="caption shown under the photo (who, where)", example=""),
        Field("Gallery", content_folder, help="a folder of photos under content/, shown as a gallery"),
        Field("Attachments", attachments(), help="documents under content/files/, comma-separated"),
        Field("Schools", id_list, help="ids from the network registry", example=""),
        Field("Status", status, help="published or draft", example="draft"),
        Field("Expires", date, help="last day it is current (announcements)", example=""),
        Field("Enews", yes_or_no, help="include in the e-news (default yes)", example="yes"),
        Field("Modified", date, help="date of the last real change", example=""),
    ),
)

PAGE = Kind(
    name="page",
    folder_setting="PAGE_PATHS",
    fields=(
        Field("Title", text, required=True, help="page title", example="..."),
        Field("Slug", slug, required=True, help="web address; ASCII", example="about"),
        Field("Summary", text, help="one sentence"),
        Field("Nav_order", integer, help="position in the main menu; leave out to keep it off the menu"),
        Field("Status", status, help="published or draft"),
        Field("Modified", date, help="date of the last real change"),
    ),
)

KINDS: list[Kind] = [NEWS, PAGE]


def register_kind(kind: Kind) -> None:
    """Add a content kind (its folder and fields); used by other plugins at import."""
    KINDS[:] = [k for k in KINDS if k.name != kind.name] + [kind]


def kind_for(source_path: str, settings: dict) -> Kind | None:
    """The kind whose folder (relative to content/) contains ``source_path``."""
    relative = os.path.relpath(source_path, settings["PATH"]).replace(os.sep, "/")
    for kind in KINDS:
        folders = settings.get(kind.folder_setting) or []
        if isinstance(folders, str):
            folders = [folders]
        if any(relative == f or relative.startswith(f.rstrip("/") + "/") for f in folders):
            return kind
    return None


# --- parsers shared with data files (registry CSV, disclosures) ---------------------

EMAIL_PATTERN = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")


def email(value: str, ctx: Context) -> str:
    if not EMAIL_PATTERN.match(value):
        raise FieldError(f"'{value}' is not an e-mail address (e.g. saraban@school.ac.th)")
    return value.lower()


def url(value: str, ctx: Context) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in value:
        raise FieldError(f"'{value}' is not a URL (e.g. https://www.school.ac.th/)")
    return value
