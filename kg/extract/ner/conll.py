"""Reading CoNLL NER files (``token<TAB>tag``, blank line between sentences).

Reads UTF-8 text files; writes nothing. Tags are mapped onto the tagger's label set: PER ->
PERS, MISC/MIS (and anything unknown) -> O, and an I- tag that starts an entity becomes B-
(IOB1 repairs), so that corpora with slightly different conventions can be mixed.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError

TYPES = ("PERS", "ORG", "LOC")
LABELS = ("O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
_TYPE_MAP = {"PERS": "PERS", "PER": "PERS", "PERSON": "PERS", "ORG": "ORG", "LOC": "LOC"}

Sentence = tuple[list[str], list[str]]


def map_tag(tag: str) -> str:
    """Map a corpus tag onto ``LABELS`` (MISC and unknown types become O)."""
    tag = tag.strip()
    if len(tag) < 3 or tag[1] != "-" or tag[0] not in "BI":
        return "O"
    kind = _TYPE_MAP.get(tag[2:].upper())
    return f"{tag[0]}-{kind}" if kind else "O"


def repair_bio(tags: list[str]) -> list[str]:
    """Make every entity start with B- (an I-X after O or another type becomes B-X)."""
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL file as ``(tokens, labels)``, labels already mapped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; give a CoNLL file (token<TAB>tag)") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8; convert it to UTF-8 first") from exc
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if tokens:
                sentences.append((tokens, repair_bio(tags)))
                tokens, tags = [], []
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) < 2:
            raise InputError(f"{path}:{lineno}: expected 'token<TAB>tag', got {line!r}")
        tokens.append(parts[0])
        tags.append(map_tag(parts[-1]))
    if tokens:
        sentences.append((tokens, repair_bio(tags)))
    return sentences


def entities(labels: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end_exclusive, type)`` of a BIO label sequence."""
    spans = set()
    start = -1
    kind = ""
    for i, lab in enumerate([*labels, "O"]):
        if lab.startswith("I-") and lab[2:] == kind and start >= 0:
            continue
        if start >= 0:
            spans.add((start, i, kind))
            start = -1
            kind = ""
        if lab.startswith("B-") or lab.startswith("I-"):
            start, kind = i, lab[2:]
    return spans
