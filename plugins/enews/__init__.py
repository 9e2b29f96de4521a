"""enews: the office's e-news (จดหมายข่าวอิเล็กทรอนิกส์), on the website and ready to send.

An issue is ``content/enews/<BE year>-<month>.md``: its number, the editorial (the body) and, by
default, the news of that month marked ``Enews: yes`` (``selection``). Each issue is written as
a web page; the archive lists them all. Its ``email.html`` and ``email.txt`` for mail programs
(``email``) and ``message.json`` for the sender (``prsite enews send``, in publish/) are send-only:
they go to ENEWS_MAIL_PATH (cache/enews/<slug>/), never to output/.

Hooks
    initialized               defaults and checks of every plugin (plugins.manifest.configure)
    get_generators            EnewsGenerator: reads content/enews/, writes the issues and archive
    all_generators_finalized  choose each issue's news (after content_model has settled slugs)

Context for templates and other plugins
    enews_issues   every published issue, newest first (the feeds plugin's "enews" feed);
                   each has ``items`` (its news, in order), ``sections`` ([(category, items)]),
                   ``number``, ``period_start``, ``period_end``, ``period_label``, ``editorial_by``

API for publish/: ``mail_folder(settings)``, ``issue_paths(folder, issue)``; ``UNSUBSCRIBE_TOKEN``; ``render_email``.
"""

from __future__ import annotations

import json
import os
import re
import shutil

from pelican import signals
from pelican.contents import Content, Page

from plugins import manifest
from plugins.common import problem, report, warning
from plugins.content_model import read_source
from plugins.content_model.generator import KindGenerator
from plugins.content_model.schema import (
    SLUG_PATTERN, Context, Field, FieldError, Kind, comma_list, date, register_kind, slug, status, text,
)
from plugins.thai_text import thaitext

from . import selection
from .email import UNSUBSCRIBE_TOKEN, message, render_email  # noqa: F401  (public API)


def issue_number(value: str, ctx: Context) -> str:
    number = re.sub(r"\s", "", thaitext.arabic_digits(value))
    if not re.fullmatch(r"\d{1,3}/(?:25|26)\d\d", number):
        raise FieldError(f"'{value}' is not an issue number (use number/BE year, e.g. 11/2569)")
    return number


def news_slugs(value: str, ctx: Context) -> list[str]:
    slugs = comma_list(value, ctx)
    for item in slugs:
        if not SLUG_PATTERN.match(item):
            raise FieldError(f"'{item}' is not a news slug (the Slug: of a news item, e.g. directors-meeting-11-2569)")
    return list(dict.fromkeys(slugs))


ENEWS = Kind(
    name="enews",
    folder_setting="ENEWS_PATH",
    needs_date=True,
    fields=(
        Field("Title", text, required=True, help="the issue's name", example="จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569"),
        Field("Number", issue_number, required=True, help="number/BE year", example="11/2569"),
        Field("Date", date, required=True, help="publication date", example="2026-11-20"),
        Field("Period_start", date, help="first day of the news it gathers (default: the file's month)"),
        Field("Period_end", date, help="last day of the news it gathers (default: the file's month)"),
        Field("Editorial_by", text, help="who signs the editorial", example="ผู้อำนวยการ สพป.ตาก เขต 1"),
        Field("Picks", news_slugs, help="news slugs to carry instead of the automatic choice, comma-separated"),
        Field("Summary", text, help="one sentence; shown after the subject in the inbox"),
        Field("Slug", slug, help="web address; default: the file name, e.g. 2569-11"),
        Field("Status", status, help="published or draft"),
    ),
)
register_kind(ENEWS)


class Issue(Page):
    mandatory_properties = ("title", "date")
    default_template = "enews_issue"

    def _expand_settings(self, key: str) -> str:
        return Content._expand_settings(self, key, "enews")  # ENEWS_URL, ENEWS_SAVE_AS


def _given(path: str) -> set[str]:
    """Fields the officer wrote with a value (the reader fills in defaults for the others)."""
    return {ENEWS.field(f.name).key for f in read_source(path).fields if f.value and ENEWS.field(f.name)}


