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
did: the cut copies are kept in a cache keyed by a hash of the uncut copy.

Pagefind cannot update a bundle (its API builds a new index in memory and cannot drop a page),
and one run's time and memory grow with the pages it reads, its time faster than linearly (5,000
pages: about 15-20 s and 1 GiB). So the index is a set of shards, each a complete Pagefind bundle
of at most about SEARCH_SHARD_PAGES pages, that the visitor's browser merges (search.js,
Pagefind's ``mergeIndex``). A page's shard is a hash of its address modulo the number of shards,
a power of two just large enough for the pages: an edited, added or deleted page changes its own
shard only, and only when the site doubles do the shards change all at once. Each shard is thus
a random sample of the site, so the word frequencies Pagefind ranks by are close to the whole
site's, and results merged by score rank about as they would in one index (shards by year would
not: a word common in one year would rank low there and high elsewhere).

A shard is kept in the cache under a hash of what Pagefind read for it (its pages' addresses and
uncut copies, the marks' version, Pagefind's options and version); a shard whose pages did not
change is published again from there without reading its cut copies, and Pagefind runs only on
the others. A rebuild does not even read the pages page_cache wrote with the bytes of a page
indexed before (``KNOWN_PAGES`` records each one's SHA-256 and what its key was). The first
shard's bundle is the bundle's root (the script and WebAssembly the
browser loads); the others are folders beside it holding their index only, listed in
``SHARD_LIST``.
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
from dataclasses import dataclass
from functools import cached_property
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


BUNDLES = "bundle"  # in the cache folder: the shards' bundles, each in a folder named by what Pagefind read
SHARD_LIST = "pagefind-shards.json"  # in the bundle: the shards' names, the first one's bundle being the root
SHARD_INDEX = (ENTRY, "index", "fragment", "filter")  # with its .pf_meta: what the browser reads of a merged shard
KEPT_FILES = "prsite-files.json"  # in a kept bundle: each file's size and SHA-256, checked before reuse
# In the cache folder: for each page the last build indexed or passed over, the SHA-256 of its file
# and its Page.key (null: not indexed), valid for this version of the marks and of this file's code.
KNOWN_PAGES = "known-pages.json"
KNOWN_VERSION = hashlib.sha256(MARKS_VERSION + open(__file__, "rb").read()).hexdigest()[:16]


class Page:
    """A page to index: its path in the output, what Pagefind reads of it (uncut), and the hash
    of that with the marks' version, which names its cut copy in the cache."""

    def __init__(self, path: str, document: str):
        self.path, self.document = path, document
        self.key = hashlib.sha256(MARKS_VERSION + document.encode()).hexdigest()


class KnownPage(Page):
    """A page whose file has the bytes of one indexed before: its key is that page's, and what
    Pagefind reads of it is read from ``file`` only if its shard is indexed again."""

    def __init__(self, path: str, key: str, file: str):
        self.path, self.key, self.file = path, key, file

    @cached_property
    def document(self) -> str:
        with open(self.file, encoding="utf-8") as handle:
            return indexed_part(handle.read()) or ""


class MarkCache:
    """Cut copies kept in ``folder`` (one file each, named by ``Page.key``), and the shards'
    bundles (``BUNDLES``).
    An entry is used only if removing its marks gives back the uncut copy exactly, so a stale
    or damaged cache can cost time, never put into the index a word the page does not have."""

    def __init__(self, folder: str):
        self.folder = folder
        self.used: set[str] = set()  # cut copies and bundles this build's pages need
        self.marked = 0  # copies cut on this build
        self.unsaved: OSError | None = None

    def marked_copy(self, page: Page) -> str:
        path = os.path.join(self.folder, page.key[:2], page.key)
        try:
            with open(path, encoding="utf-8") as handle:
                cached = handle.read()
            unmarked = cached.replace(ZWSP, "")
            if isinstance(page, KnownPage) and Page(page.path, unmarked).key == page.key:
                return cached  # the copy of exactly the page's text (one without zero-width spaces of its own)
            if unmarked == page.document.replace(ZWSP, ""):
                return cached
        except (OSError, UnicodeDecodeError):
            pass
        marked = mark_word_breaks(page.document)
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

    def reuse_bundle(self, key: str, target: str, whole: bool) -> bool:
        """Publish the kept bundle of ``key`` at ``target`` (hard links), if there is one and every
        file of it is the one Pagefind wrote (a damaged cache costs a Pagefind run, never a broken
        search)."""
        kept = os.path.join(self.folder, BUNDLES, key)
        if not _intact_bundle(kept):
            return False
        try:
            _publish(kept, target, whole)
        except OSError:  # another build removed it meanwhile: index as if there were none
            shutil.rmtree(target, ignore_errors=True)
            return False
        return True

    def keep_bundle(self, key: str, bundle: str) -> None:
        """Keep the bundle Pagefind just wrote as the one of ``key``."""
        folder, new = os.path.join(self.folder, BUNDLES), None
        try:
            os.makedirs(folder, exist_ok=True)
            new = tempfile.mkdtemp(dir=folder, prefix=".new-")
            _link_tree(bundle, new)
            with open(os.path.join(new, KEPT_FILES), "w", encoding="utf-8") as handle:
                json.dump(_file_digests(new), handle)
            shutil.rmtree(os.path.join(folder, key), ignore_errors=True)  # e.g. one without its entry
            os.rename(new, os.path.join(folder, key))
        except OSError as failure:
            self.unsaved = self.unsaved or failure
            if new:
                shutil.rmtree(new, ignore_errors=True)

    def known_pages(self) -> dict[str, list]:
        """The last build's record of its pages: path -> [SHA-256 of the file, Page.key or None]."""
        try:
            with open(os.path.join(self.folder, KNOWN_PAGES), encoding="utf-8") as handle:
                known = json.load(handle)
            pages = known["pages"] if known["version"] == KNOWN_VERSION else {}
            return {path: entry for path, entry in pages.items()
                    if isinstance(entry, list) and len(entry) == 2 and all(isinstance(v, (str, type(None))) for v in entry)}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    def keep_known_pages(self, pages: dict[str, list]) -> None:
        self.used.add(KNOWN_PAGES)
        self._save(os.path.join(self.folder, KNOWN_PAGES), json.dumps({"version": KNOWN_VERSION, "pages": pages}))

    def forget_unused(self) -> None:
        """Remove the cut copies and bundles no page of this build used: the cache holds one
        site, not every version of it."""
        for folder, subfolders, names in os.walk(self.folder):
            if folder == self.folder and BUNDLES in subfolders:
                subfolders.remove(BUNDLES)
                self._forget(os.path.join(folder, BUNDLES), os.listdir(os.path.join(folder, BUNDLES)), shutil.rmtree)
            self._forget(folder, names, os.remove)

    def _forget(self, folder: str, names: list[str], remove) -> None:
        for name in names:
            if name not in self.used and not name.startswith(".new-"):  # another build's, being written
                try:
                    remove(os.path.join(folder, name))
                except OSError as failure:
                    self.unsaved = self.unsaved or failure


def _file_digests(bundle: str) -> dict[str, list]:
    """Every file of ``bundle`` but KEPT_FILES: relative path -> [size, SHA-256]."""
    digests = {}
    for folder, _, names in os.walk(bundle):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, bundle)
            if relative != KEPT_FILES:
                with open(path, "rb") as handle:
                    data = handle.read()
                digests[relative] = [len(data), hashlib.sha256(data).hexdigest()]
    return digests


