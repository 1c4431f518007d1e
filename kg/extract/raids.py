"""Raid detection: operations against a target, their roles, kind, date and place.

Reads a Document, its Sentences and the combined Mentions; returns RaidMentions whose roles
point to mention keys (or ``kb:ID`` for a force named by an adjective). Cue words live in
``kg/data/raid_cues.json``.

The rules, per sentence (distances count words, not punctuation):
- a sentence speaks of a raid when it has a trigger (غارة، ضربة، عملية، إنزال، مداهمة، اشتباك،
  كمين، اعتقال، توقيف ...), a kill/capture cue with a named person, or names the members of a
  group of victims counted in the sentence before (قتل قياديين ... أحدهما X والآخر Y);
- victims: a person is ``killed`` when a kill cue (مقتل، قتل، تصفية، تحييد، فجّر) stands before it
  with no other person between, or a passive kill (قُتل، لقي مصرعه، فجّر ... نفسه) follows it (not
  an active one: عشماوي الذي قتل ضحاياه is the killer); likewise ``captured`` (اعتقال، توقيف، القبض
  على، الإطاحة ب، المعتقلين؛ after: في قبضة، المقبوض عليه), ``wounded``, ``target`` (استهدفت) and
  ``escaped`` (نجا، فرّ; only in a raid sentence). Persons coordinated with a victim (X وY، X
  ونجله Y، X (أبو Z)) or named as members of the group (أحدهما / الآخر / وهما) take its role;
- hedged outcomes (قد يكون قتل، يرجح، لم يتأكد، أنباء عن مقتل): the person is a ``target`` and
  the outcome is kept in ``hedged`` with the hedge words (a claim, not a fact);
- perpetrators (Organization, or a country acting as a state): the force right after an
  operation cue (نفذت، شنت، على يد، من قبل، بواسطة، في قبضة، بالتعاون مع، بين ...), through a
  unit (أوقفت دورية من X; المكتب الأمني لX); the subject of an operation verb (X قتلت، X تمكنت
  من ...); the actor after a trigger (عملية للقوات الفرنسية); the owner of a force (طائرة تابعة
  لـX); a nationality adjective on a force word (غارة جوية أمريكية -> the US military, or the
  state when the knowledge base has no military for it); the speaker of "our forces" (قواتنا);
  and, only when the sentence names no other actor, the organisation that announces the
  outcome itself (أعلن جهاز مكافحة الإرهاب مقتل ...), never a news agency, an observatory or a
  research centre, and an armed group only for its own captures or operations (not for the
  death of its leader). Forces joined by و share the role. Never after في/ضد/باسم or a
  membership word;
- supporters (``supportedBy``, never perpetrators): a force right after بدعم، بإسناد، بالتنسيق
  مع، بمعلومات استخبارية من، بإشراف ...;
- places of the sentence are locations, except reference points of a direction (جنوب أطمة):
  the most specific stated place is kept (region of a country beats the country);
- the date is the event date found in the sentence (kg.text.dates), resolved against the
  publication date; an earlier killing told in passing (بعد مقتل X، سلفه الذي قتل عام 2019، قتل
  في غارة سابقة) is a ``reference``: it takes only a date stated with it (never a relative
  one), and the assembler joins it to its victim's raid instead of making a raid of it.
Dates are read once on the whole article (a dateline is its date when there is no metadata);
a date told with an announcement verb (أعلن … يوم الأحد) is only a fallback.
Then, within one article, mentions of one raid are joined: the same named victim (or a short
form of exactly one victim's name: الحسن for سامي الحسن), a victim added with أيضا / كذلك, an
unnamed cue whose description (زعيم تنظيم الدولة) follows a victim's name elsewhere, members
of a counted group named in the next sentence, or a sentence without a named person next to
one with a person (at most two sentences apart, the nearer one first, the previous one when
the sentence refers back: هذه العملية).
A sentence whose only trigger is an attack by the group (هجوم، تفجير) is an Event, not a raid.

Limits: roles come from word order, not syntax; two raids told in one sentence become one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from kg.extract.cues import cue_data, first_phrase, match_phrase, phrases, word_set
from kg.model import (
    DateValue,
    Document,
    EntityType,
    EventKind,
    Mention,
    RaidMention,
    Role,
    Sentence,
    kb_ref,
)
from kg.text.dates import DateMatch, find_dateline, find_dates
from kg.text.normalize import clean, fold
from kg.text.tokens import Token, tokenize

KILL_WINDOW = 12  # words between a cue and its victim
PERP_WINDOW = 4  # words between an actor and its verb
NAMING_WINDOW = 10  # words between أحد / الآخر ... and the person it names
HEDGE_WINDOW = 8  # words before an outcome cue in which a hedge counts
ANNOUNCE_WINDOW = 12  # words between an announcer and the outcome it announces
NUMBER_RE = re.compile(r"^\d+$")
Phrases = tuple[tuple[str, ...], ...]
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class RaidCues:
    """Folded cue phrases of raid detection."""

    triggers: tuple[tuple[tuple[str, ...], str], ...]  # (phrase, kind)
    event_triggers: Phrases
    kill_before: Phrases
    kill_after: Phrases
    capture_before: Phrases
    wound_before: Phrases
    target_before: Phrases
    perpetrator_before: Phrases
    perpetrator_after: Phrases
    not_perpetrator_before: frozenset[str]
    anaphora: Phrases
    methods: tuple[tuple[tuple[str, ...], str], ...]
    number_words: dict[str, int]
    capture_after: Phrases = ()
    escape_before: Phrases = ()
    escape_after: Phrases = ()
    hedges: Phrases = ()
    supporter_before: Phrases = ()
    announce_objects: Phrases = ()
    capture_announce_objects: Phrases = ()
    force_nouns: Phrases = ()
    weak_capture_before: Phrases = ()
    led_by: Phrases = ()
    agent_before: Phrases = ()


@cache
def load_raid_cues() -> RaidCues:
    raw = cue_data("raid_cues.json")
    triggers = sorted(
        ((p, kind) for kind, words in raw["triggers"].items() for p in phrases(words)),
        key=lambda t: (-len(t[0]), t),
    )
    methods = sorted(
        ((p, kind) for kind, words in raw["methods"].items() for p in phrases(words)),
        key=lambda t: (-len(t[0]), t),
    )
    return RaidCues(
        triggers=tuple(triggers),
        event_triggers=phrases(raw["event_triggers"]),
        kill_before=phrases(raw["kill_before"]),
        kill_after=phrases(raw["kill_after"]),
        capture_before=phrases(raw["capture_before"]),
        wound_before=phrases(raw["wound_before"]),
        target_before=phrases(raw["target_before"]),
        perpetrator_before=phrases(raw["perpetrator_before"]),
        perpetrator_after=phrases(raw["perpetrator_after"]),
        not_perpetrator_before=frozenset(fold(clean(w)) for w in raw["not_perpetrator_before"]),
        anaphora=phrases(raw["anaphora"]),
        methods=tuple(methods),
        number_words={fold(clean(k)): v for k, v in raw["number_words"].items()},
        capture_after=phrases(raw["capture_after"]),
        escape_before=phrases(raw["escape_before"]),
        escape_after=phrases(raw["escape_after"]),
        hedges=phrases(raw["hedges"]),
        supporter_before=phrases(raw["supporter_before"]),
        announce_objects=phrases(raw["announce_objects"]),
        capture_announce_objects=phrases(raw["capture_announce_objects"]),
        force_nouns=phrases(raw["force_nouns"]),
        weak_capture_before=phrases(raw["weak_capture_before"]),
        led_by=phrases(cue_data("relation_cues.json")["led_by"]),
        agent_before=phrases(raw["agent_before"]),
    )


@cache
def _militaries() -> tuple[dict[str, str], frozenset[str]]:
    raw = cue_data("kb/militaries.json")
    return raw["militaries"], frozenset(fold(clean(w)) for w in raw["force_words"])


@cache
def _phrase_list(
    entries: tuple[tuple[tuple[str, ...], str], ...],
) -> Phrases:
    """The phrases of (phrase, kind) entries, in order (one list per cue table)."""
    return tuple(p for p, _ in entries)


def _words(key: str) -> frozenset[str]:
    return word_set(key, "raid_cues.json")


def _is(norm: str, key: str) -> bool:
    """``norm`` is a word of list ``key``, alone or with an attached و/ف."""
    words = _words(key)
    return norm in words or (norm[:1] in "وف" and len(norm) > 2 and norm[1:] in words)


_FIRSTS: dict[int, tuple[Phrases, frozenset[str]]] = {}


def _firsts(phrases: Phrases) -> frozenset[str]:
    """The first words of ``phrases`` (by identity: cue lists are loaded once)."""
    hit = _FIRSTS.get(id(phrases))
    if hit is None or hit[0] is not phrases:
        hit = (phrases, frozenset(p[0] for p in phrases if p))
        _FIRSTS[id(phrases)] = hit
    return hit[1]


def _find(norms: list[str], phrases: Phrases) -> list[Span]:
    """(start, end) token spans where any of ``phrases`` occurs (clitic و/ف allowed)."""
    out = []
    firsts = _firsts(phrases)
    i = 0
    while i < len(norms):
        w = norms[i]
        if w not in firsts and not (w[:1] in "وف" and w[1:] in firsts):
            i += 1  # no phrase starts here: skip the look-up (the hot path of extraction)
            continue
        n = match_phrase(norms, i, phrases)
        if n:
            out.append((i, i + n))
            i += n
        else:
            i += 1
    return out


def _word_prefix(norms: list[str]) -> list[int]:
    """wc[i] = number of words (not punctuation) in norms[:i]: distances count words."""
    wc = [0]
    for n in norms:
        wc.append(wc[-1] + (1 if n[:1].isalnum() else 0))
    return wc


def _kill_cues(norms: list[str], cues: RaidCues) -> list[Span]:
    """Spans of kill cues standing before a victim, without فجر meaning "at dawn"."""
    return [
        (s, e)
        for s, e in _find(norms, cues.kill_before)
        if not (
            norms[s] == "فجر"
            and e < len(norms)
            and (norms[e] in _words("dawn_next") or norms[e].isdigit())
        )
    ]


def _cue_before(
    s: _Sent, a: int, cue_sets: Sequence[tuple[Role, list[Span], int]], blocks: list[int]
) -> tuple[Role, Span] | None:
    """The nearest outcome cue before a person starting at token ``a`` (within its window,
    with no other person or speech verb between): its role and span."""
    best: tuple[int, Role, Span] | None = None
    for role, spans, window in cue_sets:
        for cs, ce in spans:
            dist = s.words(ce, a)
            if ce <= a and dist <= window and not any(ce <= x < a for x in blocks):
                if best is None or dist < best[0]:
                    best = (dist, role, (cs, ce))
    return (best[1], best[2]) if best is not None else None


def _cue_after(
    s: _Sent, b: int, after_sets: Sequence[tuple[Role, list[Span]]], blocks: list[int],
    other_starts: Sequence[int],
) -> tuple[Role, Span] | None:
    """An outcome cue after a person ending at token ``b`` (X قتل، X وY قتلا، X المقبوض عليه):
    its role and span; never across a clause or another actor, never the killer's verb."""
    norms = s.norms
    for role, spans in after_sets:
        for cs, ce in spans:
            if cs < b:
                continue
            bare = norms[ce - 1] in ("قتل", "قتلا", "قتلوا", "اعتقل", "اسر")
            relative = cs > 0 and norms[cs - 1] in _words("relative_pronouns")
            if bare and relative and not _passive(norms, ce):
                continue  # عشماوي الذي قتل ضحاياه: the killer, not a victim
            between = [x for x in blocks if b <= x < cs]
            plural = norms[ce - 1].endswith(("ا", "وا"))  # X وY قتلا
            coordinated = plural and all(norms[x][:1] == "و" for x in between)
            # a verb's subject never crosses a clause or another actor; a noun
            # (X، زعيم تنظيم الدولة المقبوض عليه) may follow a description
            nominal = norms[cs].startswith("ال")
            clause = any(norms[i] in _words("clause_words") for i in range(b, cs)) or (
                not nominal and any(b <= x < cs for x in other_starts)
            )
            limit = KILL_WINDOW if coordinated else 6
            if s.words(b, cs) <= limit and (not between or coordinated) and not clause:
                return role, (cs, ce)
    return None


