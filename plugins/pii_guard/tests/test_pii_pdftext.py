"""PDF text per page, and the published copy without metadata."""

import io

import pypdf
import pytest

from plugins.pii_guard import pdftext
from plugins.pii_guard.document import Document, Unreadable
from plugins.pii_guard.tests.minipdf import minimal_pdf


def test_text_per_page():
    data = minimal_pdf([["Order 12/2570"], ["Somchai 1-2345-67890-12-1", "tel 081-234-5678"]])
    assert pdftext.read(data, max_pages=10) == Document(
        [("page 1", "Order 12/2570\n"), ("page 2", "Somchai 1-2345-67890-12-1\ntel 081-234-5678\n")])


def test_pages_past_the_limit_are_not_read():
    data = minimal_pdf([["one"], ["two"], ["three"]])
    assert pdftext.read(data, max_pages=2) == Document([("page 1", "one\n"), ("page 2", "two\n")],
                                                       skipped="first 2 of 3 pages")


@pytest.mark.parametrize("info, xmp, has_metadata", [
    (None, None, False),
    ({"Author": "somchai.j"}, None, True),
    (None, '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>', True),
])
def test_metadata_is_noticed(info, xmp, has_metadata):
    assert pdftext.read(minimal_pdf([["x"]], info, xmp), max_pages=1).has_metadata is has_metadata


def test_the_copy_has_no_metadata_and_the_same_pages():
    original = minimal_pdf([["one"], ["two"]], {"Author": "somchai.j", "Title": "C:\\Users\\somchai.j\\draft.docx"},
                           '<x:xmpmeta xmlns:x="adobe:ns:meta/"><somchai/></x:xmpmeta>')
    cleaned = pdftext.without_metadata(original)
    assert b"somchai" not in cleaned
    assert pdftext.read(cleaned, max_pages=5) == Document([("page 1", "one\n"), ("page 2", "two\n")])
    assert pdftext.without_metadata(original) == cleaned  # the same bytes every time: a stable SHA-256


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n1 0 obj\n<< /Type /Cat",   # cut short
    b"not a pdf at all",
])
def test_a_damaged_pdf_raises_what_the_plugin_reports(data):
    with pytest.raises(Unreadable):
        pdftext.read(data, max_pages=1)
    with pytest.raises(Unreadable):
        pdftext.without_metadata(data)


def test_a_password_protected_pdf_is_unreadable():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(minimal_pdf([["x"]]))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(Unreadable, match="password-protected"):
        pdftext.read(out.getvalue(), max_pages=1)
