"""``prsite serve``: a preview that shows the edited page fresh, however big the archive.

Start: one full build into the preview folder (CACHE_PATH/preview, never output/, so the
officer's output/ is never half-made by a preview), keeping the build's context (neighbours,
menus, sections); then http://127.0.0.1:PORT/ serves that folder.

A saved Markdown file is read again, alone, by the content model's reader (through its
generator's readers: the same kind table, the same checks), and on the next request for its
address (as in the last build, or as read now) its page is rendered alone, by its generator's
own write method with the theme's template and the last full build's context. Then a full
build runs in the background (a child process, one at a time; saves meanwhile are coalesced
into the next one) and replaces the preview folder when it succeeds: listings, feeds and
search catch up, and the page is served from the folder again.

A mistake in the saved file: its lines (``path: Field: message``, as the build prints them)
are an error page at the item's address, and every other page is still served from the last
good build. The background build waits until the file reads without errors (it would fail);
lines a background build finds about an edited file (a slug clash, an ID number) join its page.
"""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from plugins.common import report
from plugins.content_model import all_content, schedule_and_expire
from plugins.content_model.generator import KindGenerator
from plugins.thai_text import thaitext

from .. import pipeline

PREVIEW_FOLDER = "preview"  # under CACHE_PATH
# What the preview prints when it starts serving and when a background build has finished
# (the benchmark and the tests wait for these lines).
READY = "preview: ready: "
REBUILT = "preview: whole preview built again"
POLL_SECONDS = 0.3  # how often content/, the theme and the settings file are looked at
# The background build starts once saves have stopped this long: the saved page is rendered
# first, with both cores free, and a burst of saves (an editor saving as you type) is one build.
QUIET_SECONDS = 1.0
# Set on items after reading by hooks that look at other items or files (neighbours, share
# image, gallery): an item read alone takes them from its last full build. Not these, which
# depend on the item's own Date, Expires and Slug and are worked out again (override_url is
# office_site's address kept for the build; without it Pelican works it out from the item).
REDECIDED = ("scheduled", "expired", "override_url")


def preview_folder(settings: dict) -> str:
    return os.path.join(settings["CACHE_PATH"], PREVIEW_FOLDER)


def file_for_address(address: str) -> str | None:
    """The file under the preview folder that answers a request for ``address``
    (/news/2569/item/ → news/2569/item/index.html); None for one that leads outside it."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(address).path)
    if path.endswith("/"):
        path += "index.html"
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return None if ".." in parts else "/".join(parts)


def snapshot(roots: list[str]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under ``roots`` (folders or files), hidden ones aside."""
    found = {}
    for root in roots:
        if os.path.isfile(root):
            stat = os.stat(root)
            found[root] = (stat.st_mtime_ns, stat.st_size)
        for folder, dirs, files in os.walk(root):
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            for name in files:
                if not name.startswith("."):
                    path = os.path.join(folder, name)
                    try:
                        stat = os.stat(path)
                    except OSError:  # removed meanwhile: the next look sees it gone
                        continue
                    found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class _Alone:
    """A generator whose lists of items hold only ``lists``' (one item): its own write method,
    called on this, writes that one page exactly as a full build writes it."""

    def __init__(self, generator, **lists):
        self._generator = generator
        self.__dict__.update(lists)

    def __getattr__(self, name):
        return getattr(self._generator, name)


def write_alone(generator, item, writer) -> None:
    """One item's page, written by its generator's own method (Pelican's calls, its template, the context)."""
    if isinstance(generator, ArticlesGenerator):
        alone = _Alone(generator, translations=[], articles=[item], hidden_translations=[], hidden_articles=[])
        type(generator).generate_articles(alone, partial(writer.write_file,
                                                         relative_urls=generator.settings["RELATIVE_URLS"]))
    elif isinstance(generator, PagesGenerator):
        alone = _Alone(generator, translations=[], pages=[item], hidden_translations=[], hidden_pages=[],
                       draft_translations=[], draft_pages=[])
        type(generator).generate_output(alone, writer)
    elif isinstance(generator, KindGenerator):
        type(generator).write_pages(_Alone(generator, items=[item]), writer)
    else:
        raise TypeError(f"preview cannot write a page of {type(generator).__name__}")


def page_for_problems(lines: list[str], heading: str) -> bytes:
    """The preview's page for an item that cannot be shown: its lines, and what to do next.
    It reloads itself, so the page comes back by itself once the file is fixed and saved."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="2">
<title>{html.escape(heading)} – ตัวอย่างเว็บไซต์</title>
<style>
body {{ font-family: Sarabun, "Noto Sans Thai", sans-serif; font-size: 1.125rem; line-height: 1.6;
       max-width: 42rem; margin: 1rem auto; padding: 0 1rem; color: #1b1b1b; }}
h1 {{ font-size: 1.5rem; color: #a3000b; }}
ul {{ padding: 0; list-style: none; }}
li {{ border-left: 0.3rem solid #a3000b; background: #fdf2f2; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }}
code {{ font-size: 1rem; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(heading)}</h1>
<ul>
{items}
</ul>
<p>แก้ไขไฟล์ตามบรรทัดด้านบน (ชื่อไฟล์: ช่อง: สิ่งที่ต้องแก้) แล้วบันทึกไฟล์
หน้านี้จะแสดงใหม่เองภายในไม่กี่วินาที หน้าอื่นของเว็บไซต์ยังเปิดดูได้ตามปกติ</p>
<p lang="en">Fix the lines above in the file and save it: this page comes back by itself.
Every other page of the preview is still served.</p>
</main>
</body>
</html>
""".encode("utf-8")


