"""Load and validate the PR network registry, ``content/network/members.csv``.

The officer edits the file in a spreadsheet, so it may come with a BOM, stray
spaces or a missing cell; each mistake is one line naming the row and column,
e.g. ``content/network/members.csv:14: email: 'abc' is not an e-mail address``.
Line numbers are the file's own (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from plugins.common import FORMULA_START, DataFileError, read_text, report
from plugins.content_model.schema import Context, FieldError, date, email, url, yes_or_no

MAX_BYTES = 5_000_000  # a few thousand members; a bigger file is the wrong file
MAX_CELL = 1_000  # characters in one cell; a name or a role is far shorter


@dataclass(frozen=True)
class Column:
    name: str
    parse: object
    required: bool = False
    help: str = ""


def plain_text(value, ctx):
    """Free text that goes to the site, members.json and spreadsheets: never a formula."""
    if value.startswith(FORMULA_START):
        raise FieldError(f"'{value}' starts with '{value[0]}', which a spreadsheet runs as a formula "
                         "(remove that first character)")
    return value


def member_id(value, ctx):
    if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", value):
        raise FieldError(f"'{value}' is not an id (use lowercase a-z, 0-9 and '-', e.g. anuban-tak)")
    return value


def member_type(value, ctx):
    types = ctx.settings["PR_NETWORK_TYPES"]
    if value not in types:
        raise FieldError(f"'{value}' is not a member type (use one of: {', '.join(types)})")
    return value


def district(value, ctx):
    districts = ctx.settings["PR_NETWORK_DISTRICTS"]
    if value not in districts:
        raise FieldError(f"'{value}' is not a district of this office (use one of: {', '.join(districts)})")
    return value


def school_code(value, ctx):
    if not re.fullmatch(r"\d{10}|\d{8}", value):
        raise FieldError(f"'{value}' is not a school code (10 digits, e.g. 1063010001)")
    return value


def phone(value, ctx):
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"0\d{8,9}", digits):
        raise FieldError(f"'{value}' is not a phone number (e.g. 055-511-234 or 081-234-5678)")
    return value


def facebook(value, ctx):
    url(value, ctx)
    host = urlsplit(value).netloc.lower()
    if not (host.endswith("facebook.com") or host.endswith("fb.com")):
        raise FieldError(f"'{value}' is not a Facebook page address (e.g. https://www.facebook.com/anubantak)")
    return value


def line_account(value, ctx):
    if re.fullmatch(r"@[A-Za-z0-9._-]{2,}", value):
        return value
    host = urlsplit(value).netloc.lower()
    if value.startswith("https://") and host in ("line.me", "lin.ee", "page.line.me"):
        return value
    raise FieldError(f"'{value}' is not a LINE official account (e.g. @anubantak or https://lin.ee/abc)")


COLUMNS = (
    Column("id", member_id, required=True, help="unique id, ASCII (anuban-tak)"),
    Column("name", plain_text, required=True, help="name in Thai"),
    Column("type", member_type, required=True, help="school, agency, media or internal"),
    Column("district", district, help="district (required for schools)"),
    Column("school_code", school_code, help="รหัสสถานศึกษา, 10 digits"),
    Column("coordinator_name", plain_text, help="PR coordinator (private unless coordinator_public is yes)"),
    Column("coordinator_role", plain_text, help="coordinator's position"),
    Column("coordinator_public", yes_or_no, help="yes: the coordinator's name may be published"),
    Column("email", email, help="official e-mail (public)"),
    Column("phone", phone, help="office phone (public)"),
    Column("personal_email", email, help="coordinator's own e-mail (private)"),
    Column("personal_phone", phone, help="coordinator's own phone (private)"),
    Column("website", url, help="website URL"),
    Column("facebook", facebook, help="Facebook page URL"),
    Column("line", line_account, help="LINE official account"),
    Column("feed_url", url, help="RSS/Atom feed URL"),
    Column("enews", yes_or_no, help="receives the e-news"),
    Column("joined", date, help="date joined the network"),
    Column("trained_website", date, help="date trained on the website channel"),
    Column("trained_facebook", date, help="date trained on school Facebook pages"),
    Column("trained_enews", date, help="date trained on the e-news"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


@dataclass
class Member:
    line: int
    values: dict

    def __getattr__(self, name):
        if name in COLUMN_NAMES:
            return self.values.get(name)
        raise AttributeError(name)


@dataclass
class Registry:
    path: str
    members: list[Member] = field(default_factory=list)
    problems: list[tuple] = field(default_factory=list)  # (line, field, message, warning)

    def ids(self) -> set[str]:
        return {m.id for m in self.members}


_cache: dict[tuple, Registry] = {}


def load(settings: dict) -> Registry:
    """The registry for these settings; problems are (re)reported on every call."""
    path = os.path.join(settings["PATH"], settings["PR_NETWORK_MEMBERS_FILE"])
    try:
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size, _settings_key(settings))
    except FileNotFoundError:
        key = (path, None, None, _settings_key(settings))
    if key not in _cache:
        _cache.clear()
        _cache[key] = _read_file(path, settings) if key[1] is not None else Registry(path)
    registry = _cache[key]
    for line, column, message, warning in registry.problems:
        report.add(path, column, message, line=line, warning=warning)
    return registry


def _settings_key(settings):
    return tuple(tuple(settings[k]) for k in ("PR_NETWORK_DISTRICTS", "PR_NETWORK_TYPES"))


HOW_TO_SAVE = "in the spreadsheet, save it as 'CSV UTF-8'"


def _read_file(path: str, settings: dict) -> Registry:
    try:
        text = read_text(path, MAX_BYTES, HOW_TO_SAVE)
    except DataFileError as error:
        return Registry(path, problems=[(None, "file", str(error), False)])
    try:
        return _read(text, path, settings)
    except csv.Error as error:  # a quote left open runs to the end of the file
        return Registry(path, problems=[(None, "file", f"is not a readable CSV file ({error}; {HOW_TO_SAVE})", False)])


def _read(text: str, path: str, settings: dict) -> Registry:
    registry = Registry(path)
    complain = lambda line, column, message, warning=False: registry.problems.append((line, column, message, warning))  # noqa: E731
    context = Context(settings, path)
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(rows, [])]
    for column in COLUMNS:
        if column.name not in header:
            complain(1, "header", f"missing column '{column.name}' (the first row must name every column)")
    for name in header:
        if name and name not in COLUMN_NAMES:
            complain(1, "header", f"unknown column '{name}'", True)
    seen: dict[str, int] = {}
    for cells in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            complain(line, "row", f"has {len(cells)} cells, expected {len(header)} "
                     "(a value containing a comma must be in \"quotes\")")
            continue
        long = next((name for name, cell in zip(header, cells) if len(cell) > MAX_CELL), None)
        if long:
            complain(line, long, f"is over {MAX_CELL:,} characters (is a quote left open on this row?)")
            continue
        values = _parse_row(dict(zip(header, (c.strip() for c in cells))), line, context, complain)
        member_key = values.get("id")
        if member_key in seen:
            complain(line, "id", f"'{member_key}' is already used on line {seen[member_key]}")
            continue
        if member_key:
            seen[member_key] = line
            registry.members.append(Member(line, values))
    return registry


def _parse_row(cells: dict, line: int, context: Context, complain) -> dict:
    values = {}
    for column in COLUMNS:
        value = cells.get(column.name, "")
        if not value:
            if column.required:
                complain(line, column.name, "missing (every member needs one)")
            continue
        try:
            values[column.name] = column.parse(value, context)
        except FieldError as error:
            complain(line, column.name, str(error))
    if values.get("type") == "school" and "district" in cells and not cells["district"]:
        complain(line, "district", f"missing (schools need one of: {', '.join(context.settings['PR_NETWORK_DISTRICTS'])})")
    return values
