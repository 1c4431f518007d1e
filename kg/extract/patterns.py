"""Domain patterns for names a general tagger misses: kunyas, cue-introduced names, titles.

Reads a Document and its Sentences, returns Mentions (extractor ``pattern:<rule>``) and the
alias statements the cues make ("X، والمعروف أيضًا باسم Y"). The cue words live in
``kg/data/cues.json``.

Rules (each a function below):
- ``kunya``: أبو / أبي / أبا / أم + name + following nisbas (أبو الحسن الهاشمي القرشي), also
  joined (أبوبكر, أبوياسر) and with an attached clitic (بأبي يحيى, لأبي).
- ``cue``: a name after يُدعى، المدعو، المعروف باسم، الملقب، المكنى، واسمه الحقيقي ...
- ``title``: a name after a title (الجنرال، العقيد، الرئيس، المبعوث، المتحدث باسم ...),
  skipping the adjectives and one prepositional phrase between (الرئيس السوري المؤقت أحمد الشرع).
- ``place``: a name after a place head (مدينة، بلدة، قرية، محافظة، ريف ...).
- ``org``: an organisation head followed by definite words or a quoted name
  (قوات الأمن العراقية، تنظيم "حراس الدين").

Limits: names are delimited by stop words and punctuation, not by a parser; a name of more than
six words is cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.cues import Cues, load_cues, match_phrase, word_set
from kg.model import Document, EntityType, Mention, Sentence
from kg.text.normalize import base_form, clean, fold
from kg.text.tokens import Token, tokenize

KUNYA_HEADS = {"ابو", "ابي", "ابا", "ام"}
OPEN_QUOTES = set("\"'«“”‘’„(")
MAX_NAME = 6


@dataclass(frozen=True, slots=True)
class AliasStatement:
    """The text states that two mentions name one entity (a cue phrase between them)."""

    left: str  # Mention.key
    right: str  # Mention.key
    cue: str
    sentence: str


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
        written = self.cues.written_stop_words
        for x in (w, w[1:] if len(w) > 3 and w[0] in "وبلفك" else ""):
            if x.endswith("ي") and x not in written and x[:-1] + "ى" in written:
                return False
        return True

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
        j = i + 1
        while j < len(toks) and j - i < MAX_NAME:
            n = norms[j]
            if not self.is_name_word(toks[j]) or self.is_cue_start(norms, j):
                break
            if n[:1] == "و" and not n.startswith("ول") and n not in ("وسيم", "وليد", "وائل"):
                break  # a conjunction starts the next clause
            j += 1
            if n.startswith("ال") and norms[j - 2] not in ("عبد",):
                break  # a family name or nisba ends the name
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
            found: list[tuple[int, int, EntityType, str, float]] = []
            i = 0
            while i < len(toks):
                step = self._at(toks, norms, i, found)
                i += max(step, 1)
            for a, b, etype, rule, conf in found:
                out.append(self._mention(doc, sent, toks, a, b, etype, rule, conf))
            aliases.extend(self._alias_statements(doc, sent, toks, norms, found))
        return out, aliases

    def _at(
        self,
        toks: list[Token],
        norms: list[str],
        i: int,
        found: list[tuple[int, int, EntityType, str, float]],
    ) -> int:
        c = self.cues
        end = self.read_kunya(toks, norms, i)
        if end > i:
            found.append((i, end, EntityType.PERSON, "kunya", 0.85))
            return end - i
        # "يعرف الزاوي باسم أبو علي البغدادي": the name between the verb and باسم is the
        # one known by the alias after it
        if (
            norms[i] in word_set("known_as_verbs")
            and i > 0
            and i + 1 < len(toks)
            and norms[i + 1] == "باسم"
            and self.is_name_word(toks[i - 1])
            and not any(a <= i - 1 < b for a, b, *_ in found)
        ):
            found.append((i - 1, i, EntityType.PERSON, "cue", 0.85))  # "الجغيفي فيعرف باسم Y"
            return self._alias_after(toks, norms, i, i + 2, found)
        if (
            norms[i] in word_set("known_as_verbs")
            and i + 2 < len(toks)
            and self.is_name_word(toks[i + 1])
        ):
            k = i + 2 if norms[i + 2] in ("باسم", "ب") else 0
            if k:
                found.append((i + 1, i + 2, EntityType.PERSON, "cue", 0.85))
                return self._alias_after(toks, norms, i, k + 1, found)
        n = match_phrase(norms, i, c.name_intro) or match_phrase(norms, i, c.alias_intro)
        if n:
            j = self._skip_quotes(toks, i + n)
            if j >= len(toks):
                return n
            end = self.read_kunya(toks, norms, j)
            rule = "cue"
            if end == j and j < len(toks):
                end = self.read_name(toks, norms, j)
                weak = match_phrase(norms, i, c.weak_intro) == n
                if weak and norms[j] not in c.given_names:
                    end = j
            if end > j:
                found.append((j, end, EntityType.PERSON, rule, 0.9))
                return end - i
            return n
        n = match_phrase(norms, i, c.person_titles)
        if n:
            strong = bool(match_phrase(norms, i, c.strong_titles))
            j = i + n
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
            j = self._skip_quotes(toks, j)
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
        head = _strip_one_clitic(norms[i]) if norms[i] not in c.place_heads else norms[i]
        if head in c.place_heads and i + 1 < len(toks):
            j = i + 1
            if self.is_name_word(toks[j]) and head in word_set("strong_place_heads"):
                end = j + 1
                nxt = norms[end] if end < len(toks) else ""
                if norms[j] in ("دير", "راس", "تل", "جسر", "عين", "ابو") or (
                    not norms[j].startswith("ال")
                    and nxt.startswith("ال")
                    and not nxt.endswith(("ي", "يه"))
                    and self.is_name_word(toks[end])
                ):
                    end += 1
                found.append((j, end, EntityType.PLACE, "place", 0.75))
                return end - i
        if (
            norms[i] in c.org_heads
            and norms[i] not in word_set("media_heads")
            and not norms[i].startswith("ال")
            and i + 1 < len(toks)
        ):
            j = i + 1
            if toks[j].text in OPEN_QUOTES:
                k = j + 1
                while k < len(toks) and toks[k].text not in OPEN_QUOTES and k - j <= MAX_NAME:
                    k += 1
                if k < len(toks) and k > j + 1:
                    found.append((i, k + 1, EntityType.ORGANIZATION, "org", 0.7))
                    return k + 1 - i
            k = j
            while k < len(toks) and k - j < 4:
                n2 = norms[k]
                base = n2[1:] if n2.startswith("لل") else n2
                if (
                    (base.startswith("ال") or n2.startswith("لل"))
                    and n2.isalpha()
                    and n2 not in c.org_function_words
                    and not self.is_cue_start(norms, k)  # قوات الأمن العراقية المدعو X
                ):
                    k += 1
                else:
                    break
            if k > j:
                found.append((i, k, EntityType.ORGANIZATION, "org", 0.6))
                return k - i
        return 1

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
