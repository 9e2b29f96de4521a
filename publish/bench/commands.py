"""``prsite bench``: the command; the articles benchmark is in articles.py, the photos one in photos.py."""

from __future__ import annotations

import click


@click.command()
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
    from .articles import run_benchmark
    from .photos import run_photo_benchmark

    both = photos is not None and ctx.get_parameter_source("articles") is not click.core.ParameterSource.DEFAULT
    if photos is None or both:
        run_benchmark(articles, workdir, 3 if repeat is None else repeat, echo=click.echo)
    if photos is not None:
        if both:
            click.echo("")
        run_photo_benchmark(photos, workdir, 1 if repeat is None else repeat, echo=click.echo)
