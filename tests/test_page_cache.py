"""A rebuild renders again only the news pages whose inputs changed (plugins/page_cache).

A news page rendered from its closed context is the page Pelican renders with the whole site's
context; after one edit only the pages that show the edited values are rendered, the others are
the last build's files (their time kept); a damaged record or a page changed in output/ is
rendered again. tests/test_incremental.py compares every kind of rebuild with a clean build.
"""

from __future__ import annotations

import json
import shutil

from tests.conftest import REPO, news_pages
from tests.test_incremental import archive, build, clean_build, differences, edit  # noqa: F401 (fixture)

WITHOUT_PAGE_CACHE = '\nPLUGINS.remove("plugins.page_cache")\n'


def test_news_pages_rendered_from_their_closed_context_are_those_of_the_whole_context(site):
    shutil.rmtree(site.root / "content")
    shutil.copytree(REPO / "content", site.root / "content")
    closed = site.run_in_new_process("build", "--output", "closed")
    assert closed.returncode == 0, closed.stderr
    assert "news pages: 47 rendered, 0 kept from the last build" in closed.stdout
    assert "read more than their own values" not in closed.stdout
    site.write("pelicanconf.py", site.read("pelicanconf.py") + WITHOUT_PAGE_CACHE)
    whole = site.run_in_new_process("build", "--output", "whole")
    assert whole.returncode == 0, whole.stderr
    assert "news pages:" not in whole.stdout
    assert len(news_pages(site.root / "closed")) == 47
    assert differences(site.root / "closed", site.root / "whole") == []


def test_a_template_that_reads_more_than_a_pages_own_values_is_rendered_with_the_whole_context(archive):
    edit(archive, "theme/templates/article.html", "{% block content %}",
         "{% block content %}<p>{{ articles|length }} ข่าว</p>")
    for _ in range(2):  # and never kept
        result = build(archive)
        assert "news pages: 0 rendered, 0 kept from the last build" in result.stdout
        assert ("pages: 4 read more than their own values and are rendered on every build, e.g. "
                "news/2569/ce-date/index.html ('articles' is undefined)") in result.stdout
    assert "<p>4 ข่าว</p>" in archive.read("output/news/2569/blood/index.html")
    assert differences(archive.root / "output", clean_build(archive)) == []


def test_after_one_body_edit_only_the_pages_that_show_it_are_rendered(archive):
    build(archive)
    output = archive.root / "output"
    before = {page: (page.read_bytes(), page.stat()) for page in news_pages(output)}
    edit(archive, "content/news/2569/blood.md", "เนื้อข่าว", "ข่าวแก้ไขแล้ว เนื้อข่าว")
    result = build(archive)
    # blood.md's page, and sports.md's, whose related news shows its excerpt; its neighbours show only its title
    assert "news pages: 2 rendered, 2 kept from the last build" in result.stdout
    changed = {page.parent.name for page, (data, _) in before.items() if page.read_bytes() != data}
    assert changed == {"blood", "sports"}
    for page, (_, was) in before.items():
        if page.parent.name not in changed:  # the last build's file itself, linked: same inode and time
            assert (page.stat().st_ino, page.stat().st_mtime_ns) == (was.st_ino, was.st_mtime_ns), page
    assert differences(output, clean_build(archive)) == []


def test_a_damaged_or_missing_record_renders_every_page(archive):
    build(archive)
    (record,) = (archive.root / "cache/pages").iterdir()
    output = str(archive.root / "output")
    wrong_entries = json.dumps({"version": 1, "output": output, "pages": {
        page: entry for page, entry in zip(json.loads(record.read_text())["pages"], (5, None, [1, 2], ["x", 1, 2, 3]))}})
    for damage in (b"", b"{not json", b'{"version": 1, "output": 3, "pages": []}', b"[]", wrong_entries.encode()):
        record.write_bytes(damage)
        assert "news pages: 4 rendered, 0 kept from the last build" in build(archive).stdout
    shutil.rmtree(archive.root / "cache/pages")
    assert "news pages: 4 rendered, 0 kept from the last build" in build(archive).stdout
    assert "news pages: 0 rendered, 4 kept from the last build" in build(archive).stdout
    assert differences(archive.root / "output", clean_build(archive)) == []


def test_a_page_changed_or_removed_in_output_is_rendered_again(archive):
    build(archive)
    page = archive.root / "output/news/2569/meeting/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("ประชุม", "ประชม"), encoding="utf-8")
    (archive.root / "output/news/2569/blood/index.html").unlink()
    listing = archive.root / "output/tag/kila/index.html"
    listing.write_text(listing.read_text(encoding="utf-8").replace("กีฬา", "กีฬ"), encoding="utf-8")
    (archive.root / "output/category/executives/index.html").unlink()
    result = build(archive)
    assert "news pages: 2 rendered, 2 kept from the last build" in result.stdout
    assert "listing pages: 2 rendered, 9 kept from the last build" in result.stdout
    assert differences(archive.root / "output", clean_build(archive)) == []


def test_after_one_title_edit_only_the_listings_that_show_it_are_rendered(archive):
    first = build(archive)
    assert "listing pages: 11 rendered, 0 kept from the last build" in first.stdout
    edit(archive, "content/news/2569/sports.md", "Title: กีฬาสีโรงเรียน", "Title: กีฬาสีประจำปี")
    result = build(archive)
    # sports.md's section and its two tags; the home page shows the whole site and is always rendered
    assert "listing pages: 3 rendered, 8 kept from the last build" in result.stdout
    for listing in ("category/school-news", "tag/kila", "tag/chit-asa"):
        assert "กีฬาสีประจำปี" in archive.read(f"output/{listing}/index.html")
    assert differences(archive.root / "output", clean_build(archive)) == []


def test_a_listing_template_that_reads_more_is_rendered_with_the_whole_context(archive):
    edit(archive, "theme/templates/listing.html", '<h1 class="page-title">{{ listing_title }}</h1>',
         '<h1 class="page-title">{{ listing_title }}</h1><p>{{ articles|length }} ข่าว</p>')
    for _ in range(2):  # and never kept
        result = build(archive)
        assert "listing pages: 0 rendered, 0 kept from the last build" not in result.stdout
        assert "pages: 11 read more than their own values and are rendered on every build" in result.stdout
    assert differences(archive.root / "output", clean_build(archive)) == []
