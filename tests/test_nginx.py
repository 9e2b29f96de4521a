"""publish/deploy/nginx/prsite.conf, run by a real nginx on 127.0.0.1 in front of a real deploy.

What the web team can rely on:

* the config passes ``nginx -t`` and serves DIR/current over HTTPS; plain HTTP redirects to it;
* every response, 404s and redirects included, carries the security headers (a CSP without
  'unsafe-inline', HSTS, nosniff, Referrer-Policy, Permissions-Policy);
* photos and the search index's hashed parts are cached for a year, the theme for a day,
  feeds for five minutes, and HTML is asked for again every time;
* feeds and feeds.opml have their own types, text is gzipped, a missing address gets 404.html,
  and the examples in publish/deploy/nginx/redirects.map redirect as they say;
* in Chromium, the home page, a news item, the 404 page and a search run under that CSP
  without a single violation (JSON-LD is data; Pagefind's WebAssembly is allowed);
* while five deploys switch releases, visitors get only whole pages and no errors.

nginx runs as the test user with everything (config, pid, logs, temp files) in a temp dir, on
free ports of 127.0.0.1. It must be installed: `.ci/run` does it; a missing nginx fails the tests.
"""

from __future__ import annotations

import gzip
import http.client
import os
import pwd
import random
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

import browser
from conftest import news_pages
from publish.deploy import releases

REPO = Path(__file__).resolve().parents[1]
CONF = REPO / "publish/deploy/nginx/prsite.conf"
REDIRECTS = REPO / "publish/deploy/nginx/redirects.map"

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; "
       "frame-src 'self' https://www.youtube.com https://youtube.com https://www.youtube-nocookie.com "
       "https://youtube-nocookie.com https://www.facebook.com https://facebook.com; "  # videos (sanitise.EMBED_HOSTS)
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "strict-transport-security": "max-age=31536000",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                          "microphone=(), payment=(), usb=()",
}
YEAR = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400, must-revalidate"

INSTALL_NGINX = "nginx is needed for these tests and was not found: install it with `apt-get install nginx` (.ci/run does this)"
INSTALL_OPENSSL = "openssl is needed to make the test certificate: install it with `apt-get install openssl` (.ci/run does this)"


# --- nginx in a temp dir ------------------------------------------------------------------------

def _nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        pytest.fail(INSTALL_NGINX, pytrace=False)
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render(conf: str, *, docroot: Path, redirects: Path, cert: Path, key: Path, http_port: int, https_port: int) -> str:
    """prsite.conf as shipped, with only the EDIT lines and the listen lines changed for this machine:
    127.0.0.1 and free ports (never 80 or 443, never IPv6, which a test machine may lack)."""
    changes = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "ssl_certificate /etc/letsencrypt/live/takpeo1.example.go.th/fullchain.pem;": f"ssl_certificate {cert};",
        "ssl_certificate_key /etc/letsencrypt/live/takpeo1.example.go.th/privkey.pem;": f"ssl_certificate_key {key};",
        "root /var/www/prsite/current;": f"root {docroot}/current;",
        "include /etc/nginx/prsite-redirects.map;": f"include {redirects};",
    }
    for shipped, here in changes.items():
        assert conf.count(shipped) == 1, f"publish/deploy/nginx/prsite.conf no longer has {shipped!r} (once); update render()"
        conf = conf.replace(shipped, here)
    return conf


# The http {} block as Debian's /etc/nginx/nginx.conf has it, with every path in the temp dir.
MAIN_CONF = """\
daemon off;
{user}
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {prefix}/prsite.conf;
}}
"""


