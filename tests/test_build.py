"""Building: slugs that collide, new items, Thai digits, and the live preview."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import problem_lines


def test_titles_that_romanise_alike_both_get_published(site):
    """ข่าว and ขาว are both 'khao': Pelican aborts with a traceback; prsite publishes both."""
    site.news("first", "Title: ข่าว\nDate: 2026-11-01\nCategory: ประกาศ", "ข่าวแรก")
    site.news("second", "Title: ขาว\nDate: 2026-11-02\nCategory: ประกาศ", "ข่าวที่สอง")

    result = site.run("build")

    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [
        "warning: content/news/2569/second.md: Slug: 'khao' is also used by content/news/2569/first.md; "
        "this one is published as 'khao-2' (set Slug: to choose)"
    ]
    assert "ข่าวแรก" in site.read("output/news/2569/khao/index.html")
    assert "ข่าวที่สอง" in site.read("output/news/2569/khao-2/index.html")


def test_slug_collision_fails_a_strict_build_with_one_line(site):
    site.news("first", "Title: ข่าว\nDate: 2026-11-01\nCategory: ประกาศ")
    site.news("second", "Title: ขาว\nDate: 2026-11-02\nCategory: ประกาศ")
    result = site.run("build", "--strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "build failed: 1 warning (--strict); output was not changed (fix the lines above and build again)"
    )
    assert "Traceback" not in result.output


def test_automatic_slugs_are_ascii_and_category_addresses_are_readable(site):
    site.news("meeting", "Title: ประชุมผู้บริหารสถานศึกษา ครั้งที่ 11/2569\nDate: 2026-11-18\n"
              "Category: ข่าวประชาสัมพันธ์\nTags: ประชุมผู้บริหาร")
    assert site.run("build").exit_code == 0
    output = site.root / "output"
    assert (output / "news/2569/prachum-phuprihan-sathansueksa-11-2569/index.html").is_file()
    assert (output / "category/pr-news/index.html").is_file()
    tag_pages = [p.parent.name for p in (output / "tag").glob("*/index.html")]
    assert tag_pages and all(re.fullmatch(r"[a-z0-9-]+", name) for name in tag_pages)


def test_heading_anchors_are_readable_and_unique(site):
    site.news("report", "Title: รายงาน\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: report",
              "## ผลการดำเนินงาน\n\nก\n\n## ผลการดำเนินงาน\n\nข\n")
    assert site.run("build").exit_code == 0
    prose = site.read("output/news/2569/report/index.html").split('class="prose"', 1)[1]
    ids = re.findall(r'<h2 id="([^"]+)"', prose.split("</div>", 1)[0])
    assert ids == ["phlakandamnoenngan", "phlakandamnoenngan_1"]


def test_dates_in_buddhist_era_and_thai_digits_as_a_setting(site):
    site.news("item", "Title: ข่าว\nDate: 20/11/2569 09:30\nCategory: ประกาศ\nSlug: item")
    assert site.run("build").exit_code == 0
    assert "20 พฤศจิกายน 2569 เวลา 09:30 น." in site.read("output/news/2569/item/index.html")

    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'THAI_TEXT_DIGITS = "thai"\n', encoding="utf-8")
    assert site.run("build").exit_code == 0
    assert "๒๐ พฤศจิกายน ๒๕๖๙ เวลา ๐๙:๓๐ น." in site.read("output/news/2569/item/index.html")


def test_new_news_item_is_ready_to_edit(site, monkeypatch):
    monkeypatch.setenv("PRSITE_NOW", "2027-01-02 08:15")  # the clock prsite new reads, pinned
    result = site.run("new", "news", "สพป.ตาก เขต 1 ประชุมผู้บริหารสถานศึกษา")
    assert result.exit_code == 0, result.output

    year = 2570  # BE year of 2027-01-02
    written = list((site.root / f"content/news/{year}").glob("*.md"))
    assert len(written) == 1
    text = written[0].read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0]
    names = [line.split(":", 1)[0] for line in head.splitlines()]
    assert names == ["Title", "Date", "Category", "Tags", "Slug", "Summary", "Image", "Image_alt", "Image_caption", "Gallery",
                     "Attachments", "Schools", "Status", "Expires", "Enews", "Modified"]
    assert "Title: สพป.ตาก เขต 1 ประชุมผู้บริหารสถานศึกษา" in head
    assert "Status: draft" in head
    assert f"Slug: {written[0].stem}" in head
    assert "Date: 2027-01-02 08:15" in head  # now, in Thailand's time
    assert "ข่าวประชาสัมพันธ์ | ข่าวกิจกรรม" in text  # the section list, as a note to self

    assert site.run("check").exit_code == 0  # a fresh draft is valid as it stands
    written[0].write_text(text.replace("Status: draft", "Status: published"), encoding="utf-8")
    assert site.run("build").exit_code == 0
    page = site.read(f"output/news/{year}/{written[0].stem}/index.html")
    assert "ประชุมผู้บริหารสถานศึกษา" in page and "บันทึกถึงผู้เขียน" not in page


def test_new_item_never_overwrites(site):
    assert site.run("new", "news", "ข่าว").exit_code == 0
    assert site.run("new", "news", "ข่าว").exit_code == 0
    stems = sorted(p.stem for p in (site.root / "content/news").rglob("*.md"))
    assert stems == ["khao", "khao-2"]


def test_new_rejects_unknown_category(site):
    result = site.run("new", "news", "ข่าว", "--category", "ข่าวทั่วไป")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --category: 'ข่าวทั่วไป' is not a category")


def test_commands_outside_a_site_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from click.testing import CliRunner
    from publish.cli import main

    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: pelicanconf.py: not found (run prsite from the site's folder, or pass --settings)"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _serve(site) -> tuple[subprocess.Popen, int]:
    """`prsite serve` of a one-item site on a free port, in its own process group (Pelican's
    autoreload runs the builder and the web server in child processes)."""
    site.news("item", "Title: ข่าวตัวอย่าง\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item", "ฉบับแรก")
    port = _free_port()
    prsite = Path(sys.executable).with_name("prsite")
    server = subprocess.Popen([str(prsite), "serve", "--port", str(port)], cwd=site.root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return server, port


def test_serve_previews_and_rebuilds_on_change(site):
    server, port = _serve(site)
    try:
        page = f"http://127.0.0.1:{port}/news/2569/item/"
        assert _wait_for(lambda: "ฉบับแรก" in _get(page), 60), "preview did not come up"
        # Saved again every few seconds, as an officer would: an edit made before the file
        # watcher has started (right after the first build) is not seen.
        for _ in range(10):
            site.news("item", "Title: ข่าวตัวอย่าง\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item", "ฉบับแก้ไข")
            if _wait_for(lambda: "ฉบับแก้ไข" in _get(page), 5):
                break
        else:
            raise AssertionError("preview did not rebuild")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    assert not _wait_for(lambda: _get(page), 2), "preview still running after it was stopped"


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigterm_stops_serve_and_every_process_it_started(site):
    """systemd, a terminal's `kill` or a test stop the preview with SIGTERM to prsite alone:
    its builder and web server children must go too, and the port must be free again."""
    server, port = _serve(site)
    try:
        assert _wait_for(lambda: "ฉบับแรก" in _get(f"http://127.0.0.1:{port}/news/2569/item/"), 60), "no preview"
        server.terminate()  # SIGTERM to prsite serve only, not to its process group
        assert server.wait(timeout=15) is not None
        assert _wait_for(lambda: not _group_alive(server.pid), 10), "children of prsite serve are still running"
    finally:
        if _group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview's server does; TIME_WAIT is fine
        again.bind(("127.0.0.1", port))  # no one listens on the port any more
        again.listen()


def test_a_mistyped_prsite_now_is_one_line_before_any_work(site, monkeypatch):
    monkeypatch.setenv("PRSITE_NOW", "next year")
    result = site.run("check")
    assert result.exit_code == 1
    assert result.stderr == "Error: PRSITE_NOW: 'next year' is not a date (use 2026-11-20 or 20/11/2569)\n"
