"""Run Pelican for prsite: read-only checks, and builds that never leave a half-written output/.

A build writes into a fresh sibling directory and swaps it in only when the run
had no errors (and, under --strict, no warnings). The previous output/ stays as
it was otherwise. A file whose bytes did not change keeps the previous file's
modification time, so rsync moves only what changed.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from pelican import Pelican, signals
from pelican.log import console as pelican_console
from pelican.settings import read_settings

from plugins import manifest, page_cache
from plugins.common import ContentError, Problem, report

from . import scratch

# Next to output/: the tree being built, and the old tree on its way out (removed when a
# killed build left them: publish/scratch.py).
BUILD_PREFIX = ".prsite-build-"
RETIRED_SUFFIX = ".old-"


@dataclass
class Outcome:
    """What a check or build found; ``lines`` are what the officer reads."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # plugins' one-line facts, e.g. "images: 3 encoded, 40 reused"
    settings: dict | None = None  # as loaded (a check's own OUTPUT_PATH aside); None when a setting is wrong
    seconds: float = 0.0
    output: str | None = None

    def failed(self, strict: bool) -> bool:
        return bool(self.errors or (strict and self.warnings))


class _Collector(logging.Handler):
    """Every warning and error of the run, one line each, in the order they happen.

    prsite's own problems arrive from the report; Pelican's through logging.
    """

    def __init__(self, outcome: Outcome, echo):
        super().__init__(logging.WARNING)
        self.outcome, self.echo = outcome, echo

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "problem", None) is None:
            self.add(record.getMessage().strip().splitlines()[0], record.levelno < logging.ERROR)

    def add_problem(self, problem: Problem) -> None:
        self.add(str(problem), problem.warning)

    def add(self, text: str, warning: bool) -> None:
        if warning:
            self.outcome.warnings.append(text)
            self.echo(f"warning: {text}")
        else:
            self.outcome.errors.append(text)
            self.echo(text)


@contextmanager
def _collecting(outcome: Outcome, echo):
    root = logging.getLogger()
    collector = _Collector(outcome, echo)
    saved_level, saved_quiet = root.level, pelican_console.quiet
    root.addHandler(collector)
    report.listeners.append(collector.add_problem)
    root.setLevel(logging.WARNING)
    pelican_console.quiet = True  # prsite prints its own summary
    try:
        yield collector
    finally:
        root.removeHandler(collector)
        report.listeners.remove(collector.add_problem)
        root.setLevel(saved_level)
        pelican_console.quiet = saved_quiet


class SettingsError(ContentError):
    """A setting has a bad value; ``problems`` are its lines (``pelicanconf.py: SETTING: message``)."""


def load_settings(settings_file: str, **overrides) -> dict:
    """The site's settings, read once: pelicanconf.py (and ``overrides``), every enabled plugin's
    defaults laid under it (plugins/manifest.py), each value checked. Every command uses this.

    Raises SettingsError with one Problem per bad value.
    """
    if not os.path.isfile(settings_file):
        raise FileNotFoundError(settings_file)
    settings = read_settings(os.path.abspath(settings_file), override=overrides or None)
    problems = manifest.complete_settings(settings)
    if problems:
        raise SettingsError(problems)
    return settings


# What the build summary counts: (context key, label); the plugins' kinds come from the manifest.
COUNTED = (("articles", "news"), ("drafts", "drafts"), ("pages", "pages"),
           *(count for plugin in manifest.MANIFEST for count in plugin.counts))


@contextmanager
def _counting(outcome: Outcome):
    def count(generators):
        context = generators[0].context  # one context, shared by every generator
        for key, label in COUNTED:
            if key in context:
                outcome.counts[label] = outcome.counts.get(label, 0) + len(context[key])

    signals.all_generators_finalized.connect(count, weak=False)
    try:
        yield
    finally:
        signals.all_generators_finalized.disconnect(count)


def check(settings_file: str, echo=print, **overrides) -> Outcome:
    """Read and validate all content, as a build would, without writing anything."""
    return read_site(settings_file, echo, **overrides)[0]


def read_site(settings_file: str, echo=print, **overrides) -> tuple[Outcome, list]:
    """The reading half of a build: every generator's content, validated; nothing written.

    Returns the outcome and the generators (for ``prsite status``); no generators on errors.
    """
    outcome, generators = Outcome(), []
    started = time.monotonic()
    with scratch.temporary_folder("prsite-check-") as nowhere, _collecting(outcome, echo) as collector, \
            _counting(outcome):
        settings = _loaded(settings_file, collector, **overrides)
        if settings is not None:
            outcome.settings = dict(settings)
            settings["OUTPUT_PATH"] = nowhere
            try:
                generators = _read_everything(Pelican(settings))
            except ContentError:
                generators = []  # already reported, one line per problem
    outcome.seconds = time.monotonic() - started
    outcome.notes = list(report.notes)
    return outcome, generators


