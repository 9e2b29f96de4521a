"""Thai national ID numbers and phone numbers in text: find, validate, mask. Pure functions.

A national ID (เลขประจำตัวประชาชน) is 13 digits, written plain or grouped 1-4-5-2-1
(``1-2345-67890-12-3``); the last digit is a checksum, so most 13-digit numbers that are
not IDs (budget codes, book numbers) fail it and are left alone. Phone numbers are
Thai mobiles (06/08/09 + 8 digits) and landlines (0 + area digit 2-7 + 7 digits), with
or without separators, also in the +66 form. Thai digits (๐-๙) count as digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plugins.thai_text.thaitext import arabic_digits

NATIONAL_ID, MOBILE, LANDLINE = "national_id", "mobile", "landline"

# One optional separator between digit groups: hyphen, space, no-break space, and the
# dashes word processors substitute for a typed hyphen (U+2010-U+2013).
_SEP = r"[- \u00a0\u2010-\u2013]"
# A number is not a piece of a longer one: no digit, or digit and hyphen, either side.
# (A space does not join numbers: "โทร 055-511-201 081-234-5678" holds two.)
_BEFORE = r"(?<![0-9])(?<![0-9]-)"
_AFTER = r"(?![0-9])(?!-[0-9])"

_NATIONAL_ID = re.compile(
    rf"{_BEFORE}[1-8]{_SEP}?[0-9]{{4}}{_SEP}?[0-9]{{5}}{_SEP}?[0-9]{{2}}{_SEP}?[0-9]{_AFTER}"
)
# Groups vary (081-234-5678, 08-1234-5678, 02-123-4567, 055 511 234), so any digit may
# be preceded by a separator; the digit count decides.
_PHONE = re.compile(
    rf"{_BEFORE}(?P<prefix>\+66{_SEP}?|\(\+66\){_SEP}?|0)"
    rf"(?:(?P<mobile>[689](?:{_SEP}?[0-9]){{8}})|(?P<landline>[2-7](?:{_SEP}?[0-9]){{7}})){_AFTER}"
)


@dataclass(frozen=True)
class Hit:
    kind: str        # NATIONAL_ID, MOBILE or LANDLINE
    value: str       # digits only; phones in the national form (0812345678)
    masked: str      # x-xxxx-xxxxx-12-3, 08x-xxx-x678: safe to print in a build log
    line: int        # 1-based line of the text it was found on
    span: tuple[int, int]


def valid_national_id(digits: str) -> bool:
    """13 digits, first not 0 or 9, last = (11 - Σ d_i·(14-i) mod 11) mod 10 for i = 1..12."""
    if not re.fullmatch(r"[1-8][0-9]{12}", digits):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


# kind -> (digits kept at the start, digits kept at the end); the rest become x.
_KEPT = {NATIONAL_ID: (0, 3), MOBILE: (2, 3), LANDLINE: (2, 3)}


def _groups(kind: str, digits: str) -> tuple[int, ...]:
    if kind == NATIONAL_ID:
        return (1, 4, 5, 2, 1)
    if kind == LANDLINE:
        return (2, 3, 4) if digits[1] == "2" else (3, 3, 3)  # Bangkok 02-123-4567, provinces 055-511-234
    return (3, 3, 4)


def mask(kind: str, digits: str) -> str:
    head, tail = _KEPT[kind]
    hidden = digits[:head] + "x" * (len(digits) - head - tail) + digits[-tail:]
    parts, start = [], 0
    for size in _groups(kind, digits):
        parts.append(hidden[start:start + size])
        start += size
    return "-".join(parts)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find_national_ids(text: str) -> list[Hit]:
    """Checksum-valid national IDs; a 13-digit number with a wrong check digit is not one."""
    text = arabic_digits(text)  # one character for one, so offsets and lines stay the same
    hits = []
    for match in _NATIONAL_ID.finditer(text):
        digits = re.sub(r"[^0-9]", "", match[0])
        if valid_national_id(digits):
            hits.append(Hit(NATIONAL_ID, digits, mask(NATIONAL_ID, digits), _line(text, match.start()), match.span()))
    return hits


def find_phone_numbers(text: str) -> list[Hit]:
    """Mobile and landline numbers; the caller decides which kinds matter."""
    text = arabic_digits(text)
    hits = []
    for match in _PHONE.finditer(text):
        kind = MOBILE if match["mobile"] else LANDLINE
        digits = "0" + re.sub(r"[^0-9]", "", match[kind])
        hits.append(Hit(kind, digits, mask(kind, digits), _line(text, match.start()), match.span()))
    return hits


def identify(value: str) -> Hit | None:
    """The one ID or phone number that ``value`` is, whole (for allow-list entries)."""
    value = value.strip()
    hits = find_national_ids(value) + find_phone_numbers(value)
    whole = [hit for hit in hits if hit.span == (0, len(value))]
    return whole[0] if whole else None
