"""``prsite bench``: the command; the articles benchmark is in compare.py (its corpus in
articles.py), the photos one in photos.py."""

from __future__ import annotations

import click


def parse_sizes(ctx: click.Context, param: click.Parameter, value: str) -> list[int]:
    """``--articles 1000,5000,20000`` -> [1000, 5000, 20000]."""
    sizes = []
    for part in value.split(","):
        if not part.strip().isdigit() or int(part) < 1:
            raise click.BadParameter(f"{part.strip()!r} is not a number of news items (e.g. 1000,5000,20000)")
        sizes.append(int(part))
    return list(dict.fromkeys(sizes))


@click.command()
@click.option("--articles", default="1000", show_default=True, callback=parse_sizes, metavar="N[,N...]",
              help="Numbers of synthetic news items: one corpus size, or several separated by commas.")
@click.option("--photos", type=int, metavar="N",
              help="Run the photo benchmark on N synthetic 4000×3000 phone photos instead "
                   "(give --articles as well to run both).")
@click.option("--workdir", default="bench-work", show_default=True, type=click.Path(file_okay=False))
@click.option("--repeat", type=int, help="Runs of each build; the median is reported. "
              "[default: 3 for articles, 1 cold + warm pair for photos]")
@click.pass_context
def bench(ctx: click.Context, articles: list[int], photos: int | None, workdir: str, repeat: int | None) -> None:
    """Time builds on synthetic corpora.

    Articles (the default): prsite against stock Pelican, and Hugo when it is
    installed, on the same synthetic Thai news items, at each size given: full
    builds cold (caches emptied) and warm, the rebuild after one edited body,
    title or new item, and the live preview (prsite serve, hugo server) until
    the edited page is served fresh. One table per measurement, with medians,
    time per item, peak memory and ratios; the machine and the command line.

    Photos (--photos N): N news items, each with its own phone-like 4000×3000
    JPEG (made once and kept in the workdir). Prints the encoder's photos per
    second (one process with and without JPEG draft decoding, and the build's
    process pool), where one photo's time goes, and a cold build (empty media
    cache) against a warm one. See docs/performance.md.

    \b
    Examples:
      prsite bench --articles 1000
      prsite bench --articles 1000,5000,20000 --repeat 1
      prsite bench --photos 200
      prsite bench --photos 50 --articles 200    (both)
    """
    from .compare import run_benchmark
    from .photos import run_photo_benchmark

    both = photos is not None and ctx.get_parameter_source("articles") is not click.core.ParameterSource.DEFAULT
    if photos is None or both:
        runs = 3 if repeat is None else repeat
        command_line = f"prsite bench --articles {','.join(map(str, articles))} --repeat {runs} --workdir {workdir}"
        run_benchmark(articles, workdir, runs, command_line, echo=click.echo)
    if photos is not None:
        if both:
            click.echo("")
        run_photo_benchmark(photos, workdir, 1 if repeat is None else repeat, echo=click.echo)
