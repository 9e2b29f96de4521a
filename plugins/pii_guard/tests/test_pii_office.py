"""Office documents: text by where it is, limits before unpacking, hostile XML refused."""

import io
import zipfile

import pytest

from plugins.pii_guard import office
from plugins.pii_guard.document import Unreadable
from plugins.pii_guard.tests import minioffice

BIG = 10_000_000


@pytest.mark.parametrize("extension, data, units", [
    (".docx", minioffice.docx(["หนึ่ง", "1-2345-67890-12-1"]),
     [("paragraph 1", "หนึ่ง"), ("paragraph 2", "1-2345-67890-12-1")]),  # runs joined
    (".xlsx", minioffice.xlsx(["ชื่อ", "โทร"], [{"A1": "s:1", "B1": "3100501234563", "C1": "s:9"}]),
     [("sheet 1, cell A1", "โทร"), ("sheet 1, cell B1", "3100501234563"), ("sheet 1, cell C1", "")]),
    (".pptx", minioffice.pptx([["a", "b"], ["c"]]), [("slide 1", "a"), ("slide 1", "b"), ("slide 2", "c")]),
    (".odt", minioffice.odt(["a", "b"]), [("paragraph 1", "a"), ("paragraph 2", "b")]),
])
def test_text_by_where_it_is(extension, data, units):
    assert office.read(data, extension, 100, BIG).units == units


def test_limits_are_checked_before_anything_is_unpacked():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 5_000_000)  # 5 MB in about 5 KB
    with pytest.raises(Unreadable, match=r"unpacks to 5000000 bytes, more than PII_GUARD_MAX_UNZIPPED_BYTES \(1000000\)"):
        office.read(bomb.getvalue(), ".docx", 100, 1_000_000)
    with pytest.raises(Unreadable, match=r"holds 3 files, more than PII_GUARD_MAX_ZIP_MEMBERS \(2\)"):
        office.read(minioffice.docx(["a"], creator="x"), ".docx", 2, BIG)


def test_a_member_that_lies_about_its_size_is_unreadable():
    data = bytearray(minioffice.docx(["ข้อความ" * 50]))
    # Shrink the size declared in the central directory (its entry ends with the name, 46 bytes
    # after it starts): zipfile unpacks no more than that, then the CRC fails.
    central = data.rindex(b"word/document.xml") - 46
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(Unreadable, match="not a complete Word, Excel, PowerPoint or OpenDocument file"):
        office.read(bytes(data), ".docx", 100, BIG)


def test_a_dtd_is_refused_before_any_entity_is_expanded():
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><w:document xmlns:w="w"><w:p><w:t>&i;</w:t></w:p></w:document>')
    with pytest.raises(Unreadable, match="word/document.xml declares a DTD"):
        office.read(minioffice._zip({"word/document.xml": laughs}), ".docx", 100, BIG)


def test_the_copy_keeps_everything_but_the_authors_name():
    original = minioffice.docx(["คู่มือ"], creator="somchai.j")
    cleaned = office.without_metadata(original, 100, BIG)
    before, after = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(cleaned))
    assert after.namelist() == before.namelist()
    assert b"somchai" not in after.read("docProps/core.xml")
    assert all(after.read(name) == before.read(name) for name in before.namelist() if name != "docProps/core.xml")
