"""``prsite status``: what is not (or no longer) on the site, and what is about to change."""

from __future__ import annotations

import datetime as dt
import os

import click

from .. import pipeline
from ..options import require_settings, settings_option


def _line(item, when=None) -> str:
    stamp = ""
    if isinstance(when, dt.datetime):
        stamp = f"{when:%Y-%m-%d}  " if (when.hour, when.minute) == (0, 0) else f"{when:%Y-%m-%d %H:%M}  "
    return f"  {stamp}{os.path.relpath(item.source_path)}  {item.title}"


@click.command()
@settings_option
@click.option("--days", default=14, show_default=True, help="Announcements expiring within this many days are listed.")
def status(settings_file: str, days: int) -> None:
    """List drafts, scheduled news, announcements expiring soon and expired ones.

    Scheduled news appears with the first build on or after its date; an expired
    announcement leaves current listings, feeds, search and the e-news, but its page stays
    (and the BE-year archives list it, marked expired).

    Example: prsite status --days 30
    """
    from plugins.content_model import build_now

    require_settings(settings_file)
    outcome, generators = pipeline.read_site(settings_file, echo=lambda line: click.echo(line, err=True))
    if outcome.errors:
        raise click.ClickException("the content has mistakes; fix the lines above (prsite check)")
    now = build_now(generators[0].settings)
    drafts, scheduled, expiring, expired = [], [], [], []
    for generator in generators:
        for item in (getattr(generator, "drafts", None) or []) + (getattr(generator, "draft_pages", None) or []):
            (scheduled if getattr(item, "scheduled", False) else drafts).append(item)
        for item in getattr(generator, "hidden_articles", None) or []:
            if getattr(item, "expired", False):
                expired.append(item)
        for item in getattr(generator, "articles", None) or []:
            expires = getattr(item, "expires", None)
            if expires and expires.date() - now.date() <= dt.timedelta(days=days):
                expiring.append(item)
    sections = [
        ("drafts (Status: draft; not published)", drafts, None),
        ("scheduled (published by the first build on or after the date)", sorted(scheduled, key=lambda i: i.date), "date"),
        (f"expiring within {days} days", sorted(expiring, key=lambda i: i.expires), "expires"),
        ("expired (gone from current listings, feeds, search and e-news; page and archive entry kept)", sorted(expired, key=lambda i: i.expires), "expires"),
    ]
    for heading, items, when in sections:
        click.echo(f"{heading}: {len(items)}")
        for item in items:
            click.echo(_line(item, getattr(item, when) if when else None))
