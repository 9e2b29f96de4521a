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

import hashlib
import os
import re
import shutil
from collections import Counter
from dataclasses import replace

from pelican import signals
from pelican.generators import StaticGenerator

from plugins.common import apply_defaults, problem, report, warning
from plugins.content_model import all_content
from plugins.content_model.reader import HTML_COMMENT, META_LINE
from plugins.content_model.schema import kind_for

from plugins.pr_network import public_record, registry

from . import files
from . import settings as defaults
from .allowlist import read_allowlist
from .detect import LANDLINE, MOBILE, NATIONAL_ID, find_national_ids, find_phone_numbers
from .document import Unreadable

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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _scan_markdown(paths, find, allowed, shown) -> None:
    for path in sorted(paths):
        with open(path, encoding="utf-8", errors="replace") as handle:  # not UTF-8 is content_model's error
            text = handle.read()
        fields = _field_names(text)
        for hit in find(_without_notes(text)):
            if hit.value not in allowed:
                problem(path, fields.get(hit.line, "body"), _message(hit, shown), line=hit.line)


def _scan_registry(settings, find, allowed, shown) -> None:
    """The registry's public columns are published on the network pages and in members.json.
    Its phone column is for office landlines, public by nature, whatever PII_GUARD_PHONES says."""
    members = registry(settings)
    for member in members.members:
        for column, value in public_record(member, settings).items():
            for hit in find(value) if isinstance(value, str) else ():
                if hit.value not in allowed and hit.kind != LANDLINE:
                    problem(members.path, column, _message(hit, shown), line=member.line)


# kind -> what the officer can do with a file that could not be read
UNREADABLE_REMEDY = {files.PDF: "save it again as PDF",
                     files.OFFICE: "check it by hand, then save it again or publish a PDF",
                     files.TEXT: "split it into smaller files"}


# This build's files whose published copy is a cleaned one: (Static, cleaned file). Reset by
# every scan, so an autoreload never copies a stale one.
_cleaned_copies: list[tuple] = []


def _static_files(generators) -> list:
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            return generator.staticfiles
    return []


def _published_attachments(items, settings, cleaned: dict[str, str]) -> None:
    """Size and SHA-256 of the file actually published, for pages, feeds and open data."""
    for item in items:
        attached = getattr(item, "attachments", None)
        if not attached or not any(os.path.join(settings["PATH"], a.path) in cleaned for a in attached):
            continue
        updated = []
        for attachment in attached:
            copy = cleaned.get(os.path.join(settings["PATH"], attachment.path))
            if copy:
                with open(copy, "rb") as handle:
                    data = handle.read()
                attachment = replace(attachment, size=len(data), sha256=hashlib.sha256(data).hexdigest())
            updated.append(attachment)
        item.attachments = item.metadata["attachments"] = updated


def scan(generators) -> None:
    settings = generators[0].settings
    allowlist_path = os.path.join(settings["PATH"], settings["PII_GUARD_ALLOWLIST"])
    allowed = read_allowlist(allowlist_path)
    shown = report.display_path(allowlist_path)
    find = _finder(settings)
    items = [item for item in all_content(generators) if kind_for(item.source_path, settings) is not None]
    sources = {item.source_path for item in items}
    # Everything copied to output/, and attachments wherever they are.
    static = _static_files(generators)
    paths = {os.path.abspath(f.source_path) for f in static} | {
        os.path.abspath(os.path.join(settings["PATH"], a.path))
        for item in items for a in getattr(item, "attachments", None) or []}

    _scan_markdown(sources, find, allowed, shown)
    _scan_registry(settings, find, allowed, shown)

    cache = os.path.join(os.path.dirname(settings["PATH"]), settings["PII_GUARD_CACHE_PATH"])
    limits = files.Limits.from_settings(settings)
    counts, scans, legacy, partial, withheld, cleaned = Counter(), 0, [], [], set(), {}
    for path in sorted(paths):
        kind = files.kind_of(path)
        if kind is None:
            if os.path.splitext(path)[1].lower() in files.LEGACY:
                legacy.append(report.display_path(path))
            continue
        try:
            inspected = files.inspect(path, cache, limits)
        except (Unreadable, OSError) as error:
            warning(path, "file", f"could not be read to check it for ID and phone numbers ({error}); "
                    f"it was not published ({UNREADABLE_REMEDY[kind]})")
            withheld.add(path)
            continue
        counts[kind] += 1
        document = inspected.document
        scans += kind == files.PDF and not any(text.strip() for _, text in document.units)
        if document.skipped:
            partial.append(f"{report.display_path(path)} ({document.skipped})")
        for where, text in document.units:
            for hit in find(text):
                if hit.value not in allowed:
                    problem(path, where, _message(hit, shown))
        if inspected.published != path:
            cleaned[path] = inspected.published

    static[:] = [f for f in static if os.path.abspath(f.source_path) not in withheld]  # fail closed
    _cleaned_copies[:] = [(f, cleaned[os.path.abspath(f.source_path)]) for f in static
                         if os.path.abspath(f.source_path) in cleaned]
    _published_attachments(items, settings, cleaned)

    checked = ", ".join([_plural(len(sources), "Markdown file"), _plural(counts[files.PDF], "PDF")]
                        + [_plural(counts[kind], kind) for kind in (files.OFFICE, files.TEXT) if counts[kind]])
    summary = f"pii guard: {checked} and the network registry checked"
    if scans:
        summary += f"; {scans} PDFs are scans without text and were not checked"
    if legacy:
        summary += (f"; not checked: {', '.join(legacy)} (Word, Excel and PowerPoint 97-2003 files cannot be read: "
                    "check them by hand or publish a PDF)")
    if partial:
        summary += f"; only partly checked (over the size limits): {', '.join(partial)}"
    report.note(summary)


def publish_cleaned_copies(pelican) -> None:
    """Pelican copied the originals; put the copies without metadata in their place."""
    for static, cleaned in _cleaned_copies:
        target = os.path.join(pelican.output_path, static.save_as)
        if os.path.lexists(target):
            temporary = target + ".pii-guard.tmp"
            shutil.copyfile(cleaned, temporary)
            os.replace(temporary, target)  # replaces a hard or symbolic link too, never the original


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(scan)
    signals.finalized.connect(publish_cleaned_copies)
