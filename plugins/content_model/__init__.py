"""content_model: read and validate everything the PR officer writes.

Hooks
    initialized               defaults and checks of every plugin (plugins.manifest.configure);
                              hidden files ignored
    readers_init              Markdown goes through PrsiteMarkdownReader; other formats are off
    get_generators            start each run (build, check, autoreload) with no problems, and
                              open the reading cache (cache.py: unchanged files are not parsed again)
    article_generator_preread before the first news file: a second process reads ahead the later
                              half of the news files the cache lacks (cache.py)
    article_generator_pretaxonomy  news newest first, items of the same time by file path (Pelican
                              reads files in an order that changes from run to run); scheduled
                              items (dated after "now") wait as drafts; expired
                              announcements become hidden: their page stays (and the BE-year
                              archives list it), current listings and feeds drop them
    static_generator_finalized  hidden files and folders, and links leading outside content/,
                              are never copied to output/ (one warning per skipped path)
    article_generator_finalized  every section, and every tag of an expired item, keeps its page
                              and feeds when nothing in it is current; sections in
                              CONTENT_MODEL_CATEGORIES order, not alphabetical
    all_generators_finalized  cross-file checks (Schools ids, slug collisions)
    get_writer                save the reading cache (with what plugins remembered of each item);
                              the last moment before writing: stop with ContentError if
                              any plugin reported an error (all of them have read by now)

Other plugins add content kinds with ``schema.register_kind`` (a kind that owns a folder is read by
a subclass of ``generator.KindGenerator``), and find content with
``all_content(generators)`` (drafts too) or ``published_content(generators)`` (what gets a page),
and news with ``published_news(context)`` (current and expired) or ``expired_news(context)``.
``read_source(path)`` gives a file's header fields with their line numbers, and its text with the
officer's notes to self blanked, as the reader sees them (PII guard, e-news).
"""

from __future__ import annotations

import os
from collections import defaultdict

from pelican import signals
from pelican.utils import file_suffix

from plugins import manifest
from plugins.common import problem, report, warning

from . import cache
from .reader import PrsiteMarkdownReader, Source, read_source  # noqa: F401  (public API)
from .schema import HIDDEN, unpublishable_part
from .schema import KINDS, NEWS, PAGE, Field, Kind, register_kind  # noqa: F401  (public API)

HIDDEN_NAMES = ".*"  # an IGNORE_FILES pattern: .git, .env, .htpasswd, .DS_Store, .draft.md
# Generator attributes holding content objects, published or not; and those that get a page
# (listed news, expired news, pages, and plugin kinds such as disclosures and e-news issues).
CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages", "items")
PUBLISHED_LISTS = ("articles", "hidden_articles", "pages", "hidden_pages", "items")


def configure(pelican) -> None:
    # No generator reads or copies a hidden file or folder. Pelican's default ('**/.*') is matched
    # against bare names, which have no '/', so it never matches: '.*' does.
    if HIDDEN_NAMES not in pelican.settings["IGNORE_FILES"]:
        pelican.settings["IGNORE_FILES"] = [*pelican.settings["IGNORE_FILES"], HIDDEN_NAMES]


def use_prsite_reader(readers) -> None:
    for extension in PrsiteMarkdownReader.file_extensions:
        readers.reader_classes[extension] = PrsiteMarkdownReader
    for extension in ("rst", "html", "htm"):
        readers.reader_classes.pop(extension, None)


def start_run(pelican) -> None:
    report.reset(os.path.dirname(pelican.settings["PATH"]))
    cache.start(pelican.settings)


def read_news_ahead(generator) -> None:
    """Sent before each news file is read; the cache acts on the first (cache.read_ahead)."""
    settings = generator.settings
    if not cache.reading_ahead_decided():
        paths = [os.path.abspath(os.path.join(generator.path, name))
                 for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])]
        readers = generator.readers.readers
        cache.read_ahead([path for path in paths if isinstance(readers.get(file_suffix(path)), PrsiteMarkdownReader)],
                         lambda path: readers[file_suffix(path)].read(path))


