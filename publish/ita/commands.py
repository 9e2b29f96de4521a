"""``prsite ita``: the ITA/OIT checklist outside the build (coverage report of any fiscal year)."""

from __future__ import annotations

import os
import sys

import click

from plugins.common import report as problems

from .. import pipeline
from ..options import require_settings, settings_option

STATUS = {True: "ok", False: "missing (ยังไม่มีข้อมูล)"}


@click.group()
def ita() -> None:
    """The ITA/OIT checklist: which O-items the site provides, and which are missing."""


@ita.command("report")
@settings_option
@click.argument("fiscal_year", type=click.IntRange(2500, 2699), metavar="FISCAL_YEAR")
@click.option("--strict", is_flag=True, help="Exit 1 when an item is missing (for a scheduled check).")
def report_command(settings_file: str, fiscal_year: int, strict: bool) -> None:
    """Each item of content/ita/FISCAL_YEAR.yml with its status and the addresses that provide
    it (as ITAS asks for them), the coverage, and the missing items.

    Example: prsite ita report 2570
    """
    from rich.console import Console
    from rich.table import Table

    import plugins.ita as plugin
    from plugins.ita import checklist

    require_settings(settings_file)
    settings = pipeline.load_settings(settings_file)  # a bad setting is its own line (publish/cli.py)
    outcome = pipeline.check(settings_file, echo=lambda line: None)  # reads everything, as a build does
    if plugin.last_site() is None:
        raise click.ClickException(f"{settings_file}: PLUGINS has no plugins.ita (add PLUGINS.append(\"plugins.ita\"))")
    problems.reset(os.path.dirname(settings["PATH"]))  # the check's lines are dropped; the checklist's are shown
    echo = lambda problem: click.echo(("warning: " if problem.warning else "") + str(problem), err=True)  # noqa: E731
    problems.listeners.append(echo)
    try:
        path = checklist.files(settings).get(fiscal_year)
        if path is None:
            expected = problems.display_path(os.path.join(settings["PATH"], settings["ITA_PATH"], f"{fiscal_year}.yml"))
            raise click.ClickException(f"{expected}: not found (write the checklist of fiscal year {fiscal_year}; "
                                       "see docs/content-guide.md)")
        result = plugin.check(path, plugin.last_site())
    finally:
        problems.listeners.remove(echo)
    shown = problems.display_path(path)
    others = [line for line in outcome.errors if not line.startswith(f"{shown}:")]
    for line in others:
        click.echo(line, err=True)
    if result is None or others:
        raise click.ClickException("the lines above must be fixed first (prsite check shows every mistake)")

    site_url = plugin.last_site().base_url
    table = Table(title=f"ITA/OIT checklist {fiscal_year} ({shown})")
    for heading in ("code", "title", "status", "links"):
        table.add_column(heading, overflow="fold")
    for row in result.rows:
        links = "\n".join(f"{link.title}\n{site_url}/{link.url}" for link in row.links)
        table.add_row(row.item.code, row.item.title, STATUS[bool(row.links)], links)
    Console().print(table)
    click.echo(f"coverage: {len(result.satisfied)}/{len(result.rows)} items")
    for row in result.missing:
        click.echo(f"missing: {row.item.code} {row.item.title}")
    if strict and result.missing:
        click.echo(f"ita report: {len(result.missing)} missing (--strict)", err=True)
        sys.exit(1)
