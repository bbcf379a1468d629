"""Accuracy, speed and memory of the extraction pipeline on the development sets.

Sets (read from ``../shared/data``, never bundled): RAND-RDWTI Pakistan and Afghanistan
(``Description`` -> City, Fatalities, Injuries, Perpetrator, Weapon) and the two
major-incidents files (``Description`` -> Dead, Injured, Perpetrator, Category). Each set is
split with a fixed seed into a development part (70%, where errors may be looked at) and a
held-out part (30%, never looked at while writing rules); both are reported.

Scoring, per field, over the rows where the set records the field (the counting, and the
count a figure gives, best else low, are ``field_scores.py``'s, shared with ``news_eval.py``):

- killed / injured: exact match of the best figure of the first incident. "killed" counts
  the dead as each set does: RAND's Fatalities include the attackers who died (GTD's
  ``nkill`` convention; the development rows where only the attacker died, e.g. a suicide
  bomber who wounded others, record 1), so there our victims plus attackers are compared;
  the major-incidents files read like Wikipedia's lists of terrorist incidents, which give
  perpetrators apart ("x (+y)"), so there our victims are compared. Both uniform readings
  ("victims only", "victims + attackers") are reported too. RAND's 0 means "none or
  unknown": a 0 is right when the pipeline gives 0 or nothing. A row where no incident is
  found scores as wrong.
- city: the set's city and our most specific place name (town, else district, else
  province: RAND's City often holds a province) are equal once normalised, or the set's
  city resolves in the gazetteer (in the row's country; as the most specific unit or as
  the administrative one) to our place, or to a unit our place lies in (RAND often gives
  the province where the text names a district of it: "Bak District, Khost Province" with
  City "Khost"; a town lies in the district the gazetteer records for it or estimates from
  its point: Miramshah in North Waziristan). Being less specific than the set (its town,
  our district) is wrong. A City of "Unknown" is no city (the row is not scored for the
  city). Where the set's city does not resolve to one place: right when it is a name of
  several places of the row's country and ours is (or lies in) one of them, or when the
  gazetteer lacks the set's spelling and it has the same consonants
  (``place_context.skeleton``: vowels, h, w, y dropped) as a name or alias of our place
  ("Najrab" and our "Nijrab").
- province: the set's city resolved in the gazetteer gives a province on the row's date;
  ours must be the same unit (rows whose city does not resolve are left out).
- perpetrator: rows naming a group (not Unknown/Other) that resolves in the registry;
  right when one of our perpetrators is the same organisation (a chapter counts). Reported
  over all such rows, and over those whose text names the group (a registry name or alias
  of it, or of a chapter, occurs in the description): the sets often attribute attacks the
  description does not attribute.
- weapon / attack type: RAND's Weapon as a category (explosives, firearms, incendiary,
  melee) against GTD's weaptype1 of our first tactic; the major-incidents Category
  (Explosion, Assault, Hostage) against GTD's attacktype1 family.

Speed: the batch command as a whole (``militancydb extract --input docs.jsonl --format
gtd``, and the lighter ``python -m militancydb.nlp`` entry), start-up included, on 1,000
RAND descriptions, pinned to one core (``taskset -c 0``). Both wall time and CPU time
(user + system) are reported: on a shared machine the wall time counts other people's work
on that core, the CPU time is what one free core would take. Peak memory is the largest
resident set of each command (``ru_maxrss``, measured by a fresh parent process).

Usage: .venv/bin/python bench/extraction.py [--data ../shared/data] [--no-speed] [--errors FIELD]
       [--part development|held-out|both] [--dump rows.jsonl] [--negatives]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from field_scores import Score, count_of

from militancydb.codebook.crosswalk import to_theirs
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_tree import DISTRICT_KINDS
from militancydb.knowledge.text import normalise
from militancydb.nlp.lexicon import Lexicon, find_acronyms, find_names, shipped_lexicon
from militancydb.nlp.model import Extracted, PlaceValue
from militancydb.nlp.pipeline import extract
from militancydb.nlp.place_context import skeleton

SEED = 20261204
HOLDOUT = 0.3
SETS = {
    "rand-pk": ("rand-rdwti-pakistan.csv", "PK"),
    "rand-af": ("rand-rdwti-afghanistan.csv", "AF"),
    "major-pk": ("major-incidents-pakistan-2016-2022.csv", "PK"),
    "major-af": ("major-incidents-afghanistan-2016-2022.csv", "AF"),
}
WEAPON = {
    "Explosives": "Explosives",
    "Remote-detonated explosive": "Explosives",
    "Firearms": "Firearms",
    "Fire or Firebomb": "Incendiary",
    "Knives & sharp objects": "Melee",
}
CATEGORY = {"Explosion": "Bombing/Explosion", "Assault": "Armed Assault", "Hostage": "Hostage"}
FIELDS = (
    "incident found",
    "killed",
    "killed, victims only",
    "killed, victims + attackers",
    "injured",
    "city",
    "city, where the text names it",
    "province",
    "province, where the text names the city",
    "perpetrator",
    "perpetrator, where the text names it",
    "weapon/attack type",
)


@dataclass
class Row:
    set: str
    n: int
    country: str
    day: dt.date | None
    text: str
    killed: int | None
    injured: int | None
    city: str | None
    perpetrator: str | None
    weapon: str | None  # a GTD weaptype1 label
    category: str | None  # a GTD attacktype1 family
    rand: bool


def _int(v: str) -> int | None:
    v = (v or "").strip()
    return int(float(v)) if v else None


def _city(value: str | None) -> str | None:
    """The set's City; "Unknown" (RAND, 4 development rows) is no city: the row is not
    scored for the city, as "Unknown" perpetrators are not."""
    v = (value or "").strip()
    return None if not v or v.lower() == "unknown" else v


def read_rows(data: Path) -> list[Row]:
    out = []
    for name, (fname, country) in SETS.items():
        with (data / fname).open(encoding="utf-8") as fh:
            for n, raw in enumerate(csv.DictReader(fh)):
                rand = name.startswith("rand")
                day = None
                if rand and raw.get("Date"):
                    try:
                        day = dt.date.fromisoformat(raw["Date"][:10])
                    except ValueError:
                        day = None
                out.append(
                    Row(
                        set=name,
                        n=n,
                        country=country,
                        day=day,
                        text=raw["Description"],
                        killed=_int(raw.get("Fatalities") if rand else raw.get("Dead")),
                        injured=_int(raw.get("Injuries") if rand else raw.get("Injured")),
                        city=_city(raw.get("City")),
                        perpetrator=(raw.get("Perpetrator") or "").strip() or None,
                        weapon=WEAPON.get(raw.get("Weapon", "")) if rand else None,
                        category=None if rand else CATEGORY.get(raw.get("Category", "")),
                        rand=rand,
                    )
                )
    return out


def split(rows: list[Row]) -> dict[str, list[Row]]:
    parts: dict[str, list[Row]] = defaultdict(list)
    by_set: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_set[r.set].append(r)
    for name, items in by_set.items():
        rng = random.Random(f"{SEED}-{name}")
        order = list(range(len(items)))
        rng.shuffle(order)
        cut = round(len(items) * HOLDOUT)
        held = set(order[:cut])
        for i, r in enumerate(items):
            parts["held-out" if i in held else "development"].append(r)
    return parts


def _same_skeleton(gaz: Gazetteer, name: str, key: str) -> bool:
    bone = skeleton(name)
    if len(bone) < 4 or key not in gaz.places:
        return False
    p = gaz.places[key]
    return any(skeleton(n) == bone for n in [p.name, *(a for a, _ in p.aliases)])


def city_right(gaz: Gazetteer, r: Row, loc: PlaceValue | None) -> bool:
    """Whether our place is the set's city (see the module docstring)."""
    if loc is None or not r.city:
        return False
    got_city = loc.city or loc.district_name or loc.province_name
    if got_city and normalise(got_city) == normalise(r.city):
        return True
    ours = loc.place or loc.district or loc.province
    if not ours:
        return False
    # the district our place lies in: recorded, else estimated from its point (GeoNames
    # gives a town's province only: Miramshah lies in North Waziristan by its point)
    district = loc.district or gaz.admin_of(ours, r.day).district
    for prefer in ("specific", "admin"):
        want = gaz.resolve(r.city, country=r.country, on=r.day, prefer=prefer).key
        if want and (want == ours or gaz.within(ours, want)):
            return True  # our place is the set's place, or lies inside it
        if want and district and gaz.places[want].kind in DISTRICT_KINDS:
            if gaz.within(district, want):
                return True
    res = gaz.resolve(r.city, country=r.country, on=r.day, prefer="specific")
    if res.key is None:
        # a name of several places (in the row's country): ours is one of them; a spelling
        # the gazetteer lacks: the same consonants as a name of ours
        return any(
            m.key == ours or gaz.within(ours, m.key) for m in res.alternatives
        ) or _same_skeleton(gaz, r.city, ours)
    return False


