"""Domain patterns for names a general tagger misses: kunyas, cue-introduced names, titles.

Reads a Document and its Sentences, returns Mentions (extractor ``pattern:<rule>``) and the
alias statements the cues make ("X، والمعروف أيضًا باسم Y"); ``stated_aliases`` finds the
same statements (and brackets, quotes) between the combined mentions of every extractor. The
cue words live in ``kg/data/cues.json``, the organisation heads in ``kg/data/org_heads.json``.

Rules (each a function below):
- ``kunya``: أبو / أبي / أبا / أم + name + following nisbas (أبو الحسن الهاشمي القرشي), also
  joined (أبوبكر, أبوياسر) and with an attached clitic (بأبي يحيى, لأبي).
- ``cue``: a name after يُدعى، المدعو، المعروف باسم، الملقب، المكنى، واسمه الحقيقي ...
- ``title``: a name after a title (الجنرال، العقيد، الرئيس، المبعوث، المتحدث باسم ...),
  skipping the adjectives and one prepositional phrase between (الرئيس السوري المؤقت أحمد الشرع).
- ``place``: a name after a strong place head (مدينة، بلدة، قرية، جزيرة، جبل، وادي ...),
  known to no gazetteer or not: quoted, with a prefix (أم الخير، بني سعيد), two after a dual
  or plural head (قريتي X وY, rule ``place-and``); after منطقة، حي، سجن، معبر only a definite
  or quoted name; an adjective (قرية نائية) is no name; a natural feature keeps its head
  (جبال حمرين).
- ``org``: an organisation head followed by a quoted name, a genitive chain (indefinite nouns
  then definite words or a known place: جهاز مكافحة الإرهاب، قوات دفاع شبوة) or, for a
  state's bodies, a place (جيش مالي); a definite head with a nationality adjective, an
  ordinal or a branch (الشرطة التركية، اللواء الثامن، القوات الجوية), pointing to the
  curated armed forces of that country where there are. A bare generic phrase (قوات الأمن)
  is no organisation.

Limits: names are delimited by stop words and punctuation, not by a parser; a name of more than
six words is cut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from kg.extract.cues import Cues, cue_data, load_cues, match_phrase, phrases, word_set
from kg.extract.spans import glued_and, name_not_particle
from kg.model import AliasStatement, Document, EntityType, Mention, Sentence
from kg.text.normalize import KUNYA_CASES, base_form, clean, fold
from kg.text.tokens import Token, tokenize

if TYPE_CHECKING:
    from kg.extract.kb import KbEntry

KUNYA_HEADS = frozenset(KUNYA_CASES)
# A span found in a sentence: (first token, end token, type, rule, confidence).
Found = tuple[int, int, EntityType, str, float]
OPEN_QUOTES = set("\"'«“”‘’„(")
CLOSE_QUOTES = set("\"'»”“’‘)")
MAX_NAME = 6
ORG_FILE = "org_heads.json"
# at most this many indefinite nouns between a head and the definite word or place that ends
# its name (جهاز مكافحة الإرهاب, قيادة عمليات قاطع شرق الأنبار)
MAX_INDEFINITE = 3
HEAD_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك")


@cache
def _place_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Folded names of the places the knowledge base and gazetteer know, by first word,
    longest first; names that need a place cue (common words) are left out."""
    from kg.extract.kb import load_kb

    out: dict[str, set[tuple[str, ...]]] = {}
    for e in load_kb().entries:
        if e.type is not EntityType.PLACE:
            continue
        for alias in e.aliases_ar:
            key = fold(clean(alias))
            words = tuple(key.split())
            if words and key not in e.ambiguous_ar:
                out.setdefault(words[0], set()).add(words)
    return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in out.items()}


@cache
def _militaries() -> tuple[dict[str, str], frozenset[str]]:
    """(country id -> its armed forces entry, force words) of ``kg/data/kb/militaries.json``."""
    import json
    from importlib import resources

    raw = json.loads(resources.files("kg").joinpath("data/kb/militaries.json").read_text("utf-8"))
    return dict(raw["militaries"]), frozenset(fold(clean(w)) for w in raw["force_words"])


ARMED_FORCES_HEADS = ("الجيش", "القوات")