def _loaded(settings_file: str, collector: _Collector, **overrides) -> dict | None:
    """load_settings, with each bad value one line of the outcome; None then."""
    try:
        return load_settings(settings_file, **overrides)
    except SettingsError as error:
        for problem in error.problems:
            collector.add_problem(problem)
        return None


class _ReadingDone(Exception):
    """Raised at get_writer: a check stops where a build would start writing."""


def _read_everything(pelican: Pelican) -> list:
    """The reading half of Pelican.run(): generators' contexts, all_generators_finalized, and
    get_writer (where content_model stops on errors); then stop, before anything is written."""
    generators = []

    def keep(finalized):
        generators[:] = finalized

    def stop(_pelican):
        raise _ReadingDone

    signals.all_generators_finalized.connect(keep)
    signals.get_writer.connect(stop)  # after the plugins' receivers, so content_model's runs first
    try:
        pelican.run()
    except _ReadingDone:
        pass
    finally:
        signals.all_generators_finalized.disconnect(keep)
        signals.get_writer.disconnect(stop)
    return generators


def build(settings_file: str, output: str | None = None, strict: bool = False, echo=print, **overrides) -> Outcome:
    """Build the site into ``output`` (default: OUTPUT_PATH); swap it in only on success."""
    outcome = Outcome()
    started = time.monotonic()
    with _collecting(outcome, echo) as collector, _counting(outcome):
        settings = _loaded(settings_file, collector, **overrides)
        if settings is None:
            outcome.output = os.path.abspath(output) if output else None
            return outcome
        outcome.settings = dict(settings)
        target = os.path.abspath(output or settings["OUTPUT_PATH"])
        outcome.output = target
        parent = os.path.dirname(target)
        os.makedirs(parent, exist_ok=True)
        left_over = scratch.remove_stale(parent, (BUILD_PREFIX, os.path.basename(target) + RETIRED_SUFFIX))
        with scratch.locked_folder(BUILD_PREFIX, parent) as new_tree:  # locked: a concurrent build leaves it alone
            settings["OUTPUT_PATH"] = new_tree
            try:
                with page_cache.replacing(target):
                    Pelican(settings).run()
            except ContentError:
                pass
            except BaseException:
                shutil.rmtree(new_tree, ignore_errors=True)
                raise
            outcome.seconds = time.monotonic() - started
            outcome.notes = list(report.notes)
            if left_over:
                outcome.notes.append(f"removed {len(left_over)} folder{'s' if len(left_over) != 1 else ''} left by "
                                     f"interrupted builds: {', '.join(os.path.basename(p) for p in left_over)}")
            if outcome.failed(strict):
                shutil.rmtree(new_tree, ignore_errors=True)
            else:
                _keep_unchanged_times(new_tree, target)
                _swap_in(new_tree, target)
    return outcome


def _keep_unchanged_times(new: str, previous: str) -> None:
    """A file whose bytes are the same as in the previous output gets that file's times, so rsync
    moves only what changed. The previous output is only read."""
    for folder, _dirs, names in os.walk(new):
        previous_folder = os.path.join(previous, os.path.relpath(folder, new))
        for name in names:
            path, old = os.path.join(folder, name), os.path.join(previous_folder, name)
            try:
                written, kept = os.lstat(path), os.lstat(old)
                unchanged = (stat.S_ISREG(written.st_mode) and stat.S_ISREG(kept.st_mode)
                             and written.st_mtime_ns != kept.st_mtime_ns and filecmp.cmp(path, old, shallow=False))
            except OSError:
                continue  # new in this build
            if unchanged:
                os.utime(path, ns=(kept.st_atime_ns, kept.st_mtime_ns), follow_symlinks=False)


def _swap_in(new: str, target: str) -> None:
    """Replace target with new; a reader of target sees the old or the new tree, not a mix."""
    os.chmod(new, 0o755)  # mkdtemp makes it 0700; a web server must be able to read it
    if os.path.isdir(target):
        retired = tempfile.mkdtemp(prefix=os.path.basename(target) + RETIRED_SUFFIX, dir=os.path.dirname(target))
        os.rename(target, os.path.join(retired, "tree"))
        os.rename(new, target)
        scratch.remove_in_background(retired)
    else:
        os.rename(new, target)
