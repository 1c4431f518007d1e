"""Raids across documents: one node per real operation, every source's claims kept.

Reads RaidMentions (roles as mention keys) and the resolver's assignment; writes Raid objects.

Merging rule: two raid mentions are one operation when they share a killed, captured or
targeted person (after resolution), or, when neither names a person, the same place, a
compatible date and a shared actor. Different victims are different raids.

Conflicts: every role, place and date a document states becomes a Claim with its document and
sentence, so two sources naming different perpetrators, places or dates are all kept; the raid's
own properties are the union (dates: the most specific when all are compatible, e.g. 2019 and
2019-10 give 2019-10; every distinct date when they disagree).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from kg.extract.raids import place_rank
from kg.model import (
    Claim,
    DatePrecision,
    DateValue,
    Entity,
    EntityType,
    EventKind,
    Raid,
    RaidMention,
    Role,
)
from kg.text.slug import slugify
from kg.vocab import LABELS_AR, SIGNATURES

PERSON_ROLES = (Role.KILLED, Role.CAPTURED, Role.TARGET, Role.ESCAPED)
# When the reports of one raid disagree on its kind, the first of these wins (most specific).
KIND_ORDER = (EventKind.AIRSTRIKE, EventKind.GROUND_RAID, EventKind.AMBUSH, EventKind.CAPTURE,
              EventKind.CLASH, EventKind.RAID, EventKind.EVENT)
# The entity types each role takes: the range of its property in the ontology.
ROLE_TYPES = {role: tuple(EntityType(c) for c in SIGNATURES[role.value][1]) for role in Role}


def compatible(a: DateValue, b: DateValue) -> bool:
    """Equal, or one a prefix of the other (2019 ~ 2019-10; --10 ~ --10-19)."""
    return a.value.startswith(b.value) or b.value.startswith(a.value)


Resolved = list[tuple[RaidMention, list[tuple[Role, str]]]]


def assemble_raids(
    mentions: Sequence[RaidMention],
    assignment: Mapping[str, str],
    entities: Mapping[str, Entity],
    kb: object = None,
) -> list[Raid]:
    """Merge raid mentions into raids (see the module docstring for the rule)."""
    resolved: Resolved = []
    for rm in mentions:
        roles = _resolved_roles(rm, assignment, entities)
        if not any(r in PERSON_ROLES for r, _ in roles) and rm.kind == EventKind.EVENT:
            continue
        resolved.append((rm, roles))
    groups = _groups(resolved)
    # an earlier killing told in passing joins its victim's raid; alone it makes none
    groups = [g for g in groups if not all(resolved[i][0].reference for i in g)]
    raids = [_raid([resolved[i] for i in idx], entities, assignment) for idx in groups]
    return _unique_ids(sorted(raids, key=lambda raid: raid.id))


def _resolved_roles(
    rm: RaidMention, assignment: Mapping[str, str], entities: Mapping[str, Entity]
) -> list[tuple[Role, str]]:
    """The mention's roles as (role, entity id), of the types the ontology allows."""
    roles = []
    for role, key in rm.roles:
        eid = assignment.get(key)
        if eid is None or entities[eid].type not in ROLE_TYPES[role]:
            continue
        roles.append((role, eid))
    # a person both killed and target is killed; killed wins over wounded; an actor that
    # carried the operation out is not also its supporter (one source may say both)
    killed = {e for r, e in roles if r is Role.KILLED}
    actors = {e for r, e in roles if r is Role.PERPETRATOR}
    roles = [
        (r, e)
        for r, e in roles
        if not (r is Role.WOUNDED and e in killed) and not (r is Role.SUPPORTER and e in actors)
    ]
    return list(dict.fromkeys(roles))


