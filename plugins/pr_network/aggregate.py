"""School news aggregation: the latest items of every member's RSS/Atom feed (``feed_url``).

``fetch_all`` downloads the feeds in parallel into an on-disk cache, one JSON file per
member; ``cached_items`` reads them back without touching the network, so a build shows
the last good copy of every feed whatever state the schools' servers are in.

A feed is someone else's server: it may be dead, slow, huge, not a feed at all, or
carry scripts. Each request has connect/read timeouts, the whole run has a deadline,
bodies are read in chunks up to a size limit, and every piece of HTML is sanitised
with nh3 before it is stored. A failure is one line for the officer and leaves the
member's previous cache file exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import os
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass
from importlib.metadata import version
from urllib.parse import urlsplit

import feedparser
import nh3
import requests
from urllib3.exceptions import ReadTimeoutError

from plugins.thai_text.thaitext import BANGKOK, excerpt, format_date, now

# What survives of a feed's HTML: basic text markup and http(s) links, nothing that runs
# or restyles our page. Elements whose content is code are removed with their content.
SANITISE = {
    "tags": {"p", "br", "a", "strong", "em", "ul", "ol", "li", "blockquote"},
    "clean_content_tags": {"script", "style", "iframe", "object", "embed", "noscript", "template"},
    "attributes": {"a": {"href"}},
    "url_schemes": {"http", "https"},
    "url_relative": "deny",  # a relative link would point into our own site
    "link_rel": "nofollow noopener",
}

VERSION = version("prsite")
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FeedItem:
    member_id: str
    member_name: str
    title: str  # plain text
    link: str  # an http(s) address, or "" when the feed gave none
    published: dt.datetime | None  # aware, Asia/Bangkok
    summary_html: str  # sanitised


@dataclass
class FetchResult:
    member_id: str
    status: str  # "updated" | "not-modified" | "failed"
    message: str  # one line for the officer when failed, "" otherwise
    items: int  # items now in the member's cache


class FeedError(Exception):
    """Why a feed could not be used; str() is the reason shown after its URL."""


def user_agent(settings: dict) -> str:
    """Who is asking, so a school's web admin can tell our requests apart (and reach us)."""
    return f"prsite/{VERSION} (+{settings['OFFICE_SITE_URL']})"


def describe(error: requests.RequestException) -> str:
    """A requests error in a few words: 'timed out', 'connection refused', 'host not found'."""
    causes = _causes(error)
    if isinstance(error, requests.Timeout) or any(isinstance(c, (ReadTimeoutError, socket.timeout)) for c in causes):
        return "timed out"  # iter_content reports a read timeout as a ConnectionError
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS certificate not accepted"
    if isinstance(error, requests.TooManyRedirects):
        return "too many redirects"
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                          requests.exceptions.InvalidSchema)):
        return "not a web address"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection refused"
    if any(isinstance(c, socket.gaierror) for c in causes):
        return "host not found"
    if isinstance(error, requests.ConnectionError):
        return "could not connect"
    return f"broken response ({type(error).__name__})"


def _causes(error: BaseException) -> list[BaseException]:
    """The error and everything it wraps (urllib3 nests the socket error a few levels deep)."""
    seen, queue = [], [error]
    while queue and len(seen) < 20:
        current = queue.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        queue += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        queue += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
    return seen


