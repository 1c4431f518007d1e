"""The cue-word lists of the domain patterns, read once from ``kg/data/cues.json``.

Every list is kept twice: as written (for documentation) and as folded token sequences (for
matching against ``Token.norm``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kg.text.normalize import clean, fold


def phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    """Folded token tuples, longest first so that matchers try the longest phrase first."""
    seqs = {tuple(fold(clean(w)).replace("ـ", "").split()) for w in words}
    return tuple(sorted(seqs, key=lambda s: (-len(s), s)))


@dataclass(frozen=True, slots=True)
class Cues:
    """Folded cue phrases by kind."""

    name_intro: tuple[tuple[str, ...], ...]
    alias_intro: tuple[tuple[str, ...], ...]
    person_titles: tuple[tuple[str, ...], ...]
    org_heads: frozenset[str]
    place_heads: frozenset[str]
    directions: tuple[tuple[str, ...], ...]
    stop_words: frozenset[str]
    leader_words: frozenset[str]
    member_words: tuple[tuple[str, ...], ...]
    spokes_words: tuple[tuple[str, ...], ...]
    acronyms: frozenset[str]
    strong_titles: tuple[tuple[str, ...], ...]
    given_names: frozenset[str]
    org_function_words: frozenset[str]
    weak_intro: tuple[tuple[str, ...], ...]
    # stop words as written (cleaned, not folded): folding makes the name علي look like the
    # preposition على, so the written spelling decides between them
    written_stop_words: frozenset[str] = frozenset()


@cache
def cue_data(name: str) -> dict:
    """The JSON of the cue data file ``kg/data/NAME`` (read once per process)."""
    return json.loads(resources.files("kg").joinpath(f"data/{name}").read_text("utf-8"))


@cache
def word_set(key: str, file: str = "cues.json") -> frozenset[str]:
    """The folded words of list ``key`` of a cue data file (read once per process)."""
    return frozenset(fold(clean(w)) for w in cue_data(file)[key])


@cache
def load_cues() -> Cues:
    """Read the cue lists (cached: the file is read once per process)."""
    raw = cue_data("cues.json")

    def words(key: str) -> frozenset[str]:
        return frozenset(fold(clean(w)) for w in raw[key])

    return Cues(
        name_intro=phrases(raw["name_intro"]),
        alias_intro=phrases(raw["alias_intro"]),
        person_titles=phrases(raw["person_titles"]),
        org_heads=words("org_heads"),
        place_heads=words("place_heads"),
        directions=phrases(raw["directions"]),
        stop_words=words("stop_words"),
        leader_words=words("leader_words"),
        member_words=phrases(raw["member_words"]),
        spokes_words=phrases(raw["spokes_words"]),
        acronyms=frozenset(raw["acronyms"]),
        strong_titles=phrases(raw["strong_titles"]),
        org_function_words=words("org_function_words"),
        weak_intro=phrases(raw["weak_intro"]),
        written_stop_words=frozenset(clean(w) for w in raw["stop_words"]),
        given_names=frozenset(
            line
            for line in resources.files("kg")
            .joinpath("data/names/given_names.txt")
            .read_text("utf-8")
            .splitlines()
            if line and not line.startswith("#")
        ),
    )


# phrase list (by identity) -> (the list, its entries grouped by first word, in order)
_FIRST_WORD_INDEX: dict[int, tuple[tuple, dict[str, tuple[tuple[int, tuple[str, ...]], ...]]]] = {}
SMALL_LIST = 8  # lists this short are scanned, not indexed (ad-hoc lists of one phrase)


def _by_first_word(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    """(position, phrase) of ``phrases`` grouped by first word, built once per phrase list.

    Keyed by identity: phrase lists are module-level constants, so this is a handful of
    entries; the list itself is stored so that its id cannot be reused by another object.
    """
    hit = _FIRST_WORD_INDEX.get(id(phrases))
    if hit is not None and hit[0] is phrases:
        return hit[1]
    grouped: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for pos, phrase in enumerate(phrases):
        grouped.setdefault(phrase[0], []).append((pos, phrase))
    index = {k: tuple(v) for k, v in grouped.items()}
    _FIRST_WORD_INDEX[id(phrases)] = (phrases, index)
    return index


def _fits(norms: list[str], i: int, phrase: tuple[str, ...], clitics: bool) -> bool:
    """Whether ``phrase`` starts at token ``i`` (see ``match_phrase``)."""
    n = len(phrase)
    if i + n > len(norms):
        return False
    first = norms[i]
    if first != phrase[0] and not (
        clitics and first[:1] in "وف" and first[1:] == phrase[0] and len(first) > 2
    ):
        return False
    return all(norms[i + k] == phrase[k] for k in range(1, n))


def _candidates(
    norms: list[str], i: int, phrases: tuple[tuple[str, ...], ...], clitics: bool
) -> list[tuple[int, tuple[str, ...]]]:
    """(position, phrase) of the phrases whose first word can match token ``i``, in order."""
    if i >= len(norms):
        return []
    first = norms[i]
    index = _by_first_word(phrases)
    found = list(index.get(first, ()))
    if clitics and first[:1] in "وف" and len(first) > 2:
        found += index.get(first[1:], ())
        found.sort()
    return found


def match_phrase(
    norms: list[str], i: int, phrases: tuple[tuple[str, ...], ...], clitics: bool = True
) -> int:
    """Length in tokens of the longest phrase starting at token ``i`` (0 when none).

    With ``clitics``, the first word may carry an attached و/ف (والمعروف = و + المعروف).
    Long lists are looked up by first word (an index built once per list), which gives the
    same answer as trying every phrase longest first, at a fraction of the cost.
    """
    if len(phrases) <= SMALL_LIST:
        for phrase in phrases:
            if _fits(norms, i, phrase, clitics):
                return len(phrase)
        return 0
    best = 0
    for _, phrase in _candidates(norms, i, phrases, clitics):
        if len(phrase) > best and _fits(norms, i, phrase, clitics):
            best = len(phrase)
    return best


def first_phrase(
    norms: list[str], i: int, phrases: tuple[tuple[str, ...], ...], clitics: bool = True
) -> int | None:
    """Position in ``phrases`` of the first phrase (in list order) that starts at token ``i``;
    None when none does. Same as trying ``match_phrase(norms, i, (phrase,))`` for each phrase
    in turn, through the first-word index."""
    for pos, phrase in _candidates(norms, i, phrases, clitics):
        if _fits(norms, i, phrase, clitics):
            return pos
    return None
