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
reads every copy whenever one of them changed. When none did (a build with no content change,
a change to menus, listings or related news), the bundle it wrote last is published again,
kept in the cache under a hash of everything it read, and Pagefind does not run at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata

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
ENTRY = "pagefind-entry.json"  # the bundle's table of contents


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


BUNDLES = "bundle"  # in the cache folder: the last bundle, in a folder named by what Pagefind read


class MarkCache:
    """Cut copies kept in ``folder`` (one file each, named by the hash of the uncut copy), and the
    last bundle Pagefind wrote (``BUNDLES``).
    An entry is used only if removing its marks gives back the uncut copy exactly, so a stale
    or damaged cache can cost time, never put into the index a word the page does not have."""

    def __init__(self, folder: str):
        self.folder = folder
        self.used: set[str] = set()
        self.marked = self.reused = 0  # copies cut on this build, and taken from the cache
        self.bundle_reused = False
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

    def reuse_bundle(self, key: str, bundle: str) -> bool:
        """Publish the kept bundle of ``key`` at ``bundle`` (hard links), if there is one."""
        kept = os.path.join(self.folder, BUNDLES, key)
        if not os.path.isfile(os.path.join(kept, ENTRY)):  # renamed into place only when complete
            return False
        shutil.rmtree(bundle, ignore_errors=True)
        try:
            _link_tree(kept, bundle)
        except OSError:  # another build replaced it meanwhile: index as if there were none
            shutil.rmtree(bundle, ignore_errors=True)
            return False
        self.bundle_reused = True
        return True

    def keep_bundle(self, key: str, bundle: str) -> None:
        """Keep the bundle Pagefind just wrote as the one of ``key``, in place of any other."""
        folder, new = os.path.join(self.folder, BUNDLES), None
        try:
            os.makedirs(folder, exist_ok=True)
            new = tempfile.mkdtemp(dir=folder, prefix=".new-")
            _link_tree(bundle, new)
            for old in os.listdir(folder):
                if not old.startswith(".new-"):  # another build's, being written
                    shutil.rmtree(os.path.join(folder, old))
            os.rename(new, os.path.join(folder, key))
        except OSError as failure:
            self.unsaved = self.unsaved or failure
            if new:
                shutil.rmtree(new, ignore_errors=True)

    def forget_unused(self) -> None:
        """Remove the entries no page of this build used: the cache holds one site, not every
        version of it."""
        for folder, subfolders, names in os.walk(self.folder):
            if folder == self.folder and BUNDLES in subfolders:
                subfolders.remove(BUNDLES)  # keep_bundle keeps only one
            for name in names:
                if name not in self.used and not name.startswith(".new-"):  # another build's, being written
                    try:
                        os.remove(os.path.join(folder, name))
                    except OSError as failure:
                        self.unsaved = self.unsaved or failure


def _link_tree(source: str, target: str) -> None:
    """``target`` as a copy of ``source`` made of hard links (copies across file systems)."""
    def link(from_path: str, to_path: str) -> None:
        try:
            os.link(from_path, to_path)
        except OSError:
            shutil.copy2(from_path, to_path)

    shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)


def copy_for_indexing(output: str, copies: str, cache: MarkCache) -> list[tuple[str, str]]:
    """Copy what Pagefind reads of the pages to index from ``output`` to ``copies`` (same paths,
    so the same URLs), their Thai words marked; returns (path, hash of the copy) of each, sorted."""
    copied = []
    for folder, _, files in os.walk(output):
        for name in files:
            if not name.endswith(".html"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                document = indexed_part(handle.read())
            if document is None:
                continue
            relative = os.path.join(os.path.relpath(folder, output), name)
            target = os.path.join(copies, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            marked = cache.marked_copy(document)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(marked)
            copied.append((relative, hashlib.sha256(marked.encode()).hexdigest()))
    return sorted(copied)


def pagefind_command(site: str, bundle: str, exclude_selectors: list[str]) -> list[str]:
    """The Pagefind binary bundled in the installed wheel, through its ``python -m`` entry point."""
    command = [sys.executable, "-m", "pagefind", "--site", site, "--output-path", bundle, "--quiet"]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    return command


class PagefindFailed(Exception):
    """Pagefind exited with an error; the message is its exit status and last line."""


def bundle_key(copied: list[tuple[str, str]], exclude_selectors: list[str]) -> str:
    """Everything a bundle depends on: the copies Pagefind reads, its options and its version."""
    read = (metadata.version("pagefind"), exclude_selectors, copied)
    return hashlib.sha256(repr(read).encode()).hexdigest()[:32]


def build_index(output: str, bundle: str, exclude_selectors: list[str], cache: MarkCache) -> int:
    """Write the Pagefind bundle of the site in ``output`` to ``bundle``; returns the pages indexed
    (0, and no bundle, when no page is marked for indexing)."""
    with tempfile.TemporaryDirectory(prefix="prsite-search-") as copies:
        copied = copy_for_indexing(output, copies, cache)
        if not copied:
            return 0
        key = bundle_key(copied, exclude_selectors)
        if not cache.reuse_bundle(key, bundle):
            done = subprocess.run(pagefind_command(copies, bundle, exclude_selectors),
                                  capture_output=True, text=True, encoding="utf-8")
            if done.returncode != 0:
                said = (done.stderr.strip() or done.stdout.strip()).splitlines()
                raise PagefindFailed(f"exit {done.returncode}: {said[-1] if said else 'no message'}")
            cache.keep_bundle(key, bundle)
    with open(os.path.join(bundle, ENTRY), encoding="utf-8") as handle:
        return sum(language["page_count"] for language in json.load(handle)["languages"].values())
