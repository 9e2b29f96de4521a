"""Where a content file's header ends, and which of its lines are fields (pure functions).

The rule (docs/formats.md, "The header"):

- The header is the lines from the top (blank lines before it are skipped) to the first blank
  line, if any of them is ``Name: value``. Every line in it must be; one that is not is a
  mistake (the blank line before the body left out, a colon forgotten), never body text.
- A blank line cannot end the header early without a word: the paragraphs right after it in
  which every line is ``Name: value`` are returned as ``after_blank``, for the reader to report
  the ones that name a field (``Status: draft`` there would otherwise be published as text).
  Such a paragraph whose names are not fields (``หมายเหตุ: ...``) is body text.
- The first paragraph with a line that is not ``Name: value`` starts the body; from there on
  ``Date: ...`` is just text.

Python-Markdown's meta extension, used before, ended the header at the first name that was
not ASCII (``สรุป:``) and took what followed as body, ``Status: draft`` included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A name is one word starting with a letter: ASCII, Thai (with its combining vowels and tone
# marks) or any other, so "Stàtus" or "สรุปย่อ" is an unknown field rather than body text;
# a time ("09:30 ลงทะเบียน") is not a name.
NAME_LINE = re.compile(r"^ {0,3}(?P<name>[^\W\d_][\w\u0e00-\u0e7f-]{0,39})[ \t]*:[ \t]*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class HeaderLine:
    line: int  # in the file, from 1
    name: str  # as written
    value: str


@dataclass(frozen=True)
class Header:
    fields: tuple[HeaderLine, ...]  # the header's Name: value lines
    stray: tuple[HeaderLine, ...]  # header lines that are not Name: value (name "", value = the line)
    after_blank: tuple[tuple[HeaderLine, ...], ...]  # header-shaped paragraphs right after the header
    body: str  # the rest, with the header's lines left blank so line numbers stay the file's


def field_line(text: str, number: int) -> HeaderLine | None:
    match = NAME_LINE.match(text)
    return HeaderLine(number, match["name"], match["value"]) if match else None


def paragraphs(lines: list[str], start: int) -> list[tuple[int, int]]:
    """(first, end) indexes of the paragraphs from ``start`` on, separated by blank lines."""
    found, first = [], None
    for index in range(start, len(lines) + 1):
        blank = index == len(lines) or not lines[index].strip()
        if blank and first is not None:
            found.append((first, index))
            first = None
        elif not blank and first is None:
            first = index
    return found


def normalise(text: str) -> str:
    """Text as Windows editors save it read like any other: no BOM (Word, Notepad), LF line ends."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Header:
    """Split a file's text (``normalise``d) into its header and body."""
    lines = text.split("\n")
    blocks = paragraphs(lines, 0)
    first, end = blocks[0] if blocks else (0, 0)
    if not any(field_line(lines[index], index + 1) for index in range(first, end)):
        return Header((), (), (), text)  # no header: the file is all body
    fields, stray = [], []
    for index in range(first, end):
        found = field_line(lines[index], index + 1)
        (fields if found else stray).append(found or HeaderLine(index + 1, "", lines[index].strip()))

    after_blank = []
    for first_line, end_line in blocks[1:]:
        shaped = [field_line(lines[i], i + 1) for i in range(first_line, end_line)]
        if not all(shaped):
            break
        after_blank.append(tuple(shaped))
    body = "\n".join([""] * end + lines[end:])
    return Header(tuple(fields), tuple(stray), tuple(after_blank), body)


def without(body: str, drop: list[HeaderLine]) -> str:
    """``body`` with the given lines left blank (a header fragment, kept out of the page)."""
    lines = body.split("\n")
    for item in drop:
        lines[item.line - 1] = ""
    return "\n".join(lines)
