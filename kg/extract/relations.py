"""Relations between mentions of one sentence: leaderOf, memberOf, spokespersonOf,
successorOf, nationality, locatedIn.

Reads a Document, its Sentences and combined Mentions; returns RelationMentions. Subjects and
objects are mention keys, or ``kb:ID`` for an entity named by an adjective (عراقي -> Iraq).
Cue words come from ``kg/data/cues.json``; demonyms from the knowledge base.

Rules (word order within one sentence, nearest candidate wins):
- leaderOf: زعيم / خليفة / مؤسس (and قائد directly before an organisation) + organisation, with
  the person beside the title (زعيم تنظيم داعش أبو حفص القرشي؛ مايكل كوريلا، قائد القيادة
  المركزية). A title with a pronoun (خليفته، زعيمه) refers to the organisation before it.
- memberOf: قيادي / مسؤول / عنصر / أمير / والي ... في + organisation, with the nearest person.
- spokespersonOf: المتحدث باسم + organisation, with the person beside it (also memberOf).
- successorOf: "خليفة له" / "خلفاً له": the person beside the cue succeeded the person named
  before it (in this sentence or the previous one).
- nationality: a demonym (عراقي، مواطنًا عراقيًا، يمني الجنسية) just before a person.
- locatedIn: place + (ب/في + محافظة/ريف | direction + محافظة | التابعة ل) + larger place.

Limits: no syntax; relations across sentences only for successorOf.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kg.extract.cues import Cues, load_cues, match_phrase, word_set
from kg.extract.raids import _mention_tokens, _place_rank
from kg.model import Document, EntityType, Mention, RelationMention, RelationType, Sentence
from kg.text.tokens import tokenize

NEAR = 8


class RelationExtractor:
    """Finds relations stated inside sentences."""

    def __init__(
        self, demonym: Callable[[str], str | None] = lambda _w: None, cues: Cues | None = None
    ) -> None:
        self.cues = cues or load_cues()
        self.demonym = demonym

    def __call__(
        self, doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention]
    ) -> list[RelationMention]:
        by_sent: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sent.setdefault(m.sentence, []).append(m)
        out: list[RelationMention] = []
        prev_persons: list[Mention] = []
        for sent in sentences:
            ms = sorted(by_sent.get(sent.index, []), key=lambda m: m.start)
            toks = tokenize(sent.text, sent.start)
            norms = [t.norm for t in toks]
            span = _mention_tokens(toks, ms)
            rel = _Sentence(self, doc, sent, ms, norms, span, prev_persons)
            out.extend(rel.run())
            persons = [m for m in ms if m.type is EntityType.PERSON]
            if persons:
                prev_persons = persons
        return out


class _Sentence:
    def __init__(
        self,
        ex: RelationExtractor,
        doc: Document,
        sent: Sentence,
        ms: list[Mention],
        norms: list[str],
        span: dict[str, tuple[int, int]],
        prev_persons: list[Mention],
    ) -> None:
        self.ex, self.doc, self.sent, self.ms, self.norms, self.span = (
            ex,
            doc,
            sent,
            ms,
            norms,
            span,
        )
        self.prev_persons = prev_persons
        self.persons = [m for m in ms if m.type is EntityType.PERSON]
        self.orgs = [m for m in ms if m.type is EntityType.ORGANIZATION]
        self.places = [m for m in ms if m.type is EntityType.PLACE]
        self.out: list[RelationMention] = []

    def add(self, s: str, p: RelationType, o: str, rule: str) -> None:
        self.out.append(RelationMention(self.doc.id, s, p, o, self.sent.text, rule))

    def run(self) -> list[RelationMention]:
        self.titles()
        self.successor()
        self.nationality()
        self.located()
        return list(dict.fromkeys(self.out))

    # -- helpers ---------------------------------------------------------------------
    def org_after(self, i: int, within: int = 3) -> Mention | None:
        for m in self.orgs:
            a, _ = self.span[m.key]
            if i <= a <= i + within:
                return m
        return None

    def org_before(self, i: int) -> Mention | None:
        best = None
        for m in self.orgs:
            if self.span[m.key][1] <= i:
                best = m
        return best

    def person_near(self, a: int, b: int) -> Mention | None:
        """The person nearest the token span [a, b), at most NEAR tokens away."""
        best = None
        for m in self.persons:
            pa, pb = self.span[m.key]
            dist = a - pb if pb <= a else pa - b if pa >= b else 0
            if 0 <= dist <= NEAR and (best is None or dist < best[0]):
                best = (dist, m)
        return best[1] if best else None

    # -- rules -----------------------------------------------------------------------
    def titles(self) -> None:
        c = self.ex.cues
        n = self.norms
        for i, w in enumerate(n):
            base = w[1:] if w[:1] in "وف" and w[1:] in c.leader_words else w
            spokes = match_phrase(n, i, c.spokes_words)
            member = match_phrase(n, i, c.member_words)
            if base not in c.leader_words and not spokes and not member:
                continue
            end = i + max(spokes, member, 1)
            org = self.org_after(end, 3 if not spokes else 1)
            if org is None and base in word_set("pronoun_titles"):
                org = self.org_before(i)
            if org is None:
                continue
            person = self.person_near(i, self.span[org.key][1])
            if person is None:
                continue
            if spokes:
                self.add(person.key, RelationType.SPOKESPERSON_OF, org.key, "spokesperson")
                self.add(person.key, RelationType.MEMBER_OF, org.key, "spokesperson")
            elif base in word_set("leader_strong") or (
                base in ("قائد", "القائد") and self.span[org.key][0] == end
            ):
                self.add(person.key, RelationType.LEADER_OF, org.key, f"title:{base}")
            else:
                self.add(person.key, RelationType.MEMBER_OF, org.key, f"title:{w}")

    def successor(self) -> None:
        c = self.ex.cues
        n = self.norms
        for i in range(len(n)):
            k = match_phrase(n, i, c.successor_words)
            if not k or not (
                i + k < len(n) and n[i + k - 1] in ("له", "لها") or n[i + k - 1] == "له"
            ):
                continue
            after = [m for m in self.persons if 0 <= self.span[m.key][0] - (i + k) <= 3]
            before = [m for m in self.persons if 0 <= i - self.span[m.key][1] <= 2]
            new = after[0] if after else before[-1] if before else None
            if new is None:
                continue
            earlier = [
                m
                for m in self.persons
                if self.span[m.key][1] <= self.span[new.key][0] and m.base != new.base
            ]
            old = earlier[-1] if earlier else (self.prev_persons[-1] if self.prev_persons else None)
            if old is not None and old.base != new.base:
                self.add(new.key, RelationType.SUCCESSOR_OF, old.key, "cue:خليفة له")

    def nationality(self) -> None:
        n = self.norms
        for m in self.persons:
            a, b = self.span[m.key]
            # "مواطنا عراقيا يدعى X" before the name; after it only "X، عراقي الجنسية"
            after = [
                j for j in range(b, min(len(n), b + 2)) if j + 1 < len(n) and n[j + 1] == "الجنسيه"
            ]
            for j in [*range(max(0, a - 4), a), *after]:
                place = self.ex.demonym(n[j])
                if place:
                    # "عراقي الجنسية" after, or "مواطنا عراقيا يدعى" before
                    self.add(m.key, RelationType.NATIONALITY, f"kb:{place}", "demonym")
                    break

    def located(self) -> None:
        n = self.norms
        places = sorted(self.places, key=lambda m: self.span[m.key][0])
        for x, y in zip(places, places[1:], strict=False):
            xa, xb = self.span[x.key]
            ya, _ = self.span[y.key]
            gap = n[xb:ya]
            if len(gap) > 3 or _place_rank(x) >= _place_rank(y) and not gap:
                continue
            if _place_rank(x) > _place_rank(y) or n[ya][:1] == "و" and not gap:
                continue  # "أربيل وبغداد": a list, not containment
            joined = " ".join(gap)
            head = any(g.endswith(("محافظه", "ريف", "قضاء", "ولايه")) for g in gap)
            tagged = n[ya][:1] in "بف" and len(gap) == 0  # بمحافظة / بريف inside y's token
            if head or tagged or "التابعه" in joined or (not gap and _place_rank(y) >= 3):
                self.add(x.key, RelationType.LOCATED_IN, y.key, "place-phrase")
