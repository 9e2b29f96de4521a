"""``prsite build``, ``check``, ``new`` and ``serve``: the website from content/, checked, started and previewed.

Content mistakes print one line each (``path: Field: what is wrong``) and exit 1.
"""

from __future__ import annotations

import os
import signal
import sys

import click

from .. import pipeline
from ..options import counts, echo_problem, plural, require_settings, settings_option, verdict


@click.command()
@settings_option
@click.option("--output", "-o", type=click.Path(file_okay=False), help="Build into DIR instead of OUTPUT_PATH.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (use before going live).")
def build(settings_file: str, output: str | None, strict: bool) -> None:
    """Build the site into output/.

    The new site replaces output/ only when the build succeeds, so a mistake
    never leaves a half-written or broken site behind.

    Example: prsite build --strict
    """
    require_settings(settings_file)
    outcome = pipeline.build(settings_file, output=output, strict=strict, echo=echo_problem)
    shown = os.path.relpath(outcome.output) if outcome.output else "output/"
    if outcome.failed(strict):
        click.echo(f"{verdict(outcome, strict, 'build failed')}; {shown} was not changed "
                   "(fix the lines above and build again)", err=True)
        sys.exit(1)
    summary = f"built {shown} in {outcome.seconds:.1f} s: {counts(outcome)}"
    if outcome.warnings:
        summary += f" ({plural(len(outcome.warnings), 'warning')})"
    click.echo(summary)
    for note in outcome.notes:
        click.echo(note)


@click.command()
@settings_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--external", is_flag=True, help="Also check links to other sites (needs the network).")
@click.option("--output", "-o", type=click.Path(file_okay=False), help="Built site to check (default: OUTPUT_PATH).")
def check(settings_file: str, strict: bool, external: bool, output: str | None) -> None:
    """Check everything before going live, without building.

    Reads every news item, page, disclosure and the network registry exactly as a
    build would (content rules, photos, ID and phone numbers), then checks the built
    site in output/: links and anchors that lead nowhere, images without alt text,
    oversized files, and with --external, dead links to other sites.

    Example: prsite check --external
    """
    from .checks import check_output

    require_settings(settings_file)
    outcome = pipeline.check(settings_file, echo=echo_problem)
    settings = outcome.settings
    if settings is not None:  # None when a setting is wrong: its line is above
        built = output or settings["OUTPUT_PATH"]
        if os.path.isdir(built):
            for finding in check_output(built, settings["OFFICE_SITE_URL"], external, settings):
                (outcome.warnings if finding.warning else outcome.errors).append(str(finding))
                echo_problem(f"warning: {finding}" if finding.warning else str(finding))
        else:
            click.echo(f"{os.path.relpath(built)}: not built yet, so links were not checked (run prsite build first)")
    if outcome.failed(strict):
        click.echo(f"{verdict(outcome, strict, 'check failed')} (fix the lines above)", err=True)
        sys.exit(1)
    click.echo(f"check passed: {counts(outcome)}"
               + (f" ({plural(len(outcome.warnings), 'warning')})" if outcome.warnings else ""))


@click.command()
@settings_option
@click.argument("kind", type=click.Choice(["news"]))
@click.argument("title")
@click.option("--category", help="Section of the new item (default: the first in CONTENT_MODEL_CATEGORIES).")
def new(settings_file: str, kind: str, title: str, category: str | None) -> None:
    """Write a ready-to-edit news item under content/news/<BE year>/.

    Every field is there, the date is now (Thailand time), the slug is made from
    the title, and Status is draft until you change it to published.

    Example: prsite new news "สพป.ตาก เขต 1 ประชุมผู้บริหารสถานศึกษา"
    """
    from .new_item import write_news

    require_settings(settings_file)
    settings = pipeline.load_settings(settings_file)
    try:
        path = write_news(settings, title, category)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {os.path.relpath(path)} (Status: draft; change it to published when the item is ready)")


@click.command()
@settings_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(settings_file: str, port: int) -> None:
    """Preview the site on http://127.0.0.1:8000/: a saved file's page is fresh on the next load.

    One full build into cache/preview/ (output/ is never touched), then each saved
    Markdown file is read again alone and its page made on request; listings, feeds
    and search catch up in a full build in the background. A mistake in the file is
    shown on its page (file, field, what to do); every other page keeps being served.

    Example: prsite serve --port 8080
    """
    from .preview import Preview

    require_settings(settings_file)
    settings = pipeline.load_settings(settings_file)
    preview = Preview(settings_file, settings, echo_problem)
    click.echo(f"serving {os.path.relpath(preview.folder)} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    try:
        preview.run(port)
    except KeyboardInterrupt:
        click.echo("preview stopped")


def _stop_like_ctrl_c(signum, frame) -> None:
    """SIGTERM (kill, systemd) stops the preview as Ctrl-C does: the background build is stopped
    too instead of being left running, and the port is free again."""
    raise KeyboardInterrupt
