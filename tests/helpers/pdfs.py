"""Reading PDFs back: the alt text of their figures (logo, QR code)."""

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
