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

import codecs
import datetime as dt
import errno
import hashlib
import html as html_entities
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|head|article|p)\b", re.I)
_FEED = re.compile(rb"^(?:\s|<\?xml[^>]*>|<!--.*?-->)*<\s*(?:rss|feed|rdf:RDF)\b", re.I | re.S)
_XML_ROOT = re.compile(
    rb"^(?:\s|<\?xml[^>]*>|<!--.*?-->|<!DOCTYPE[^>]*>)*<\s*([\w:.-]+)", re.I | re.S
)
_TAGS = re.compile(r"<[^>]+>")
#: What a page holds that is never its text: scripts, styles, templates, "enable JavaScript"
#: notices and comments (removed before the main text is looked for).
_NOT_TEXT = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S
)


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
    """Every file under ``paths``, lazily: folders walked recursively, each folder's entries in
    name order, so a folder of any size is never listed whole. A folder given by name is
    entered even through a symbolic link, but links to folders inside are not followed (a
    link loop cannot make the walk endless, and no file is read twice that way): they are
    yielded, as are links to files, dangling links and any other entry that is not a folder,
    for :func:`read_path` to read or reject (a link to a folder is reported, not dropped).
    Hidden entries (``.name``) are skipped."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from _walk_folder(p)
        else:
            yield p


def _walk_folder(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        yield folder  # read_path says why the folder cannot be read
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(path)
        else:
            yield path  # a link to a folder too: read_path says it was not followed


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _marker(kind: str, name: str) -> str:
    """The content hash of a rejection that has no content of its own (a missing, empty or
    unreadable file): one per path, in the column's 64 hex digits."""
    return hashlib.sha256(f"{kind}:{Path(name).absolute()}".encode()).hexdigest()


def _unreadable(path: Path) -> Rejected | None:
    """Why ``path`` cannot be read as a file, or None when it can be opened."""
    name = str(path)
    if path.is_symlink():
        target = os.readlink(path)
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                why = (
                    f"a symbolic link to {target} that leads back to itself (a loop); "
                    "fix or remove the link"
                )
                return Rejected(name, why, _marker("missing", name), 0)
            why = f"a symbolic link to {target}, which does not exist; fix or remove the link"
            return Rejected(name, why, _marker("missing", name), 0)
        if path.is_dir():
            why = (
                f"a symbolic link to the folder {path.resolve()}, not followed inside a "
                "folder (so a loop cannot make the walk endless); ingest that folder by "
                "naming it"
            )
            return Rejected(name, why, _marker("link", name), 0)
    if not path.exists():
        return Rejected(name, "no such file; check the path", _marker("missing", name), 0)
    if path.is_dir():
        why = "a folder that cannot be listed; check its permissions"
        return Rejected(name, why, _marker("unreadable", name), 0)
    if not path.is_file():
        why = "not a regular file (a socket, pipe or device); give a text, HTML or feed file"
        return Rejected(name, why, _marker("unreadable", name), 0)
    return None


def read_path(path: Path) -> Iterator[RawDocument | Rejected]:
    """The documents of one file, or its rejection. A document with no text (a page whose
    tags hold none, a feed item with neither title nor content) is rejected as such: all
    such documents share one content hash, and would otherwise be taken for one another
    ("already held")."""
    for doc in _read_path(path):
        if isinstance(doc, RawDocument) and not doc.text.strip():
            item = str(doc.item)  # its id or link, else "item N"
            item = item if item.startswith("item ") else f"item {item}"
            what = {"feed-item": f"feed {item}", "html": "page"}.get(doc.kind, "file")
            why = f"the {what} has no text (no title, no content); nothing to read"
            where = f"{doc.source_path}#{doc.item}" if doc.item else doc.source_path
            yield Rejected(where, why, _marker("empty", where), 0)
        else:
            yield doc


def _read_path(path: Path) -> Iterator[RawDocument | Rejected]:
    name = str(path)
    refused = _unreadable(path)
    if refused is not None:
        yield refused
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Rejected(
                name,
                f"{size:,} bytes is over the limit of {MAX_BYTES:,} for one document; split "
                "the file (one article per file, or a feed) and ingest the parts",
                file_hash(path),
                size,
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        why = f"cannot be read ({exc.strerror or exc}); check its permissions or copy it"
        yield Rejected(name, why, _marker("unreadable", name), 0)
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = _from_utf16(data)  # "Unicode" as Windows saves it: text, not binary
    if b"\x00" in data[:65536]:
        yield Rejected(
            name,
            "a binary file (NUL bytes), not text, HTML or a feed; convert it to text first",
            hashlib.sha256(data).hexdigest(),
            size,
        )
        return
    if not data.strip():
        why = "an empty file (no text); nothing to read"
        yield Rejected(name, why, _marker("empty", name), size)
        return
    head = data[:4096]
    if _FEED.match(head):
        yield from read_feed(name, data)
    elif _HTML.search(head):
        yield read_html(name, data)
    elif (root := _XML_ROOT.match(head)) is not None:
        why = (
            f"XML whose root is <{root.group(1).decode('ascii', 'replace')}>, not an RSS or "
            "Atom feed; give a feed, a saved HTML page or plain text"
        )
        yield Rejected(name, why, hashlib.sha256(data).hexdigest(), size)
    else:
        yield RawDocument(name, "text", _decode(data))


def _from_utf16(data: bytes) -> bytes:
    """A file saved as UTF-16 with its byte-order mark (Windows' "Unicode"), as UTF-8 bytes;
    the bytes unchanged when they are not UTF-16 after all (then the NUL test rejects them)."""
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        return data


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

    html = _NOT_TEXT.sub(" ", _decode(data))
    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", html[:4000], re.I)
    # not ``extensive``: its last resort reads a year in the page ("(c) 2024") as 1 January
    # of that year, which would date the report and resolve its "on Tuesday" wrongly
    meta = trafilatura.extract_metadata(html, extensive=False)
    note = None
    if not text.strip():
        text = _plain(html)
        note = "no main text found by trafilatura; the page's text without tags was kept"
    title = getattr(meta, "title", None) if meta else None
    return RawDocument(
        name,
        "html",
        text,
        url=getattr(meta, "url", None) if meta else None,
        title=_plain(title) or None if title else None,
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
        title = _plain(e.get("title") or "") or None
        text = "\n\n".join(
            x for x in (title, html_entities.unescape(_TAGS.sub(" ", body)).strip()) if x
        )
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        published = dt.date(*stamp[:3]).isoformat() if stamp else None
        yield RawDocument(
            name,
            "feed-item",
            text,
            item=e.get("id") or e.get("link") or f"item {i + 1}",
            url=_url(e.get("link")),
            title=title,
            publisher=publisher,
            published=published,
            note=note,
            declared_language=declared,
        )


def _url(link: str | None) -> str | None:
    """An item's link when it is a web address; feedparser gives an Atom entry's or an RSS
    item's id ("tag:...", "ex-1") as its link when the item has none."""
    return link if link and re.match(r"https?://", link, re.I) else None


def _plain(html: str) -> str:
    """Text of a piece of HTML: tags removed, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html_entities.unescape(_TAGS.sub(" ", html))).strip()


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