def _attack_family(label: str) -> str:
    if label in ("Hostage Taking (Kidnapping)", "Hostage Taking (Barricade Incident)", "Hijacking"):
        return "Hostage"
    if label in ("Armed Assault", "Assassination", "Unarmed Assault"):
        return "Armed Assault"
    return label


def score(rows: list[Row], lex: Lexicon, dump: IO[str] | None = None) -> dict[str, Score]:
    gaz, reg = lex.gazetteer, lex.registry
    s = {f: Score() for f in FIELDS}
    attackers_seen = 0
    for r in rows:
        found = extract(r.text, doc_id=f"{r.set}-{r.n}", published=r.day, lexicon=lex)
        inc = found[0] if found else None
        tag = f"{r.set}#{r.n}"
        s["incident found"].add(inc is not None, f"{tag}: none | {r.text[:160]}")
        for fname, want in (("killed", r.killed), ("injured", r.injured)):
            if want is None:
                continue
            got = count_of((inc.killed if fname == "killed" else inc.injured) if inc else None)
            ok = (got in (None, 0)) if (r.rand and want == 0) else got == want
            if fname == "killed":
                extra = count_of(inc.attackers_killed if inc else None)
                total = None if got is None and extra is None else (got or 0) + (extra or 0)
                ok_total = (total in (None, 0)) if (r.rand and want == 0) else total == want
                s["killed, victims + attackers"].add(ok_total, f"{tag}: want {want} got {total}")
                s["killed, victims only"].add(ok, f"{tag}: want {want} got {got}")
                # each set's own convention (see the module docstring): RAND's Fatalities
                # count the attackers who died, the major-incidents lists do not
                ok, got = (ok_total, total) if r.rand else (ok, got)
            s[fname].add(ok, f"{tag}: want {want} got {got} | {r.text[:300]}")
        if inc and inc.attackers_killed:
            attackers_seen += 1
        if dump is not None:
            dump.write(json.dumps({"row": tag, "found": inc is not None, **_figures(inc)}) + "\n")
        loc = inc.location if inc else None
        if r.city:
            res = gaz.resolve(r.city, country=r.country, on=r.day, prefer="specific")
            got_city = (loc.city or loc.district_name or loc.province_name) if loc else None
            ok = city_right(gaz, r, loc)
            s["city"].add(ok, f"{tag}: want {r.city} got {got_city} | {r.text[:200]}")
            if normalise(r.city) in normalise(r.text):
                s["city, where the text names it"].add(ok, f"{tag}: want {r.city} got {got_city}")
            if res.key:
                want_prov = gaz.admin_of(res.key, r.day).province
                if want_prov:
                    got_prov = loc.province if loc else None
                    ok = got_prov is not None and (
                        got_prov == want_prov
                        or gaz.at_date(got_prov, r.day) == gaz.at_date(want_prov, r.day)
                    )
                    why = f"{tag}: want {want_prov} got {got_prov} | {r.text[:200]}"
                    s["province"].add(ok, why)
                    if normalise(r.city) in normalise(r.text):
                        s["province, where the text names the city"].add(ok, why)
        if r.perpetrator and r.perpetrator.lower() not in ("unknown", "other"):
            res2 = reg.resolve(r.perpetrator, on=r.day, country=r.country)
            if res2.key:
                got_keys = [p.key for p in inc.perpetrators if p.key] if inc else []
                ok = any(reg.same_organisation(k, res2.key) for k in got_keys)
                s["perpetrator"].add(ok, f"{tag}: want {res2.key} got {got_keys} | {r.text[:300]}")
                named = find_names(r.text, lex.actors, capitalised=True)
                named += find_acronyms(r.text, lex.acronyms)
                if any(reg.same_organisation(k, res2.key) for h in named for k in h.keys):
                    s["perpetrator, where the text names it"].add(
                        ok, f"{tag}: want {res2.key} got {got_keys} | {r.text[:300]}"
                    )
        tactics = [t.value for t in inc.tactics] if inc else []
        if r.weapon:
            got_w = next(
                (p.theirs for t in tactics if (p := to_theirs("gtd", "weaptype1", t))), None
            )
            s["weapon/attack type"].add(
                got_w == r.weapon, f"{tag}: want {r.weapon} got {got_w} | {r.text[:200]}"
            )
        elif r.category:
            got_a = next(
                (p.theirs for t in tactics if (p := to_theirs("gtd", "attacktype1", t))), None
            )
            fam = _attack_family(got_a) if got_a else None
            s["weapon/attack type"].add(
                fam == r.category, f"{tag}: want {r.category} got {got_a} | {r.text[:200]}"
            )
    return s


