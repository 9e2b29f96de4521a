"""media: photos made fast, upright and private; galleries; share images.

Every photo content uses (lead ``Image:``, ``Gallery:`` folders, images in the body, and
MEDIA_SITE_IMAGES such as the logo) becomes WebP + JPEG renditions at MEDIA_WIDTHS, never
upscaled, with EXIF orientation applied and every byte of metadata (GPS, camera serial,
XMP) dropped. Originals are not copied to output/ unless MEDIA_COPY_ORIGINALS is on.
Each news item gets a 1200×630 share image: a crop of its photo, or a card with its title.

Hooks
    initialized                defaults and checks of every plugin (plugins.manifest.configure)
    static_generator_finalized keep raster originals out of output/
    all_generators_finalized   collect, validate and encode (cached by content hash, all cores); then
                               SVGs leave the static copy and are published sanitised (``svg``)
    generator_init             template filters ``picture`` and ``responsive_images``
    get_generators             MediaGenerator: publishes the renditions into output/

Templates: ``path|picture`` → Picture or None; ``item.gallery`` → [(Picture, caption)];
``item.share_image`` → address of its share image. Other plugins: ``picture_for(path)``,
``body_photos(markup)`` and ``responsive_images(markup, siteurl, macro, lookup)``.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import yaml
from pelican import signals
from pelican.generators import Generator

from plugins import manifest as plugin_manifest
from plugins.common import DataFileError, body_html, load_yaml, problem, report, warning
from plugins.content_model import body_link_publishable, published_content
from plugins.content_model.schema import Context, FieldError, inside_content
from plugins.thai_text import thaitext

from .encode import (CARD_JPEG, RASTER_EXTENSIONS, ImageProblem, Recipe, cache_key, encode, read_manifest,
                     render_card)
from .svg import MAX_BYTES as SVG_MAX_BYTES
from .svg import NotAnSvg, clean_svg

CAPTIONS_FILE = "captions.yml"
# News that gets a page: listed, and hidden (expired). Each gets a share image.
NEWS_LISTS = ("articles", "hidden_articles")


@dataclass
class Picture:
    """One photo's renditions, addressed from the site root."""

    source: str  # relative to content/
    base: str  # "media/<key>/"
    manifest: dict

    @property
    def width(self) -> int:
        return self.manifest["renditions"][-1]["width"]

    @property
    def height(self) -> int:
        return self.manifest["renditions"][-1]["height"]

    def srcset(self, fmt: str, siteurl: str) -> str:
        """'<siteurl>/media/<key>/a-400.webp 400w, ...' for one format."""
        return ", ".join(f"{siteurl}/{self.base}{r['file']} {r['width']}w"
                         for r in self.manifest["renditions"] if r["format"] == fmt)

    def formats(self) -> list[str]:
        return list(dict.fromkeys(r["format"] for r in self.manifest["renditions"]))

    def url(self, fmt: str = "jpeg", width: int = 800) -> str:
        """The rendition of ``fmt`` closest to ``width`` (for <img src> and links)."""
        options = [r for r in self.manifest["renditions"] if r["format"] == fmt]
        best = min(options, key=lambda r: (abs(r["width"] - width), -r["width"]))
        return self.base + best["file"]

    @property
    def largest(self) -> str:
        return self.url("jpeg", 10**6)

    @property
    def share(self) -> str | None:
        return self.base + self.manifest["share"] if self.manifest["share"] else None


class _Run:
    """This build's pictures and cards, reset on every run (autoreload)."""

    def __init__(self):
        self.pictures: dict[str, Picture | None] = {}
        self.files: list[tuple[str, str]] = []  # (cache file, output-relative path)
        self.svgs: list[tuple[bytes, str]] = []  # (sanitised drawing, output-relative path)
        self.cards: _Background | None = None  # share cards being drawn while pages are written

    def reset(self) -> None:
        if self.cards is not None:  # the last build stopped before publishing its cards
            self.cards.cancel()
        self.__init__()


_run = _Run()


