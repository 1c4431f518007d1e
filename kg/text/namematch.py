"""One name-matching rule for every surface: named queries, ``kg explain``, ``kg view --focus``.

Reads names (strings); writes nothing. A query names an entity when, in the first of these
tiers that finds anything:

1. *exact*: it is the entity's id (or its former, letter-by-letter id: ``kg.text.slug``), or
   one of its names compared by Arabic match key (hamza seats, alif maqsura, ta marbuta,
   diacritics, clitics and the kunya's case folded) or, for Latin script, case-insensitively;
2. *phonetic*: its Latin phonetic key (:func:`latin_key`; an Arabic query is romanised first)
   equals the key of one of the entity's names (Arabic names romanised), or its Arabic words
   without the article equal a name's (``بغدادي`` = ``البغدادي``);
3. *short form*: its words (Arabic without article, or Latin phonetic word keys) are words
   of one of the entity's names, in the same order (``البغدادي``, ``Baghdadi`` and ``Jubouri``
   name "Abu Bakr al-Baghdadi" and "Salem Abdullah al-Jaburi").

The Latin phonetic key folds what English spellings of one Arabic name disagree on: the
article (al-, el-, ad-, ash- ...) is dropped; ``Abdul``/``Abdel``/``Abd al`` become ``abd``;
digraphs become one letter (kh->k, gh->g, sh/ch->c, th->t, dh->z, ph->f), q/ck/c->k, a lone g->j
(Gamal = Jamal); a word-initial vowel becomes ``a``, other vowels (and w/y inside a word) are
dropped, except that a final i/y/ee (the nisba ending) is kept as ``i``; a final -ah loses its
h (Hamzah = Hamza, Abdullah = Abdallah); doubled letters collapse. So Jabburi, al-Jaburi and
Jubouri all key to ``jbri``. The same rule runs in the HTML view's search: ``latin_word_key``
is ported to JavaScript in ``kg/export/html_template.py`` and both are tested against one table
(``tests/fixtures/name_keys.json``).

A query whose whole Latin key is shorter than three letters (``a``, ``Abu``) gets no phonetic
match. Limits: the phonetic key is deliberately coarse (Hassan and Hussein share ``hsn``), which is
why it only answers when no exact name does; it knows nothing of Maghrebi French spellings
beyond ou/oo and ch.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from kg.model import Entity
from kg.text.normalize import match_key
from kg.text.romanize import latin_label, romanize_name
from kg.text.slug import legacy_slug

_ARTICLES = frozenset("al el ul il ad ar as ash at az an adh ath ed er es esh et ez en".split())
_ABD = re.compile(r"^ab(?:d|dou|du|de|da)l(?=[a-z]{3})")
_UNITS = re.compile(r"kh|gh|sh|ch|th|dh|ph|ck|[a-z]")
_UNIT_MAP = {
    "kh": "k", "gh": "g", "sh": "c", "ch": "c", "th": "t", "dh": "z", "ph": "f", "ck": "k",
    "q": "k", "c": "k", "g": "j", "x": "ks", "v": "f", "p": "b",
}  # fmt: skip
_VOWELS = frozenset("aeiouwy")
_MIN_PHONETIC = 3
_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


def _ascii_words(text: str) -> list[str]:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = re.sub(r"['`ʿʾ’‘]", "", text)
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


def _collapse(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=65536)
def latin_word_key(word: str) -> str:
    """The phonetic key of one Latin word (lower-case ASCII letters); "" for an article."""
    if word in _ARTICLES:
        return ""
    if word in ("bin", "ben", "ibn", "bint"):
        return "bn"
    if word in ("abd", "abdul", "abdel", "abdal", "abdoul", "abdou"):
        return "abd"
    if word.isdigit():
        return word
    word = _ABD.sub("abd", word)
    if len(word) > 3 and word.endswith("ah"):  # ta marbuta: Hamzah = Hamza
        word = word[:-1]
    final_i = word.endswith(("i", "y", "ee", "ie")) and len(word) > 2
    out: list[str] = []
    for n, m in enumerate(_UNITS.finditer(word)):
        unit = m.group()
        if unit in _VOWELS and not (n == 0 and unit in "wy"):
            if n == 0:
                out.append("a")
            continue
        out.append(_UNIT_MAP.get(unit, unit))
    if final_i:
        out.append("i")
    return _collapse("".join(out))


def latin_word_keys(text: str) -> tuple[str, ...]:
    """The phonetic keys of a Latin name's words, articles left out (``al-Jaburi`` -> jbri)."""
    words = _ascii_words(text)
    # joined Abd compounds written apart: "Abd al-Rahman" = "Abdul Rahman" = "Abdulrahman"
    keys = [latin_word_key(w) for w in words]
    return tuple(k for k in keys if k)


def latin_key(text: str) -> str:
    """The phonetic key of a whole Latin name: its word keys joined, doubles collapsed."""
    return _collapse("".join(latin_word_keys(text)))


def _latin_of(name: str) -> str:
    return romanize_name(name) if _ARABIC.search(name) else name


def arabic_words(name: str) -> tuple[str, ...]:
    """An Arabic name's words by match key, each without its article."""
    words = match_key(name).split()
    return tuple(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words)


@dataclass(frozen=True, slots=True)
class NameKeys:
    """Every key of one name form: exact, Arabic words, Latin phonetic key and word keys."""

    exact: str
    words: tuple[str, ...]
    latin: str
    latin_words: tuple[str, ...]


