"""Span hygiene: where a name stops, applied to the mentions of every extractor alike.

Reads Mentions (of any extractor: kb, gazetteer, pattern, crf) and returns them with their
spans cut back to the name, or dropped when no name is left. ``kg.extract.combine`` calls
``tidy`` on every mention before settling overlaps, so the rules hold for all extractors.
The word lists live in ``kg/data/cues.json`` (``clause_starts``, ``span_cue_words``,
``office_titles``) beside the lists the patterns use.

Rules (each tested in ``tests/extract/test_spans.py``):
- a name never crosses a comma, bracket, dash or sentence end: the span is cut before it;
- a quotation mark may open a quoted name after a head word (تنظيم "حراس الدين"), but a
  person's name does not run into a quote, and a span ends at the quote that closes;
- a name never runs into a relative or participle clause (الذي، التي، الموالي لـ، التابع لـ):
  the span is cut before the clause word;
- a name never contains or ends on a cue word (المكنى، الملقب، المعروف، شقيق، نجل) nor
  ends on a stop word;
- a person's name never starts with a title (ورئيس، والقيادي): the title goes, and when it
  is an office (رئيس، مدير، قائد ...) what follows is its complement unless a given name or a
  kunya starts it (ورئيس قسم الدراسات is no name; والقيادي محمد علي is محمد علي);
- a person's span that runs over و into a second name is two names (``split_coordinated``).

Limits: the lists decide, not a parser; a name whose own words are cue words (a place called
المعروف) is cut.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from kg.extract.cues import load_cues, match_phrase, word_set
from kg.model import EntityType, Mention
from kg.text.normalize import KUNYA_CASES, base_form, clean, fold
from kg.text.tokens import Token, tokenize

# punctuation that ends a name (quotes are handled apart: they may open a quoted name)
BREAKS = frozenset("،,.؟?!؛;:()[]{}<>-–—/|…")
OPENING_QUOTES = frozenset("«“‘„")
CLOSING_QUOTES = frozenset("»”’")
PLAIN_QUOTES = frozenset("\"'`")
QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES | PLAIN_QUOTES
KUNYA_HEADS = frozenset(KUNYA_CASES)


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(clause starts, cue words, titles, office titles), folded."""
    cues = load_cues()
    titles = {p[0] for p in cues.person_titles if len(p) == 1}
    titles |= cues.leader_words | {p[0] for p in cues.member_words if len(p) == 1}
    titles |= word_set("office_titles")
    return (
        word_set("clause_starts"),
        word_set("span_cue_words"),
        frozenset(titles),
        word_set("office_titles"),
    )


@cache
def _given() -> frozenset[str]:
    """The given-name lexicon, folded (it is stored as written)."""
    return frozenset(fold(n) for n in load_cues().given_names)


@cache
def _title_phrases() -> tuple[tuple[str, ...], ...]:
    """Titles of more than one word (الناطق باسم، رئيس الوزراء), folded, longest first."""
    cues = load_cues()
    return tuple(p for p in (*cues.person_titles, *cues.spokes_words) if len(p) > 1)


def _bare(norm: str) -> str:
    """A folded word without one glued conjunction و/ف (والقيادي -> القيادي)."""
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


def _quote_role(toks: list[Token], k: int) -> str:
    """Whether the quote at ``k`` opens or closes a quoted stretch: by its shape, else by
    which word it is glued to."""
    ch = toks[k].text
    if ch in OPENING_QUOTES:
        return "open"
    if ch in CLOSING_QUOTES:
        return "close"
    glued_before = k > 0 and toks[k - 1].end == toks[k].start
    return "close" if glued_before else "open"


def _function_word(tok: Token, written_stop: frozenset[str]) -> bool:
    """A particle, preposition or pronoun no name ends on. The spelling as written decides
    between the name علي and the preposition على, which folding makes alike."""
    if tok.norm not in word_set("span_function_words"):
        return False
    written = clean(tok.text)
    return written in written_stop or not written.endswith("ي")


def _is_word(tok: Token) -> bool:
    return tok.is_word or any(c.isalpha() for c in tok.norm)


def _cut(toks: list[Token], etype: EntityType) -> list[Token]:
    """The tokens of the span up to where the name stops (punctuation, clauses, cues)."""
    clause, cue_words, _, _ = _lists()
    out: list[Token] = []
    quoted = False
    for k, tok in enumerate(toks):
        text = tok.text
        if text in QUOTE_MARKS:
            role = _quote_role(toks, k)
            if quoted:  # the quote that closes the quoted name ends the span
                out.append(tok)
                break
            if role == "close" and out:
                break  # a quote closing something opened before the span
            if role == "open" and out and etype is EntityType.PERSON:
                break  # a person's name does not run into a quoted one
            if role == "open":
                quoted = True
            out.append(tok)
            continue
        if not _is_word(tok):
            if text in BREAKS or out:
                if out:
                    break
                continue
            continue
        if out and any(_is_word(t) for t in out):
            bare = _bare(tok.norm)
            if tok.norm in clause or bare in clause:
                break
            if tok.norm in cue_words or bare in cue_words:
                break
        out.append(tok)
    return out


