"""The edits the rebuild and preview measurements make: one item's body, its title, a new item.

Each edit is saved in our corpus and in its Hugo copy, and returns the new text the item's page
must show, so a rebuild that did not pick the edit up stops the benchmark instead of looking fast.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from .articles import SEED, news_item
from .hugo import hugo_page, hugo_path

EDITED_ITEM = 1  # bench-1 is edited; new items are numbered after the corpus


@dataclass
class Corpus:
    content: Path  # our content/ (prsite and stock Pelican read it)
    hugo_site: Path | None  # its Hugo copy, when hugo is installed
    articles: int
    added: int = 0  # new items made so far

    def item(self, number: int) -> Path:
        return next((self.content / "news").glob(f"*/bench-{number}.md"))

    def save(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if self.hugo_site:
            hugo_path(self.hugo_site, path).write_text(hugo_page(text), encoding="utf-8")


def edit_body(corpus: Corpus, mark: str) -> tuple[int, str]:
    """A sentence added at the end of bench-1's body."""
    path = corpus.item(EDITED_ITEM)
    sentence = f"ปรับปรุงข้อมูลล่าสุด รหัส {mark}"
    corpus.save(path, path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{sentence}\n")
    return EDITED_ITEM, mark


def edit_title(corpus: Corpus, mark: str) -> tuple[int, str]:
    """bench-1's title gets a new ending (it appears in listings and feeds too)."""
    path = corpus.item(EDITED_ITEM)
    text = re.sub(r"^Title: (.*?)(?: ฉบับแก้ไข \w+)?$", rf"Title: \1 ฉบับแก้ไข {mark}",
                  path.read_text(encoding="utf-8"), count=1, flags=re.M)
    corpus.save(path, text)
    return EDITED_ITEM, mark


def add_item(corpus: Corpus, mark: str) -> tuple[int, str]:
    """A new item after the corpus's last, generated as the corpus's items are."""
    corpus.added += 1
    number = corpus.articles + corpus.added
    relative, text = news_item(random.Random(SEED + number), number)
    corpus.save(corpus.content / relative, text.rstrip("\n") + f"\n\nข่าวใหม่ รหัส {mark}\n")
    return number, mark


# (name in the report, edit)
EDITS = (("one body edited", edit_body), ("one title edited", edit_title), ("one item added", add_item))
