"""Thai text rules: the one place for dates, digits, fiscal years, slugs, excerpts and line breaking.

Pure functions, no Pelican imports; everything else in prsite (readers, templates,
the CLI, other plugins) calls these instead of formatting Thai text itself.
Nothing here depends on the build machine's locale.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import re
import unicodedata
from typing import Callable
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_DIGIT_RUN = re.compile("[๐-๙]+")


# --- digits -----------------------------------------------------------------

def thai_digits(text: object) -> str:
    """'20 พ.ย. 69' -> '๒๐ พ.ย. ๖๙'."""
    return str(text).translate(_TO_THAI_DIGITS)


def arabic_digits(text: object) -> str:
    """'๒๐/๑๑/๒๕๖๙' -> '20/11/2569'."""
    # Only the digit runs: str.translate on a whole Thai page takes 0.3 ms, and most have none.
    return _THAI_DIGIT_RUN.sub(lambda run: run[0].translate(_TO_ARABIC_DIGITS), str(text))


# --- years --------------------------------------------------------------------

def _local(value: dt.date) -> dt.date:
    """Aware datetimes are shown in Thailand's time, whatever zone they carry."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(BANGKOK)
    return value


def be_year(value: dt.date) -> int:
    """Buddhist-era year: 2026 -> 2569."""
    return _local(value).year + BE_OFFSET


def fiscal_year(value: dt.date) -> int:
    """Thai government fiscal year (BE), 1 October to 30 September.

    1 Oct 2026 is the first day of fiscal year 2570.
    """
    local = _local(value)
    return local.year + BE_OFFSET + (1 if local.month >= 10 else 0)


def fiscal_year_range(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a BE fiscal year: 2570 -> (2026-10-01, 2027-09-30)."""
    ce = fy_be - BE_OFFSET
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


# --- formatting dates ---------------------------------------------------------

DATE_STYLES = ("long", "short", "full", "month", "datetime")


def format_date(value: dt.date, style: str = "long", digits: str = "arabic") -> str:
    """A date the Thai way, in the Buddhist era.

    long      20 พฤศจิกายน 2569
    short     20 พ.ย. 69
    full      วันศุกร์ที่ 20 พฤศจิกายน พ.ศ. 2569
    month     พฤศจิกายน 2569
    datetime  20 พฤศจิกายน 2569 เวลา 09:30 น.
    digits    "arabic" or "thai" (๒๐ พฤศจิกายน ๒๕๖๙)
    """
    local = _local(value)
    year = local.year + BE_OFFSET
    month = local.month - 1
    if style == "long":
        text = f"{local.day} {MONTHS_LONG[month]} {year}"
    elif style == "short":
        text = f"{local.day} {MONTHS_SHORT[month]} {year % 100:02d}"
    elif style == "full":
        text = f"วัน{WEEKDAYS[local.weekday()]}ที่ {local.day} {MONTHS_LONG[month]} พ.ศ. {year}"
    elif style == "month":
        text = f"{MONTHS_LONG[month]} {year}"
    elif style == "datetime":
        clock = f" เวลา {local:%H:%M} น." if isinstance(local, dt.datetime) else ""
        text = f"{local.day} {MONTHS_LONG[month]} {year}{clock}"
    else:
        raise ValueError(f"unknown date style {style!r} (use one of: {', '.join(DATE_STYLES)})")
    return thai_digits(text) if digits == "thai" else text


# --- parsing dates ------------------------------------------------------------

DATE_HINT = "use 2026-11-20 or 20/11/2569"

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_THAI = re.compile(
    r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?(?:\s*น\.)?)?$"
)


class DateError(ValueError):
    """A date the officer wrote that cannot be read; str() is the user message."""


def parse_date(text: str) -> dt.datetime:
    """Read a date as officers write it; returns an aware datetime in Asia/Bangkok.

    Accepts ISO (2026-11-20, 2026-11-20 09:30) and Thai day/month/BE-year
    (20/11/2569, 20/11/2569 09:30); Thai digits are fine. A CE year in the Thai
    form (20/11/2026) is read as CE, since it cannot be mistaken; callers warn about it
    with ``ce_year_in_thai_form``.
    """
    raw = str(text).strip()
    cleaned = arabic_digits(raw)
    match = _ISO.match(cleaned)
    if match:
        if int(match["y"]) > 2400:
            raise DateError(f"'{raw}' has a Buddhist-era year in ISO form ({DATE_HINT})")
        year = int(match["y"])
    else:
        match = _THAI.match(cleaned)
        if not match:
            raise DateError(f"'{raw}' is not a date ({DATE_HINT})")
        year = int(match["y"])
        if year > 2400:
            year -= BE_OFFSET
    try:
        value = dt.datetime(
            year, int(match["m"]), int(match["d"]),
            int(match["H"] or 0), int(match["M"] or 0), int(match["S"] or 0),
        )
    except ValueError:
        raise DateError(f"'{raw}' is not a date ({DATE_HINT})") from None
    offset = match.groupdict().get("tz")
    if offset:
        aware = dt.datetime.fromisoformat(value.isoformat() + ("+00:00" if offset == "Z" else offset))
        return aware.astimezone(BANGKOK)
    return value.replace(tzinfo=BANGKOK)


def ce_year_in_thai_form(text: str) -> tuple[str, str] | None:
    """For a day/month/year date written with a Christian-era year (20/11/2026 09:30), which
    parse_date reads as CE: the same date with its Buddhist-era year (20/11/2569 09:30) and in
    ISO form (2026-11-20 09:30), for a message. None for any other text."""
    cleaned = arabic_digits(str(text).strip())
    match = _THAI.match(cleaned)
    if not match or int(match["y"]) > 2400:
        return None
    be_form = cleaned[:match.start("y")] + str(int(match["y"]) + BE_OFFSET) + cleaned[match.end("y"):]
    iso_form = f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}"
    if match["H"]:
        iso_form += f" {int(match['H']):02d}:{match['M']}"
    return be_form, iso_form


# Pins "now" for a whole run (build, check, deploy, status, new, serve, and the tests):
# PRSITE_NOW="2031-11-20 09:00" prsite check --strict. Any form parse_date accepts.
NOW_VARIABLE = "PRSITE_NOW"


def now() -> dt.datetime:
    """The current time in Thailand (the office's clock, not the server's), or PRSITE_NOW.

    Raises DateError when PRSITE_NOW is set but is not a date.
    """
    pinned = os.environ.get(NOW_VARIABLE, "").strip()
    if not pinned:
        return dt.datetime.now(BANGKOK)
    try:
        return parse_date(pinned)
    except DateError as error:
        raise DateError(f"{NOW_VARIABLE}: {error}") from None


# --- words --------------------------------------------------------------------

_THAI_CHAR = re.compile(r"[\u0e00-\u0e7f]")
_SPACE = re.compile(r"\s+")


class _Dictionary:
    """PyThaiNLP's word list as two sets: what newmm asks of its dictionary (``prefixes``) answered
    exactly as by PyThaiNLP's Trie, in a third of the memory (~28 MiB, not ~85 MiB: the Trie keeps
    a Python object per letter of every word) and no slower."""

    def __init__(self, words):
        self.words = frozenset(words)
        self.stems = frozenset(word[:length] for word in self.words for length in range(1, len(word)))

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The dictionary words that ``text`` has at ``start``, shortest first."""
        found = []
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece in self.words:
                found.append(piece)
            if piece not in self.stems:
                break
        return found

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)


