"""SVG drawings (the logo, diagrams) published only after sanitising: ``clean_svg``.

An SVG is a document, not a picture: opened on its own address it can run ``<script>``,
``on*=`` handlers and ``<foreignObject>`` HTML, and fetch other files with ``href``,
``url(...)`` and ``@import``. What survives is a strict allow-list of SVG drawing elements and
attributes, references only inside the same file (``#id``), and no DOCTYPE or entities.
Everything else is removed; the caller names what was removed in one line per file.
"""

from __future__ import annotations

import re

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 2_000_000  # a logo or diagram; larger is more likely a bomb or an embedded photo

# Drawing, structure, paint servers and filter primitives: nothing that runs, embeds or loads.
ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "style",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feDropShadow", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology",
    "feOffset", "feTile", "feTurbulence",
}
# Geometry, presentation and accessibility attributes (no on*, no external references).
ATTRIBUTES = {
    "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "version", "width", "height",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "d", "points", "pathLength",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
    "display", "visibility", "overflow", "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits",
    "maskContentUnits", "filter", "filterUnits", "primitiveUnits", "marker-start", "marker-mid", "marker-end",
    "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient", "vector-effect", "paint-order",
    "shape-rendering", "text-rendering", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "alignment-baseline", "letter-spacing", "word-spacing",
    "text-decoration", "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "patternUnits", "patternContentUnits", "patternTransform",
    "in", "in2", "result", "stdDeviation", "mode", "type", "values", "operator", "k1", "k2", "k3", "k4",
    "flood-color", "flood-opacity", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles",
    "tableValues", "slope", "intercept", "amplitude", "exponent",
    "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "focusable", "lang",
    "href", f"{{{XLINK}}}href", f"{{{XML}}}space", f"{{{XML}}}lang",
}
# url(...) may only point inside the file: url(#gradient).
OUTSIDE_REFERENCE = re.compile(r"url\s*\(\s*(?![\s'\"]*#)|@import|expression\s*\(|javascript:", re.I)
PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
              remove_pis=True)


class NotAnSvg(ValueError):
    """The file cannot be published as a drawing; str() says why, for the officer."""


def clean_svg(data: bytes) -> tuple[bytes, list[str]]:
    """The drawing with only allowed elements and attributes, and what was removed (in order, once each).

    Raises NotAnSvg for a file that is not an SVG drawing at all.
    """
    if len(data) > MAX_BYTES:
        raise NotAnSvg(f"is over {MAX_BYTES:,} bytes (save a simpler drawing, or a PNG)")
    try:
        root = etree.fromstring(data, etree.XMLParser(**PARSER))
    except etree.XMLSyntaxError as error:
        raise NotAnSvg(f"is not a readable SVG ({error.msg}; save it again as Plain SVG)") from None
    if root.tag != f"{{{SVG}}}svg":
        raise NotAnSvg("is not an SVG drawing (its first element is not <svg>)")
    removed: list[str] = []
    _clean_attributes(root, removed)
    _clean_children(root, removed)
    markup = etree.tostring(root, encoding="utf-8", xml_declaration=False)  # no DOCTYPE, entities unexpanded
    return markup + b"\n", list(dict.fromkeys(removed))


def _clean_children(parent, removed: list[str]) -> None:
    for child in list(parent):
        why = _unwanted(child)
        if why:
            removed.append(why)
            _remove(child)
        else:
            _clean_attributes(child, removed)
            _clean_children(child, removed)


def _unwanted(element) -> str | None:
    """What to call a child element that is removed with its content, or None to keep it."""
    if not isinstance(element.tag, str):
        return "an entity" if element.tag is etree.Entity else None  # comments and PIs are not parsed
    name = etree.QName(element).localname
    if etree.QName(element).namespace != SVG or name not in ELEMENTS:
        return f"<{name}>"
    if name == "style" and OUTSIDE_REFERENCE.search(element.text or ""):
        return "<style> with url(), @import or script"
    return None


def _clean_attributes(element, removed: list[str]) -> None:
    for attribute, value in list(element.attrib.items()):
        name = _attribute_name(attribute)
        if attribute not in ATTRIBUTES:
            removed.append(f"{name}=")
        elif name.endswith("href") and not value.strip().startswith("#"):
            removed.append(f'{name}="{value}"')
        elif OUTSIDE_REFERENCE.search(value):
            removed.append(f'{name}="{value}"')
        else:
            continue
        del element.attrib[attribute]


def _remove(element) -> None:
    """Take the element out with its content; text after it stays."""
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _attribute_name(attribute: str) -> str:
    qualified = etree.QName(attribute)
    return {XLINK: "xlink:", XML: "xml:"}.get(qualified.namespace or "", "") + qualified.localname
