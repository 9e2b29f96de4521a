"""page_cache: a rebuild renders again only the news and listing pages whose inputs changed.

A news page is rendered from a *closed context*: the values article.html (and what it extends
and imports) reads, copied out of the item and the build into plain namespaces (``closed_news``),
and nothing else. So is each page of a paginated section, tag or "all news" listing
(``closed_listing``: its cards, the addresses of the pages it links, its group, its feed); the
first page of index.html is the home page, which shows the whole site, and is always rendered
as Pelican renders it. The template is rendered by an overlay of the site's Jinja environment whose
undefined is StrictUndefined, whose globals are only Jinja's own, ``office`` and a ``feeds_for``
that answers only for the page's own feed, and whose two
filters that look beyond their arguments (media's ``picture`` and ``responsive_images``) answer
only for the photos of the closed context. A template that reads anything else fails the closed
render; that page is then rendered as Pelican renders it, with the whole site's context, is never
kept, and a note names it (an office's own templates may show more). tests/test_page_cache.py
builds the sample site with and without this plugin and compares every file.

So a page's bytes are a function of its closed context, the template sources, the settings and
prsite's code, and its *fingerprint* is a hash of exactly these (with the photos' renditions and
the office as publisher, which ``news_ld`` reads). The record (PAGE_CACHE_PATH, one JSON file per
output folder, written atomically at ``finalized``) holds each page's fingerprint, size,
modification time and SHA-256. When a news page's fingerprint is the recorded one and the page in the
folder being replaced is intact (same size and time, or same size and SHA-256), that file is
hard-linked (or copied) into the new tree instead of rendering; otherwise the page is rendered,
and if its bytes are those of the previous file, that file is linked instead, so it keeps its time.
A listing page is written by Pelican's writer, with the previous file's text when it can be kept
(the build gives an unchanged file its previous time afterwards).
A missing, damaged or foreign record means every page is rendered; it never stops a build.

Hooks
    initialized  the last build's written pages forgotten
    get_writer   PageKeepingWriter (Pelican's writer; news and listing pages go through the closed render)
    finalized    the record saved; "news pages: N rendered, M kept" and "listing pages: ..." noted

API: ``replacing(folder)``, the output folder the build will replace (publish/pipeline.py);
without it, OUTPUT_PATH itself (a plain ``pelican`` run). ``written_pages()``, the size, time and
SHA-256 of each page this build wrote (search: a page whose bytes it indexed before is not read
again).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace

import jinja2
from jinja2.defaults import DEFAULT_NAMESPACE
from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from plugins import manifest
from plugins.common import report
from plugins.content_model.cache import fingerprint as code_and_settings
from plugins.media import body_photos, picture_for, responsive_images

RECORD_VERSION = 1
NEWS_TEMPLATE = "article.html"
# Paginated listings of news cards: template -> (the feed scope it links, the context value naming
# its group). The first page of index.html is the home page, which shows the whole site: never kept.
LISTING_TEMPLATES = {"category.html": ("category", "category"), "tag.html": ("tag", "tag"), "index.html": ("all", None)}
# The names article.html reads from its context (besides ``article``), and what each page fills in.
SITE_NAMES = ("THEME_STATIC_DIR", "SEARCH_URL", "site_menu", "last_updated")
# Fields of an item that news_card (related news) and news_ld read; the page's own item reads
# these and PAGE_FIELDS. ``category`` and ``tags`` are (name, url) namespaces.
CARD_FIELDS = ("title", "url", "date", "modified", "expires", "expired", "excerpt", "image", "image_alt",
               "share_image")
PAGE_FIELDS = ("image_caption", "gallery", "attachments")
LISTING_NAMES = (*SITE_NAMES, "ARCHIVES_URL")


def _absent(name: str) -> jinja2.Undefined:
    """What the site's environment gives for a missing attribute: empty and false, as always."""
    return jinja2.Undefined(name=name)


