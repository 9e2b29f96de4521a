"""Index the built site with Pagefind, its Thai cut into words the way visitors' browsers cut them.

Pagefind cuts Thai into words twice: when it indexes a page (its own Rust segmenter) and when
a visitor searches (the browser's ``Intl.Segmenter``, i.e. ICU). The two often disagree
(เผยแพร่ is one word to the first, เผย|แพร่ to the second), and a word cut differently is
never found: on the sample office, 3 in 10 of the words on a page could not be found. So
Pagefind reads copies of the pages whose Thai text is already cut by ICU (icu4py; on the
sample it cuts every word as Chromium does), a zero-width space at each boundary. Pagefind keeps those boundaries as
its own; search.js drops the invisible spaces from titles and excerpts. Published pages are
not touched.

A copy holds only what Pagefind reads of a page: the ``<html>`` tag (its language) and the
element marked ``data-pagefind-body``. Menus, footers and related-news lists are neither cut
nor parsed, and a page whose article did not change is not cut again when only its neighbours
did: the cut copies are kept in a cache keyed by a hash of the uncut copy. Pagefind itself
cannot update a bundle (its API builds a new index in memory and cannot drop a page), so it
reads every copy on every build; the cache makes everything around it cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

import icu4py
from icu4py.breakers import WordBreaker

ZWSP = "\u200b"
THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")
TAG = re.compile(r"(<[^>]*>)")  # prsite's HTML escapes ">" in attribute values
INDEXED = "data-pagefind-body"  # only pages carrying it are indexed (see the templates)
HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
INDEXED_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-body[\s>=/]", re.I)
# Changes when the cuts can: a newer ICU may cut differently, so a new cache key.
MARKS_VERSION = f"icu {icu4py.icu_version}; marks 1\n".encode()


def mark_word_breaks(html: str) -> str:
    """A zero-width space between every two Thai words of the text (not inside tags)."""
    parts = TAG.split(html)
    for index in range(0, len(parts), 2):
        parts[index] = THAI_RUN.sub(lambda run: ZWSP.join(WordBreaker(run[0], "th")), parts[index])
    return "".join(parts)


def indexed_part(html: str) -> str | None:
    """What Pagefind reads of a page: its ``<html>`` tag and the element carrying
    ``data-pagefind-body``, as a document of their own; the whole page when that element's end
    cannot be found (never less than Pagefind would read); None for a page not indexed."""
    if INDEXED not in html:
        return None
    element, opening = INDEXED_TAG.search(html), HTML_TAG.search(html)
    if not element or not opening:
        return html
    depth = 0
    for tag in re.compile(f"<(/?){element[1]}\\b[^>]*>", re.I).finditer(html, element.start()):  # as browsers: any case
        depth += -1 if tag[1] else 1
        if depth == 0:
            return f"{opening[0]}<body>{html[element.start():tag.end()]}</body></html>"
    return html


class MarkCache:
    """Cut copies kept in ``folder`` (one file each, named by the hash of the uncut copy).
    An entry is used only if removing its marks gives back the uncut copy exactly, so a stale
    or damaged cache can cost time, never put into the index a word the page does not have."""

    def __init__(self, folder: str):
        self.folder = folder
        self.used: set[str] = set()
        self.marked = self.reused = 0  # copies cut on this build, and taken from the cache
        self.unsaved: OSError | None = None

    def marked_copy(self, document: str) -> str:
        key = hashlib.sha256(MARKS_VERSION + document.encode()).hexdigest()
        path = os.path.join(self.folder, key[:2], key)
        self.used.add(key)
        try:
            with open(path, encoding="utf-8") as handle:
                cached = handle.read()
            if cached.replace(ZWSP, "") == document.replace(ZWSP, ""):
                self.reused += 1
                return cached
        except (OSError, UnicodeDecodeError):
            pass
        marked = mark_word_breaks(document)
        self.marked += 1
        self._save(path, marked)
        return marked

    def _save(self, path: str, marked: str) -> None:
        """Write through a temporary file, so a build stopped midway, or another build reading
        at the same moment, never sees half an entry."""
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=os.path.dirname(path),
                                             prefix=".new-", delete=False) as handle:
                handle.write(marked)
            os.replace(handle.name, path)
        except OSError as failure:
            self.unsaved = self.unsaved or failure

    def forget_unused(self) -> None:
        """Remove the entries no page of this build used: the cache holds one site, not every
        version of it."""
        for folder, _, names in os.walk(self.folder):
            for name in names:
                if name not in self.used and not name.startswith(".new-"):  # another build's, being written
                    try:
                        os.remove(os.path.join(folder, name))
                    except OSError as failure:
                        self.unsaved = self.unsaved or failure


def copy_for_indexing(output: str, copies: str, cache: MarkCache) -> int:
    """Copy what Pagefind reads of the pages to index from ``output`` to ``copies`` (same paths,
    so the same URLs), their Thai words marked; returns how many."""
    count = 0
    for folder, _, files in os.walk(output):
        for name in files:
            if not name.endswith(".html"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                document = indexed_part(handle.read())
            if document is None:
                continue
            target = os.path.join(copies, os.path.relpath(folder, output), name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(cache.marked_copy(document))
            count += 1
    return count


def pagefind_command(site: str, bundle: str, exclude_selectors: list[str]) -> list[str]:
    """The Pagefind binary bundled in the installed wheel, through its ``python -m`` entry point."""
    command = [sys.executable, "-m", "pagefind", "--site", site, "--output-path", bundle, "--quiet"]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    return command


class PagefindFailed(Exception):
    """Pagefind exited with an error; the message is its exit status and last line."""


def build_index(output: str, bundle: str, exclude_selectors: list[str], cache: MarkCache) -> int:
    """Write the Pagefind bundle of the site in ``output`` to ``bundle``; returns the pages indexed
    (0, and no bundle, when no page is marked for indexing)."""
    with tempfile.TemporaryDirectory(prefix="prsite-search-") as copies:
        if not copy_for_indexing(output, copies, cache):
            return 0
        done = subprocess.run(pagefind_command(copies, bundle, exclude_selectors),
                              capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise PagefindFailed(f"exit {done.returncode}: {said[-1] if said else 'no message'}")
    with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as handle:
        return sum(language["page_count"] for language in json.load(handle)["languages"].values())
