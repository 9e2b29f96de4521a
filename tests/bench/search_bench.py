"""Search index benchmark: Pagefind index time and size on prsite's synthetic Thai corpus.

    .venv/bin/python tests/bench/search_bench.py                      # 1,000 and 5,000 articles
    .venv/bin/python tests/bench/search_bench.py --articles 200 --repeat 1 --query กิจกรรม

For each size: write the corpus of ``prsite bench`` (publish.bench.articles.write_corpus, same seed),
build it once with prsite, then index that output ``--repeat`` times the way the build does
(plugins/search/indexer.py: shards of ``--shard-pages``) with the cache emptied, after one page's
article changed, and with nothing changed, and report the median of each, Pagefind's peak memory
and the bundle's size.
``--query`` also times searches on the search page in headless Chromium (tests/browser.py).
Results are in docs/performance.md ("Search index").
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from publish import pipeline  # noqa: E402
from publish.bench.articles import PRSITE_SETTINGS, write_corpus  # noqa: E402
from plugins.search import indexer, settings as search_settings  # noqa: E402


def size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def build_site(work: Path, articles: int) -> Path:
    output = work / "output"
    if len(list(output.glob("news/*/bench-*/index.html"))) == articles:
        print(f"  reusing the site built in {output} (delete it to build again)")
        return output
    site = work / "site"
    write_corpus(site / "content", articles)  # the office's logo included, which every page shows
    (site / "pelicanconf.py").write_text(PRSITE_SETTINGS.format(
        conf=str(REPO / "pelicanconf.py"), content=str(site / "content"), theme=str(REPO / "theme")), encoding="utf-8")
    started = time.perf_counter()
    outcome = pipeline.build(str(site / "pelicanconf.py"), output=str(output), echo=lambda line: None)
    if outcome.errors:
        sys.exit(f"the build failed: {outcome.errors[:3]}")
    print(f"  prsite build (search included): {time.perf_counter() - started:.1f} s; {'; '.join(outcome.notes)}")
    return output


def edit_one_page(output: Path, number: int) -> None:
    """Add a sentence to the article of one news page of ``output``, as an officer's edit would."""
    path = next(iter(sorted(output.glob("news/*/bench-*/index.html"))))
    html = path.read_text(encoding="utf-8")
    opened = html.index(">", indexer.INDEXED_TAG.search(html).start()) + 1
    path.write_text(f"{html[:opened]}<p>แก้ไขครั้งที่ {number}</p>{html[opened:]}", encoding="utf-8")


def index_once(output: Path, bundle: Path, cache: Path, shard_pages: int) -> dict[str, float]:
    """Seconds (wall, and CPU of prsite and of Pagefind) to index ``output`` into ``bundle``;
    pages indexed, shards, and shards Pagefind read."""
    before, wall, cpu = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter(), time.process_time()
    indexed = indexer.build_index(str(output), str(bundle), search_settings.SEARCH_EXCLUDE_SELECTORS, shard_pages,
                                  indexer.MarkCache(str(cache)))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "pagefind_cpu": child_cpu,
            "pages": indexed.pages, "shards": indexed.shards, "reindexed": indexed.reindexed}


def time_queries(output: Path, queries: list[str]) -> None:
    from browser import CHROMIUM, CHROMIUM_ARGS, _QuietHandler
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/search/?q="
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        fetched = []
        page.on("response", lambda response: fetched.append(response) if "/pagefind/" in response.url else None)
        for query in queries:
            fetched.clear()
            started = time.perf_counter()
            page.goto(base + quote(query))
            page.wait_for_function("() => /^(พบ|ไม่พบ)/.test(document.querySelector('[data-search-status]').textContent)")
            seconds = time.perf_counter() - started
            found = page.text_content("[data-search-status]").split("สำหรับ")[0]
            loaded = sum(len(response.body()) for response in fetched)
            print(f"  query {query!r}: {seconds:.2f} s from page load to results ({found}), "
                  f"{loaded / 1024:.0f} KiB from /pagefind/ in {len(fetched)} requests")
        browser.close()
    server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shard-pages", type=int, default=search_settings.SEARCH_SHARD_PAGES)
    parser.add_argument("--workdir", default=str(REPO / "bench-work" / "search"))
    parser.add_argument("--query", nargs="*", default=[], help="time these searches in Chromium")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for articles in args.articles:
        work = Path(args.workdir) / str(articles)
        print(f"\n{articles} articles ({work})")
        output = build_site(work, articles)
        bundle, cache = work / "bundle", work / "search-cache"
        for state in ("cache emptied", "one article edited", "nothing changed"):
            runs = []
            for number in range(args.repeat):
                if state == "cache emptied":
                    shutil.rmtree(cache, ignore_errors=True)
                elif state == "one article edited":
                    edit_one_page(output, number)
                runs.append(index_once(output, bundle, cache, args.shard_pages))
            median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            print(f"  index, {state} (median of {args.repeat}): {median['wall']:.2f} s wall; CPU {median['cpu']:.2f} s "
                  f"prsite + {median['pagefind_cpu']:.2f} s Pagefind, which read {median['reindexed']:.0f} of "
                  f"{median['shards']:.0f} shards")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"  pages indexed: {median['pages']:.0f}; Pagefind's peak memory (its largest run so far, "
              f"the build's included): {peak / 1024:.0f} MiB")
        total, files = size(bundle)
        html, _ = size(output)
        parts = {name: sum(size(folder)[0] for folder in bundle.rglob(name) if folder.is_dir())
                 for name in ("index", "fragment", "filter")}
        print(f"  bundle: {total / 2**20:.1f} MiB in {files} files; word index {parts['index'] / 2**20:.2f} MiB, "
              f"fragments {parts['fragment'] / 2**20:.2f} MiB, filters {parts['filter'] / 1024:.0f} KiB "
              f"(the site without it: {(html - size(output / 'pagefind')[0]) / 2**20:.1f} MiB)")
        if args.query:
            shutil.rmtree(output / "pagefind")
            shutil.copytree(bundle, output / "pagefind")
            time_queries(output, args.query)


if __name__ == "__main__":
    main()
