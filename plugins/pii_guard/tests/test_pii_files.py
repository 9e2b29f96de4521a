"""Published files through the cache: read and cleaned once per content."""

import pytest

from plugins.pii_guard import files, pdftext
from plugins.pii_guard.tests.minipdf import minimal_pdf

LIMITS = files.Limits(max_file_bytes=1_000_000, max_pdf_pages=10, max_zip_members=10, max_unzipped_bytes=1_000_000)


def test_an_unchanged_file_is_read_and_cleaned_once(tmp_path, monkeypatch):
    pdf, cache = tmp_path / "order.pdf", str(tmp_path / "cache")
    pdf.write_bytes(minimal_pdf([["first"]], {"Author": "somchai.j"}))
    first = files.inspect(str(pdf), cache, LIMITS)
    assert first.published.startswith(cache) and first.document.units == [("page 1", "first\n")]

    def no_reading(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(pdftext, "read", no_reading)
    monkeypatch.setattr(pdftext, "without_metadata", no_reading)
    assert files.inspect(str(pdf), cache, LIMITS) == first
    pdf.write_bytes(minimal_pdf([["changed"]]))
    with pytest.raises(AssertionError, match="read again"):
        files.inspect(str(pdf), cache, LIMITS)


def test_a_file_without_metadata_is_published_as_it_is(tmp_path):
    pdf = tmp_path / "order.pdf"
    pdf.write_bytes(minimal_pdf([["first"]]))
    assert files.inspect(str(pdf), str(tmp_path / "cache"), LIMITS).published == str(pdf)