def armed_forces_by_country(
    entries: Iterable[KbEntry], demonym: Callable[[str], str | None]
) -> dict[str, str]:
    """Country id -> the curated organisation named "the army / the forces" + its adjective
    (الجيش السوري، القوات التركية) among ``entries``, where exactly one is. So القوات السورية
    finds the entry that only lists الجيش السوري."""
    found: dict[str, set[str]] = {}
    for e in entries:
        if e.origin != "kb" or e.type is not EntityType.ORGANIZATION:
            continue
        for alias in e.aliases_ar:
            words = fold(clean(alias)).split()
            if len(words) == 2 and words[0] in ARMED_FORCES_HEADS:
                country = demonym(words[1])
                if country:
                    found.setdefault(country, set()).add(e.id)
    return {c: next(iter(ids)) for c, ids in sorted(found.items()) if len(ids) == 1}


@cache
def _armed_forces() -> dict[str, str]:
    """``armed_forces_by_country`` of the knowledge base, ``militaries.json`` first."""
    from kg.extract.kb import load_kb

    out = armed_forces_by_country(load_kb().entries, _demonym)
    out.update(_militaries()[0])
    return out


def _demonym(word: str) -> str | None:
    """The country a nationality adjective names (الصومالية -> somalia), or None."""
    from kg.extract.kb import load_kb

    return load_kb().demonym(word)


def _verb_like(norm: str) -> bool:
    """A word shaped like a finite verb (دخلت، يقاتل), which no organisation name contains."""
    return (len(norm) >= 4 and norm.endswith("ت") and not norm.endswith("ات")) or (
        len(norm) >= 4 and norm[0] == "ي" and not norm.startswith("يوم")
    )


def _clitic_letters(raw: str, letters: int) -> int:
    """Characters of ``raw`` up to and including its first ``letters`` letters."""
    seen = 0
    for pos, ch in enumerate(raw):
        if "\u0621" <= ch <= "\u064a" and ch != "ـ":
            if seen == letters:
                return pos
            seen += 1
    return len(raw)


STATED_OPENERS = frozenset("(«“\"'")
STATED_CLOSERS = frozenset(")»”\"'")
STATED_MAX_GAP = 40  # characters between two names said to be one: a cue, not a clause


@cache
def _stated_cues() -> frozenset[tuple[str, ...]]:
    return frozenset(phrases(cue_data("cues.json")["stated_alias_cues"]))