def _intact_bundle(kept: str) -> bool:
    """Whether the kept bundle has exactly the files, sizes and bytes recorded when it was kept."""
    try:
        with open(os.path.join(kept, KEPT_FILES), encoding="utf-8") as handle:
            recorded = json.load(handle)
        return recorded == _file_digests(kept) and page_count(kept) >= 0
    except (OSError, ValueError):
        return False


def page_count(bundle: str) -> int:
    """The pages in a Pagefind bundle, from its entry file (ValueError if it is not one)."""
    try:
        with open(os.path.join(bundle, ENTRY), encoding="utf-8") as handle:
            return sum(int(language["page_count"]) for language in json.load(handle)["languages"].values())
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{ENTRY} is not Pagefind's: {error!r}") from None


def _link(from_path: str, to_path: str) -> None:
    """A hard link (a copy across file systems)."""
    try:
        os.link(from_path, to_path)
    except OSError:
        shutil.copy2(from_path, to_path)


def _link_tree(source: str, target: str) -> None:
    """``target`` as a copy of ``source`` made of hard links."""
    shutil.copytree(source, target, copy_function=_link, dirs_exist_ok=True)


def _publish(bundle: str, target: str, whole: bool, move: bool = False) -> None:
    """Put the files of a shard's ``bundle`` at ``target`` (moved, or as hard links): all of them
    for the first shard, only its index for the others."""
    os.makedirs(target, exist_ok=True)
    for name in os.listdir(bundle):
        if name != KEPT_FILES and (whole or name in SHARD_INDEX or name.endswith(".pf_meta")):
            source, placed = os.path.join(bundle, name), os.path.join(target, name)
            if move:
                os.rename(source, placed)
            elif os.path.isdir(source):
                _link_tree(source, placed)
            else:
                _link(source, placed)