@functools.lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    # Imported lazily: PyThaiNLP reads its word list on first use.
    from pythainlp.corpus import thai_words

    return _Dictionary(thai_words())


@functools.lru_cache(maxsize=1)
def _tokenizer():
    from pythainlp.tokenize import word_tokenize
    from pythainlp.transliterate import royin

    tokenize = functools.partial(word_tokenize, engine="newmm", keep_whitespace=True, custom_dict=_dictionary())
    # royin's romanize (slugs) cuts its text again with PyThaiNLP's defaults, which would build
    # the Trie after all: it gets the same cuts from the same dictionary here.
    royin.word_tokenize = tokenize
    return tokenize


def load_dictionary() -> None:
    """Read the word list now (about half a second) rather than at the first text cut: for a
    server that should answer its first request fast."""
    _tokenizer()
    _words_after_a_space()


def words(text: str) -> list[str]:
    """Split Thai text at word boundaries (PyThaiNLP newmm); spaces are kept as tokens."""
    return _tokenizer()(text)


@functools.lru_cache(maxsize=1)
def _words_after_a_space() -> tuple[str, ...]:
    """What follows a space inside a dictionary word ('ๆ' of 'ค่อย ๆ', 'มิลาน' of 'เอซี มิลาน'):
    the only ways newmm can carry a word across a space."""
    return tuple({word[space.end():] for word in _dictionary() for space in re.finditer(r"\s", word)})


def _no_word_spans(text: str, space: int) -> bool:
    return not text.startswith(_words_after_a_space(), space + 1)


