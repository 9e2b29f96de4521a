"""The ``prsite`` command: build, check, write and preview the office website.

Content mistakes print one line each (``path: Field: what is wrong``) and exit 1;
a Python traceback means a bug in prsite, never a mistake in content/.
"""

from __future__ import annotations

import os
import signal
import sys

import click

from . import pipeline
from .options import require_settings as _require
from .options import settings_option, verdict



def _echo_problem(line: str) -> None:
    click.echo(line, err=True)


def _counts(outcome: pipeline.Outcome) -> str:
    order = ("news", "pages", "disclosures", "e-news issues", "drafts")
    return ", ".join(f"{outcome.counts[k]} {k}" for k in order if outcome.counts.get(k))


@click.group()
@click.version_option(package_name="prsite")
def main() -> None:
    """prsite: the office website, e-news and feeds from the PR officer's Markdown.

    PRSITE_NOW="2031-11-20 09:00" runs any command as if it were that moment (Thailand time).
    """
    from plugins.thai_text import thaitext

    try:
        thaitext.now()  # a mistyped PRSITE_NOW is one line before any work starts
    except thaitext.DateError as error:
        raise click.ClickException(str(error)) from None


@main.command()
@settings_option
@click.option("--output", "-o", type=click.Path(file_okay=False), help="Build into DIR instead of OUTPUT_PATH.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (use before going live).")
def build(settings_file: str, output: str | None, strict: bool) -> None:
    """Build the site into output/.

    The new site replaces output/ only when the build succeeds, so a mistake
    never leaves a half-written or broken site behind.

    Example: prsite build --strict
    """
    _require(settings_file)
    outcome = pipeline.build(settings_file, output=output, strict=strict, echo=_echo_problem)
    shown = os.path.relpath(outcome.output) if outcome.output else "output/"
    if outcome.failed(strict):
        click.echo(f"{verdict(outcome, strict, 'build failed')}; {shown} was not changed "
                   "(fix the lines above and build again)", err=True)
        sys.exit(1)
    summary = f"built {shown} in {outcome.seconds:.1f} s: {_counts(outcome)}"
    if outcome.warnings:
        summary += f" ({len(outcome.warnings)} warning{'s' if len(outcome.warnings) != 1 else ''})"
    click.echo(summary)
    for note in outcome.notes:
        click.echo(note)


@main.command()
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
    from .site.checks import check_output

    _require(settings_file)
    outcome = pipeline.check(settings_file, echo=_echo_problem)
    settings = pipeline.load_settings(settings_file)
    built = output or settings["OUTPUT_PATH"]
    if os.path.isdir(built):
        for finding in check_output(built, settings["OFFICE_SITE_URL"], external, settings):
            (outcome.warnings if finding.warning else outcome.errors).append(str(finding))
            _echo_problem(f"warning: {finding}" if finding.warning else str(finding))
    else:
        click.echo(f"{os.path.relpath(built)}: not built yet, so links were not checked (run prsite build first)")
    if outcome.failed(strict):
        click.echo(f"{verdict(outcome, strict, 'check failed')} (fix the lines above)", err=True)
        sys.exit(1)
    click.echo(f"check passed: {_counts(outcome)}"
               + (f" ({len(outcome.warnings)} warning{'s' if len(outcome.warnings) != 1 else ''})" if outcome.warnings else ""))


@main.command()
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
    from .site.new_item import write_news

    _require(settings_file)
    settings = pipeline.load_settings(settings_file)
    try:
        path = write_news(settings, title, category)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {os.path.relpath(path)} (Status: draft; change it to published when the item is ready)")


@main.command()
@settings_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(settings_file: str, port: int) -> None:
    """Preview the site on http://127.0.0.1:8000/, rebuilding when content changes.

    Example: prsite serve --port 8080
    """
    import pelican

    _require(settings_file)
    settings = pipeline.load_settings(settings_file)
    click.echo(f"serving {settings['OUTPUT_PATH']} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    try:
        pelican.main(["--autoreload", "--listen", "--bind", "127.0.0.1", "--port", str(port),
                      "--settings", settings_file, settings["PATH"], "--output", settings["OUTPUT_PATH"]])
    finally:
        _stop_children()


def _stop_like_ctrl_c(signum, frame) -> None:
    """SIGTERM (kill, systemd) stops the preview as Ctrl-C does, so its children are stopped too
    instead of being left holding the port. Pelican's builder and web server inherit this handler."""
    raise KeyboardInterrupt


def _stop_children(grace: float = 5.0) -> None:
    """Pelican's builder and web server processes: asked to stop, then killed if they linger."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(grace)
        if child.is_alive():
            child.kill()
            child.join()


@main.command()
@click.option("--articles", default=1000, show_default=True, help="Number of synthetic news items.")
@click.option("--photos", type=int, metavar="N",
              help="Run the photo benchmark on N synthetic 4000×3000 phone photos instead "
                   "(give --articles as well to run both).")
@click.option("--workdir", default="bench-work", show_default=True, type=click.Path(file_okay=False))
@click.option("--repeat", type=int, help="Runs of each build; the median is reported. "
              "[default: 3 for articles, 1 cold + warm pair for photos]")
@click.pass_context
def bench(ctx: click.Context, articles: int, photos: int | None, workdir: str, repeat: int | None) -> None:
    """Time builds on synthetic corpora.

    Articles (the default): prsite against stock Pelican on the same synthetic
    Thai news items.

    Photos (--photos N): N news items, each with its own phone-like 4000×3000
    JPEG (made once and kept in the workdir). Prints the encoder's photos per
    second (one process with and without JPEG draft decoding, and the build's
    process pool), where one photo's time goes, and a cold build (empty media
    cache) against a warm one. See docs/performance.md.

    \b
    Examples:
      prsite bench --articles 1000
      prsite bench --photos 200
      prsite bench --photos 50 --articles 200    (both)
    """
    from .bench.articles import run_benchmark, run_photo_benchmark

    both = photos is not None and ctx.get_parameter_source("articles") is not click.core.ParameterSource.DEFAULT
    if photos is None or both:
        run_benchmark(articles, workdir, 3 if repeat is None else repeat, echo=click.echo)
    if photos is not None:
        if both:
            click.echo("")
        run_photo_benchmark(photos, workdir, 1 if repeat is None else repeat, echo=click.echo)


from .network.commands import network  # noqa: E402  (a group of its own, in its own module)

main.add_command(network)

from .ita.commands import ita  # noqa: E402  (a group of its own, in its own module)

main.add_command(ita)

from .site.status import status  # noqa: E402

main.add_command(status)

from .deploy.releases import deploy, rollback  # noqa: E402  (release layout and nginx live in their own module)

main.add_command(deploy)
main.add_command(rollback)

from .enews.commands import enews  # noqa: E402  (a group of its own, in its own module)

main.add_command(enews)
