"""pii_guard: no Thai national ID or mobile number is published by mistake (PDPA; OIA s.15, s.24).

Everything the build publishes is scanned for checksum-valid national ID numbers and, per
PII_GUARD_PHONES, phone numbers: news items, pages and disclosures (Markdown, line by line),
every file copied from STATIC_PATHS and every attachment (PDF pages, office documents' paragraphs,
cells and slides, text files' lines), and the public columns of the PR network registry. Each
number found is one error naming the file, where in it, and the number masked
(x-xxxx-xxxxx-12-3); so ``prsite check`` and ``prsite build`` fail and output/ is left as it
was. A number listed with a reason in the allow-list (PII_GUARD_ALLOWLIST) passes.

PDFs and office documents are published without their metadata (author, creator, the path on
the officer's computer): a cleaned copy replaces Pelican's copy, and attachments' size and
SHA-256 are the cleaned copy's. A file that cannot be read is a warning and is not published.

Hooks
    initialized               defaults and checks of every plugin (plugins.manifest.configure)
    all_generators_finalized  scan; withhold unreadable files; point attachments at what is
                              published (content_model stops the build at get_writer)
    finalized                 put the cleaned copies in place of Pelican's copies

Pure rules in ``detect``; the allow-list in ``allowlist``; reading and cleaning files (cached by
content hash) in ``files``, with ``pdftext`` and ``office`` for the formats. What is found in a
Markdown file (every number, before the allow-list) is kept with the file's reading-cache entry
(content_model's ``cache.remembered``, keyed by the file's SHA-256), so an unchanged file is not
read again; the allow-list is applied to it on every build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field, replace

from pelican import signals
from pelican.generators import StaticGenerator

from plugins import manifest
from plugins.common import problem, report, warning
from plugins.content_model import all_content, read_source
from plugins.content_model.cache import remembered
from plugins.content_model.schema import kind_for
from plugins.pr_network import public_record, registry

from . import files
from .allowlist import read_allowlist
from .detect import LANDLINE, MOBILE, NATIONAL_ID, find_national_ids, find_phone_numbers
from .document import Unreadable

# PII_GUARD_PHONES -> the phone kinds that stop the build.
PHONE_POLICIES = {"mobile": {MOBILE}, "all": {MOBILE, LANDLINE}, "off": set()}
LABELS = {NATIONAL_ID: "a Thai national ID number", MOBILE: "a mobile phone number", LANDLINE: "a phone number"}


def check_settings(settings: dict) -> list[tuple[str, str]]:
    """(setting, message) for each bad PII_GUARD_* value (plugins.manifest.complete_settings)."""
    found = []
    if settings["PII_GUARD_PHONES"] not in PHONE_POLICIES:
        found.append(("PII_GUARD_PHONES", f"{settings['PII_GUARD_PHONES']!r} is not a phone policy "
                      "(use 'mobile', 'all' or 'off')"))
    allowlist = settings["PII_GUARD_ALLOWLIST"].strip("/")
    for folder in settings["STATIC_PATHS"]:
        folder = folder.strip("/")
        if folder in ("", ".") or allowlist == folder or allowlist.startswith(folder + "/"):
            found.append(("PII_GUARD_ALLOWLIST", f"'{allowlist}' is under STATIC_PATHS '{folder}' "
                          "and would be published with the numbers it lists (keep it at content/pii-allowlist.yml)"))
    return found


def _finder(settings):
    phones = PHONE_POLICIES.get(settings["PII_GUARD_PHONES"], set())  # an unknown policy is already an error

    def find(text: str):
        hits = find_national_ids(text) + [hit for hit in find_phone_numbers(text) if hit.kind in phones]
        return sorted(hits, key=lambda hit: hit.span)

    return find


def _message(hit, allowlist_shown: str) -> str:
    return (f"{LABELS[hit.kind]} ({hit.masked}) must not be published "
            f"(remove it, or list it in {allowlist_shown} with a reason)")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _findings(path: str, find) -> list[tuple]:
    """(hit, field) for each number in a content file, whatever the allow-list says."""
    source = read_source(path)  # notes to self are never published: their numbers are not checked
    return [(hit, source.field_on(hit.line) or "body") for hit in find(source.without_notes())]


def _scan_markdown(items, find, allowed, shown, phones: str) -> int:
    """Check each content file; the number whose findings came from the reading cache."""
    fresh = 0

    def findings(path):
        nonlocal fresh
        fresh += 1
        return _findings(path, find)

    by_path = {item.source_path: item for item in items}
    for path, item in sorted(by_path.items()):
        with open(path, "rb") as handle:  # the verdict is kept for these bytes only
            digest = hashlib.sha256(handle.read()).hexdigest()
        for hit, where in remembered(item, "pii_guard findings", (digest, phones), lambda: findings(path)):
            if hit.value not in allowed:
                problem(path, where, _message(hit, shown), line=hit.line)
    return len(by_path) - fresh


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
        attached = getattr(item, "attachments", None) or []
        copies = [cleaned.get(os.path.abspath(os.path.join(settings["PATH"], a.path))) for a in attached]
        if any(copies):
            item.attachments = item.metadata["attachments"] = [
                _describe(attachment, copy) if copy else attachment for attachment, copy in zip(attached, copies)]


def _describe(attachment, published: str):
    with open(published, "rb") as handle:
        data = handle.read()
    return replace(attachment, size=len(data), sha256=hashlib.sha256(data).hexdigest())


@dataclass
class _FileScan:
    counts: Counter = field(default_factory=Counter)  # kind -> files checked
    scans: int = 0                                    # PDFs without text
    legacy: list[str] = field(default_factory=list)   # .doc/.xls/.ppt, published unchecked
    partial: list[str] = field(default_factory=list)  # "content/files/x.pdf (first 500 of 812 pages)"
    withheld: set[str] = field(default_factory=set)   # could not be read: not published
    cleaned: dict[str, str] = field(default_factory=dict)  # original -> its copy without metadata


def _scan_files(paths, find, allowed, shown, cache: str, limits: files.Limits) -> _FileScan:
    result = _FileScan()
    for path in sorted(paths):
        kind = files.kind_of(path)
        if kind is None:
            if os.path.splitext(path)[1].lower() in files.LEGACY:
                result.legacy.append(report.display_path(path))
            continue
        try:
            inspected = files.inspect(path, cache, limits)
        except (Unreadable, OSError) as error:
            warning(path, "file", f"could not be read to check it for ID and phone numbers ({error}); "
                    f"it was not published ({UNREADABLE_REMEDY[kind]})")
            result.withheld.add(path)
            continue
        result.counts[kind] += 1
        document = inspected.document
        result.scans += kind == files.PDF and not any(text.strip() for _, text in document.units)
        if document.skipped:
            result.partial.append(f"{report.display_path(path)} ({document.skipped})")
        for where, text in document.units:
            for hit in find(text):
                if hit.value not in allowed:
                    problem(path, where, _message(hit, shown))
        if inspected.published != path:
            result.cleaned[path] = inspected.published
    return result


def _summary(markdown_files: int, unchanged: int, result: _FileScan) -> str:
    counts = result.counts
    markdown = _plural(markdown_files, "Markdown file") + (f" ({unchanged} unchanged: from the cache)" if unchanged else "")
    checked = ", ".join([markdown, _plural(counts[files.PDF], "PDF")]
                        + [_plural(counts[kind], kind) for kind in (files.OFFICE, files.TEXT) if counts[kind]])
    summary = f"pii guard: {checked} and the network registry checked"
    if result.scans:
        summary += f"; {result.scans} PDFs are scans without text and were not checked"
    if result.legacy:
        summary += (f"; not checked: {', '.join(result.legacy)} (Word, Excel and PowerPoint 97-2003 files cannot "
                    "be read: check them by hand or publish a PDF)")
    if result.partial:
        summary += f"; only partly checked (over the size limits): {', '.join(result.partial)}"
    return summary


def scan(generators) -> None:
    settings = generators[0].settings
    allowlist_path = os.path.join(settings["PATH"], settings["PII_GUARD_ALLOWLIST"])
    allowed = read_allowlist(allowlist_path)
    shown = report.display_path(allowlist_path)
    find = _finder(settings)
    items = [item for item in all_content(generators) if kind_for(item.source_path, settings) is not None]
    sources = {item.source_path for item in items}
    static = _static_files(generators)
    # Everything copied to output/, and attachments wherever they are.
    paths = {os.path.abspath(f.source_path) for f in static} | {
        os.path.abspath(os.path.join(settings["PATH"], a.path))
        for item in items for a in getattr(item, "attachments", None) or []}

    unchanged = _scan_markdown(items, find, allowed, shown, settings["PII_GUARD_PHONES"])
    _scan_registry(settings, find, allowed, shown)
    cache = os.path.join(os.path.dirname(settings["PATH"]), settings["PII_GUARD_CACHE_PATH"])
    result = _scan_files(paths, find, allowed, shown, cache, files.Limits.from_settings(settings))

    static[:] = [f for f in static if os.path.abspath(f.source_path) not in result.withheld]  # fail closed
    _cleaned_copies[:] = [(f, result.cleaned[os.path.abspath(f.source_path)]) for f in static
                          if os.path.abspath(f.source_path) in result.cleaned]
    _published_attachments(items, settings, result.cleaned)
    report.note(_summary(len(sources), unchanged, result))


def publish_cleaned_copies(pelican) -> None:
    """Pelican copied the originals; put the copies without metadata in their place."""
    for static, cleaned in _cleaned_copies:
        target = os.path.join(pelican.output_path, static.save_as)
        if os.path.lexists(target):
            temporary = target + ".pii-guard.tmp"
            shutil.copyfile(cleaned, temporary)
            os.replace(temporary, target)  # replaces a hard or symbolic link too, never the original


def register() -> None:
    manifest.register_plugin()
    signals.all_generators_finalized.connect(scan)
    signals.finalized.connect(publish_cleaned_copies)
