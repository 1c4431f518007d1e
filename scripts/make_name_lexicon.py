"""Build kg/data/names/given_names.txt: Arabic given names learnt from the NER training data.

Reads ANERcorp train and AQMAR train (first token of every person name) and the ANERgazet
person list; keeps a word when it starts a person name more often than it is tagged O in the
training text, so that common words that are also names (أمل, نصر) do not enter. The list is
what the title pattern checks ("مسؤول X Y" is a name only when X is a given name).

Usage: python scripts/make_name_lexicon.py [DATA_DIR]   (default: data/ner)
Licences: ANERcorp CC BY-SA 4.0, AQMAR CC BY-SA 3.0, ANERgazet free for research (see
data/ner/README.md); the derived list keeps them.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from kg.text.normalize import clean, fold


def read_conll(path: Path):
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            yield parts[0], parts[-1]


def main(data_dir: str = "data/ner") -> None:
    root = Path(data_dir)
    starts: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for f in (root / "anercorp/train.conll", root / "aqmar/train.conll"):
        if not f.exists():
            continue
        for tok, tag in read_conll(f):
            key = fold(clean(tok))
            if tag in ("B-PERS", "B-PER"):
                starts[key] += 1
            elif tag == "O":
                outside[key] += 1
    gaz = root / "anergazet/AlignedPersGazetteer.txt"
    if gaz.exists():
        for line in gaz.read_text("utf-8", errors="replace").splitlines():
            w = fold(clean(line.strip()))
            if w and " " not in w and not w.startswith("ال") and w.isalpha():
                starts[w] += 1
    names = sorted(
        w
        for w, n in starts.items()
        if len(w) >= 2 and w.isalpha() and not w.startswith("ال") and n > outside[w]
    )
    out = Path(__file__).resolve().parent.parent / "kg/data/names/given_names.txt"
    header = (
        "# Given names learnt from ANERcorp/AQMAR train and ANERgazet;"
        " scripts/make_name_lexicon.py\n"
    )
    out.write_text(header + "\n".join(names) + "\n", "utf-8")
    print(f"{len(names)} names -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