def _complete(issue, settings) -> None:
    """Slug and period from the file name unless written; one line per thing missing."""
    path = issue.source_path
    stem = os.path.splitext(os.path.basename(path))[0]
    given = _given(path)
    if "slug" not in given:
        if SLUG_PATTERN.match(stem):
            issue.slug = issue.metadata["slug"] = stem
        else:
            problem(path, "Slug", f"missing, and the file name '{stem}' is not a slug "
                    "(name the file like 2569-11.md, or add a line 'Slug: 2569-11')")
    month = selection.month_of(stem)
    for field, index in (("period_start", 0), ("period_end", 1)):
        value = getattr(issue, field, None)
        if value is not None:
            setattr(issue, field, selection.local_day(value))
        elif month:
            setattr(issue, field, month[index])
        elif field not in given:  # a value that did not parse is already reported
            example = "2026-11-01" if index == 0 else "2026-11-30"
            problem(path, field.capitalize(), f"missing (the file name '{stem}' names no month; name the file "
                    f"<BE year>-<month>.md, e.g. 2569-11.md, or add a line '{field.capitalize()}: {example}')")
    start, end = getattr(issue, "period_start", None), getattr(issue, "period_end", None)
    if start and end and end < start:
        problem(path, "Period_end", f"'{end.isoformat()}' is before Period_start '{start.isoformat()}'")
    elif start and end:  # only an issue with a period chooses news (choose_news)
        issue.period_label = selection.period_label(start, end, settings["THAI_TEXT_DIGITS"])


class EnewsGenerator(KindGenerator):
    """Reads content/enews/; writes each issue's web page and the archive into output/, and its
    email.html, email.txt and message.json into ENEWS_MAIL_PATH."""

    kind, content_class, context_key, item_name = ENEWS, Issue, "enews_issues", "issue"

    def complete(self, issue) -> None:
        _complete(issue, self.settings)
        issue.items, issue.sections = [], []  # chosen once every news item is read (choose_news)

    def check(self, issues) -> None:
        _check_numbers(issues)

    def generate_output(self, writer):
        settings, relative = self.settings, self.settings["RELATIVE_URLS"]
        mail = mail_folder(settings)
        for folder in _issue_folders(mail):  # an issue deleted or made draft since is not sendable any more
            shutil.rmtree(folder, ignore_errors=True)
        self.write_pages(writer)
        for issue in self.items:
            self._write_email(issue, os.path.join(mail, issue.slug))
        writer.write_file(settings["ENEWS_INDEX_SAVE_AS"], self.get_template("enews_index"), self.context,
                          issues=self.items, relative_urls=relative, url=settings["ENEWS_INDEX_URL"])

    def _write_email(self, issue, folder: str) -> None:
        markup, plain = render_email(issue, issue.items, self.settings, self.env)
        facts = message(issue, markup, self.settings)
        limit = self.settings["ENEWS_MAX_EMAIL_BYTES"]
        if facts["bytes"] > limit:
            # An error: Gmail would cut the message, unsubscribe link and all; nothing is left to send.
            problem(issue.source_path, "email.html", f"{facts['bytes']:,} bytes, over ENEWS_MAX_EMAIL_BYTES "
                    f"({limit:,}); Gmail clips larger messages (carry fewer news with Picks:, or shorten the editorial)")
            return
        os.makedirs(folder, exist_ok=True)
        for name, data in (("email.html", markup), ("email.txt", plain),
                           ("message.json", json.dumps(facts, ensure_ascii=False, indent=2) + "\n")):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
                handle.write(data)


def _check_numbers(issues) -> None:
    seen = {}
    for issue in reversed(issues):  # oldest first: the later issue is the one to fix
        number = getattr(issue, "number", None)
        if number in seen:
            problem(issue.source_path, "Number", f"'{number}' is also the number of {report.display_path(seen[number])}")
        elif number:
            seen[number] = issue.source_path