def keep_originals_out(generator) -> None:
    """Originals carry GPS and camera serials: only clean renditions are published.
    Gallery caption files are sources too."""
    if generator.settings["MEDIA_COPY_ORIGINALS"]:
        generator.staticfiles[:] = [f for f in generator.staticfiles if not f.source_path.endswith(CAPTIONS_FILE)]
        return
    generator.staticfiles[:] = [f for f in generator.staticfiles
                                if not f.source_path.lower().endswith(RASTER_EXTENSIONS + (CAPTIONS_FILE,))]


# --- what content uses ------------------------------------------------------------------------

INLINE_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"[^>]*>', re.I)


def _content_path(src: str) -> str:
    """'{static}/images/a.jpg', '/images/a.jpg', '../../images/a.jpg' -> 'images/a.jpg'."""
    path = html.unescape(src).replace("{static}", "").replace("{attach}", "")
    while path.startswith(("../", "./", "/")):
        path = path.split("/", 1)[1] if not path.startswith("/") else path[1:]
    return path


def _gallery(item, settings) -> list[tuple[str, str]]:
    """(photo path, caption) for the item's Gallery: folder, in file-name order."""
    folder = item.metadata["gallery"]
    absolute = os.path.join(settings["PATH"], folder)
    photos = sorted(name for name in os.listdir(absolute) if name.lower().endswith(RASTER_EXTENSIONS)
                    and _publishable(f"{folder.rstrip('/')}/{name}", item, "Gallery", settings))
    captions, readable = {}, True
    sidecar = os.path.join(absolute, CAPTIONS_FILE)
    if os.path.isfile(sidecar):
        try:
            loaded = load_yaml(sidecar) or {}
            if not isinstance(loaded, dict) or not all(isinstance(v, (str, int, float)) for v in loaded.values()):
                raise yaml.YAMLError
            captions = {str(k): str(v) for k, v in loaded.items()}
        except DataFileError as error:
            readable = False
            warning(sidecar, "file", str(error), line=error.line)
        except yaml.YAMLError:
            readable = False
            warning(sidecar, "captions", "is not a list of 'file name: caption' lines (see docs/content-guide.md)")
    for name in captions:
        if name not in photos:
            warning(sidecar, name, f"no such photo in {folder}")
    paths = [(f"{folder.rstrip('/')}/{name}", captions.get(name, "")) for name in photos]
    for path, caption in paths:
        if not caption and readable:  # an unreadable captions file is one line, not one per photo
            warning(item.source_path, "Gallery", f"'{path}' has no caption in {CAPTIONS_FILE} "
                    "(describe it for readers who cannot see it)")
    return paths


def _publishable(path: str, item, field: str, settings) -> bool:
    """False, after one error, for a photo that is hidden or leads outside content/ (a symlink in a
    gallery folder, '..' in the body or in MEDIA_SITE_IMAGES): only what is inside content/ is published."""
    where = item.source_path if item is not None else "pelicanconf.py"
    try:
        inside_content(path, Context(settings, where))
    except FieldError as error:
        problem(where, field, str(error))
        return False
    return True


# Images on other sites or inline data, which are not ours to encode.
ELSEWHERE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def _body_image(src: str, item, settings) -> str | None:
    """The content path of a body image, or None if it is not a content file or may not be published.
    As in Pelican's {static} links, './' and '../' paths are relative to the item's own folder and
    '/' paths to content/; a bare path is relative to content/ (images/2569/a.jpg)."""
    written = html.unescape(src)
    if ELSEWHERE.match(written):
        return None
    static = written.startswith(("{static}", "{attach}"))
    written = written.split("}", 1)[1] if static else written
    if written.startswith("/"):
        link = written.lstrip("/")
    elif static or written.startswith(("./", "../")):
        link = os.path.join(os.path.relpath(os.path.dirname(item.source_path), settings["PATH"]), written)
    else:
        link = written
    if not body_link_publishable(item, link, settings):
        return None
    path = os.path.normpath(link).replace(os.sep, "/")
    if path.lower().endswith(RASTER_EXTENSIONS) and os.path.isfile(os.path.join(settings["PATH"], path)):
        return path
    return None