def _figures(inc: Extracted | None) -> dict[str, int | None]:
    """The best (else low) figures of an incident, for ``--dump``."""
    names = ("killed", "injured", "attackers_killed")
    return {name: count_of(getattr(inc, name) if inc else None) for name in names}


def _paragraphs(name: str) -> list[str]:
    """The texts of a file of ``bench/data`` (one per paragraph; lines starting with # are
    comments)."""
    path = Path(__file__).with_name("data") / name
    out = []
    for para in path.read_text(encoding="utf-8").split("\n\n"):
        text = "\n".join(x for x in para.splitlines() if not x.lstrip().startswith("#")).strip()
        if text:
            out.append(text)
    return out


def negatives(lex: Lexicon) -> None:
    """Texts that report no incident (``bench/data/extraction_negatives.txt``) and short
    reports that do (``extraction_positives.txt``), written for this check: how many
    negatives yield an incident all the same, how many positives yield none."""
    texts = _paragraphs("extraction_negatives.txt")
    wrong = [t for t in texts if extract(t, doc_id="neg", lexicon=lex)]
    print(f"\nnegative texts: {len(texts)}; an incident found (false positive) in {len(wrong)}")
    for t in wrong:
        print(" -", t[:200])
    texts = _paragraphs("extraction_positives.txt")
    missed = [t for t in texts if not extract(t, doc_id="pos", lexicon=lex)]
    print(f"positive texts: {len(texts)}; no incident found (missed) in {len(missed)}")
    for t in missed:
        print(" -", t[:200])


