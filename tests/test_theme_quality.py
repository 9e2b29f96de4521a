"""The theme's quality bar, checked on the sample office as a visitor's browser sees it.

* every page is valid HTML (Nu HTML Checker, 0 errors);
* one page of every template has 0 WCAG 2.1 A/AA violations (axe-core);
* a keyboard user's first Tab is the skip link, and it takes them into <main>;
* nothing is fetched from anywhere but the site itself (no CDN fonts, scripts or images);
* the home page, without its images, is under 150 KB;
* screenshots at phone (375 px) and desktop (1280 px) width land in test-artifacts/screenshots/
  for people to look at.

The site is built once (``sample_site``), served on 127.0.0.1 and opened in one headless
Chromium for the whole session; see tests/browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import (  # noqa: F401 - chromium, new_page, site_server and site_url are fixtures
    ARTIFACTS,
    axe_violations,
    chromium,
    format_violations,
    new_page,
    run_nu_checker,
    scroll_through,
    settle,
    site_server,
    site_url,
)

SKIP_LINK_TEXT = "ข้ามไปยังเนื้อหาหลัก"
HOME_BUDGET = 150 * 1024  # bytes of HTML, CSS, JS and fonts; images not counted
SCREENSHOTS = ARTIFACTS / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- which page shows which template ----------------------------------------------------------

def _first_dir(output: Path, under: str, what: str, *, skip_numeric: bool = False,
               depth: int = 1) -> str:
    """The address of the first (by name) built page ``depth`` folders below ``under``."""
    pattern = "/".join(["*"] * depth) + "/index.html"
    found = sorted(
        path.parent.relative_to(output).as_posix()
        for path in (output / under).glob(pattern)
        if not (skip_numeric and path.parent.name.isdigit())
    )
    if not found:
        pytest.fail(f"no {what} was built: nothing matches {under}/{pattern} in the sample site", pytrace=False)
    return found[0] + "/"


def _required(output: Path, address: str, what: str) -> str:
    file = output / (address + "index.html" if address.endswith("/") or not address else address)
    if not file.is_file():
        pytest.fail(f"the theme does not build the {what}: {file.relative_to(output)} is missing", pytrace=False)
    return address


TEMPLATES = {
    "home": lambda out: _required(out, "", "home page"),
    "news item": lambda out: _first_dir(out, "news/2569", "news item", skip_numeric=True),
    "category": lambda out: _required(out, "category/pr-news/", "category page"),
    "tag": lambda out: _first_dir(out, "tag", "tag page"),
    "archive": lambda out: _required(out, "news/", "news archive"),
    "news item with gallery": lambda out: _required(out, "news/2569/directors-meeting-11-2569/", "gallery"),
    "year archive": lambda out: _required(out, "news/2569/", "year archive"),
    "month archive": lambda out: _required(out, "news/2569/11/", "month archive"),
    "information centre": lambda out: _required(out, "information-centre/", "information centre index"),
    "feeds page": lambda out: _required(out, "feeds/", "feeds page"),
    "network directory": lambda out: _required(out, "network/", "network directory"),
    "network member": lambda out: _required(out, "network/anuban-tak/", "network member page"),
    "network coverage": lambda out: _required(out, "network/coverage/", "network coverage page"),
    "disclosure log": lambda out: _required(out, "information-centre/log/", "disclosure log"),
    "page": lambda out: _required(out, "about/", "page"),
    "404": lambda out: _required(out, "404.html", "404 page"),
    "disclosure": lambda out: _first_dir(out, "information-centre", "disclosure page", depth=2),
    "ita": lambda out: _required(out, "information-centre/ita/", "ITA checklist page"),
    "search": lambda out: _required(out, "search/", "search page"),
    "e-news issue": lambda out: _required(out, "enews/2569-11/", "e-news issue"),
    "e-news archive": lambda out: _required(out, "enews/", "e-news archive"),
}


def open_template(new_page, site_server, template: str, width: int = 1280):
    address = TEMPLATES[template](site_server.root)
    page = new_page(width=width)
    response = page.goto(site_server.page_url(address), wait_until="load")
    assert response is not None and response.status == 200, f"/{address}: HTTP {response and response.status}"
    settle(page)
    return page, address


# --- a. valid HTML ------------------------------------------------------------------------------

def test_every_page_is_valid_html(sample_site):
    pages = sorted(sample_site.rglob("*.html"))  # e-news e-mails are not published (cache/enews/)
    assert pages, "the sample site has no HTML pages"
    errors = run_nu_checker(pages, sample_site)
    assert not errors, (f"Nu HTML Checker: {len(errors)} errors in {len(pages)} pages:\n"
                        + "\n".join(errors[:60]) + ("\n..." if len(errors) > 60 else ""))


# --- b. accessibility ----------------------------------------------------------------------------

@pytest.mark.parametrize("template", list(TEMPLATES))
def test_template_has_no_wcag_violations(new_page, site_server, template):
    page, address = open_template(new_page, site_server, template)
    violations = axe_violations(page)
    assert not violations, f"axe, WCAG 2.1 A/AA, /{address} ({template}):\n{format_violations(violations)}"


# --- c. keyboard -----------------------------------------------------------------------------------

DESCRIBE = """el => el ? el.outerHTML.replace(/\\s+/g, ' ').slice(0, 160) : 'nothing'"""

FIRST_FOCUSABLE_IN_MAIN = """() => {
  const main = document.getElementById('main');
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, '
    + 'audio[controls], video[controls], [tabindex], [contenteditable]:not([contenteditable="false"])';
  for (const el of main.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert]')) continue;
    if (el.matches('input[type="hidden"]')) continue;
    if (el.localName === 'summary' && el.parentElement.querySelector(':scope > summary') !== el) continue;
    if (!el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true})) continue;
    return el;
  }
  return null;
}"""

SCROLL_SETTLED = """() => new Promise(resolve => {
  let last = -1, still = 0;
  const tick = () => {
    if (window.scrollY === last) { if (++still >= 5) return resolve(true); }
    else { still = 0; last = window.scrollY; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""

WHERE_MAIN_IS = """() => {
  const main = document.getElementById('main');
  const root = document.scrollingElement;
  const top = main.getBoundingClientRect().top + window.scrollY;
  const padding = parseFloat(getComputedStyle(root).scrollPaddingTop) || 0;
  const margin = parseFloat(getComputedStyle(main).scrollMarginTop) || 0;
  const max = root.scrollHeight - window.innerHeight;
  return {scrollY: window.scrollY, expected: Math.max(0, Math.min(top - padding - margin, max)),
          hash: location.hash, focusOnMain: document.activeElement === main};
}"""


def test_skip_link_is_the_first_tab_stop_and_leads_into_main(new_page, site_url):
    page = new_page()
    page.goto(site_url, wait_until="load")
    settle(page)
    assert page.locator("main#main").count() == 1, "the home page has no <main id=\"main\">"

    page.keyboard.press("Tab")
    first = page.evaluate_handle("document.activeElement")
    skip = page.evaluate("el => ({tag: el.localName, href: el.getAttribute('href'),"
                         " text: el.textContent.trim()})", first)
    assert skip == {"tag": "a", "href": "#main", "text": SKIP_LINK_TEXT}, (
        f"first Tab focused {page.evaluate(DESCRIBE, first)}; expected "
        f"<a href=\"#main\">{SKIP_LINK_TEXT}</a>")
    box = first.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1 and box["y"] >= 0 and box["x"] >= 0, \
        f"the focused skip link is not on screen (box {box})"

    page.keyboard.press("Enter")
    page.evaluate(SCROLL_SETTLED)
    where = page.evaluate(WHERE_MAIN_IS)
    assert where["hash"] == "#main", f"Enter on the skip link did not go to #main (hash {where['hash']!r})"
    assert abs(where["scrollY"] - where["expected"]) <= 2, (
        f"after the skip link the page is scrolled to {where['scrollY']}px; <main> starts at "
        f"{where['expected']}px (focus on main: {where['focusOnMain']})")

    target = page.evaluate_handle(FIRST_FOCUSABLE_IN_MAIN)
    assert page.evaluate("el => el !== null", target), "<main> has nothing a keyboard can reach"
    page.keyboard.press("Tab")
    landed = page.evaluate_handle("document.activeElement")
    assert page.evaluate("([a, b]) => a === b", [landed, target]), (
        f"the Tab after the skip link focused {page.evaluate(DESCRIBE, landed)}; "
        f"expected the first focusable element in <main>: {page.evaluate(DESCRIBE, target)}")


# --- d. nothing from elsewhere --------------------------------------------------------------------

OFFSITE_HINTS = """() => [...document.querySelectorAll(
    'link[rel~="preconnect"], link[rel~="dns-prefetch"], link[rel~="prefetch"], link[rel~="preload"], '
    + 'link[rel~="modulepreload"], link[rel~="stylesheet"]')]
  .map(link => link.href).filter(href => href && new URL(href).hostname !== location.hostname)"""


@pytest.mark.parametrize("template", ["home", "news item"])
def test_nothing_is_requested_from_outside_the_site(new_page, site_server, template):
    page, address = open_template(new_page, site_server, template)
    scroll_through(page)  # lazy images and late scripts too
    offsite = page.offsite.requests
    assert not offsite, (
        f"/{address} ({template}) asked for things outside the site (fonts, scripts and images "
        f"must be served by the site itself):\n{page.offsite.report()}")
    hints = page.evaluate(OFFSITE_HINTS)
    assert not hints, f"/{address} ({template}) links to other hosts in <head>: {hints}"


# --- e. screenshots ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("template", ["home", "news item"])
def test_screenshot(new_page, site_server, template, width):
    shot = SCREENSHOTS / f"{template.replace(' ', '-')}-{width}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    page, _ = open_template(new_page, site_server, template, width=width)
    scroll_through(page)
    page.screenshot(path=str(shot), full_page=True, animations="disabled")
    assert shot.is_file() and shot.stat().st_size > len(PNG_SIGNATURE), f"{shot} was not written"
    assert shot.read_bytes()[:8] == PNG_SIGNATURE, f"{shot} is not a PNG"


# --- f. weight ------------------------------------------------------------------------------------

def test_home_page_without_images_is_under_150_kb(new_page, site_url):
    page = new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(site_url, wait_until="load")
    settle(page)
    sizes = {}
    for response in responses:
        kind = response.headers.get("content-type", "")
        if response.request.resource_type in ("image", "media") or kind.startswith(("image/", "video/", "audio/")):
            continue  # the favicon is an image too, though Chromium files it under "other"
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            continue
        url = response.url.removeprefix(site_url) or "/"
        sizes[f"{url} ({response.request.resource_type})"] = len(body)
    total = sum(sizes.values())
    breakdown = "\n".join(f"  {size / 1024:7.1f} KB  {name}"
                          for name, size in sorted(sizes.items(), key=lambda item: -item[1]))
    assert total < HOME_BUDGET, (
        f"the home page without images is {total / 1024:.1f} KB (budget {HOME_BUDGET // 1024} KB, "
        f"uncompressed as served):\n{breakdown}")


# --- g. text size and high contrast, remembered across pages -------------------------------------


def test_text_size_and_contrast_persist_across_pages(new_page, site_server):
    """The A− A A+ and high-contrast controls Thai government sites offer: chosen once, kept."""
    page, _ = open_template(new_page, site_server, "home", width=375)
    root_size = lambda: page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
    normal = root_size()
    page.get_by_role("button", name="ตัวอักษรใหญ่").click()
    page.get_by_role("button", name="ความคมชัดสูง").click()
    assert root_size() > normal
    assert page.get_by_role("button", name="ตัวอักษรใหญ่").get_attribute("aria-pressed") == "true"

    page.goto(site_server.page_url(TEMPLATES["news item"](site_server.root)))
    settle(page)
    assert page.evaluate("document.documentElement.dataset.textSize") == "large"
    assert page.evaluate("document.documentElement.classList.contains('high-contrast')")
    assert root_size() > normal
    assert page.get_by_role("button", name="ความคมชัดสูง").get_attribute("aria-pressed") == "true"
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_controls_stay_hidden_without_javascript(chromium, site_url):
    """Without JavaScript the buttons could do nothing, so they are not shown; the site still works."""
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/")
        assert not page.locator("[data-a11y-controls]").is_visible()
        assert page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="ข่าวกิจกรรม").is_visible()
    finally:
        context.close()