def _uses(items, settings) -> dict[str, list[tuple[object, str]]]:
    """Every photo path used, with the (item, field) that uses it."""
    uses: dict[str, list] = {}
    for path in settings["MEDIA_SITE_IMAGES"]:
        if _publishable(path, None, "MEDIA_SITE_IMAGES", settings):
            uses.setdefault(path, []).append((None, "MEDIA_SITE_IMAGES"))
    for item in items:
        if getattr(item, "image", None):
            uses.setdefault(item.image, []).append((item, "Image"))
        if item.metadata.get("gallery"):
            item.gallery_sources = _gallery(item, settings)
            for path, _ in item.gallery_sources:
                uses.setdefault(path, []).append((item, "Gallery"))
        for src in INLINE_IMAGE.findall(body_html(item)):
            path = _body_image(src, item, settings)
            if path:
                uses.setdefault(path, []).append((item, "body"))
    return uses


# --- encoding -----------------------------------------------------------------------------------

def media_recipe(settings) -> Recipe:
    widths = tuple(sorted(set(settings["MEDIA_WIDTHS"]) | {settings["MEDIA_FULL_WIDTH"]}))
    return Recipe(widths, tuple(settings["MEDIA_QUALITY"].items()), settings["MEDIA_MAX_PIXELS"])


def _stem(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    return re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or thaitext.slugify(stem) or "image"


def _pool(jobs: list, settings) -> ProcessPoolExecutor | None:
    """Worker processes for ``jobs``, or None when they are better run here (one job, one worker).
    Spawned, not forked: a worker needs Pillow and the encoder, not a copy of the whole build's
    memory (a forked worker counts all of it again in the process tree's resident size)."""
    workers = settings["MEDIA_WORKERS"] or os.cpu_count() or 1
    if len(jobs) < 2 or workers == 1:
        return None
    return ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=multiprocessing.get_context("spawn"))


def run_jobs(jobs: list, settings) -> dict:
    """Run (key, function, args) jobs on all cores with a progress bar; returns key -> result or ImageProblem."""
    pool = _pool(jobs, settings)
    if pool is None:
        return {key: _attempt(function, *args) for key, function, args in jobs}
    from rich.progress import Progress

    results = {}
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress, pool:
        task = progress.add_task("images", total=len(jobs))
        futures = {pool.submit(_attempt, function, *args): key for key, function, args in jobs}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            progress.advance(task)
    return results


class _Background:
    """Jobs running while Pelican writes the pages; ``wait`` before using their files.
    ``users`` names, for each job, the files it serves: a job that fails is one error for each."""

    def __init__(self, jobs: list, settings, users: dict[str, list[str]]):
        self.users = users
        self.pool = _pool(jobs, settings)
        self.futures = {}
        for key, function, args in jobs:
            if self.pool is None:
                try:
                    self.futures[key] = _attempt(function, *args)
                except Exception as error:  # as a worker's would be: reported by wait
                    self.futures[key] = error
            else:
                self.futures[key] = self.pool.submit(_attempt, function, *args)

    def wait(self) -> None:
        for key, future in self.futures.items():
            try:
                outcome = future.result() if self.pool is not None else future
            except Exception as error:  # a worker that died, a full disk: one line, never a traceback
                outcome = error
            if isinstance(outcome, Exception):
                for source in self.users.get(key, []):
                    problem(source, "Title", f"its share card could not be drawn ({outcome}); "
                            "build again, and report it if it happens again")
        if self.pool is not None:
            self.pool.shutdown()

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


def _attempt(function, *args):
    try:
        return function(*args)
    except ImageProblem as problem:
        return problem


