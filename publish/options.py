"""What every ``prsite`` command shares: the --settings option and its check, the problem line,
the counts and verdict lines, and how paths are shown."""

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


def echo_problem(line: str) -> None:
    """A mistake (``path: Field: message``) goes to stderr, one line each."""
    click.echo(line, err=True)


def plural(number: int, what: str) -> str:
    """'1 error', '2 errors'."""
    return f"{number} {what}{'s' if number != 1 else ''}"


def counts(outcome) -> str:
    """What a check or build read: '42 news, 8 pages, 39 disclosures' (kinds it found none of are left out)."""
    order = ("news", "pages", "disclosures", "e-news issues", "drafts")
    return ", ".join(f"{outcome.counts[k]} {k}" for k in order if outcome.counts.get(k))


def verdict(outcome, strict: bool, what: str) -> str:
    """The closing line of a failed check or build: 'build failed: 2 errors, 1 warning (--strict)'."""
    errors, warnings = len(outcome.errors), len(outcome.warnings)
    parts = [plural(errors, "error")] if errors else []
    if warnings:
        parts.append(plural(warnings, "warning") + (" (--strict)" if strict else ""))
    return f"{what}: " + ", ".join(parts)


def shown(path: str) -> str:
    """A path as the officer reads it: relative to the current folder, unless it lies outside."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
