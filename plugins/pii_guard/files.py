"""Every file under STATIC_PATHS that is published as it is: what to read in it, and the copy to
publish. Results are cached by content hash (cache/pii/), so an unchanged file is read and
cleaned once, whatever the number of builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass

import pypdf

from . import office, pdftext
from .document import Document, Unreadable

PDF, OFFICE, TEXT = "PDF", "office document", "text file"
# extension -> kind. Files of other kinds (photos, which the media plugin re-encodes) are not read.
KINDS = {".pdf": PDF, **{extension: OFFICE for extension in office.READERS},
         **{extension: TEXT for extension in (".txt", ".csv", ".tsv", ".json", ".xml", ".html", ".htm", ".vcf")}}
# Published but unreadable here: the build summary says so, like scanned PDFs.
LEGACY = (".doc", ".xls", ".ppt")
# Bump when what is read or how a copy is cleaned changes, so cached results are redone.
_VERSION = f"1/pypdf {pypdf.__version__}"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_pdf_pages: int
    max_zip_members: int
    max_unzipped_bytes: int

    @classmethod
    def from_settings(cls, settings: dict) -> "Limits":
        return cls(settings["PII_GUARD_MAX_FILE_BYTES"], settings["PII_GUARD_MAX_PDF_PAGES"],
                   settings["PII_GUARD_MAX_ZIP_MEMBERS"], settings["PII_GUARD_MAX_UNZIPPED_BYTES"])


def kind_of(path: str) -> str | None:
    return KINDS.get(os.path.splitext(path)[1].lower())


def _text_lines(data: bytes) -> Document:
    return Document([(f"line {n}", line) for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1)])


def _read(data: bytes, extension: str, limits: Limits) -> Document:
    kind = KINDS[extension]
    if kind == PDF:
        return pdftext.read(data, limits.max_pdf_pages)
    if kind == OFFICE:
        return office.read(data, extension, limits.max_zip_members, limits.max_unzipped_bytes)
    return _text_lines(data)


def _clean(data: bytes, extension: str, limits: Limits) -> bytes:
    if KINDS[extension] == PDF:
        return pdftext.without_metadata(data)
    return office.without_metadata(data, limits.max_zip_members, limits.max_unzipped_bytes)


def _write_atomically(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=os.path.dirname(path), suffix=".tmp", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)  # a concurrent or interrupted build never sees half a file


@dataclass(frozen=True)
class Inspected:
    document: Document
    published: str  # the file to copy to output/: the original, or its cleaned copy in the cache


def inspect(path: str, cache: str, limits: Limits) -> Inspected:
    """Read ``path`` (through the cache); raise Unreadable if it cannot be checked or cleaned."""
    if os.path.getsize(path) > limits.max_file_bytes:
        raise Unreadable(f"it is larger than PII_GUARD_MAX_FILE_BYTES ({limits.max_file_bytes} bytes)")
    with open(path, "rb") as handle:
        data = handle.read()
    extension = os.path.splitext(path)[1].lower()
    key = hashlib.sha256(data + f"{_VERSION} {limits}".encode()).hexdigest()
    record = os.path.join(cache, f"{key}.json")
    try:
        with open(record, encoding="utf-8") as handle:
            saved = json.load(handle)
        document = Document([tuple(unit) for unit in saved["units"]], saved["skipped"], saved["has_metadata"])
    except (OSError, ValueError, KeyError, TypeError):
        document = _read(data, extension, limits)
        _write_atomically(record, json.dumps({"units": document.units, "skipped": document.skipped,
                                              "has_metadata": document.has_metadata}, ensure_ascii=False).encode())
    if not document.has_metadata:
        return Inspected(document, path)
    cleaned = os.path.join(cache, "clean", key + extension)
    if not os.path.isfile(cleaned):
        _write_atomically(cleaned, _clean(data, extension, limits))
    return Inspected(document, cleaned)