@dataclass
class Edit:
    """A saved content file as read alone, and its page once asked for."""

    source: str  # absolute path
    saved: float  # its modification time when read
    generator: object
    item: object
    addresses: set[str]  # the files it answers: its address in the last build, and as read now
    errors: list[str]  # the reader's lines about it
    build_errors: list[str] = field(default_factory=list)  # a failed background build's lines about it
    page: bytes | None = None

    def answer(self, shown: str) -> tuple[int, bytes]:
        if self.errors or self.build_errors:
            return 422, page_for_problems(self.errors + self.build_errors, "ไฟล์นี้มีข้อผิดพลาด ยังแสดงหน้านี้ไม่ได้")
        if getattr(self.item, "scheduled", False):
            return 404, page_for_problems([f"{shown}: Date: is after now, so the item waits as a draft until then "
                                           "(the first build on or after its date publishes it)"],
                                          "ข่าวนี้ตั้งเวลาเผยแพร่ไว้ ยังไม่มีหน้าเว็บ")
        if self.item.status == "draft" or not self.item.save_as:
            return 404, page_for_problems([f"{shown}: Status: is draft, so the item has no page "
                                           "(write Status: published to see it)"], "ร่าง: ยังไม่มีหน้าเว็บ")
        if self.page is None:
            self.page = _rendered(self.generator, self.item)
        return 200, self.page


def _rendered(generator, item) -> bytes:
    with tempfile.TemporaryDirectory(prefix="prsite-preview-page-") as folder:
        write_alone(generator, item, Writer(folder, settings=generator.settings))
        with open(os.path.join(folder, item.save_as), "rb") as handle:
            return handle.read()