def _words_window(text: str, limit: int) -> tuple[int, int]:
    """(start, end) of the part of ``text`` around offset ``limit`` that newmm cuts into the same
    words alone as inside the whole text: from just after the last space before ``limit`` to
    just after the first space at or after it (or the ends of the text), skipping spaces a
    dictionary word can span.

    Why it is exact (pythainlp's newmm.py and tcc_p.py): no character cluster contains a space,
    so both sides of one are cluster boundaries, and a cluster that looks ahead sees the same
    space; a dictionary word crosses a space only if it contains one (``_no_word_spans``) and an
    unknown word ends at the latest at a space, so every candidate break is settled at such a
    space and newmm starts after it with an empty graph and queue, as on a text of its own.
    Numbers rejoined after cutting (1,234.5) never contain a space either."""
    start = text.rfind(" ", 0, limit)
    while start != -1 and not _no_word_spans(text, start):
        start = text.rfind(" ", 0, start)
    end = text.find(" ", limit)
    while end != -1 and not _no_word_spans(text, end):
        end = text.find(" ", end + 1)
    return start + 1, end + 1 if end != -1 else len(text)


# --- excerpts -----------------------------------------------------------------

ELLIPSIS = "…"
_TRAILING_PUNCT = " \t\n,;:-–—(/"


def excerpt(text: str, max_chars: int = 160, ellipsis: str = ELLIPSIS) -> str:
    """Shorten text to at most max_chars (plus ellipsis), cutting only where a line may break.

    The same cut as the first line of ``wrap(text, max_chars)``, but only the words around the
    limit are looked for (``_words_window``): everything before them fits whole."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= max_chars:
        return text
    start, end = _words_window(text, max_chars)
    pieces = ([text[:start]] if start else []) + list(break_pieces(text[start:end]))
    cut = _fill(pieces, max_chars)[0].rstrip(_TRAILING_PUNCT)
    return (cut or clusters(text[:end])[0]) + ellipsis


# Characters that belong to the previous letter: tone marks, vowels above/below, and
# the following vowels ะ า ำ that never start a syllable.
_JOINING = set("ะัาำิีึืฺุู็่้๊๋์ํ๎") | {"ๅ"}


def _joins_previous(char: str) -> bool:
    return char in _JOINING or unicodedata.category(char) == "Mn"


# --- line breaking ----------------------------------------------------------------

# A line may start with a Thai consonant or a leading vowel, never with ๆ, ฯ, a vowel or a mark.
_LINE_START = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44]")
_LEADING_VOWELS = set("เแโใไ")  # written before their consonant: never the last letter of a line
# Short groups closed by a full stop: สพป. ร.ร. พ.ศ. เม.ย. ผอ. (newmm splits สพป. as ส|พป.).
_ABBREVIATION = re.compile(r"(?:[\u0e01-\u0e2e\u0e40-\u0e44][\u0e01-\u0e2e\u0e30-\u0e3a\u0e45-\u0e4e]{0,3}\.)+")
_ADDRESS = re.compile(r"(?:https?://|mailto:|www\.)\S+")


def columns(text: str) -> int:
    """Width on a terminal or in a plain-text e-mail: vowels above and below a letter and tone
    marks take no column."""
    return sum(unicodedata.category(char) not in ("Mn", "Me", "Cf") for char in text)


def clusters(text: str) -> list[str]:
    """Grapheme clusters: a letter with its vowels and tone marks, a leading vowel with its letter."""
    out: list[str] = []
    for char in text:
        if out and (_joins_previous(char) or out[-1][-1] in _LEADING_VOWELS):
            out[-1] += char
        else:
            out.append(char)
    return out


def _word_ends(text: str) -> list[int]:
    """Offsets in ``text`` where PyThaiNLP ends a word (the last one is len(text))."""
    offsets, position = [], 0
    for token in words(text):
        position += len(token)
        offsets.append(position)
    return offsets


def _abbreviation_insides(chunk: str, starts: list[int]) -> set[int]:
    """Offsets inside an abbreviation that begins at one of ``starts`` (word starts)."""
    inside: set[int] = set()
    for start in starts:
        match = _ABBREVIATION.match(chunk, start)
        if match:
            inside.update(range(start + 1, match.end()))
    return inside


def _split(chunk: str, at: list[int]) -> list[str]:
    bounds = [0, *at, len(chunk)]
    return [chunk[a:b] for a, b in zip(bounds, bounds[1:])]


@functools.lru_cache(maxsize=4096)  # one title is wrapped at several sizes
def break_pieces(text: str) -> tuple[str, ...]:
    """``text`` as the pieces a line may break between: runs of spaces, and the text between
    them cut only between two Thai words (so 'ที่11/2569', '(ผอ.', 'ต่างๆ' and 'สพป.ตาก' stay
    whole). Addresses and runs without Thai are one piece."""
    ends = _word_ends(text) if _THAI_CHAR.search(text) else []  # a space is always a word boundary
    pieces: list[str] = []
    for match in re.finditer(r"\s+|\S+", text):
        chunk, base = match[0], match.start()
        if chunk.isspace() or not _THAI_CHAR.search(chunk) or _ADDRESS.match(chunk):
            pieces.append(chunk)
            continue
        offsets = [end - base for end in ends if base < end < match.end()]
        inside = _abbreviation_insides(chunk, [0, *offsets])
        pieces.extend(_split(chunk, [p for p in offsets if p not in inside and _THAI_CHAR.match(chunk[p - 1])
                                     and chunk[p - 1] not in _LEADING_VOWELS and _LINE_START.match(chunk[p])]))
    return tuple(pieces)


def _narrower(piece: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A Thai piece wider than a whole line: between its words (never inside an abbreviation),
    then a word still too wide between its grapheme clusters."""
    offsets = _word_ends(piece)[:-1]
    inside = _abbreviation_insides(piece, [0, *offsets])
    parts = _split(piece, [p for p in offsets if p not in inside and not _joins_previous(piece[p])
                           and piece[p - 1] not in _LEADING_VOWELS])
    return [c for part in parts for c in ([part] if measure(part) <= width else clusters(part))]


