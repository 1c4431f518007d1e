"""Alias resolution as pairwise judgements (after nomenklatura).

Reads Mentions (with their base forms and knowledge-base ids), the alias statements the
patterns found, and the curated judgements; returns one Entity per real-world referent and the
mention -> entity assignment.

How it decides:
1. Positive evidence, strongest first, each a Judgement kept with its sentence:
   ``curated`` (the judgements file), ``cue`` (the text states it: المعروف باسم, الملقب ...),
   ``kb`` (same curated entry), ``same-name`` (identical full name; single-word person names
   only within one article), ``spelling`` (same kunya and given name, other words spelling
   variants: القرشي / القريشي, مغاوير / مغاورير), then ``short-form`` (a word or part of a name
   used alone that fits exactly one fuller name of the same type in the same article:
   البغدادي, القحطاني; a first name or nisba shared by two people stays apart).
2. Clusters are connected components of the positives, built with a union-find; before two
   clusters join, the guards run and a failed guard records a negative judgement that blocks the
   merge for good: different curated entries; different kunyas (أبو حفص vs أبو الحسن, even when
   every nisba matches); different given names of two full names (a father and his son named
   after him); a curated negative between any of their names. Types never mix (جاسم the man is
   not جاسم the town). Only ``curated`` and ``cue`` evidence may cross the kunya and given-name
   guards (a man is "known also as" another name).
3. The canonical id and label: the curated entry's id and Arabic label when there is one;
   otherwise the fullest name (most words, then most mentions, then alphabetical), slugified.

Blocking keeps it near linear: exact names by hash, spelling variants only within a block of
the same type, kunya/given name and length, short forms only within one article.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.extract.cues import word_set
from kg.extract.patterns import ARMED_FORCES_HEADS
from kg.model import (
    AliasStatement,
    Entity,
    EntityType,
    Evidence,
    Judgement,
    Mention,
    MergeRule,
    Verdict,
    kb_ref,
)
from kg.resolve.judgements import JudgementIndex
from kg.text.names import NameParts, parse_name, spelling_variants
from kg.text.normalize import clean, match_key, strip_quotes
from kg.text.slug import slugify

# A nisba shared by more clusters than this is common (العراقي): no sign that two men might be one,
# so no "kept apart" judgement is recorded for its pairs (it also keeps the pass linear).
NEAR_NAME_BLOCK = 12

R = MergeRule
STRENGTH = {R.CURATED: 100, R.CUE: 95, R.KB: 90, R.SAME_NAME: 80, R.SPELLING: 60, R.SHORT_FORM: 50}
CROSSES_GUARDS = frozenset({R.CURATED, R.CUE})
# Rules whose merge is logged even between identical names (the evidence is worth keeping).
ALWAYS_LOGGED = frozenset({R.CUE, R.CURATED, R.SPELLING, R.SHORT_FORM})


@dataclass(frozen=True, slots=True)
class Edge:
    """A proposed merge: mentions ``left`` and ``right`` (indices into the resolver's mention
    list) name one entity by ``rule``; ``detail`` is the cue phrase, the curated reason or the
    curated entry. Edges are tried strongest first."""

    left: int
    right: int
    rule: MergeRule
    detail: str = ""

    @property
    def order(self) -> tuple[int, int, int]:
        return (-STRENGTH[self.rule], self.left, self.right)


@dataclass(frozen=True, slots=True)
class KbInfo:
    """What the resolver needs of a curated entry."""

    id: str
    label_ar: str
    label_en: str | None = None
    aliases_ar: tuple[str, ...] = ()
    subtype: str | None = None
    same_as: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    # the label is one name among equals (GeoNames lists ترابلس before طرابلس): the form the
    # documents use most is the label instead
    label_from_text: bool = False


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolver's result."""

    entities: tuple[Entity, ...]
    assignment: Mapping[str, str]  # Mention.key -> Entity.id
    possibly_same: tuple[tuple[str, str, Evidence], ...] = ()
    judgements: tuple[Judgement, ...] = ()


@dataclass(slots=True)
class _Cluster:
    members: list[int]
    kb: set[str] = field(default_factory=set)
    kunyas: set[str] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    curated: set[str] = field(default_factory=set)  # match keys named by curated judgements


