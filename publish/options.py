"""What every ``prsite`` command shares: the --settings option and its check."""

from __future__ import annotations

import os

import click

settings_option = click.option(
    "--settings", "-s", "settings_file", default="pelicanconf.py", show_default=True,
    type=click.Path(dir_okay=False), help="Pelican settings file of the site.",
)


def require_settings(settings_file: str) -> None:
    """One line and exit 1 when the command is not run in a site's folder."""
    if not os.path.isfile(settings_file):
        raise click.ClickException(f"{settings_file}: not found (run prsite from the site's folder, or pass --settings)")