def _trim_ends(toks: list[Token], etype: EntityType) -> list[Token] | None:
    """Drop punctuation, stop words and cue words at both ends; a person's leading title.
    None when the span is an office with no name (ورئيس قسم الدراسات)."""
    written_stop = load_cues().written_stop_words
    _, cue_words, titles, offices = _lists()
    given = _given()
    while toks and not _is_word(toks[0]):
        toks = toks[1:]
    if etype is EntityType.PERSON:
        office = False
        while len(toks) > 1:
            norms = [t.norm for t in toks]
            n = match_phrase(norms, 0, _title_phrases())  # الناطق باسم, with a glued و
            if n and n < len(toks):
                office = office or norms[n - 1] == "باسم"
            elif toks[0].norm in titles or _bare(toks[0].norm) in titles:
                n = 1
            else:
                break
            office = office or toks[0].norm in offices or _bare(toks[0].norm) in offices
            toks = toks[n:]
        if office:  # its complement runs up to a given name or a kunya, if any
            k = next(
                (k for k, t in enumerate(toks) if t.norm in given or t.norm in KUNYA_HEADS), None
            )
            if k is None:
                return None
            toks = toks[k:]
    while toks and (
        not _is_word(toks[-1])
        and (toks[-1].text not in QUOTE_MARKS or sum(t.text in QUOTE_MARKS for t in toks) == 1)
        or _function_word(toks[-1], written_stop)
        or toks[-1].norm in cue_words
        or _bare(toks[-1].norm) in cue_words
    ):
        toks = toks[:-1]
    return toks


def split_coordinated(m: Mention) -> list[Mention]:
    """A person span that runs over a conjunction into a second name (محمود صالح الجعب وعلي
    ناصر العمري) as two mentions: the split falls on a word that is و glued to a given name
    or a kunya head, when the word itself is no given name (وليد، وسام stay) and two words
    or more stand before it. Knowledge-base matches are names as listed: never split."""
    if m.type is not EntityType.PERSON or m.extractor == "kb":
        return [m]
    toks = [t for t in tokenize(m.surface, m.start) if _is_word(t)]
    given, titles = _given() | word_set("given_names_also_words"), _lists()[2]
    for k in range(2, len(toks) - 1):
        n = toks[k].norm
        if (
            glued_and(n)
            and n not in titles
            and (n[1:] in given or n[1:] in KUNYA_HEADS or name_not_particle(toks[k].text[1:]))
        ):
            return [
                _part(m, toks[0].start, toks[k - 1].end),
                *split_coordinated(_part(m, toks[k].start + 1, toks[-1].end)),
            ]
    return [m]


def glued_and(norm: str) -> bool:
    """A folded word that is the conjunction و glued to a word, not a given name that starts
    with و (وليد، وسام: ``wa_given_names``) nor ولد (son of)."""
    return (
        len(norm) > 3
        and norm[0] == "و"
        and not norm.startswith("ول")
        and norm not in word_set("wa_given_names")
    )


def name_not_particle(written: str) -> bool:
    """علي written with ي beside the particle على (folding makes them alike): the name, as
    long as the written word is no particle itself."""
    w = clean(written)
    stops = load_cues().written_stop_words
    return w.endswith("ي") and w not in stops and w[:-1] + "ى" in stops


def _part(m: Mention, start: int, end: int) -> Mention:
    surface = m.surface[start - m.start : end - m.start]
    return replace(m, start=start, end=end, surface=surface, base=base_form(surface))


def tidy(m: Mention) -> Mention | None:
    """``m`` with its span cut back to the name (module docstring), or None if no name is
    left. A mention that needs no cut is returned as it is (same object)."""
    toks = tokenize(m.surface, m.start)
    if not toks:
        return None
    kept = _cut(toks, m.type)
    trimmed = _trim_ends(kept, m.type)
    if not trimmed or not any(_is_word(t) for t in trimmed):
        return None
    start, end = trimmed[0].start, trimmed[-1].end
    if start == toks[0].start and end == toks[-1].end:
        return m  # nothing cut (white space around a span is not worth a new mention)
    surface = m.surface[start - m.start : end - m.start]
    base = base_form(surface)
    words = [t for t in trimmed if _is_word(t)]
    cues = load_cues()
    if not base or all(
        t.norm in cues.stop_words or t.norm in cues.org_heads or t.norm in cues.place_heads
        for t in words
    ):
        return None
    return replace(m, start=start, end=end, surface=surface, base=base)