def process(generators) -> None:
    settings = generators[0].settings
    _run.reset()
    items = list(published_content(generators))
    uses = _uses(items, settings)
    recipe = media_recipe(settings)
    cache = os.path.join(os.path.dirname(settings["PATH"]), settings["MEDIA_CACHE_PATH"])
    articles = {id(a) for g in generators for name in NEWS_LISTS for a in (getattr(g, name, None) or [])}

    jobs, keys, reused = [], {}, 0
    for path, users in sorted(uses.items()):
        absolute = os.path.join(settings["PATH"], path)
        if not os.path.isfile(absolute):
            _refuse(path, users, "does not exist under content/ (check the file name and folder)")
            continue
        size = os.path.getsize(absolute)
        if size > settings["MEDIA_MAX_FILE_BYTES"]:
            _refuse(path, users, f"is {size / 1e6:.1f} MB, over the {settings['MEDIA_MAX_FILE_BYTES'] / 1e6:.0f} MB "
                    "limit (make it smaller or raise MEDIA_MAX_FILE_BYTES)")
            continue
        share = any(id(user) in articles and field == "Image" for user, field in users)
        with open(absolute, "rb") as handle:
            key = cache_key(handle.read(), recipe) + ("-s" if share else "")  # with a share crop or not
        keys[path] = key
        folder = os.path.join(cache, key)
        manifest = read_manifest(folder)
        if manifest is None:
            jobs.append((path, encode, (absolute, folder, _stem(path), recipe, share)))
        else:
            reused += 1
            _accept(path, key, manifest, folder, settings)
    encoded = 0
    for path, result in run_jobs(jobs, settings).items():
        if isinstance(result, ImageProblem):
            _refuse(path, uses[path], str(result))
        else:
            encoded += 1
            _accept(path, keys[path], result, os.path.join(cache, keys[path]), settings)
    for path, picture in _run.pictures.items():
        if picture is not None and picture.manifest.get("note"):
            _tell(path, uses[path], picture.manifest["note"])

    cards = _share_images(generators, settings, cache)
    report.note(f"images: {encoded} encoded, {reused} reused" + (f", {cards} share cards made" if cards else ""))
    for item in items:
        if getattr(item, "gallery_sources", None):
            item.gallery = [(_run.pictures[p], c) for p, c in item.gallery_sources if _run.pictures.get(p)]


def sanitise_svgs(generators) -> None:
    """Every SVG the static copy would publish is published sanitised instead, or not at all.

    Runs after every static_generator_finalized hook has chosen the static files (and after
    ``process``, which starts the run's state)."""
    settings = generators[0].settings
    for generator in generators:
        staticfiles = getattr(generator, "staticfiles", None)
        if staticfiles is None:
            continue
        drawings = sorted((f for f in staticfiles if f.source_path.lower().endswith(".svg")), key=lambda f: f.source_path)
        for static in drawings:
            staticfiles.remove(static)
            path = os.path.join(settings["PATH"], static.source_path)
            try:
                with open(path, "rb") as handle:
                    drawing, removed = clean_svg(handle.read(SVG_MAX_BYTES + 1))
            except NotAnSvg as error:
                warning(path, "file", f"not published: {error}")
                continue
            except OSError as error:
                warning(path, "file", f"not published: cannot be read ({error.strerror})")
                continue
            if removed:
                warning(path, "file", f"published without {', '.join(removed)} (an SVG may not run code, "
                        "embed HTML or load other files; save it again as Plain SVG without them)")
            _run.svgs.append((drawing, static.save_as))


def _accept(path, key, manifest, folder, settings) -> None:
    picture = Picture(path, f"{settings['MEDIA_OUTPUT_DIR']}/{key}/", manifest)
    _run.pictures[path] = picture
    for name in [r["file"] for r in manifest["renditions"]] + ([manifest["share"]] if manifest["share"] else []):
        _run.files.append((os.path.join(folder, name), picture.base + name))


def _tell(path, users, message) -> None:
    """One warning per file that uses the photo."""
    for item, field in users:
        warning(item.source_path if item is not None else "pelicanconf.py", field, f"'{path}' {message}")


def _refuse(path, users, message) -> None:
    """One line per file that uses the photo; the page is published without it."""
    _run.pictures[path] = None
    _tell(path, users, message)
    for item, field in users:
        if item is not None and field == "Image":
            item.image = None


