"""From documents to the neutral KnowledgeGraph: extract, resolve, assemble.

Reads Documents (from kg.text.ingest), writes a KnowledgeGraph (kg.model) that the exporters
format. Per document: sentences, mentions of every extractor combined by one rule, short forms
of the names found, alias statements, raid and relation mentions. Then the resolver decides
identity across the corpus, and the raid and relation mentions are mapped to entities: raids
that share a named victim are one raid (``kg.assemble.raids``), relations keep every sentence
that states them, and facts of the curated knowledge base between entities present in the
graph are added with rule ``kb``.

Per-document work is independent, so ``extract_document`` is what parallel engines map;
``extract_documents`` does a chunk of documents, first letting the extractors that can batch
(``prepare``, the statistical tagger) work on the whole chunk at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from kg import extract
from kg.assemble.raids import assemble_raids
from kg.extract.kb import KnowledgeBase, load_kb
from kg.extract.patterns import stated_aliases
from kg.extract.raids import RaidExtractor
from kg.extract.relations import RelationExtractor, load_relation_cues
from kg.extract.shortforms import find_short_forms
from kg.model import (
    AliasStatement,
    Document,
    Entity,
    EntityType,
    Evidence,
    KnowledgeGraph,
    Mention,
    Problem,
    RaidMention,
    Relation,
    RelationMention,
    RelationType,
    Sentence,
    kb_id,
)
from kg.resolve.judgements import load_judgements
from kg.resolve.resolver import KbInfo, Resolver
from kg.text.sentences import split_sentences
from kg.vocab import SIGNATURES

DEFAULT_EXTRACTORS = ("kb", "pattern", "crf")
# Curated facts added to the graph: the offices the knowledge base tracks. Nationality and
# place containment are only stated where the text supports them (see _place_context).
KB_FACT_PREDICATES = {"leaderOf", "successorOf"}


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """Everything read from one document, before identity is decided."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    aliases: tuple[AliasStatement, ...]
    raids: tuple[RaidMention, ...]
    relations: tuple[RelationMention, ...]


@cache
def _extractors(names: tuple[str, ...]) -> tuple[extract.Extractor, ...]:
    return tuple(extract.get(n) for n in names)


def extract_document(
    doc: Document, extractors: Sequence[str] = DEFAULT_EXTRACTORS
) -> DocumentExtraction:
    """Run every extraction step on one document (pure: no shared state is changed)."""
    kb = load_kb()
    sentences = split_sentences(doc)
    found: list[Mention] = []
    aliases: list[AliasStatement] = []
    for ex in _extractors(tuple(extractors)):
        ms, al = extract.run(ex, doc, sentences)
        found += ms
        aliases += al
    mentions = extract.combine(found)
    mentions = extract.combine([*mentions, *find_short_forms(doc, sentences, mentions)])
    aliases += stated_aliases(doc, sentences, mentions)
    raids = RaidExtractor(demonym=kb.demonym)(doc, sentences, mentions)
    relations = RelationExtractor(demonym=kb.demonym, located_in=kb.located_in)(
        doc, sentences, mentions
    )
    return DocumentExtraction(
        doc, tuple(sentences), tuple(mentions), tuple(aliases), tuple(raids), tuple(relations)
    )


def extract_documents(
    docs: Sequence[Document], extractors: Sequence[str] = DEFAULT_EXTRACTORS
) -> list[DocumentExtraction]:
    """``extract_document`` of each of ``docs``, the same results, with the extractors that
    have a ``prepare(docs)`` method (``kg.extract.Extractor``) given the chunk first."""
    for ex in _extractors(tuple(extractors)):
        prepare = getattr(ex, "prepare", None)
        if prepare is not None:
            prepare(docs)
    return [extract_document(d, extractors) for d in docs]


def kb_info(kb: KnowledgeBase) -> Callable[[str], KbInfo | None]:
    """Adapter from knowledge-base entries to what the resolver needs."""

    def lookup(kb_id: str) -> KbInfo | None:
        e = kb.get(kb_id)
        if e is None:
            return None
        return KbInfo(
            id=e.id,
            label_ar=e.label_ar,
            label_en=e.label_en,
            aliases_ar=tuple(e.aliases_ar),
            subtype=e.subtype,
            same_as=tuple(e.same_as),
            lat=e.lat,
            lon=e.lon,
            label_from_text=e.origin == "gazetteer",
        )

    return lookup


def assemble(
    extractions: Iterable[DocumentExtraction],
    problems: Sequence[Problem] = (),
    judgement_files: Sequence[str] = (),
) -> KnowledgeGraph:
    """Resolve identity across documents and assemble the graph."""
    kb = load_kb()
    exs = sorted(extractions, key=lambda e: e.document.id)
    mentions = [m for e in exs for m in e.mentions]
    aliases = [a for e in exs for a in e.aliases]
    sentence_text = {(s.doc_id, s.index): s.text for e in exs for s in e.sentences}
    resolver = Resolver(kb_info(kb), load_judgements(judgement_files))
    res = resolver.resolve(mentions, aliases, sentence_text)
    entities = {e.id: e for e in res.entities}
    assignment = dict(res.assignment)
    kb_docs: dict[str, set[str]] = defaultdict(set)  # curated entity -> documents naming it

    def entity_for(ref: str, doc_id: str) -> str | None:
        curated = kb_id(ref)
        if curated is not None:
            found = _kb_entity(kb, curated, doc_id, entities)
            if found is not None:
                kb_docs[found].add(doc_id)
            return found
        return assignment.get(ref)

    raid_mentions = [r for e in exs for r in e.raids]
    for rm in raid_mentions:  # roles named by an adjective point to curated entries
        for _, ref in rm.roles:
            curated = kb_id(ref)
            if curated is not None and entity_for(ref, rm.doc_id):
                assignment[ref] = curated
    raids = assemble_raids(raid_mentions, assignment, entities, kb)
    relations = _relations(exs, entity_for, entities)
    relations += [
        Relation(a, RelationType.POSSIBLY_SAME_AS, b, (ev,)) for a, b, ev in res.possibly_same
    ]
    # The documents that name a curated entity only by adjective, added once at the end (one
    # copy per document made ISIS, named in every article, quadratic in the corpus).
    for entry_id, docs in kb_docs.items():
        e = entities[entry_id]
        if not docs <= set(e.docs):
            entities[entry_id] = replace(e, docs=tuple(sorted(docs.union(e.docs))))
    relations = _merge_relations(relations + _kb_facts(kb, entities))
    relations = _merge_relations(relations + _implied_membership(kb, relations, entities))
    return KnowledgeGraph(
        documents=tuple(e.document for e in exs),
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        raids=tuple(raids),
        relations=tuple(relations),
        problems=tuple(problems),
    )