def build_now(settings: dict):
    """CONTENT_MODEL_NOW, or thaitext.now(): PRSITE_NOW or the real time in Thailand."""
    from plugins.thai_text import thaitext

    pinned = settings["CONTENT_MODEL_NOW"]
    return thaitext.parse_date(pinned) if pinned else thaitext.now()


def order_news(generator) -> None:
    for items in (generator.articles, generator.drafts):
        items.sort(key=lambda item: (item.date, item.source_path), reverse=True)  # as KindGenerator's items


def schedule_and_expire(generator) -> None:
    """Scheduled news is published by the first build on or after its date (e.g. a daily cron);
    an announcement is current through its Expires day and hidden from the day after."""
    now = build_now(generator.settings)
    current = []
    for article in generator.articles:
        expires = getattr(article, "expires", None)
        if article.date > now:
            article.scheduled = True
            article.status = "draft"  # so it is written nowhere (DRAFT_SAVE_AS), not only left out of lists
            generator.drafts.append(article)
        elif expires and expires.date() < now.date():
            article.expired = True
            generator.hidden_articles.append(article)
        else:
            current.append(article)
    generator.articles[:] = current


def hidden_paths(root: str) -> list[str]:
    """Every hidden file or folder under ``root`` (relative), without looking inside hidden folders."""
    found = []
    for folder, dirs, files in os.walk(root):
        found += sorted(os.path.relpath(os.path.join(folder, name), root)
                        for name in dirs + files if name.startswith("."))
        dirs[:] = [name for name in dirs if not name.startswith(".")]
    return found


def keep_unpublishable_files_out(generator) -> None:
    """Static files (STATIC_PATHS, and files linked with {static}) that are hidden or lead outside
    content/ through a symlink or '..' are dropped here, before any generator copies them. One
    warning names each skipped folder or file (not every file inside it), including the hidden
    ones anywhere in content/ that IGNORE_FILES kept every generator from reading."""
    root, kept = generator.settings["PATH"], []
    linked = generator.context["static_links"]  # each is an error on the page that links it (check_static_links)
    skipped = {relative: HIDDEN for relative in hidden_paths(root) if relative not in linked}
    for static in generator.staticfiles:
        relative = os.path.relpath(static.source_path, root)
        found = unpublishable_part(root, relative)
        if not found:
            kept.append(static)
        elif relative.replace(os.sep, "/") not in linked:
            skipped.setdefault(found[0], found[1])
    generator.staticfiles[:] = kept  # the same list as context["staticfiles"], which is what gets copied
    for part, reason in sorted(skipped.items()):
        warning(os.path.join(root, part), "file", f"skipped ({reason})")


def keep_sections_and_tags(generator) -> None:
    """Time passing never turns a published address into a 404: every section keeps its page and
    feeds with no current news (e.g. all its announcements expired), and so does every tag of an
    expired announcement. Their pages say nothing is current and link to the BE-year archives."""
    from pelican.urlwrappers import Category

    settings = generator.settings
    present = {category.name for category, _ in generator.categories}
    for name, slug in settings["CONTENT_MODEL_CATEGORIES"].items():
        if name not in present:
            section = Category(name, settings)
            section.slug = slug
            generator.categories.append((section, []))
    for article in expired_news(generator.context):
        for tag in getattr(article, "tags", None) or []:
            generator.tags.setdefault(tag, [])
    generator.context["tags"] = list(generator.tags.items())  # Pelican's copy of the dict, made before this hook


def order_sections(generator) -> None:
    order = list(generator.settings["CONTENT_MODEL_CATEGORIES"])
    generator.categories.sort(key=lambda pair: order.index(pair[0].name))


def all_content(generators, lists=CONTENT_LISTS):
    """Every content object of every generator, once (API: other plugins call this)."""
    seen = set()
    for generator in generators:
        for name in lists:
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