def stated_aliases(
    doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> list[AliasStatement]:
    """Alias statements between the combined mentions of every extractor.

    Two names of one type (persons, or organisations) side by side in a sentence, with only an
    alias cue between them (المعروف بـ، واسمه الحقيقي، المدعو، الملقب، المكنى ...:
    ``stated_alias_cues``), or only an opening bracket or quote that closes right after the
    second: جاسم الدليمي (المعروف بأبو صهيب)، فادي الشمري، المعروف بـ"أبو حازم"،
    حمدان الراوي (أبو ياسين). The patterns' own statements (``extract``) need both names
    found by a pattern; these do not. Places are left out (دير الزور (شرق سوريا))."""
    cues = _stated_cues()
    text_of = {s.index: s.text for s in sentences}
    kinds = (EntityType.PERSON, EntityType.ORGANIZATION)
    ordered = sorted((m for m in mentions if m.type in kinds), key=lambda m: (m.start, m.end))
    out = []
    for x, y in zip(ordered, ordered[1:], strict=False):
        if x.type is not y.type or x.sentence != y.sentence or y.start < x.end:
            continue
        gap = doc.text[x.end : y.start]
        if len(gap) > STATED_MAX_GAP:
            continue
        toks = tokenize(gap)
        words = [t.norm for t in toks if t.is_word and t.norm != "ب"]
        marks = [t.text for t in toks if not t.is_word]
        if not words:
            after = doc.text[y.end : y.end + 3].lstrip()
            if not marks or any(c not in STATED_OPENERS for c in marks):
                continue
            if not after or after[0] not in STATED_CLOSERS:
                continue
            cue = "(" if marks[-1] == "(" else "quote"
        else:
            if any(c not in STATED_OPENERS | STATED_CLOSERS | {"،", ","} for c in marks):
                continue
            key = tuple(words)
            bare = (key[0][1:], *key[1:]) if key[0][:1] == "و" and len(key[0]) > 3 else key
            if key not in cues and bare not in cues:
                continue
            cue = " ".join(key)
        out.append(AliasStatement(x.key, y.key, cue, text_of.get(x.sentence, "")))
    return out


def _strip_one_clitic(norm: str) -> str:
    if len(norm) > 3 and norm[0] in "وبلفك":
        return norm[1:]
    return norm


def _kunya_head(tok: Token) -> tuple[int, str] | None:
    """(characters to skip, head) when the token is a kunya head, maybe with a clitic."""
    n = tok.norm
    if n in KUNYA_HEADS:
        return 0, n
    if len(n) == 4 and n[0] in "وبلفك" and n[1:] in KUNYA_HEADS - {"ام"}:
        return 1, n[1:]
    return None


def _joined_kunya(tok: Token) -> bool:
    n = tok.norm
    return (
        len(n) >= 6
        and n[:3] == "ابو"
        and n[3:5] != "ال"
        or (len(n) >= 7 and n[:3] == "ابو" and n[3:5] == "ال")
    )


class PatternExtractor:
    """Finds person, place and organisation names by the domain's cue patterns."""

    name = "pattern"

    def __init__(self, cues: Cues | None = None) -> None:
        self.cues = cues or load_cues()

    # -- token predicates ---------------------------------------------------------------
    def is_name_word(self, tok: Token) -> bool:
        n = tok.norm
        return (
            len(n) >= 2 and n.isalpha() and "\u0621" <= n[0] <= "\u064a" and not (self.is_stop(tok))
        )

    def is_stop(self, tok: Token) -> bool:
        """A stop word, also with one attached clitic (بأن = ب + أن)."""
        n, stop = tok.norm, self.cues.stop_words
        if not (
            n in stop
            or _strip_one_clitic(n) in stop
            or (len(n) == 3 and n[0] in "وبلفك" and n[1:] in stop)
        ):
            return False
        # a stop word only by folding ى to ي (علي, the name, written as such) is a name word
        w = clean(tok.text)
        return not any(
            name_not_particle(x) for x in (w, w[1:] if len(w) > 3 and w[0] in "وبلفك" else "")
        )

    def is_cue_start(self, norms: list[str], i: int) -> bool:
        c = self.cues
        return bool(match_phrase(norms, i, c.name_intro) or match_phrase(norms, i, c.alias_intro))

    # -- name readers -------------------------------------------------------------------
    def read_kunya(self, toks: list[Token], norms: list[str], i: int) -> int:
        """End index (exclusive) of a kunya chain starting at ``i``, or ``i`` if none."""
        tok = toks[i]
        if _kunya_head(tok) is not None:
            j = i + 1
            if j >= len(toks) or not self.is_name_word(toks[j]) or self.is_cue_start(norms, j):
                return i
            if norms[j].startswith("ال") and len(norms[j]) <= 3:
                return i
            j += 1
        elif _joined_kunya(tok):
            j = i + 1
        else:
            return i
        nisbas = 0
        while j < len(toks) and nisbas < 3:
            n = norms[j]
            if (
                n.startswith("ال")
                and self.is_name_word(toks[j])
                and not self.is_cue_start(norms, j)
                and n not in self.cues.org_heads
            ):
                j += 1
                nisbas += 1
            else:
                break
        return j

    def read_name(self, toks: list[Token], norms: list[str], i: int) -> int:
        """End index of a plain personal name starting at ``i`` (first word without ال)."""
        if i >= len(toks) or not self.is_name_word(toks[i]) or norms[i].startswith("ال"):
            return i
        if norms[i] in self.cues.org_heads or norms[i] in self.cues.place_heads:
            return i
        links = word_set("name_connectors")
        j = i + 1
        while j < len(toks) and j - i < MAX_NAME:
            n = norms[j]
            if n in links and j + 1 < len(toks) and self.is_name_word(toks[j + 1]):
                j += 1  # سالم بن علي، محمدو ولد الشيخ: the link and the name after it
                continue
            if not self.is_name_word(toks[j]) or self.is_cue_start(norms, j):
                break
            if glued_and(n):
                break  # a conjunction starts the next clause (not a given name: وليد، وائل)
            j += 1
            if n.startswith("ال") and norms[j - 2] != "عبد":
                break  # a family name or nisba ends the name (not عبد الرحمن)
        return j

    def _alias_after(
        self,
        toks: list[Token],
        norms: list[str],
        i: int,
        j: int,
        found: list[tuple[int, int, EntityType, str, float]],
    ) -> int:
        """Read the alias (kunya or name) at ``j`` after "يعرف ... باسم"; tokens consumed."""
        j = self._skip_quotes(toks, j)
        end = self.read_kunya(toks, norms, j) if j < len(toks) else j
        if end == j and j < len(toks):
            end = self.read_name(toks, norms, j)
        if end > j:
            found.append((j, end, EntityType.PERSON, "cue", 0.9))
            return end - i
        return 2

    def _skip_quotes(self, toks: list[Token], i: int) -> int:
        while i < len(toks) and (toks[i].text in OPEN_QUOTES or toks[i].norm in ("ب", "بـ")):
            i += 1
        return i

    # -- the extractor --------------------------------------------------------------------
    def __call__(self, doc: Document, sentences: Sequence[Sentence]) -> list[Mention]:
        mentions, _ = self.extract(doc, sentences)
        return mentions

    def extract(
        self, doc: Document, sentences: Sequence[Sentence]
    ) -> tuple[list[Mention], list[AliasStatement]]:
        """Mentions and the alias statements linking them."""
        out: list[Mention] = []
        aliases: list[AliasStatement] = []
        for sent in sentences:
            toks = tokenize(sent.text, sent.start)
            norms = [t.norm for t in toks]
            found: list[Found] = []
            i = 0
            while i < len(toks):
                step = self._at(toks, norms, i, found)
                i += max(step, 1)
            for a, b, etype, rule, conf in found:
                out.append(self._mention(doc, sent, toks, a, b, etype, rule, conf))
            aliases.extend(self._alias_statements(doc, sent, toks, norms, found))
        return out, aliases

    def _at(self, toks: list[Token], norms: list[str], i: int, found: list[Found]) -> int:
        """Read the name that starts at token ``i``, if any, into ``found``; return how many
        tokens to move on. Each reader answers None when its cue is not at ``i``; the first
        that answers decides (the order is the order of precedence)."""
        readers = (self._kunya_at, self._known_as_at, self._intro_at, self._definite_org_step,
                   self._title_at, self._place_step, self._org_step)
        for reader in readers:
            step = reader(toks, norms, i, found)
            if step is not None:
                return step
        return 1

    def _kunya_at(
        self, toks: list[Token], norms: list[str], i: int, found: list[Found]
    ) -> int | None:
        end = self.read_kunya(toks, norms, i)
        if end > i:
            found.append((i, end, EntityType.PERSON, "kunya", 0.85))
            return end - i
        return None

    def _known_as_at(
        self, toks: list[Token], norms: list[str], i: int, found: list[Found]
    ) -> int | None:
        # "يعرف الزاوي باسم أبو علي البغدادي": the name between the verb and باسم is the
        # one known by the alias after it
        if norms[i] not in word_set("known_as_verbs"):
            return None
        if (
            i > 0
            and i + 1 < len(toks)
            and norms[i + 1] == "باسم"
            and self.is_name_word(toks[i - 1])
            and not any(a <= i - 1 < b for a, b, *_ in found)
        ):
            found.append((i - 1, i, EntityType.PERSON, "cue", 0.85))  # "الجغيفي فيعرف باسم Y"
            return self._alias_after(toks, norms, i, i + 2, found)
        if i + 2 < len(toks) and self.is_name_word(toks[i + 1]):
            k = i + 2 if norms[i + 2] in ("باسم", "ب") else 0
            if k:
                found.append((i + 1, i + 2, EntityType.PERSON, "cue", 0.85))
                return self._alias_after(toks, norms, i, k + 1, found)
        return None

    def _intro_at(
        self, toks: list[Token], norms: list[str], i: int, found: list[Found]
    ) -> int | None:
        c = self.cues
        n = match_phrase(norms, i, c.name_intro) or match_phrase(norms, i, c.alias_intro)
        if not n:
            return None
        j = self._skip_quotes(toks, i + n)
        if j >= len(toks):
            return n
        end = self.read_kunya(toks, norms, j)
        if end == j and j < len(toks):
            end = self.read_name(toks, norms, j)
            weak = match_phrase(norms, i, c.weak_intro) == n
            if weak and norms[j] not in c.given_names:
                end = j
        if end > j:
            found.append((j, end, EntityType.PERSON, "cue", 0.9))
            return end - i
        return n

    def _title_at(
        self, toks: list[Token], norms: list[str], i: int, found: list[Found]
    ) -> int | None:
        c = self.cues
        n = match_phrase(norms, i, c.person_titles)
        if not n:
            return None
        strong = bool(match_phrase(norms, i, c.strong_titles))
        j = self._skip_quotes(toks, self._after_title(norms, toks, i + n))
        if j >= len(toks):
            return n
        end = self.read_kunya(toks, norms, j)
        if end > j:
            found.append((j, end, EntityType.PERSON, "kunya", 0.85))
            return end - i
        end = self.read_name(toks, norms, j)
        given = norms[j] in c.given_names
        if end - j >= 2 and (given or (strong and not norms[j].endswith("ي"))):
            found.append((j, end, EntityType.PERSON, "title", 0.75 if given else 0.65))
            return end - i
        return n

    def _after_title(self, norms: list[str], toks: list[Token], j: int) -> int:
        """Past what may stand between a title and its name: a place (الي/في/لدي + a word)
        and definite words, at most four tokens."""
        skipped = 0
        while j < len(toks) and skipped < 4:
            if norms[j] in ("الي", "في", "لدي") and j + 1 < len(toks) and skipped < 3:
                j += 2
                skipped += 2
            elif norms[j].startswith("ال") and not self.read_kunya(toks, norms, j) > j:
                j += 1
                skipped += 1
            else:
                break
        return j

    def _definite_org_step(
        self, toks: list[Token], norms: list[str], i: int, found: list[Found]
    ) -> int | None:
        return self._definite_org_at(toks, norms, i, found) or None

    def _place_step(
        self, toks: list[Token], norms: list[str], i: int, found: list[Found]
    ) -> int | None:
        return self._place_at(toks, norms, i, found) or None

    def _org_step(
        self, toks: list[Token], norms: list[str], i: int, found: list[Found]
    ) -> int | None:
        return self._org_at(toks, norms, i, found) or None

    # -- places after a strong cue -----------------------------------------------------------
    def _place_end(self, toks: list[Token], norms: list[str], j: int, head: str) -> int:
        """End of the place name at ``j`` after the place head ``head``; ``j`` if none.

        A name is one word, or two where the first is a prefix of place names (دير، أم، بني
        ...) or an indefinite word before a definite one (دير الزور، خان شيخون). After
        منطقة، حي، سجن، معبر (``definite_only_place_heads``) only a definite or quoted name
        counts; after any head an adjective (قرية نائية، منطقة عسكرية، حي سكني) is no name."""
        c = self.cues
        if j >= len(toks) or not self.is_name_word(toks[j]):
            return j
        n = norms[j]
        if n in c.place_heads or n in c.org_heads:
            return j  # a head of its own: its name is read from there
        written = clean(toks[j].text)
        definite = n.startswith("ال")
        participle = written[:1] == "م" and written[-1:] == "ة" and len(written) >= 5
        if n in word_set("place_adjectives") or (
            not definite
            and (
                written.endswith("ية")
                or (head[-1] != "ه" and written[-1:] == "ي")
                or (head[-1] == "ه" and participle)  # مدينة متطورة، قرية محاصرة
            )
        ):
            return j
        quoted = j > 0 and toks[j - 1].text in OPEN_QUOTES
        if head in word_set("definite_only_place_heads") and not (definite or quoted):
            return j
        end = j + 1
        nxt = norms[end] if end < len(toks) else ""
        if end < len(toks) and self.is_name_word(toks[end]) and nxt not in c.place_heads:
            if n in word_set("place_name_prefixes") or (
                not definite and nxt.startswith("ال") and not nxt.endswith(("ي", "يه"))
            ):
                end += 1
        return end

    def _place_at(
        self,
        toks: list[Token],
        norms: list[str],
        i: int,
        found: list[tuple[int, int, EntityType, str, float]],
    ) -> int:
        """A place name after a strong place head (قرية، بلدة، جزيرة، جبل ...), also when no
        gazetteer knows it; also a quoted name (بلدة "تلعادة") and, after a plural or dual
        head, the names joined by و (قريتي X وY). Tokens consumed, 0 when none."""
        c = self.cues
        head = _strip_one_clitic(norms[i]) if norms[i] not in c.place_heads else norms[i]
        strong = word_set("strong_place_heads") | word_set("definite_only_place_heads")
        if head not in c.place_heads or head not in strong or i + 1 >= len(toks):
            return 0
        if head[-1] == "ه" and clean(toks[i].text)[-1:] != "ة":
            return 0  # بلده (his country), not بلدة (a town): folding makes them alike
        j = i + 1
        while j < len(toks) and toks[j].text in OPEN_QUOTES and j - i <= 2:
            j += 1
        if head in word_set("indefinite_only_place_heads") and norms[j].startswith("ال"):
            return 0  # قرى الصيادين، مدن التراث: a kind of village, not their names
        end = self._place_end(toks, norms, j, head)
        if end == j:
            return 0
        # a mountain, valley, island or lake is named with its head (جبال حمرين، وادي حوران)
        first = i if head in word_set("feature_place_heads") and j == i + 1 else j
        found.append((first, end, EntityType.PLACE, "place", 0.75))
        if head not in word_set("plural_place_heads"):
            return end - i
        k = end
        while k < len(toks) and toks[k].text in CLOSE_QUOTES | {"،", ","}:
            k += 1
        if k < len(toks) and norms[k][:1] == "و" and len(norms[k]) > 3:
            nxt = self._place_end_after_and(toks, norms, k, head)
            if nxt > k:
                found.append((k, nxt, EntityType.PLACE, "place-and", 0.7))
                return nxt - i
        return end - i

    def _place_end_after_and(self, toks: list[Token], norms: list[str], k: int, head: str) -> int:
        """End of a second place name glued to و at ``k`` (قريتي X ووY); ``k`` if none."""
        bare = Token(toks[k].start + 1, toks[k].end, toks[k].text[1:], norms[k][1:])
        view = [*toks[:k], bare, *toks[k + 1 :]]
        end = self._place_end(view, [t.norm for t in view], k, head)
        return end

    # -- organisations by their head -------------------------------------------------------
    def _org_head(self, norm: str, heads: frozenset[str]) -> tuple[int, str] | None:
        """(clitic letters, head) when ``norm`` is one of ``heads``, maybe with a clitic
        (وقوات، لقوات، للقوات = ل + القوات)."""
        if norm in heads:
            return 0, norm
        if norm.startswith("لل") and "ا" + norm[1:] in heads:
            return 1, "ا" + norm[1:]
        for p in HEAD_CLITICS:
            rest = norm[len(p) :]
            if norm.startswith(p) and len(rest) >= 3 and rest in heads:
                return len(p), rest
        return None

    def _place_len(self, norms: list[str], k: int) -> int:
        """Tokens of the longest place name the knowledge base knows starting at ``k``."""
        for words in _place_names().get(norms[k], ()):
            if tuple(norms[k : k + len(words)]) == words:
                return len(words)
        return 0

    def _org_chain(self, toks: list[Token], norms: list[str], j: int, head: str) -> int:
        """End of the name after an indefinite head at ``j - 1``: indefinite nouns (at most
        ``MAX_INDEFINITE``) then definite words or a known place (جهاز مكافحة الإرهاب، قوات
        دفاع شبوة، جيش مالي); ``j`` when there is none. The name ends on its last definite
        word or place: a chain of indefinite words alone is no name. A place right after
        the head counts only for the heads of a state's bodies (``state_heads``)."""
        c = self.cues
        clause = word_set("clause_starts")
        k, good, indefinite, definite = j, j, 0, False
        while k < len(toks) and k - j < MAX_NAME:
            n = norms[k]
            if not n.isalpha() or self.is_cue_start(norms, k):
                break
            if n in c.org_function_words or n in clause or n in c.stop_words:
                break
            places = self._place_len(norms, k) if not definite else 0
            if places:
                if k == j and head not in word_set("state_heads", ORG_FILE):
                    break  # قيادة الولايات المتحدة: the leadership of a country
                k += places
                good, definite = k, True
                continue
            if n.startswith("ال") or (n.startswith("لل") and not indefinite):
                k += 1
                good, definite = k, True
                continue
            if definite or indefinite and n.startswith("لل"):
                break  # an indefinite word after the definite part starts something else
            if n[:1] == "و" and len(n) > 3 or clean(toks[k].text).endswith("ي"):
                break  # a conjunction starts the next phrase; an adjective (مركز فضائي)
            if (
                indefinite >= MAX_INDEFINITE
                or not self.is_name_word(toks[k])
                or _verb_like(n)
                or n in c.place_heads
            ):
                break
            indefinite += 1
            k += 1
        return good

    def _org_at(
        self,
        toks: list[Token],
        norms: list[str],
        i: int,
        found: list[tuple[int, int, EntityType, str, float]],
    ) -> int:
        """An indefinite organisation head and its name: a quoted name, a genitive chain or
        a known place (``_org_chain``). A head with one generic word (قوات الأمن) is a
        description, no name. Tokens consumed, 0 when there is no name here."""
        c = self.cues
        head = self._org_head(norms[i], c.org_heads)
        if (
            head is None
            or head[1] in word_set("media_heads")
            or head[1].startswith("ال")
            or i + 1 >= len(toks)
        ):
            return 0
        j = i + 1
        if toks[j].text in OPEN_QUOTES:
            k = j + 1
            while k < len(toks) and toks[k].text not in CLOSE_QUOTES and k - j <= MAX_NAME:
                k += 1
            if k < len(toks) and k > j + 1 and toks[k].text in CLOSE_QUOTES:
                found.append((i, k + 1, EntityType.ORGANIZATION, "org", 0.7))
                return k + 1 - i
        end = self._org_chain(toks, norms, j, head[1])
        if end == j:
            return 0
        if end == j + 1 and (
            (
                head[1] in word_set("generic_heads", ORG_FILE)
                and norms[j] in word_set("generic_complements", ORG_FILE)
            )
            or norms[j] in word_set("referring_complements", ORG_FILE)
            or norms[j] in word_set("person_titles")
        ):
            return 0
        found.append((i, end, EntityType.ORGANIZATION, "org", 0.6))
        return end - i

    def _definite_org_at(
        self,
        toks: list[Token],
        norms: list[str],
        i: int,
        found: list[tuple[int, int, EntityType, str, float]],
    ) -> int:
        """A definite head with a nationality adjective (الجيش النيجري، القوات الجوية
        المصرية), an ordinal or number (اللواء الثامن، الفرقة 17), or a branch of the armed
        forces (القوات الجوية). Where the knowledge base names the armed forces of that
        country (``militaries.json``, or its one entry called الجيش/القوات + that adjective),
        the mention points to that entry. Tokens consumed."""
        head = self._org_head(norms[i], word_set("definite_heads", ORG_FILE))
        if head is None or i + 1 >= len(toks):
            return 0
        k = i + 1
        n = norms[k]
        end = 0
        country = None
        service = False
        if head[1] in word_set("ordinal_heads", ORG_FILE) and (
            n in word_set("ordinals", ORG_FILE) or toks[k].text.isdigit()
        ):
            end = k + 1
            if end < len(toks) and norms[end] in word_set("ordinal_tens", ORG_FILE):
                end += 1
        else:
            service = head[1] == "القوات" and n in word_set("service_adjectives", ORG_FILE)
            if service:
                k += 1
                end = k
            elif (
                k + 1 < len(toks)
                and n.startswith("ال")
                and n.isalpha()
                and n not in self.cues.org_function_words
                and not _demonym(n)
            ):
                k += 1  # one adjective before the nationality: القوات الخاصة الأميركية
            if k < len(toks) and norms[k].startswith("ال") and _demonym(norms[k]):
                country = _demonym(norms[k])
                end = k + 1
        if not end:
            return 0
        rule = "org"
        forces = _armed_forces()
        if country and not service and head[1] in ARMED_FORCES_HEADS and country in forces:
            rule = f"org|{forces[country]}"
        found.append((i, end, EntityType.ORGANIZATION, rule, 0.65))
        return end - i

    def _mention(
        self,
        doc: Document,
        sent: Sentence,
        toks: list[Token],
        a: int,
        b: int,
        etype: EntityType,
        rule: str,
        conf: float,
    ) -> Mention:
        start, end = toks[a].start, toks[b - 1].end
        # drop an attached clitic of a kunya head (بأبي -> أبي)
        skip = _kunya_head(toks[a])
        if skip and skip[0]:
            start += skip[0]
        rule, _, kb_id = rule.partition("|")
        if rule == "place-and":  # the second of two places joined by و: without the و
            start += 1
        if rule == "place" and toks[a].norm not in self.cues.place_heads:  # وجبال -> جبال
            bare = _strip_one_clitic(toks[a].norm)
            if bare in self.cues.place_heads:
                start += _clitic_letters(toks[a].text, len(toks[a].norm) - len(bare))
        if rule == "org":  # and of an organisation head (وقوات -> قوات, للقوات -> القوات)
            heads = self.cues.org_heads | word_set("definite_heads", ORG_FILE)
            head = self._org_head(toks[a].norm, heads)
            lamlam = toks[a].norm.startswith("لل") and head is not None and head[1][:2] == "ال"
            if head and head[0] and not lamlam:
                start += _clitic_letters(toks[a].text, head[0])
        while toks[a].text in OPEN_QUOTES and a < b - 1:
            a += 1
            start = toks[a].start
        surface = doc.text[start:end]
        return Mention(
            doc_id=doc.id,
            start=start,
            end=end,
            surface=surface,
            base=base_form(surface),
            type=etype,
            confidence=conf,
            extractor=f"pattern:{rule}",
            sentence=sent.index,
            kb_id=kb_id or None,
        )

    def _alias_statements(
        self,
        doc: Document,
        sent: Sentence,
        toks: list[Token],
        norms: list[str],
        found: list[tuple[int, int, EntityType, str, float]],
    ) -> list[AliasStatement]:
        """Pairs (name before an alias cue, name after it) in one sentence."""
        out = []
        spans = sorted(found)
        for k, (a, b, etype, rule, _) in enumerate(spans):
            if k == 0 or rule not in ("cue", "kunya"):
                continue
            # the cue must sit right before this span (allowing quotes, commas)
            j = a - 1
            while j >= 0 and toks[j].text in OPEN_QUOTES | {"،", ",", "ب", "بـ"}:
                j -= 1
            cue_at = None
            for start in range(max(0, j - 4), j + 1):
                n = match_phrase(norms, start, self.cues.alias_intro)
                if n and start + n - 1 == j:
                    cue_at = start
                    break
            pa, pb, ptype, _, _ = spans[k - 1]
            if (
                cue_at is None
                and pa > 0
                and norms[pa - 1] in word_set("known_as_verbs")
                and [t for t in norms[pb:a] if t not in OPEN_QUOTES] in (["باسم"], ["ب"])
            ) or (
                cue_at is None
                and [t for t in norms[pb:a] if t not in OPEN_QUOTES][:1]
                in [[v] for v in word_set("known_as_verbs")]
                and [t for t in norms[pb:a] if t not in OPEN_QUOTES][1:] == ["باسم"]
            ):
                cue_at = pb  # "يعرف X باسم Y"
                j = a - 1
            if cue_at is None:
                continue
            gap = [t for t in toks[pb:cue_at] if t.text not in {"،", ",", "(", ")", '"'}]
            if ptype != etype or len(gap) > 2:
                continue
            left = self._mention(doc, sent, toks, pa, pb, ptype, "x", 0)
            right = self._mention(doc, sent, toks, a, b, etype, "x", 0)
            cue = " ".join(norms[cue_at : j + 1])
            out.append(AliasStatement(left.key, right.key, fold(cue), sent.text))
        return out