def _own_clause(norms: list[str], b: int, cs: int) -> list[str]:
    """The words between an actor and its verb, less a complementiser whose pronoun is the
    actor (قالت القيادة إنها نفذت: the clause is the speaker's own)."""
    gap = norms[b:cs]
    if gap and gap[-1] in _words("self_reference_links"):
        return gap[:-1]
    return gap


def _passive(norms: list[str], e: int) -> bool:
    """Is a bare قتل (قتلا، قتلوا) ending at token ``e`` passive (قُتل: he was killed)?

    It is when nothing, punctuation, a preposition or time word, a ب-word or a number follows;
    with an object after it (قتل ضحاياه) the person before it is the killer."""
    if e >= len(norms):
        return True
    nxt = norms[e]
    return (
        not nxt[:1].isalnum()
        or nxt.isdigit()
        or nxt in _words("passive_next")
        or nxt in _words("dawn_next")
        or (nxt.startswith("ب") and len(nxt) > 2)
        or nxt in ("نفسه", "نفسها")
    )


@dataclass(slots=True)
class _Draft:
    sentences: list[int]
    trigger: str
    kind: EventKind
    roles: list[tuple[Role, str]]
    date: DateValue | None
    evidence: list[str]
    method: str | None
    anaphoric: bool
    casualties: list[tuple[Role, int]]
    plural: bool = False
    own_kill: bool = False
    distance_date: dict[int, DateValue] | None = None
    specific_place: bool = False
    hedged: list[tuple[Role, str, str]] = field(default_factory=list)
    reference: bool = False  # an earlier killing told in passing (module docstring)
    date_announced: bool = False  # the date is the announcement's, not the operation's
    pending: list[str] = field(default_factory=list)  # persons named as members of a group
    outcome: Role | None = None  # a kill/capture cue that named nobody (قتل قياديين)
    described: tuple[str, ...] = ()  # the words after a cue that named nobody (زعيم تنظيم X)
    descriptions: list[tuple[str, ...]] = field(default_factory=list)  # after each victim
    also: Role | None = None  # "تم القبض أيضا على Y": one more victim of the raid told before
    groups: frozenset[str] = frozenset()  # counted victims named by a noun (قائدان، قياديين)
    words: frozenset[str] = frozenset()  # the sentence's words (for القائدان after قائدان)
    refers_back: bool = False  # goes on with the raid before (العملية، مقتله), no other said

    def persons(self) -> set[str]:
        return {
            k for r, k in self.roles if r in (Role.KILLED, Role.CAPTURED, Role.TARGET, Role.ESCAPED)
        }


