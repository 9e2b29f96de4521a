"""``prsite new news``: a ready-to-edit Markdown file with every field of the content model."""

from __future__ import annotations

import os
import re

from plugins.content_model.schema import NEWS
from plugins.thai_text import thaitext

SLUG_LINE = re.compile(r"^Slug:\s*(\S+)", re.M | re.I)


def _slugs_in_use(news_root: str) -> set[str]:
    used = set()
    for folder, _, files in os.walk(news_root):
        for name in files:
            if name.endswith(".md"):
                used.add(name[:-3])
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    match = SLUG_LINE.search(handle.read(4096))
                if match:
                    used.add(match[1])
    return used


def _unique(slug: str, used: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def write_news(settings: dict, title: str, category: str | None = None) -> str:
    categories = settings["CONTENT_MODEL_CATEGORIES"]
    if category is not None and category not in categories:
        raise ValueError(f"--category: '{category}' is not a category (use one of: {', '.join(categories)})")
    title = " ".join(title.split())
    if not title:
        raise ValueError("title: empty (give the headline in quotes)")
    now = thaitext.now()
    news_root = os.path.join(settings["PATH"], settings["ARTICLE_PATHS"][0])
    slug = _unique(thaitext.slugify(title) or "news", _slugs_in_use(news_root))
    values = {
        "Title": title,
        "Date": f"{now:%Y-%m-%d %H:%M}",
        "Category": category or next(iter(categories)),
        "Slug": slug,
        "Status": "draft",
        "Enews": "yes",
    }
    head = "\n".join(f"{field.name}: {values.get(field.name, '')}".rstrip() for field in NEWS.fields)
    notes = (
        "<!--\n"
        "บันทึกถึงผู้เขียน (ส่วนนี้จะไม่ถูกเผยแพร่):\n"
        f"- Category ใช้ได้: {' | '.join(categories)}\n"
        "- Date เขียนได้ทั้ง 2026-11-20 09:30 หรือ 20/11/2569 09:30\n"
        "- ถ้าใส่ Image ต้องใส่ Image_alt บรรยายภาพด้วย\n"
        "- Schools ใส่รหัสสมาชิกจาก content/network/members.csv คั่นด้วยจุลภาค\n"
        "- เปลี่ยน Status เป็น published เมื่อพร้อมเผยแพร่\n"
        "-->\n"
    )
    folder = os.path.join(news_root, str(thaitext.be_year(now)))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{slug}.md")
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(f"{head}\n\n{notes}\nเขียนเนื้อข่าวที่นี่\n")
    return path
