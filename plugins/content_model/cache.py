"""The reading cache: an unchanged content file is not parsed again (CONTENT_MODEL_CACHE_PATH).

An entry keeps what the reader made of one file (the body HTML, the header's values, the
warnings it reported) and what plugins worked out from it (``remembered``: thai_text's
excerpt). The entry is used only while all of these are what they were when it was made:

- the file's path under content/ and its bytes (SHA-256);
- the run's fingerprint: every setting but OUTPUT_PATH, the source of prsite's plugins, and the
  versions of Python, Pelican, Markdown, PyThaiNLP and nh3;
- every other file the reader looked at, through the functions below (an attachment's bytes,
  whether a photo exists, a gallery folder's listing, where a path leads once symlinks are
  followed), and what it found.

Anything else is a miss, and the file is read again. A cached file's warnings are reported
again on every build, exactly as a fresh read reports them. A file with errors, or whose read
logged anything at warning level or above that is not one of prsite's problems, is not kept.
A store that cannot be read (corrupt, another fingerprint, another version of prsite) is
ignored and written anew; a store that cannot be written costs the next build its speed, never
its output. Hooks still run on every item: content_object_init receives a new item made from
the cached values, as from a fresh read. The store is a pickle, trusted as pelicanconf.py is:
whoever can write the project's cache/ can write its settings file.

Reading ahead: when the cache lacks at least CONTENT_MODEL_READ_AHEAD_FROM of the news files (a
fresh server, a new version of prsite), a forked second process reads the later half of them
while the build reads the first half, on the machine's second core. Its entries are the ones this
process would make (a read is a function of what an entry records), and join the cache when the
build reaches the first of its files; its warnings are reported then, in the build's order. A
file it could not keep (an error) is read again by the build, which reports it; a second process
that failed only means the build reads its files itself.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import logging
import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pelican.urlwrappers import URLWrapper

from plugins.common import report

STORE_NAME = "reading.pickle"
# What the read depends on besides settings and prsite's own code.
LIBRARIES = ("pelican", "markdown", "pythainlp", "nh3")
PLUGINS_FOLDER = Path(__file__).resolve().parent.parent
# A build writes into a fresh folder each time, and reading ahead changes who reads, not what: no
# read depends on these.
NOT_CACHED_SETTINGS = ("OUTPUT_PATH", "CONTENT_MODEL_READ_AHEAD_FROM")


@dataclass
class Entry:
    digest: str  # SHA-256 of the file's bytes
    looked: list[tuple[str, str, object]]  # (function name, path, what it gave)
    read: bytes  # the reader's (content, metadata), pickled when read: later hooks change the metadata
    problems: list  # the warnings its read reported, in order
    remembered: dict[str, tuple[str, object]] = field(default_factory=dict)  # name -> (digest of inputs, value)


class _Run:
    """The cache of one Pelican run: the entries it found, and those it uses (saved at the end)."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.folder = os.path.join(os.path.dirname(settings["PATH"]), settings["CONTENT_MODEL_CACHE_PATH"])
        self.fingerprint = fingerprint(settings)
        self.found = _load(os.path.join(self.folder, STORE_NAME), self.fingerprint)
        self.used: dict[str, Entry] = {}
        self.keys: dict[str, str] = {}  # source path -> its key (relpath costs more than the lookup)
        self.leads: dict[str, str] = {}  # path -> realpath: every file's read asks where content/news/ leads
        self.hits = self.misses = self.misses_read_ahead = 0
        self.changed = False
        self.ahead: _ReadAhead | None = None
        self.read_ahead_decided = False
        self.read_by_another: set[str] = set()  # keys whose entries the second process made

    def key(self, source_path: str) -> str:
        if source_path not in self.keys:
            self.keys[source_path] = os.path.relpath(source_path, self.settings["PATH"])
        return self.keys[source_path]

    def realpath(self, path: str) -> str:
        """Where ``path`` leads, asked of the file system once per run (a run's files are read in seconds)."""
        if path not in self.leads:
            self.leads[path] = os.path.realpath(path)
        return self.leads[path]

    def read(self, source_path: str, data: bytes, read_fresh):
        key = self.key(source_path)
        if self.ahead is not None and key in self.ahead.keys:
            read_ahead = self.ahead.collect()
            self.found.update(read_ahead)
            self.read_by_another.update(read_ahead)
            self.ahead = None
        digest = hashlib.sha256(data).hexdigest()
        entry = self.found.get(key)
        unchanged = entry is not None and entry.digest == digest and _still_true(entry.looked)
        cached = _unpickled(entry.read, self.settings) if unchanged else None
        if cached is not None:
            if key in self.read_by_another:
                self.misses += 1
                self.misses_read_ahead += 1
                self.changed = True
            else:
                self.hits += 1
            self.used[key] = entry
            for problem in entry.problems:
                report.add_problem(problem)
            return cached
        self.misses += 1
        self.changed = True
        with _Recording() as recording:
            result = read_fresh()
        kept = _pickled(result) if recording.cacheable else None
        if kept is not None:
            self.used[key] = Entry(digest, recording.looked, kept, recording.problems)
        return result

    def read_ahead(self, source_paths: list[str], read_one) -> None:
        """Once per run: the later half of the files of ``source_paths`` that have no entry, read by
        a forked process with ``read_one(path)`` (module docstring). Not when the machine has one
        core, when this process runs threads (a fork copies none of them, and might copy a lock
        one of them holds), or for fewer files than CONTENT_MODEL_READ_AHEAD_FROM."""
        least = self.settings["CONTENT_MODEL_READ_AHEAD_FROM"]
        if self.read_ahead_decided:
            return
        self.read_ahead_decided = True
        if not least or threading.active_count() > 1 or len(os.sched_getaffinity(0)) < 2:
            return
        missing = [path for path in source_paths if self.key(path) not in self.found]
        if len(missing) < least:
            return
        later = missing[len(missing) // 2:]
        keys = {self.key(path) for path in later}
        forked = multiprocessing.get_context("fork")
        receiving, sending = forked.Pipe(duplex=False)
        process = forked.Process(target=_read_in_second_process, args=(later, keys, read_one, sending),
                                 name="prsite-read-ahead", daemon=True)
        process.start()
        sending.close()
        self.ahead = _ReadAhead(keys, process, receiving)

    def remembered(self, source_path: str, name: str, inputs: tuple, compute):
        entry = self.used.get(self.key(source_path))
        if entry is None:
            return compute()
        digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
        kept = entry.remembered.get(name)
        if kept is not None and kept[0] == digest:
            return kept[1]
        value = compute()
        entry.remembered[name] = (digest, value)
        self.changed = True
        return value

    def save(self) -> None:
        if self.ahead is not None:  # a run that stopped before reaching its files (e.g. the preview's lone reads)
            self.ahead.process.kill()
            self.ahead.process.join()
            self.ahead = None
        if self.changed or set(self.used) != set(self.found):
            _store(os.path.join(self.folder, STORE_NAME), self.fingerprint, self.used)
        by_another = f" ({self.misses_read_ahead} by a second process)" if self.misses_read_ahead else ""
        report.note(f"content: {self.misses} file{'s' if self.misses != 1 else ''} read{by_another}, "
                    f"{self.hits} from the cache")


class _ReadAhead:
    """The second process reading ahead, and the keys of the files it reads."""

    def __init__(self, keys: set[str], process, receiving):
        self.keys, self.process, self.receiving = keys, process, receiving

    def collect(self) -> dict[str, Entry]:
        """Its entries, once it has read them all; none if it failed (the build reads them)."""
        try:
            entries = self.receiving.recv()
        except Exception:  # noqa: BLE001  it died or sent something unreadable: read its files here
            entries = {}
        self.receiving.close()
        self.process.join()
        return {key: entry for key, entry in entries.items() if key in self.keys and isinstance(entry, Entry)} \
            if isinstance(entries, dict) else {}


def _read_in_second_process(source_paths: list[str], keys: set[str], read_one, sending) -> None:
    """The forked process: read each file into this copy of the run's cache, send the entries made.
    It prints nothing: every warning is in its file's entry, and the build reports it."""
    logging.getLogger().handlers = [logging.NullHandler()]
    report.listeners = []
    for path in source_paths:
        try:
            read_one(path)
        except Exception:  # noqa: BLE001  the build reads this file itself and reports what is wrong
            continue
    sending.send({key: entry for key, entry in _run.used.items() if key in keys})
    sending.close()


_run: _Run | None = None


def start(settings: dict) -> None:
    global _run
    _run = _Run(settings)


def finish() -> None:
    """Save what this run read; a file read later (the preview's lone reads) is read fresh."""
    global _run
    if _run is not None:
        _run.save()
        _run = None


def read(source_path: str, data: bytes, read_fresh):
    """The reader's (content, metadata) for ``source_path`` whose bytes are ``data``: from the
    cache, its warnings reported again; otherwise ``read_fresh()``, kept when it may be."""
    return _run.read(source_path, data, read_fresh) if _run else read_fresh()


def reading_ahead_decided() -> bool:
    """Whether this run has decided whether to read ahead (then ``read_ahead`` does nothing)."""
    return _run is None or _run.read_ahead_decided


def read_ahead(source_paths: list[str], read_one) -> None:
    """Let a second process read the later half of ``source_paths`` (absolute paths, in the order the
    build reads them) that the cache lacks, with ``read_one(path)``: the reader's own ``read``."""
    if _run:
        _run.read_ahead(source_paths, read_one)


def remembered(item, name: str, inputs: tuple, compute):
    """``compute()``, a pure function of ``inputs`` (and of the code and settings in the
    fingerprint), kept with ``item``'s cache entry under ``name`` (API: thai_text's excerpt, pii_guard's
    findings). Kept values are saved at get_writer: a later call only computes."""
    return _run.remembered(item.source_path, name, inputs, compute) if _run else compute()


# --- what a read looks at besides its own file (schema.py's parsers use these) -----------------

def _listing(path: str) -> list[str]:
    return sorted(os.listdir(path))


def _size_and_sha256(path: str) -> tuple[int, str]:
    with open(path, "rb") as handle:
        data = handle.read()
    return len(data), hashlib.sha256(data).hexdigest()


LOOKS = {
    "realpath": os.path.realpath,
    "isfile": os.path.isfile,
    "isdir": os.path.isdir,
    "listdir": _listing,
    "size_and_sha256": _size_and_sha256,
}
_recordings: list[_Recording] = []


def look(how: str, path: str):
    """``LOOKS[how](path)``, recorded with its answer while a file is being read fresh."""
    answer = _run.realpath(path) if how == "realpath" and _run else LOOKS[how](path)
    for recording in _recordings:
        recording.looked.append((how, path, answer))
    return answer


def _still_true(looked) -> bool:
    for how, path, answer in looked:
        try:
            if LOOKS[how](path) != answer:
                return False
        except (OSError, KeyError):
            return False
    return True


class _Recording(logging.Handler):
    """What one fresh read looked at and reported; ``cacheable`` unless it had an error or logged
    something other than a prsite problem (which a cached read could not print again)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.looked, self.problems, self.cacheable = [], [], True

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "problem", None) is None:
            self.cacheable = False

    def heard(self, problem) -> None:
        self.problems.append(problem)
        self.cacheable = self.cacheable and problem.warning

    def __enter__(self):
        _recordings.append(self)
        report.recorders.append(self.heard)
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc):
        logging.getLogger().removeHandler(self)
        report.recorders.remove(self.heard)
        _recordings.remove(self)
        return False


# --- the fingerprint and the store -------------------------------------------------------------

def fingerprint(settings: dict) -> str:
    """What every entry depends on besides its own files (module docstring)."""
    digest = hashlib.sha256()
    kept = {name: value for name, value in settings.items() if name not in NOT_CACHED_SETTINGS}
    digest.update(repr(_stable(kept)).encode())
    digest.update(sys.version.encode())
    for library in LIBRARIES:
        digest.update(f"{library}={importlib.metadata.version(library)}".encode())
    for source in sorted(PLUGINS_FOLDER.rglob("*.py")):
        if "tests" not in source.relative_to(PLUGINS_FOLDER).parts:
            digest.update(str(source.relative_to(PLUGINS_FOLDER)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _stable(value) -> object:
    """A setting's value in a form whose repr is the same in every process (no memory addresses)."""
    if isinstance(value, dict):
        return sorted((repr(key), _stable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_stable(item)) for item in value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


def _pickled(read) -> bytes | None:
    """The read as bytes; None when a value in it cannot be pickled (then it is not kept)."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(read)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return buffer.getvalue()


def _unpickled(data: bytes, settings: dict):
    """The read kept in ``data``; None if it cannot be made again (then the file is read)."""
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = lambda saved: _wrapper(saved, settings)
    try:
        return unpickler.load()
    except Exception:  # noqa: BLE001  a damaged entry only means reading again
        return None


class _Pickler(pickle.Pickler):
    """Categories and tags hold the settings: kept as (class, name, slug), made again with this
    run's settings object."""

    def persistent_id(self, value):
        if isinstance(value, URLWrapper):
            return type(value), value.name, None if value._slug_from_name else value.slug
        return None


def _wrapper(saved, settings: dict) -> URLWrapper:
    kind, name, slug = saved
    wrapper = kind(name, settings)
    if slug is not None:
        wrapper.slug = slug
    return wrapper


def _load(path: str, expected: str) -> dict[str, Entry]:
    """The entries of the store at ``path``; none if it is missing, unreadable or of another fingerprint."""
    try:
        with open(path, "rb") as handle:
            if handle.readline().rstrip(b"\n") != expected.encode():
                return {}
            entries = pickle.load(handle)
    except Exception:  # noqa: BLE001  any damage to a cache file only means reading again
        return {}
    return entries if isinstance(entries, dict) else {}


def _store(path: str, fingerprint_: str, entries: dict[str, Entry]) -> None:
    folder, temporary = os.path.dirname(path), None
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".reading-", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(fingerprint_.encode() + b"\n")
            pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # a build reading the store sees the old one or the new one
    except OSError as error:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        report.note(f"content: the reading cache was not saved ({error.strerror}: {folder})")