def _kb_entity(
    kb: KnowledgeBase, kb_id: str, doc_id: str, entities: dict[str, Entity]
) -> str | None:
    """The entity of a knowledge-base entry, created when the text names it only by adjective
    (the caller records ``doc_id`` for it)."""
    if kb_id in entities:
        return kb_id
    entry = kb.get(kb_id)
    if entry is None:
        return None
    entities[kb_id] = Entity(
        id=kb_id,
        type=EntityType(entry.type),
        label_ar=entry.label_ar,
        aliases_ar=tuple(sorted(set(entry.aliases_ar) - {entry.label_ar})),
        label_en=entry.label_en,
        subtypes=(entry.subtype,) if entry.subtype else (),
        same_as=tuple(entry.same_as),
        docs=(doc_id,),
        lat=entry.lat,
        lon=entry.lon,
    )
    return kb_id


def _relations(
    exs: Sequence[DocumentExtraction],
    entity_for: Callable[[str, str], str | None],
    entities: dict[str, Entity],
) -> list[Relation]:
    out = []
    for e in exs:
        for r in e.relations:
            s, o = entity_for(r.subject, r.doc_id), entity_for(r.object, r.doc_id)
            if s is None or o is None or s == o:
                continue
            if not _types_fit(r.predicate, entities[s].type, entities[o].type):
                continue
            out.append(Relation(s, r.predicate, o, (Evidence(r.doc_id, r.evidence, r.rule),)))
    return out


def _types_fit(p: RelationType, s: EntityType, o: EntityType) -> bool:
    """Subject and object of the types the ontology gives the property (rdfs:domain and
    rdfs:range, read into ``kg.vocab.SIGNATURES``); a property without them takes any."""
    domain, range_ = SIGNATURES.get(p.value, ((), ()))
    return (not domain or s.value in domain) and (not range_ or o.value in range_)


def _kb_facts(kb: KnowledgeBase, entities: dict[str, Entity]) -> list[Relation]:
    """Curated facts between entities present in the graph (evidence rule ``kb``)."""
    out = []
    for e in entities.values():
        entry = kb.get(e.id)
        if entry is None:
            continue
        for fact in entry.facts:
            if fact.predicate not in KB_FACT_PREDICATES:
                continue
            o = fact.object
            if o in entities and o != e.id:
                pred = RelationType(fact.predicate)
                if _types_fit(pred, e.type, entities[o].type):
                    src = "; ".join(entry.sources) if entry.sources else "curated knowledge base"
                    out.append(Relation(e.id, pred, o, (Evidence("", src, "kb"),)))
    out += _succession(kb, entities)
    return out


def _implied_membership(
    kb: KnowledgeBase, relations: list[Relation], entities: dict[str, Entity]
) -> list[Relation]:
    """memberOf beside each leaderOf read from a text: the leader of a group is one of its
    members. Not for the organisations of a state (a general commands CENTCOM, he is not
    called its member) nor for the holders of an ordered office curated in the knowledge
    base (the caliphs), whose office is the curated fact (kinds from ``relation_cues.json``).
    """
    state_kinds = load_relation_cues().state_org_subtypes
    out = []
    for r in relations:
        if r.predicate is not RelationType.LEADER_OF or all(e.rule == "kb" for e in r.evidence):
            continue  # curated facts state what they state
        org, entry = entities[r.object], kb.get(r.subject)
        if state_kinds & set(org.subtypes) or entry is not None and entry.order:
            continue
        evidence = tuple(Evidence(e.doc_id, e.text, f"implied:{e.rule}") for e in r.evidence)
        out.append(Relation(r.subject, RelationType.MEMBER_OF, r.object, evidence))
    return out


def _succession(kb: KnowledgeBase, entities: dict[str, Entity]) -> list[Relation]:
    """successorOf between consecutive holders of an ordered office present in the graph."""
    ordered = sorted(
        (entry.order, entry.id)
        for e in entities.values()
        if (entry := kb.get(e.id)) is not None and entry.order
    )
    out = []
    for (n1, a), (n2, b) in zip(ordered, ordered[1:], strict=False):
        if n2 == n1 + 1:
            out.append(
                Relation(b, RelationType.SUCCESSOR_OF, a, (Evidence("", "order of office", "kb"),))
            )
    return out


def _merge_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (s, p, o), with every evidence."""
    grouped: dict[tuple[str, RelationType, str], list[Evidence]] = defaultdict(list)
    for r in relations:
        grouped[(r.subject, r.predicate, r.object)].extend(r.evidence)
    return [
        Relation(s, p, o, tuple(dict.fromkeys(ev)))
        for (s, p, o), ev in sorted(
            grouped.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2])
        )
    ]
