"""Dead links in the registry (prsite network check-links).

Every web address of every member is asked for its status line only: HEAD, or a GET
whose body is never read when the server refuses HEAD. Redirects are followed, each
request has PR_NETWORK_FETCH_TIMEOUT, and PR_NETWORK_LINK_WORKERS run at once.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

import requests

from .aggregate import describe, user_agent

# Columns that may hold a web address; line holds one only when it is not an @id.
URL_COLUMNS = ("website", "facebook", "feed_url", "line")
# Answers to HEAD from servers that only serve GET.
HEAD_REFUSED = {403, 405, 501}


@dataclass(frozen=True)
class LinkResult:
    member_id: str
    column: str
    url: str
    ok: bool
    detail: str  # "OK 200", "HTTP 404", "timed out", "connection refused", ...


def check_links(members, settings: dict, progress=None) -> list[LinkResult]:
    """One result per member and URL column, in registry order.

    An address several members share is requested once. progress, if given, is called
    as progress(done, total) with total the number of distinct addresses.
    """
    targets = [(m.id, column, m.values[column]) for m in members for column in URL_COLUMNS
               if m.values.get(column, "").startswith(("http://", "https://"))]
    verdicts = check_urls([url for _, _, url in targets], settings, progress)
    return [LinkResult(member_id, column, url, *verdicts[url]) for member_id, column, url in targets]


def check_urls(urls, settings: dict, progress=None) -> dict[str, tuple[bool, str]]:
    """url -> (ok, detail) for distinct URLs, PR_NETWORK_LINK_WORKERS at a time (also used by prsite check)."""
    distinct = list(dict.fromkeys(urls))
    verdicts = {}
    with ThreadPoolExecutor(max_workers=settings["PR_NETWORK_LINK_WORKERS"], thread_name_prefix="prsite-link") as pool:
        futures = {pool.submit(_check, url, settings): url for url in distinct}
        for future in as_completed(futures):
            verdicts[futures[future]] = future.result()
            if progress:
                progress(len(verdicts), len(distinct))
    return verdicts


def _check(url: str, settings: dict) -> tuple[bool, str]:
    options = {
        "headers": {"User-Agent": user_agent(settings)},
        "timeout": (settings["PR_NETWORK_FETCH_TIMEOUT"],) * 2,
        "allow_redirects": True,
    }
    try:
        status = requests.head(url, **options).status_code
        if status in HEAD_REFUSED:
            with requests.get(url, stream=True, **options) as response:
                status = response.status_code
    except requests.RequestException as error:
        return False, describe(error)
    return (True, f"OK {status}") if status < 400 else (False, f"HTTP {status}")
