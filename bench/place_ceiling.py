"""What the text allows: the city and province misses of ``bench/extraction.py`` sorted by
what a perfect reader of each description could have answered, and the ceiling that gives.

Development part only (the same sets and fixed split as ``bench/extraction.py``; the
held-out part is never read here). Every development row the set gives a city for is
scored as ``bench/extraction.py`` scores it; each miss is then put in the first class that
fits:

city —

1. ``names the set's city, gazetteer has it``: the description names the set's city (its
   spelling, or a name or alias in the gazetteer of a place the set's city resolves to, or
   the same consonants, ``place_context.skeleton``, as a word run of the text), and the set's
   city resolves in the gazetteer: a wrong choice or a name missed;
2. ``names the set's city, gazetteer lacks it``: named, but the set's spelling resolves to
   nothing and no name of the text with its consonants is in the gazetteer;
3. ``names only a unit containing it``: the set's city is not named, but its district or
   province is (any spelling the gazetteer knows);
4. ``names other places only``: a place below the country is named, none of them the set's
   city or a unit containing it (often the set's city is where the victims came from, or
   RAND's own records);
5. ``names no place below the country``.

The city ceiling is the share of rows right now or in classes 1–2 (a perfect reader with a
perfect gazetteer); classes 3–5 cannot be right from the text.

province (rows whose set city resolves to a place with a province) —

1. ``names a place in the province``: some name in the text (the lexicon's, any of its
   candidates, or the set's city itself) lies in the set's province on the row's date;
2. ``names places of other provinces only``;
3. ``names no place below the country``.

The province ceiling is the share right now or in class 1 (a generous bound: a name of
several places counts when any of them lies in the province).

Usage: .venv/bin/python bench/place_ceiling.py [--data ../shared/data] [--show CLASS]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import Row, read_rows, score, split  # noqa: E402

from militancydb.knowledge.gazetteer import Gazetteer  # noqa: E402
from militancydb.knowledge.text import normalise  # noqa: E402
from militancydb.nlp.lexicon import Lexicon, find_names, shipped_lexicon  # noqa: E402
from militancydb.nlp.place_context import skeleton  # noqa: E402

CITY_CLASSES = (
    "names the set's city, gazetteer has it",
    "names the set's city, gazetteer lacks it",
    "names only a unit containing it",
    "names other places only",
    "names no place below the country",
)
PROVINCE_CLASSES = (
    "names a place in the province",
    "names places of other provinces only",
    "names no place below the country",
)
_WORD = re.compile(r"[A-Za-z][\w'-]*")


def _contains_phrase(text_norm: str, phrase: str) -> bool:
    n = normalise(phrase)
    return bool(n) and re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text_norm) is not None


def _runs(text: str, longest: int = 3) -> set[str]:
    """Skeletons of every run of one to ``longest`` words of the text."""
    words = _WORD.findall(text)
    out = set()
    for i in range(len(words)):
        for j in range(i + 1, min(i + longest, len(words)) + 1):
            sk = skeleton(" ".join(words[i:j]))
            if len(sk) >= 4:
                out.add(sk)
    return out


def _set_keys(gaz: Gazetteer, r: Row) -> list[str]:
    """The places the set's city may stand for (resolved, or the candidates)."""
    assert r.city is not None
    keys: list[str] = []
    for prefer in ("specific", "admin"):
        res = gaz.resolve(r.city, country=r.country, on=r.day, prefer=prefer)  # type: ignore[arg-type]
        if res.key:
            keys.append(res.key)
        keys += [m.key for m in res.alternatives if gaz.places[m.key].country == r.country]
    return list(dict.fromkeys(keys))


def _named_keys(lex: Lexicon, text: str) -> set[str]:
    return {k for h in find_names(text, lex.places, capitalised=False) for k in h.keys}


def classify(rows: list[Row], lex: Lexicon) -> tuple[dict[str, object], dict[str, list[str]]]:
    gaz = lex.gazetteer
    s = score(rows, lex)
    city_miss = {w.split(":")[0]: w.split("|")[0] for w in s["city"].wrong}
    prov_miss = {w.split(":")[0]: w.split("|")[0] for w in s["province"].wrong}
    city_cls: Counter[str] = Counter()
    prov_cls: Counter[str] = Counter()
    examples: dict[str, list[str]] = {c: [] for c in (*CITY_CLASSES, *PROVINCE_CLASSES)}
    for r in rows:
        tag = f"{r.set}#{r.n}"
        if not r.city or (tag not in city_miss and tag not in prov_miss):
            continue
        text_norm = normalise(r.text)
        keys = _set_keys(gaz, r)
        named = _named_keys(lex, r.text)
        below = {k for k in named if gaz.places[k].kind != "country"}
        spellings = {r.city, *(n for k in keys for n in (gaz.places[k].name,))}
        spellings |= {a for k in keys for a, _ in gaz.places[k].aliases}
        said = any(_contains_phrase(text_norm, n) for n in spellings if len(normalise(n)) >= 3)
        if not said and len(skeleton(r.city)) >= 4:
            said = skeleton(r.city) in _runs(r.text)
        if tag in city_miss:
            containers = {
                u
                for k in keys
                for u in (gaz.admin_of(k, r.day).district, gaz.admin_of(k, r.day).province)
                if u
            }
            if said:
                cls = CITY_CLASSES[0] if keys else CITY_CLASSES[1]
            elif any(gaz.at_date(k, r.day) in containers or k in containers for k in below):
                cls = CITY_CLASSES[2]
            elif below:
                cls = CITY_CLASSES[3]
            else:
                cls = CITY_CLASSES[4]
            city_cls[cls] += 1
            examples[cls].append(f"{city_miss[tag]}| {r.text[:220]}")
        if tag in prov_miss:
            res = gaz.resolve(r.city, country=r.country, on=r.day, prefer="specific")
            want = gaz.admin_of(res.key, r.day).province if res.key else None
            provinces = {gaz.admin_of(k, r.day).province for k in below}
            if said and res.key:
                provinces.add(want)
            if want is not None and want in provinces:
                cls = PROVINCE_CLASSES[0]
            elif below:
                cls = PROVINCE_CLASSES[1]
            else:
                cls = PROVINCE_CLASSES[2]
            prov_cls[cls] += 1
            examples[cls].append(f"{prov_miss[tag]}| {r.text[:220]}")
    summary = {
        "city": (s["city"].right, s["city"].total, city_cls),
        "province": (s["province"].right, s["province"].total, prov_cls),
    }
    return summary, examples


