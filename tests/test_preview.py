"""`prsite serve`: one full build into cache/preview/, then the edited page fresh on the next
request, a mistake as an error page at the item's address, everything else from the last good build."""

from __future__ import annotations

import html
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from publish.site.preview import file_for_address

ITEM = "Title: ข่าวก่อนแก้ไข\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item"
OTHER = "Title: ข่าวอีกเรื่องหนึ่ง\nDate: 2026-11-17\nCategory: ประกาศ\nSlug: other"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    """Status and text of a page; an error page is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _shows(url: str, text: str) -> bool:
    status, page = _fetch(url)
    return status == 200 and text in page


def _wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working directory is ``folder``: the preview and anything it started."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")) == folder:
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to look at
            pass
    return found


@pytest.fixture
def preview(site):
    """`prsite serve` of a two-item site on a free port; stopped with SIGTERM, leaving no process."""
    site.news("item", ITEM, "ฉบับแรก")
    site.news("other", OTHER, "อีกเรื่อง")
    port = _free_port()
    prsite = Path(sys.executable).with_name("prsite")
    server = subprocess.Popen([str(prsite), "serve", "--port", str(port)], cwd=site.root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    address = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: "ข่าวก่อนแก้ไข" in _fetch(address + "news/2569/item/")[1]), "preview did not come up"
        yield address
        server.terminate()  # SIGTERM to prsite serve alone, as systemd or `kill` would
        assert server.wait(timeout=30) is not None
        assert _wait_for(lambda: not _processes_in(site.root), 10), "processes of prsite serve are still running"
    finally:
        if server.poll() is None or _processes_in(site.root):
            os.killpg(server.pid, signal.SIGKILL)
            for pid in _processes_in(site.root):
                os.kill(pid, signal.SIGKILL)


def test_the_edited_page_is_fresh_and_output_is_never_touched(site, preview):
    site.news("item", ITEM.replace("ข่าวก่อนแก้ไข", "ข่าวหลังแก้ไข"), "ฉบับแรก")
    assert _wait_for(lambda: "ข่าวหลังแก้ไข" in _fetch(preview + "news/2569/item/")[1]), "the edit was not shown"
    status, home = _fetch(preview)
    assert status == 200 and "ข่าวอีกเรื่องหนึ่ง" in home
    # The listings catch up in the background, from a full build that replaces the preview folder.
    assert _wait_for(lambda: "ข่าวหลังแก้ไข" in _fetch(preview)[1]), "the home page never caught up"
    assert (site.root / "cache/preview/news/2569/item/index.html").is_file()
    assert not (site.root / "output").exists(), "the preview wrote into output/"


def test_a_mistake_is_an_error_page_naming_file_and_field_and_the_rest_keeps_serving(site, preview):
    page = preview + "news/2569/item/"
    site.news("item", ITEM.replace("2026-11-18", "31/13/2569"), "ฉบับแรก")
    line = "content/news/2569/item.md: Date: '31/13/2569' is not a date (use 2026-11-20 or 20/11/2569)"
    assert _wait_for(lambda: line in html.unescape(_fetch(page)[1])), "no error page for the mistake"
    status, error_page = _fetch(page)
    assert status == 422
    assert '<html lang="th">' in error_page and 'name="viewport"' in error_page
    assert "บันทึกไฟล์" in error_page  # what to do next: fix the line, save, and the page comes back
    assert line in site.run("build").stderr.splitlines()  # the same line the build prints

    status, other = _fetch(preview + "news/2569/other/")
    assert status == 200 and "อีกเรื่อง" in other
    status, home = _fetch(preview)
    assert status == 200 and "ข่าวอีกเรื่องหนึ่ง" in home

    site.news("item", ITEM.replace("ข่าวก่อนแก้ไข", "ข่าวแก้ไขแล้ว"), "ฉบับแรก")
    assert _wait_for(lambda: _shows(page, "ข่าวแก้ไขแล้ว")), "the page did not come back when the file was fixed"


@pytest.mark.parametrize("address, expected", [
    ("/", "index.html"),
    ("/news/2569/item/", "news/2569/item/index.html"),
    ("/news/2569/item/?utm=line", "news/2569/item/index.html"),
    ("/news/2569/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/", "news/2569/ข่าว/index.html"),
    ("/css/site.css", "css/site.css"),
    ("/news/../../etc/passwd", None),  # never outside the preview folder
])
def test_file_for_address(address, expected):
    assert file_for_address(address) == expected


def _preview_of(site, monkeypatch):
    from publish import pipeline
    from publish.site.preview import Preview

    monkeypatch.chdir(site.root)
    preview = Preview("pelicanconf.py", pipeline.load_settings("pelicanconf.py"), echo=lambda line: None)
    preview.first_build()
    return preview


def test_a_page_made_alone_is_the_page_the_full_build_makes(site, monkeypatch):
    """News with neighbours and tags, a page and a disclosure (each kind's own generator writes it)."""
    site.news("older", "Title: ข่าวเก่ากว่า\nDate: 2026-11-10\nCategory: ประกาศ\nTags: ประชุม\nSlug: older")
    site.news("item", ITEM + "\nTags: ประชุม, อบรม", "ฉบับแรก")
    site.news("newer", "Title: ข่าวใหม่กว่า\nDate: 2026-11-19\nCategory: ประกาศ\nSlug: newer")
    site.write("content/pages/about.md", "Title: เกี่ยวกับเรา\nSlug: about\n\nประวัติ\n")
    site.write("content/oia/2569/plan.md", "Title: แผนปฏิบัติการ\nDate: 2025-11-10\nCategory: 9(3)\n"
                                           "Fiscal_year: 2569\nSlug: plan-2569\n\nแผนงาน\n")
    preview = _preview_of(site, monkeypatch)
    addresses = ["news/2569/older/index.html", "news/2569/item/index.html", "news/2569/newer/index.html",
                 "about/index.html", "information-centre/2569/plan-2569/index.html"]
    built = {address: (Path(preview.folder) / address).read_bytes() for address in addresses}
    preview.saved(sorted(str(path) for path in (site.root / "content").rglob("*.md")))  # each read again, unchanged
    assert len(preview.edits) == len(addresses)
    for address, page in built.items():
        assert preview.answer(address) == (200, page), address


def test_a_draft_saved_has_no_page_in_the_preview_either(site, monkeypatch):
    site.news("item", ITEM, "ฉบับแรก")
    preview = _preview_of(site, monkeypatch)
    site.news("item", ITEM + "\nStatus: draft", "ฉบับแรก")
    preview.saved([str(site.root / "content/news/2569/item.md")])
    status, page = preview.answer("news/2569/item/index.html")
    assert status == 404
    assert ("content/news/2569/item.md: Status: is draft, so the item has no page (write Status: published to see "
            "it)") in html.unescape(page.decode("utf-8"))


def test_a_new_slug_saved_is_shown_at_its_new_address_and_links_there(site, monkeypatch):
    site.news("item", ITEM, "ฉบับแรก")
    preview = _preview_of(site, monkeypatch)
    site.news("item", ITEM.replace("Slug: item", "Slug: renamed"), "ฉบับแรก")
    preview.saved([str(site.root / "content/news/2569/item.md")])
    status, page = preview.answer("news/2569/renamed/index.html")
    shared = BeautifulSoup(page, "html.parser").select_one('meta[property="og:url"]')["content"]
    assert status == 200 and shared.endswith("/news/2569/renamed/")


def test_a_component_edited_since_the_build_shows_on_the_next_page(site, monkeypatch):
    """A build reads each template once; the pages the preview renders on request read a component
    again (the components are most of what a theme change touches)."""
    theme = site.root / "theme"
    shared = theme.resolve()
    theme.unlink()
    shutil.copytree(shared, theme)  # the project's theme is not edited
    site.news("item", ITEM, "ฉบับแรก")
    preview = _preview_of(site, monkeypatch)
    component = theme / "templates/components/share_links.html"
    component.write_text(component.read_text(encoding="utf-8").replace("แชร์ข่าวนี้", "แชร์ข่าวนี้ให้เพื่อน"),
                         encoding="utf-8")
    site.news("item", ITEM, "ฉบับที่สอง")
    preview.saved([str(site.root / "content/news/2569/item.md")])
    status, page = preview.answer("news/2569/item/index.html")
    assert status == 200 and "แชร์ข่าวนี้ให้เพื่อน" in page.decode("utf-8")


def test_a_port_in_use_is_one_line_before_any_build(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = site.run_in_new_process("serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr == f"port {port}: Address already in use (stop the other preview, or use --port {port + 1})\n"
    assert not (site.root / "cache/preview").exists()


def test_a_browser_that_goes_away_mid_page_is_not_a_traceback(capsys):
    """A reload or a closed tab breaks the connection while a page is sent: the preview's
    terminal stays the officer's, for problems in files and builds."""
    from publish.site.preview import PreviewServer

    server = PreviewServer(("127.0.0.1", 0), lambda *args: None)
    try:
        for gone in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "Connection reset by peer")):
            try:
                raise gone
            except ConnectionError:
                server.handle_error(None, ("127.0.0.1", 50000))
        try:
            raise ValueError("a real bug")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 50000))
    finally:
        server.server_close()
    printed = capsys.readouterr()
    assert "Broken pipe" not in printed.out + printed.err
    assert "Connection reset" not in printed.out + printed.err
    assert "ValueError: a real bug" in printed.out + printed.err