def _fields(item, names) -> dict:
    return {name: getattr(item, name) if hasattr(item, name) else _absent(name) for name in names}


def _link(wrapper) -> SimpleNamespace:
    return SimpleNamespace(name=wrapper.name, url=wrapper.url)


def _card(item) -> SimpleNamespace:
    return SimpleNamespace(**_fields(item, CARD_FIELDS), category=_link(item.category))


def _neighbour(item) -> SimpleNamespace | None:
    return SimpleNamespace(title=item.title, url=item.url) if item is not None else None


def _site_values(context: dict, names) -> dict:
    """The values of the build every page shows (menu, footer date, settings), copied."""
    menu = context.get("site_menu")
    closed = {name: context[name] if name in context else _absent(name) for name in names}
    if menu is not None:
        closed["site_menu"] = {
            "sections": [dict(section) for section in menu["sections"]],
            "pages": [SimpleNamespace(title=page.title, url=page.url) for page in menu["pages"]],
            "footer_pages": [SimpleNamespace(title=page.title, url=page.url) for page in menu["footer_pages"]],
        }
    return closed


def closed_news(article, content: str, context: dict, output_file: str, siteurl: str) -> dict:
    """Every value a news page shows, and nothing else: the context its template is rendered with."""
    closed = _site_values(context, SITE_NAMES)
    item = _card(article)
    item.__dict__.update(_fields(article, PAGE_FIELDS))
    item.content = content
    item.tags = [_link(tag) for tag in getattr(article, "tags", None) or ()]
    item.older = _neighbour(getattr(article, "older", None))
    item.newer = _neighbour(getattr(article, "newer", None))
    item.related = [_card(other) for other in getattr(article, "related", None) or ()]
    return {**closed, "article": item, "SITEURL": siteurl, "output_file": output_file}


@dataclass(frozen=True)
class ClosedListingPage:
    """One page of a paginated listing as listing.html and pagination.html read it: its cards, and
    the addresses of the pages the pagination links (the others are not in the closed context)."""

    number: int
    num_pages: int
    object_list: tuple
    urls: tuple  # (page number, address) of the first, the last, and three on each side of this one

    @property
    def paginator(self):
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def page(self, number: int) -> SimpleNamespace:
        url = dict(self.urls).get(number)
        if url is None:
            raise jinja2.UndefinedError(f"page_cache: page {number} of the listing is not in the closed context")
        return SimpleNamespace(url=url)


def closed_listing(context: dict, group: str | None) -> dict | None:
    """Every value a page of a listing shows (``context`` is the one Pelican renders it with);
    None for the home page, and for a listing not paginated (PAGINATED_TEMPLATES)."""
    page = context.get("articles_page")
    if page is None or (group is None and page.number == 1):
        return None
    paginator = page.paginator
    numbers = {1, paginator.num_pages, *range(page.number - 3, page.number + 4)}
    urls = tuple((number, paginator.page(number).url) for number in sorted(numbers) if 1 <= number <= paginator.num_pages)
    closed = _site_values(context, LISTING_NAMES)
    closed["articles_page"] = ClosedListingPage(page.number, paginator.num_pages,
                                                tuple(_card(item) for item in page.object_list), urls)
    for name in ("articles_previous_page", "articles_next_page"):
        closed[name] = SimpleNamespace(url=context[name].url) if context[name] else None
    if group is not None:
        wrapper = context[group]
        closed[group] = SimpleNamespace(name=wrapper.name, slug=wrapper.slug, url=wrapper.url)
    return {**closed, "SITEURL": context["SITEURL"], "output_file": context["output_file"]}


def _pictures(paths) -> dict:
    return {path: picture_for(path) for path in paths if isinstance(path, str) and path}


