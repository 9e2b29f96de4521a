"""The Markdown reader with prsite's content model.

Pelican's MarkdownReader would raise (and print a traceback) on a Thai date, and
accepts any metadata key silently. This reader reads the header itself (``header``:
to its real end, Thai field names too), parses every field with the table in
``schema``, reports each mistake as one ``path: Field: message`` line, and returns
placeholders so reading goes on and every mistake is found in one run. An item
whose Status could not be read for sure is kept a draft, so even a build that goes
on after errors (``prsite serve``) never publishes it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from markdown import Markdown
from pelican.readers import MarkdownReader

from plugins.common import problem, warning
from plugins.thai_text import thaitext

from . import cache, sanitise
from .tables import wrap_tables
from .header import Header, HeaderLine, normalise, split, without
from .schema import Context, FieldError, kind_for, unpublishable_part

# Officer's notes to self: never published.
HTML_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
NOT_A_FIELD_LINE = "is not a 'Field: value' line (leave one blank line between the header and the body)"
BELOW_THE_HEADER = ("is below the header, which ends at the first blank line "
                    "(move it up, or if it is body text write the name in bold: **{name}:**)")


@dataclass(frozen=True)
class Source:
    """A content file's text and header as the reader sees them (API: ``read_source``)."""

    text: str  # no BOM, LF line ends: line numbers are the file's
    header: Header

    @property
    def fields(self) -> tuple[HeaderLine, ...]:
        """The header's ``Name: value`` lines, names as written (Thai ones too), with their lines."""
        return self.header.fields

    def field_on(self, line: int) -> str | None:
        """The name of the header field on ``line`` (from 1); None for a body line."""
        return next((field.name for field in self.header.fields if field.line == line), None)

    def without_notes(self) -> str:
        """The text with the officer's <!-- notes to self --> blanked: never published, so free to
        hold a contact's mobile number. Newlines stay, so line numbers do."""
        return HTML_COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), self.text)