class Preview:
    """The preview folder, the last full build's context, and the files saved since."""

    def __init__(self, settings_file: str, settings: dict, echo):
        self.settings_file, self.echo = settings_file, echo
        self.folder = os.path.abspath(preview_folder(settings))
        self.watched = [settings["PATH"], settings["THEME"], os.path.abspath(settings_file)]
        self.lock = threading.Lock()  # the context, the report and the edits: one reader or renderer at a time
        self.known: dict[str, tuple] = {}  # absolute source path -> (generator, item as last read without errors)
        self.edits: dict[str, Edit] = {}
        self.rebuild_wanted = threading.Event()
        self.last_save = 0.0  # time.monotonic() of the last change seen
        self.stopping = threading.Event()
        self.builder: subprocess.Popen | None = None

    def run(self, port: int) -> None:
        """Serve until Ctrl-C or SIGTERM (both KeyboardInterrupt here); the background build goes too."""
        try:
            server = PreviewServer(("127.0.0.1", port), partial(_Handler, directory=self.folder))
        except OSError as error:
            raise SystemExit(f"port {port}: {error.strerror} (stop the other preview, or use --port {port + 1})")
        server.preview = self
        try:
            before = snapshot(self.watched)  # taken first, so a file saved during the first build is seen
            self.first_build()
            print(f"{READY}http://127.0.0.1:{port}/ (saved files show on the next page load)", flush=True)
            threading.Thread(target=self.watch, args=(before,), daemon=True).start()
            threading.Thread(target=self.rebuild_in_background, daemon=True).start()
            server.serve_forever()
        finally:
            server.server_close()
            self.stop()

    def echo_note(self, line: str) -> None:
        print(f"preview: {line}", flush=True)

    def first_build(self) -> None:
        generators = []

        def keep(finalized):
            generators[:] = finalized

        signals.all_generators_finalized.connect(keep)
        try:
            outcome = pipeline.build(self.settings_file, output=self.folder, echo=self.echo)
        finally:
            signals.all_generators_finalized.disconnect(keep)
        if outcome.errors:
            self.echo_note("the first build failed; serving the last good preview, if any (fix the lines above)")
        for generator in generators:
            generator.env.auto_reload = True  # a template edited since shows on the pages rendered on request
            for item in all_content([generator]):
                self.known[item.source_path] = (generator, item)
        # A build from the reading cache never cuts Thai words: load the dictionary now, not
        # during the first saved file's read.
        thaitext.load_dictionary()

    def watch(self, before: dict) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            now = snapshot(self.watched)
            changed = sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))
            before = now
            if changed:
                self.saved(changed)

    def saved(self, paths: list[str]) -> None:
        """Items among ``paths`` are read again at once; any change asks for a full build."""
        with self.lock:
            for path in paths:
                if path in self.known:
                    try:
                        self.read_again(path)
                    except FileNotFoundError:  # removed, or renamed away, since it was seen: the next look tells
                        pass
        self.last_save = time.monotonic()
        self.rebuild_wanted.set()

    def read_again(self, path: str) -> None:
        generator, last = self.known[path]
        saved = os.path.getmtime(path)
        found = []
        report.reset(report.root)  # a line already reported for this file is reported again
        report.listeners.append(found.append)
        try:
            item = generator.readers.read_file(base_path=generator.path, path=os.path.relpath(path, generator.path),
                                               content_class=type(last), context=generator.context)
        finally:
            report.listeners.remove(found.append)
        for problem in found:
            self.echo(f"warning: {problem}" if problem.warning else str(problem))
        errors = [str(problem) for problem in found if not problem.warning]
        for name, value in vars(last).items():
            if name not in vars(item) and name not in REDECIDED:
                setattr(item, name, value)
        if isinstance(generator, ArticlesGenerator):
            schedule_and_expire(_Alone(generator, articles=[item], drafts=[], hidden_articles=[]))
        elif isinstance(generator, KindGenerator) and generator.publishable(item):
            generator.complete(item)
        addresses = {address for address in (last.save_as, item.save_as) if address}
        self.edits[path] = Edit(path, saved, generator, item, addresses, errors)
        if not errors:
            self.known[path] = (generator, item)

    def answer(self, relative: str) -> tuple[int, bytes] | None:
        """The page of a file saved since the last full build at this address; None: serve the folder's."""
        with self.lock:
            edit = next((edit for edit in self.edits.values() if relative in edit.addresses), None)
            return edit.answer(report.display_path(edit.source)) if edit else None

    def rebuild_in_background(self) -> None:
        while not self.stopping.is_set():
            if not self.rebuild_wanted.wait(POLL_SECONDS):
                continue
            quiet_for = time.monotonic() - self.last_save
            if quiet_for < QUIET_SECONDS:
                self.stopping.wait(QUIET_SECONDS - quiet_for)
                continue
            with self.lock:
                waits = any(edit.errors for edit in self.edits.values())  # it would fail: wait for the fix
                if not waits:
                    self.rebuild_wanted.clear()
            if waits:
                self.stopping.wait(POLL_SECONDS)
                continue
            started = time.time()
            finished = self.build_in_child()
            if finished is None:
                return  # stopping
            returncode, lines = finished
            if returncode == 0:
                print(f"{REBUILT} in {time.time() - started:.1f} s: listings, feeds and search are up to date", flush=True)
            else:
                self.echo_note("the background build failed (the lines above say why); the pages of saved files are still shown")
            with self.lock:
                for path, edit in list(self.edits.items()):
                    if returncode == 0 and edit.saved < started:
                        del self.edits[path]  # the folder has its page now
                    else:
                        shown = report.display_path(path)
                        edit.build_errors = [line for line in lines if line.startswith(f"{shown}:")]

    def build_in_child(self) -> tuple[int, list[str]] | None:
        """``prsite build --output`` the preview folder in a child process (its own process group,
        so stopping it stops what it started, e.g. Pagefind); its lines are passed on."""
        with self.lock:
            if self.stopping.is_set():
                return None
            self.builder = subprocess.Popen(
                [sys.executable, "-c", "from publish.cli import main; main()", "build",
                 "--settings", self.settings_file, "--output", self.folder],
                stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", start_new_session=True)
        _, errors = self.builder.communicate()
        if self.stopping.is_set():
            return None
        sys.stderr.write(errors)
        sys.stderr.flush()
        return self.builder.returncode, errors.splitlines()

    def stop(self, grace: float = 5.0) -> None:
        with self.lock:
            self.stopping.set()
            builder = self.builder
        if builder is None or builder.poll() is not None:
            return
        os.killpg(builder.pid, signal.SIGTERM)
        try:
            builder.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(builder.pid, signal.SIGKILL)
            builder.wait()


class PreviewServer(ThreadingHTTPServer):
    """The preview's web server: a thread per request, quiet about browsers that went away."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that goes away mid-page (a reload, a closed tab) is not an error to print."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(SimpleHTTPRequestHandler):
    """The preview folder, except the pages of files saved since its last full build."""

    def do_GET(self) -> None:
        self._answer(SimpleHTTPRequestHandler.do_GET, with_body=True)

    def do_HEAD(self) -> None:
        self._answer(SimpleHTTPRequestHandler.do_HEAD, with_body=False)

    def _answer(self, from_folder, with_body: bool) -> None:
        relative = file_for_address(self.path)
        answer = self.server.preview.answer(relative) if relative is not None else None
        if answer is None:
            return from_folder(self)
        status, body = answer
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload always asks again: the page may be fresher
        super().end_headers()

    def log_message(self, format, *args) -> None:
        """Quiet: the terminal shows the officer's problems and the builds, not every request."""
