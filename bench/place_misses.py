"""Why the extraction misses the development sets' city: each miss classified by what the
TEXT allows, and the ceiling a perfect reader of the text could score.

Each development row with a City (``bench/extraction.py``'s rows and split) whose city we
miss falls in the first class that fits:

- **names no place below the country**: the text names no place below the country the
  gazetteer knows (and not the set's city either): nothing to read;
- **names only a province or district**: the text names provinces or districts only, and
  not the set's city, which is a town (the set's answer comes from elsewhere);
- **names other places only**: the text names towns, but not the set's city nor a place
  inside it (a destination, a neighbouring town, a victim's office);
- **names a place the gazetteer lacks**: the set's city is written in the text (or a word
  with its consonants, ``place_context.skeleton``), but the gazetteer knows no place of
  that name in the row's country;
- **wrong choice**: the text names the set's city (or a place inside it) and the gazetteer
  knows it: a reader could have chosen it.

The ceiling counts the rows we get right plus the wrong choices (and, separately, plus the
places the gazetteer lacks). ``--show CLASS`` prints the rows of one class.

``--field province`` does the same for the province (the rows ``bench/extraction.py`` scores
for it: the set's city resolves and has a province): a miss is a wrong choice when the text
names a place of the set's province, else the text names places of other provinces only,
or no place below the country.

Usage: .venv/bin/python bench/place_misses.py [--data ../shared/data] [--field city|province]
       [--show "wrong choice"] [--limit 60]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from extraction import Row, city_right, read_rows, split  # noqa: E402

from militancydb.knowledge.gazetteer import Gazetteer  # noqa: E402
from militancydb.knowledge.place_tree import POINT_KINDS  # noqa: E402
from militancydb.knowledge.text import normalise  # noqa: E402
from militancydb.nlp.lexicon import Lexicon, find_names, shipped_lexicon  # noqa: E402
from militancydb.nlp.pipeline import extract  # noqa: E402
from militancydb.nlp.place_context import skeleton  # noqa: E402

CLASSES = (
    "names no place below the country",
    "names only a province or district",
    "names other places only",
    "names a place the gazetteer lacks",
    "wrong choice",
)


def _wanted(gaz: Gazetteer, r: Row) -> set[str]:
    """The gazetteer places the set's city may stand for (in the row's country)."""
    assert r.city
    out = set()
    for prefer in ("specific", "admin"):
        res = gaz.resolve(r.city, country=r.country, on=r.day, prefer=prefer)
        if res.key:
            out.add(res.key)
        else:
            out.update(m.key for m in res.alternatives if gaz.places[m.key].country == r.country)
    return out


def _inside(gaz: Gazetteer, key: str, wanted: set[str], r: Row) -> bool:
    district = gaz.admin_of(key, r.day).district
    return any(
        gaz.within(key, w) or (district is not None and gaz.within(district, w)) for w in wanted
    )


def _written(text: str, city: str) -> bool:
    """The set's city is in the text, or a run of one to three words with its consonants."""
    if normalise(city) in normalise(text):
        return True
    bone = skeleton(city)
    if len(bone) < 4:
        return False
    words = text.split()
    return any(
        skeleton(" ".join(words[i : i + n])) == bone
        for n in (1, 2, 3)
        for i in range(len(words) - n + 1)
    )


def classify(lex: Lexicon, r: Row) -> str:
    """The class of a miss (see the module docstring)."""
    gaz = lex.gazetteer
    assert r.city
    wanted = _wanted(gaz, r)
    keys = {
        k
        for h in find_names(r.text, lex.places, capitalised=True)
        for k in h.keys
        if k in gaz.places and gaz.places[k].country == r.country
    }
    below = {k for k in keys if gaz.places[k].kind != "country"}
    named = _written(r.text, r.city) or any(_inside(gaz, k, wanted, r) for k in below)
    if named:
        return "wrong choice" if wanted else "names a place the gazetteer lacks"
    if not below:
        return "names no place below the country"
    towns = {k for k in below if gaz.places[k].kind in POINT_KINDS}
    want_town = not wanted or any(gaz.places[w].kind in POINT_KINDS for w in wanted)
    if not towns and want_town:
        return "names only a province or district"
    return "names other places only"


def _province_wanted(gaz: Gazetteer, r: Row) -> str | None:
    assert r.city
    res = gaz.resolve(r.city, country=r.country, on=r.day, prefer="specific")
    return gaz.admin_of(res.key, r.day).province if res.key else None


def _same_unit(gaz: Gazetteer, a: str | None, b: str | None, r: Row) -> bool:
    return a is not None and b is not None and gaz.at_date(a, r.day) == gaz.at_date(b, r.day)


def classify_province(lex: Lexicon, r: Row, want: str) -> str:
    """The class of a province miss (see the module docstring)."""
    gaz = lex.gazetteer
    below = {
        k
        for h in find_names(r.text, lex.places, capitalised=True)
        for k in h.keys
        if k in gaz.places and gaz.places[k].kind != "country"
    }
    if not below:
        return "names no place below the country"
    if any(_same_unit(gaz, gaz.admin_of(k, r.day).province, want, r) for k in below):
        return "wrong choice"
    return "names other places only"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", default=os.environ.get("MILITANCYDB_SHARED_DATA", "../shared/data"))
    ap.add_argument("--part", choices=("development", "held-out"), default="development")
    ap.add_argument("--field", choices=("city", "province"), default="city")
    ap.add_argument("--show", choices=CLASSES)
    ap.add_argument("--limit", type=int, default=60)
    args = ap.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        data = Path("/work/shared/data")
    rows = [r for r in split(read_rows(data))[args.part] if r.city]
    lex = shipped_lexicon()
    right = scored = 0
    counts: Counter[str] = Counter()
    shown: list[str] = []
    for r in rows:
        found = extract(r.text, doc_id=f"{r.set}-{r.n}", published=r.day, lexicon=lex)
        loc = found[0].location if found else None
        if args.field == "province":
            want = _province_wanted(lex.gazetteer, r)
            if want is None:
                continue
            scored += 1
            if _same_unit(lex.gazetteer, loc.province if loc else None, want, r):
                right += 1
                continue
            why = classify_province(lex, r, want)
        else:
            scored += 1
            if city_right(lex.gazetteer, r, loc):
                right += 1
                continue
            why = classify(lex, r)
        counts[why] += 1
        if why == args.show and len(shown) < args.limit:
            got = (loc.city or loc.district_name or loc.province_name) if loc else None
            shown.append(f"{r.set}#{r.n}: want {r.city} got {got} | {r.text[:220]}")
    total = scored
    print(f"{args.field} ({args.part}): {right}/{total} right ({100 * right / total:.1f}%)\n")
    print("| miss, by what the text allows | rows | share of rows |\n|---|---:|---:|")
    for c in CLASSES:
        if args.field == "province" and c not in counts:
            continue
        print(f"| {c} | {counts[c]} | {100 * counts[c] / total:.1f}% |")
    reach = right + counts["wrong choice"]
    lacks = counts["names a place the gazetteer lacks"]
    print(f"\nceiling (a perfect reader of the text): {reach}/{total} ({100 * reach / total:.1f}%)")
    print(
        f"with a gazetteer knowing every place the texts name: {reach + lacks}/{total} "
        f"({100 * (reach + lacks) / total:.1f}%)"
    )
    for line in shown:
        print(" -", line)


if __name__ == "__main__":
    main()