@dataclass(slots=True)
class _Sent:
    """One sentence as the role rules see it: tokens, folded words, word counts, mentions."""

    toks: list[Token]
    norms: list[str]
    wc: list[int]
    ms: list[Mention]
    span: dict[str, Span]

    def words(self, a: int, b: int) -> int:
        """Number of words between token a and token b."""
        return self.wc[b] - self.wc[a] if b >= a else -(self.wc[a] - self.wc[b])

    def starts(self, types: tuple[EntityType, ...] | None = None) -> list[int]:
        return [self.span[m.key][0] for m in self.ms if types is None or m.type in types]


class RaidExtractor:
    """Turns sentences into raid mentions."""

    def __init__(
        self, cues: RaidCues | None = None, demonym: Callable[[str], str | None] | None = None
    ) -> None:
        self.cues = cues or load_raid_cues()
        self.demonym = demonym

    def __call__(
        self, doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention]
    ) -> list[RaidMention]:
        by_sent: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sent.setdefault(m.sentence, []).append(m)
        # dates are read once on the whole text (a dateline may span "sentences"), against
        # the publication date unless the text contradicts it (seed 002: a July event under a
        # November header), else a dateline (السيمر / الخميس 04 . 02 . 2021 —), else the month
        # the text calls the current one (أيار الحالي): all in kg.text.dates
        published = doc.published or find_dateline(doc.text)
        found = [d for d in find_dates(doc.text, published) if d.kind == "event"]
        drafts = []
        for sent in sentences:
            dates = [
                DateMatch(d.start - sent.start, d.end - sent.start, d.value, d.kind)
                for d in found
                if sent.start <= d.start < sent.end
            ]
            d = self._sentence(
                dates,
                doc,
                sent,
                sorted(by_sent.get(sent.index, []), key=lambda m: m.start),
            )
            if d is not None:
                drafts.append(d)
        drafts = self._join(drafts, {m.key: m.base for m in mentions})
        out = []
        for d in drafts:
            if not d.persons() and not self._specific(d):
                continue
            out.append(
                RaidMention(
                    doc_id=doc.id,
                    sentences=tuple(d.sentences),
                    trigger=d.trigger,
                    kind=d.kind,
                    roles=tuple(dict.fromkeys(d.roles)),
                    date=d.date,
                    evidence=" ".join(dict.fromkeys(d.evidence)),
                    method=d.method,
                    casualties=tuple(dict.fromkeys(d.casualties)),
                    hedged=tuple(dict.fromkeys(d.hedged)),
                    reference=d.reference,
                    date_announced=d.date_announced,
                )
            )
        return out

    @staticmethod
    def _specific(d: _Draft) -> bool:
        """An unnamed raid is kept only when it killed someone, in a town, by a named actor."""
        roles = {r for r, _ in d.roles}
        return (
            Role.LOCATION in roles
            and Role.PERPETRATOR in roles
            and d.own_kill
            and d.specific_place
            and d.kind is not EventKind.EVENT
            and not d.reference
        )

    # ------------------------------------------------------------------ one sentence
    def _sentence(
        self,
        dates: list[DateMatch],
        doc: Document,
        sent: Sentence,
        ms: list[Mention],
    ) -> _Draft | None:
        """The raid told in one sentence, if any; ``dates`` are its event dates (offsets
        relative to the sentence)."""
        c = self.cues
        toks = tokenize(sent.text, sent.start)
        norms = [t.norm for t in toks]
        trig = None
        trigger_phrases = _phrase_list(c.triggers)
        for i in range(len(norms)):
            pos = first_phrase(norms, i, trigger_phrases)
            if pos is not None:
                phrase, kind = c.triggers[pos]
                trig = (i, kind, " ".join(phrase))
                break
        is_event = bool(_find(norms, c.event_triggers)) and trig is None
        kills = _kill_cues(norms, c)
        captures = (
            _find(norms, c.capture_before)
            + _find(norms, c.capture_after)
            + _find(norms, c.weak_capture_before)
        )
        naming = any(_is(n, "naming_words") for n in norms)
        if trig is None and not kills and not captures and not is_event and not naming:
            return None
        s = _Sent(toks, norms, _word_prefix(norms), ms, _mention_tokens(toks, ms))
        roles: list[tuple[Role, str]] = []
        persons = [(m, s.span[m.key]) for m in ms if m.type is EntityType.PERSON]
        hedged: list[tuple[Role, str, str]] = []
        pending: list[str] = []
        reference, outcome = self._assign_persons(s, persons, roles, hedged, pending, kills)
        if trig is None:  # got away from what? only a raid sentence has escapees
            roles = [(r, k) for r, k in roles if r is not Role.ESCAPED]
        self._assign_actors(s, roles)
        if not any(r is Role.PERPETRATOR for r, _ in roles):
            roles += self.adjectival_actors(doc.id, toks, norms, sent, s)
        if not any(r is Role.PERPETRATOR for r, _ in roles):
            self._announcer(s, roles)
        specific = self._assign_places(s, roles)
        has_person = any(
            r in (Role.KILLED, Role.CAPTURED, Role.TARGET, Role.ESCAPED) for r, _ in roles
        )
        if trig is None and not has_person and not pending:
            # an unnamed kill or capture is kept when it can tell the raid next to it who or
            # when (مقتل من أسمته الوالي ... مساء اليوم الخميس), or name a counted group later
            tells = bool(dates) or any(r is Role.PERPETRATOR for r, _ in roles)
            if not is_event and not ((outcome or tells) and (kills or captures)):
                return None
        kind = EventKind(trig[1]) if trig else (EventKind.EVENT if is_event else EventKind.RAID)
        plural = trig is not None and norms[trig[0]] in _words("plural_triggers")
        if any(r is Role.CAPTURED for r, _ in roles) and not any(
            r is Role.KILLED for r, _ in roles
        ):
            kind = EventKind.CAPTURE
        elif kind is EventKind.CAPTURE:
            kind = EventKind.RAID
        method = None
        method_phrases = _phrase_list(c.methods)
        for i in range(len(norms)):
            pos = first_phrase(norms, i, method_phrases)
            if pos is not None:
                method = c.methods[pos][1]
                break
        at = (toks[trig[0]].start - sent.start) if trig else 0
        if kills and not trig:
            at = toks[kills[0][0]].start - sent.start
        if reference:
            dates = self._reference_dates(s, dates, sent, roles)
        # the date told with the operation is the one nearest its trigger (an announcement
        # date, اليوم الأحد, usually stands farther away, before the trigger); the date of an
        # announcement (أعلن ... في 30 تشرين الثاني) only when the sentence has no other
        announced = {id(d): self._announced(s, sent, d.start, trig, kills, captures) for d in dates}
        dates.sort(key=lambda d: (announced[id(d)], d.start < at, abs(d.start - at)))
        date = dates[0].value if dates else None
        date_announced = bool(dates) and announced[id(dates[0])]
        anaphoric = bool(_find(norms, c.anaphora))
        refers_back = (anaphoric or any(_is(n, "back_reference") for n in norms)) and not any(
            n in _words("separate_event_words") for n in norms
        )
        return _Draft(
            sentences=[sent.index],
            trigger=trig[2] if trig else "",
            kind=kind,
            roles=roles,
            date=date,
            evidence=[sent.text],
            method=method,
            anaphoric=anaphoric,
            casualties=self._casualties(norms),
            plural=plural,
            own_kill=bool(kills),
            described=self._described(s, kills, captures, roles) if outcome is None else (),
            also=_also(norms, kills, captures, roles),
            groups=_groups(norms, kills + captures),
            words=frozenset(norms),
            descriptions=[
                _description(norms, s.span[k][1])
                for r, k in roles
                if r in (Role.KILLED, Role.CAPTURED)
            ],
            distance_date={sent.index: date} if date else {},
            specific_place=specific,
            hedged=hedged,
            reference=reference,
            date_announced=date_announced,
            pending=pending,
            outcome=outcome,
            refers_back=refers_back,
        )

    @staticmethod
    def _described(
        s: _Sent, kills: list[Span], captures: list[Span], roles: list[tuple[Role, str]]
    ) -> tuple[str, ...]:
        """The description after a kill or capture cue that named nobody (ألقت القوات القبض على
        زعيم تنظيم الدولة ...): a later sentence naming him with it (X، زعيم تنظيم الدولة) is
        the same operation."""
        if any(r in (Role.KILLED, Role.CAPTURED) for r, _ in roles):
            return ()
        for _, e in sorted(kills + captures):
            words = _description(s.norms, e)
            if len(words) == DESCRIPTION_WORDS:
                return words
        return ()

    @staticmethod
    def _announced(
        s: _Sent,
        sent: Sentence,
        start: int,
        trig: tuple[int, str, str] | None,
        kills: list[Span],
        captures: list[Span],
    ) -> bool:
        """Is the date at ``start`` (offset in the sentence) the date of an announcement: a
        speech or announcement verb stands before it (six words at most) with no operation
        word between (أعلن الجيش يوم الثلاثاء مقتل ...; قال البيان، الثلاثاء، ...)?"""
        at = next((i for i, t in enumerate(s.toks) if t.start - sent.start >= start), len(s.toks))
        ops = {i for i, _ in kills} | {i for i, _ in captures}
        if trig is not None:
            ops.add(trig[0])
        for i in range(at - 1, -1, -1):
            if s.words(i, at) > 6 or i in ops:
                return False
            if _is(s.norms[i], "speech_verbs") or _is(s.norms[i], "announce_verbs"):
                return True
        return False

    @staticmethod
    def _reference_dates(
        s: _Sent, dates: list, sent: Sentence, roles: list[tuple[Role, str]]
    ) -> list:
        """The dates an earlier killing may take: explicit ones stated next to its victim."""
        victims = [s.span[k] for r, k in roles if r in (Role.KILLED, Role.CAPTURED)]
        if not victims:
            return []
        lo = min(a for a, _ in victims)
        hi = max(b for _, b in victims)
        # from three words before the victim to eight after (سلفه الذي قتل عام 2019)
        lo_tok = next((i for i in range(lo, -1, -1) if s.words(i, lo) >= 3), 0)
        hi_tok = next((i for i in range(hi, len(s.toks)) if s.words(hi, i) >= 8), len(s.toks))
        lo_c = s.toks[lo_tok].start - sent.start
        hi_c = (s.toks[hi_tok - 1].end if hi_tok > 0 else 0) - sent.start
        return [d for d in dates if lo_c <= d.start and d.end <= hi_c and explicit(d.value)]

    def _assign_persons(
        self,
        s: _Sent,
        persons: list[tuple[Mention, Span]],
        roles: list[tuple[Role, str]],
        hedged: list[tuple[Role, str, str]],
        pending: list[str],
        kills: list[Span],
    ) -> tuple[bool, Role | None]:
        """Victims, targets and escapees of the sentence; returns (reference, outcome)."""
        c = self.cues
        norms = s.norms
        captures = _find(norms, c.capture_before)
        weak = [
            (cs, ce)
            for cs, ce in _find(norms, c.weak_capture_before)
            if not any(_is(w, "not_a_capture_object") for w in norms[ce : ce + 3])
        ]
        cue_sets = (  # (role, cue spans, window in words)
            (Role.KILLED, kills, KILL_WINDOW),
            (Role.CAPTURED, captures, KILL_WINDOW),
            (Role.CAPTURED, weak, 5),
            (Role.WOUNDED, _find(norms, c.wound_before), KILL_WINDOW),
            (Role.TARGET, _find(norms, c.target_before), KILL_WINDOW),
            (Role.ESCAPED, _find(norms, c.escape_before), KILL_WINDOW),
        )
        after_sets = (
            (Role.KILLED, _find(norms, c.kill_after)),
            (Role.CAPTURED, _find(norms, c.capture_after)),
            (Role.ESCAPED, _find(norms, c.escape_after)),
        )
        starts = [a for _, (a, _) in persons]
        breaks = [i for i, n in enumerate(norms) if _is(n, "speech_verbs")]
        blocks = starts + breaks
        other_starts = s.starts((EntityType.ORGANIZATION,))
        hedges = _find(norms, c.hedges)
        got: dict[str, tuple[Role, Span]] = {}
        # قوات X بقيادة المشير Y: Y commands the actor; برصاص Y: Y did it. Never victims,
        # never blocks
        cues = _find(norms, c.led_by) + _find(norms, c.agent_before)
        led = _leaders_and_agents(norms, persons, cues)
        persons = [p for p in persons if p[0].key not in led]
        blocks = [x for x in blocks if x not in {s.span[k][0] for k in led}]
        for m, (a, b) in persons:
            best = _cue_before(s, a, cue_sets, blocks) or _cue_after(
                s, b, after_sets, blocks, other_starts
            )
            if best is not None:
                got[m.key] = best
        self._coordinate(s, persons, got, blocks)
        outcome = self._outcome(s, kills, captures + weak, got)
        self._name_members(s, persons, got, pending, kills, captures + weak)
        reference = self._apply_roles(s, persons, got, hedges, roles, hedged)
        # the sentence is a reference only when every victim in it is
        victims = [k for r, k in roles if r in (Role.KILLED, Role.CAPTURED)]
        if reference and any(not self._is_reference(s, *s.span[k], *got[k][1]) for k in victims):
            reference = False
        return reference, outcome

    def _apply_roles(
        self,
        s: _Sent,
        persons: list[tuple[Mention, Span]],
        got: dict[str, tuple[Role, Span]],
        hedges: list[Span],
        roles: list[tuple[Role, str]],
        hedged: list[tuple[Role, str, str]],
    ) -> bool:
        """Each person's role into ``roles`` (a hedged outcome makes a target, and a claim in
        ``hedged``); whether a victim's killing or capture is told as an earlier one."""
        reference = False
        for m, (a, b) in persons:
            if m.key not in got:
                continue
            role, (cs, ce) = got[m.key]
            hedge = self._hedge(s, hedges, min(a, cs), max(b, ce))
            if hedge and role in (Role.KILLED, Role.CAPTURED, Role.WOUNDED):
                roles.append((Role.TARGET, m.key))
                hedged.append((role, m.key, hedge))
                continue
            roles.append((role, m.key))
            if role in (Role.KILLED, Role.CAPTURED) and self._is_reference(s, a, b, cs, ce):
                reference = True
        return reference

    def _coordinate(
        self,
        s: _Sent,
        persons: list[tuple[Mention, Span]],
        got: dict[str, tuple[Role, Span]],
        blocks: list[int],
    ) -> None:
        """X وY، X ونجله Y، X (أبو Z): a person joined to a victim takes the victim's role."""
        norms = s.norms
        ordered = sorted(persons, key=lambda p: p[1])
        for (q, (_qa, qb)), (p, (pa, _pb)) in zip(ordered, ordered[1:], strict=False):
            if p.key in got or q.key not in got:
                continue
            if any(qb <= x < pa for x in blocks if x != pa):
                continue
            between = norms[qb:pa]
            words = [w for w in between if w[:1].isalnum()]
            if not words:
                ok = any(w in ("(", "،", ",", "/", "-", "و") for w in between) or qb == pa
            else:
                fillers = [w for w in words if _is(w, "coordination_fillers")]
                others = [w for w in words if not _is(w, "coordination_fillers")]
                ok = (
                    len(words) <= 6
                    and (bool(fillers) or words[0][:1] == "و")
                    and len(others) <= 3
                    and not any(
                        _is(w, "speech_verbs") or w in ("ان", "انه", "حيث", "بينما", "فيما")
                        for w in words
                    )
                )
            if ok:
                got[p.key] = got[q.key]

    def _outcome(
        self,
        s: _Sent,
        kills: list[Span],
        captures: list[Span],
        got: dict[str, tuple[Role, Span]],
    ) -> Role | None:
        """The role of a kill/capture cue that named nobody (قتل قياديين): members named later
        (أحدهما X، والآخر Y) take it."""
        used = {span for _, span in got.values()}
        for role, spans in ((Role.KILLED, kills), (Role.CAPTURED, captures)):
            for sp in spans:
                if sp not in used and self._counted(s, sp[1]):
                    return role
        return None

    def _counted(self, s: _Sent, e: int) -> bool:
        """Does a counted or plural group of people follow a cue ending at token ``e``
        (قتل قياديين، اعتقال 3 عناصر، القبض على عدد من القيادات، مقتل اثنين من ...)?"""
        words = [w for w in s.norms[e : e + 6] if w[:1].isalnum()][:3]
        for w in words:
            if w.isdigit() or w in self.cues.number_words or w in ("عدد", "عددا"):
                return True
            if len(w) > 4 and w.endswith(("ين", "ان", "يين")) and not w.startswith("ال"):
                return True  # قياديين، عنصرين، قائدان
        return False

    def _name_members(
        self,
        s: _Sent,
        persons: list[tuple[Mention, Span]],
        got: dict[str, tuple[Role, Span]],
        pending: list[str],
        kills: list[Span],
        captures: list[Span],
    ) -> None:
        """أحد الإرهابيين هو X، والإرهابي الآخر هو Y: members of a group of victims. They take
        the role of an earlier victim of the sentence, else of the nearest kill or capture cue
        before them (no other person between: مقتل المسؤول ... وقائد آخر اسمه Y), else they wait
        for the group counted in the sentence before (``pending``)."""
        norms = s.norms
        starts = [a for _, (a, _) in persons]
        cues = sorted(
            [(e, Role.KILLED, (cs, e)) for cs, e in kills]
            + [(e, Role.CAPTURED, (cs, e)) for cs, e in captures]
        )
        for m, (a, _b) in sorted(persons, key=lambda p: p[1]):
            if m.key in got:
                continue
            # a naming word (أحدهما، الآخر، وهما ...) and a link (هو، يدعى، المدعو) or the name
            # right after it: أحد الإرهابيين هو ... المدعو X / الآخر هو Y / وهما X وY
            named = False
            link = False
            for i in range(a - 1, -1, -1):
                if s.words(i, a) > NAMING_WINDOW or i in starts:
                    break
                link = link or _is(norms[i], "naming_links")
                if _is(norms[i], "naming_words"):
                    named = link or s.words(i + 1, a) <= 1
                    break
            if not named:
                continue
            earlier = [
                got[q.key]
                for q, (qa, _) in persons
                if q.key in got and qa < a and got[q.key][0] in (Role.KILLED, Role.CAPTURED)
            ]
            before = [
                (role, span)
                for e, role, span in cues
                if e <= a and not any(e <= x < a for x in starts)
            ]
            if earlier:
                got[m.key] = earlier[0]
            elif before:
                got[m.key] = before[-1]
            else:
                pending.append(m.key)

    def _hedge(self, s: _Sent, hedges: list[Span], lo: int, hi: int) -> str | None:
        """The hedge words standing within HEDGE_WINDOW words before an outcome, or in it."""
        for hs, he in hedges:
            if hs <= hi and he <= hi + 1 and (hs >= lo or s.words(he, lo) <= HEDGE_WINDOW):
                return " ".join(t.text for t in s.toks[hs:he])
        return None

    def _is_reference(self, s: _Sent, a: int, b: int, cs: int, ce: int) -> bool:
        """Is this outcome an earlier killing told in passing (module docstring)?"""
        norms = s.norms
        if cs > 0 and _is(norms[cs - 1], "reference_before_kill"):
            return True  # بعد مقتل X / منذ مقتل X
        lo = min(a, cs)
        for i in range(max(0, lo - 4), lo):
            if _is(norms[i], "reference_words"):
                return True  # سلفه X الذي ...
        hi = max(b, ce)
        for i in range(hi, min(len(norms), hi + 6)):
            if norms[i] in ("سابقه", "سابق") and i > 0 and _is(norms[i - 1], "trigger_words"):
                return True  # قتل في غارة سابقة
        return False

    # ------------------------------------------------------------------ actors
    def _assign_actors(self, s: _Sent, roles: list[tuple[Role, str]]) -> None:
        c = self.cues
        norms = s.norms
        before = _find(norms, c.perpetrator_before)
        after = _find(norms, c.perpetrator_after)
        support = _find(norms, c.supporter_before)
        names = s.starts((EntityType.PERSON, EntityType.ORGANIZATION))
        for m in s.ms:
            if m.type is EntityType.PERSON:
                continue
            if m.type is EntityType.PLACE and m.subtype != "Country":
                continue
            a, b = s.span[m.key]
            if self._cue_before(s, a, support):
                roles.append((Role.SUPPORTER, m.key))
                continue
            prev = norms[a - 1] if a > 0 else ""
            cued = self._cue_before(s, a, before)
            if prev in c.not_perpetrator_before or (a > 1 and norms[a - 2] in ("في",)):
                if not any(e == a for _, e in before):
                    continue
            is_perp = cued or any(
                cs >= b
                and s.words(b, cs) <= PERP_WINDOW
                and all(x[:1].isalnum() for x in norms[b:cs])
                and not any(
                    _is(x, "speech_verbs")
                    or x in _words("clause_words")
                    or _is(x, "trigger_words")  # في غارة أمريكية استهدفت: the strike's verb
                    for x in _own_clause(norms, b, cs)
                )
                and not any(b <= x < cs for x in names)
                for cs, _ in after
            )
            if a > 0 and _is(norms[a - 1], "adjacent_subject_verbs"):
                is_perp = True  # قتل الجيش النيجيري القيادي X
            # عملية للتحالف الدولي / غارة لقوات ...: the actor right after the trigger
            if a > 0 and norms[a - 1] in _words("trigger_words") and norms[a][:1] == "ل":
                is_perp = True
            if not is_perp and self._owner(s, a):
                is_perp = True
            if is_perp:
                roles.append((Role.PERPETRATOR, m.key))
        self._coordinated_actors(s, roles)
        self._own_forces(s, roles, before)

    @staticmethod
    def _cue_before(s: _Sent, a: int, spans: list[Span]) -> bool:
        """A cue ends right before token ``a``: next to it, or through a unit (دورية من X،
        المكتب الأمني لX)."""
        norms = s.norms
        for _, e in spans:
            if e > a:
                continue
            if a - e <= 1:
                return True
            gap = [w for w in norms[e:a] if w[:1].isalnum()]
            if len(gap) <= 3 and all(_is(w, "unit_words") for w in gap):
                return True
            if len(gap) <= 3 and norms[a][:1] == "ل" and len(norms[a]) > 2:
                return True  # من قبل المكتب الأمني لهيئة ...: the unit of the force
        return False

    def _owner(self, s: _Sent, a: int) -> bool:
        """طائرة مسيرة تابعة لـX / فصائل تابعة لX: X owns the force that did it."""
        norms = s.norms
        j = a - 1
        if norms[a][:1] != "ل":
            while j >= 0 and not norms[j][:1].isalnum():
                j -= 1  # the quote of لـ "X"
            if j < 0 or norms[j] != "ل":
                return False
            j -= 1
        if j < 0 or not _is(norms[j], "owner_words"):
            return False
        for i in range(max(0, j - 3), j):
            if match_phrase(norms, i, self.cues.force_nouns):
                return True
        return False

    @staticmethod
    def _coordinated_actors(s: _Sent, roles: list[tuple[Role, str]]) -> None:
        """ "بين القوات العراقية والتحالف الدولي": an organisation joined by و to an actor (or
        a supporter) shares its role."""
        orgs = sorted(
            (m for m in s.ms if m.type is EntityType.ORGANIZATION), key=lambda m: s.span[m.key]
        )
        for role in (Role.PERPETRATOR, Role.SUPPORTER):
            taken = {k for _, k in roles}
            actors = {k for r, k in roles if r is role}
            for x, y in zip(orgs, orgs[1:], strict=False):
                xb, ya = s.span[x.key][1], s.span[y.key][0]
                if ya == xb and s.norms[ya][:1] == "و":
                    if x.key in actors and y.key not in taken:
                        roles.append((role, y.key))
                        actors.add(y.key)
                        taken.add(y.key)
                    elif y.key in actors and x.key not in taken:
                        roles.append((role, x.key))
                        actors.add(x.key)
                        taken.add(x.key)

    @staticmethod
    def _own_forces(s: _Sent, roles: list[tuple[Role, str]], before: list[Span]) -> None:
        """ "قالت القيادة المركزية إنه ... نفذت قواتنا ضربة" / "البيان الصادر عن الجهاز إن
        قواته نفذوا": our forces are the speaker's."""
        if any(r is Role.PERPETRATOR for r, _ in roles):
            return
        norms = s.norms
        own = [
            i
            for i, n in enumerate(norms)
            if n in _words("own_forces")
            and n != "قوات"
            and (any(e == i for _, e in before) or _followed_by_verb(norms, i))
        ]
        own += [e for _, e in before if e < len(norms) and norms[e] in _words("own_forces")]
        if not own:
            return
        first = min(own)
        for m in sorted(s.ms, key=lambda m: s.span[m.key]):
            a, _ = s.span[m.key]
            if (
                m.type is EntityType.ORGANIZATION
                and a < first
                and any(
                    _is(norms[j], "speech_verbs") or norms[j] in ("بيان", "البيان", "عن")
                    for j in range(max(0, a - 4), a)
                )
            ):
                roles.append((Role.PERPETRATOR, m.key))
                return

    def _announcer(self, s: _Sent, roles: list[tuple[Role, str]]) -> None:
        """أعلن جهاز مكافحة الإرهاب مقتل X: the announcer of its own operation, when the
        sentence names no other actor (module docstring)."""
        c = self.cues
        norms = s.norms
        verbs = [i for i, n in enumerate(norms) if _is(n, "announce_verbs")]
        if not verbs:
            return
        names = sorted(s.starts((EntityType.PERSON, EntityType.ORGANIZATION)))
        taken = {k for _, k in roles}
        for m in sorted(s.ms, key=lambda m: s.span[m.key]):
            if m.key in taken or m.type is EntityType.PERSON:
                continue
            if m.type is EntityType.PLACE and m.subtype != "Country":
                continue
            if m.subtype in _words("reporter_subtypes") or any(
                w in _words("reporter_heads") for w in fold(clean(m.base)).split()[:1]
            ):
                continue
            a, b = s.span[m.key]
            verb = next(
                (
                    i
                    for i in verbs
                    if (i < a and s.words(i + 1, a) <= 1) or (i >= b and s.words(b, i) <= 1)
                ),
                None,
            )
            if verb is None:
                continue
            head = fold(clean(m.base)).split()[:1]
            armed = m.subtype == "ArmedGroup" or (
                bool(head) and head[0] in _words("armed_group_heads")
            )
            objects = c.capture_announce_objects if armed else c.announce_objects
            start = max(verb + 1, b)
            # the announcer named again (القيادة المركزية الأمريكية (سنتكوم)) is no other name
            again = {s.span[o.key][0] for o in s.ms if m.kb_id and o.kb_id == m.kb_id}
            for i in range(start, len(norms)):
                other = i in names and i != a and i not in again
                if s.words(start, i) > ANNOUNCE_WINDOW or other:
                    break
                if match_phrase(norms, i, objects):
                    roles.append((Role.PERPETRATOR, m.key))
                    return

    def adjectival_actors(
        self,
        doc_id: str,
        toks: list[Token],
        norms: list[str],
        sent: Sentence,
        s: _Sent | None = None,
    ) -> list[tuple[Role, str]]:
        """غارة أميركية / ضربة جوية أمريكية / قوات صومالية خاصة: the force an adjective of
        nationality stands for: the state's military when the knowledge base has one, else the
        state itself."""
        if self.demonym is None:
            return []
        mil, force_words = _militaries()
        inside = [s.span[m.key] for m in s.ms if m.type is EntityType.ORGANIZATION] if s else []
        out = []
        for i in range(len(norms)):
            n = match_phrase(norms, i, self.cues.force_nouns)
            if not n and norms[i] not in force_words:
                continue
            j = i + max(n, 1)
            while j < len(norms) and j - i <= 4 and _is(norms[j], "adjective_gap"):
                j += 1
            if j >= len(norms) or any(a <= j < b for a, b in inside):
                continue
            place = self.demonym(toks[j].text)
            if place:
                out.append((Role.PERPETRATOR, kb_ref(mil.get(place, place))))
        return list(dict.fromkeys(out))

    def _assign_places(self, s: _Sent, roles: list[tuple[Role, str]]) -> bool:
        norms = s.norms
        places = []
        actors = {k for r, k in roles if r in (Role.PERPETRATOR, Role.SUPPORTER)}
        for m in s.ms:
            if m.type is not EntityType.PLACE:
                continue
            if m.key in actors:
                continue
            a, _ = s.span[m.key]
            prev = norms[a - 1] if a > 0 else ""
            if prev in _words("not_the_place_before") or prev.startswith("لل"):
                continue
            places.append(m)
        if not places:
            return False
        # "جنوب أطمة" (south of Atmeh) names a reference point, not the place itself
        refs = [
            m
            for m in places
            if _place_rank(m) < 3
            and s.span[m.key][0] > 0
            and norms[s.span[m.key][0] - 1] in _words("directions")
        ]
        if len(refs) < len(places):
            places = [m for m in places if m not in refs]
        rank = {m.key: _place_rank(m) for m in places}
        best = min(rank.values())
        for m in places:
            if rank[m.key] == best:
                roles.append((Role.LOCATION, m.key))
        return best < 3

    def _casualties(self, norms: list[str]) -> list[tuple[Role, int]]:
        out = []
        for i, n in enumerate(norms):
            value = int(n) if NUMBER_RE.match(n) and len(n) < 4 else self.cues.number_words.get(n)
            if value is None or i == 0:
                continue
            window = norms[max(0, i - 3) : i]
            if any(w in ("اصابه", "جرح", "اصيب") for w in window):
                out.append((Role.WOUNDED, value))
            elif any(w in ("مقتل", "قتل", "قتلي") for w in window):
                out.append((Role.KILLED, value))
        return out

    # ------------------------------------------------------------------ joining
    def _join(self, drafts: list[_Draft], bases: dict[str, str] | None = None) -> list[_Draft]:
        """Join the sentences of one raid: shared victims, or unnamed next to named."""
        drafts = self._resolve_pending(drafts)
        _short_victims(drafts, bases or {})
        merged: list[_Draft] = []
        for d in drafts:
            target = None
            for m in merged:
                if d.persons() & m.persons():
                    target = m
                    break
            if target is None and d.also is not None:
                # أيضا: the nearest raid before it with a victim in the same role
                target = next(
                    (
                        m
                        for m in reversed(merged[-ALSO_WINDOW:])
                        if any(r is d.also for r, _ in m.roles)
                        and d.sentences[0] - max(m.sentences) <= ALSO_WINDOW
                        and not m.reference
                    ),
                    None,
                )
            if target is None and merged and _goes_on(merged[-1], d):
                target = merged[-1]
            if target is not None:
                _absorb(target, d)
            else:
                merged.append(d)
        named = [d for d in merged if d.persons() - self._targets_only(d)]
        hosts = [d for d in named if not d.reference]
        out = list(named)
        for d in merged:
            if d in named:
                continue
            s = d.sentences[0]
            if d.plural and not d.persons():
                continue  # habitual, generic operations (تشن غارات وعمليات دهم)
            # "قتل 13 إرهابيا بينهم قائدان" ... "القائدان اللذان قتلا أحدهما X": the group,
            # named later with the article, is the named raid's
            grouped = [n for n in hosts if any("ال" + g in n.words for g in d.groups)]
            if not d.persons() and len(grouped) == 1 and min(grouped[0].sentences) > s:
                _absorb(grouped[0], d)
                continue
            if self._standalone(d):
                out.append(d)
                continue
            described = [n for n in hosts if d.described and d.described in n.descriptions]
            if len(described) == 1:  # the victim described here is named there
                _absorb(described[0], d)
                continue
            dist = lambda n, s=s: min(abs(s - x) for x in n.sentences)  # noqa: E731
            near = sorted(
                (n for n in hosts if dist(n) <= 2),
                key=lambda n: (
                    dist(n),
                    max(n.sentences) > s if d.anaphoric else min(n.sentences) < s,
                ),
            )
            if not near and d.anaphoric and len(hosts) == 1:
                near = hosts
            if near and d.kind is not EventKind.EVENT:
                # an operation sentence further away still dates an undated raid
                close = dist(near[0]) <= 1
                dates = close or (near[0].date is None and bool(d.trigger) and not d.anaphoric)
                _absorb(near[0], d, close=close, dates=dates)
            else:
                out.append(d)
        out.sort(key=lambda d: d.sentences[0])
        return out

    @staticmethod
    def _resolve_pending(drafts: list[_Draft]) -> list[_Draft]:
        """Members named after a group of victims (قتل قياديين. أحدهما X والآخر Y) take the
        group's role; a draft of nothing but such names joins the group's sentence."""
        out: list[_Draft] = []
        for d in drafts:
            if d.pending:
                # only the last draft or two can be the sentence before (no scan of the article)
                prev = next(
                    (
                        p
                        for p in reversed(out[-2:])
                        if p.outcome is not None and d.sentences[0] - max(p.sentences) <= 1
                    ),
                    None,
                )
                outcome = prev.outcome if prev is not None else None
                if prev is not None and outcome is not None:
                    d.roles += [(outcome, k) for k in d.pending]
                    d.pending = []
                    _absorb(prev, d)
                    continue
            out.append(d)
        # a kill or capture cue with nobody named and no trigger was kept only for this
        return [
            d for d in out
            if d.trigger or d.persons() or d.kind is EventKind.EVENT or _named_later(d, out)
        ]

    @staticmethod
    def _targets_only(d: _Draft) -> set[str]:
        """Persons of a draft that are only targets (a target alone does not make a raid)."""
        others = {k for r, k in d.roles if r in (Role.KILLED, Role.CAPTURED)}
        if others:
            return set()
        return {k for r, k in d.roles if r is Role.TARGET} if d.anaphoric else set()

    def _standalone(self, d: _Draft) -> bool:
        """An unnamed operation told with its own victim count, actor and a town: its own raid."""
        if d.anaphoric or not d.own_kill:
            return False
        roles = {r for r, _ in d.roles}
        return Role.PERPETRATOR in roles and Role.LOCATION in roles and d.specific_place


