"""PDF text per page, read once per file content."""

import pypdf
import pytest

from plugins.pii_guard import pdftext
from plugins.pii_guard.tests.minipdf import minimal_pdf


def test_text_per_page(tmp_path):
    pdf = tmp_path / "order.pdf"
    pdf.write_bytes(minimal_pdf([["Order 12/2570"], ["Somchai 1-2345-67890-12-1", "tel 081-234-5678"]]))
    assert pdftext.page_texts(str(pdf), str(tmp_path / "cache")) == [
        "Order 12/2570\n", "Somchai 1-2345-67890-12-1\ntel 081-234-5678\n"]


def test_an_unchanged_pdf_is_read_once(tmp_path, monkeypatch):
    pdf, cache = tmp_path / "order.pdf", str(tmp_path / "cache")
    pdf.write_bytes(minimal_pdf([["first"]]))
    first = pdftext.page_texts(str(pdf), cache)

    def no_reading(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(pypdf, "PdfReader", no_reading)
    assert pdftext.page_texts(str(pdf), cache) == first
    pdf.write_bytes(minimal_pdf([["changed"]]))
    with pytest.raises(AssertionError, match="read again"):
        pdftext.page_texts(str(pdf), cache)


def test_a_damaged_pdf_raises_what_the_plugin_reports(tmp_path):
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Cat")
    with pytest.raises(pdftext.UNREADABLE):
        pdftext.page_texts(str(pdf), str(tmp_path / "cache"))
