"""One fiscal year's ITA/OIT checklist: ``content/ita/<fiscal year>.yml``.

The NACC (สำนักงาน ป.ป.ช.) renumbers and rewords the OIT items most years, so each year is a
file of its own: the items (code, Thai title, what counts as evidence) and, for each, what on
this site provides it (``satisfied_by``). Each key is a row of a table with its parser; every
mistake is one line naming the key, items counted from 1 as the officer reads the file:
``content/ita/2570.yml: items[4].code: 'O 4' is not an OIT item code (e.g. O12)``.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from plugins.common import DataFileError, load_yaml, problem, warning, yes_no
from plugins.content_model.schema import FieldError
from plugins.information_centre import categories
from plugins.information_centre import fiscal_year as parse_fiscal_year

FILE_NAME = re.compile(r"^(\d{4})\.ya?ml$")
CODE = re.compile(r"^O\d{1,2}$")


@dataclass(frozen=True)
class Item:
    code: str  # "O12"
    title: str
    evidence: str  # what counts as evidence, in the NACC's words or a summary of them
    group: str  # the indicator heading it is listed under ("" before the first group:)
    pages: tuple[str, ...]  # page slugs
    oia_categories: tuple[str, ...]  # codes as in categories.CATEGORIES, e.g. "9(8) สขร.1"
    news_categories: tuple[str, ...]  # news sections (CONTENT_MODEL_CATEGORIES)
    tags: tuple[str, ...]
    disclosures: tuple[str, ...]  # disclosure slugs, whatever their fiscal year
    fiscal_years: tuple[int, ...]  # of disclosures and news that count (by category, tag or Oit)
    disclosures_oit: bool  # a disclosure whose Oit: lists the code counts
    where: str  # "items[4]", for messages


@dataclass(frozen=True)
class Checklist:
    path: str
    fiscal_year: int
    source: str
    items: tuple[Item, ...]


# --- parsers: the officer's YAML value -> value, or FieldError with what to write instead ---------

def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("is not text (write it on the same line, after the ':')")
    return value.strip()


def _code(value: Any) -> str:
    code = _text(value).upper()
    if not CODE.match(code):
        raise FieldError(f"'{value}' is not an OIT item code (e.g. O12)")
    return code


def _year(value: Any) -> int:
    return parse_fiscal_year(_text(value), None)


def _names(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]  # "pages: structure" means one page
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise FieldError("is not a list of names (e.g. [structure, executives])")
    return tuple(v.strip() for v in values)


def _oia_categories(value: Any) -> tuple[str, ...]:
    """Any spelling the disclosures accept ("ม.7(1)") becomes the category's code; an unknown
    one is kept as written, and warned about with the other references."""
    return tuple(getattr(categories.find(name), "code", name) for name in _names(value))


def _years(value: Any) -> tuple[int, ...]:
    return tuple(_year(v) for v in (value if isinstance(value, list) else [value]))


def _flag(value: Any) -> bool:
    answer = yes_no(value) if isinstance(value, str) else None
    if answer is None:
        raise FieldError(f"'{value}' is not true or false")
    return answer


def _items(value: Any) -> list:
    if not isinstance(value, list) or not value:
        raise FieldError("is not a list of items (each starts with '- code: O1')")
    return value


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise FieldError("is not a set of keys (e.g. pages: [structure] on the next line, indented)")
    return value


@dataclass(frozen=True)
class Key:
    name: str
    parse: Callable[[Any], Any]
    required: str = ""  # what to write, shown when the key is missing; "" means optional
    default: Any = None


TOP = (
    Key("fiscal_year", _year, "the year of the file name, e.g. fiscal_year: 2570"),
    Key("source", _text, "the NACC document the items come from"),
    Key("items", _items, "the O-items, each starting with '- code: O1'"),
)
ITEM = (
    Key("code", _code, "e.g. code: O12"),
    Key("title", _text, "the item's Thai name, e.g. title: โครงสร้าง"),
    Key("evidence", _text, "what counts as evidence, from the NACC handbook"),
    Key("group", _text),
    Key("satisfied_by", _mapping, default={}),
)
SATISFIED_BY = (
    Key("pages", _names, default=()),
    Key("oia_categories", _oia_categories, default=()),
    Key("news_categories", _names, default=()),
    Key("tags", _names, default=()),
    Key("disclosures", _names, default=()),
    Key("fiscal_years", _years, default=()),
    Key("disclosures_oit", _flag, default=True),
)


class _TextLoader(yaml.SafeLoader):
    """Every value as the officer typed it: 030 stays '030' (not octal 24), title: No stays 'No'."""


_TextLoader.yaml_implicit_resolvers = {}


class _Reader:
    """Reads one file; reports each mistake once and remembers whether there was any."""

    def __init__(self, path: str):
        self.path, self.failed = path, False

    def fail(self, field: str, message: str, line: int | None = None) -> None:
        self.failed = True
        problem(self.path, field, message, line=line)

    def keys(self, values: dict, table: tuple[Key, ...], where: str) -> dict:
        names = [key.name for key in table]
        for name in values:
            if name not in names:
                close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"keys here: {', '.join(names)}"
                self.fail(f"{where}{name}", f"unknown key ({hint})")
        parsed = {}
        for key in table:
            if values.get(key.name) in (None, ""):
                if key.required:
                    self.fail(f"{where}{key.name}", f"missing ({key.required})")
                parsed[key.name] = key.default
                continue
            try:
                parsed[key.name] = key.parse(values[key.name])
            except FieldError as error:
                self.fail(f"{where}{key.name}", str(error))
                parsed[key.name] = key.default
        return parsed


def load(path: str) -> Checklist | None:
    """The checklist in ``path``, or None after reporting why it cannot be used."""
    reader = _Reader(path)
    try:
        data = load_yaml(path, loader=_TextLoader)
    except DataFileError as error:
        reader.fail("file", str(error), line=error.line)
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reader.fail("YAML", f"{getattr(error, 'problem', None) or error} (check the indentation, and quote "
                    "text that contains ':' or starts with a symbol)", line=mark.line + 1 if mark else None)
        return None
    if not isinstance(data, dict):
        reader.fail("file", "is not a checklist (it starts with fiscal_year:, source: and items:)")
        return None
    top = reader.keys(data, TOP, "")
    named = int(FILE_NAME.match(os.path.basename(path))[1])
    if top["fiscal_year"] not in (None, named):
        reader.fail("fiscal_year", f"{top['fiscal_year']} does not match the file name "
                                   f"(this file is the checklist of fiscal year {named})")
    items, first_of, group = [], {}, ""
    for number, values in enumerate(top["items"] or [], 1):
        where = f"items[{number}]"
        if not isinstance(values, dict):
            reader.fail(where, "is not an item (each starts with '- code: O1', then title:, evidence:)")
            continue
        item = reader.keys(values, ITEM, f"{where}.")
        found = reader.keys(item["satisfied_by"], SATISFIED_BY, f"{where}.satisfied_by.")
        group = item["group"] or group  # an item without group: stays in the previous item's
        code = item["code"]
        if code in first_of:
            reader.fail(f"{where}.code", f"'{code}' is also {first_of[code]}.code (list each item once)")
        elif code:
            first_of[code] = where
        items.append(Item(code=code, title=item["title"], evidence=item["evidence"], group=group,
                          where=where, **found))
    if reader.failed:
        return None
    return Checklist(path=path, fiscal_year=named, source=top["source"], items=tuple(items))


def files(settings: dict) -> dict[int, str]:
    """Fiscal year -> checklist file in ITA_PATH; other YAML files there are warned about."""
    folder = os.path.join(settings["PATH"], settings["ITA_PATH"])
    found = {}
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        match = FILE_NAME.match(name)
        if match:
            found[int(match[1])] = os.path.join(folder, name)
        elif name.endswith((".yml", ".yaml")):
            warning(os.path.join(folder, name), "file", "is not used: a checklist is named after its "
                    "fiscal year (e.g. 2570.yml)")
    return found