DESCRIPTION_WORDS = 3
ALSO_WINDOW = 6  # sentences between a raid and the "also" sentence that adds a victim to it


@cache
def _title_or_intro_words() -> frozenset[str]:
    """What may stand between a cue of command or agency and the person (العميد، المدعو)."""
    return word_set("person_titles") | word_set("name_intro")


def _leaders_and_agents(
    norms: list[str], persons: list[tuple[Mention, Span]], led_by: list[Span]
) -> set[str]:
    """Keys of the persons named right after a cue of command (بقيادة، يتزعمها) or of agency
    (برصاص، على يد), a title or a comma between at most: who led or did the deed."""
    titles = _title_or_intro_words()
    out = set()
    for m, (a, _) in persons:
        for _, ce in led_by:
            gap = norms[ce:a]
            if ce <= a and len(gap) <= 2 and all(n in titles or not n[:1].isalnum() for n in gap):
                out.add(m.key)
    return out


def _goes_on(host: _Draft, d: _Draft) -> bool:
    """Does named ``d`` go on with the named raid of the sentence before (القوة اشتبكت معه ما
    أسفر عن مقتله واعتقال X): it refers back, and tells no actor, place or date of its own?"""
    own = {r for r, _ in d.roles} & {Role.PERPETRATOR, Role.LOCATION}
    return (
        d.refers_back
        and not own
        and d.date is None
        and bool(d.persons())
        and bool(host.persons())
        and not host.reference
        and not d.reference
        and 0 <= d.sentences[0] - max(host.sentences) <= 1
    )