def read_pages(output: str, written: dict[str, tuple[int, int, str]], known: dict[str, list],
               found: dict[str, list]) -> list[Page]:
    """The pages of ``output`` to index, by path, with what Pagefind reads of each. A page that
    ``written`` (page_cache.written_pages) says has the bytes of one in ``known`` is not read; each
    such page goes into ``found`` for the next build."""
    pages = []
    for folder, _, files in os.walk(output):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, output)
            digest = _as_written(path, written.get(relative))
            if digest is not None and known.get(relative, [None])[0] == digest:
                key = known[relative][1]
                found[relative] = [digest, key]
                if key is not None:
                    pages.append(KnownPage(relative, key, path))
                continue
            with open(path, encoding="utf-8") as handle:
                document = indexed_part(handle.read())
            page = Page(relative, document) if document is not None else None
            if digest is not None:
                found[relative] = [digest, page.key if page else None]
            if page:
                pages.append(page)
    return sorted(pages, key=lambda page: page.path)


def _as_written(path: str, written: tuple[int, int, str] | None) -> str | None:
    """The SHA-256 page_cache gave the file at ``path``, if it still has that size and time."""
    if written is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return written[2] if (found.st_size, found.st_mtime_ns) == tuple(written[:2]) else None


def shards(pages: list[Page], shard_pages: int) -> dict[str, list[Page]]:
    """The pages by shard name ("3-of-8"), in order, leaving out empty shards. The number of
    shards is the least power of two that puts at most ``shard_pages`` pages in each on average,
    so it changes only when the site doubles or halves, and then every page moves."""
    count = 1
    while len(pages) > count * shard_pages:
        count *= 2
    grouped: dict[int, list[Page]] = {}
    for page in pages:
        number = int.from_bytes(hashlib.sha256(page.path.encode()).digest()[:8], "big") % count
        grouped.setdefault(number, []).append(page)
    return {f"{number + 1}-of-{count}": grouped[number] for number in sorted(grouped)}


