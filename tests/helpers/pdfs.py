"""Reading PDFs back: the alt text of their figures (logo, QR code), their images."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def figures(pdf: bytes | Path) -> list[str]:
    """The alt text of every Figure in the PDF's structure tree."""
    reader = PdfReader(pdf) if isinstance(pdf, Path) else PdfReader(io.BytesIO(pdf))
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def image_sizes(pdf: bytes | Path) -> set[tuple[int, int]]:
    """The pixel size of every image the PDF's pages draw (the logo, the QR code)."""
    reader = PdfReader(pdf) if isinstance(pdf, Path) else PdfReader(io.BytesIO(pdf))
    sizes = set()
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject") or {}
        for name in objects:
            image = objects[name].get_object()
            if image.get("/Subtype") == "/Image":
                sizes.add((int(image["/Width"]), int(image["/Height"])))
    return sizes