def _named_later(d: _Draft, drafts: list[_Draft]) -> bool:
    """Is the counted group of ``d`` named later in the article (قائدان ... القائدان)?"""
    if not d.groups:
        return False
    later = [n for n in drafts if min(n.sentences) > max(d.sentences) and n.persons()]
    return any("ال" + g in n.words for n in later for g in d.groups)


def _groups(norms: list[str], cues: list[Span]) -> frozenset[str]:
    """Dual or plural nouns of people counted after a kill or capture cue (قتل 13 إرهابيا بينهم
    قائدان -> قائدان): a later sentence may name them with the article (القائدان)."""
    out = set()
    for _, e in cues:
        words = [w for w in norms[e : e + 8] if w[:1].isalnum()][:5]
        for w in words:
            if len(w) > 4 and w.endswith(("ان", "ين")) and not w.startswith("ال") and w[:1] != "و":
                out.add(w)
    return frozenset(out)


def _also(
    norms: list[str], kills: list[Span], captures: list[Span], roles: list[tuple[Role, str]]
) -> Role | None:
    """The role of a victim added with أيضا / كذلك right after its cue (تم القبض، أيضا، على Y)."""
    for role, spans in ((Role.CAPTURED, captures), (Role.KILLED, kills)):
        if not any(r is role for r, _ in roles):
            continue
        for cs, ce in spans:
            near = [w for w in norms[max(0, cs - 2) : ce + 3] if w[:1].isalnum()]
            if any(w in _words("also_words") for w in near):
                return role
    return None


