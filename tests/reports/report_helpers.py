"""What the report tests share: reading a PDF's text and pages (pypdfium2), and the links,
anchors and images of an HTML page (the standard library's parser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pypdfium2 as pdfium
from PIL import Image, ImageStat


@dataclass
class Pdf:
    """A PDF read back: its text (whitespace collapsed), page count and page images."""

    text: str
    pages: int
    images: list[Image.Image]


def read_pdf(data: bytes, render: tuple[int, ...] = (0,), scale: float = 1.0) -> Pdf:
    """Text of every page, and the chosen pages rendered to images."""
    doc = pdfium.PdfDocument(data)
    try:
        texts, images = [], []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            if i in render:
                images.append(page.render(scale=scale).to_pil())
            page.close()
        return Pdf(" ".join(" ".join(texts).split()), len(doc), images)
    finally:
        doc.close()


def variance(img: Image.Image) -> float:
    """Pixel variance of the greyscale image (0 for a blank page)."""
    return float(ImageStat.Stat(img.convert("L")).var[0])


@dataclass
class Page(HTMLParser):
    """Ids, internal links, images and external resources of an HTML page."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    rows: dict[str, list[str]] = field(default_factory=dict)
    _row: str | None = None

    def __post_init__(self) -> None:
        HTMLParser.__init__(self)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag in ("img", "script", "link", "iframe", "source") and (
            a.get("src", "").startswith(("http", "//")) or a.get("href", "").startswith("http")
        ):
            self.external.append(a.get("src") or a.get("href", ""))
        if tag == "tr":
            self._row = a.get("id")
            if self._row:
                self.rows[self._row] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row and data.strip():
            self.rows[self._row].append(data.strip())


def parse_html(html: str) -> Page:
    """Parse a page."""
    page = Page()
    page.feed(html)
    page.close()
    return page
