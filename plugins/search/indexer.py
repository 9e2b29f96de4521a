"""Index the built site with Pagefind, its Thai cut into words the way visitors' browsers cut them.

Pagefind cuts Thai into words twice: when it indexes a page (its own Rust segmenter) and when
a visitor searches (the browser's ``Intl.Segmenter``, i.e. ICU). The two often disagree
(เผยแพร่ is one word to the first, เผย|แพร่ to the second), and a word cut differently is
never found: on the sample office, 3 in 10 of the words on a page could not be found. So
Pagefind reads copies of the pages whose Thai text is already cut by ICU (icu4py; on the
sample it cuts every word as Chromium does), a zero-width space at each boundary. Pagefind keeps those boundaries as
its own; search.js drops the invisible spaces from titles and excerpts. Published pages are
not touched.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile

from icu4py.breakers import WordBreaker

ZWSP = "\u200b"
THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")
TAG = re.compile(r"(<[^>]*>)")  # prsite's HTML escapes ">" in attribute values
INDEXED = "data-pagefind-body"  # only pages carrying it are indexed (see the templates)


def mark_word_breaks(html: str) -> str:
    """A zero-width space between every two Thai words of the text (not inside tags)."""
    parts = TAG.split(html)
    for index in range(0, len(parts), 2):
        parts[index] = THAI_RUN.sub(lambda run: ZWSP.join(WordBreaker(run[0], "th")), parts[index])
    return "".join(parts)


def copy_for_indexing(output: str, copies: str) -> int:
    """Copy the pages to index from ``output`` to ``copies`` (same paths, so the same URLs),
    their Thai words marked; returns how many."""
    count = 0
    for folder, _, files in os.walk(output):
        for name in files:
            if not name.endswith(".html"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                html = handle.read()
            if INDEXED not in html:
                continue
            target = os.path.join(copies, os.path.relpath(folder, output), name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(mark_word_breaks(html))
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


def build_index(output: str, bundle: str, exclude_selectors: list[str]) -> int:
    """Write the Pagefind bundle of the site in ``output`` to ``bundle``; returns the pages indexed
    (0, and no bundle, when no page is marked for indexing)."""
    with tempfile.TemporaryDirectory(prefix="prsite-search-") as copies:
        if not copy_for_indexing(output, copies):
            return 0
        done = subprocess.run(pagefind_command(copies, bundle, exclude_selectors),
                              capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise PagefindFailed(f"exit {done.returncode}: {said[-1] if said else 'no message'}")
    with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as handle:
        return sum(language["page_count"] for language in json.load(handle)["languages"].values())
