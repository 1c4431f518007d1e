"""Relations between mentions: leaderOf, memberOf, spokespersonOf, successorOf, nationality,
locatedIn.

Reads a Document, its Sentences and combined Mentions; returns RelationMentions. Subjects and
objects are mention keys, or ``kb:ID`` for an entity named by an adjective (عراقي -> Iraq).
Cue words come from ``kg/data/relation_cues.json``; demonyms from the knowledge base.

Offices are stated as titles in apposition with a name, so the rules read a title phrase, the
organisation it names and the person standing beside it:
- ``X، القيادي في تنظيم Y`` / ``X وهو مسؤول Y`` (the person before the title: only
  punctuation and words like وهو، الذي يعد between them), ``القيادي في Y [الإرهابي] [المدعو] X``
  (the person after the organisation: only adjectives, a place, a rank or a name intro between).
  Anything else between (a verb, a date, another clause) breaks the link, so the force that
  announced or carried out a raid is never the person's organisation.
- The organisation follows the title (after في / ب / ل / صفوف ...), or is a definite head
  (التنظيم، الحركة) referring to the last organisation of that head named in the document, a
  group named again without its head (مسؤول الشباب), an adjective of its name (قيادي داعشي),
  or, for a title with a pronoun (زعيمها، المتحدث باسمه), the organisation named before it
  (not one it is affiliated to: الحركة المرتبطة بتنظيم القاعدة، not a quoted media outlet).
  An office in a unit or branch (قائد فرقة في Y، القيادي في ولاية سيناء التابعة لتنظيم داعش)
  is a membership of the larger organisation too.
- leaderOf only for the top office: a leader title (زعيم، أمير، قائد، الخليفة، مؤسس) directly
  before the organisation, with no place after it; ``أمير داعش في ليبيا`` or ``القائد العسكري
  لـ Y`` is a regional or lesser office: memberOf. spokespersonOf comes with memberOf; the
  memberOf a leaderOf implies is added when the graph is assembled (kg.assemble.pipeline).
  Also ``Y بزعامة X`` / ``الحركة التي يقودها X`` (leaderOf) and ``X انضم إلى Y`` (memberOf).
- successorOf: ``Y خلفا لـ X``، ``Y ... سلفه X``، ``خليفة له`` (X named before), ``Y زعيما جديدا
  لها ... بعد مقتل X`` (and Y leaderOf the group).
- nationality only where the text states it: ``مصري الجنسية``، ``يحمل الجنسية الأردنية``،
  ``مواطنا عراقيا يدعى X``، and the office of a state (``وزيرة الدفاع الفرنسية X``); a nisba in a
  name or an adjective before a name (السوري X) is not read as a nationality.
- locatedIn between consecutive places: a head or link between them (بمحافظة، بريف، التابعة
  لـ), وسط، a direction before a region or country, ``X في Y`` (Y a governorate or country), a
  dateline comma, a dash; a country's adjective after a place (إسطنبول التركية); ``X غرب
  البلاد`` (the country the document names most).

Limits: no syntax; across sentences only the anaphors above, successorOf, a pronoun (أنه)
standing for the last person named and the previous sentence's person for ``خليفة له``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kg.extract.cues import load_cues, match_phrase
from kg.extract.raids import place_rank
from kg.model import (
    Document,
    EntityType,
    Mention,
    RelationMention,
    RelationType,
    Sentence,
    kb_ref,
)
from kg.text.normalize import clean, fold
from kg.text.tokens import Token, tokenize

Phrases = tuple[tuple[str, ...], ...]
LEADER, MEMBER, SPOKES = "leader", "member", "spokesperson"
AFTER_GAP = 8  # tokens between an organisation (or its place) and the person named after it
BEFORE_GAP = 4  # tokens between a person and the title after it
PRONOUN_REACH = 12  # tokens between a person and a pronoun (أنه) standing for him
LIST_MAX = 6  # persons listed after a plural title (القياديان X وY)


def _phrases(words: list[str]) -> Phrases:
    """Folded token tuples, longest first (longest phrase wins in ``match_phrase``)."""
    seqs = set()
    for w in words:
        toks = tuple(t.norm for t in tokenize(w.replace("ـ", "")))
        if toks:
            seqs.add(toks)
    return tuple(sorted(seqs, key=lambda s: (-len(s), s)))


def _words(words: list[str]) -> frozenset[str]:
    return frozenset(fold(clean(w)) for w in words)


@dataclass(frozen=True, slots=True)
class RelationCues:
    """The folded cue lists of ``relation_cues.json``."""

    titles: tuple[tuple[str, Phrases], ...]  # (kind, phrases) for leader, member, spokesperson
    pronoun_titles: tuple[tuple[str, Phrases], ...]
    title_first_words: frozenset[str]  # the first words of every title phrase
    not_the_holder: Phrases
    membership_verbs: Phrases
    group_titles: Phrases
    plural_titles: Phrases
    led_by: Phrases
    relative_pronouns: frozenset[str]
    sub_units: Phrases
    another: Phrases
    state_org_subtypes: frozenset[str]
    media_subtypes: frozenset[str]
    leader_keep: frozenset[str]
    title_adjectives: Phrases
    org_links: Phrases
    regional_preps: Phrases
    before_gap: Phrases
    affiliation: frozenset[str]
    anaphors: dict[str, frozenset[str]]  # folded anaphor -> folded heads of its antecedent
    generic_anaphor: str  # التنظيم: may refer to any armed group
    group_heads: frozenset[str]  # the generic heads of group names (تنظيم، حركة، جماعة ...)
    name_intros: Phrases
    pronoun_subjects: Phrases
    clause_breaks: frozenset[str]
    state_offices: Phrases
    citizen_words: frozenset[str]
    nationality_words: frozenset[str]
    nationality_verbs: Phrases
    after_predecessor: Phrases
    predecessor_follows: Phrases
    new_leader: Phrases
    successor_of_named: Phrases
    predecessor_context: frozenset[str]
    object_pronouns: frozenset[str]
    took_over: Phrases
    person_titles: Phrases
    place_heads: frozenset[str]
    place_links: frozenset[str]
    inside_words: Phrases
    directions: Phrases
    directions_1: frozenset[str]
    place_dashes: frozenset[str]
    the_country: frozenset[str]
    among: frozenset[str] = frozenset()
    among_links: frozenset[str] = frozenset()
    member_plurals: frozenset[str] = frozenset()
    unit_of: frozenset[str] = frozenset()


@cache
def load_relation_cues() -> RelationCues:
    """Read ``kg/data/relation_cues.json`` once per process."""
    raw = json.loads(resources.files("kg").joinpath("data/relation_cues.json").read_text("utf-8"))
    kinds = (LEADER, MEMBER, SPOKES)
    succ = raw["successor"]
    return RelationCues(
        titles=tuple((k, _phrases(raw["titles"][k])) for k in kinds),
        pronoun_titles=tuple((k, _phrases(raw["pronoun_titles"][k])) for k in kinds),
        title_first_words=frozenset(
            p[0]
            for group in ("titles", "pronoun_titles")
            for k in kinds
            for p in _phrases(raw[group][k])
        ),
        not_the_holder=_phrases(raw["not_the_holder"]),
        membership_verbs=_phrases(raw["membership_verbs"]),
        group_titles=_phrases(raw["group_titles"]),
        plural_titles=_phrases(raw["plural_titles"]),
        led_by=_phrases(raw["led_by"]),
        relative_pronouns=_words(raw["relative_pronouns"]),
        sub_units=_phrases(raw["sub_units"]),
        another=_phrases(raw["another"]),
        state_org_subtypes=frozenset(raw["state_org_subtypes"]),
        media_subtypes=frozenset(raw["media_subtypes"]),
        leader_keep=_words(raw["leader_keep_adjectives"]),
        title_adjectives=_phrases(raw["title_adjectives"]),
        org_links=_phrases(raw["org_links"]),
        regional_preps=_phrases(raw["regional_preps"]),
        before_gap=_phrases(raw["before_gap"]),
        affiliation=_words(raw["affiliation_words"]),
        anaphors={fold(clean(a)): _words(h) for a, h in raw["anaphors"].items()},
        generic_anaphor=fold(clean(raw["generic_anaphor"])),
        group_heads=_words(raw["group_heads"]),
        name_intros=_phrases(raw["name_intros"]),
        pronoun_subjects=_phrases(raw["pronoun_subjects"]),
        clause_breaks=_words(raw["clause_breaks"]),
        state_offices=_phrases(raw["state_offices"]),
        citizen_words=_words(raw["citizen_words"]),
        nationality_words=_words(raw["nationality_words"]),
        nationality_verbs=_phrases(raw["nationality_verbs"]),
        among=_words(raw["among_words"]),
        among_links=_words(raw["among_links"]),
        member_plurals=_words(raw["member_plurals"]),
        unit_of=_words(raw["unit_of_words"]),
        after_predecessor=_phrases(succ["after_predecessor"]),
        predecessor_follows=_phrases(succ["predecessor_follows"]),
        new_leader=_phrases(succ["new_leader"]),
        successor_of_named=_phrases(succ["successor_of_named"]),
        predecessor_context=_words(succ["predecessor_context"]),
        object_pronouns=_words(succ["object_pronouns"]),
        took_over=_phrases(succ["took_over"]),
        person_titles=load_cues().person_titles,
        place_heads=_words(raw["place"]["heads"]),
        place_links=_words(raw["place"]["links"]),
        inside_words=_phrases(raw["place"]["inside"]),
        directions=_phrases(raw["place"]["directions"]),
        directions_1=_words(raw["place"]["directions"]),
        place_dashes=frozenset(raw["place"]["dashes"]),
        the_country=_words(raw["place"]["the_country"]),
    )


def _mention_tokens(toks: list[Token], ms: Sequence[Mention]) -> dict[str, tuple[int, int]]:
    """Token index span of each mention (a mention may start after a clitic inside a token)."""
    out = {}
    for m in ms:
        a = next((i for i, t in enumerate(toks) if t.end > m.start), len(toks))
        b = next((i for i, t in enumerate(toks) if t.start >= m.end), len(toks))
        out[m.key] = (a, max(b, a + 1))
    return out


def _strip_article_clitic(w: str) -> str:
    """بالتنظيم / للتنظيم / والتنظيم -> التنظيم (the clitics before a definite noun)."""
    if w.startswith("لل") and len(w) > 4:
        return "ال" + w[2:]
    for p in ("وبال", "وال", "بال", "فال", "كال"):
        if w.startswith(p) and len(w) > len(p) + 1:
            return "ال" + w[len(p) :]
    return w


def _strip_preposition(w: str) -> str:
    """لمتحدث -> متحدث، للقيادي -> القيادي، بالمسؤول -> المسؤول (a preposition attached to a
    title); other words unchanged."""
    if w.startswith("لل") and len(w) > 4:
        return "ال" + w[2:]
    if w[:1] in "لب" and len(w) > 4:
        return w[1:]
    return w


def _bare_forms(w: str) -> set[str]:
    """``w`` and ``w`` without one or two attached particles (بريف -> ريف، وبمحافظة ->
    محافظة، لمدينة -> مدينة): for matching head words that take a preposition."""
    out = {w}
    for k in (1, 2):
        if len(w) - k >= 3 and all(ch in "وفبلك" for ch in w[:k]):
            out.add(w[k:])
    return out


def _is_punct(w: str) -> bool:
    return not w[:1].isalnum()


class RelationExtractor:
    """Finds relations stated in a document's sentences."""

    def __init__(
        self,
        demonym: Callable[[str], str | None] = lambda _w: None,
        cues: RelationCues | None = None,
        located_in: Callable[[str], str | None] = lambda _id: None,
    ) -> None:
        """``demonym``: the country id of a nationality adjective; ``located_in``: the
        knowledge base's parent of a place id (confirms ``X غربي إدلب`` as containment)."""
        self.cues = cues or load_relation_cues()
        self.demonym = demonym
        self.located_in = located_in

    def __call__(
        self, doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention]
    ) -> list[RelationMention]:
        by_sent: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sent.setdefault(m.sentence, []).append(m)
        out: list[RelationMention] = []
        prev_persons: list[Mention] = []
        earlier_orgs: list[Mention] = []  # organisations of the sentences before, in order
        countries: list[Mention] = []  # the countries named so far (البلاد refers to one)
        for sent in sentences:
            ms = sorted(by_sent.get(sent.index, []), key=lambda m: m.start)
            toks = tokenize(sent.text, sent.start)
            rel = _Sentence(self, doc, sent, ms, toks, prev_persons, earlier_orgs)
            rel.countries = countries
            out.extend(rel.run())
            persons = [m for m in ms if m.type is EntityType.PERSON]
            if persons:
                prev_persons = persons
            earlier_orgs = [*earlier_orgs, *rel.orgs]
            countries = rel.countries
        return list(dict.fromkeys(out))


