"""What every ``prsite`` command shares: the --settings option and its check, and the verdict line."""

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


def verdict(outcome, strict: bool, what: str) -> str:
    """The closing line of a failed check or build: 'build failed: 2 errors, 1 warning (--strict)'."""
    errors, warnings = len(outcome.errors), len(outcome.warnings)
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}" + (" (--strict)" if strict else ""))
    return f"{what}: " + ", ".join(parts)
