"""Checks on a built site before it goes live: what the public would trip over.

Every HTML file in the output is parsed once (BeautifulSoup); links and anchors are
checked against the files and ids actually written, so a check passes only if the
site as deployed works. External links are checked only when asked (they need the
network and other people's servers).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

# Files larger than this are slow on a phone's data plan; the officer is warned.
MAX_FILE_BYTES = 20_000_000
LINK_ATTRIBUTES = (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src"), ("source", "srcset"))
NOT_FETCHABLE = ("mailto:", "tel:", "data:", "javascript:")


@dataclass(frozen=True)
class Finding:
    path: str  # the output file, relative to the output folder
    field: str  # "link", "anchor", "alt", "size", "external"
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


def _targets(page: BeautifulSoup):
    for tag, attribute in LINK_ATTRIBUTES:
        for element in page.find_all(tag):
            value = element.get(attribute)
            if not value or (tag == "link" and "canonical" in (element.get("rel") or [])):
                continue
            # srcset is "url 400w, url 800w"; every other attribute is one URL.
            for url in ([part.split()[0] for part in value.split(",") if part.strip()] if attribute == "srcset" else [value]):
                yield url


def check_output(root: str, site_url: str, external: bool = False, settings: dict | None = None,
                 progress=None) -> list[Finding]:
    """Broken internal links and anchors, images without alt text, oversized files;
    with ``external``, dead links to other sites too."""
    findings: list[Finding] = []
    pages: dict[str, BeautifulSoup] = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            size = os.path.getsize(path)
            if size > MAX_FILE_BYTES:
                findings.append(Finding(relative, "size", f"is {size / 1e6:.1f} MB; large downloads are slow on phones "
                                        "(compress it or split it)", warning=True))
            if name.endswith(".html"):
                with open(path, encoding="utf-8") as handle:
                    pages[relative] = BeautifulSoup(handle.read(), "html.parser")
    ids = {relative: {element["id"] for element in page.find_all(id=True)} for relative, page in pages.items()}
    outside: dict[str, set[str]] = {}
    own_host = urlsplit(site_url).netloc
    for relative, page in sorted(pages.items()):
        for image in page.find_all("img"):
            if image.get("alt") is None:
                findings.append(Finding(relative, "alt", f"image '{image.get('src', '')}' has no alt text "
                                        "(describe it, or alt=\"\" if it is decoration)"))
        for url in _targets(page):
            if url.startswith(NOT_FETCHABLE) or "{{" in url:  # {{UNSUBSCRIBE_URL}}: filled in per e-news recipient
                continue
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc != own_host:
                outside.setdefault(url, set()).add(relative)
                continue
            finding = _check_internal(relative, url, parts, root, ids)
            if finding:
                findings.append(finding)
    if external and outside:
        from plugins.pr_network.linkcheck import check_urls

        for url, (ok, detail) in sorted(check_urls(list(outside), settings, progress).items()):
            if not ok:
                for relative in sorted(outside[url]):
                    findings.append(Finding(relative, "external", f"{url} {detail}", warning=True))
    return findings


def _check_internal(relative: str, url: str, parts, root: str, ids: dict) -> Finding | None:
    if parts.scheme in ("http", "https"):  # an absolute address of this very site
        target = parts.path.lstrip("/")
    elif url.startswith("#"):
        target = relative
    else:
        target = urljoin("/" + relative, parts.path).lstrip("/") if parts.path else relative
    target = unquote(target)
    if target == "" or target.endswith("/"):
        target += "index.html"
    elif os.path.isdir(os.path.join(root, target)):
        target += "/index.html"
    if not os.path.isfile(os.path.join(root, target)):
        return Finding(relative, "link", f"'{url}' leads nowhere ({target} is not in the site)")
    if parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids.get(target, set()):
        return Finding(relative, "anchor", f"'{url}' points to #{parts.fragment}, which {target} does not have")
    return None
