"""``prsite bench --articles 1000,5000``: prsite against stock Pelican and Hugo on the same corpus.

For each corpus size, ``repeat`` times, tools interleaved:

1. full builds into an empty output: prsite cold (``cache/`` emptied: media, PII and content
   caches, as on a fresh server), prsite warm (caches left by the cold build), stock Pelican
   (no cache), and Hugo when installed;
2. rebuilds after one edit (``edits.EDITS``: a body, a title, a new item, each its own
   rebuild) into the output and caches the previous build left: ``prsite build``, stock Pelican
   with its content cache (``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``) and the ``hugo`` CLI;
   every rebuilt page is checked for the edit;
3. the live preview (preview.py): ``prsite serve`` and ``hugo server``, one edit per repeat.

Then one report: the machine, the command, and a table per measurement with medians and ratios.

Layout under ``workdir``::

    site/content/, site/pelicanconf.py, site/cache/   the corpus, prsite's settings and caches
    site/output/                  what prsite serve built
    stock/pelicanconf.py          stock Pelican; pelicanconf-cached.py adds its content cache
    hugo/                         the corpus as a Hugo site (hugo.py)
    out-<tool>/, <tool>-*.log     the last run's output and console log of each tool
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import click

from .articles import PRSITE_SETTINGS, REPO, STOCK_CACHED_SETTINGS, STOCK_SETTINGS, write_corpus
from .edits import EDITED_ITEM, EDITS, Corpus, edit_body
from .hugo import write_hugo_site
from .measure import HUGO_MISSING, Run, hugo_version, machine_line, timed
from ..site.preview import REBUILT
from .preview import Preview, measure_preview

PRSITE = [sys.executable, "-c", "from publish.cli import main; main(prog_name='prsite')"]


@dataclass
class Results:
    """Everything measured at one corpus size; lists hold one entry per repeat."""

    articles: int
    full: dict[str, list[Run]] = field(default_factory=dict)  # "cold", "warm", "stock", "hugo"
    rebuild: dict[tuple[str, str], list[Run]] = field(default_factory=dict)  # (edit, tool)
    preview: dict[str, list[Preview]] = field(default_factory=dict)  # "prsite", "hugo"


@dataclass
class Tools:
    """The commands of one corpus size's runs."""

    work: Path
    hugo: str | None  # the hugo executable, None when not installed

    @property
    def site(self) -> Path:
        return self.work / "site"

    def prsite_build(self) -> list[str]:
        return [*PRSITE, "build", "--settings", str(self.site / "pelicanconf.py"), "--output", str(self.work / "out-prsite")]

    def stock_build(self, settings: str) -> list[str]:
        return [sys.executable, "-m", "pelican", str(self.site / "content"), "-s", str(self.work / "stock" / settings),
                "-o", str(self.work / f"out-{settings.removesuffix('.py')}")]

    def hugo_build(self) -> list[str]:
        return [self.hugo, "--source", str(self.work / "hugo"), "--destination", str(self.work / "out-hugo")]


def _median(values) -> float:
    return statistics.median(list(values))


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a is not None and b else "-"