@dataclass
class Nginx:
    prefix: Path
    https_port: int
    http_port: int
    cafile: Path
    process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [_nginx_binary(), "-p", str(self.prefix), "-e", str(self.prefix / "error.log"),
                "-c", str(self.prefix / "nginx.conf")]

    def test_config(self) -> subprocess.CompletedProcess:
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True)

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"nginx stopped at once:\n{self.process.stderr.read()}\n{self.log()}", pytrace=False)
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nginx did not listen on 127.0.0.1:{self.https_port} within 10 s\n{self.log()}",
                                pytrace=False)
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(encoding="utf-8", errors="replace")[-3000:] if path.exists() else ""

    def connection(self) -> http.client.HTTPSConnection:
        context = ssl.create_default_context(cafile=str(self.cafile))
        return http.client.HTTPSConnection("127.0.0.1", self.https_port, context=context, timeout=10)

    def get(self, path: str, headers: dict | None = None, plain_http: bool = False) -> Response:
        connection = (http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10) if plain_http
                      else self.connection())
        try:
            connection.request("GET", path, headers={"Accept-Encoding": "identity", **(headers or {})})
            answer = connection.getresponse()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
        finally:
            connection.close()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (certificate, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail(INSTALL_OPENSSL, pytrace=False)
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def configured(prefix: Path, docroot: Path, redirects: Path, certificate) -> Nginx:
    """nginx with prsite.conf for ``docroot`` (a prsite deploy folder), configured but not started."""
    cert, key = certificate
    server = Nginx(prefix, _free_port(), _free_port(), cafile=cert)
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    (prefix / "prsite.conf").write_text(render(
        CONF.read_text(encoding="utf-8"), docroot=docroot, redirects=redirects, cert=cert, key=key,
        http_port=server.http_port, https_port=server.https_port), encoding="utf-8")
    # Only a master started as root switches users; its workers then read the test's files as us.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(MAIN_CONF.format(prefix=prefix, user=user), encoding="utf-8")
    return server


def redirect_examples() -> str:
    """publish/deploy/nginx/redirects.map with its examples switched on (the "# /old /new;" lines)."""
    return re.sub(r"^# (?=[/~])", "", REDIRECTS.read_text(encoding="utf-8"), flags=re.M)


@pytest.fixture(scope="module")
def live(sample_site, certificate, tmp_path_factory):
    """The sample office deployed with prsite's release layout and served by nginx."""
    folder = tmp_path_factory.mktemp("nginx")
    docroot = folder / "www"
    docroot.mkdir()
    releases.publish(sample_site, releases.LocalTarget(docroot), keep=5)
    redirects = folder / "redirects.map"
    redirects.write_text(redirect_examples(), encoding="utf-8")
    server = configured(folder / "nginx", docroot, redirects, certificate)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def first(root: Path, pattern: str) -> str:
    """The address of the first file matching ``pattern`` in the built site."""
    found = sorted(root.glob(pattern))
    assert found, f"nothing matches {pattern} in the sample site"
    return "/" + found[0].relative_to(root).as_posix()


def a_news_item(root: Path) -> str:
    return "/" + news_pages(root)[0].parent.relative_to(root).as_posix() + "/"


# --- the config ---------------------------------------------------------------------------------

def test_the_config_passes_nginx_t(live):
    done = live.test_config()
    assert done.returncode == 0 and "test is successful" in done.stderr, done.stderr


def test_the_live_release_is_served_over_https(live, sample_site):
    response = live.get("/")
    assert response.status == 200
    assert response.body == (sample_site / "index.html").read_bytes()


def test_plain_http_redirects_to_https(live):
    response = live.get("/news/?page=2", plain_http=True)
    assert (response.status, response.headers["location"]) == (301, "https://127.0.0.1/news/?page=2")


@pytest.mark.parametrize("path, status", [
    ("/", 200),
    ("/news/", 200),
    ("/theme/css/site.css", 200),
    ("/feeds/all.atom.xml", 200),
    ("/no-such-page/", 404),
    ("/news", 301),
])
def test_every_response_carries_the_security_headers(live, path, status):
    response = live.get(path)
    assert response.status == status
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS


def test_the_csp_allows_no_inline_code_and_no_other_site():
    """Other sites only as frames of the allowed video players (tests/test_sanitise.py checks the list)."""
    without_frames = re.sub(r"frame-src [^;]*;", "", CSP)
    assert "unsafe-inline" not in CSP and "http:" not in CSP and "http" not in without_frames and "*" not in CSP


@pytest.mark.parametrize("what, pattern, cache_control", [
    ("home page", "index.html", "no-cache"),
    ("news page", "news/index.html", "no-cache"),
    ("photo", "media/*/*.webp", YEAR),
    ("search index part", "pagefind/fragment/*.pf_fragment", YEAR),
    ("search entry", "pagefind/pagefind-entry.json", "no-cache"),
    ("search shard list", "pagefind/pagefind-shards.json", "no-cache"),
    ("search script", "pagefind/pagefind.js", "no-cache"),
    ("Atom feed", "feeds/all.atom.xml", "public, max-age=300"),
    ("feed list", "feeds/feeds.opml", "public, max-age=300"),
    ("stylesheet", "theme/css/site.css", DAY),
    ("font", "theme/fonts/*.woff2", DAY),
    ("logo", "images/logo.svg", DAY),
    ("attachment", "files/**/*.pdf", DAY),
])
def test_how_long_browsers_keep_each_kind_of_file(live, sample_site, what, pattern, cache_control):
    path = first(sample_site, pattern)
    response = live.get(path.removesuffix("index.html"))
    assert (response.status, response.headers["cache-control"]) == (200, cache_control), path
    assert response.headers["etag"]  # asking again costs a 304, not the file


@pytest.mark.parametrize("path, content_type", [
    # (JavaScript is application/javascript in Debian 12's mime.types; both types are in the config.)
    ("/", "text/html; charset=utf-8"),
    ("/feeds/all.atom.xml", "application/atom+xml; charset=utf-8"),
    ("/feeds/all.rss.xml", "application/rss+xml; charset=utf-8"),
    ("/feeds/feeds.opml", "text/x-opml; charset=utf-8"),
    ("/sitemap.xml", "text/xml; charset=utf-8"),
    ("/theme/css/site.css", "text/css; charset=utf-8"),
    ("/theme/js/a11y.js", "application/javascript; charset=utf-8"),
    ("/theme/fonts/sarabun-thai-400.woff2", "font/woff2"),
    ("/pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
])
def test_content_types(live, path, content_type):
    assert live.get(path).headers["content-type"] == content_type


@pytest.mark.parametrize("path", ["/", "/theme/css/site.css", "/feeds/all.rss.xml", "/feeds/feeds.opml"])
def test_text_is_gzipped(live, sample_site, path):
    response = live.get(path, {"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    file = sample_site / (path.lstrip("/") or "index.html")
    assert gzip.decompress(response.body) == file.read_bytes()


def test_a_missing_address_gets_the_404_page(live, sample_site):
    response = live.get("/news/2569/no-such-item/")
    assert response.status == 404
    assert response.body == (sample_site / "404.html").read_bytes()
    assert response.headers["cache-control"] == "no-cache"


def test_a_folder_without_a_page_is_missing_not_forbidden(live, sample_site):
    assert live.get(first(sample_site, "media/*/") + "/").status == 404


HIDDEN = {".git/config": b"[remote]", ".htpasswd": b"admin:x", ".env": b"SMTP_PASSWORD=x",
          "files/.DS_Store": b"\0", ".well-known/.htpasswd": b"admin:x"}


def test_hidden_files_are_never_served_but_well_known_is(live, sample_site):
    """Should a dotfile ever reach a release (a hand copy), nginx still answers 404; /.well-known/ works."""
    current = live.prefix.parent / "www/current"
    for relative, data in {**HIDDEN, ".well-known/security.txt": b"Contact: mailto:pr@example.go.th\n"}.items():
        (current / relative).parent.mkdir(parents=True, exist_ok=True)
        (current / relative).write_bytes(data)
    for relative in HIDDEN:
        response = live.get("/" + relative)
        assert response.status == 404, relative
        assert response.body == (sample_site / "404.html").read_bytes()
    assert live.get("/.git/").status == 404
    well_known = live.get("/.well-known/security.txt")
    assert (well_known.status, well_known.body) == (200, b"Contact: mailto:pr@example.go.th\n")


def test_a_listing_page_that_time_took_away_leads_to_the_listing(live, sample_site):
    """Expired announcements shorten listings: /page/N/ that was published once is never a 404."""
    assert (sample_site / "page/2/index.html").is_file()
    assert live.get("/page/2/").status == 200
    for gone, listing in (("/category/announcements/page/4/", "/category/announcements/"), ("/page/99/", "/")):
        response = live.get(gone)
        assert (response.status, response.headers["location"]) == (302, listing)


def test_a_folder_address_without_its_slash_redirects_to_it(live):
    response = live.get("/news")
    assert (response.status, response.headers["location"]) == (301, "/news/")


@pytest.mark.parametrize("old, new", [
    ("/index.php/about-us", "/about/"),
    ("/" + quote("ประวัติสำนักงาน"), "/about/"),
    ("/news/123.html", "/news/"),
    ("/announcements.php", "/category/announcements/"),
    ("/e-service", "https://eservice.takpeo1.example.go.th/"),
])
def test_the_redirect_examples_do_what_they_say(live, old, new):
    response = live.get(old)
    assert (response.status, response.headers["location"]) == (301, new)


# --- in a browser: the CSP breaks nothing -------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    """browser.chromium, closed at the end of this module: Playwright's sync API runs one instance
    at a time, and the browser tests after this module start their own."""
    from playwright.sync_api import sync_playwright

    if not browser.CHROMIUM.is_file():
        pytest.fail(browser.INSTALL_CHROMIUM.format(path=browser.CHROMIUM), pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(browser.CHROMIUM), args=browser.CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_pages_and_search_run_under_the_csp_without_violations(chromium, live, sample_site):
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    news_item = a_news_item(sample_site)
    pages = ["/", news_item, "/no-such-page/", "/search/?q=" + quote("กิจกรรม")]
    context = chromium.new_context(ignore_https_errors=True, service_workers="block")
    guard = browser.OffsiteGuard().install(context)
    violations = []
    context.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    context.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                            "console.error(`Content Security Policy: ${e.violatedDirective} ${e.blockedURI}`))")
    try:
        page = context.new_page()
        for path in pages:
            page.goto(f"https://127.0.0.1:{live.https_port}{path}")
            page.wait_for_load_state("networkidle")
        try:
            page.wait_for_function("() => /^(พบ|ไม่พบ)/.test(document.querySelector('[data-search-status]').textContent)",
                                   timeout=15_000)
            results = page.locator(".search__result").count()
        except PlaywrightTimeoutError:
            results = 0
        page.goto(f"https://127.0.0.1:{live.https_port}{news_item}")
        json_ld = page.locator('script[type="application/ld+json"]').count()
    finally:
        context.close()
    assert violations == []
    assert results > 0, "Pagefind found nothing: did the CSP stop its WebAssembly or its worker?"
    assert json_ld >= 1
    assert not guard.requests, guard.report()


# --- under load, while deploys switch releases --------------------------------------------------

def test_visitors_get_whole_pages_while_five_deploys_switch_releases(sample_site, certificate, tmp_path):
    """2,000 GETs at most, from 8 threads, while 5 deploys (keeping 2) switch and prune releases:
    every answer is 200 and exactly one release's copy of the page."""
    build = tmp_path / "build"
    shutil.copytree(sample_site, build)
    pages = {address: address.lstrip("/") + "index.html" for address in ("/", "/news/", a_news_item(sample_site))}
    originals = {address: (build / file).read_text(encoding="utf-8") for address, file in pages.items()}
    versions: dict[str, set[bytes]] = {address: set() for address in pages}

    def write_release(number: int) -> None:
        """Each release's pages differ, in size too, so a mix of two is not one of them."""
        for address, file in pages.items():
            text = originals[address].replace("</body>", f"<!-- release {number} {'-' * 8000 * number} -->\n</body>")
            (build / file).write_text(text, encoding="utf-8")
            versions[address].add(text.encode("utf-8"))

    docroot = tmp_path / "www"
    docroot.mkdir()
    target = releases.LocalTarget(docroot)
    write_release(0)
    releases.publish(build, target, keep=2)
    (tmp_path / "redirects.map").write_text("", encoding="utf-8")
    server = configured(tmp_path / "nginx", docroot, tmp_path / "redirects.map", certificate)
    server.start()

    deploying = threading.Event()
    deploying.set()
    budget = iter(range(2000))
    problems, seen = [], {address: set() for address in pages}

    def visitor() -> int:
        done, connection = 0, server.connection()
        while deploying.is_set() and next(budget, None) is not None:
            address = random.choice(list(pages))
            try:
                connection.request("GET", address)
                answer = connection.getresponse()
                body = answer.read()
            except (OSError, http.client.HTTPException) as error:
                problems.append(f"GET {address}: {error!r}")
                connection.close()
                connection = server.connection()
                continue
            done += 1
            if answer.status != 200:
                problems.append(f"GET {address}: {answer.status}")
            elif body not in versions[address]:
                problems.append(f"GET {address}: a page that is no release's ({len(body)} bytes, "
                                f"ends {body[-40:]!r})")
            else:
                seen[address].add(body)
            time.sleep(0.03)  # about 250 requests a second from 8 visitors: spread over the deploys
        connection.close()
        return done

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            visitors = [pool.submit(visitor) for _ in range(8)]
            for number in range(1, 6):
                write_release(number)
                releases.publish(build, target, keep=2)
            deploying.clear()
            requests = sum(visitor.result() for visitor in visitors)
    finally:
        server.stop()

    assert problems == [], "\n".join(problems[:20])
    assert requests >= 500, f"only {requests} requests were made during the deploys"
    assert len(seen["/"]) >= 3, "the visitors did not see the releases change"
    assert len(target.state()[0]) == 2
