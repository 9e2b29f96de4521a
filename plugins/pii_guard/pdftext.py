"""PDFs: the text of each page, and a published copy without the document's metadata."""

from __future__ import annotations

import io
import logging
import struct
import zlib

import pypdf
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

from .document import Document, Unreadable

# pypdf logs every oddity of a sloppy but readable PDF as a warning, which prsite's build
# would count as a content warning; a PDF it cannot read raises, and that is reported once.
_pypdf_log = logging.getLogger("pypdf")
_pypdf_log.addHandler(logging.NullHandler())
_pypdf_log.propagate = False

# What a damaged, truncated or over-limit (decompression bomb) PDF raises from pypdf: its own
# errors, and what its parsers let through from malformed objects, streams and fonts.
_PYPDF_ERRORS = (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                 ZeroDivisionError, RecursionError, zlib.error, struct.error)

# Who made the file and where it lived ("Microsoft Word - C:\Users\somchai.j\...") is in the
# document information dictionary and in XMP packets, for the document and for each page.
_METADATA_KEYS = ("/Metadata", "/PieceInfo")


def _open(data: bytes) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
    except _PYPDF_ERRORS as error:
        raise Unreadable(str(error) or type(error).__name__) from error
    if reader.is_encrypted:  # its text and metadata cannot be read or removed without the password
        raise Unreadable("it is password-protected")
    return reader


def read(data: bytes, max_pages: int) -> Document:
    """One unit per page ("" for a scanned page without a text layer), up to ``max_pages``."""
    reader = _open(data)
    try:
        pages = reader.pages
        total = len(pages)
        units = [(f"page {number}", pages[number - 1].extract_text() or "")
                 for number in range(1, min(total, max_pages) + 1)]
        has_metadata = bool(reader.trailer.get("/Info")) or any(
            key in holder for holder in (reader.root_object, *pages) for key in _METADATA_KEYS)
    except _PYPDF_ERRORS as error:
        raise Unreadable(str(error) or type(error).__name__) from error
    skipped = f"first {max_pages} of {total} pages" if total > max_pages else ""
    return Document(units, skipped, has_metadata)


def without_metadata(data: bytes) -> bytes:
    """The same PDF with no document information, no XMP and nothing left over that held them."""
    try:
        writer = pypdf.PdfWriter(clone_from=_open(data))
        writer.metadata = None  # also stops pypdf adding its own /Producer
        for holder in (writer.root_object, *writer.pages):
            for key in _METADATA_KEYS:
                holder.pop(NameObject(key), None)
        writer.compress_identical_objects()  # drops the now unreferenced objects, not only the references
        out = io.BytesIO()
        writer.write(out)
    except _PYPDF_ERRORS as error:
        raise Unreadable(str(error) or type(error).__name__) from error
    return out.getvalue()