def false_matches(lex: Lexicon) -> None:
    """How often the look-up of names the index lacks (close spelling, then consonants:
    ``place_spelling.close_name``) takes a word that is no place for one: every capitalised
    word of five letters or more in the registry's group and person names and aliases that
    is not itself a place name (Baloch, Jundallah, Khorasani, Mansoor, ...), looked up as if
    the text had marked it as a place; and how often the derived spellings
    (``knowledge.place_variants``) match in the development descriptions. The look-up
    inside a unit the text names ("Saddha in Kurram Agency",
    ``place_spelling.spelled_inside``) is measured the same way, over every province and
    district: a word counts when some unit takes it."""
    from militancydb.knowledge.place_tree import DISTRICT_KINDS, POINT_KINDS, PROVINCE_KINDS
    from militancydb.nlp.place_spelling import close_name, spelled_inside

    reg = lex.registry
    names = [n for a in reg.actors.values() for n in (a.name, *(x.name for x in a.aliases))]
    names += [n for p in reg.persons.values() for n in (p.name, *p.aliases)]
    words = {w for n in names for w in re.findall(r"[A-Z][a-z]{4,}", n)}
    other = sorted(w for w in words if normalise(w) not in lex.places)
    taken = [(w, k) for w in other if (k := close_name(lex, normalise(w), None, None))]
    print(
        f"\nclose-name look-up on non-place words: {len(taken)}/{len(other)} "
        f"({100 * len(taken) / len(other):.1f}%) taken for a place"
    )
    print(", ".join(f"{w}->{lex.gazetteer.places[k].name}" for w, k in taken))
    gaz = lex.gazetteer
    units = [k for k, p in gaz.places.items() if p.kind in PROVINCE_KINDS | DISTRICT_KINDS]
    pairs = [
        (w, u, k)
        for w in other
        for u in units
        if (k := spelled_inside(gaz, w, u, None, POINT_KINDS)) is not None
    ]
    print(
        f"\nlook-up inside a unit on non-place words: {len(pairs)} of {len(other) * len(units)} "
        f"(word, province or district) pairs ({100 * len(pairs) / (len(other) * len(units)):.2f}%)"
        f" taken for a place of the unit; {len({w for w, _, _ in pairs})} of {len(other)} words"
        " by at least one unit"
    )
    first = {w: (u, k) for w, u, k in reversed(pairs)}
    print(
        ", ".join(
            f"{w}->{gaz.places[k].name} ({gaz.places[u].name})" for w, (u, k) in first.items()
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", default=os.environ.get("MILITANCYDB_SHARED_DATA", "../shared/data"))
    ap.add_argument("--show", help="print the development rows of one class")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument(
        "--false-matches", action="store_true", help="measure the look-up's false matches"
    )
    args = ap.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        data = Path("/work/shared/data")
    rows = split(read_rows(data))["development"]
    if args.false_matches:
        false_matches(shipped_lexicon())
        return
    summary, examples = classify(rows, shipped_lexicon())
    for field, reachable in (("city", CITY_CLASSES[:2]), ("province", PROVINCE_CLASSES[:1])):
        right, total, classes = summary[field]  # type: ignore[misc]
        print(f"\n{field}: right {right}/{total} ({100 * right / total:.1f}%)")
        print("| miss class | rows | share of rows |\n|---|---:|---:|")
        for cls, n in classes.most_common():
            print(f"| {cls} | {n} | {100 * n / total:.1f}% |")
        top = right + sum(classes[c] for c in reachable)
        share = f"{top}/{total} ({100 * top / total:.1f}%)"
        print(f"ceiling (right now + {' + '.join(reachable)}): {share}")
    if args.show:
        print(f"\n{args.show}:")
        for line in examples.get(args.show, [])[: args.limit]:
            print(" -", line)


if __name__ == "__main__":
    main()
