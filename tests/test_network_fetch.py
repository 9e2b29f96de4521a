"""School news aggregation and the link checker against real HTTP servers on 127.0.0.1.

One threaded server plays every kind of member site: a good Thai RSS feed, an Atom feed
full of script, a 500, a server slower than the timeout, one that trickles bytes past the
deadline, an HTML page, a huge body, and a feed that answers 304 to a matching ETag.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from plugins.manifest import complete_settings
from plugins.pr_network.aggregate import cached_items, fetch_all
from plugins.pr_network.linkcheck import LinkResult, check_links
from plugins.pr_network.registry import Member
from plugins.thai_text.thaitext import BANGKOK, words

TIMEOUT = 0.5
DEADLINE = 2.0
MAX_BYTES = 50_000

LONG_THAI = "นักเรียนโรงเรียนบ้านแม่ท้อร่วมกันปลูกต้นไม้ในวันสิ่งแวดล้อมโลก " * 20

GOOD_RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>ข่าวโรงเรียนอนุบาลตาก</title><link>https://anubantak.example/</link>
<item><title>โรงเรียนอนุบาลตากจัดกิจกรรมวันภาษาไทย</title><link>https://anubantak.example/news/1</link>
  <pubDate>Fri, 20 Nov 2026 02:30:00 GMT</pubDate><description>&lt;p&gt;นักเรียน &lt;strong&gt;ท่องอาขยาน&lt;/strong&gt;&lt;/p&gt;</description></item>
<item><title>ประชุมผู้ปกครองภาคเรียนที่ 2</title><link>https://anubantak.example/news/2</link>
  <pubDate>Wed, 18 Nov 2026 03:00:00 GMT</pubDate><description>{LONG_THAI}</description></item>
<item><title>ข่าวเก่าที่เกินจำนวน</title><link>https://anubantak.example/news/0</link>
  <pubDate>Mon, 02 Nov 2026 03:00:00 GMT</pubDate><description>เก่า</description></item>
</channel></rss>""".encode()

EVIL_HTML = (
    '<p style="color:red" onclick="steal()">ข่าวดี</p><script>alert(1)</script>'
    '<img src=x onerror=alert(1)><iframe src="https://evil.example/">frame</iframe>'
    '<a href="javascript:alert(1)">คลิก</a> <a href="https://school.example/news/9">อ่านต่อ</a>'
    '<style>body{display:none}</style><div style="position:fixed">ต่อ</div>'
)
EVIL_ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>evil</title><id>urn:evil</id><updated>2026-11-19T01:00:00Z</updated>
<entry><title type="html">&lt;script&gt;alert(2)&lt;/script&gt;กีฬาสี</title><id>urn:1</id>
  <updated>2026-11-19T01:00:00Z</updated><link href="javascript:alert(3)"/>
  <content type="html"><![CDATA[{EVIL_HTML}]]></content></entry>
