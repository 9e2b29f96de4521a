"""The benchmark corpus as a minimal Hugo site, so Hugo does the comparable work.

Each news item becomes ``content/news/bench-<n>.md`` with TOML front matter made from its
header (title, date in Thailand time, category, tags, slug) and the same Markdown body. The
layouts are minimal: one page per item (title, date, category, tags, body), the news section's
list and one list per category and per tag, 12 items a page with pagination, and Hugo's own
defaults on top (an RSS feed per list, sitemap.xml, 404). No theme, no CSS, no images, no
search index, no Thai text processing: Hugo does less per page than prsite does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

CONFIG = """\
baseURL = "http://127.0.0.1/"
languageCode = "th"
title = "bench"
timeZone = "Asia/Bangkok"
paginate = 12
[taxonomies]
category = "categories"
tag = "tags"
"""
BASEOF = """<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04" }}">{{ .Date.Format "2 Jan 2006" }}</time>
{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
"""
TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""
LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,
    "_default/terms.html": TERMS,
    "index.html": LIST,
}


def hugo_page(text: str) -> str:
    """One news item in our header format (``Key: value`` lines, a blank line, Markdown) as a Hugo
    page with TOML front matter. JSON strings are valid TOML basic strings."""
    header, _, body = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    date, time = fields["Date"].split(" ")
    front = [
        f"title = {json.dumps(fields['Title'], ensure_ascii=False)}",
        f"date = {date}T{time}:00+07:00",
        f"slug = {json.dumps(fields['Slug'])}",
        f"categories = [{json.dumps(fields['Category'], ensure_ascii=False)}]",
        f"tags = {json.dumps([t.strip() for t in fields['Tags'].split(',')], ensure_ascii=False)}",
    ]
    return "+++\n" + "\n".join(front) + "\n+++\n\n" + body


def hugo_path(hugo_site: Path, news_file: Path) -> Path:
    """Where the Hugo copy of ``content/news/<year>/bench-<n>.md`` goes (one flat news section)."""
    return hugo_site / "content" / "news" / news_file.name


def write_hugo_site(hugo_site: Path, content: Path) -> int:
    """A fresh Hugo site converted from our ``content/news``; returns the number of items."""
    shutil.rmtree(hugo_site, ignore_errors=True)
    (hugo_site / "content" / "news").mkdir(parents=True)
    (hugo_site / "config.toml").write_text(CONFIG, encoding="utf-8")
    for relative, template in LAYOUTS.items():
        path = hugo_site / "layouts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template, encoding="utf-8")
    items = sorted((content / "news").rglob("*.md"))
    for news_file in items:
        hugo_path(hugo_site, news_file).write_text(hugo_page(news_file.read_text(encoding="utf-8")), encoding="utf-8")
    return len(items)
