"""The Markdown reader with prsite's content model.

Pelican's MarkdownReader would raise (and print a traceback) on a Thai date, and
accepts any metadata key silently. This reader parses every field with the table
in ``schema``, reports each mistake as one ``path: Field: message`` line, and
returns placeholders so reading goes on and every mistake is found in one run.
"""

from __future__ import annotations

import os
import re

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from plugins.common import problem, warning
from plugins.thai_text import thaitext

from . import sanitise
from .schema import Context, FieldError, kind_for

# Officer's notes to self: never published.
HTML_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
META_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:", re.M)


class PrsiteMarkdownReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        try:
            with pelican_open(source_path) as text:
                pass
        except UnicodeDecodeError:
            problem(source_path, "file", "is not UTF-8 text (save it again as UTF-8)")
            return "", self._fill_in(kind_for(source_path, self.settings), {}, source_path)
        head = text.split("\n\n", 1)[0]
        self._written_names = {m.lower(): m for m in META_LINE.findall(head)}
        self._text = text
        content = self._sanitised(HTML_COMMENT.sub("", self._md.convert(text)), "body", len(head))
        metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        return content, metadata

    def _parse_metadata(self, meta):
        path = self._source_path
        kind = kind_for(path, self.settings)
        self._md.preprocessors.deregister("meta")
        raw = {name.lower(): "\n".join(values).strip() for name, values in meta.items()}
        if kind is None:  # outside every content folder: Pelican's own rules
            return {name: self.process_metadata(name, value) for name, value in raw.items()}

        context = Context(self.settings, path)
        output = {}
        for key, value in raw.items():
            spec = kind.field(key)
            if spec is None:
                problem(path, self._written_names.get(key, key), kind.unknown_field_message(key))
                continue
            if value == "":  # a field left empty in the template means "not given"
                continue
            try:
                parsed = spec.parse(value, context)
            except FieldError as error:
                problem(path, spec.name, str(error))
                continue
            output[key] = self._pelican_value(key, parsed)

        self._check_required(kind, raw, output, path)
        return output

    def _pelican_value(self, key, parsed):
        if key == "summary":
            self._md.reset()
            return self._sanitised(self._md.convert(parsed), "Summary", 0)
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

    def _sanitised(self, markup, field, start):
        """Only allow-listed HTML is published (sanitise); one warning per thing removed,
        at its line in the file (searched from ``start``, where the field's text begins)."""
        found = sanitise.removals(markup)
        for removal, line in zip(found, sanitise.lines_of(found, self._text, start)):
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
