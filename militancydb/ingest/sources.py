"""Documents from paths: files of plain text, HTML pages saved from news sites, RSS/Atom
feeds (one document per item), and folders of them (walked in name order, lazily).

What a file is comes from its content, not only its name: a feed starts with ``<rss``,
``<feed`` or ``<rdf:RDF`` after an XML prolog; an HTML page has ``<html`` or ``<body``;
anything else that decodes as text is plain text. A file with NUL bytes is binary and
rejected; a file over ``MAX_BYTES`` is rejected with its size (nothing is read into memory
whole beyond that limit). Rejections are yielded like documents, so the caller can record
them: nothing is dropped silently.

HTML main text comes from trafilatura (boilerplate — menus, footers — removed), with its
metadata (title, date, site name, URL); feeds are parsed by feedparser, which tolerates
malformed XML (its ``bozo`` flag is passed on as a note).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|head|article|p)\b", re.I)
_FEED = re.compile(rb"^(?:\s|<\?xml[^>]*>|<!--.*?-->)*<\s*(?:rss|feed|rdf:RDF)\b", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class RawDocument:
    """One document read from a file (a feed item is one document)."""

    source_path: str
    kind: str  # text | html | feed-item
    text: str
    item: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD
    note: str | None = None
    declared_language: str | None = None  # what the feed or page says it is written in


@dataclass(frozen=True)
class Rejected:
    """A file that could not be read as a document, and why (with the fix)."""

    source_path: str
    reason: str
    content_hash: str
    size: int


def walk(paths: Iterable[str]) -> Iterator[Path]:
    """Every file under ``paths`` (folders walked recursively, in name order)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield child
        else:
            yield p


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_path(path: Path) -> Iterator[RawDocument | Rejected]:
    """The documents of one file, or its rejection."""
    name = str(path)
    if not path.exists():
        yield Rejected(name, "no such file; check the path", "missing:" + name, 0)
        return
    size = path.stat().st_size
    if size > MAX_BYTES:
        yield Rejected(
            name,
            f"{size:,} bytes is over the limit of {MAX_BYTES:,} for one document; split the "
            "file (one article per file, or a feed) and ingest the parts",
            file_hash(path),
            size,
        )
        return
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        yield Rejected(
            name,
            "a binary file (NUL bytes), not text, HTML or a feed; convert it to text first",
            hashlib.sha256(data).hexdigest(),
            size,
        )
        return
    head = data[:4096]
    if _FEED.match(head):
        yield from read_feed(name, data)
    elif _HTML.search(head):
        yield read_html(name, data)
    else:
        yield RawDocument(name, "text", _decode(data))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")


def read_html(name: str, data: bytes) -> RawDocument:
    """Main text and metadata of a saved news page."""
    import trafilatura

    html = _decode(data)
    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", html[:4000], re.I)
    meta = trafilatura.extract_metadata(html)
    note = None
    if not text.strip():
        text = re.sub(r"\s+", " ", _TAGS.sub(" ", html)).strip()
        note = "no main text found by trafilatura; the page's text without tags was kept"
    return RawDocument(
        name,
        "html",
        text,
        url=getattr(meta, "url", None) if meta else None,
        title=getattr(meta, "title", None) if meta else None,
        publisher=getattr(meta, "sitename", None) if meta else None,
        published=_iso(getattr(meta, "date", None) if meta else None),
        note=note,
        declared_language=lang.group(1).lower() if lang else None,
    )


def read_feed(name: str, data: bytes) -> Iterator[RawDocument]:
    """One document per feed item (title and summary or content, tags removed)."""
    import feedparser

    parsed = feedparser.parse(data)
    note = None
    if parsed.get("bozo"):
        note = f"malformed feed, read as far as possible: {parsed.get('bozo_exception')}"
    publisher = parsed.feed.get("title") if parsed.get("feed") else None
    declared = (
        (parsed.feed.get("language") or "")[:2].lower() or None if parsed.get("feed") else None
    )
    for i, e in enumerate(parsed.entries):
        body = ""
        if e.get("content"):
            body = " ".join(c.get("value", "") for c in e["content"])
        body = body or e.get("summary", "") or e.get("description", "")
        title = e.get("title")
        text = "\n\n".join(x for x in (title, _TAGS.sub(" ", body).strip()) if x)
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        published = dt.date(*stamp[:3]).isoformat() if stamp else None
        yield RawDocument(
            name,
            "feed-item",
            text,
            item=e.get("id") or e.get("link") or f"item {i + 1}",
            url=e.get("link"),
            title=title,
            publisher=publisher,
            published=published,
            note=note,
            declared_language=declared,
        )


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return None


def text_hash(text: str) -> str:
    """The content hash of a document: SHA-256 of its text with whitespace collapsed, so the
    same article saved twice (or reflowed) is one document."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
