"""The ``prsite`` command: build, check, write and preview the office website.

This module only wires the commands together; each group lives in its own package
(publish/site, enews, deploy, network, ita, bench), and what they share in options.py.
Content mistakes print one line each (``path: Field: what is wrong``) and exit 1;
a Python traceback means a bug in prsite, never a mistake in content/.
"""

from __future__ import annotations

import click

from . import pipeline
from .bench.commands import bench
from .deploy.commands import deploy, rollback
from .enews.commands import enews
from .ita.commands import ita
from .network.commands import network
from .site.commands import build, check, new, serve
from .options import plural
from .site.status import status


class _Commands(click.Group):
    """Any command: a bad setting (pipeline.load_settings) is one line each, then exit 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except pipeline.SettingsError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(f"{plural(len(error.problems), 'setting')} to fix first (the lines above; "
                                       "docs/settings.md)") from None


@click.group(cls=_Commands)
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


main.add_command(build)
main.add_command(check)
main.add_command(new)
main.add_command(serve)
main.add_command(bench)
main.add_command(network)
main.add_command(ita)
main.add_command(status)
main.add_command(deploy)
main.add_command(rollback)
main.add_command(enews)