def _table(echo, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        echo("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip())


def _step(echo, label: str, run: Callable[[], Run], expected_news: int, log: Path) -> Run:
    echo(f"{label} ...")
    result = run()
    echo(f"  {result.seconds:.2f} s wall, {result.cpu_seconds:.2f} s CPU, {result.peak_mib:.0f} MiB peak (process tree), "
         f"{result.html_files} HTML files")
    if result.news_pages != expected_news:  # every tool must build exactly the same items
        raise click.ClickException(f"{label}: wrote {result.news_pages} of {expected_news} news pages; see {log}")
    return result


def _page_of(output: Path, number: int) -> Path:
    found = list(output.glob(f"**/bench-{number}/index.html"))
    if len(found) != 1:
        raise click.ClickException(f"{output}: expected one bench-{number}/index.html, found {len(found)}")
    return found[0]


def _check_edit(tool: str, output: Path, number: int, mark: str, log: Path) -> None:
    """A rebuild that did not pick the edit up must not be reported as fast."""
    if mark not in _page_of(output, number).read_text(encoding="utf-8", errors="replace"):
        raise click.ClickException(f"{tool} rebuild: bench-{number}'s page does not show the edit {mark!r}; see {log}")


def _setup(work: Path, articles: int, hugo: str | None, echo) -> Corpus:
    site, stock = work / "site", work / "stock"
    content = site / "content"
    echo(f"[{articles}] generating corpus: {articles} news items in {content} ...")
    write_corpus(content, articles)
    stock.mkdir(parents=True, exist_ok=True)
    (site / "pelicanconf.py").write_text(PRSITE_SETTINGS.format(
        conf=str(REPO / "pelicanconf.py"), content=str(content), theme=str(REPO / "theme")), encoding="utf-8")
    (stock / "pelicanconf.py").write_text(STOCK_SETTINGS.format(content=str(content)), encoding="utf-8")
    (stock / "pelicanconf-cached.py").write_text(
        STOCK_CACHED_SETTINGS.format(content=str(content), cache=str(stock / "cache")), encoding="utf-8")
    for stale in (site / "cache", site / "output", stock / "cache"):
        _remove(stale)
    if hugo:
        echo(f"[{articles}] converting the corpus to a Hugo site in {work / 'hugo'} ...")
        write_hugo_site(work / "hugo", content)
    return Corpus(content, work / "hugo" if hugo else None, articles)


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _full_builds(tools: Tools, results: Results, attempt: int, repeat: int, echo) -> None:
    n, work = results.articles, tools.work
    plan = [
        ("cold", "prsite cold build (cache/ emptied: a fresh server)", tools.prsite_build, "out-prsite", True),
        ("warm", "prsite warm build (caches of the build before)", tools.prsite_build, "out-prsite", False),
        ("stock", "stock Pelican build", lambda: tools.stock_build("pelicanconf.py"), "out-pelicanconf", False),
    ]
    if tools.hugo:
        plan.append(("hugo", "hugo build", tools.hugo_build, "out-hugo", False))
    for name, label, command, output, empty_caches in plan:
        if empty_caches:
            _remove(tools.site / "cache")
        log = work / f"{name}-full.log"
        cwd = tools.site if name in ("cold", "warm") else work / "stock" if name == "stock" else work
        run = _step(echo, f"[{n}] run {attempt}/{repeat} {label}",
                    lambda: timed(command(), cwd, work / output, log), n, log)
        results.full.setdefault(name, []).append(run)


def _rebuilds(tools: Tools, corpus: Corpus, results: Results, attempt: int, repeat: int, echo) -> None:
    """One edit at a time, each followed by a rebuild of every tool on the state its last build left."""
    work = tools.work
    plan = [("prsite", tools.site, tools.prsite_build, "out-prsite"),
            ("stock", work / "stock", lambda: tools.stock_build("pelicanconf-cached.py"), "out-pelicanconf-cached")]
    if tools.hugo:
        plan.append(("hugo", work, tools.hugo_build, "out-hugo"))
    if attempt == 1:  # stock Pelican's content cache and output start from one full build of its own
        log = work / "stock-cached-first.log"
        _step(echo, f"[{corpus.articles}] stock Pelican build filling its content cache",
              lambda: timed(tools.stock_build("pelicanconf-cached.py"), work / "stock", work / "out-pelicanconf-cached", log),
              corpus.articles, log)
    for index, (edit_name, edit) in enumerate(EDITS, 1):
        number, mark = edit(corpus, f"edit{index}r{attempt}")
        for tool, cwd, command, output in plan:
            log = work / f"{tool}-rebuild.log"
            label = f"[{corpus.articles}] run {attempt}/{repeat} {edit_name}, {tool} rebuild"
            run = _step(echo, label, lambda: timed(command(), cwd, work / output, log, fresh_output=False),
                        corpus.articles + corpus.added, log)
            _check_edit(tool, work / output, number, mark, log)
            results.rebuild.setdefault((edit_name, tool), []).append(run)


def _previews(tools: Tools, corpus: Corpus, results: Results, repeat: int, echo) -> None:
    work, timeout = tools.work, max(300.0, corpus.articles * 0.25)
    # where bench-1's page is served: prsite's output layout puts it under the item's BE year
    prsite_page = "/" + _page_of(work / "out-prsite", EDITED_ITEM).parent.relative_to(work / "out-prsite").as_posix() + "/"
    servers = [("prsite", lambda port: [*PRSITE, "serve", "--settings", str(tools.site / "pelicanconf.py"),
                                         "--port", str(port)], tools.site, prsite_page)]
    if tools.hugo:
        servers.append(("hugo", lambda port: [tools.hugo, "server", "--source", str(work / "hugo"), "--bind", "127.0.0.1",
                                              "--port", str(port), "--baseURL", f"http://127.0.0.1:{port}/"],
                        work, f"/news/bench-{EDITED_ITEM}/"))
    for attempt in range(1, repeat + 1):
        for tool, command, cwd, page in servers:
            echo(f"[{corpus.articles}] run {attempt}/{repeat} {tool} preview: start, wait for {page}, edit it ...")
            mark = f"preview{attempt}{tool}"  # both corpora get every edit: each server looks for its own
            preview = measure_preview(tool, command, cwd, page, lambda: edit_body(corpus, mark)[1],
                                      work / f"{tool}-serve.log", timeout)
            page, done = (_seconds(s) if s is not None else f"not seen within {timeout:.0f} s"
                          for s in (preview.page_seconds, preview.done_seconds))
            echo(f"  page fresh after {page}, rebuild finished after {done}; log: {work / f'{tool}-serve.log'}")
            results.preview.setdefault(tool, []).append(preview)


def run_benchmark(sizes: list[int], workdir: str, repeat: int, command_line: str, echo=print) -> None:
    """Every measurement at every size, then the report."""
    if repeat < 1:
        raise click.ClickException("--repeat must be at least 1")
    work = Path(workdir).resolve()
    hugo_exe = shutil.which("hugo")
    hugo = hugo_version() if hugo_exe else None
    echo(f"machine: {machine_line(hugo)}")
    if not hugo:
        echo(f"hugo: {HUGO_MISSING}; the Hugo columns are skipped")
    started = time.perf_counter()
    all_results = []
    for articles in sizes:
        tools = Tools(work, hugo_exe if hugo else None)
        corpus = _setup(work, articles, tools.hugo, echo)
        results = Results(articles)
        for attempt in range(1, repeat + 1):
            _full_builds(tools, results, attempt, repeat, echo)
        for attempt in range(1, repeat + 1):
            _rebuilds(tools, corpus, results, attempt, repeat, echo)
        _previews(tools, corpus, results, repeat, echo)
        all_results.append(results)
    echo(f"\nprsite bench, {repeat} run{'s' if repeat != 1 else ''} of each measurement, medians; "
         f"{time.perf_counter() - started:.0f} s in all")
    echo(f"command: {command_line}")
    echo(f"machine: {machine_line(hugo)}")
    report(echo, all_results, hugo is not None)


def report(echo, all_results: list[Results], with_hugo: bool) -> None:
    """The three tables: full builds, rebuilds after one edit, live preview."""
    echo("\nFull build into an empty output/ (cold: cache/ emptied, as on a fresh server; warm: caches kept). "
         "Peak RSS is the whole process tree's (Pagefind and media workers included), highest of the runs:")
    rows = []
    for r in all_results:
        n, stock = r.articles, r.full["stock"]
        stock_s, stock_mib = _median(x.seconds for x in stock), max(x.peak_mib for x in stock)
        for mode in ("cold", "warm"):
            runs = r.full[mode]
            seconds, mib = _median(x.seconds for x in runs), max(x.peak_mib for x in runs)
            rows.append((f"{n:,}", mode, _seconds(seconds), _seconds(stock_s), _ratio(seconds, stock_s),
                         f"{seconds / n * 1000:.2f}", f"{stock_s / n * 1000:.2f}",
                         f"{mib:.0f} MiB", f"{stock_mib:.0f} MiB", _ratio(mib, stock_mib)))
    _table(echo, ("items", "prsite build", "prsite", "Pelican", "prsite/Pelican", "prsite ms/item", "Pelican ms/item",
                  "prsite RSS", "Pelican RSS", "RSS ratio"), rows)

    echo("\nRebuild after one edit (each tool on the output and caches its previous build left; "
         "Pelican with CACHE_CONTENT + LOAD_CONTENT_CACHE; Hugo's CLI has no cache, it rebuilds all):")
    rows = []
    for r in all_results:
        hugo_full = _median(x.seconds for x in r.full["hugo"]) if with_hugo else None
        rows.append((f"{r.articles:,}", "(full build; prsite warm)", _seconds(_median(x.seconds for x in r.full["warm"])),
                     _seconds(_median(x.seconds for x in r.full["stock"])),
                     _seconds(hugo_full) if with_hugo else HUGO_MISSING, "", ""))
        for edit_name, _ in EDITS:
            times = {tool: _median(x.seconds for x in r.rebuild[(edit_name, tool)])
                     for tool in ("prsite", "stock", "hugo") if (edit_name, tool) in r.rebuild}
            rows.append((f"{r.articles:,}", edit_name, _seconds(times["prsite"]), _seconds(times["stock"]),
                         _seconds(times["hugo"]) if with_hugo else HUGO_MISSING,
                         _ratio(times["prsite"], times["stock"]), _ratio(times["prsite"], times.get("hugo"))))
    _table(echo, ("items", "rebuild after", "prsite", "Pelican", "Hugo", "prsite/Pelican", "prsite/Hugo"), rows)

    echo("\nLive preview, one body edited: seconds from the save until the page served over HTTP shows it "
         "(polled every 20 ms), and until the server's log says the rebuild finished "
         f"(prsite serve: \"{REBUILT}\"; hugo server, fast render mode: \"Total in\"):")
    rows = []
    for r in all_results:
        for label, pick in (("edited page fresh", lambda p: p.page_seconds), ("rebuild finished", lambda p: p.done_seconds)):
            values = {tool: [pick(p) for p in r.preview[tool]] for tool in r.preview}
            medians = {tool: _median(v) if None not in v else None for tool, v in values.items()}
            shown = {tool: _seconds(m) if m is not None else "not seen" for tool, m in medians.items()}
            rows.append((f"{r.articles:,}", label, shown["prsite"], shown.get("hugo", HUGO_MISSING),
                         _ratio(medians["prsite"], medians.get("hugo"))))
    _table(echo, ("items", "preview", "prsite serve", "hugo server", "prsite/Hugo"), rows)