def _description(norms: list[str], e: int) -> tuple[str, ...]:
    """The first three words after token ``e`` (punctuation skipped), as a victim's
    description: زعيم تنظيم الدولة."""
    words = [w for w in norms[e : e + 8] if w[:1].isalnum()]
    return tuple(words[:DESCRIPTION_WORDS])


def _followed_by_verb(norms: list[str], i: int) -> bool:
    """قواتنا نفذت / قواته نفذوا: an own-forces word as the subject of an operation verb."""
    return i + 1 < len(norms) and match_phrase(norms, i + 1, load_raid_cues().perpetrator_after) > 0


def _short_victims(drafts: list[_Draft], bases: dict[str, str]) -> None:
    """القرشي after أبو الحسين الحسيني القرشي: a victim named by the last word(s) of exactly one
    other victim's name in the article is that victim (its mention key is replaced)."""
    victims: dict[str, tuple[str, ...]] = {}
    for d in drafts:
        for r, k in d.roles:
            if r in (Role.KILLED, Role.CAPTURED) and k in bases and k not in victims:
                victims[k] = tuple(fold(clean(bases[k])).split())
    if len(victims) < 2:
        return
    same: dict[str, str] = {}
    for k, words in victims.items():
        longer = {
            w2: k2
            for k2, w2 in victims.items()
            if len(w2) > len(words) and w2[-len(words) :] == words
        }
        if len(longer) == 1:
            same[k] = next(iter(longer.values()))
    if not same:
        return
    for d in drafts:
        d.roles = list(dict.fromkeys((r, same.get(k, k)) for r, k in d.roles))
        d.hedged = [(r, same.get(k, k), h) for r, k, h in d.hedged]