def copy_for_indexing(pages: list[Page], copies: str, cache: MarkCache) -> None:
    """Write the copies of ``pages`` Pagefind reads to ``copies`` (same paths, so the same URLs),
    their Thai words marked."""
    for page in pages:
        target = os.path.join(copies, page.path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(cache.marked_copy(page))


def pagefind_command(site: str, bundle: str, exclude_selectors: list[str]) -> list[str]:
    """The Pagefind binary bundled in the installed wheel, through its ``python -m`` entry point."""
    command = [sys.executable, "-m", "pagefind", "--site", site, "--output-path", bundle, "--quiet"]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    return command


class PagefindFailed(Exception):
    """Pagefind exited with an error; the message is its exit status and last line."""


def shard_key(pages: list[Page], exclude_selectors: list[str]) -> str:
    """Everything a shard's bundle depends on: its pages' paths and uncut copies (their cuts follow
    from those and the marks' version, in ``Page.key``), Pagefind's options and its version."""
    read = (metadata.version("pagefind"), exclude_selectors, [(page.path, page.key) for page in pages])
    return hashlib.sha256(repr(read).encode()).hexdigest()[:32]


class PagefindRun:
    """Pagefind indexing one shard's cut copies into ``bundle``, in its own process: the copies are
    written first (``start`` runs Pagefind on them, ``finish`` waits for it), so this process cuts the
    next shard while Pagefind indexes this one (it takes most of a core, cutting the other). One
    Pagefind at a time: its memory is most of the build's peak."""

    def __init__(self, pages: list[Page], bundle: str, exclude_selectors: list[str], cache: MarkCache):
        self.bundle, self.exclude_selectors = bundle, exclude_selectors
        self.process: subprocess.Popen | None = None
        self.copies = tempfile.mkdtemp(prefix="prsite-search-")
        try:
            copy_for_indexing(pages, self.copies, cache)
        except BaseException:
            shutil.rmtree(self.copies, ignore_errors=True)
            raise

    def start(self) -> None:
        try:
            self.process = subprocess.Popen(pagefind_command(self.copies, self.bundle, self.exclude_selectors),
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        except BaseException:
            shutil.rmtree(self.copies, ignore_errors=True)
            raise

    def finish(self) -> None:
        try:
            stdout, stderr = self.process.communicate()
        finally:
            shutil.rmtree(self.copies, ignore_errors=True)
        if self.process.returncode != 0:
            said = (stderr.strip() or stdout.strip()).splitlines()
            raise PagefindFailed(f"exit {self.process.returncode}: {said[-1] if said else 'no message'}")

    def stop(self) -> None:
        """After another shard failed: end it and remove its copies."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.copies, ignore_errors=True)


@dataclass
class Indexed:
    """What ``build_index`` did: pages indexed, shards, and shards Pagefind indexed again."""

    pages: int = 0
    shards: int = 0
    reindexed: int = 0


def build_index(output: str, bundle: str, exclude_selectors: list[str], shard_pages: int,
                cache: MarkCache, written_pages: dict[str, tuple[int, int, str]] | None = None) -> Indexed:
    """Write the sharded Pagefind bundle of the site in ``output`` to ``bundle`` (no bundle when no
    page is marked for indexing). ``written_pages``: page_cache's, so known pages are not read."""
    found: dict[str, list] = {}
    pages = read_pages(output, written_pages or {}, cache.known_pages(), found)
    cache.used.update(page.key for page in pages)
    grouped = shards(pages, shard_pages)
    indexed = Indexed(shards=len(grouped))
    shutil.rmtree(bundle, ignore_errors=True)
    running: tuple[PagefindRun, str, str, str, bool] | None = None  # the run, its bundle, key, target, whole
    try:
        for number, (name, shard) in enumerate(grouped.items()):
            whole = number == 0
            target = bundle if whole else os.path.join(bundle, name)
            key = shard_key(shard, exclude_selectors)
            cache.used.add(key)
            if cache.reuse_bundle(key, target, whole):
                continue
            os.makedirs(bundle, exist_ok=True)
            new_bundle = tempfile.mkdtemp(dir=bundle, prefix=".new-")  # the same file system as target
            try:
                prepared = PagefindRun(shard, new_bundle, exclude_selectors, cache)  # while the last shard's run goes on
            except BaseException:
                shutil.rmtree(new_bundle, ignore_errors=True)
                raise
            previous, running = running, (prepared, new_bundle, key, target, whole)
            indexed.reindexed += 1
            if previous:
                _finish(*previous, cache)
            prepared.start()
        if running:
            _finish(*running, cache)
            running = None
    finally:
        if running:  # a shard failed or the build was stopped: no Pagefind left behind
            running[0].stop()
            shutil.rmtree(running[1], ignore_errors=True)
    for number, name in enumerate(grouped):
        try:
            indexed.pages += page_count(bundle if number == 0 else os.path.join(bundle, name))
        except (OSError, ValueError) as error:  # a bundle Pagefind just wrote: not expected
            raise PagefindFailed(f"its bundle cannot be read ({error})") from None
    if grouped:
        with open(os.path.join(bundle, SHARD_LIST), "w", encoding="utf-8") as handle:
            json.dump(list(grouped), handle)
    cache.keep_known_pages(found)
    return indexed


def _finish(run: PagefindRun, new_bundle: str, key: str, target: str, whole: bool, cache: MarkCache) -> None:
    """Wait for a shard's Pagefind run, keep its bundle and publish it at ``target``."""
    try:
        run.finish()
        cache.keep_bundle(key, new_bundle)
        _publish(new_bundle, target, whole, move=True)
    finally:
        shutil.rmtree(new_bundle, ignore_errors=True)
