"""Office documents (Word, Excel, PowerPoint, OpenDocument): their text, and a published copy
without the author's name.

They are ZIP files of XML, so a hostile one may be a zip bomb or an XML entity bomb. The number
of members and the bytes they unpack to are capped before anything is read (ZipFile never
unpacks more than a member declares: a member that lies fails its CRC), and the XML is parsed
by expat as a stream with any DTD refused (office XML never has one; entity bombs need one).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from .document import Document, Unreadable

NOT_A_DOCUMENT = "not a complete Word, Excel, PowerPoint or OpenDocument file"
# What zipfile raises for a truncated, encrypted (Office saves those as OLE files) or odd archive.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError,
               KeyError, ValueError)

# The author's name and the last editor's: OOXML core properties, ODF meta. The published
# copy gets these empty documents instead (valid, so the file still opens without a repair).
EMPTY_METADATA = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp='
        b'"http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'),
    "meta.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office='
        b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/>'
        b'</office:document-meta>'),
}
_CHUNK = 64 * 1024


@dataclass
class _Units:
    """Collects the text of each unit element (paragraph, cell) from expat's events."""

    units: set[str]                 # local names of the elements whose text is one unit
    text: set[str] | None = None    # local names holding text; None: all character data in a unit
    container: str | None = None    # counted, so a unit can say "sheet 2" / "slide 3"
    found: list[tuple[dict, int, int, str]] = field(default_factory=list)  # (attrs, container, unit, text)
    _open: list[tuple[dict, int, int, list[str]]] = field(default_factory=list)
    _in_text: int = 0
    _containers: int = 0
    _count: int = 0

    def start(self, tag: str, attrs: dict) -> None:
        name = tag.rsplit(" ", 1)[-1]
        if name == self.container:
            self._containers += 1
        if name in self.units:
            self._count += 1
            self._open.append((attrs, self._containers, self._count, []))
        elif name in ("tab", "s", "br", "line-break") and self._open:  # spaces and breaks written as elements
            self._open[-1][3].append(" ")
        self._in_text += bool(self.text and name in self.text)

    def end(self, tag: str) -> None:
        name = tag.rsplit(" ", 1)[-1]
        self._in_text -= bool(self.text and name in self.text)
        if name in self.units and self._open:
            self._emit()

    def chars(self, data: str) -> None:
        if self._open and (self.text is None or self._in_text):
            self._open[-1][3].append(data)

    def _emit(self) -> None:
        attrs, container, number, parts = self._open.pop()
        self.found.append((attrs, container, number, "".join(parts)))


def _parse(archive: zipfile.ZipFile, name: str, units: _Units) -> list[tuple[dict, int, int, str]]:
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*args):
        raise Unreadable(f"{name} declares a DTD, which office files never need")

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.StartElementHandler, parser.EndElementHandler = units.start, units.end
    parser.CharacterDataHandler = units.chars
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Unreadable(f"{name} is not valid XML ({expat.ErrorString(error.code)})") from error
    return units.found


def _numbered(archive: zipfile.ZipFile, pattern: str) -> list[tuple[int, str]]:
    """Members like ppt/slides/slide12.xml, in number order: (12, name)."""
    found = [(int(match[1]), name) for name in archive.namelist() if (match := re.fullmatch(pattern, name))]
    return sorted(found)


def _docx(archive):
    parts = [("", "word/document.xml")] + [
        (re.sub(r"^word/|\.xml$", "", name) + ", ", name) for name in sorted(archive.namelist())
        if re.fullmatch(r"word/(header\d*|footer\d*|footnotes|endnotes|comments)\.xml", name)]
    for prefix, name in parts:
        if name in archive.namelist():
            for _, _, number, text in _parse(archive, name, _Units({"p"}, {"t", "delText", "instrText"})):
                yield f"{prefix}paragraph {number}", text


def _xlsx(archive):
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        shared = [text for *_, text in _parse(archive, "xl/sharedStrings.xml", _Units({"si"}, {"t"}))]
    for sheet, name in _numbered(archive, r"xl/worksheets/sheet(\d+)\.xml"):
        for attrs, _, _, text in _parse(archive, name, _Units({"c"}, {"v", "t"})):
            if attrs.get("t") == "s":  # the cell holds an index into the shared strings
                text = shared[int(text)] if text.strip().isdigit() and int(text) < len(shared) else ""
            yield f"sheet {sheet}, cell {attrs.get('r', '?')}", text


def _pptx(archive):
    for pattern, label in ((r"ppt/slides/slide(\d+)\.xml", "slide"), (r"ppt/notesSlides/notesSlide(\d+)\.xml", "notes")):
        for slide, name in _numbered(archive, pattern):
            for *_, text in _parse(archive, name, _Units({"p"}, {"t"})):
                yield f"{label} {slide}", text


def _odf(container: str | None, label: str):
    def read(archive):
        for name in ("content.xml", "styles.xml"):  # styles.xml holds headers and footers
            if name not in archive.namelist():
                continue
            prefix = "" if name == "content.xml" else "header or footer, "
            for _, outer, number, text in _parse(archive, name, _Units({"p", "h"}, container=container)):
                yield (f"{prefix}{label} {outer}" if container and outer else f"{prefix}paragraph {number}"), text
    return read


# extension -> the units of text a reader of the published file sees
READERS = {
    ".docx": _docx, ".xlsx": _xlsx, ".pptx": _pptx,
    ".odt": _odf(None, "paragraph"), ".ods": _odf("table", "sheet"), ".odp": _odf("page", "slide"),
}


def _archive(data: bytes, max_members: int, max_unzipped: int) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_ERRORS as error:
        raise Unreadable(NOT_A_DOCUMENT) from error
    if len(members) > max_members:
        raise Unreadable(f"it holds {len(members)} files, more than PII_GUARD_MAX_ZIP_MEMBERS ({max_members})")
    unzipped = sum(member.file_size for member in members)
    if unzipped > max_unzipped:
        raise Unreadable(f"it unpacks to {unzipped} bytes, more than PII_GUARD_MAX_UNZIPPED_BYTES ({max_unzipped})")
    return archive


def read(data: bytes, extension: str, max_members: int, max_unzipped: int) -> Document:
    archive = _archive(data, max_members, max_unzipped)
    try:
        units = list(READERS[extension](archive))
    except _ZIP_ERRORS as error:
        raise Unreadable(NOT_A_DOCUMENT) from error
    return Document(units, has_metadata=any(name in EMPTY_METADATA for name in archive.namelist()))


def without_metadata(data: bytes, max_members: int, max_unzipped: int) -> bytes:
    """The same archive, member for member, with the metadata parts emptied."""
    archive, out = _archive(data, max_members, max_unzipped), io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w") as copy:
            for member in archive.infolist():  # same order and compression: ODF needs mimetype first, stored
                if member.filename in EMPTY_METADATA:
                    copy.writestr(member, EMPTY_METADATA[member.filename])
                    continue
                with archive.open(member) as source, copy.open(member, "w") as target:
                    shutil.copyfileobj(source, target, _CHUNK)
    except _ZIP_ERRORS as error:
        raise Unreadable(NOT_A_DOCUMENT) from error
    return out.getvalue()