def _absorb(into: _Draft, d: _Draft, close: bool = True, dates: bool | None = None) -> None:
    """Join draft ``d`` into ``into``; places and dates only from a close sentence (``dates``
    may allow the date of a farther one)."""
    dates = close if dates is None else dates
    has_place = any(r is Role.LOCATION for r, _ in into.roles)
    into.sentences = sorted(set(into.sentences) | set(d.sentences))
    into.roles += [
        r
        for r in d.roles
        if r not in into.roles and (r[0] is not Role.LOCATION or close or not has_place)
    ]
    into.evidence += d.evidence
    into.casualties += d.casualties
    into.hedged += [h for h in d.hedged if h not in into.hedged]
    if dates and not (d.reference and not into.reference) and d.date is not None:
        if into.date is None or (into.date_announced and not d.date_announced):
            into.date, into.date_announced = d.date, d.date_announced
        elif into.date_announced == d.date_announced:
            into.date = _most_specific([into.date, d.date])
    into.reference = into.reference and d.reference
    into.own_kill = into.own_kill or d.own_kill
    into.method = into.method or d.method
    if into.kind in _UNSPECIFIC and d.kind not in _UNSPECIFIC:
        into.kind = d.kind
    elif into.kind is EventKind.EVENT and d.kind is EventKind.RAID and d.trigger:
        into.kind = d.kind  # a victim of an attack, then "قتل في عملية": the raid's victim


