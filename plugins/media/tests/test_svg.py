"""clean_svg: what an SVG keeps and loses before it is published (one row per rule)."""

import pytest

from plugins.media.svg import MAX_BYTES, NotAnSvg, clean_svg

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def clean(inner: str) -> tuple[str, list[str]]:
    drawing, removed = clean_svg(f"{OPEN}{inner}</svg>".encode())
    return drawing.decode(), removed


@pytest.mark.parametrize("inner, removed, gone", [
    ("<script>alert(1)</script>", ["<script>"], "alert"),
    ('<rect width="1" onclick="alert(1)"/>', ["onclick="], "alert"),
    ('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></body></foreignObject>',
     ["<foreignObject>"], "x()"),
    ('<x:script xmlns:x="http://www.w3.org/1999/xhtml">x()</x:script>', ["<script>"], "x()"),
    ('<image href="https://evil.example/p.png" width="5"/>', ["<image>"], "evil"),
    ('<use xlink:href="https://evil.example/a.svg#x"/>', ['xlink:href="https://evil.example/a.svg#x"'], "evil"),
    ('<a href="javascript:alert(1)"><rect width="1"/></a>', ["<a>"], "javascript"),
    ('<rect style="fill: url(https://evil.example/x)"/>', ['style="fill: url(https://evil.example/x)"'], "evil"),
    ("<style>@import url(https://evil.example/x.css);</style>", ["<style> with url(), @import or script"], "evil"),
    ('<animate attributeName="href" to="javascript:alert(1)"/>', ["<animate>"], "javascript"),
    ('<set attributeName="onload" to="alert(1)"/>', ["<set>"], "alert"),
])
def test_what_could_run_or_load_is_removed(inner, removed, gone):
    drawing, found = clean(inner)
    assert found == removed
    assert gone not in drawing


@pytest.mark.parametrize("inner", [
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#0b4f8a"/></linearGradient></defs>'
    '<rect width="10" height="10" fill="url(#g)"/>',
    '<symbol id="s"><circle r="2"/></symbol><use href="#s"/><use xlink:href="#s" x="3"/>',
    '<title>ตราสำนักงาน</title><text x="1" y="9" font-family="Sarabun">สพป.</text>',
    "<style>.a { fill: #f2c14e }</style><path class=\"a\" d=\"M0 0 L10 10\"/>",
])
def test_drawings_keep_what_they_draw_with(inner):
    drawing, removed = clean(inner)
    assert removed == []
    assert inner.split(">")[0] in drawing  # the first element, attributes and all


def test_entities_and_doctype_are_not_expanded_or_published():
    data = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            + OPEN.encode() + b"<text>&b;</text></svg>")
    drawing, removed = clean_svg(data)
    assert removed == ["an entity"] and b"aaaa" not in drawing and b"DOCTYPE" not in drawing


@pytest.mark.parametrize("data, message", [
    (b"<html><script>x()</script></html>", "is not an SVG drawing (its first element is not <svg>)"),
    (b"<svg", "is not a readable SVG"),
    (b" " * (MAX_BYTES + 1), f"is over {MAX_BYTES:,} bytes (save a simpler drawing, or a PNG)"),
])
def test_what_is_not_a_drawing_is_refused(data, message):
    with pytest.raises(NotAnSvg) as refused:
        clean_svg(data)
    assert str(refused.value).startswith(message)