def wrap(text: str, width: float, measure: Callable[[str], float] = len) -> list[str]:
    """``text`` in lines no wider than ``width`` by ``measure`` (characters, terminal columns,
    pixels), filled greedily and broken only between the pieces of ``break_pieces``.

    Spaces at a break are dropped. A Thai piece wider than a line is broken between its words,
    then between grapheme clusters; an address or a Latin word never is (it may overflow).
    """
    return _fill(break_pieces(text), width, measure)


def _fill(pieces, width: float, measure: Callable[[str], float] = len) -> list[str]:
    """``wrap`` of the text made of ``pieces``."""
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if piece.isspace():
            line += piece if line else ""
            continue
        if measure(line + piece) <= width:
            line += piece
            continue
        if line:
            lines.append(line.rstrip())
            line = ""
        parts = [piece] if measure(piece) <= width or not _THAI_CHAR.search(piece) else _narrower(piece, width, measure)
        for part in parts:
            if line and measure(line + part) > width:
                lines.append(line)
                line = ""
            line += part
    if line.strip():
        lines.append(line.rstrip())
    return lines


def cut_to_fit(text: str, width: float, measure: Callable[[str], float] = len, ellipsis: str = ELLIPSIS) -> str:
    """The longest start of ``text`` that ends where a line may break (``break_pieces``), without
    trailing spaces or punctuation, that fits ``width`` by ``measure`` with ``ellipsis`` after it;
    the ellipsis alone if nothing does (a share card's last title line)."""
    pieces = list(break_pieces(text))
    while pieces:
        kept = "".join(pieces).rstrip(_TRAILING_PUNCT)
        if kept and measure(kept + ellipsis) <= width:
            return kept + ellipsis
        pieces.pop()
    return ellipsis


_BLOCK_TAG = re.compile(r"</?(?:p|br|h[1-6]|li|ul|ol|div|td|th|tr|table|blockquote|figure|figcaption|hr|dd|dt)\b[^>]*>", re.I)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed (our own HTML; no parser needed).

    Block tags become spaces; inline tags vanish, so นาย<strong>สมชาย</strong> stays one run.
    """
    text = re.sub(r"<!--.*?-->|<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", "", _BLOCK_TAG.sub(" ", text))
    return _SPACE.sub(" ", html.unescape(text)).strip()


# --- slugs --------------------------------------------------------------------

# Function words that make slugs long without making them clearer.
SLUG_STOPWORDS = frozenset(
    "การ ความ และ หรือ ที่ ของ ใน ให้ ได้ เพื่อ ด้วย กับ แก่ จาก โดย ซึ่ง ณ ต่อ ทั้ง ครั้ง ครั้งที่ ประจำ ว่า".split()
)
SLUG_MAX_WORDS = 7
SLUG_MAX_LENGTH = 60


def _romanise(word: str) -> str:
    from pythainlp.transliterate import romanize

    _tokenizer()  # first, so romanize cuts with the dictionary held as sets
    if _THAI_CHAR.search(word):
        word = romanize(arabic_digits(word), engine="royin")
    ascii_text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@functools.lru_cache(maxsize=4096)  # tags repeat on many items
def slugify(text: str, max_words: int = SLUG_MAX_WORDS, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A short, readable ASCII slug for a Thai title (royin romanisation, by word).

    'ประชุมผู้บริหารสถานศึกษา' -> 'prachum-phuprihan-sathansueksa'.
    Returns '' when nothing romanisable remains; callers choose the fallback.
    """
    parts: list[str] = []
    for token in words(str(text)):
        token = token.strip().strip(".")
        if not token or token in SLUG_STOPWORDS:
            continue
        romanised = _romanise(token)
        if romanised:
            parts.append(romanised)
        if len(parts) == max_words:
            break
    slug = "-".join(parts)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug


def heading_anchor(value: str, separator: str = "-") -> str:
    """Readable ASCII id for a heading; Python-Markdown's toc makes repeats unique."""
    return slugify(value, max_words=8).replace("-", separator) or "section"
