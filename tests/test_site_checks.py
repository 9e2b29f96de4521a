"""prsite check on the built site: what a visitor would trip over is found before going live."""

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from conftest import REPO, nonempty
from publish.site.checks import check_output

SITE_URL = "https://takpeo1.example.go.th"


def test_every_link_and_anchor_in_the_sample_site_works(sample_site):
    nonempty(list(sample_site.rglob("*.html")))
    assert [str(f) for f in check_output(str(sample_site), SITE_URL)] == []


def test_broken_links_anchors_and_missing_alt_are_errors(site):
    site.write("content/pages/links.md", "Title: ลิงก์\nSlug: links\n\n"
               "[ไฟล์ที่ไม่มี](/files/nothing.pdf) [หัวข้อที่ไม่มี](/about/#history) "
               "[หัวข้อที่มี](#intro)\n\n## บทนำ {#intro}\n\n<img src=\"/images/logo.svg\">\n")
    site.write("content/pages/about.md", "Title: เกี่ยวกับเรา\nSlug: about\n\nเนื้อหา\n")
    assert site.run("build").exit_code == 0
    result = site.run("check")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("links/")]
    assert lines == [
        "links/index.html: alt: image '/images/logo.svg' has no alt text (describe it, or alt=\"\" if it is decoration)",
        "links/index.html: link: '/files/nothing.pdf' leads nowhere (files/nothing.pdf is not in the site)",
        "links/index.html: anchor: '/about/#history' points to #history, which about/index.html does not have",
    ]


def test_external_links_are_checked_only_when_asked(site):
    conf = site.root / "pelicanconf.py"  # no home quick links: this tiny site has none of their pages
    conf.write_text(conf.read_text(encoding="utf-8") + "\nOFFICE_QUICK_LINKS = []\n", encoding="utf-8")
    # The OIA s.11 page every office has; the information centre links it from every page.
    shutil.copy(REPO / "content/pages/request-information.md", site.root / "content/pages/")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dead = f"http://127.0.0.1:{server.server_address[1]}/gone.html"
    try:
        site.write("content/pages/links.md", f"Title: ลิงก์\nSlug: links\n\n[เว็บที่ปิดไปแล้ว]({dead})\n")
        assert site.run("build").exit_code == 0
        assert site.run("check").exit_code == 0
        result = site.run("check", "--external", "--strict")
    finally:
        server.shutdown()
    assert result.exit_code == 1
    assert f"warning: links/index.html: external: {dead} HTTP 404" in result.stderr.splitlines()


def test_check_before_any_build_says_so(site):
    result = site.run("check")
    assert result.exit_code == 0
    assert "output: not built yet, so links were not checked (run prsite build first)" in result.stdout
