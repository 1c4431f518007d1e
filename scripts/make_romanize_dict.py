"""Build ``kg/data/romanize/words.tsv``: the Latin spelling of common Arabic name words.

Reads the name index of the ``arabic-name-romanizer`` package (0.2.0, MIT; its ``units`` table
is drawn from Wikidata, CC0 1.0: only those rows are used, not the Algerian corpora), keeps
the spellings given for people of the Mashreq, Iraq, the Gulf, Yemen, Libya and Sudan (the
countries whose names English newswire writes in the English convention; Egypt counts less,
Iran, Pakistan and the Maghreb not at all: Mohammad, Hossein and Youcef are other conventions),
and writes, for each Arabic word (folded, article removed), the most frequent spelling
without its article, capitalised, ASCII only. ``kg.text.romanize`` reads the file; the
article, kunya, ``bin`` and ``Abdul`` are its own rules.

Why a derived file rather than the package: the package needs onnxruntime (a large native
dependency) for its network fallback, mixes conventions (Abu/Abou, al-/Al-/El-) and takes
about 1 ms a name; the word list is ~300 KB, loads in ~30 ms and answers in microseconds.

Usage: python scripts/make_romanize_dict.py PATH/TO/names.sqlite3 [-o kg/data/romanize/words.tsv]
(the sqlite file is ``arabic_name_romanizer/resources/names.sqlite3`` inside the wheel:
``pip download arabic-name-romanizer==0.2.0 --no-deps`` and unzip it).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import unicodedata
from collections import defaultdict
from pathlib import Path

from kg.text.normalize import fold

# English-convention countries (newswire writes their names as Reuters/AP do).
WEIGHTS = {c: 3.0 for c in "IQ SY SA JO LB PS KW AE QA BH OM YE LY SD".split()}
WEIGHTS["EG"] = 1.0
MIN_WEIGHT = 2.0
_ARTICLE_LATIN = re.compile(r"^(?:al|el|ul|an|ar|as|ash|at|az|ad|adh|ath)[- ]", re.IGNORECASE)
_LATIN_OK = re.compile(r"[A-Za-z][A-Za-z -]*[A-Za-z]")
_ARABIC_OK = re.compile(r"[\u0621-\u064a]+( [\u0621-\u064a]+)?")


def _latin(text: str) -> str | None:
    """The spelling without article or accents, each word capitalised; None if unusable."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['`ʿʾ’‘]", "", text).strip()
    text = _ARTICLE_LATIN.sub("", text)
    if not _LATIN_OK.fullmatch(text):
        return None
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _arabic(key: str) -> str | None:
    """The folded Arabic word (or two words, for عبد الله-like units), article removed."""
    key = fold(key.strip())
    if not _ARABIC_OK.fullmatch(key):
        return None
    if key.startswith("ال") and len(key) > 3 and " " not in key:
        key = key[2:]
    return key


def build(sqlite_path: Path) -> dict[str, str]:
    """The chosen spelling of each Arabic word."""
    scores: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    db = sqlite3.connect(sqlite_path)
    rows = db.execute(
        "SELECT arabic_key, latin, country, count FROM units WHERE source = 'wikidata'"
    )
    for arabic_key, latin, country, count in rows:
        weight = WEIGHTS.get(country, 0.0)
        ar, la = _arabic(arabic_key), _latin(latin)
        if weight and ar and la:
            scores[ar][la] += weight * count
    out: dict[str, str] = {}
    for ar, cands in scores.items():
        if sum(cands.values()) < MIN_WEIGHT:
            continue
        out[ar] = _english(ar, max(sorted(cands), key=lambda la: cands[la]))
    return out


def _english(ar: str, la: str) -> str:
    """French and Turkish-style endings in English form: Zarqaoui -> Zarqawi, Bakry -> Bakri."""
    la = re.sub(r"aoui\b", "awi", la)
    la = re.sub(r"oui\b", "wi", la)
    if ar.endswith("ي") and re.search(r"[^aeo]y$", la):
        la = la[:-1] + "i"
    return la


def main() -> None:
    """Parse the arguments, build and write the word list."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sqlite", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=Path("kg/data/romanize/words.tsv"))
    args = ap.parse_args()
    words = build(args.sqlite)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Latin spelling of Arabic name words (folded, article removed), English newswire\n"
        "# convention. Built by scripts/make_romanize_dict.py from the Wikidata rows (CC0 1.0)\n"
        "# of arabic-name-romanizer 0.2.0's name index (MIT). Edit by hand only below the\n"
        "# line '# overrides' in overrides.tsv, which wins over this file.\n"
    )
    body = "".join(f"{ar}\t{la}\n" for ar, la in sorted(words.items()))
    args.out.write_text(header + body, "utf-8")
    print(f"{len(words)} words written to {args.out}")


if __name__ == "__main__":
    main()
