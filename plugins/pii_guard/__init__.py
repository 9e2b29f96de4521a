"""pii_guard: no Thai national ID or mobile number is published by mistake (PDPA; OIA s.15, s.24).

Every news item, page and disclosure (its Markdown source, line by line) and every PDF
attached to one (its text, page by page) is scanned for checksum-valid national ID numbers
and, per PII_GUARD_PHONES, phone numbers. Each number found is one error naming the file,
the line or page, and the number masked (x-xxxx-xxxxx-12-3); so ``prsite check`` and
``prsite build`` fail and output/ is left as it was. A number listed with a reason in the
allow-list (PII_GUARD_ALLOWLIST) passes.

Hooks
    initialized               merge PII_GUARD_* defaults and check them
    all_generators_finalized  scan (content_model stops the build at get_writer)

Pure rules in ``detect``; the allow-list in ``allowlist``; cached PDF text in ``pdftext``.
"""

from __future__ import annotations

import os
import re

from pelican import signals

from plugins.common import apply_defaults, problem, report, warning
from plugins.content_model import all_content
from plugins.content_model.reader import HTML_COMMENT, META_LINE
from plugins.content_model.schema import kind_for

from . import settings as defaults
from .allowlist import read_allowlist
from .detect import LANDLINE, MOBILE, NATIONAL_ID, find_national_ids, find_phone_numbers
from .pdftext import UNREADABLE, page_texts

# PII_GUARD_PHONES -> the phone kinds that stop the build.
PHONE_POLICIES = {"mobile": {MOBILE}, "all": {MOBILE, LANDLINE}, "off": set()}
LABELS = {NATIONAL_ID: "a Thai national ID number", MOBILE: "a mobile phone number", LANDLINE: "a phone number"}


def configure(pelican) -> None:
    settings = pelican.settings
    apply_defaults(settings, defaults, "PII_GUARD_")
    if settings["PII_GUARD_PHONES"] not in PHONE_POLICIES:
        problem("pelicanconf.py", "PII_GUARD_PHONES", f"{settings['PII_GUARD_PHONES']!r} is not a phone policy "
                "(use 'mobile', 'all' or 'off')")
    allowlist = settings["PII_GUARD_ALLOWLIST"].strip("/")
    for folder in settings["STATIC_PATHS"]:
        folder = folder.strip("/")
        if folder in ("", ".") or allowlist == folder or allowlist.startswith(folder + "/"):
            problem("pelicanconf.py", "PII_GUARD_ALLOWLIST", f"'{allowlist}' is under STATIC_PATHS '{folder}' "
                    "and would be published with the numbers it lists (keep it at content/pii-allowlist.yml)")


def _finder(settings):
    phones = PHONE_POLICIES.get(settings["PII_GUARD_PHONES"], set())  # an unknown policy is already an error

    def find(text: str):
        hits = find_national_ids(text) + [hit for hit in find_phone_numbers(text) if hit.kind in phones]
        return sorted(hits, key=lambda hit: hit.span)

    return find


def _field_names(text: str) -> dict[int, str]:
    """Line number -> metadata field for the header lines (up to the first blank line)."""
    names, current = {}, "body"
    for number, line in enumerate(text.split("\n\n", 1)[0].splitlines(), start=1):
        match = META_LINE.match(line)
        current = match[1] if match else current  # an indented line continues the field above
        names[number] = current
    return names


def _without_notes(text: str) -> str:
    """The text with the officer's <!-- notes to self --> blanked: never published, so free to
    hold a contact's mobile number. Newlines stay, so line numbers do."""
    return HTML_COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)


def _message(hit, allowlist_shown: str) -> str:
    return (f"{LABELS[hit.kind]} ({hit.masked}) must not be published "
            f"(remove it, or list it in {allowlist_shown} with a reason)")


def scan(generators) -> None:
    settings = generators[0].settings
    allowlist_path = os.path.join(settings["PATH"], settings["PII_GUARD_ALLOWLIST"])
    allowed = read_allowlist(allowlist_path)
    shown = report.display_path(allowlist_path)
    find = _finder(settings)
    sources, pdfs = set(), set()
    for item in all_content(generators):
        if kind_for(item.source_path, settings) is None:
            continue
        sources.add(item.source_path)
        pdfs.update(os.path.join(settings["PATH"], a.path) for a in getattr(item, "attachments", None) or []
                    if a.path.lower().endswith(".pdf"))

    for path in sorted(sources):
        with open(path, encoding="utf-8", errors="replace") as handle:  # not UTF-8 is content_model's error
            text = handle.read()
        fields = _field_names(text)
        for hit in find(_without_notes(text)):
            if hit.value not in allowed:
                problem(path, fields.get(hit.line, "body"), _message(hit, shown), line=hit.line)

    cache = os.path.join(os.path.dirname(settings["PATH"]), settings["PII_GUARD_CACHE_PATH"])
    scans = 0
    for path in sorted(pdfs):
        try:
            pages = page_texts(path, cache)
        except UNREADABLE as error:
            warning(path, "file", f"could not be read to check it for ID and phone numbers ({error}); "
                    "save it again as PDF")
            continue
        scans += not any(text.strip() for text in pages)
        for number, text in enumerate(pages, start=1):
            for hit in find(text):
                if hit.value not in allowed:
                    problem(path, f"page {number}", _message(hit, shown))
    report.note(f"pii guard: {len(sources)} Markdown files and {len(pdfs)} PDFs checked"
                + (f"; {scans} PDFs are scans without text and were not checked" if scans else ""))


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(scan)