_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)\n"
)


def _run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak MiB of one run of ``cmd``,
    measured by a fresh parent so that each command's peak is its own."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]) / 1024


def speed(rows: list[Row], n: int = 1000) -> list[tuple[str, int, float, float, float]]:
    """(command, documents, wall s, CPU s, peak MiB) of the batch command on ``n``
    documents: ``militancydb extract`` and ``python -m militancydb.nlp``."""
    docs = [r for r in rows if r.rand][:n]
    exe = Path(sys.executable).with_name("militancydb")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in docs:
                line = {"id": f"{r.set}-{r.n}", "text": r.text}
                if r.day:
                    line["published"] = r.day.isoformat()
                fh.write(json.dumps(line) + "\n")
        pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        commands = {
            "militancydb extract": [str(exe), "extract", "--input", str(path), "--format", "gtd"],
            "python -m militancydb.nlp": [
                sys.executable, "-m", "militancydb.nlp", "--input", str(path), "--format", "gtd"
            ],
        }  # fmt: skip
        # a warm-up run builds the lexicon cache, as the first use on a machine does
        subprocess.run(
            [*pin, *commands["militancydb extract"]], check=True, stdout=subprocess.DEVNULL
        )
        for name, cmd in commands.items():
            wall, cpu, peak = _run([*pin, *cmd])
            out.append((name, len(docs), wall, cpu, peak))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", default=os.environ.get("MILITANCYDB_SHARED_DATA", "../shared/data"))
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--errors", help="print the development-set errors of one field")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument(
        "--part",
        choices=("both", "development", "held-out"),
        default="both",
        help="score one part only (development while writing rules; held-out once at the end)",
    )
    ap.add_argument(
        "--dump",
        help="write each development row's figures (killed, injured, attackers) as JSON lines",
    )
    ap.add_argument(
        "--negatives",
        action="store_true",
        help="also run bench/data/extraction_negatives.txt (texts that report no incident)",
    )
    args = ap.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        data = Path("/work/shared/data")
    rows = read_rows(data)
    parts = split(rows)
    lex = shipped_lexicon()
    results = {}
    chosen = ("development", "held-out") if args.part == "both" else (args.part,)
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115
    for part in chosen:
        t0 = time.perf_counter()
        # rows are written for the development part only (where errors may be looked at)
        results[part] = score(parts[part], lex, dump if part == "development" else None)
        print(f"{part}: {len(parts[part])} rows scored in {time.perf_counter() - t0:.1f} s")
    if dump:
        dump.close()
    print("\n| field | " + " | ".join(chosen) + " |\n|---|" + "---:|" * len(chosen))
    for f in FIELDS:
        print(f"| {f} | " + " | ".join(results[p][f].pct() for p in chosen) + " |")
    for name in SETS:
        subs = [score([r for r in parts[p] if r.set == name], lex) for p in chosen]
        cells = " ".join(
            f"{f}: {' / '.join(x[f].pct() for x in subs)};" for f in FIELDS[1:] if subs[0][f].total
        )
        print(f"\n{name} ({' / '.join(chosen)}): {cells}")
    if args.negatives:
        negatives(lex)
    if args.errors and "development" in results:
        print(f"\nerrors ({args.errors}, development):")
        for line in results["development"][args.errors].wrong[: args.limit]:
            print(" -", line)
    if not args.no_speed:
        print("\n| batch command (1,000 documents, one core) | wall s | docs/s wall | CPU s "
              "| docs/s CPU | peak MiB |\n|---|---:|---:|---:|---:|---:|")  # fmt: skip
        for name, n, wall, cpu, peak in speed(rows):
            print(
                f"| {name} | {wall:.2f} | {n / wall:.0f} | {cpu:.2f} | {n / cpu:.0f} | {peak:.0f} |"
            )


if __name__ == "__main__":
    main()