class _Deadline:
    """The whole run's time limit. Once closed, no worker may write to the cache, so a
    feed reported as failed never changes its file afterwards."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.written: set[str] = set()
        self._lock = threading.Lock()
        self._closed = False

    def left(self) -> float:
        return self.at - time.monotonic()

    def reason(self) -> str:
        return f"no complete answer within {self.seconds:g} s (PR_NETWORK_FETCH_DEADLINE)"

    def close(self) -> None:
        with self._lock:
            self._closed = True

    def save(self, member_id: str, path: str, record: dict) -> None:
        with self._lock:
            if self._closed:
                raise FeedError(self.reason())
            _write_atomically(path, record)
            self.written.add(member_id)


def fetch_all(members, cache_dir: str, settings: dict, progress=None) -> list[FetchResult]:
    """Fetch every member's feed_url into cache_dir; one result per member with a feed.

    Never raises for a network or feed problem and never runs much past
    PR_NETWORK_FETCH_DEADLINE. progress, if given, is called as progress(done, total).
    """
    members = [m for m in members if m.feed_url]
    deadline = _Deadline(settings["PR_NETWORK_FETCH_DEADLINE"])
    pool = ThreadPoolExecutor(max_workers=settings["PR_NETWORK_FETCH_WORKERS"], thread_name_prefix="prsite-feed")
    futures = {pool.submit(_fetch_one, m, cache_dir, settings, deadline): m for m in members}
    results: dict[str, FetchResult] = {}
    try:
        for future in as_completed(futures, timeout=max(deadline.left(), 0)):
            results[futures[future].id] = future.result()
            if progress:
                progress(len(results), len(members))
    except FuturesTimeout:
        deadline.close()
        for future, member in futures.items():
            if member.id in results:
                continue
            # A worker that finished, or saved before the close and is only returning, has
            # its own result; anything else is abandoned.
            if future.done() or member.id in deadline.written:
                results[member.id] = future.result()
            else:
                results[member.id] = _failed(member, _read_cache(_cache_path(cache_dir, member), member.feed_url),
                                             deadline.reason())
            if progress:
                progress(len(results), len(members))
    finally:
        # Abandoned workers end on their own timeouts; waiting for them would stall the build.
        pool.shutdown(wait=False, cancel_futures=True)
    return [results[m.id] for m in members]


def cached_items(members, cache_dir: str) -> list[FeedItem]:
    """All cached items of the given members, newest first (no network)."""
    items = []
    for member in members:
        if not member.feed_url:
            continue
        record = _read_cache(_cache_path(cache_dir, member), member.feed_url)
        for item in record.get("items", []):
            published = dt.datetime.fromisoformat(item["published"]) if item["published"] else None
            items.append(FeedItem(member.id, member.name, item["title"], item["link"], published, item["summary_html"]))
    items.sort(key=lambda i: i.published.timestamp() if i.published else float("-inf"), reverse=True)
    return items


def _fetch_one(member, cache_dir: str, settings: dict, deadline: _Deadline) -> FetchResult:
    path = _cache_path(cache_dir, member)
    cached = _read_cache(path, member.feed_url)
    try:
        body, response = _download(member.feed_url, cached, settings, deadline)
        if body is None:
            status, items = "not-modified", cached["items"]
        else:
            status, items = "updated", _parse(body, response, settings)
        record = {
            "url": member.feed_url,
            # A 304 may omit the validators; the ones we sent are still the right ones.
            "etag": response.headers.get("ETag", cached.get("etag")),
            "last_modified": response.headers.get("Last-Modified", cached.get("last_modified")),
            "fetched_at": now().isoformat(),
            "items": items,
        }
        deadline.save(member.id, path, record)
    except FeedError as error:
        return _failed(member, cached, str(error))
    except OSError as error:
        return _failed(member, cached, f"could not save {path} ({error.strerror or error})")
    return FetchResult(member.id, status, "", len(items))


def _download(url: str, cached: dict, settings: dict, deadline: _Deadline):
    """(body, response) of a 200, or (None, response) of a 304 on a copy we have; FeedError otherwise."""
    limit = settings["PR_NETWORK_FEED_MAX_BYTES"]
    timeout = min(settings["PR_NETWORK_FETCH_TIMEOUT"], deadline.left())
    if timeout <= 0:
        raise FeedError(deadline.reason())
    headers = {"User-Agent": user_agent(settings), "Accept": ACCEPT}
    if cached.get("etag"):
        headers["If-None-Match"] = cached["etag"]
    if cached.get("last_modified"):
        headers["If-Modified-Since"] = cached["last_modified"]
    too_big = FeedError(f"larger than {limit:,} bytes (PR_NETWORK_FEED_MAX_BYTES)")
    try:
        with requests.get(url, headers=headers, timeout=(timeout, timeout), stream=True) as response:
            if response.status_code == 304 and cached:
                return None, response
            if response.status_code != 200:
                raise FeedError(f"HTTP {response.status_code}")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise too_big
            body = bytearray()
            # Counted after decompression, so a small gzip bomb is stopped too; the deadline
            # stops a server that trickles bytes just fast enough to beat the read timeout.
            for chunk in response.iter_content(CHUNK_BYTES):
                body += chunk
                if len(body) > limit:
                    raise too_big
                if deadline.left() <= 0:
                    raise FeedError(deadline.reason())
            return bytes(body), response
    except requests.RequestException as error:
        raise FeedError(describe(error)) from None


def _parse(body: bytes, response, settings: dict) -> list[dict]:
    """The newest PR_NETWORK_FEED_ITEMS entries as cache records; FeedError if not a feed."""
    # A stream, never bytes: feedparser opens bytes that name a local file.
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-type": response.headers.get("Content-Type", ""), "content-location": response.url},
        sanitize_html=False,  # nh3 does it, with our own allow-list
    )
    if parsed.bozo and not parsed.entries:
        raise FeedError("not an RSS/Atom feed")
    items = []
    for entry in parsed.entries:
        title = _text(entry.get("title", ""))
        if not title:
            continue  # nothing to show in a list of headlines
        published = _published(entry)
        markup = entry.get("summary") or (entry.get("content") or [{}])[0].get("value", "")
        items.append({
            "title": title,
            "link": _web_address(entry.get("link", "")),
            "published": published.isoformat() if published else None,
            "summary_html": _summary_html(markup, settings["PR_NETWORK_FEED_SUMMARY_LENGTH"]),
        })
    # Undated entries go last, in the feed's order (the sort is stable).
    items.sort(key=lambda item: item["published"] or "", reverse=True)
    return items[: settings["PR_NETWORK_FEED_ITEMS"]]


def _published(entry) -> dt.datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.datetime(*stamp[:6], tzinfo=dt.timezone.utc).astimezone(BANGKOK) if stamp else None
    except (ValueError, OverflowError):  # a year datetime cannot hold, e.g. 10000
        return None


def _text(markup: str) -> str:
    """Plain text of untrusted HTML, whitespace collapsed (nh3 parses; scripts go with their content)."""
    bare = nh3.clean(markup, tags=set(), clean_content_tags=SANITISE["clean_content_tags"])
    return " ".join(html.unescape(bare).split())


def _summary_html(markup: str, limit: int) -> str:
    """Sanitised HTML; a long one becomes a plain-text excerpt so the home page stays light."""
    clean = nh3.clean(markup, **SANITISE)
    text = _text(clean)
    if not text:
        return ""
    if len(text) > limit:
        return f"<p>{html.escape(excerpt(text, limit), quote=False)}</p>"
    return clean.strip()


def _web_address(link: str) -> str:
    parts = urlsplit(link)
    return link if parts.scheme in ("http", "https") and parts.netloc else ""


def _cache_path(cache_dir: str, member) -> str:
    return os.path.join(cache_dir, f"{member.id}.json")


def _read_cache(path: str, url: str) -> dict:
    """The member's cached record, or {} when there is none for this feed URL."""
    try:
        with open(path, encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError):
        return {}
    # After the officer changes a feed_url the old copy (and its ETag) belongs to another feed.
    return record if record.get("url") == url else {}


def _write_atomically(path: str, record: dict) -> None:
    """Replace the file in one step, so a crash never leaves half a cache file."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(record, stream, ensure_ascii=False, indent=1)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _failed(member, cached: dict, reason: str) -> FetchResult:
    if cached:
        kept = f"kept the copy from {format_date(dt.datetime.fromisoformat(cached['fetched_at']))}"
    else:
        kept = "no earlier copy"
    return FetchResult(member.id, "failed", f"{member.feed_url}: {reason} ({kept})", len(cached.get("items", [])))
