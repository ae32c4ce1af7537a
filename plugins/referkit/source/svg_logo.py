"""An SVG logo is data, not code: what it may hold before ReferKit publishes or prints it.

The logo is published at its own URL (opened there, an SVG runs its scripts in the
site's origin) and drawn into every PDF by WeasyPrint (which fetches what it refers
to). So a logo is read with a parser that refuses DTDs and entities (``defusedxml``),
and every element, attribute and style in it is checked against what a drawing needs:

- SVG drawing elements only (no ``script``, ``foreignObject``, animation, fonts or
  elements of other XML vocabularies, bar the metadata editors such as Inkscape add);
- no event handler attributes (``onload``, ``onclick``, …);
- references only inside the file (``#id``) or to embedded PNG, JPEG, GIF or WebP data:
  no address, no other file, no ``javascript:``;
- styles without ``@import``, ``@font-face``, escapes, or ``url()`` and image functions
  that point anywhere but ``#id``;
- no processing instructions (``<?xml-stylesheet?>`` loads a stylesheet);
- UTF-8 text, so a browser and this check read the same characters.

Anything else is refused with its line and column; nothing is rewritten, so what was
checked is byte for byte what is published.
"""

from __future__ import annotations

import re

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# metadata that drawing programs write; browsers and WeasyPrint ignore these elements
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://www.serif.com/",
    }
)
DRAWING_ELEMENTS = frozenset(
    {
        "a",
        "circle",
        "clipPath",
        "defs",
        "desc",
        "ellipse",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feImage",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
        "filter",
        "g",
        "image",
        "line",
        "linearGradient",
        "marker",
        "mask",
        "metadata",
        "path",
        "pattern",
        "polygon",
        "polyline",
        "radialGradient",
        "rect",
        "stop",
        "style",
        "svg",
        "switch",
        "symbol",
        "text",
        "textPath",
        "title",
        "tspan",
        "use",
        "view",
    }
)
_REFERENCE_ATTRIBUTES = frozenset({"href", "src"})
_EMBEDDED_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*", re.I)
# CSS that fetches: url() and the image functions; and the at-rules that load files
_CSS_FETCH = re.compile(
    r"(?<![\w-])(url|src|image|image-set|-webkit-image-set|cross-fade|element)\s*\(\s*(['\"]?)",
    re.I,
)
_CSS_FORBIDDEN = re.compile(r"@import|@font-face|expression\s*\(|javascript:|-moz-binding", re.I)


def _local(name: str) -> tuple[str, str]:
    """``{namespace}local`` as (namespace, local)."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _css_problem(text: str) -> str | None:
    if "\\" in text:
        return "a backslash escape in a style (it can hide what the style loads)"
    forbidden = _CSS_FORBIDDEN.search(text)
    if forbidden:
        return f"{forbidden.group(0).strip()!r} in a style: it loads or runs something"
    for match in _CSS_FETCH.finditer(text):
        rest = text[match.end() :]
        if match.group(1).lower() != "url" or not rest.startswith("#"):
            shown = (match.group(0) + rest)[:60]
            return f"{shown!r} in a style refers to something outside the logo"
    return None


def _reference_problem(value: str) -> str | None:
    value = value.strip()
    if value.startswith("#") or _EMBEDDED_IMAGE.fullmatch(value):
        return None
    return "refers to something outside the logo (an address, another file or a script)"


class _Checker:
    """An expat target that checks each element as it is read, with its position."""

    def __init__(self) -> None:
        self.parser: DefusedXMLParser | None = None
        self.problems: list[tuple[int, int, str]] = []
        self._style_depth = 0
        self._style_text: list[str] = []
        self._style_at = (1, 1)

    def _at(self) -> tuple[int, int]:
        expat = self.parser.parser  # the pyexpat parser under ElementTree's
        return expat.CurrentLineNumber, expat.CurrentColumnNumber + 1

    def _refuse(self, message: str, at: tuple[int, int] | None = None) -> None:
        line, col = at or self._at()
        self.problems.append((line, col, message))

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, name = _local(tag)
        if namespace == SVG_NS:
            if name not in DRAWING_ELEMENTS:
                self._refuse(f"a <{name}> element: a logo holds drawing elements only")
        elif namespace not in EDITOR_NAMESPACES:
            where = f" of {namespace}" if namespace else " outside the SVG namespace"
            self._refuse(f"a <{name}> element{where}: a logo holds SVG drawing elements only")
        if namespace == SVG_NS and name == "style":
            self._style_depth += 1
            self._style_text = []
            self._style_at = self._at()
        for attribute, value in attrs.items():
            attr_ns, attr = _local(attribute)
            if attr.lower().startswith("on"):
                self._refuse(f"an event handler ({attr}=…): a logo runs no script")
            elif attr_ns not in ("", XLINK_NS, XML_NS) and attr_ns not in EDITOR_NAMESPACES:
                self._refuse(f"an attribute {attr} of {attr_ns}: not an SVG attribute")
            elif attr in _REFERENCE_ATTRIBUTES:
                problem = _reference_problem(value)
                if problem:
                    self._refuse(f"{attr}={value[:120]!r} {problem}")
            elif "(" in value or "@" in value or "\\" in value or attr == "style":
                problem = _css_problem(value)
                if problem:
                    self._refuse(f"{attr}=…: {problem}")

    def end(self, tag: str) -> None:
        if tag == f"{{{SVG_NS}}}style" and self._style_depth:
            self._style_depth -= 1
            problem = _css_problem("".join(self._style_text))
            if problem:
                self._refuse(f"<style>: {problem}", self._style_at)

    def data(self, text: str) -> None:
        if self._style_depth:
            self._style_text.append(text)

    def pi(self, target: str, text: str) -> None:
        self._refuse(f"a processing instruction <?{target} …?>: it can load a stylesheet")

    def close(self) -> None:
        return None


def svg_logo_problems(data: bytes) -> list[tuple[int, int, str]]:
    """What in an SVG logo could run or fetch something: (line, column, what), in order.

    An empty list means the logo is plain drawing data.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [(line, 1, "not UTF-8 text: save the SVG as UTF-8")]
    head = data[:200].decode("utf-8", "replace")
    declared = re.match(r"\s*<\?xml[^>]*encoding=['\"]([^'\"]+)", head)
    if declared and declared.group(1).lower().replace("_", "-") not in {"utf-8", "us-ascii"}:
        return [(1, 1, f"declares encoding {declared.group(1)!r}: save the SVG as UTF-8")]
    checker = _Checker()
    parser = DefusedXMLParser(target=checker, forbid_dtd=True)
    checker.parser = parser
    try:
        parser.feed(data)
        parser.close()
    except DefusedXmlException as exc:
        kind = "a DTD (<!DOCTYPE …>)" if type(exc).__name__ == "DTDForbidden" else "an entity"
        line, col = checker._at()
        checker.problems.append(
            (line, col, f"{kind}: a logo may not declare entities or load other files")
        )
    except ParseError as exc:
        line, col = exc.position
        checker.problems.append((line, col + 1, f"not well-formed XML ({exc.msg})"))
    if not checker.problems:
        return []
    return sorted(set(checker.problems))