# Kinds that say nothing specific: a more specific one read in another sentence replaces them.
_UNSPECIFIC = (EventKind.RAID, EventKind.EVENT)

PRECISION_ORDER = {"date": 0, "gYearMonth": 1, "gMonthDay": 2, "gYear": 3, "gMonth": 4}


@cache
def _month_words() -> tuple[str, ...]:
    raw = cue_data("dates.json")
    return tuple(fold(clean(w)) for words in raw["months"].values() for w in words)


def explicit(v: DateValue) -> bool:
    """A date that names its month or year (not only a weekday or "yesterday")."""
    surface = fold(clean(v.surface))
    return bool(re.search(r"\d{4}", surface)) or any(w in surface for w in _month_words())


def _most_specific(values: list[DateValue]) -> DateValue | None:
    """An explicit date beats a relative one; then the most precise."""
    if not values:
        return None
    return min(
        values,
        key=lambda v: (not explicit(v), PRECISION_ORDER.get(v.precision.value, 9), v.value),
    )


def place_rank(subtype: str | None) -> int:
    """How large a kind of place is (smaller is more specific), from raid_cues.json."""
    ranks = cue_data("raid_cues.json")["place_rank"]
    return ranks.get(subtype, 1) if subtype else 1


def _place_rank(m: Mention) -> int:
    return place_rank(m.subtype)


def _mention_tokens(toks: list[Token], ms: list[Mention]) -> dict[str, tuple[int, int]]:
    """Token index span of each mention (mentions may start after a clitic inside a token)."""
    out = {}
    for m in ms:
        a = next((i for i, t in enumerate(toks) if t.end > m.start), len(toks))
        b = next((i for i, t in enumerate(toks) if t.start >= m.end), len(toks))
        out[m.key] = (a, max(b, a + 1))
    return out
