"""The PII rules, table by table. Each row reads as the rule it checks."""

import pytest

from plugins.pii_guard.detect import (
    LANDLINE, MOBILE, NATIONAL_ID, find_national_ids, find_phone_numbers, identify, mask, valid_national_id,
)


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("1234567890121", True),    # Σ d_i·(14-i) = 352; 352 mod 11 = 0; (11 - 0) mod 10 = 1
        ("1234567890123", False),   # the same number with a wrong check digit
        ("3100501234563", True),
        ("3100501234564", False),
        ("1101700203450", True),    # (11 - 1) mod 10 = 0
        ("5630100456788", True),
        ("8102000123451", True),
        ("9999999999994", False),   # checksum right, but no ID starts with 9
        ("0111111111111", False),   # nor with 0
        ("123456789012", False),    # 12 digits
        ("12345678901210", False),  # 14 digits
        ("12345678901a1", False),
    ],
)
def test_check_digit(digits, valid):
    assert valid_national_id(digits) is valid


@pytest.mark.parametrize(
    "text, found",
    [
        ("1234567890121", ["1234567890121"]),
        ("เลขประจำตัว 1-2345-67890-12-1 ครับ", ["1234567890121"]),
        ("1 2345 67890 12 1", ["1234567890121"]),
        ("1\u00a02345\u00a067890\u00a012\u00a01", ["1234567890121"]),  # no-break spaces from Word
        ("1\u20132345\u201367890\u201312\u20131", ["1234567890121"]),   # en dashes from Word
        ("๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑", ["1234567890121"]),                      # Thai digits
        ("๓๑๐๐๕๐๑๒๓๔๕๖๓", ["3100501234563"]),
        ("เลขที่1234567890121เป็นของ", ["1234567890121"]),              # Thai letters do not join numbers
        ("1234567890121, 3-1005-01234-56-3", ["1234567890121", "3100501234563"]),
        ("1-2345-67890-12-3", []),            # wrong check digit: not an ID
        ("21234567890121", []),               # 14-digit run
        ("12345678901213", []),               # 14-digit run
        ("2-1-2345-67890-12-1", []),          # part of a longer hyphenated number
        ("1-2345-67890-12-1-5", []),
        ("12-345-67890-12-1", []),            # not the 1-4-5-2-1 grouping
        ("1-2345-67890-121", ["1234567890121"]),  # a separator may be left out
        ("1-2345-67890\n12-1", []),           # broken over two lines
    ],
)
def test_find_national_ids(text, found):
    assert [hit.value for hit in find_national_ids(text)] == found


def test_hit_carries_kind_mask_and_line():
    (hit,) = find_national_ids("บรรทัดแรก\nบรรทัดสอง\nนายสมชาย 3-1005-01234-56-3\n")
    assert (hit.kind, hit.value, hit.masked, hit.line) == (NATIONAL_ID, "3100501234563", "x-xxxx-xxxxx-56-3", 3)


@pytest.mark.parametrize(
    "kind, digits, masked",
    [
        (NATIONAL_ID, "1234567890121", "x-xxxx-xxxxx-12-1"),
        (MOBILE, "0812345678", "08x-xxx-x678"),
        (MOBILE, "0612345678", "06x-xxx-x678"),
        (LANDLINE, "055511234", "05x-xxx-234"),
        (LANDLINE, "021234567", "02-xxx-x567"),  # Bangkok's area code is one digit
    ],
)
def test_mask(kind, digits, masked):
    assert mask(kind, digits) == masked


@pytest.mark.parametrize(
    "text, found",
    [
        ("081-234-5678", [(MOBILE, "0812345678")]),
        ("0812345678", [(MOBILE, "0812345678")]),
        ("081 234 5678", [(MOBILE, "0812345678")]),
        ("08-1234-5678", [(MOBILE, "0812345678")]),
        ("081-2345678", [(MOBILE, "0812345678")]),
        ("โทร.0912345678", [(MOBILE, "0912345678")]),
        ("มือถือ ๐๖๑-๒๓๔-๕๖๗๘", [(MOBILE, "0612345678")]),
        ("+66 81 234 5678", [(MOBILE, "0812345678")]),
        ("+66812345678", [(MOBILE, "0812345678")]),
        ("+66-81-234-5678", [(MOBILE, "0812345678")]),
        ("(+66) 81 234 5678", [(MOBILE, "0812345678")]),
        ("055-511-234", [(LANDLINE, "055511234")]),
        ("02-123-4567", [(LANDLINE, "021234567")]),
        ("02 123 4567", [(LANDLINE, "021234567")]),
        ("+66 2 123 4567", [(LANDLINE, "021234567")]),
        ("โทร 055-511-201 081-234-5678", [(LANDLINE, "055511201"), (MOBILE, "0812345678")]),
        ("055-511-201 ต่อ 12", [(LANDLINE, "055511201")]),
        ("081-234-567", []),                  # one digit short
        ("081-234-56789", []),                # one digit too many
        ("1081-234-5678", []),                # part of a longer number
        ("12-081-234-5678", []),
        ("1-0812-34567-89-0", []),            # inside an ID-shaped number
        ("2026-05-13 16:30", []),             # a date and a time
        ("1122", []),                         # a hotline is not a phone number of a person
        ("0112345678", []),                   # 01 is neither mobile nor landline
    ],
)
def test_find_phone_numbers(text, found):
    assert [(hit.kind, hit.value) for hit in find_phone_numbers(text)] == found


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1-2345-67890-12-1", "1234567890121"),
        (" 1234567890121 ", "1234567890121"),
        ("+66 81 234 5678", "0812345678"),
        ("055-511-234", "055511234"),
        ("1-2345-67890-12-3", None),          # wrong check digit
        ("เบอร์ 081-234-5678", None),         # the number alone, nothing around it
        ("081-234-5678, 081-234-5679", None),
        ("", None),
    ],
)
def test_identify(value, expected):
    hit = identify(value)
    assert (hit.value if hit else None) == expected
