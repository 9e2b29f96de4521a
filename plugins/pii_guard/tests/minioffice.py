"""Minimal but real office documents (OOXML and ODF), written with zipfile: test data.

Each holds only the parts a reader needs; Word, Excel, PowerPoint and LibreOffice open them.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
P = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
     'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')
CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>'
        '<cp:lastModifiedBy>{creator}</cp:lastModifiedBy></cp:coreProperties>')
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _core(creator: str | None) -> dict[str, str]:
    return {"docProps/core.xml": CORE.format(title="draft", creator=escape(creator))} if creator else {}


def docx(paragraphs: list[str], creator: str | None = None) -> bytes:
    """Each paragraph's text split over two runs, as Word does when formatting changes mid-line."""
    body = "".join(f"<w:p><w:r><w:t>{escape(p[:len(p) // 2])}</w:t></w:r><w:r><w:t xml:space=\"preserve\">"
                   f"{escape(p[len(p) // 2:])}</w:t></w:r></w:p>" for p in paragraphs)
    return _zip({"[Content_Types].xml": XML + "<Types/>", **_core(creator),
                 "word/document.xml": f"{XML}<w:document {W}><w:body>{body}</w:body></w:document>"})


def xlsx(shared: list[str], sheets: list[dict[str, str]]) -> bytes:
    """``sheets``: cell reference -> value; a value "s:N" is shared string N, others are numbers."""
    strings = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
    parts = {"[Content_Types].xml": XML + "<Types/>",
             "xl/sharedStrings.xml": f"{XML}<sst {S}>{strings}</sst>"}
    for number, cells in enumerate(sheets, start=1):
        row = "".join(f'<c r="{ref}" t="s"><v>{value[2:]}</v></c>' if value.startswith("s:")
                      else f'<c r="{ref}"><v>{value}</v></c>' for ref, value in cells.items())
        parts[f"xl/worksheets/sheet{number}.xml"] = f"{XML}<worksheet {S}><sheetData><row>{row}</row></sheetData></worksheet>"
    return _zip(parts)


def pptx(slides: list[list[str]]) -> bytes:
    parts = {"[Content_Types].xml": XML + "<Types/>"}
    for number, paragraphs in enumerate(slides, start=1):
        text = "".join(f"<a:p><a:r><a:t>{escape(p)}</a:t></a:r></a:p>" for p in paragraphs)
        parts[f"ppt/slides/slide{number}.xml"] = (f"{XML}<p:sld {P}><p:cSld><p:spTree><p:sp><p:txBody>{text}"
                                                   "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>")
    return _zip(parts)


def odt(paragraphs: list[str]) -> bytes:
    text = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text",
                 "content.xml": f"{XML}<office:document-content {ODF}><office:body><office:text>{text}"
                                "</office:text></office:body></office:document-content>"})
