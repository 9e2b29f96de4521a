"""ita: the ITA/OIT checklist (การเปิดเผยข้อมูลสาธารณะตามแบบตรวจ OIT) of the current fiscal year.

The officer keeps one file per fiscal year, ``content/ita/<year>.yml`` (``checklist.py``): the
NACC's O-items and, for each, the pages, disclosure categories, news sections or tags that
provide it; a disclosure whose ``Oit:`` lists the code provides it too. ``coverage.py`` matches
the two. The site shows, and the build checks, one file: ITA_FISCAL_YEAR, or the newest.

Hooks
    initialized               defaults and checks of every plugin (plugins.manifest.configure)
    all_generators_finalized  load the checklist, match it against what this run published,
                              warn for each item nothing provides (an error under --strict)
    get_generators            ItaGenerator: the checklist page (ITA_SAVE_AS, template ``ita``)

Context for templates and other plugins
    ita    the Coverage of the checklist (rows, satisfied, missing, groups, fiscal_year);
           absent when content/ita/ has no checklist

API for publish/ (``prsite ita report``): ``last_site()``, what the last run published, and
``check(path, site)``, which makes the page's Coverage of any year's file.
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.generators import Generator

from plugins import manifest
from plugins.common import problem, report, warning
from plugins.content_model import published_news

from . import checklist as checklists
from .coverage import Coverage, Site, coverage, unknown_references

MISSING = "no page, disclosure or tag provides it (ยังไม่มีข้อมูล)"


def check_settings(settings: dict) -> list[tuple[str, str]]:
    """(setting, message) for each bad ITA_* value (plugins.manifest.complete_settings)."""
    year = settings["ITA_FISCAL_YEAR"]
    if year is not None and not (isinstance(year, int) and 2500 <= year <= 2699):
        return [("ITA_FISCAL_YEAR", f"{year!r} is not a Buddhist-era fiscal year "
                 "(e.g. 2570, or None for the newest file in content/ita/)")]
    return []


def site_of(context: dict, settings: dict) -> Site:
    return Site(
        pages=tuple(context.get("pages", [])) + tuple(context.get("hidden_pages", [])),
        disclosures=tuple(context.get("disclosures", [])),
        news=tuple(published_news(context)),  # an expired announcement's page is still evidence
        news_categories=tuple(settings["CONTENT_MODEL_CATEGORIES"]),
        base_url=settings["OFFICE_SITE_URL"],
    )


def check(path: str, site: Site) -> Coverage | None:
    """The coverage of the checklist in ``path`` (None if the file has mistakes, each reported);
    names in it that nothing on the site has are warnings."""
    loaded = checklists.load(path)
    if loaded is None:
        return None
    for field, message in unknown_references(loaded, site):
        warning(path, field, message)
    return coverage(loaded, site)


class _Run:
    """What the last run (build, check or autoreload) published; replaced on every run."""

    def __init__(self) -> None:
        self.site: Site | None = None


_run = _Run()


def last_site() -> Site | None:
    return _run.site


def check_checklist(generators) -> None:
    settings, context = generators[0].settings, generators[0].context
    _run.site = site = site_of(context, settings)
    found = checklists.files(settings)
    year = settings["ITA_FISCAL_YEAR"] or max(found, default=None)
    if year is None:
        return
    if year not in found:
        expected = report.display_path(os.path.join(settings["PATH"], settings["ITA_PATH"], f"{year}.yml"))
        problem("pelicanconf.py", "ITA_FISCAL_YEAR", f"{expected} does not exist "
                "(write it, or set ITA_FISCAL_YEAR = None to use the newest checklist)")
        return
    result = check(found[year], site)
    if result is None:
        return
    for row in result.missing:
        warning(found[year], row.item.code, MISSING)
    context["ita"] = result


class ItaGenerator(Generator):
    """Writes the checklist page in Pelican's output phase, so it is an ordinary themed page."""

    def generate_output(self, writer):
        if "ita" in self.context:
            writer.write_file(self.settings["ITA_SAVE_AS"], self.get_template("ita"), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=self.settings["ITA_URL"])


def register() -> None:
    manifest.register_plugin(ItaGenerator)
    signals.all_generators_finalized.connect(check_checklist)
