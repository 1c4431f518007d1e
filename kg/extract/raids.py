"""Raid detection: operations against a target, their roles, method, date and place.

Reads a Document, its Sentences and the combined Mentions; returns RaidMentions whose roles
point to mention keys. Cue words live in ``kg/data/raid_cues.json``.

The rules, per sentence:
- a sentence speaks of a raid when it has a trigger (غارة، ضربة، عملية، إنزال، مداهمة، اشتباك،
  قصف، استهداف، اعتقال ...) or a kill/capture cue with a named person;
- a person is ``killed`` when a kill cue (مقتل، قتل، تصفية، تحييد، فجّر) stands before it with no
  other person between, or a passive/intransitive kill (قُتل، لقي مصرعه، فجّر ... نفسه) follows it;
  likewise ``captured`` (اعتقال، أسر، القبض على), ``wounded`` (إصابة) and ``target`` (استهدفت);
- an organisation (or a country acting as a state) is a ``perpetrator`` when a perpetrator cue
  stands right before it (نفذت، شنت، على يد، بالتعاون مع ...) or it is the subject of an active
  kill verb (القوات الأميركية قتلت ...); never when it follows في/ضد/باسم or a membership word;
- places of the sentence are locations, except reference points of a direction (جنوب أطمة):
  the most specific stated place is kept (region of a country beats the country);
- the date is the event date found in the sentence (kg.text.dates), resolved against the
  publication date.
Then, within one article, mentions of one raid are joined: the same named victim, or a
sentence without a named person next to one with a person (at most two sentences apart, the
nearer one first, the previous one when the sentence refers back: هذه العملية).
A sentence whose only trigger is an attack by the group (هجوم، تفجير) is an Event, not a raid.

Limits: roles come from word order, not syntax; two raids told in one sentence become one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from kg.extract.cues import _phrases, _raw, first_phrase, match_phrase, word_set
from kg.model import DateValue, Document, EntityType, Mention, RaidMention, Role, Sentence
from kg.text.dates import check_published, find_dates
from kg.text.normalize import clean, fold
from kg.text.tokens import Token, tokenize

KILL_WINDOW = 12
PERP_WINDOW = 4
NUMBER_RE = re.compile(r"^\d+$")


@dataclass(frozen=True, slots=True)
class RaidCues:
    """Folded cue phrases of raid detection."""

    triggers: tuple[tuple[tuple[str, ...], str], ...]  # (phrase, kind)
    event_triggers: tuple[tuple[str, ...], ...]
    kill_before: tuple[tuple[str, ...], ...]
    kill_after: tuple[tuple[str, ...], ...]
    capture_before: tuple[tuple[str, ...], ...]
    wound_before: tuple[tuple[str, ...], ...]
    target_before: tuple[tuple[str, ...], ...]
    perpetrator_before: tuple[tuple[str, ...], ...]
    perpetrator_after: tuple[tuple[str, ...], ...]
    not_perpetrator_before: frozenset[str]
    anaphora: tuple[tuple[str, ...], ...]
    methods: tuple[tuple[tuple[str, ...], str], ...]
    number_words: dict[str, int]


@cache
def load_raid_cues() -> RaidCues:
    raw = _raw("raid_cues.json")
    triggers = sorted(
        ((p, kind) for kind, words in raw["triggers"].items() for p in _phrases(words)),
        key=lambda t: (-len(t[0]), t),
    )
    methods = sorted(
        ((p, kind) for kind, words in raw["methods"].items() for p in _phrases(words)),
        key=lambda t: (-len(t[0]), t),
    )
    return RaidCues(
        triggers=tuple(triggers),
        event_triggers=_phrases(raw["event_triggers"]),
        kill_before=_phrases(raw["kill_before"]),
        kill_after=_phrases(raw["kill_after"]),
        capture_before=_phrases(raw["capture_before"]),
        wound_before=_phrases(raw["wound_before"]),
        target_before=_phrases(raw["target_before"]),
        perpetrator_before=_phrases(raw["perpetrator_before"]),
        perpetrator_after=_phrases(raw["perpetrator_after"]),
        not_perpetrator_before=frozenset(fold(clean(w)) for w in raw["not_perpetrator_before"]),
        anaphora=_phrases(raw["anaphora"]),
        methods=tuple(methods),
        number_words={fold(clean(k)): v for k, v in raw["number_words"].items()},
    )


@cache
def _militaries() -> tuple[dict[str, str], frozenset[str]]:
    raw = _raw("kb/militaries.json")
    return raw["militaries"], frozenset(fold(clean(w)) for w in raw["force_words"])


@cache
def _phrase_list(
    entries: tuple[tuple[tuple[str, ...], str], ...],
) -> tuple[tuple[str, ...], ...]:
    """The phrases of (phrase, kind) entries, in order (one list per cue table)."""
    return tuple(p for p, _ in entries)


def _words(key: str) -> frozenset[str]:
    return word_set(key, "raid_cues.json")


def _find(norms: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """(start, end) token spans where any of ``phrases`` occurs (clitic و/ف allowed)."""
    out = []
    i = 0
    while i < len(norms):
        n = match_phrase(norms, i, phrases)
        if n:
            out.append((i, i + n))
            i += n
        else:
            i += 1
    return out


def _kill_cues(norms: list[str], cues: RaidCues) -> list[tuple[int, int]]:
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


@dataclass(slots=True)
class _Draft:
    sentences: list[int]
    trigger: str
    kind: str
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

    def persons(self) -> set[str]:
        return {k for r, k in self.roles if r in (Role.KILLED, Role.CAPTURED, Role.TARGET)}


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
        # the publication date, unless the text contradicts it (seed 002: a July event under a
        # November header): checked once for the whole document
        anchor = check_published(doc.text, doc.published)
        drafts = []
        for sent in sentences:
            d = self._sentence(
                anchor, doc, sent, sorted(by_sent.get(sent.index, []), key=lambda m: m.start)
            )
            if d is not None:
                drafts.append(d)
        drafts = self._join(drafts)
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
            and d.kind != "Event"
        )

    # ------------------------------------------------------------------ one sentence
    def _sentence(
        self, anchor: str | None, doc: Document, sent: Sentence, ms: list[Mention]
    ) -> _Draft | None:
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
        if trig is None and not kills and not is_event:
            return None
        span_tok = _mention_tokens(toks, ms)
        roles: list[tuple[Role, str]] = []
        persons = [(m, span_tok[m.key]) for m in ms if m.type is EntityType.PERSON]
        self._assign_persons(norms, persons, roles)
        self._assign_actors(norms, ms, span_tok, roles, persons)
        if not any(r is Role.PERPETRATOR for r, _ in roles):
            roles += self.adjectival_actors(doc.id, toks, norms, sent)
        specific = self._assign_places(norms, ms, span_tok, roles)
        has_person = any(r in (Role.KILLED, Role.CAPTURED, Role.TARGET) for r, _ in roles)
        if trig is None and not has_person:
            if not is_event:
                return None
        kind = trig[1] if trig else ("Event" if is_event else "Raid")
        plural = bool(trig) and norms[trig[0]] in _words("plural_triggers")
        if any(r is Role.CAPTURED for r, _ in roles) and not any(
            r is Role.KILLED for r, _ in roles
        ):
            kind = "CaptureOperation"
        elif kind == "CaptureOperation":
            kind = "Raid"
        method = None
        method_phrases = _phrase_list(c.methods)
        for i in range(len(norms)):
            pos = first_phrase(norms, i, method_phrases)
            if pos is not None:
                method = c.methods[pos][1]
                break
        dates = [d for d in find_dates(sent.text, anchor) if d.kind == "event"]
        anchor = (toks[trig[0]].start - sent.start) if trig else 0
        if kills and not trig:
            anchor = toks[kills[0][0]].start - sent.start
        # the date told with the operation is the one nearest its trigger (an announcement
        # date, اليوم الأحد, usually stands farther away, before the trigger)
        dates.sort(key=lambda d: (d.start < anchor, abs(d.start - anchor)))
        date = dates[0].value if dates else None
        anaphoric = bool(_find(norms, c.anaphora))
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
            distance_date={sent.index: date} if date else {},
            specific_place=specific,
        )

    def _assign_persons(
        self,
        norms: list[str],
        persons: list[tuple[Mention, tuple[int, int]]],
        roles: list[tuple[Role, str]],
    ) -> None:
        c = self.cues
        cue_sets = (
            (Role.KILLED, _kill_cues(norms, c)),
            (Role.CAPTURED, _find(norms, c.capture_before)),
            (Role.WOUNDED, _find(norms, c.wound_before)),
            (Role.TARGET, _find(norms, c.target_before)),
        )
        starts = [a for _, (a, _) in persons]
        breaks = [
            i
            for i, n in enumerate(norms)
            if n in _words("speech_verbs") or (n[:1] in "وف" and n[1:] in _words("speech_verbs"))
        ]
        starts = starts + breaks
        for m, (a, b) in persons:
            best: tuple[int, Role] | None = None
            for role, spans in cue_sets:
                for _s, e in spans:
                    if e <= a and a - e <= KILL_WINDOW and not any(e <= x < a for x in starts):
                        dist = a - e
                        if best is None or dist < best[0]:
                            best = (dist, role)
            if best is None:
                for s, e in _find(norms, c.kill_after):
                    plural = norms[e - 1].endswith(("ا", "وا"))  # قتلا / قتلوا: X وY قتلا
                    between = [x for x in starts if b <= x < s]
                    coordinated = plural and all(norms[x][:1] == "و" for x in between)
                    if (
                        s >= b
                        and s - b <= (KILL_WINDOW if coordinated else 6)
                        and (not between or coordinated)
                    ):
                        best = (s - b, Role.KILLED)
                        break
            if best is not None:
                roles.append((best[1], m.key))

    def _assign_actors(
        self,
        norms: list[str],
        ms: list[Mention],
        span_tok: dict[str, tuple[int, int]],
        roles: list[tuple[Role, str]],
        persons: list[tuple[Mention, tuple[int, int]]],
    ) -> None:
        c = self.cues
        before = _find(norms, c.perpetrator_before)
        after = _find(norms, c.perpetrator_after)
        for m in ms:
            if m.type is EntityType.PERSON:
                continue
            if m.type is EntityType.PLACE and m.subtype != "Country":
                continue
            a, b = span_tok[m.key]
            prev = norms[a - 1] if a > 0 else ""
            if prev in c.not_perpetrator_before or (a > 1 and norms[a - 2] in ("في",)):
                if not any(e == a for _, e in before):
                    continue
            is_perp = any(e <= a and a - e <= 1 for _, e in before) or any(
                s >= b and s - b <= PERP_WINDOW and all(x[:1].isalnum() for x in norms[b:s])
                for s, _ in after
            )
            # عملية للتحالف الدولي / غارة لقوات ...: the actor right after the trigger
            if a > 0 and norms[a - 1] in _words("trigger_words") and norms[a][:1] == "ل":
                is_perp = True
            if is_perp:
                roles.append((Role.PERPETRATOR, m.key))
        self._coordinated_actors(norms, ms, span_tok, roles)
        self._own_forces(norms, ms, span_tok, roles, before)

    @staticmethod
    def _coordinated_actors(
        norms: list[str],
        ms: list[Mention],
        span_tok: dict[str, tuple[int, int]],
        roles: list[tuple[Role, str]],
    ) -> None:
        """ "بين القوات العراقية والتحالف الدولي": an organisation joined by و to an actor."""
        orgs = sorted(
            (m for m in ms if m.type is EntityType.ORGANIZATION), key=lambda m: span_tok[m.key]
        )
        actors = {k for r, k in roles if r is Role.PERPETRATOR}
        for x, y in zip(orgs, orgs[1:], strict=False):
            xb, ya = span_tok[x.key][1], span_tok[y.key][0]
            if ya == xb and norms[ya][:1] == "و":
                if x.key in actors and y.key not in actors:
                    roles.append((Role.PERPETRATOR, y.key))
                    actors.add(y.key)
                elif y.key in actors and x.key not in actors:
                    roles.append((Role.PERPETRATOR, x.key))
                    actors.add(x.key)

    @staticmethod
    def _own_forces(
        norms: list[str],
        ms: list[Mention],
        span_tok: dict[str, tuple[int, int]],
        roles: list[tuple[Role, str]],
        before: list[tuple[int, int]],
    ) -> None:
        """ "قالت القيادة المركزية إنه ... نفذت قواتنا ضربة": our forces are the speaker's."""
        if any(r is Role.PERPETRATOR for r, _ in roles):
            return
        own = [e for _, e in before if e < len(norms) and norms[e] in _words("own_forces")]
        if not own:
            return
        for m in sorted(ms, key=lambda m: span_tok[m.key]):
            a, _ = span_tok[m.key]
            if (
                m.type is EntityType.ORGANIZATION
                and a < own[0]
                and any(
                    norms[j] in _words("speech_verbs") or norms[j][1:] in _words("speech_verbs")
                    for j in range(max(0, a - 2), a)
                )
            ):
                roles.append((Role.PERPETRATOR, m.key))
                return

    def adjectival_actors(
        self, doc_id: str, toks: list[Token], norms: list[str], sent: Sentence
    ) -> list[tuple[Role, str]]:
        """غارة أميركية / طائرة أمريكية: the force an adjective of nationality stands for."""
        if self.demonym is None:
            return []
        mil = _militaries()
        out = []
        for i in range(1, len(norms)):
            if norms[i - 1] not in mil[1]:
                continue
            place = self.demonym(toks[i].text)
            if place and place in mil[0]:
                out.append((Role.PERPETRATOR, f"kb:{mil[0][place]}"))
        return out

    def _assign_places(
        self,
        norms: list[str],
        ms: list[Mention],
        span_tok: dict[str, tuple[int, int]],
        roles: list[tuple[Role, str]],
    ) -> bool:
        places = []
        for m in ms:
            if m.type is not EntityType.PLACE:
                continue
            if any(k == m.key for r, k in roles if r is Role.PERPETRATOR):
                continue
            a, _ = span_tok[m.key]
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
            and span_tok[m.key][0] > 0
            and norms[span_tok[m.key][0] - 1] in _words("directions")
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
    def _join(self, drafts: list[_Draft]) -> list[_Draft]:
        """Join the sentences of one raid: shared victims, or unnamed next to named."""
        merged: list[_Draft] = []
        for d in drafts:
            target = None
            for m in merged:
                if d.persons() & m.persons():
                    target = m
                    break
            if target is not None:
                _absorb(target, d)
            else:
                merged.append(d)
        named = [d for d in merged if d.persons() - self._targets_only(d)]
        out = list(named)
        for d in merged:
            if d in named:
                continue
            s = d.sentences[0]
            if d.plural and not d.persons():
                continue  # habitual, generic operations (تشن غارات وعمليات دهم)
            if self._standalone(d):
                out.append(d)
                continue
            dist = lambda n, s=s: min(abs(s - x) for x in n.sentences)  # noqa: E731
            near = sorted(
                (n for n in named if dist(n) <= 2),
                key=lambda n: (
                    dist(n),
                    max(n.sentences) > s if d.anaphoric else min(n.sentences) < s,
                ),
            )
            if not near and d.anaphoric and len(named) == 1:
                near = named
            if near and d.kind != "Event":
                _absorb(near[0], d, close=dist(near[0]) <= 1)
            else:
                out.append(d)
        out.sort(key=lambda d: d.sentences[0])
        return out

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


def _absorb(into: _Draft, d: _Draft, close: bool = True) -> None:
    has_place = any(r is Role.LOCATION for r, _ in into.roles)
    into.sentences = sorted(set(into.sentences) | set(d.sentences))
    into.roles += [
        r
        for r in d.roles
        if r not in into.roles and (r[0] is not Role.LOCATION or close or not has_place)
    ]
    into.evidence += d.evidence
    into.casualties += d.casualties
    if close:
        into.date = _most_specific([x for x in (into.date, d.date) if x])
    into.method = into.method or d.method
    if into.kind in ("Raid", "Event") and d.kind not in ("Raid", "Event"):
        into.kind = d.kind


PRECISION_ORDER = {"date": 0, "gYearMonth": 1, "gMonthDay": 2, "gYear": 3, "gMonth": 4}


@cache
def _month_words() -> tuple[str, ...]:
    raw = _raw("dates.json")
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
    ranks = _raw("raid_cues.json")["place_rank"]
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