def photos_of(closed: dict, office) -> dict:
    """Every photo the page may show (a news page's lead, related news', body's; a listing's
    cards' and the office logo its social card shows), with its renditions."""
    if "articles_page" in closed:
        return _pictures([office.get("logo_png"), *(card.image for card in closed["articles_page"].object_list)])
    article = closed["article"]
    return _pictures([article.image, *(card.image for card in article.related), *body_photos(article.content)])


class ClosedRenderer:
    """Templates rendered by an environment that sees only a page's closed context."""

    def __init__(self, env: jinja2.Environment, settings: dict):
        self.photos: dict = {}
        self.feeds: dict = {}  # (scope, key) -> feeds_for's answer, for the page being rendered
        self.site_feeds_for = env.globals.get("feeds_for")
        # Its own template cache: the site's holds templates bound to the site's environment.
        closed = env.overlay(undefined=jinja2.StrictUndefined, cache_size=100)
        closed.globals = {**DEFAULT_NAMESPACE, "office": env.globals["office"], "feeds_for": self.feeds_for}
        closed.filters = {**env.filters, "picture": self.picture, "responsive_images": self.responsive_images}
        self.env = closed
        organization = env.globals["organization_ld"]()
        sources = sorted((name, env.loader.get_source(env, name)[0]) for name in env.list_templates())
        # Hashed once: the templates and settings are the same for every page of the build.
        self.site = hashlib.sha256(repr((code_and_settings(settings), jinja2.__version__, env.globals["office"],
                                         organization, sources)).encode()).hexdigest()

    def feeds_for(self, scope: str, key: str = "") -> list:
        if (scope, key) not in self.feeds:
            raise jinja2.UndefinedError(f"page_cache: the feed {scope} {key!r} is not in the page's closed context")
        return self.feeds[scope, key]

    def feeds_of(self, template: str, closed: dict) -> dict:
        """The discovery links a listing shows: its own feed's."""
        if template not in LISTING_TEMPLATES or self.site_feeds_for is None:
            return {}
        scope, group = LISTING_TEMPLATES[template]
        key = closed[group].slug if group else ""
        return {(scope, key): self.site_feeds_for(scope, key)}

    def picture(self, path):
        if not path:
            return None
        if path not in self.photos:
            raise jinja2.UndefinedError(f"page_cache: the photo {path!r} is not in the page's closed context")
        return self.photos[path]

    def responsive_images(self, markup: str, siteurl: str) -> str:
        macro = self.env.get_template("components/picture.html").module.picture
        return responsive_images(markup, siteurl, macro, self.picture)

    def fingerprint(self, template: str, closed: dict) -> str:
        """A hash of everything the page's bytes are made from; sets the photos and feeds it may show."""
        self.photos, self.feeds = photos_of(closed, self.env.globals["office"]), self.feeds_of(template, closed)
        return hashlib.sha256(repr((self.site, template, sorted(closed.items(), key=lambda kv: kv[0]),
                                    sorted(self.photos.items()), sorted(self.feeds.items()))).encode()).hexdigest()

    def render(self, template: str, closed: dict) -> str:
        return self.env.get_template(template).render(closed)


class _Run:
    """The record of the folder being replaced, and this build's, page by page."""

    def __init__(self, settings: dict, output: str):
        project = os.path.dirname(settings["PATH"])
        key = hashlib.sha256(os.path.abspath(output).encode()).hexdigest()[:16]
        self.path = os.path.join(project, settings["PAGE_CACHE_PATH"], f"{key}.json")
        self.output = os.path.abspath(output)
        self.previous = _load(self.path, self.output)
        self.pages: dict[str, list] = {}
        self.rendered = self.kept = 0
        self.listings_rendered = self.listings_kept = 0
        self.open_pages: list[str] = []  # rendered with the whole site's context, so never kept

    def save(self) -> None:
        record = {"version": RECORD_VERSION, "output": self.output, "pages": self.pages}
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(self.path), suffix=".tmp",
                                             delete=False, encoding="utf-8") as handle:
                json.dump(record, handle)
            os.replace(handle.name, self.path)
        except OSError:
            pass  # the next build renders every page: slower, never wrong