class Resolver:
    """Decides which mentions name one entity."""

    def __init__(
        self,
        kb_lookup: Callable[[str], KbInfo | None] = lambda _id: None,
        judgements: Iterable[Judgement] = (),
    ) -> None:
        self.kb_lookup = kb_lookup
        self.curated = JudgementIndex(judgements)

    # ------------------------------------------------------------------ public
    def resolve(
        self,
        mentions: Sequence[Mention],
        aliases: Sequence[AliasStatement] = (),
        sentence_text: Mapping[tuple[str, int], str] | None = None,
    ) -> Resolution:
        ms = [m for m in mentions if m.base]
        self._ms = ms
        self._parts = [parse_name(m.base) for m in ms]
        self._sent = sentence_text or {}
        self._parent = list(range(len(ms)))
        self._clusters = {i: self._new_cluster(i) for i in range(len(ms))}
        self._log: list[Judgement] = []
        self._blocked: list[Judgement] = []
        by_key = {m.key: i for i, m in enumerate(ms)}

        edges: list[Edge] = self._curated_edges()
        for a in aliases:
            if a.left in by_key and a.right in by_key:
                edges.append(Edge(by_key[a.left], by_key[a.right], R.CUE, a.cue))
        edges += self._group_edges()
        edges += self._spelling_edges()
        edges.sort(key=lambda e: e.order)
        for edge in edges:
            self._union(edge.left, edge.right, edge.rule, edge.detail)
        self._short_forms()
        self._short_kunyas()
        self._kept_apart()
        return self._build()

    # ------------------------------------------------------------------ evidence
    def _new_cluster(self, i: int) -> _Cluster:
        m, p = self._ms[i], self._parts[i]
        c = _Cluster([i], keys={p.key})
        key = match_key(m.base)
        if key in self.curated.keys:
            c.curated.add(key)
        if m.kb_id:
            c.kb.add(m.kb_id)
        if p.kunya_key:
            c.kunyas.add(p.kunya_key)
        elif m.type is EntityType.PERSON and len(p.tokens) >= 2:
            c.firsts.add(p.first)
        return c

    def _curated_edges(self) -> list[Edge]:
        if not self.curated.keys:
            return []
        index: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(self._ms):
            for k in (match_key(m.base), kb_ref(m.kb_id) if m.kb_id else None):
                if k in self.curated.keys:
                    index[k].append(i)
        out = []
        for j in self.curated:
            if j.verdict is Verdict.POSITIVE and index.get(j.left) and index.get(j.right):
                out.append(Edge(index[j.left][0], index[j.right][0], R.CURATED, j.rule))
        return out

    def _group_edges(self) -> list[Edge]:
        groups: dict[tuple, list[int]] = defaultdict(list)
        for i, (m, p) in enumerate(zip(self._ms, self._parts, strict=True)):
            if m.kb_id:
                groups[("kb", m.kb_id)].append(i)
            if m.type is EntityType.PERSON and len(p.tokens) < 2:
                groups[("name", m.type, p.plain_key, m.doc_id)].append(i)
            elif m.type is EntityType.ORGANIZATION:
                groups[("name", m.type, _without_generic_head(p))].append(i)
            else:
                groups[("name", m.type, p.plain_key)].append(i)
        out = []
        for g, idx in groups.items():
            rule = R.KB if g[0] == "kb" else R.SAME_NAME
            for j in idx[1:]:
                out.append(Edge(idx[0], j, rule, g[1] if rule is R.KB else ""))
        return out

    def _spelling_edges(self) -> list[Edge]:
        blocks: dict[tuple, dict[str, int]] = defaultdict(dict)
        for i, (m, p) in enumerate(zip(self._ms, self._parts, strict=True)):
            if len(p.tokens) >= 2:
                blocks[(m.type, p.kunya_key or p.first, len(p.tokens))].setdefault(p.plain_key, i)
        out = []
        for names in blocks.values():
            items = sorted(names.items())
            for a in range(len(items)):
                for b in range(a + 1, len(items)):
                    i, j = items[a][1], items[b][1]
                    if spelling_variants(self._parts[i], self._parts[j]):
                        out.append(Edge(i, j, R.SPELLING))
        return out

    def _short_forms(self) -> None:
        """A name used alone joins the one fuller name of its article that contains it."""
        by_doc: dict[tuple[str, EntityType], list[int]] = defaultdict(list)
        for i, m in enumerate(self._ms):
            by_doc[(m.doc_id, m.type)].append(i)
        for (_doc, etype), idx in sorted(by_doc.items()):
            if etype is EntityType.PLACE:
                continue
            full = [i for i in idx if len(self._parts[i].tokens) >= 2]
            for i in idx:
                p = self._parts[i]
                cands = {
                    self._find(j)
                    for j in full
                    if len(self._parts[j].tokens) > len(p.tokens)
                    and _contains(self._parts[j], p, etype)
                }
                cands.discard(self._find(i))
                if len(cands) == 1:
                    target = min(self._clusters[next(iter(cands))].members)
                    self._union(i, target, R.SHORT_FORM, "")
                elif len(cands) > 1:
                    names = sorted(self._ms[min(self._clusters[c].members)].base for c in cands)
                    self._blocked.append(
                        Judgement(
                            self._ms[i].base,
                            " / ".join(names),
                            Verdict.UNSURE,
                            "short-form-ambiguous",
                            self._evidence(i, "short-form-ambiguous"),
                        )
                    )

    def _kept_apart(self) -> None:
        """Record why persons who share a nisba stay apart: one negative judgement a pair.

        Names in different blocks (different kunyas, different curated entries) are never
        proposed for a merge, so no guard ever ran between them; yet an analyst asking why the
        four «القرشي» caliphs are four people needs the reason on record (``kg explain``).
        """
        blocks = self._nisba_blocks()
        done: set[tuple[int, int]] = set()
        for _token, roots in sorted(blocks.items()):
            if not 2 <= len(roots) <= NEAR_NAME_BLOCK:
                continue
            reps = sorted((self._representative(r) for r in roots), key=lambda i: self._ms[i].key)
            for x, i in enumerate(reps):
                for j in reps[x + 1 :]:
                    if (i, j) in done:
                        continue
                    done.add((i, j))
                    why = self._apart(self._clusters[self._find(i)], self._clusters[self._find(j)])
                    if why:
                        self._blocked.append(Judgement(
                            self._ms[i].base, self._ms[j].base, Verdict.NEGATIVE, why,
                            self._evidence(j, why),
                        ))

    def _nisba_blocks(self) -> dict[str, set[int]]:
        """Each nisba (a word with the article after the kunya or given name) -> the clusters
        of persons whose names, or whose curated entry's names, carry it."""
        blocks: dict[str, set[int]] = defaultdict(set)
        for i, (m, p) in enumerate(zip(self._ms, self._parts, strict=True)):
            if m.type is EntityType.PERSON and len(p.tokens) >= 2:
                for token in p.rest:
                    if token.startswith("ال"):
                        blocks[token].add(self._find(i))
        # a curated entry's other names count too (البغدادي is also «… الحسيني القرشي»)
        for root, cluster in self._clusters.items():
            if self._ms[root].type is not EntityType.PERSON:
                continue
            for curated in sorted(cluster.kb):
                info = self.kb_lookup(curated)
                for alias in info.aliases_ar if info else ():
                    for token in parse_name(alias).rest:
                        if token.startswith("ال"):
                            blocks[token].add(root)
        return blocks

    def _representative(self, root: int) -> int:
        """The mention with the fullest name of a cluster (most words, then its key)."""
        members = self._clusters[root].members
        return max(members, key=lambda k: (len(self._parts[k].tokens), self._ms[k].key))

    def _apart(self, a: _Cluster, b: _Cluster) -> str | None:
        """Every guard that keeps clusters a and b apart, joined; None if nothing does."""
        reasons = [self._guard(a, b, None)]
        if a.kunyas and b.kunyas and not a.kunyas & b.kunyas:
            reasons.append("different-kunya")
        found = [r for r in dict.fromkeys(reasons) if r]
        return "; ".join(found) if found else None

    def _short_kunyas(self) -> None:
        """A kunya with its nisbas written short (أبو الحسين الحسيني) joins the one fuller
        name of the corpus that starts with it (أبو الحسين الحسيني القرشي), in any article:
        a kunya and a nisba already tell people apart, so the fuller name is the same man
        when it is the only one. Two fuller names (two men) leave it alone. Guards apply."""
        persons = [
            i
            for i, (m, p) in enumerate(zip(self._ms, self._parts, strict=True))
            if m.type is EntityType.PERSON and p.kunya and len(p.plain) >= 3
        ]
        longer: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in persons:
            plain = self._parts[i].plain
            for n in range(3, len(plain)):
                longer[plain[:n]].append(i)
        for i in persons:
            fuller = longer.get(self._parts[i].plain)
            if not fuller:
                continue
            roots = {self._find(j) for j in fuller}
            roots.discard(self._find(i))
            if len(roots) == 1:
                target = min(self._clusters[next(iter(roots))].members)
                self._union(i, target, R.SHORT_FORM, "kunya")

    # ------------------------------------------------------------------ union-find
    def _find(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def _evidence(self, i: int, rule: str) -> Evidence:
        m = self._ms[i]
        return Evidence(m.doc_id, self._sent.get((m.doc_id, m.sentence), ""), rule)

    def _guard(self, a: _Cluster, b: _Cluster, rule: MergeRule | None) -> str | None:
        """Why clusters a and b must stay apart, or None (``rule``: the merge proposed, or
        None when no merge is, only the question asked)."""
        if self._ms[a.members[0]].type is not self._ms[b.members[0]].type:
            return "different-type"
        if a.kb and b.kb and not a.kb & b.kb:
            return "different-kb-entry"
        # only names that occur in some curated judgement can be blocked by one
        for x in a.curated:
            for y in b.curated:
                j = self.curated.get(x, y)
                if j is not None and j.verdict is Verdict.NEGATIVE:
                    return f"curated-negative: {j.rule}"
        for ka in a.kb:
            for kb in b.kb:
                j = self.curated.get(kb_ref(ka), kb_ref(kb))
                if j is not None and j.verdict is Verdict.NEGATIVE:
                    return f"curated-negative: {j.rule}"
        if rule in CROSSES_GUARDS:
            return None
        if a.kunyas and b.kunyas and not a.kunyas & b.kunyas:
            return "different-kunya"
        if a.firsts and b.firsts and not a.firsts & b.firsts:
            return "different-given-name"
        return None

    def _union(self, i: int, j: int, rule: MergeRule, detail: str) -> bool:
        ri, rj = self._find(i), self._find(j)
        if ri == rj:
            return True
        a, b = self._clusters[ri], self._clusters[rj]
        mi, mj = self._ms[i], self._ms[j]
        why = self._guard(a, b, rule)
        label = f"{rule}:{detail}" if detail else str(rule)
        if why:
            self._blocked.append(
                Judgement(mi.base, mj.base, Verdict.NEGATIVE, why, self._evidence(j, why))
            )
            return False
        if len(a.members) < len(b.members):
            ri, rj, a, b = rj, ri, b, a
        self._parent[rj] = ri
        a.members += b.members
        a.kb |= b.kb
        a.kunyas |= b.kunyas
        a.firsts |= b.firsts
        a.keys |= b.keys
        a.curated |= b.curated
        del self._clusters[rj]
        if mi.base != mj.base or rule in ALWAYS_LOGGED:
            self._log.append(
                Judgement(mi.base, mj.base, Verdict.POSITIVE, label, self._evidence(j, label))
            )
        return True

    # ------------------------------------------------------------------ entities
    def _build(self) -> Resolution:
        clusters = sorted(
            self._clusters.values(), key=lambda c: min(self._ms[i].key for i in c.members)
        )
        root_of = {i: self._find(i) for i in range(len(self._ms))}
        log_by_root: dict[int, list[Judgement]] = defaultdict(list)
        key_to_idx: dict[str, int] = {}
        for i, m in enumerate(self._ms):
            key_to_idx.setdefault(m.base, i)
        for jd in self._log + self._blocked:
            for name in (jd.left, jd.right):
                if name in key_to_idx:
                    log_by_root[root_of[key_to_idx[name]]].append(jd)
        used: set[str] = set()
        entities = []
        assignment: dict[str, str] = {}
        possibly: list[tuple[str, str, Evidence]] = []
        for c in clusters:
            ent = self._entity(c, used, log_by_root[self._find(c.members[0])])
            used.add(ent.id)
            entities.append(ent)
            for i in c.members:
                assignment[self._ms[i].key] = ent.id
        entities.sort(key=lambda e: e.id)
        possibly = self._possibly_same(assignment)
        return Resolution(
            tuple(entities), assignment, tuple(possibly), tuple(self._log + self._blocked)
        )

    def _possibly_same(self, assignment: Mapping[str, str]) -> list[tuple[str, str, Evidence]]:
        """Curated ``unsure`` pairs whose names both occur: suggested, not established."""
        by_key: dict[str, set[str]] = defaultdict(set)
        for m in self._ms:
            by_key[match_key(m.base)].add(assignment[m.key])
            if m.kb_id:
                by_key[kb_ref(m.kb_id)].add(assignment[m.key])
        out = []
        for j in self.curated:
            if j.verdict is not Verdict.UNSURE:
                continue
            for a in sorted(by_key.get(j.left, ())):
                for b in sorted(by_key.get(j.right, ())):
                    if a != b:
                        out.append((a, b, Evidence("", j.rule, "curated-unsure")))
        return out

    def _entity(self, c: _Cluster, used: set[str], log: list[Judgement]) -> Entity:
        ms = [self._ms[i] for i in sorted(c.members)]
        etype = ms[0].type
        counts = Counter(clean(m.base) for m in ms)
        forms = set(counts)
        for m in ms:  # a name written joined (أبوياسر العيساوي) keeps that spelling as an alias
            written = clean(strip_quotes(m.surface))
            if written != clean(m.base) and written.replace(" ", "") == clean(m.base).replace(
                " ", ""
            ):
                forms.add(written)
        info = None
        for kb_id in sorted(c.kb):
            info = self.kb_lookup(kb_id)
            if info:
                break
        if info:
            label = info.label_ar
            if info.label_from_text:
                listed = {clean(a) for a in info.aliases_ar}
                used_forms = [n for n in counts if n in listed]
                if used_forms:
                    label = max(used_forms, key=lambda n: (counts[n], n))
            base_id = info.id
        else:
            label = max(counts, key=lambda n: (len(parse_name(n).tokens), counts[n], n))
            prefix = {"Person": "", "Organization": "org-", "Place": "place-"}[etype.value]
            base_id = prefix + slugify(label, fallback=etype.value.lower())
        ent_id = base_id
        n = 2
        while ent_id in used:
            ent_id = f"{base_id}-{n}"
            n += 1
        aliases = forms | set(info.aliases_ar if info else ())
        aliases.discard(label)
        subtypes = sorted(
            {m.subtype for m in ms if m.subtype}
            | ({info.subtype} if info and info.subtype else set())
        )
        unique_log = list(dict.fromkeys(log))
        if info:
            # names the curated entry adds: the entry itself is the evidence
            seen = {clean(m.base) for m in ms}
            for alias in sorted(set(info.aliases_ar) - seen - {label}):
                unique_log.append(
                    Judgement(label, alias, Verdict.POSITIVE, kb_ref(info.id), None, "curated")
                )
        return Entity(
            id=ent_id,
            type=etype,
            label_ar=label,
            aliases_ar=tuple(sorted(aliases)),
            label_en=info.label_en if info else None,
            subtypes=tuple(subtypes),
            same_as=info.same_as if info else (),
            docs=tuple(sorted({m.doc_id for m in ms})),
            mentions=tuple(sorted(m.key for m in ms)),
            judgements=tuple(unique_log),
            lat=info.lat if info else None,
            lon=info.lon if info else None,
        )


def _without_generic_head(p: NameParts) -> str:
    """An organisation's name without a generic head (تنظيم، جماعة، حركة ...) when at least
    two words are left: تنظيم حراس الدين, جماعة حراس الدين and حراس الدين are one name; حركة
    الشباب is not الشباب (one word left: too common alone). "The army" and "the forces" of
    one nationality are one name too (الجيش الليبي، القوات الليبية)."""
    if len(p.tokens) >= 3 and p.tokens[0] in word_set("generic_org_heads"):
        return " ".join(p.tokens[1:])
    if len(p.tokens) == 2 and p.tokens[0] in ARMED_FORCES_HEADS:
        from kg.extract.kb import load_kb

        country = load_kb().demonym(p.tokens[1])
        if country:
            return f"armed forces of {country}"
    return p.key


def _contains(full: NameParts, short: NameParts, etype: EntityType) -> bool:
    """Whether ``short`` is a part of ``full`` used alone (same kunya where it has one)."""
    if short.kunya and short.kunya_key != full.kunya_key:
        return False
    if etype is EntityType.ORGANIZATION:
        # "القيادة المركزية" in "القيادة المركزية الأمريكية"; "حراس الدين" in "تنظيم حراس الدين"
        n = len(short.tokens)
        return full.tokens[:n] == short.tokens or (
            full.tokens[0] in word_set("generic_org_heads") and full.tokens[1:] == short.tokens
        )
    it = iter(full.plain)
    return all(t in it for t in short.plain)