def _groups(resolved: Resolved) -> list[list[int]]:
    """Which mentions report one raid: those sharing a person (killed, captured, target,
    escaped); without a person, those at the same places by a shared actor from two
    documents, with compatible dates."""
    parent = list(range(len(resolved)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_person: dict[str, int] = {}
    for i, (_, roles) in enumerate(resolved):
        for r, e in roles:
            if r not in PERSON_ROLES:
                continue
            if e in by_person:
                parent[find(i)] = find(by_person[e])
            else:
                by_person[e] = i
    unnamed: dict[tuple[str, ...], int] = {}
    for i, (rm, roles) in enumerate(resolved):
        places = tuple(sorted(e for r, e in roles if r is Role.LOCATION))
        if any(r in PERSON_ROLES for r, _ in roles) or not places:
            continue
        j = unnamed.get(places)
        if j is not None and _same_unnamed(rm, roles, *resolved[j]):
            parent[find(i)] = find(j)
            continue
        unnamed[places] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(resolved)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _same_unnamed(
    rm: RaidMention, roles: list[tuple[Role, str]], rj: RaidMention,
    roles_j: list[tuple[Role, str]],
) -> bool:
    """Two raids without a named person at the same places: one when two documents tell of
    it, a shared actor carried it out and the dates do not contradict each other."""
    actors = {e for r, e in roles if r is Role.PERPETRATOR}
    actors_j = {e for r, e in roles_j if r is Role.PERPETRATOR}
    dates_ok = rm.date is None or rj.date is None or compatible(rm.date, rj.date)
    return bool(dates_ok and actors & actors_j and rm.doc_id != rj.doc_id)


def _unique_ids(raids: list[Raid]) -> list[Raid]:
    """Ids made unique in order: a repeated id gets -2, -3, ..."""
    used: set[str] = set()
    out = []
    for raid in raids:
        rid, n = raid.id, 2
        while rid in used:
            rid = f"{raid.id}-{n}"
            n += 1
        used.add(rid)
        out.append(_replace_id(raid, rid))
    return out


def _replace_id(r: Raid, rid: str) -> Raid:
    from dataclasses import replace

    return replace(r, id=rid)


def _dates(values: list[DateValue]) -> tuple[DateValue, ...]:
    """The raid's date: the most specific when all sources agree, else what they share.

    Sources that disagree (2019-10-26 and 2019-10-27) give the date at the precision they
    share (2019-10), or none (2019 and 2020); each source's own date stays a claim, and the
    ``date-conflicts`` query lists such raids.
    """
    distinct = list(dict.fromkeys(values))
    if not distinct:
        return ()
    if all(compatible(a, b) for a in distinct for b in distinct):
        return (max(distinct, key=lambda d: (len(d.value), d.value)),)
    shared = _shared_date(distinct)
    return (shared,) if shared is not None else ()


def _parts(v: DateValue) -> tuple[str | None, str | None, str | None]:
    """(year, month, day) of a date's lexical form, None where the form has none."""
    if v.value.startswith("--"):
        md = v.value[2:].split("-")
        return None, md[0], md[1] if len(md) > 1 else None
    ymd = v.value.split("-")
    return ymd[0], ymd[1] if len(ymd) > 1 else None, ymd[2] if len(ymd) > 2 else None


def _shared_date(values: list[DateValue]) -> DateValue | None:
    """The date at the precision every value shares: equal years, then equal months."""
    parts = [_parts(v) for v in values]
    years = {y for y, _, _ in parts}
    months = {m for _, m, _ in parts}
    year = next(iter(years)) if len(years) == 1 else None
    month = next(iter(months)) if len(months) == 1 else None
    if year is not None and month is not None:
        return DateValue(f"{year}-{month}", DatePrecision.YEAR_MONTH)
    if year is not None:
        return DateValue(year, DatePrecision.YEAR)
    if month is not None and years == {None}:
        return DateValue(f"--{month}", DatePrecision.MONTH)
    return None


def _raid(
    items: list[tuple[RaidMention, list[tuple[Role, str]]]],
    entities: Mapping[str, Entity],
    assignment: Mapping[str, str],
) -> Raid:
    claims: list[Claim] = []
    roles: dict[Role, list[str]] = {r: [] for r in Role}
    dates: list[DateValue] = []  # operation dates
    announced: list[DateValue] = []  # announcement dates: the raid's date only without others
    kinds: Counter[EventKind] = Counter()
    casualties = []
    method = None
    for rm, rs in sorted(items, key=lambda t: (t[0].doc_id, t[0].sentences)):
        kinds[rm.kind] += 1
        method = method or rm.method
        casualties += list(rm.casualties)
        for r, e in rs:
            if e not in roles[r]:
                roles[r].append(e)
            claims.append(Claim(r, e, rm.doc_id, rm.evidence))
        for r, key, hedge in rm.hedged:
            hedged = assignment.get(key)
            if hedged is not None and hedged in entities and entities[hedged].type in ROLE_TYPES[r]:
                claims.append(Claim(r, hedged, rm.doc_id, rm.evidence, hedge))
        if rm.date is not None:
            (announced if rm.date_announced else dates).append(rm.date)
            claims.append(Claim("date", rm.date.value, rm.doc_id, rm.evidence))
    kind = min(kinds, key=KIND_ORDER.index)
    # the raid's place is the most specific one stated; the others stay as claims
    if roles[Role.LOCATION]:
        ranks = {e: _rank(entities.get(e)) for e in roles[Role.LOCATION]}
        best = min(ranks.values())
        roles[Role.LOCATION] = [e for e in roles[Role.LOCATION] if ranks[e] == best]
    docs = tuple(sorted({rm.doc_id for rm, _ in items}))
    evidence = tuple(dict.fromkeys(rm.evidence for rm, _ in items))
    date_values = _dates(dates or announced)
    victims = roles[Role.KILLED] + roles[Role.CAPTURED] + roles[Role.TARGET]
    name_part = victims[0] if victims else (roles[Role.LOCATION] or ["unknown"])[0]
    date_part = date_values[0].value.lstrip("-") if date_values else "undated"
    name_slug = slugify(entities[name_part].label_ar) if name_part in entities else name_part
    rid = f"raid-{slugify(date_part)}-{name_slug}"
    label = _label(kind, roles, date_values, entities)
    return Raid(
        id=rid,
        kind=kind,
        perpetrators=tuple(roles[Role.PERPETRATOR]),
        supporters=tuple(e for e in roles[Role.SUPPORTER] if e not in roles[Role.PERPETRATOR]),
        escaped=tuple(roles[Role.ESCAPED]),
        targets=tuple(roles[Role.TARGET]),
        killed=tuple(roles[Role.KILLED]),
        wounded=tuple(roles[Role.WOUNDED]),
        captured=tuple(roles[Role.CAPTURED]),
        locations=tuple(roles[Role.LOCATION]),
        dates=date_values,
        method=method,
        casualties=tuple(dict.fromkeys(casualties)),
        evidence=evidence,
        docs=docs,
        claims=tuple(dict.fromkeys(claims)),
        label_ar=label,
    )


def _rank(e: Entity | None) -> int:
    """How large a place is (smaller is more specific); unknown places count as towns."""
    if e is None:
        return 9
    return min((place_rank(s) for s in e.subtypes), default=1)


def _label(
    kind: EventKind,
    roles: dict[Role, list[str]],
    dates: tuple[DateValue, ...],
    entities: Mapping[str, Entity],
) -> str:
    parts = [LABELS_AR[str(kind)]]  # the kind's Arabic name, from the ontology
    names = lambda ids: "، ".join(entities[i].label_ar for i in ids if i in entities)  # noqa: E731
    if roles[Role.KILLED]:
        parts.append("مقتل " + names(roles[Role.KILLED]))
    elif roles[Role.CAPTURED]:  # "عملية اعتقال X", not "عملية اعتقال اعتقال X"
        prefix = "" if kind == EventKind.CAPTURE else "اعتقال "
        parts.append(prefix + names(roles[Role.CAPTURED]))
    elif roles[Role.TARGET]:
        parts.append("استهداف " + names(roles[Role.TARGET]))
    if roles[Role.LOCATION]:
        parts.append("في " + names(roles[Role.LOCATION][:1]))
    if dates:
        parts.append(dates[0].value)
    return " ".join(parts)