@lru_cache(maxsize=65536)
def name_keys(name: str) -> NameKeys:
    """The keys of ``name`` (Arabic or Latin script)."""
    arabic = bool(_ARABIC.search(name))
    latin_words = latin_word_keys(_latin_of(name))
    return NameKeys(
        exact=match_key(name) if arabic else " ".join(_ascii_words(name)),
        words=arabic_words(name) if arabic else (),
        latin=_collapse("".join(latin_words)),
        latin_words=latin_words,
    )


def keys_of(name: str) -> set[str]:
    """The ``kg:matchKey`` literals of one name form: what ``NameIndex`` compares, as strings
    a SPARQL query can match (``=`` exact, ``~`` phonetic, ``+`` Arabic words, ``w:``/``l:``
    one Arabic word / one Latin word key)."""
    k = name_keys(name)
    out = {"=" + k.exact} if k.exact else set()
    if k.latin:
        out.add("~" + k.latin)
    if k.words:
        out.add("+" + " ".join(k.words))
    out.update("w:" + w for w in k.words)
    out.update("l:" + w for w in k.latin_words)
    return out


def query_keys(query: str) -> tuple[set[str], list[set[str]]]:
    """What a graph must hold for ``query`` to name one of its entities: any of the first set
    (tiers 1 and 2), or every key of one of the sets that follow (tier 3, words). Entities so
    found are candidates; ``NameIndex`` over their names decides."""
    k = name_keys(query.strip())
    whole = {"=" + k.exact, "#" + query.strip()} if k.exact else {"#" + query.strip()}
    if len(k.latin) >= _MIN_PHONETIC:
        whole.add("~" + k.latin)
    if k.words:
        whole.add("+" + " ".join(k.words))
    sets = [{"w:" + w for w in k.words}]
    if len(k.latin) >= _MIN_PHONETIC:
        sets.append({"l:" + w for w in k.latin_words})
    return whole, [s for s in sets if s]


def _run_in(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` is made of words of ``full``, in their order (``أبو حفص القرشي`` in
    ``أبو حفص الهاشمي القرشي``, as the resolver's short forms are)."""
    if not short or len(short) > len(full):
        return False
    words = iter(full)
    return all(w in words for w in short)


class NameIndex:
    """The names of a graph's entities, searchable by the three tiers of the module docstring."""

    def __init__(self, names: Mapping[str, Iterable[str]],
                 ids: Mapping[str, Iterable[str]] | None = None) -> None:
        """``names``: entity key -> its name forms; ``ids``: entity key -> ids it answers to."""
        self._names = {k: tuple(dict.fromkeys(v)) for k, v in names.items()}
        self._ids: dict[str, set[str]] = {}
        for k, vs in (ids or {}).items():
            for v in vs:
                self._ids.setdefault(v, set()).add(k)

    def find(self, query: str) -> list[str]:
        """The entity keys ``query`` names (sorted), from the first tier that finds any."""
        query = query.strip()
        if not query:
            return []
        if query in self._ids:
            return sorted(self._ids[query])
        q = name_keys(query)
        if len(q.latin) < _MIN_PHONETIC:  # "a", "ab": a key that short matches by chance
            q = NameKeys(q.exact, q.words, "", ())
        tiers: list[set[str]] = [set(), set(), set()]
        for ent, forms in self._names.items():
            for form in forms:
                k = name_keys(form)
                if q.exact and k.exact == q.exact:
                    tiers[0].add(ent)
                elif (q.latin and k.latin == q.latin) or (q.words and k.words == q.words):
                    tiers[1].add(ent)
                elif _run_in(q.words, k.words) or _run_in(q.latin_words, k.latin_words):
                    tiers[2].add(ent)
        return next((sorted(t) for t in tiers if t), [])


_ID_PREFIX = {"Person": "", "Organization": "org-", "Place": "place-"}


def former_id(type_name: str, label_ar: str) -> str:
    """The id an entity of this type and Arabic label had before the newswire romanisation
    (``abw-bkr-albghdady``, ``org-...``, ``place-...``): accepted for one release."""
    return _ID_PREFIX.get(type_name, "") + legacy_slug(label_ar, fallback=type_name.lower())


def entity_index(entities: Iterable[Entity]) -> NameIndex:
    """The index of a KnowledgeGraph's entities: every name form, the Latin label, the id and
    the former id."""
    names: dict[str, list[str]] = {}
    ids: dict[str, list[str]] = {}
    for e in entities:
        names[e.id] = entity_names(e)
        ids[e.id] = [e.id, former_id(e.type.value, e.label_ar)]
    return NameIndex(names, ids)


def entity_names(e: Entity) -> list[str]:
    """Every name form an entity is found by: Arabic label and aliases, English and Latin."""
    return [e.label_ar, *e.aliases_ar, *([e.label_en] if e.label_en else []),
            latin_label(e.label_ar, e.label_en)]


def entity_keys(e: Entity) -> list[str]:
    """The ``kg:matchKey`` literals of an entity (sorted): the keys of every name form and
    ``#`` + its former id."""
    keys = {"#" + former_id(e.type.value, e.label_ar)}
    for name in entity_names(e):
        if name:
            keys |= keys_of(name)
    return sorted(keys)
