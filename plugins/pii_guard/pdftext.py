"""The text of each page of a PDF, cached by the file's hash so a rebuild reads no PDF twice."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile

import pypdf
from pypdf.errors import PyPdfError

# pypdf logs every oddity of a sloppy but readable PDF as a warning, which prsite's build
# would count as a content warning; a PDF it cannot read raises, and that is reported once.
_pypdf_log = logging.getLogger("pypdf")
_pypdf_log.addHandler(logging.NullHandler())
_pypdf_log.propagate = False

# What a damaged, truncated or encrypted PDF raises from pypdf.
UNREADABLE = (PyPdfError, OSError, ValueError)


def page_texts(path: str, cache: str) -> list[str]:
    """One string per page ("" for a scanned page without a text layer)."""
    with open(path, "rb") as handle:
        data = handle.read()
    # A newer pypdf may extract more text, so its version is part of the key.
    key = hashlib.sha256(data + pypdf.__version__.encode()).hexdigest()
    cached = os.path.join(cache, f"{key}.json")
    try:
        with open(cached, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        pass
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    os.makedirs(cache, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache, suffix=".tmp", delete=False) as handle:
        json.dump(pages, handle, ensure_ascii=False)
    os.replace(handle.name, cached)  # a concurrent or interrupted build never sees half a file
    return pages