class _Sentence:
    """The rules applied to one sentence (tokens, mentions and their token spans)."""

    def __init__(
        self,
        ex: RelationExtractor,
        doc: Document,
        sent: Sentence,
        ms: list[Mention],
        toks: list[Token],
        prev_persons: list[Mention],
        earlier_orgs: list[Mention],
    ) -> None:
        self.ex, self.c, self.doc, self.sent = ex, ex.cues, doc, sent
        self.n = [t.norm for t in toks]
        self.span = _mention_tokens(toks, ms)
        self.prev_persons = prev_persons
        self.earlier_orgs = earlier_orgs
        self.persons = [m for m in ms if m.type is EntityType.PERSON]
        self.orgs = [m for m in ms if m.type is EntityType.ORGANIZATION]
        self.places = [m for m in ms if m.type is EntityType.PLACE]
        self.out: list[RelationMention] = []
        self.last_title_org = ""  # the organisation of the last title read in this sentence
        self.countries: list[Mention] = []  # countries named before (the extractor sets it)

    def add(self, s: str, p: RelationType, o: str, rule: str) -> None:
        self.out.append(RelationMention(self.doc.id, s, p, o, self.sent.text, rule))

    def run(self) -> list[RelationMention]:
        self.titles()
        self.led_by()
        self.joined()
        self.among()
        self.successor()
        self.nationality()
        self.located()
        return list(dict.fromkeys(self.out))

    # -- helpers ---------------------------------------------------------------------
    def match(self, i: int, phrases: Phrases) -> int:
        return match_phrase(self.n, i, phrases) if 0 <= i < len(self.n) else 0

    def starting_at(self, group: list[Mention], i: int) -> Mention | None:
        return next((m for m in group if self.span[m.key][0] == i), None)

    def ending_at(self, group: list[Mention], i: int) -> Mention | None:
        """The mention of ``group`` whose last token is ``i - 1``."""
        return next((m for m in group if self.span[m.key][1] == i), None)

    def skip(self, i: int, *lists: Phrases, limit: int = 6, punct: bool = True) -> int:
        """The first token from ``i`` that is not punctuation or a phrase of ``lists``."""
        end = min(len(self.n), i + limit)
        while i < end:
            if punct and _is_punct(self.n[i]):
                i += 1
                continue
            k = max((self.match(i, p) for p in lists), default=0)
            if not k:
                break
            i += k
        return i

    def org_at(self, i: int, before: int) -> tuple[str, int] | None:
        """(reference, end token) of the organisation a title names from token ``i``: a
        mention starting there (or after a link word: في، ب، صفوف ...), or a definite head
        (التنظيم) that refers back to one; ``before`` is the title's token (antecedents must
        precede it)."""
        starts = [i, self.skip(i, self.c.org_links, limit=3)]
        for j in list(starts):
            # لتنظيم +حراس الدين+: a generic head outside the name
            if j < len(self.n) and _strip_preposition(self.n[j]) in self.c.group_heads:
                starts.append(self.skip(j + 1, limit=2))
        for j in dict.fromkeys(starts):
            org = self.starting_at(self.orgs, j)
            if org is not None:
                return org.key, self.span[org.key][1]
            if j < len(self.n):
                ante = self.antecedent(_strip_article_clitic(self.n[j]), before)
                if ante is not None:
                    return ante.key, j + 1
                short = self.short_name(j, before)
                if short is not None:
                    return short[0].key, short[1]
        return None

    def antecedent(self, word: str, before: int) -> Mention | None:
        """The organisation a definite head (التنظيم، الحركة) refers to: the last one named
        before it in the document whose name has that head (or an alias of its kind)."""
        heads = self.c.anaphors.get(word)
        if heads is None:
            return None
        here = [m for m in self.orgs if self.span[m.key][1] <= before]
        seen = list(reversed([*self.earlier_orgs, *here]))
        for m in seen:
            first = fold(clean(m.base)).split()
            if first and first[0] in heads or any(w in heads for w in first[:2]):
                return m
        if word == self.c.generic_anaphor:  # التنظيم: any armed group named before
            for m in seen:
                first = fold(clean(m.base)).split()
                if m.subtype == "ArmedGroup" or first and first[0] in self.c.group_heads:
                    return m
        return None

    def short_name(self, j: int, before: int) -> tuple[Mention, int] | None:
        """An organisation named before by its full name and here without its head: مسؤول
        الشباب after حركة الشباب (the name less its first word, 1-3 tokens)."""
        here = [m for m in self.orgs if self.span[m.key][1] <= before]
        for m in reversed([*self.earlier_orgs, *here]):
            words = fold(clean(m.base)).split()
            if len(words) < 2 or words[0] not in self.c.group_heads:
                continue
            tail = words[1:]
            got = [_strip_article_clitic(w) for w in self.n[j : j + len(tail)]]
            if got == tail:
                return m, j + len(tail)
        return None

    def org_before(self, i: int) -> Mention | None:
        """The organisation a pronoun title refers to: the last one named before it in this
        sentence that is not an affiliation (الحركة المرتبطة بتنظيم القاعدة: not القاعدة)."""
        best = None
        for m in self.orgs:
            a, b = self.span[m.key]
            if b > i:
                break
            lead = self.n[max(0, a - 2) : a]
            if any(w in self.c.affiliation for w in lead) or m.subtype in self.c.media_subtypes:
                continue
            best = m
        if best is None and not self.orgs:
            # the previous sentences: only a group (a media outlet quoted last is not it)
            groups = [m for m in self.earlier_orgs if self.is_group(m)]
            best = groups[-1] if groups else None
        return best

    def is_group(self, m: Mention) -> bool:
        """An armed group: by its kind, else by the head of its name (تنظيم، حركة ...)."""
        if m.subtype:
            return m.subtype == "ArmedGroup"
        words = fold(clean(m.base)).split()
        return bool(words) and words[0] in self.c.group_heads

    def person_after(self, i: int, strict: bool = False) -> Mention | None:
        """The person named right after token ``i``: only punctuation, adjectives, a rank, a
        name intro or a place between; or, further on, a person right after a name intro or a
        rank (قيادي في داعش المستهدف في العملية، والمدعو X) with no clause break between."""
        c = self.c
        j, end = i, min(len(self.n), i + AFTER_GAP)
        loose = False  # an unknown word was passed: only a name intro may lead to the person
        intro_end = -1
        while j < end:
            p = self.starting_at(self.persons, j)
            if p is not None:
                return p if not loose or intro_end == j else None
            place = self.starting_at(self.places, j)
            if place is not None:
                j = self.span[place.key][1]
                continue
            w = self.n[j]
            intro = max(self.match(j, c.name_intros), self.match(j, c.person_titles))
            k = max(self.match(j, c.title_adjectives), intro, self.match(j, c.regional_preps))
            if intro:
                intro_end = j + intro
            if k:
                j += k
            elif _is_punct(w) or _adjective(w):
                j += 1
            elif w in c.clause_breaks or self.starting_at(self.orgs, j) is not None:
                return None
            elif strict:
                return None
            else:
                loose = True
                j += 1
        return None

    def person_before(self, i: int) -> tuple[Mention, bool] | None:
        """The person in apposition before the title at ``i`` and whether a comma or وهو
        marks the apposition (a bare ``X القيادي`` is weaker than ``X، القيادي``)."""
        j, marked = i, False
        for _ in range(BEFORE_GAP + 1):
            p = self.ending_at(self.persons, j)
            if p is not None:
                return p, marked
            if j == 0:
                return None
            # step back over one gap word or phrase ending at j - 1
            for k in (3, 2, 1):
                if j - k >= 0 and self.match(j - k, self.c.before_gap) == k:
                    marked = True
                    j -= k
                    break
            else:
                return None
        return None

    def pronoun_subject(self, i: int) -> tuple[Mention, bool] | None:
        """``X ... مشيرا إلى أنه المسؤول في Y``: a pronoun right before the title stands for the
        last person named before it (in this sentence, else the previous one)."""
        for k in (2, 1):
            if i - k >= 0 and self.match(i - k, self.c.pronoun_subjects) == k:
                p = self.nearest_before(i - k)
                if p is not None and i - k - self.span[p.key][1] > PRONOUN_REACH:
                    return None  # too far back to be the subject the pronoun stands for
                if p is None and self.prev_persons:
                    p = self.prev_persons[-1]
                return (p, True) if p is not None else None
        return None

    # -- rules -----------------------------------------------------------------------
    def title_at(self, i: int) -> tuple[str, int, bool]:
        """(kind, length, pronoun) of the longest title phrase at token ``i``, also with a
        preposition attached to its first word (لمتحدث، للقيادي، بالمسؤول)."""
        best = ("", 0, False)
        views = [self.n]
        bare = _strip_preposition(self.n[i])
        if bare != self.n[i] and bare in self.c.title_first_words:
            views.append([*self.n[:i], bare, *self.n[i + 1 :]])
        for norms in views:
            for pron, groups in ((False, self.c.titles), (True, self.c.pronoun_titles)):
                for kind, phrases in groups:
                    k = match_phrase(norms, i, phrases)
                    if k > best[1]:
                        best = (kind, k, pron)
        return best

    def titles(self) -> None:
        n = self.n
        i = 0
        while i < len(n):
            kind, k, pron = self.title_at(i)
            if not kind:
                i += 1
                continue
            self.title(i, kind, k, pron)
            i += k

    def title(self, i: int, kind: str, k: int, pron: bool) -> None:
        """The relations a title at token ``i`` (``k`` tokens, of ``kind``) states between the
        person beside it and the organisation it names."""
        c = self.c
        # ابن زعيم التنظيم, حارس القائد: the person named is not the office holder
        for back in (1, 2):
            if i - back >= 0 and self.match(i - back, c.not_the_holder) == back:
                return
        j = i + k
        adj_end = self.skip(j, c.title_adjectives, limit=3, punct=False)
        between = [w for w in self.n[j:adj_end]]
        while adj_end < len(self.n) and adj_end - j < 3 and _adjective(self.n[adj_end], True):
            between.append(self.n[adj_end])
            adj_end += 1
        parent = None
        regional = False
        if pron:
            org = self.org_before(i)
            if org is None:
                return
            org_ref, end = org.key, j
        else:
            named = self._title_org(i, kind, j, adj_end)
            if named is None:
                return
            org_ref, end, kind = named
            self.last_title_org = org_ref
            end = self.skip(end, c.title_adjectives, limit=3)
            # قائد الكتيبة الثالثة في هيئة تحرير الشام / القيادي في ولاية سيناء التابعة
            # لتنظيم داعش: a unit or branch of a larger organisation, of which he is a member
            t = self.skip(end, c.org_links, limit=3)
            parent = self.starting_at(self.orgs, t) if t > end else None
            if parent is not None:
                end = self.skip(self.span[parent.key][1], c.title_adjectives, limit=3)
            regional = self.place_follows(end)
        person, after = self._title_holder(i, end)
        if person is None:
            return
        rule = f"title:{' '.join(self.n[i : i + k])}"
        holders = [person]
        if self.match(i, c.plural_titles) and person is after:
            holders += self.listed_after(person)  # القياديان في داعش X وY
        top = kind == LEADER and not regional and all(w in c.leader_keep for w in between)
        for holder in holders:
            if not pron and parent is not None:
                self.add(holder.key, RelationType.MEMBER_OF, parent.key, rule)
            if kind == SPOKES:
                self.add(holder.key, RelationType.SPOKESPERSON_OF, org_ref, rule)
                self.add(holder.key, RelationType.MEMBER_OF, org_ref, rule)
            elif top:
                self.add(holder.key, RelationType.LEADER_OF, org_ref, rule)
            else:
                self.add(holder.key, RelationType.MEMBER_OF, org_ref, rule)

    def _title_org(self, i: int, kind: str, j: int, adj_end: int) -> tuple[str, int, str] | None:
        """The organisation a title names (its reference and end) and the relation kind left
        once it is known: an office in a unit, another officer, an adjective or an office
        whose organisation is only implied make a member, not a leader."""
        c = self.c
        found = self.org_at(adj_end, i)
        unit = self.match(adj_end, c.sub_units)
        if found is None and unit:
            # قائد فرقة 16 من قوة Y: the office of a unit of Y is a membership of Y
            for p in range(adj_end + unit, min(len(self.n), adj_end + unit + 3)):
                found = self.org_at(p, i)
                if found is not None:
                    kind = MEMBER if kind == LEADER else kind
                    break
        if (
            found is None
            and self.last_title_org
            and any(self.match(p, c.another) for p in range(j, adj_end + 1))
        ):
            # المسؤول في Y X وقائد آخر اسمه Z: the same organisation
            found = (self.last_title_org, adj_end)
            kind = MEMBER if kind == LEADER else kind
        for p in range(j, adj_end + 1):
            if found is None:
                found = self.org_adjective(p)
                kind = MEMBER if found and kind == LEADER else kind  # زعيم داعشي: a leader
        if found is None:
            group_title = self.match(i, c.group_titles) > 0
            found = self.implicit_org(adj_end, i, anywhere=group_title)
            if found is None:
                return None
            kind = MEMBER if kind == LEADER else kind  # the office is not named: a member
        return found[0], found[1], kind

    def _title_holder(self, i: int, end: int) -> tuple[Mention | None, Mention | None]:
        """The person who holds a title (before it when written so, else after it), and the
        person after it."""
        after = self.person_after(end)
        before = self.person_before(i) or self.pronoun_subject(i)
        # X، القيادي في داعش Y: a name right after the title, no comma between, is its holder
        direct = after is not None and not any(
            _is_punct(w) for w in self.n[end : self.span[after.key][0]]
        )
        if before is not None and (before[1] or after is None) and not direct:
            return before[0], after
        return after, after

    def listed_after(self, first: Mention) -> list[Mention]:
        """The persons listed after ``first`` (X وY، وZ): only a comma and و between."""
        out: list[Mention] = []
        j = self.span[first.key][1]
        while len(out) < LIST_MAX:
            while j < len(self.n) and self.n[j] in ("،", ",", "و"):
                j += 1
            nxt = self.starting_at(self.persons, j)
            if nxt is None:
                break
            out.append(nxt)
            j = self.span[nxt.key][1]
        return out

    def led_by(self) -> None:
        """``تنظيم القاعدة بزعامة X`` / ``الحركة التي يقودها X``: X leads the organisation
        named right before the cue."""
        c = self.c
        for i in range(1, len(self.n)):
            k = self.match(i, c.led_by)
            if not k:
                continue
            person = self.person_after(i + k, strict=True)
            if person is None:
                continue
            j = i
            while j > 0 and (_is_punct(self.n[j - 1]) or self.n[j - 1] in c.relative_pronouns):
                j -= 1
            org = self.ending_at(self.orgs, j)
            ref = org.key if org is not None else None
            if ref is None and j > 0:
                ante = self.antecedent(_strip_article_clitic(self.n[j - 1]), j - 1)
                ref = ante.key if ante is not None else None
            if ref is not None:
                rule = f"led-by:{' '.join(self.n[i : i + k])}"
                # خلية تابعة لتنظيم داعش يتزعمها X: he leads the unit, a member of the group
                a = self.span[org.key][0] if org is not None else j - 1
                unit = a > 0 and self.n[a - 1] in c.unit_of
                kind = RelationType.MEMBER_OF if unit else RelationType.LEADER_OF
                self.add(person.key, kind, ref, rule)

    def joined(self) -> None:
        """``X انتمى إلى داعش`` / ``X، الذي انضم إلى صفوف Y``: memberOf from a verb of joining,
        the person right before it (or the subject a pronoun stands for)."""
        for i in range(len(self.n)):
            k = self.match(i, self.c.membership_verbs)
            if not k:
                continue
            found = self.org_at(i + k, i)
            if found is None:
                continue
            before = self.person_before(i) or self.pronoun_subject(i)
            if before is not None:
                rule = f"verb:{' '.join(self.n[i : i + k])}"
                self.add(before[0].key, RelationType.MEMBER_OF, found[0], rule)

    def among(self) -> None:
        """``ثلاثة عناصر من جماعة X، بينهم المدعو Y``: Y is named among members of X (the
        group's noun right before X, or before من/في and X)."""
        c = self.c
        for i, w in enumerate(self.n):
            if w not in c.among and not (w[:1] == "و" and w[1:] in c.among):
                continue
            person = self.person_after(i + 1)
            if person is None:
                continue
            j = i
            while j > 0 and _is_punct(self.n[j - 1]):
                j -= 1
            org = self.ending_at(self.orgs, j)
            if org is None:
                continue
            a = self.span[org.key][0]
            group = [self.n[x] for x in range(max(0, a - 2), a)]
            if group and (
                group[-1] in c.member_plurals
                or (
                    len(group) == 2
                    and group[-1] in c.among_links
                    and group[0] in c.member_plurals
                )
            ):
                self.add(person.key, RelationType.MEMBER_OF, org.key, f"among:{w}")

    def org_adjective(self, i: int) -> tuple[str, int] | None:
        """``زعيم داعشي``، ``قيادي قاعدي``: an adjective made of the name of an organisation
        named before in the document (the name plus ي)."""
        if i >= len(self.n):
            return None
        w = self.n[i]
        stem = w[:-1] if w.endswith("ي") else w[:-2] if w.endswith("يه") else ""
        if len(stem) < 3:
            return None
        here = [m for m in self.orgs if self.span[m.key][1] <= i]
        for m in reversed([*self.earlier_orgs, *here]):
            if fold(clean(m.base)).split()[-1] in (stem, "ال" + stem):
                return m.key, i + 1
        return None

    def implicit_org(self, i: int, before: int, anywhere: bool = False) -> tuple[str, int] | None:
        """A title with no organisation after it (… على قناة للتنظيم … المتحدث السابق X) in a
        sentence that names the organisation before the title only by a definite head: that
        organisation. A head after the title (قال المتحدث X إن التنظيم …) is not enough: it
        is often in the words of a spokesperson of its enemies; except after a title only a
        group gives (``anywhere``: والي، الأمير الشرعي)."""
        if any(self.span[m.key][0] >= before for m in self.orgs):
            return None
        for w in self.n if anywhere else self.n[:before]:
            ante = self.antecedent(_strip_article_clitic(w), before)
            if ante is not None and ante.key not in {m.key for m in self.orgs}:
                return ante.key, i
        return None

    def place_follows(self, i: int) -> bool:
        """Whether a place narrows the office (داعش في دير الزور، بمحافظة ...)."""
        j = i + self.match(i, self.c.regional_preps)
        if j == i and i < len(self.n) and self.n[i][:1] == "ب":
            j = i  # the place mention may start after an attached ب
        if j == i and not (i < len(self.n) and self.n[i][:1] == "ب"):
            return False
        return any(self.span[m.key][0] in (i, j) for m in self.places)

    def successor(self) -> None:
        c = self.c
        n = self.n
        persons = self.persons
        for i in range(len(n)):
            # Y خلفا لـ X / Y بدلا من X
            k = self.match(i, c.after_predecessor)
            if k:
                self.succeed(self.nearest_before(i), self.predecessor_after(i + k), "cue:خلفا ل")
            # Y ... سلفه X
            k = self.match(i, c.predecessor_follows)
            if k:
                old = self.person_after(i + k)
                new = self.nearest_before(i, exclude=old)
                self.succeed(new, old, "cue:سلفه")
            # خليفة له: the person beside the cue succeeded the one named before
            k = self.match(i, c.successor_of_named)
            if k:
                after = [m for m in persons if 0 <= self.span[m.key][0] - (i + k) <= 3]
                before = [m for m in persons if 0 <= i - self.span[m.key][1] <= 2]
                new = after[0] if after else before[-1] if before else None
                if new is not None:
                    earlier = [
                        m
                        for m in persons
                        if self.span[m.key][1] <= self.span[new.key][0] and m.base != new.base
                    ]
                    old = (
                        earlier[-1]
                        if earlier
                        else (self.prev_persons[-1] if self.prev_persons else None)
                    )
                    self.succeed(new, old, "cue:خليفة له")
            # Y زعيما جديدا ... بعد مقتل X / خلف X في قيادة
            k = self.match(i, c.new_leader)
            if k:
                b = self.person_before(i)
                new = b[0] if b else self.person_after(i + k)
                old = self.predecessor_in_sentence(new)
                self.succeed(new, old, "cue:زعيم جديد")
                if new is not None and i + k < len(n) and n[i + k] in c.object_pronouns:
                    # اختارت الحركة X زعيما جديدا لها: the group named before
                    org = self.group_before(i)
                    if org is not None:
                        self.add(new.key, RelationType.LEADER_OF, org, "cue:زعيم جديد")
            if n[i] in ("خلف", "وخلف") and i + 1 < len(n):
                old = self.starting_at(persons, i + 1)
                if old is not None and self.match(self.span[old.key][1], c.took_over):
                    self.succeed(self.nearest_before(i), old, "cue:خلف في قيادة")

    def group_before(self, i: int) -> str | None:
        """The organisation a pronoun at ``i`` refers to: a definite head (الحركة) before it in
        this sentence, else the last organisation named before it."""
        for j in range(i - 1, -1, -1):
            ante = self.antecedent(_strip_article_clitic(self.n[j]), j)
            if ante is not None:
                return ante.key
        org = self.org_before(i)
        return org.key if org is not None else None

    def predecessor_after(self, j: int) -> Mention | None:
        """X of ``خلفا لـ X`` / ``بدلا من X``: the person at token ``j``, where ل is attached
        to the name (لأبي) or stands alone (لـ); not له/لها (خلفا له names X before)."""
        if j >= len(self.n):
            return None
        w = self.n[j]
        if w in self.c.object_pronouns:
            return None
        if w in ("ل", "لـ"):
            return self.starting_at(self.persons, j + 1)
        if w.startswith("ل"):
            return self.starting_at(self.persons, j)
        return self.person_after(j, strict=True) if self.n[j - 1] == "من" else None

    def nearest_before(self, i: int, exclude: Mention | None = None) -> Mention | None:
        best = None
        for m in self.persons:
            if self.span[m.key][1] <= i and (exclude is None or m.base != exclude.base):
                best = m
        return best

    def predecessor_in_sentence(self, new: Mention | None) -> Mention | None:
        """The person of the sentence introduced as the one who left the office (بعد مقتل X،
        قائدها X، الزعيم السابق X)."""
        if new is None:
            return None
        for m in self.persons:
            a, _ = self.span[m.key]
            if m.base == new.base:
                continue
            lead = self.n[max(0, a - 3) : a]
            if any(w in self.c.predecessor_context for w in lead):
                return m
        return None

    def succeed(self, new: Mention | None, old: Mention | None, rule: str) -> None:
        if new is not None and old is not None and new.base != old.base:
            self.add(new.key, RelationType.SUCCESSOR_OF, old.key, rule)

    def nationality(self) -> None:
        c = self.c
        n = self.n
        for i, w in enumerate(n):
            # X وهو مصري الجنسية / يمني الجنسية اسمه X
            if w in c.nationality_words and i > 0 and (place := self.ex.demonym(n[i - 1])):
                person = self.person_around(i - 1, i + 1)
                if person is not None:
                    self.add(
                        person.key, RelationType.NATIONALITY, kb_ref(place), "nationality:الجنسية"
                    )
                continue
            # X يحمل الجنسية الأردنية / يحمل جنسية أوزبكستان / من التابعية السورية
            if w in c.nationality_words and i + 1 < len(n):
                obj = self.nationality_object(i + 1)
                if obj is None:
                    continue
                start = next((i - b for b in (1, 2) if self.match(i - b, c.nationality_verbs)), i)
                person = self.person_around(start, i + 2)
                if person is not None:
                    self.add(person.key, RelationType.NATIONALITY, obj, "nationality:يحمل الجنسية")
                continue
            # مواطنا عراقيا يدعى X / المواطن السعودي X
            if w in c.citizen_words and i + 1 < len(n) and (place := self.ex.demonym(n[i + 1])):
                person = self.person_after(i + 2, strict=True)
                if person is None:
                    b = self.person_before(i)
                    person = b[0] if b and b[1] else None
                if person is not None:
                    self.add(
                        person.key, RelationType.NATIONALITY, kb_ref(place), "nationality:مواطن"
                    )
                continue
            # وزيرة الدفاع الفرنسية فلورانس بارلي: the office of a state
            k = self.match(i, c.state_offices)
            if k and i + k < len(n) and (place := self.ex.demonym(n[i + k])):
                j = i + k + 1
                j += self.match(j, c.person_titles)
                person = self.starting_at(self.persons, j)
                if person is not None:
                    self.add(
                        person.key, RelationType.NATIONALITY, kb_ref(place), "nationality:office"
                    )

    def nationality_object(self, i: int) -> str | None:
        """The country after جنسية: an adjective (الأردنية) or a country's name."""
        place = self.ex.demonym(self.n[i])
        if place:
            return kb_ref(place)
        country = self.starting_at(self.places, i)
        if country is not None and place_rank(country.subtype) >= place_rank("Country"):
            return country.key
        return None

    def person_around(self, a: int, b: int) -> Mention | None:
        """The person a nationality statement [a, b) is about: before it (in apposition) or
        right after it (اسمه X)."""
        before = self.person_before(a)
        if before is not None:
            return before[0]
        return self.person_after(b, strict=True)

    def located(self) -> None:
        """locatedIn between consecutive places: ``X بمحافظة Y``، ``X بريف Y``، ``X التابعة
        لمدينة Y``، ``X شمالي غرب Y`` (Y a governorate, region or country: شمال بغداد is
        beside Baghdad), ``X وسط Y``، ``X في Y`` (Y a governorate or country), ``X، Y`` (Y a
        country), ``X – Y``; and ``مدينة إسطنبول التركية`` (a country's adjective)."""
        places = sorted(self.places, key=lambda m: self.span[m.key][0])
        for x, y in zip(places, places[1:], strict=False):
            rule = self._containment(x, y)
            if rule:
                self.add(x.key, RelationType.LOCATED_IN, y.key, rule)
        self._countries_of(places)

    def _containment(self, x: Mention, y: Mention) -> str:
        """The rule by which place ``x`` is stated to lie in the next place ``y``, or ""."""
        c = self.c
        n = self.n
        _, xb = self.span[x.key]
        ya, _ = self.span[y.key]
        rx, ry = place_rank(x.subtype), place_rank(y.subtype)
        gap = n[xb:ya]
        if len(gap) > 3 or rx > ry or rx == ry and not gap:
            return ""
        if not gap and n[ya][:1] == "و":
            return ""  # "أربيل وبغداد": a list, not containment
        words = [w for w in gap if not _is_punct(w)]
        if any(w[:1] == "و" and _bare_forms(w[1:]) & c.place_heads for w in words):
            return ""  # شمال أفريقيا ومنطقة الساحل: a list
        marks = [w for w in gap if _is_punct(w)]
        large = ry >= place_rank("Governorate")
        # شمالي بغداد is north of the city (a governorate and its capital share the name):
        # a direction says containment only before a region or country
        wide = ry >= place_rank("Region")
        direction = not marks and self.match(xb, c.directions) == len(words)
        if any(_bare_forms(w) & c.place_heads for w in words):
            return "place:head"  # بمحافظة، بريف، التابعة لمدينة
        if any(w in c.place_links for w in words):
            return "place:link"
        if not gap:
            return "place:attached" if n[ya][:1] in "بف" or large else ""
        if not marks and self.match(xb, c.inside_words) == len(words):
            return "place:inside"  # وسط بغداد
        if wide and direction:
            return "place:direction"  # شمالي غرب سوريا
        if large and direction and x.kb_id and y.kb_id and self.ex.located_in(x.kb_id) == y.kb_id:
            return "place:direction+kb"  # جسر الشغور غربي إدلب: the governorate it is in
        if wide and marks == ["،"] and len(words) == 1 and words[0] in c.directions_1:
            return "place:direction"  # بمحافظة البلقاء، وسط الأردن
        if words in (["في"], ["داخل"]) and large and rx < ry:
            return "place:in"
        if not words and marks == ["،"] and ry >= place_rank("Country") and rx < ry:
            return "place:comma"  # أنقرة، تركيا
        if not words and marks and marks[0] in c.place_dashes and len(marks) == 1:
            return "place:dash"  # المشرفة – الهرمل
        return ""

    def _countries_of(self, places: list[Mention]) -> None:
        """A place followed by a country's adjective (إسطنبول التركية) or by «غرب البلاد»
        (the country the document names most, the last on a tie) lies in that country."""
        c = self.c
        n = self.n
        country_rank = place_rank("Country")
        for x in places:
            _, xb = self.span[x.key]
            if place_rank(x.subtype) >= country_rank:
                self.countries = [*self.countries, x]
                continue
            if xb >= len(n):
                continue
            country = self.ex.demonym(n[xb])
            if country and n[xb].startswith("ال") and self.starting_at(self.places, xb) is None:
                self.add(x.key, RelationType.LOCATED_IN, kb_ref(country), "place:adjective")
            k = self.match(xb, c.directions)
            if k and self.countries and xb + k < len(n) and n[xb + k] in c.the_country:
                names = [m.kb_id or m.base for m in self.countries]
                best = max(range(len(names)), key=lambda j: (names.count(names[j]), j))
                the = self.countries[best]
                self.add(x.key, RelationType.LOCATED_IN, the.key, "place:the-country")


def _adjective(w: str, indefinite: bool = False) -> bool:
    """A definite relative adjective (الإرهابي، العسكري، الأمنية): the words that qualify a
    title or an organisation without breaking an apposition; with ``indefinite`` also أمني،
    عسكري (right after a title: مسؤول أمني في ...)."""
    if indefinite and not w.startswith("ال"):
        return len(w) > 3 and w.endswith("ي") and w[:1] not in "وفب"
    return w.startswith("ال") and len(w) > 4 and (w.endswith("ي") or w.endswith("يه"))