def _share_images(generators, settings, cache) -> int:
    """share_image for every news item: its photo's crop, or a card with its title (cached)."""
    jobs, users, logo = [], {}, None
    if settings.get("OFFICE_LOGO_PNG"):
        logo = os.path.join(settings["PATH"], settings["OFFICE_LOGO_PNG"])
        if not os.path.isfile(logo):  # already reported for MEDIA_SITE_IMAGES; cards go without it
            logo = None
    logo_bytes = _file_bytes(logo)  # once: every card is named by it
    for generator in generators:
        for article in [a for name in NEWS_LISTS for a in getattr(generator, name, None) or []]:
            picture = _run.pictures.get(article.image) if getattr(article, "image", None) else None
            if picture and picture.share:
                article.share_image = picture.share
                continue
            card = {
                "title": article.title, "site_name": settings.get("OFFICE_SHORT_NAME") or settings["SITENAME"],
                "section": article.category.name, "colours": settings.get("OFFICE_COLOURS", {}),
                "date_text": thaitext.format_date(article.date, "long", settings["THAI_TEXT_DIGITS"]),
                "logo": logo,
            }
            # Named by what the card shows (the logo by its bytes, not its path): the same in any folder.
            shown = sorted((field, value) for field, value in card.items() if field != "logo")
            key = cache_key(repr((shown, CARD_JPEG)).encode() + logo_bytes, Recipe((), (), 0))
            name, folder = f"card-{key}.jpg", os.path.join(cache, "cards")
            article.share_image = f"{settings['MEDIA_OUTPUT_DIR']}/cards/{name}"
            _run.files.append((os.path.join(folder, name), article.share_image))
            if not os.path.isfile(os.path.join(folder, name)):
                if name not in users:
                    jobs.append((name, render_card, (folder, name, card)))
                users.setdefault(name, []).append(article.source_path)
    # Nothing needs a card's pixels before MediaGenerator publishes it: the pages are written meanwhile.
    _run.cards = _Background(jobs, settings, users)
    return len(jobs)


def _file_bytes(path: str | None) -> bytes:
    if not path or not os.path.isfile(path):
        return b""
    with open(path, "rb") as handle:
        return handle.read()


# --- templates ------------------------------------------------------------------------------

def responsive_images(markup: str, siteurl: str, picture_macro, lookup=None) -> str:
    """<img> of content photos in a body becomes the picture component (srcset, width, height).
    ``lookup`` (a path -> Picture or None) is ``picture_for`` unless given (page_cache's closed pages)."""
    lookup = lookup or picture_for

    def replace(match):
        picture = lookup(_content_path(match[1]))
        if picture is None:
            return match[0]
        alt = re.search(r'\balt="([^"]*)"', match[0])
        return str(picture_macro(picture, html.unescape(alt[1]) if alt else "", siteurl, "(min-width: 48rem) 42rem, 100vw"))

    return INLINE_IMAGE.sub(replace, markup)


def body_photos(markup: str) -> list[str]:
    """The content paths of the <img> in a body that ``responsive_images`` looks up (API)."""
    return [_content_path(match[1]) for match in INLINE_IMAGE.finditer(markup)]


def picture_for(path: str) -> Picture | None:
    """The published renditions of a content image, once this run has processed it (API)."""
    return _run.pictures.get(path)


def add_filters(generator) -> None:
    env = generator.env
    env.filters["picture"] = lambda path: picture_for(path) if path else None
    env.filters["responsive_images"] = lambda markup, siteurl: responsive_images(
        markup, siteurl, env.get_template("components/picture.html").module.picture)


class MediaGenerator(Generator):
    """Publishes this run's renditions and cards (hard links from the cache where possible),
    and its sanitised SVGs."""

    def generate_output(self, writer):
        if _run.cards is not None:
            _run.cards.wait()
            _run.cards = None
        for cached, relative in _run.files:
            if not os.path.isfile(cached):  # a card that could not be drawn: already an error
                continue
            target = os.path.join(self.output_path, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.exists(target):
                continue
            try:
                os.link(cached, target)
            except OSError:
                shutil.copy2(cached, target)
        for drawing, relative in _run.svgs:
            target = os.path.join(self.output_path, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(drawing)


def register() -> None:
    plugin_manifest.register_plugin(MediaGenerator)
    signals.static_generator_finalized.connect(keep_originals_out)
    signals.all_generators_finalized.connect(process)
    signals.all_generators_finalized.connect(sanitise_svgs)  # after process, which resets _run
    signals.generator_init.connect(add_filters)
