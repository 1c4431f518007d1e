"""Synthetic Arabic news corpus with known ground truth, for the scale benchmarks (issue 8).

Reads the sentence patterns of ``benchmarks/corpus_templates.json`` and the names of kg's
data files (ISIS leaders, forces and officials from ``kg/data/kb/*.json``; towns of Syria and
Iraq from ``kg/data/gazetteer/places.tsv``; given names from ``kg/data/names/given_names.txt``).
Writes into OUT/:

- ``corpus-N.jsonl``: N articles, one JSON object a line (``id``, ``text``, ``published``,
  ``title``, ``url``, ``outlet``), the input format of ``kg build``;
- ``truth-N.jsonl``: the ground truth of each article, one line each, in the same order
  (``id``, ``raids`` with killed/captured person ids, perpetrator and place ids and ISO date,
  ``persons`` with their names, ``places``, ``organizations``);
- ``gold-N.json`` (only for N up to ``--gold-max``, default 10,000): the same truth in the
  CONTRACT gold format, so that ``kg eval OUT/graph.ttl --gold gold-N.json`` scores a build.

Everything is streamed: an article is generated, written and forgotten (only the gold file's
aggregates grow with N, which is why it stops at ``--gold-max``). The output is a function of
N and ``--seed`` alone: each raid draws from its own ``random.Random(f"{seed}:{raid}")``.

What is realistic: the sentence shapes of wire reports (raid, alias, official quote,
background), several articles reporting one raid (20 % of raids), kunyas given as aliases,
dates in Levantine and Egyptian month names, with and without the year. What is not: the
vocabulary is small and repetitive, every article is about exactly one raid, the generated
names are combinations of given names (each person's full name is unique by construction).

Usage: python scripts/make_corpus.py N [-o OUT] [--seed S] [--gold-max M]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "benchmarks" / "corpus_templates.json"
DATA = ROOT / "kg" / "data"
ARABIC_WORD_RE = re.compile(r"^[\u0621-\u064a]+$")
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = (dt.date(2024, 12, 31) - FIRST_DAY).days
NUMBERS = {1: "واحد", 2: "اثنان", 3: "ثلاثة", 4: "أربعة", 5: "خمسة"}


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    country: str  # ISO code


@dataclass(slots=True)
class Vocabulary:
    """Everything the generator draws from, read once."""

    templates: dict
    given: list[str]
    nisbas: list[str]
    places: list[Place]
    orgs: dict[str, str]  # kb id -> Arabic label
    leaders: dict[str, str]  # kb id -> Arabic label
    officials: list[dict] = field(default_factory=list)


def _kb_entries(name: str) -> list[dict]:
    return json.loads((DATA / "kb" / name).read_text("utf-8"))["entries"]


def load_vocabulary() -> Vocabulary:
    """Read the templates and kg's gazetteers; filter given names to plain Arabic words that
    are not also places or curated names (a given name must not read as a town)."""
    templates = json.loads(TEMPLATES.read_text("utf-8"))
    places: list[Place] = []
    taken: set[str] = set()
    with (DATA / "gazetteer" / "places.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            names = [n for n in row["names_ar"].split("|") if n]
            taken.update(w for n in names for w in n.split())
            if row["country"] in templates["countries"] and row["kind"] == "city" and names:
                if not row["ambiguous_ar"] and " " not in names[0]:
                    places.append(Place(row["id"], names[0], row["country"]))
    orgs = {e["id"]: e["label_ar"] for e in _kb_entries("organizations.json")}
    persons = {e["id"]: e["label_ar"] for e in _kb_entries("persons.json")}
    for e in _kb_entries("places.json"):
        taken.update(w for n in e.get("aliases_ar", []) for w in n.split())
    for label in [*orgs.values(), *persons.values()]:
        taken.update(label.split())
    lo, hi = templates["given_names_min_letters"], templates["given_names_max_letters"]
    given = []
    for line in (DATA / "names" / "given_names.txt").read_text("utf-8").splitlines():
        w = line.strip()
        if (
            ARABIC_WORD_RE.match(w)
            and lo <= len(w) <= hi
            and not w.startswith(("ال", "ابو", "ابن", "عبد", "أبو"))
            and w not in taken
        ):
            given.append(w)
    return Vocabulary(
        templates=templates,
        given=sorted(set(given)),
        nisbas=list(templates["nisbas"]),
        places=sorted(places, key=lambda p: p.id),
        orgs=orgs,
        leaders={k: persons[k] for k in templates["leaders"]},
        officials=list(templates["officials"]),
    )


class Names:
    """Unique person names by number: a bijection from 0..M-1 onto (given, father, nisba)."""

    def __init__(self, vocab: Vocabulary, seed: int) -> None:
        self.g, self.s = vocab.given, vocab.nisbas
        self.size = len(self.g) * len(self.g) * len(self.s)
        self.kunya_size = len(self.g) * len(self.s) * len(self.s)
        rng = random.Random(f"{seed}:names")
        self.mult = _coprime(self.size, rng)
        self.off = rng.randrange(self.size)
        self.kmult = _coprime(self.kunya_size, rng)
        self.koff = rng.randrange(self.kunya_size)

    def full(self, k: int) -> str:
        idx = (k * self.mult + self.off) % self.size
        a, rest = idx % len(self.g), idx // len(self.g)
        b, c = rest % len(self.g), rest // len(self.g)
        return f"{self.g[a]} {self.g[b]} {self.s[c]}"

    def kunya(self, j: int) -> str:
        idx = (j * self.kmult + self.koff) % self.kunya_size
        a, rest = idx % len(self.g), idx // len(self.g)
        b, c = rest % len(self.s), rest // len(self.s)
        second = f" {self.s[c]}" if c != b else ""
        return f"أبو {self.g[a]} {self.s[b]}{second}"


def _coprime(n: int, rng: random.Random) -> int:
    from math import gcd

    while True:
        m = rng.randrange(n // 3, n)
        if gcd(m, n) == 1:
            return m


def _written_date(day: dt.date, rng: random.Random, months: dict, year: bool) -> str:
    style = rng.random()
    lev, egy = months["levant"][day.month - 1], months["egypt"][day.month - 1]
    month = lev if style < 0.4 else egy if style < 0.8 else f"{egy}/{lev}"
    return f"{day.day} {month} {day.year}" if year else f"{day.day} {month}"


def _pick_reports(rng: random.Random, table: dict[str, float]) -> int:
    r, acc = rng.random(), 0.0
    for k, p in sorted(table.items()):
        acc += p
        if r < acc:
            return int(k)
    return 1


def generate(n: int, seed: int = 1, vocab: Vocabulary | None = None) -> Iterator[tuple[dict, dict]]:
    """(article, truth) pairs of an ``n``-article corpus, one at a time, deterministic."""
    v = vocab or load_vocabulary()
    t = v.templates
    names = Names(v, seed)
    person = 0  # next person number
    kunyas = 0
    emitted = 0
    event = 0
    spokes = {org: names.full(names.size - 1 - i) for i, org in enumerate(t["spokes_orgs"])}
    while emitted < n:
        rng = random.Random(f"{seed}:{event}")
        kind = rng.choices(
            ["raid_kill", "raid_kill_two", "raid_capture", "raid_kill_capture"],
            weights=[0.55, 0.1, 0.2, 0.15],
        )[0]
        killed: list[str] = []
        captured: list[str] = []
        people: dict[str, dict] = {}

        def new_person(role: str, people: dict[str, dict] = people) -> str:
            nonlocal person
            pid = f"p{person:07d}"
            people[pid] = {"id": pid, "name": names.full(person), "aliases": [], "role": role}
            person += 1
            return pid

        if kind in ("raid_kill", "raid_kill_two", "raid_kill_capture"):
            killed.append(new_person("killed"))
        if kind == "raid_kill_two":
            killed.append(new_person("killed"))
        if kind in ("raid_capture", "raid_kill_capture"):
            captured.append(new_person("captured"))
        main_person = (killed or captured)[0]
        if rng.random() < 0.25:
            people[main_person]["aliases"].append(names.kunya(kunyas))
            kunyas += 1
        place = rng.choice(v.places)
        perp = rng.choice(t["perpetrators"])
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        reports = min(_pick_reports(rng, t["reports_per_raid"]), n - emitted)
        raid_id = f"raid-{seed}-{event:07d}"
        doc_ids = [f"syn{seed}-{emitted + r:07d}" for r in range(reports)]
        for r in range(reports):
            doc_rng = random.Random(f"{seed}:{event}:{r}")
            article, truth = _article(
                v, doc_rng, doc_ids[r], kind, people, killed, captured, place, perp, day, spokes
            )
            truth["raids"] = [
                {
                    "id": raid_id,
                    "docs": doc_ids,
                    "killed": killed,
                    "captured": captured,
                    "perpetrators": [perp],
                    "location": place.id,
                    "date": day.isoformat(),
                }
            ]
            yield article, truth
        emitted += reports
        event += 1


def _article(
    v: Vocabulary,
    rng: random.Random,
    doc_id: str,
    kind: str,
    people: dict[str, dict],
    killed: list[str],
    captured: list[str],
    place: Place,
    perp: str,
    day: dt.date,
    spokes: dict[str, str],
) -> tuple[dict, dict]:
    t = v.templates
    isis = rng.choice(t["isis_names"])
    country = t["countries"][place.country]
    year_written = rng.random() < 0.85
    slots = {
        "perp": v.orgs[perp],
        "isis": isis,
        "place": place.name,
        "country": country,
        "date": _written_date(day, rng, t["month_names"], True),
        "date_noyear": _written_date(day, rng, t["month_names"], year_written),
        "year": str(rng.randrange(2014, day.year + 1)),
        "count": NUMBERS[rng.randrange(1, 6)],
    }
    if killed:
        slots["victim"] = people[killed[0]]["name"]
    if len(killed) > 1:
        slots["victim2"] = people[killed[1]]["name"]
    if captured:
        slots["captive"] = people[captured[0]]["name"]
    sentences = [rng.choice(t[kind]).format(**slots)]
    persons = [dict(p) for p in people.values()]
    relations: list[dict] = [
        {"s": p["id"], "p": "memberOf", "o": "isis", "core": False} for p in persons
    ]
    orgs = {perp, "isis"}
    main = people[(killed or captured)[0]]
    if main["aliases"]:
        alias_slots = dict(slots, victim=main["name"], kunya=main["aliases"][0])
        sentences.append(rng.choice(t["alias"]).format(**alias_slots))
    quote = rng.choice(t["quotes"])
    if perp in spokes and rng.random() < 0.5:
        pattern = rng.choice(t["spokesperson"])
        sentences.append(pattern.format(perp=v.orgs[perp], spokes=spokes[perp], quote=quote))
        sid = f"spokes-{perp}"
        persons.append({"id": sid, "name": spokes[perp], "aliases": [], "role": "spokesperson"})
        relations.append({"s": sid, "p": "spokespersonOf", "o": perp, "core": True})
    elif rng.random() < 0.6:
        off = rng.choice(v.officials)
        sentences.append(
            rng.choice(t["quote"]).format(official=f"{off['title']} {off['name']}", quote=quote)
        )
        persons.append({"id": off["id"], "name": off["name"], "aliases": [], "role": "official"})
    leader_id = rng.choice(sorted(v.leaders))
    lo, hi = t["background_sentences"]
    background = rng.sample(t["background"], rng.randint(lo, hi))
    for b in background:
        sentences.append(b.format(**slots, leader=v.leaders[leader_id]))
        if "{leader}" in b:
            persons.append(
                {"id": leader_id, "name": v.leaders[leader_id], "aliases": [], "role": "mentioned"}
            )
    published = min(
        day + dt.timedelta(days=rng.randrange(0, 4)),
        (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
    )
    paragraphs = [sentences[0], " ".join(sentences[1:3]), " ".join(sentences[3:])]
    article = {
        "id": doc_id,
        "title": rng.choice(t["titles"]).format(**slots),
        "text": "\n\n".join(p for p in paragraphs if p),
        "published": published.isoformat(),
        "url": f"https://example.org/news/{doc_id}",
        "outlet": "وكالة الأنباء التجريبية",
    }
    truth = {
        "id": doc_id,
        "persons": persons,
        "places": [{"id": place.id, "name": place.name}],
        "organizations": [{"id": o, "name": v.orgs[o]} for o in sorted(orgs)],
        "relations": relations,
        "isis_name": isis,
    }
    return article, truth


class GoldWriter:
    """Aggregates per-article truths into a CONTRACT gold file (memory grows with N)."""

    def __init__(self, corpus: str) -> None:
        self.corpus = corpus
        self.docs: list[str] = []
        self.entities: dict[str, dict] = {}
        self.raids: dict[str, dict] = {}
        self.relations: dict[tuple[str, str, str], dict] = {}

    def _entity(self, eid: str, etype: str, names: list[str], doc: str) -> None:
        e = self.entities.setdefault(
            eid, {"id": eid, "type": etype, "aliases_ar": [], "docs": [], "core": True}
        )
        for n in names:
            if n not in e["aliases_ar"]:
                e["aliases_ar"].append(n)
        if doc not in e["docs"]:
            e["docs"].append(doc)

    def add(self, truth: dict) -> None:
        doc = truth["id"]
        self.docs.append(doc)
        for p in truth["persons"]:
            self._entity(p["id"], "Person", [p["name"], *p["aliases"]], doc)
        for p in truth["places"]:
            self._entity(p["id"], "Place", [p["name"]], doc)
        for o in truth["organizations"]:
            names = [o["name"]] + ([truth["isis_name"]] if o["id"] == "isis" else [])
            self._entity(o["id"], "Organization", names, doc)
        for r in truth["raids"]:
            self.raids.setdefault(
                r["id"],
                {
                    "id": r["id"],
                    "docs": r["docs"],
                    "location": [r["location"]],
                    "perpetrators": [[r["perpetrators"][0]]],
                    "killed": r["killed"],
                    "captured": r["captured"],
                    "wounded": [],
                    "date": r["date"],
                    "core": True,
                },
            )
        for rel in truth["relations"]:
            self.relations.setdefault((rel["s"], rel["p"], rel["o"]), rel)

    def write(self, path: Path) -> None:
        gold = {
            "corpus": self.corpus,
            "documents": self.docs,
            "entities": sorted(self.entities.values(), key=lambda e: e["id"]),
            "distinct": [],
            "raids": sorted(self.raids.values(), key=lambda r: r["id"]),
            "relations": sorted(self.relations.values(), key=lambda r: (r["s"], r["p"], r["o"])),
        }
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")


def write_corpus(n: int, out: Path, seed: int = 1, gold_max: int = 10_000) -> dict[str, Path]:
    """Write corpus-N.jsonl, truth-N.jsonl (and gold-N.json when N <= gold_max) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"corpus": out / f"corpus-{n}.jsonl", "truth": out / f"truth-{n}.jsonl"}
    gold = GoldWriter(f"synthetic-{n}-seed{seed}") if n <= gold_max else None
    with (
        paths["corpus"].open("w", encoding="utf-8") as fc,
        paths["truth"].open("w", encoding="utf-8") as ft,
    ):
        for article, truth in generate(n, seed):
            fc.write(json.dumps(article, ensure_ascii=False) + "\n")
            ft.write(json.dumps(truth, ensure_ascii=False) + "\n")
            if gold is not None:
                gold.add(truth)
    if gold is not None:
        paths["gold"] = out / f"gold-{n}.json"
        gold.write(paths["gold"])
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("-o", "--output", default="benchmarks/corpus", help="output folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gold-max", type=int, default=10_000, help="largest N with a gold file")
    args = ap.parse_args()
    for kind, path in write_corpus(args.n, Path(args.output), args.seed, args.gold_max).items():
        print(f"{kind}: {path}")


if __name__ == "__main__":
    main()
