"""Names to look for: every place and actor name of the gazetteer and the registry, indexed
by normalised word sequence, so that one pass over a text finds them all.

Building it from the shipped files takes a few seconds (the gazetteer reads the bundled UCDP
file for localities), so :func:`shipped_lexicon` keeps a pickled copy in the user's cache
folder, keyed by a hash of the shipped knowledge files, of the code that reads them and of
this package's version; a change to any rebuilds it. :func:`lexicon_from` builds one from
any ``Knowledge`` (the database's, with the user's own places and actors).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from militancydb import __version__
from militancydb.knowledge.actors import ActorRegistry
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.text import normalise

if TYPE_CHECKING:  # the loader pulls in the database layer, which extraction does not need
    from militancydb.knowledge.loader import Knowledge

MAX_WORDS = 6
#: Places of these kinds are never matched in running text by name alone (too many villages
#: share common words); ``locality`` names are matched only when they are capitalised.
MIN_LETTERS = 4
_WORD = re.compile(r"[^\W_]+(?:['\u2019](?!s\b)[^\W_]+)?", re.UNICODE)


@dataclass
class Lexicon:
    """The gazetteer, the registry and the phrase indexes over both."""

    gazetteer: Gazetteer
    registry: ActorRegistry
    places: dict[str, set[str]] = field(default_factory=dict)  # normalised phrase -> keys
    actors: dict[str, set[str]] = field(default_factory=dict)
    acronyms: dict[str, set[str]] = field(default_factory=dict)  # exact -> keys
    short_places: dict[str, set[str]] = field(default_factory=dict)  # 3 letters, exact

    @property
    def knowledge(self) -> Knowledge:
        """As the services take it."""
        from militancydb.knowledge.loader import Knowledge

        return Knowledge(self.gazetteer, self.registry)


def fold(phrase: str) -> str:
    """A normalised phrase with the linking vowel of Urdu and Persian compounds unified:
    "Lashkar-i-Jhangvi", "Lashkar-e-Jhangvi" and "Tehrik-i-Taliban" spelled either way."""
    return " ".join("e" if w == "i" else w for w in phrase.split(" "))


def lexicon_from(kb: Knowledge) -> Lexicon:
    """Index the names of a knowledge base."""
    places: dict[str, set[str]] = defaultdict(set)
    short: dict[str, set[str]] = defaultdict(set)
    stop = kb.gazetteer.stoplist
    for p in kb.gazetteer.places.values():
        for name, kind in [(p.name, "name"), *p.aliases]:
            n = normalise(name)
            if (
                kind != "acronym"
                and len(n) == 3
                and n not in stop
                and re.fullmatch(r"[A-Z][a-z]{2}", name)
            ):
                short[name].add(p.key)  # "Hub", "Sui", "Dir": exact spelling only
            if kind == "acronym" or len(n) < MIN_LETTERS or n in stop:
                continue
            if len(n.split()) <= MAX_WORDS:
                places[fold(n)].add(p.key)
    actors: dict[str, set[str]] = defaultdict(set)
    acronyms: dict[str, set[str]] = defaultdict(set)
    for a in kb.registry.actors.values():
        names = [(a.name, "name")] + [(x.name, x.kind) for x in a.aliases if x.kind != "dataset"]
        for name, kind in names:
            if kind == "acronym" or (name.isupper() and len(name) <= 6):
                acronyms[name].add(a.key)
                continue
            n = normalise(name)
            if len(n) >= MIN_LETTERS and len(n.split()) <= MAX_WORDS:
                actors[fold(n)].add(a.key)
    return Lexicon(
        kb.gazetteer, kb.registry, dict(places), dict(actors), dict(acronyms), dict(short)
    )


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "militancydb"


def _fingerprint() -> str:
    from militancydb.knowledge.shipped_common import data_dir

    h = hashlib.sha256(__version__.encode())
    root = Path(str(data_dir()))
    for f in sorted(root.rglob("*")):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    h.update(Path(__file__).read_bytes())
    # the code that builds the places and actors from those files (aliases, variants)
    for code in sorted(Path(__file__).parent.parent.joinpath("knowledge").glob("*.py")):
        h.update(code.read_bytes())
    return h.hexdigest()[:16]


def _build_shipped() -> Lexicon:
    from militancydb.knowledge.loader import knowledge_from_files

    return lexicon_from(knowledge_from_files())


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon of the shipped knowledge, from the cache when it is current."""
    path = _cache_dir() / f"lexicon-{_fingerprint()}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                lex = pickle.load(fh)  # our own file, written below
            if isinstance(lex, Lexicon):
                return lex
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
    lex = _build_shipped()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(lex, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home still works, only slower
    return lex


@lru_cache(maxsize=200_000)
def _normal_word(word: str) -> str:
    n = normalise(word)
    return "e" if n == "i" else n


@dataclass(frozen=True)
class NameHit:
    """A name found in a text."""

    keys: frozenset[str]
    start: int
    end: int
    text: str


def find_names(text: str, index: dict[str, set[str]], *, capitalised: bool) -> list[NameHit]:
    """Longest non-overlapping matches of ``index`` phrases in ``text`` (left to right);
    with ``capitalised``, a match must start with a capital letter."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    norms = [_normal_word(w) for w, _, _ in words]
    out: list[NameHit] = []
    i = 0
    while i < len(words):
        if capitalised and not words[i][0][:1].isupper():
            i += 1
            continue
        hit = None
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(norms[i : i + n])
            keys = index.get(phrase)
            if keys:
                s, e = words[i][1], words[i + n - 1][2]
                hit = (n, NameHit(frozenset(keys), s, e, text[s:e]))
                break
        if hit:
            out.append(hit[1])
            i += hit[0]
        else:
            i += 1
    return out


def find_short_places(text: str, index: dict[str, set[str]]) -> list[NameHit]:
    """Three-letter place names ("Hub", "Sui"), exactly spelled and never at the start of a
    sentence (where any word is capitalised)."""
    out = []
    for m in re.finditer(r"(?<![\w-])[A-Z][a-z]{2}(?![\w-])", text):
        keys = index.get(m.group(0))
        before = text[max(0, m.start() - 3) : m.start()].strip()
        if keys and before and before[-1] not in ".!?\"'\u201c:":
            out.append(NameHit(frozenset(keys), m.start(), m.end(), m.group(0)))
    return out


def find_acronyms(text: str, index: dict[str, set[str]]) -> list[NameHit]:
    """Acronyms (exact, case-sensitive) found as whole words."""
    out = []
    for m in re.finditer(r"(?<![\w-])[A-Z][A-Za-z\-\u2013]{1,7}(?![\w-])", text):
        keys = index.get(m.group(0))
        if keys:
            out.append(NameHit(frozenset(keys), m.start(), m.end(), m.group(0)))
    return out