def read_source(path: str) -> Source:
    """A content file's header fields with their line numbers, and its text, read by the reader's
    own rules (API: for plugins that need what the officer wrote, not the parsed values). Bytes
    that are not UTF-8 are replaced: the reader reports such a file."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = normalise(handle.read())
    return Source(text, split(text))


class PrsiteMarkdownReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        kind = kind_for(source_path, self.settings)
        data = self._source_bytes(source_path)
        if data is None:
            return "", self._fill_in(kind, {"status": "draft"}, source_path)
        return cache.read(source_path, data, lambda: self._read_fresh(source_path, data, kind))

    def _read_fresh(self, source_path, data, kind):
        text = self._decoded(source_path, data)
        if text is None:
            return "", self._fill_in(kind, {"status": "draft"}, source_path)
        if not hasattr(self, "_md"):  # one converter, reset per file: making one costs 1.2 ms
            self._md = Markdown(**self.settings["MARKDOWN"])
            self._md.preprocessors.deregister("meta", strict=False)  # the header is read by header.split
        self._md.reset()
        header = split(text)
        # Header paragraphs cut off by a blank line: reported, and kept out of the page.
        cut_off = [block for block in header.after_blank if kind and any(kind.field(f.name) for f in block)]
        body = without(header.body, [f for b in cut_off for f in b])  # header lines blank: lines stay the file's
        self._text = text
        content = wrap_tables(self._sanitised(HTML_COMMENT.sub("", self._md.convert(body)), "body", body))
        return content, self._parse_metadata(header, cut_off, kind)

    def _source_bytes(self, path) -> bytes | None:
        """The file's bytes; None, after one line saying why, if it cannot be content (outside
        content/ through a symlink, too big to read)."""
        root = self.settings["PATH"]
        outside = unpublishable_part(root, os.path.relpath(path, root))
        if outside:
            problem(path, "file", f"not read: {outside[1]} (move the file itself into content/)")
            return None
        limit, size = self.settings["CONTENT_MODEL_MAX_BYTES"], os.path.getsize(path)
        if size > limit:
            problem(path, "file", f"is {size / 1_000_000:.1f} MB, over the {limit / 1_000_000:g} MB limit "
                    "(put long documents in files/ and link them)")
            return None
        with open(path, "rb") as handle:
            return handle.read()

    def _decoded(self, path, data) -> str | None:
        """The text with LF line ends and no BOM; None, after one line saying why, if it is binary
        or not UTF-8."""
        if b"\0" in data:  # an image or a Word file renamed .md, or UTF-16 from Notepad
            problem(path, "file", "is not text (it has NUL bytes; save it again as plain text, UTF-8)")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            problem(path, "file", "is not UTF-8 text (save it again as UTF-8)")
            return None
        return normalise(text)

    def _parse_metadata(self, header, cut_off, kind):
        path = self._source_path
        if kind is None:  # outside every content folder: Pelican's own rules
            return {f.name.lower(): self.process_metadata(f.name.lower(), f.value) for f in header.fields}

        for stray in header.stray:
            shown = stray.value if len(stray.value) <= 60 else stray.value[:59] + "…"
            problem(path, "header", f"'{shown}' {NOT_A_FIELD_LINE}", line=stray.line)
        for block in cut_off:
            for item in block:
                if kind.field(item.name):
                    problem(path, item.name, BELOW_THE_HEADER.format(name=item.name), line=item.line)
        given, output = {}, {}  # field key -> its header line; -> its parsed value
        for item in header.fields:
            spec = kind.field(item.name)
            if spec is None:
                problem(path, item.name, kind.unknown_field_message(item.name), line=item.line)
            elif spec.key in given:
                problem(path, item.name, f"is also on line {given[spec.key].line} (keep one)", line=item.line)
            else:
                given[spec.key] = item
        for key, item in given.items():
            if item.value == "":  # a field left empty in the template means "not given"
                continue
            spec = kind.field(key)
            shown = spec.name if item.name.lower() == spec.key else item.name  # Thai names as written
            context = Context(self.settings, path, warn=lambda message, shown=shown: warning(path, shown, message))
            try:
                parsed = spec.parse(item.value, context)
            except FieldError as error:
                problem(path, shown, str(error))
                continue
            output[key] = self._pelican_value(key, parsed)

        # Fail closed: any header line that could not be read may be the Status (misspelt, cut off
        # by a blank line, given twice), and a Status that could not be read is not "published".
        status_unread = "status" in given and given["status"].value and "status" not in output
        if header.stray or cut_off or len(given) < len(header.fields) or status_unread:
            output["status"] = "draft"
        self._check_required(kind, {key: item.value for key, item in given.items()}, output, path)
        return output

    def _pelican_value(self, key, parsed):
        if key == "summary":
            self._md.reset()
            return self._sanitised(self._md.convert(parsed), "Summary", self._text)
        if key == "category" and isinstance(parsed, str):
            section = self.process_metadata(key, parsed)
            section.slug = self.settings["CONTENT_MODEL_CATEGORIES"][parsed]
            return section
        if key == "tags":
            tags = self.process_metadata(key, ", ".join(parsed))
            for tag in tags:
                tag.slug = thaitext.slugify(tag.name) or tag.slug
            return tags
        return parsed

    def _sanitised(self, markup, field, source):
        """Only allow-listed HTML is published (sanitise); one warning per thing removed, at its
        line in ``source`` (the file's text, or the body with the header's lines left blank)."""
        found = sanitise.removals(markup)
        start = len(source) - len(source.lstrip())  # where the field's text begins
        for removal, line in zip(found, sanitise.lines_of(found, source, start)):
            warning(self._source_path, field, str(removal), line=line)
        return sanitise.clean(markup)

    def _check_required(self, kind, raw, output, path):
        for spec in kind.fields:
            if spec.required and not raw.get(spec.key):
                problem(path, spec.name, f"missing (add a line '{spec.name}: {spec.example or '...'}' at the top)")
        if output.get("image") and not output.get("image_alt"):
            problem(path, "Image_alt", f"missing for Image '{output['image']}' "
                    "(describe the photo for readers who cannot see it)")
        self._fill_in(kind, output, path)

    def _fill_in(self, kind, output, path):
        """Derived values, and placeholders that let Pelican go on reading after a mistake
        (the build stops before writing anyway)."""
        output.setdefault("title", os.path.basename(path))
        if kind is None:
            return output
        if kind.needs_date:
            output.setdefault("date", thaitext.now())
        if kind.derive:
            kind.derive(output)
        if "slug" not in output:
            output["slug"] = default_slug(output["title"], path)
        if kind.name == "news" and "category" not in output:
            output["category"] = self._pelican_value("category", next(iter(self.settings["CONTENT_MODEL_CATEGORIES"])))
        return output


def default_slug(title: str, path: str) -> str:
    """Slug from the title's romanisation; the file name if the title gives none."""
    stem = os.path.splitext(os.path.basename(path))[0]
    return thaitext.slugify(title) or thaitext.slugify(stem) or "item"
