"""A real PDF with a text layer, written by hand (Pillow makes image-only PDFs): test data."""

from __future__ import annotations


def _string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def minimal_pdf(pages: list[list[str]], info: dict[str, str] | None = None, xmp: str | None = None) -> bytes:
    """One page per list, its lines shown in Helvetica (ASCII only, which the digits are);
    ``info`` is the document information (Author, Creator, ...), ``xmp`` an XMP packet."""
    catalog = "<< /Type /Catalog /Pages 2 0 R" + (" /Metadata 4 0 R" if xmp else "") + " >>"
    objects = [catalog, "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    if xmp:
        objects.append(f"<< /Type /Metadata /Subtype /XML /Length {len(xmp.encode())} >>\nstream\n{xmp}\nendstream")
    kids = []
    for lines in pages:
        stream = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"{_string(line)} Tj T*" for line in lines) + " ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"

    if info:  # PDF text strings in UTF-16BE, so Thai and backslashes survive
        entries = " ".join(f"/{key} <FEFF{value.encode('utf-16-be').hex()}>" for key, value in info.items())
        objects.append(f"<< {entries} >>")
    trailer_info = f" /Info {len(objects)} 0 R" if info else ""

    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{trailer_info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
