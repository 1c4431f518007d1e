"""Rebuild ``names.tsv`` (a person-name lexicon) from two PyPI packages' data.

Run once by hand (the NER training reads ``names.tsv``, not the packages):

    pip download --no-deps arabic-name-romanizer==0.2.0 arabnamer==0.1.3 -d /tmp/names
    python data/ner/names/build.py /tmp/names

Reads the ``units`` and ``full_names`` tables of arabic-name-romanizer's ``names.sqlite3``
(only the rows whose source is Wikidata, CC0) and the Arabic side of arabnamer's
``dict_FINAL.json`` (English -> Arabic name pairs, CC BY 4.0). Writes ``names.tsv``:
one Arabic word a row with how often Wikidata lists it as a given name, as a surname, as a
name part of unknown role, as a word of a full name, and how often it occurs in arabnamer's
Arabic names (mostly transliterated non-Arab names). Words are kept as the sources spell
them (the tagger folds them); words shorter than two letters are dropped.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("given", "surname", "part", "full", "foreign")


def _wheel(folder: Path, prefix: str) -> Path:
    found = sorted(folder.glob(prefix + "-*.whl"))
    if not found:
        raise SystemExit(f"no {prefix}-*.whl in {folder}: run the pip download line first")
    return found[-1]


def main(folder: Path) -> None:
    counts: dict[str, Counter[str]] = {c: Counter() for c in COLUMNS}
    with zipfile.ZipFile(_wheel(folder, "arabic_name_romanizer")) as z:
        db = folder / "names.sqlite3"
        db.write_bytes(z.read("arabic_name_romanizer/resources/names.sqlite3"))
    con = sqlite3.connect(db)
    role_column = {"given": "given", "surname": "surname", "unknown": "part"}
    for key, role, n in con.execute(
        "SELECT arabic_key, role, count FROM units WHERE source = 'wikidata'"
    ):
        for word in key.split():
            counts[role_column.get(role, "part")][word] += n
    for key, n in con.execute("SELECT arabic_key, count FROM full_names WHERE source = 'wikidata'"):
        for word in key.split():
            counts["full"][word] += n
    con.close()
    db.unlink()
    with zipfile.ZipFile(_wheel(folder, "arabnamer")) as z:
        pairs = json.loads(z.read("arabnamer/data/dict_FINAL.json"))
    for arabic in pairs.values():
        for word in str(arabic).split():
            counts["foreign"][word] += 1
    words = sorted({w for c in counts.values() for w in c if len(w) >= 2 and w.isalpha()})
    with (HERE / "names.tsv").open("w", encoding="utf-8") as out:
        out.write("# word\t" + "\t".join(COLUMNS) + "\n")
        for w in words:
            out.write(w + "\t" + "\t".join(str(counts[c][w]) for c in COLUMNS) + "\n")
    print(f"{len(words)} words -> {HERE / 'names.tsv'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/names"))
