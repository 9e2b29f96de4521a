"""What every prsite plugin shares: problem reports, data-file reading, an item's body.

(Settings defaults are laid once, from the plugin manifest: plugins/manifest.py.)

Problems are the officer's mistakes (a bad date, an unknown category, a broken CSV
row). Each is one line, ``path: Field: what is wrong (what is expected)``, collected
here so the build can stop before writing anything and ``prsite`` can exit 1
without a traceback. Listeners (the CLI) get each problem as it is found; it is
also logged on the ``prsite`` logger for plain ``pelican`` runs. (Pelican's
LimitFilter drops a log message it has seen before in the same process, so
logging alone would lose problems on a second build, e.g. under autoreload.)
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Callable

logger = logging.getLogger("prsite")
logger.addHandler(logging.NullHandler())  # shown by Pelican's or prsite's handler, never by logging's last resort


@dataclass(frozen=True)
class Problem:
    path: str  # shown relative to the project, with ":line" for CSV rows
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class ContentError(Exception):
    """The content has errors; they were already reported one per line."""

    exitcode = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} content error{'s' if count != 1 else ''}; nothing was written")


class _Report:
    """Problems of the current build; reset when Pelican (re)initialises plugins."""

    def __init__(self) -> None:
        self.root = os.getcwd()
        self.problems: list[Problem] = []
        self.notes: list[str] = []  # one-line facts for the build summary ("images: 3 encoded")
        self.listeners: list[Callable[[Problem], None]] = []
        # Hear every problem, also one already reported (content_model's cache keeps a file's warnings).
        self.recorders: list[Callable[[Problem], None]] = []

    def reset(self, root: str) -> None:
        self.root = root
        self.problems = []
        self.notes = []

    def note(self, line: str) -> None:
        self.notes.append(line)
        logger.info("%s", line)

    def display_path(self, path: str, line: int | None = None) -> str:
        path = os.fspath(path)
        if os.path.isabs(path):
            relative = os.path.relpath(path, self.root)
            path = path if relative.startswith("..") else relative
        return f"{path}:{line}" if line is not None else path

    def add(self, path: str, field: str, message: str, *, line: int | None = None, warning: bool = False) -> Problem:
        return self.add_problem(Problem(self.display_path(path, line), field, message, warning))

    def add_problem(self, problem: Problem) -> Problem:
        """Report ``problem``; also a cached file's warnings, again on every build."""
        for recorder in self.recorders:
            recorder(problem)
        if problem not in self.problems:  # the same file may be read twice (e.g. check, then build)
            self.problems.append(problem)
            for listener in self.listeners:
                listener(problem)
            logger.log(logging.WARNING if problem.warning else logging.ERROR, "%s", problem, extra={"problem": problem})
        return problem

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors)


report = _Report()


def problem(path: str, field: str, message: str, *, line: int | None = None) -> Problem:
    """Report an error the officer must fix; the build will not be written."""
    return report.add(path, field, message, line=line)


def warning(path: str, field: str, message: str, *, line: int | None = None) -> Problem:
    """Report something worth fixing; an error only under ``--strict``."""
    return report.add(path, field, message, line=line, warning=True)


def body_html(item) -> str:
    """An item's body HTML as the reader made it, links as written ({static}/images/a.jpg): for
    excerpts and body photos. Safe while items are still being read, unlike Pelican's
    ``get_content``, which resolves links against what has been read so far and keeps the result."""
    return item._content or ""  # Pelican's only copy; tests/test_docs.py allows this one read


def yes_no(value: str) -> bool | None:
    """'yes'/'no' as officers write them (also Thai and true/false); None if neither."""
    return _YES_NO.get(str(value).strip().lower())


_YES_NO = {
    "yes": True, "y": True, "true": True, "1": True, "ใช่": True, "มี": True,
    "no": False, "n": False, "false": False, "0": False, "ไม่": False, "ไม่ใช่": False, "ไม่มี": False,
}


# --- data files the officer writes (YAML, CSV): hostile until read ------------------------------

DATA_FILE_MAX_BYTES = 1_000_000  # a checklist, caption list or allow-list is a few KB; a bigger one is a mistake


class DataFileError(ValueError):
    """A data file prsite will not read; str() is the officer's message after 'path: file: '."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def read_text(path: str, max_bytes: int = DATA_FILE_MAX_BYTES, how_to_save: str = "save it again as UTF-8") -> str:
    """The text of a UTF-8 file (a BOM is dropped), refusing an oversized, binary or non-UTF-8 one."""
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DataFileError(f"is over the {max_bytes:,} byte limit for this file (is it the right file?)")
    if b"\x00" in data:
        raise DataFileError(f"contains NUL bytes, so it is not a text file ({how_to_save})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _looks_like_thai_windows(data):
        raise DataFileError(f"is in the old Thai Windows encoding (TIS-620/cp874), not UTF-8 ({how_to_save})")
    raise DataFileError(f"is not UTF-8 text ({how_to_save})")


def _looks_like_thai_windows(data: bytes) -> bool:
    """Excel's plain 'CSV' and Notepad's 'ANSI' on a Thai Windows write cp874: Thai letters are 0xA1-0xFB."""
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        return False
    return any("\u0e01" <= char <= "\u0e5b" for char in text)


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (=HYPERLINK("http://evil", "click"), +cmd|..., @SUM(...)): "CSV injection".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A value as written to a CSV file people open in a spreadsheet: text that a spreadsheet
    would run as a formula gets a leading apostrophe, which shows it as the text it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def load_yaml(path: str, max_bytes: int = DATA_FILE_MAX_BYTES, *, loader=None, nodes: bool = False):
    """A YAML data file, read safely: capped in size, UTF-8, and with no anchors or aliases.

    Aliases are refused outright: a few lines of them (a "billion laughs" file) expand into
    gigabytes, and an officer's file never needs them. ``loader`` defaults to yaml.SafeLoader;
    ``nodes`` returns the composed node tree (line numbers kept) instead of Python values.
    Raises DataFileError (size, encoding, aliases) or yaml.YAMLError (syntax), for the caller
    to report with its own hint.
    """
    import yaml

    text = read_text(path, max_bytes)
    loader = loader or yaml.SafeLoader
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DataFileError("uses a YAML anchor or alias (& or *), which prsite does not read "
                                "(write each value out in full)", line=event.start_mark.line + 1)
    return yaml.compose(text, Loader=loader) if nodes else yaml.load(text, Loader=loader)