</feed>""".encode()

ETAG_RSS = GOOD_RSS.replace("โรงเรียนอนุบาลตากจัดกิจกรรมวันภาษาไทย".encode(), "ข่าวที่มี ETag".encode())


class Server:
    """Routes by path; records each request's method, path and headers."""

    def __init__(self):
        self.requests: list[tuple[str, str, dict]] = []
        self.broken: set[str] = set()  # paths that answer 500 for now
        self.stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_HEAD(self):
                owner.requests.append(("HEAD", self.path, dict(self.headers)))
                if self.path == "/no-head":
                    return self.answer(405, b"")
                self.do_GET(record=False)

            def do_GET(self, record=True):
                if record:
                    owner.requests.append(("GET", self.path, dict(self.headers)))
                path = self.path
                if path in owner.broken or path == "/error.xml":
                    return self.answer(500, b"oops")
                if path in ("/good.xml", "/flaky.xml", "/no-head"):
                    return self.answer(200, GOOD_RSS, "application/rss+xml; charset=utf-8")
                if path == "/evil.atom":
                    return self.answer(200, EVIL_ATOM, "application/atom+xml")
                if path == "/page.html":
                    return self.answer(200, "<!doctype html><title>โรงเรียน</title><h1>ยินดีต้อนรับ</h1>".encode(), "text/html")
                if path == "/etag.xml":
                    if self.headers.get("If-None-Match") == '"v1"':
                        return self.answer(304, b"", etag='"v1"')
                    return self.answer(200, ETAG_RSS, "application/rss+xml", etag='"v1"')
                if path == "/slow.xml":
                    owner.stop.wait(TIMEOUT * 4)
                    return self.answer(200, GOOD_RSS)
                if path == "/huge.xml":  # no Content-Length: only counting the stream can stop it
                    self.send_response(200)
                    self.end_headers()
                    for _ in range(MAX_BYTES // 1000 * 4):
                        self.wfile.write(b"<!--" + b"x" * 993 + b"-->")
                    return None
                if path == "/trickle.xml":  # each byte beats the read timeout; only the deadline ends it
                    self.send_response(200)
                    self.end_headers()
                    while not owner.stop.wait(0.1):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    return None
                if path == "/ok":
                    return self.answer(200, b"ok")
                return self.answer(404, b"not here")

            def answer(self, status, body, content_type="text/plain", etag=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def sent(self, method: str, path: str) -> list[dict]:
        return [headers for m, p, headers in self.requests if (m, p) == (method, path)]


@pytest.fixture
def server(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # every request must go to 127.0.0.1 itself
    running = Server()
    running.thread.start()
    yield running
    running.stop.set()
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture(scope="module", autouse=True)
def segmenter_loaded():
    """The first Thai word split loads PyThaiNLP's dictionary; keep that out of DEADLINE."""
    words("ทดสอบ")


@pytest.fixture
def settings():
    chosen = {
        "PLUGINS": ["plugins.pr_network"],
        "OFFICE_SITE_URL": "https://takpeo1.example.go.th",
        "PR_NETWORK_FETCH_TIMEOUT": TIMEOUT,
        "PR_NETWORK_FETCH_DEADLINE": DEADLINE,
        "PR_NETWORK_FEED_MAX_BYTES": MAX_BYTES,
        "PR_NETWORK_FEED_ITEMS": 2,
        "PR_NETWORK_FEED_SUMMARY_LENGTH": 120,
    }
    assert complete_settings(chosen) == []
    return chosen


def member(member_id: str, **values) -> Member:
    return Member(2, {"id": member_id, "name": f"โรงเรียน {member_id}", "type": "school", **values})


def feeds(server, **paths) -> list[Member]:
    return [member(member_id, feed_url=server.base + path) for member_id, path in paths.items()]


def test_every_kind_of_feed(server, settings, tmp_path):
    members = feeds(server, good="/good.xml", evil="/evil.atom", error="/error.xml", slow="/slow.xml",
                    page="/page.html", huge="/huge.xml", trickle="/trickle.xml")
    members.append(member("no-feed", website=server.base + "/ok"))
    calls = []
    started = time.monotonic()
    results = fetch_all(members, str(tmp_path), settings, progress=lambda done, total: calls.append((done, total)))
    elapsed = time.monotonic() - started

    assert elapsed < DEADLINE + 1.0, "a slow or trickling server stalled the fetch"
    url = {m.id: m.feed_url for m in members}
    assert [(r.member_id, r.status, r.message, r.items) for r in results] == [
        ("good", "updated", "", 2),
        ("evil", "updated", "", 1),
        ("error", "failed", f"{url['error']}: HTTP 500 (no earlier copy)", 0),
        ("slow", "failed", f"{url['slow']}: timed out (no earlier copy)", 0),
        ("page", "failed", f"{url['page']}: not an RSS/Atom feed (no earlier copy)", 0),
        ("huge", "failed", f"{url['huge']}: larger than 50,000 bytes (PR_NETWORK_FEED_MAX_BYTES) (no earlier copy)", 0),
        ("trickle", "failed", f"{url['trickle']}: no complete answer within 2 s (PR_NETWORK_FETCH_DEADLINE) "
                              "(no earlier copy)", 0),
    ]
    assert calls[-1] == (7, 7) and len(calls) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.json", "good.json"]
    agent = server.sent("GET", "/good.xml")[0]["User-Agent"]
    assert re.fullmatch(r"prsite/\S+ \(\+https://takpeo1\.example\.go\.th\)", agent)

    items = cached_items(members, str(tmp_path))
    assert [(i.member_id, i.title) for i in items] == [
        ("good", "โรงเรียนอนุบาลตากจัดกิจกรรมวันภาษาไทย"),  # 20 Nov, 09:30 in Bangkok
        ("evil", "กีฬาสี"),                                  # 19 Nov
        ("good", "ประชุมผู้ปกครองภาคเรียนที่ 2"),              # 18 Nov; the 2 Nov item is beyond FEED_ITEMS
    ]
    newest = items[0]
    assert newest.member_name == "โรงเรียน good"
    assert newest.link == "https://anubantak.example/news/1"
    assert newest.published == dt.datetime(2026, 11, 20, 9, 30, tzinfo=BANGKOK)
    assert newest.published.utcoffset() == dt.timedelta(hours=7)
    assert newest.summary_html == "<p>นักเรียน <strong>ท่องอาขยาน</strong></p>"
    long_one = items[2].summary_html
    assert long_one.startswith("<p>นักเรียนโรงเรียนบ้านแม่ท้อ") and long_one.endswith("…</p>")
    assert len(long_one) < 140

    evil = items[1]
    assert evil.link == ""  # javascript: is never a link
    for banned in ("<script", "alert(1)", "onerror", "onclick", "<iframe", "<img", "style=", "<style", "javascript:"):
        assert banned not in evil.summary_html.lower(), banned
    anchors = re.findall(r"<a\b[^>]*>", evil.summary_html)
    assert anchors == ['<a rel="nofollow noopener">', '<a href="https://school.example/news/9" rel="nofollow noopener">']
    assert "ข่าวดี" in evil.summary_html and "อ่านต่อ" in evil.summary_html


def test_a_failed_fetch_keeps_the_last_good_copy(server, settings, tmp_path):
    members = feeds(server, flaky="/flaky.xml")
    assert fetch_all(members, str(tmp_path), settings)[0].status == "updated"
    copy = tmp_path / "flaky.json"
    before = copy.read_bytes()

    server.broken.add("/flaky.xml")
    [result] = fetch_all(members, str(tmp_path), settings)

    assert result.status == "failed" and result.items == 2
    assert re.fullmatch(rf"{re.escape(members[0].feed_url)}: HTTP 500 \(kept the copy from \d+ \S+ 25\d\d\)",
                        result.message), result.message
    assert copy.read_bytes() == before
    assert [i.title for i in cached_items(members, str(tmp_path))] == [
        "โรงเรียนอนุบาลตากจัดกิจกรรมวันภาษาไทย", "ประชุมผู้ปกครองภาคเรียนที่ 2"]


def test_conditional_get_sends_the_etag_and_keeps_items_on_304(server, settings, tmp_path):
    members = feeds(server, tagged="/etag.xml")
    first = fetch_all(members, str(tmp_path), settings)
    second = fetch_all(members, str(tmp_path), settings)

    sent = server.sent("GET", "/etag.xml")
    assert len(sent) == 2
    assert "If-None-Match" not in sent[0]
    assert sent[1]["If-None-Match"] == '"v1"'
    assert [(r.status, r.items) for r in first + second] == [("updated", 2), ("not-modified", 2)]
    assert [i.title for i in cached_items(members, str(tmp_path))][0] == "ข่าวที่มี ETag"


def test_a_changed_feed_url_does_not_reuse_the_old_copy(server, settings, tmp_path):
    fetch_all(feeds(server, school="/etag.xml"), str(tmp_path), settings)
    moved = feeds(server, school="/good.xml")

    assert cached_items(moved, str(tmp_path)) == []
    [result] = fetch_all(moved, str(tmp_path), settings)
    assert result.status == "updated"
    assert "If-None-Match" not in server.sent("GET", "/good.xml")[0]


def test_check_links(server, settings):
    with socket.socket() as spare:  # a port nobody listens on
        spare.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{spare.getsockname()[1]}/"
    members = [
        member("fine", website=server.base + "/ok", line="@fine"),
        member("gone", website=server.base + "/gone", feed_url=server.base + "/good.xml"),
        member("get-only", website=server.base + "/no-head"),
        member("slow", website=server.base + "/slow.xml"),
        member("down", website=closed, line=closed),  # line is checked when it is a URL
    ]
    calls = []

    results = check_links(members, settings, progress=lambda done, total: calls.append((done, total)))

    assert results == [
        LinkResult("fine", "website", server.base + "/ok", True, "OK 200"),
        LinkResult("gone", "website", server.base + "/gone", False, "HTTP 404"),
        LinkResult("gone", "feed_url", server.base + "/good.xml", True, "OK 200"),
        LinkResult("get-only", "website", server.base + "/no-head", True, "OK 200"),
        LinkResult("slow", "website", server.base + "/slow.xml", False, "timed out"),
        LinkResult("down", "website", closed, False, "connection refused"),
        LinkResult("down", "line", closed, False, "connection refused"),
    ]
    assert server.sent("GET", "/no-head") and not server.sent("GET", "/ok")
    assert calls[-1] == (6, 6)  # the shared address was asked once
