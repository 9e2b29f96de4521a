"""``prsite deploy`` and ``prsite rollback``: put a checked build live as a release, and go back.

The release layout and its targets (this server, or another over rsync) are in releases.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import pipeline
from ..options import echo_problem, plural, require_settings
from ..scratch import temporary_folder
from ..site.checks import Finding, check_output
from .releases import DeployError, LocalTarget, RsyncTarget, publish, release_before


def _required_pages(tree: Path, settings: dict) -> list[Finding]:
    """nginx answers / with index.html and every missing address with 404.html."""
    return [Finding(name, "file", "missing from the build (the theme writes it)")
            for name in ("index.html", "404.html") if not (tree / name).is_file()]


def _links_and_files(tree: Path, settings: dict) -> list[Finding]:
    """prsite check's rules for a built site: links and anchors that lead nowhere, images
    without alt text, oversized files (external links are left to prsite check --external)."""
    own_site = settings["SITEURL"] or settings["OFFICE_SITE_URL"]  # the address absolute links use
    return check_output(str(tree), own_site, settings=settings)


# Checks of the built site as a whole, run after the build and before anything is copied: each takes
# the built tree and the settings and returns Findings (one line each; a warning stops a strict deploy).
SITE_CHECKS = [_required_pages, _links_and_files]


# --- the commands ---------------------------------------------------------------------------------

def _target(to: str | None, rsync: str | None):
    if (to is None) == (rsync is None):
        raise click.UsageError("give either --to DIR (this server) or --rsync USER@HOST:DIR (another server)")
    return LocalTarget(to) if to is not None else RsyncTarget(rsync)


def _tally(outcome: pipeline.Outcome, strict: bool) -> list[str]:
    parts = [plural(len(outcome.errors), "error")] if outcome.errors else []
    if strict and outcome.warnings:
        parts.append(plural(len(outcome.warnings), "warning") + " (--strict)")
    return parts


def _fail(parts: list[str], unchanged: str) -> None:
    click.echo(f"deploy failed: {', '.join(parts)}; {unchanged} was not changed "
               "(fix the lines above and deploy again)", err=True)
    sys.exit(1)


def _build_and_check(settings_file: str, strict: bool, output: Path, unchanged: str) -> None:
    """Check the content, build it into ``output``, check the built site; exit 1 on any problem."""
    checked = pipeline.check(settings_file, echo=echo_problem)
    if checked.failed(strict):
        _fail(_tally(checked, strict), unchanged)

    # The build reads the same content again: lines the check has already printed are not repeated.
    seen = {*checked.errors, *(f"warning: {line}" for line in checked.warnings)}

    def echo_new(line: str) -> None:
        if line not in seen:
            echo_problem(line)

    built = pipeline.build(settings_file, output=str(output), strict=strict, echo=echo_new)
    if built.failed(strict):
        _fail(_tally(built, strict), unchanged)

    settings, found = pipeline.load_settings(settings_file), pipeline.Outcome()
    for finding in (finding for check in SITE_CHECKS for finding in check(output, settings)):
        (found.warnings if finding.warning else found.errors).append(str(finding))
        echo_problem(f"warning: {finding}" if finding.warning else str(finding))
    if found.failed(strict):
        _fail(_tally(found, strict), unchanged)


def target_options(command):
    command = click.option("--rsync", metavar="USER@HOST:DIR",
                           help="The site's folder on another server, reached over ssh.")(command)
    return click.option("--to", type=click.Path(file_okay=False), metavar="DIR",
                        help="The site's folder on this web server (nginx serves DIR/current).")(command)


@click.command()
@target_options
@click.option("--settings", "-s", "settings_file", default="publishconf.py", show_default=True,
              type=click.Path(dir_okay=False), help="Pelican settings file (production values).")
@click.option("--keep", default=5, show_default=True, type=click.IntRange(min=2),
              help="Releases to keep (the live one and at least one to roll back to).")
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Treat warnings as errors: a warning stops the deploy.")
def deploy(to: str | None, rsync: str | None, settings_file: str, keep: int, strict: bool) -> None:
    """Check and build the site, then make it live as a new release.

    The build goes into DIR/releases/<UTC time>/ and DIR/current switches to it in
    one step, so visitors never see a half-written site. A failed check or build
    leaves the live site as it was. The newest --keep releases stay for rollback.

    \b
    Examples:
      prsite deploy --to /var/www/prsite
      prsite deploy --rsync deploy@takpeo1.example.go.th:/var/www/prsite
    """
    try:
        target = _target(to, rsync)
        require_settings(settings_file)
        target.state()  # a wrong folder or a refused login shows now, not after the build
        with temporary_folder("prsite-deploy-") as work:  # a killed deploy's folder goes at the next one
            output = Path(work) / "site"
            _build_and_check(settings_file, strict, output, unchanged=f"{target.label}/current")
            done = publish(output, target, keep)
    except DeployError as error:
        raise click.ClickException(str(error)) from None
    replaced = f"replacing releases/{done.previous}" if done.previous else "the first release"
    removed = f"; removed old {', '.join(done.removed)}" if done.removed else ""
    click.echo(f"deployed releases/{done.name} to {target.label} ({replaced}{removed})")


@click.command()
@target_options
@click.option("--to-release", metavar="NAME", help="The release to go back to (default: the one before the live one).")
def rollback(to: str | None, rsync: str | None, to_release: str | None) -> None:
    """Make an earlier release live again (the one before the live one, by default).

    The newer releases stay in DIR/releases/ and the next deploy is the newest again.

    \b
    Examples:
      prsite rollback --to /var/www/prsite
      prsite rollback --to /var/www/prsite --to-release 20261118T031500Z
    """
    try:
        target = _target(to, rsync)
        with target.locked():
            releases, live = target.state()
            try:
                name = release_before(releases, live, to_release)
            except LookupError as why:
                raise DeployError(f"{target.label}: {why}") from None
            if name != live:
                target.switch(name)
    except DeployError as error:
        raise click.ClickException(str(error)) from None
    if name == live:
        click.echo(f"releases/{name} is already live at {target.label}; nothing changed")
    else:
        click.echo(f"rolled back {target.label} to releases/{name} (was releases/{live})")
