"""``prsite network``: the PR network registry outside the build (report, fetch, check links)."""

from __future__ import annotations

import csv
import os
import sys

import click

from plugins.common import report as problems
from plugins.common import spreadsheet_cell

from .. import pipeline
from ..options import require_settings, settings_option


def load_registry(settings_file: str):
    """Members of a valid registry; registry mistakes print one line each and exit 1."""
    require_settings(settings_file)
    settings = pipeline.load_settings(settings_file)
    return settings, registry_members(settings)


def registry_members(settings: dict):
    """Members of a valid registry, from loaded settings; registry mistakes print one line each and exit 1."""
    from plugins.pr_network import registry

    problems.reset(os.path.dirname(settings["PATH"]))
    echo = lambda problem: click.echo(("warning: " if problem.warning else "") + str(problem), err=True)  # noqa: E731
    problems.listeners.append(echo)
    try:
        members = registry(settings).members
    finally:
        problems.listeners.remove(echo)
    if problems.errors:
        raise click.ClickException("the registry has mistakes; fix the lines above")
    return members


def _progress(label: str):
    from rich.progress import Progress

    progress = Progress(transient=True, disable=not sys.stderr.isatty())
    task = progress.add_task(label, total=None)
    return progress, lambda done, total: progress.update(task, completed=done, total=total)


@click.group()
def network() -> None:
    """The PR network registry: coverage report, school feeds, link check."""


@network.command("report")
@settings_option
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Also write the table as CSV (counts).")
def report_command(settings_file: str, csv_path: str | None) -> None:
    """Coverage by district: who has a website, Facebook page, LINE, the e-news,
    and who was trained on each of the three channels.

    Example: prsite network report --csv coverage-2570.csv
    """
    from rich.console import Console
    from rich.table import Table

    from plugins.pr_network.coverage import as_table, coverage

    settings, members = load_registry(settings_file)
    rows = coverage(members, settings["PR_NETWORK_DISTRICTS"])
    headings, cells = as_table(rows)
    table = Table(title=f"PR network coverage ({len(members)} members)")
    for heading in headings:
        table.add_column(heading, justify="left" if heading == "district" else "right")
    for index, row in enumerate(cells):
        table.add_row(*row, end_section=index == len(cells) - 2)
    Console().print(table)
    if csv_path:
        headings, counts = as_table(rows, percent=False)
        with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads it as UTF-8
            writer = csv.writer(handle)
            writer.writerow(headings)
            writer.writerows([spreadsheet_cell(cell) for cell in row] for row in counts)
        click.echo(f"wrote {csv_path}")


@network.command("fetch")
@settings_option
def fetch_command(settings_file: str) -> None:
    """Fetch the news feeds of members that have a feed_url, for the school-news page.

    Unchanged feeds are not downloaded again (ETag / Last-Modified); a dead, slow or broken
    feed is one line here and its last good copy is kept. Run it before a build, e.g. hourly.

    Example: prsite network fetch
    """
    from plugins.pr_network import cache_dir
    from plugins.pr_network.aggregate import fetch_all

    settings, members = load_registry(settings_file)
    with_feeds = [m for m in members if m.feed_url]
    progress, update = _progress("feeds")
    with progress:
        results = fetch_all(with_feeds, cache_dir(settings), settings, update)
    for result in results:
        if result.status == "failed":
            click.echo(f"{result.member_id}: {result.message}", err=True)
    counts = {status: sum(r.status == status for r in results) for status in ("updated", "not-modified", "failed")}
    click.echo(f"fetched {len(results)} feeds: {counts['updated']} updated, {counts['not-modified']} not modified, "
               f"{counts['failed']} failed")


@network.command("check-links")
@settings_option
def check_links_command(settings_file: str) -> None:
    """Check every member's website, Facebook page, LINE link and feed; list the dead ones.

    Exits 1 when a link is dead, so it can run on a schedule and alert someone.

    Example: prsite network check-links
    """
    from plugins.pr_network.linkcheck import check_links

    settings, members = load_registry(settings_file)
    progress, update = _progress("links")
    with progress:
        results = check_links(members, settings, update)
    dead = [r for r in results if not r.ok]
    for result in dead:
        click.echo(f"content/{settings['PR_NETWORK_MEMBERS_FILE']}: {result.member_id}: {result.column}: "
                   f"{result.url} {result.detail}", err=True)
    click.echo(f"checked {len(results)} links: {len(dead)} dead")
    if dead:
        sys.exit(1)