def _load(path: str, output: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            record = json.load(handle)
        if record["version"] == RECORD_VERSION and record["output"] == output and isinstance(record["pages"], dict):
            return {name: entry for name, entry in record["pages"].items() if _well_formed(entry)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return {}


def _well_formed(entry) -> bool:
    """[fingerprint, size, modification time in ns, SHA-256], as _Run records a page."""
    return (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str) and isinstance(entry[3], str)
            and all(isinstance(number, int) and not isinstance(number, bool) for number in entry[1:3]))


def _intact(path: str, recorded) -> bool:
    """Whether the file at ``path`` is the one recorded: same size and time, or same size and bytes."""
    try:
        _fingerprint, size, mtime_ns, digest = recorded
        found = os.stat(path)
        if found.st_size != size:
            return False
        if found.st_mtime_ns == mtime_ns:
            return True
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == digest
    except (OSError, ValueError, TypeError):
        return False


def _recorded_text(path: str, recorded) -> str | None:
    """The text of the file at ``path`` if its bytes are the ones recorded (read once: a kept listing
    page's time is not the recorded one, the build gives it the previous file's)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if len(data) == recorded[1] and hashlib.sha256(data).hexdigest() == recorded[3]:
            return data.decode("utf-8")
    except (OSError, ValueError, TypeError, IndexError):
        pass
    return None


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _place(previous: str, path: str) -> None:
    """The previous build's file at ``path``: a hard link where possible, a copy with its time otherwise."""
    if os.path.abspath(previous) == os.path.abspath(path):
        return  # a plain pelican run writes over its own output
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        os.link(previous, path)
    except OSError:
        shutil.copy2(previous, path)


_replacing: str | None = None
_run: _Run | None = None
_written: dict[str, tuple[int, int, str]] = {}  # this build's pages, once its record is saved


def written_pages() -> dict[str, tuple[int, int, str]]:
    """The news and listing pages this build wrote: path in the output -> (size, modification time in
    ns, SHA-256) of the file as written (API, from ``finalized`` on: page_cache comes before search
    in the manifest). Empty before, and when the plugin is not in PLUGINS. A file whose size or time
    is no longer these was changed since."""
    return dict(_written)


def forget_written(_pelican) -> None:
    """A new build (also of another site in the same process) starts with nothing written."""
    _written.clear()


@contextmanager
def replacing(folder: str):
    """Builds inside the ``with`` replace ``folder``: unchanged pages are taken from it (API)."""
    global _replacing
    _replacing = folder
    try:
        yield
    finally:
        _replacing = None


class PageKeepingWriter(Writer):
    """Pelican's writer; news and listing pages go through ClosedRenderer, or are kept from the last build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        global _run
        _run = _Run(settings, _replacing or output_path)
        self.renderer: ClosedRenderer | None = None

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if template.name in LISTING_TEMPLATES and name:
            listing = ListingTemplate(self, template)
            super().write_file(name, listing, context, relative_urls=relative_urls, paginated=paginated,
                               template_name=template_name, override_output=override_output, url=url, **kwargs)
            for page_name, (stamp, digest) in listing.stamps.items():
                written = os.stat(sanitised_join(self.output_path, page_name))
                _run.pages[page_name] = [stamp, written.st_size, written.st_mtime_ns, digest]
            return None
        article = kwargs.get("article")
        if (template.name != NEWS_TEMPLATE or article is None or override_output or paginated
                or not name or getattr(article, "template", None) != "article"
                or sanitised_join(self.output_path, name) in self._written_files):  # Pelican's error
            return super().write_file(name, template, context, relative_urls=relative_urls, paginated=paginated,
                                      template_name=template_name, override_output=override_output, url=url,
                                      **kwargs)
        siteurl = path_to_url(get_relative_path(name)) if relative_urls else context.get("SITEURL", "")
        content = article.get_content(siteurl if relative_urls else article.get_siteurl())
        closed = closed_news(article, content, context, name, siteurl)
        stamp = self.closed_renderer(template).fingerprint(NEWS_TEMPLATE, closed)
        path = sanitised_join(self.output_path, name)
        previous = sanitised_join(_run.output, name)
        recorded = _run.previous.get(name)
        if recorded is not None and recorded[0] == stamp and _intact(previous, recorded):
            _place(previous, path)
            digest = recorded[3]
            _run.kept += 1
        else:
            try:
                data = self.renderer.render(NEWS_TEMPLATE, closed).encode("utf-8")
            except jinja2.UndefinedError as error:  # an office's template that shows more: render it as Pelican does
                _run.open_pages.append(f"{name} ({error.message})")
                return super().write_file(name, template, context, relative_urls=relative_urls, url=url, **kwargs)
            digest = hashlib.sha256(data).hexdigest()
            if _same_bytes(previous, data):
                _place(previous, path)  # keeps its time: rsync moves only what changed
            else:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as handle:
                    handle.write(data)
            _run.rendered += 1
        self._written_files.add(path)  # as Pelican's own writes: a second page at this address is an error
        written = os.stat(path)
        _run.pages[name] = [stamp, written.st_size, written.st_mtime_ns, digest]
        signals.content_written.send(path, context=closed)

    def closed_renderer(self, template) -> ClosedRenderer:
        if self.renderer is None:
            self.renderer = ClosedRenderer(template.environment, self.settings)
        return self.renderer


class ListingTemplate:
    """A listing template as Pelican's writer uses it (``render``, once per page): each page is the
    last build's when its closed context's fingerprint is the recorded one, else rendered from it."""

    def __init__(self, writer: PageKeepingWriter, template: jinja2.Template):
        self.writer, self.template, self.name = writer, template, template.name
        self.stamps: dict[str, tuple[str, str]] = {}  # page -> (fingerprint, SHA-256 of its bytes)

    def render(self, context: dict) -> str:
        name = context["output_file"]
        closed = closed_listing(context, LISTING_TEMPLATES[self.name][1])
        if closed is None:
            return self.template.render(context)
        renderer = self.writer.closed_renderer(self.template)
        stamp = renderer.fingerprint(self.name, closed)
        recorded = _run.previous.get(name)
        text = _recorded_text(sanitised_join(_run.output, name), recorded) if recorded and recorded[0] == stamp else None
        if text is not None:
            _run.listings_kept += 1
        else:
            try:
                text = renderer.render(self.name, closed)
            except jinja2.UndefinedError as error:  # an office's template that shows more
                _run.open_pages.append(f"{name} ({error.message})")
                return self.template.render(context)
            _run.listings_rendered += 1
        self.stamps[name] = (stamp, hashlib.sha256(text.encode("utf-8")).hexdigest())
        return text


def use_writer(pelican):
    # Pelican keeps the receivers of every plugin a process has loaded: only for a site that uses this one.
    return PageKeepingWriter if __name__ in pelican.settings["PLUGINS"] else None


def save_record(_pelican) -> None:
    global _run
    if _run is None:
        return
    _run.save()
    _written.update((name, (entry[1], entry[2], entry[3])) for name, entry in _run.pages.items())
    report.note(f"news pages: {_run.rendered} rendered, {_run.kept} kept from the last build")
    if _run.listings_rendered or _run.listings_kept:
        report.note(f"listing pages: {_run.listings_rendered} rendered, {_run.listings_kept} kept from the last build")
    if _run.open_pages:
        report.note(f"pages: {len(_run.open_pages)} read more than their own values and are rendered on "
                    f"every build, e.g. {_run.open_pages[0]}")
    _run = None


def register() -> None:
    manifest.register_plugin()
    signals.initialized.connect(forget_written)
    signals.get_writer.connect(use_writer)
    signals.finalized.connect(save_record)