def published_content(generators):
    """Every content object that gets a page in this build (API)."""
    return all_content(generators, PUBLISHED_LISTS)


def expired_news(context: dict) -> list:
    """Announcements past their Expires day: each keeps its page, current listings drop it (API)."""
    return [item for item in context.get("hidden_articles", []) if getattr(item, "expired", False)]


def published_news(context: dict) -> list:
    """Every news item that has a page, current or expired, newest first (API: archives, ITA evidence)."""
    return sorted([*context.get("articles", []), *expired_news(context)], key=lambda item: item.date, reverse=True)


def check_schools(items, settings) -> None:
    from plugins.pr_network import member_ids

    named = [item for item in items if getattr(item, "schools", None)]
    if not named:
        return
    known = member_ids(settings)
    registry_file = os.path.join("content", settings["PR_NETWORK_MEMBERS_FILE"])
    for item in named:
        for member in item.schools:
            if member not in known:
                problem(item.source_path, "Schools", f"'{member}' is not in {registry_file}")


def separate_slugs(items) -> None:
    """Two items that would be written to the same file: the older keeps the address.

    Titles that romanise alike (ข่าว… / ขาว…) give the same slug; Pelican would
    abort with a traceback. The later item gets -2, -3, ... and a warning.
    """
    by_output = defaultdict(list)
    for item in items:
        if item.save_as:
            by_output[item.save_as].append(item)
    taken = set(by_output)
    for clashing in by_output.values():
        if len(clashing) < 2:
            continue
        clashing.sort(key=lambda i: (getattr(i, "date", None) is None, getattr(i, "date", None) and i.date.timestamp(), i.source_path))
        first = clashing[0]
        for item in clashing[1:]:
            base, number = item.slug, 2
            while True:
                item.slug = f"{base}-{number}"
                if item.save_as not in taken:
                    break
                number += 1
            taken.add(item.save_as)
            item.metadata["slug"] = item.slug
            warning(item.source_path, "Slug", f"'{base}' is also used by {report.display_path(first.source_path)}; "
                    f"this one is published as '{item.slug}' (set Slug: to choose)")


def body_link_publishable(item, link: str, settings: dict) -> bool:
    """False, after one error naming the item, for a file linked from its body (``link`` relative
    to content/) that is hidden or leads outside content/ (API: media checks body images with it)."""
    found = unpublishable_part(settings["PATH"], os.path.normpath(link))
    if found:
        problem(item.source_path, "body", f"'{os.path.normpath(link)}' cannot be published: {found[1]} "
                "(link to a file under content/files/ or content/images/)")
    return found is None


def check_static_links(items, settings) -> None:
    """{static} and {attach} links in bodies make Pelican copy the file: it must be inside content/."""
    for item in items:
        for link in sorted(item.get_static_links()):
            body_link_publishable(item, link, settings)


def finish_reading(generators) -> None:
    settings = generators[0].settings
    items = list(all_content(generators))
    check_schools(items, settings)
    check_static_links(items, settings)
    separate_slugs(items)


def save_reading_cache(pelican) -> None:
    """At get_writer, not earlier: plugins keep what they work out from an item with its entry
    (cache.remembered) up to all_generators_finalized (pii_guard's findings)."""
    cache.finish()


def stop_before_writing(pelican) -> None:
    report.raise_if_errors()


def register() -> None:
    manifest.register_plugin()
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_prsite_reader)
    signals.get_generators.connect(start_run)
    signals.article_generator_preread.connect(read_news_ahead)
    signals.article_generator_pretaxonomy.connect(order_news)
    signals.article_generator_pretaxonomy.connect(schedule_and_expire)
    signals.static_generator_finalized.connect(keep_unpublishable_files_out)
    signals.article_generator_finalized.connect(keep_sections_and_tags)
    signals.article_generator_finalized.connect(order_sections)
    signals.all_generators_finalized.connect(finish_reading)
    signals.get_writer.connect(save_reading_cache)
    signals.get_writer.connect(stop_before_writing)