def choose_news(generators) -> None:
    """Each issue's news, now that every item is read and slugs are final (content_model)."""
    enews = next((g for g in generators if isinstance(g, EnewsGenerator)), None)
    if enews is None:
        return
    context, settings = enews.context, enews.settings
    # An announcement that has expired since is still in the issues it was current for.
    expired = [a for a in context.get("hidden_articles", []) if getattr(a, "expired", False)]
    published = context.get("articles", []) + expired
    unpublished = {d.slug: d for d in context.get("drafts", [])}
    news = selection.News(published)
    for issue in enews.items:
        if getattr(issue, "picks", None):
            items, unknown = news.picked(issue.picks)
            for name in unknown:
                problem(issue.source_path, "Picks", _not_published(name, unpublished.get(name)))
        elif getattr(issue, "period_label", None):
            items = news.automatic(issue.period_start, issue.period_end, selection.local_day(issue.date))
            if not items:
                warning(issue.source_path, "Picks", f"none, and no news from {issue.period_start.isoformat()} to "
                        f"{issue.period_end.isoformat()} is for the e-news (the issue has only its editorial)")
        else:
            items = []
        issue.sections = selection.in_sections(items, settings["CONTENT_MODEL_CATEGORIES"])
        issue.items = [item for _, group in issue.sections for item in group]


def _not_published(name: str, draft) -> str:
    if draft is None:
        return f"'{name}' is not the slug of any published news item"
    if getattr(draft, "scheduled", False):
        return f"'{name}' is not published yet (its Date: is {selection.local_day(draft.date).isoformat()})"
    return f"'{name}' is a draft (publish it, or take it out of Picks)"


# --- for publish/ (prsite enews build / preview / send) ---------------------------------------------

def mail_folder(settings: dict) -> str:
    """The absolute folder the build writes the issues' e-mail files into (ENEWS_MAIL_PATH)."""
    return os.path.join(os.path.dirname(settings["PATH"]), settings["ENEWS_MAIL_PATH"])


def issue_paths(mail_dir: str, issue: str) -> dict:
    """Paths of an issue's email.html, email.txt and message.json in the mail folder of a build.

    ``issue`` is its slug (2569-11), its file (content/enews/2569-11.md) or its number (11/2569).
    Raises ValueError naming the issues that are built when there is no such issue.
    """
    wanted = os.path.splitext(os.path.basename(issue))[0]
    number = re.sub(r"\s", "", thaitext.arabic_digits(issue))
    built = []
    for found in sorted(_built(mail_dir), key=lambda facts: facts["issue"], reverse=True):
        folder = os.path.dirname(found["path"])
        if wanted == found["issue"] or number == found["number"]:
            return {"html": os.path.join(folder, found["html"]), "text": os.path.join(folder, found["text"]),
                    "message": found["path"]}
        built.append(f"{found['issue']} ({found['number']})")
    if not built:
        raise ValueError(f"{issue}: no e-news issue is built in {mail_dir} (run prsite build first)")
    raise ValueError(f"{issue}: no such e-news issue in {mail_dir} (built: {', '.join(built)})")


def _issue_folders(mail_dir: str):
    """The folder of each issue in the mail folder (the ones holding a message.json)."""
    for folder, _, files in os.walk(mail_dir):
        if "message.json" in files:
            yield folder


def _built(mail_dir: str):
    """message.json of each issue in the mail folder; ValueError for one that is not the build's."""
    for folder in _issue_folders(mail_dir):
        path = os.path.join(folder, "message.json")
        try:
            with open(path, encoding="utf-8") as handle:
                facts = json.load(handle)
            usable = all(isinstance(facts[key], str) for key in ("issue", "number", "html", "text"))
        except (OSError, ValueError, KeyError, TypeError):
            usable = False
        if not usable:
            raise ValueError(f"{path}: is damaged (run prsite build again)")
        yield {**facts, "path": path}


def register() -> None:
    manifest.register_plugin(EnewsGenerator)
    signals.all_generators_finalized.connect(choose_news)
