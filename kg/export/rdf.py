"""RDF export: the KnowledgeGraph as triples of the kg ontology, serialised as Turtle.

Reads a ``kg.model.KnowledgeGraph``; writes an ``rdflib.Graph`` (``to_rdf``), Turtle text
(``generate_turtle``) or a file (``write_turtle``). The shape is the one of
shared/CONTRACT.md and ontology/shapes.ttl:

- entities ``kgr:<id>``, raids ``kgr:<id>``, documents ``kgr:doc/<id>``; claims
  ``kgr:<raid>/claim/<n>``, judgements ``kgr:<entity>/judgement/<n>``, reified relations
  ``kgr:stmt/<hash>``. Never a blank node, so every node is stable across builds.
- every node carries its base class and, where the ontology has one, its subclass.
- every entity carries its Latin-script name (``rdfs:label @ar-Latn``) and the
  ``kg:matchKey`` literals of its names (``kg.text.namematch``), so that ``kg query``,
  ``kg explain`` and SPARQL users find it by any spelling without reading every name.
- conflicting claims of different sources about one raid are kept as ``kg:Claim`` nodes;
  the raid's own role triples are the merged view.

Every IRI comes from ``kg.vocab`` (generated from ontology/kg.ttl). Ids are used as they are
when they are IRI-safe slugs; any other character is percent-encoded, so two different ids
never share an IRI. Output is deterministic: rdflib's Turtle serializer sorts subjects,
predicates and objects, and without blank nodes the same graph gives the same bytes.

Limits: literals are written as given (no language detection: evidence and labels are
tagged ``@ar``, titles and outlets are untagged). A raid without ``label_ar`` gets no Arabic
label and will fail the SHACL shapes: the builder must name every raid.

The way back: ``from_rdf(graph)`` and ``read_turtle(path)`` rebuild the KnowledgeGraph from
such a graph (what ``kg view`` and notebooks need), so that ``to_rdf(from_rdf(to_rdf(g)))``
is isomorphic to ``to_rdf(g)``. What the triples do not carry comes back empty or in a
canonical order: document texts and sources, mention keys, date surfaces, subtypes the
ontology lacks, the order of aliases and evidence (sorted); the pairing of the sentences,
rules and documents of one relation (a ``kg:Statement`` lists them side by side) and which of a
judgement's two rules was its evidence's are rebuilt best-effort.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.export.common import ROLE_FIELDS as _ROLE_FIELDS
from kg.export.common import safe_text
from kg.export.turtle import TurtleSink
from kg.model import (
    Claim,
    DatePrecision,
    DateValue,
    Document,
    Entity,
    EntityType,
    EventKind,
    Evidence,
    Judgement,
    KnowledgeGraph,
    Raid,
    Relation,
    RelationType,
    Role,
    Verdict,
)
from kg.text.iri import is_http_iri
from kg.text.namematch import entity_keys
from kg.text.romanize import latin_label
from kg.vocab import DCTERMS, GEO, KG, KGR, OWL, PREFIXES, PROV, RDF, RDFS, SKOS, SUPERCLASS, XSD

__all__ = [
    "date_literal",
    "document_iri",
    "entity_iri",
    "from_rdf",
    "generate_turtle",
    "kg_classes",
    "raid_classes",
    "raid_iri",
    "read_turtle",
    "to_rdf",
    "write_turtle",
]

# Characters kept as they are in an IRI local part; everything else is percent-encoded.
_SAFE_PUNCT = "-._~"
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], DatePrecision], ...] = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), DatePrecision.DATE),
    (re.compile(r"^\d{4}-\d{2}$"), DatePrecision.YEAR_MONTH),
    (re.compile(r"^\d{4}$"), DatePrecision.YEAR),
    (re.compile(r"^--\d{2}-\d{2}$"), DatePrecision.MONTH_DAY),
    (re.compile(r"^--\d{2}$"), DatePrecision.MONTH),
)
_COUNT_PROPERTY = {Role.KILLED: "killedCount", Role.WOUNDED: "woundedCount",
                   Role.CAPTURED: "capturedCount"}


def _local(identifier: str) -> str:
    """An IRI-safe local name: letters, digits and -._~ kept; anything else percent-encoded."""
    return "".join(
        ch if (ch.isalnum() or ch in _SAFE_PUNCT) else quote(ch, safe="", errors="surrogatepass")
        for ch in identifier
    )


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of an entity: ``kgr:<id>``."""
    return KGR[_local(entity_id)]


def raid_iri(raid_id: str) -> URIRef:
    """The IRI of a raid (or other event): ``kgr:<id>``."""
    return KGR[_local(raid_id)]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a document: ``kgr:doc/<id>``."""
    return KGR["doc/" + _local(doc_id)]


def _precision_of(value: str) -> DatePrecision | None:
    for pattern, precision in _DATE_PATTERNS:
        if pattern.match(value):
            return precision
    return None


def date_literal(value: str, precision: DatePrecision | None = None) -> Literal:
    """A typed date literal; the XSD type is ``precision`` or, if not given, read off the form.

    A form that is none of the five XSD date types stays a plain string, so nothing is lost
    (the SHACL shapes then flag it).
    """
    precision = precision or _precision_of(value)
    if precision is None:
        return Literal(safe_text(value))
    return Literal(value, datatype=XSD[precision.value])


def kg_classes(entity: Entity) -> list[URIRef]:
    """The base class of an entity, then every subtype the ontology knows under that base.

    A subtype is kept when it names a kg class whose chain of superclasses reaches the
    entity's base class (``ArmedGroup`` under ``Organization``); other subtypes are dropped
    from the RDF (they stay in the CSV/GEXF exports).
    """
    base = entity.type.value
    classes = [KG[base]]
    for subtype in sorted(set(entity.subtypes)):
        if _descends_from(subtype, base) and KG[subtype] not in classes:
            classes.append(KG[subtype])
    return classes


def _descends_from(name: str, base: str) -> bool:
    seen: set[str] = set()
    while name in SUPERCLASS and name not in seen:
        seen.add(name)
        name = SUPERCLASS[name]
        if name == base:
            return True
    return False


def raid_classes(raid: Raid) -> list[URIRef]:
    """``kg:Event`` for kind "Event"; else ``kg:Raid`` plus the kind's class when it is a raid."""
    if raid.kind == KG.Event.fragment:
        return [KG.Event]
    classes = [KG.Raid]
    if raid.kind != KG.Raid.fragment and _descends_from(raid.kind, KG.Raid.fragment):
        classes.append(KG[raid.kind])
    return classes


def _is_url(text: str) -> bool:
    """An http(s) IRI that rdflib and Oxigraph both accept (``kg.text.iri``); any other URL
    is written as a plain literal, since one invalid IRI makes Oxigraph refuse the file."""
    return is_http_iri(text)


def _ar(text: str) -> Literal:
    return Literal(safe_text(text), lang="ar")


def _plain(text: str) -> Literal:
    return Literal(safe_text(text))


def _statement_iri(relation: Relation) -> URIRef:
    key = "\t".join((relation.subject, relation.predicate.value, relation.object))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return KGR["stmt/" + digest]


class _Sink(Protocol):
    def add(self, triple: tuple[URIRef, URIRef, Node], /) -> object: ...


class _Builder:
    """Emits the triples of one KnowledgeGraph into a sink: an rdflib Graph (``to_rdf``) or
    a TurtleSink (``write_turtle``, which never needs the Graph's indexes)."""

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self.doc_ids: set[str] = set()

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
        self.sink.add((s, p, o))

    def derived_from(self, node: URIRef, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            if not doc_id:
                continue  # evidence from the curated knowledge base names no document
            self.doc_ids.add(doc_id)
            self.add(node, PROV.wasDerivedFrom, document_iri(doc_id))

    def entity(self, entity: Entity) -> None:
        node = entity_iri(entity.id)
        for cls in kg_classes(entity):
            self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, _ar(entity.label_ar))
        if entity.label_en:
            self.add(node, RDFS.label, Literal(safe_text(entity.label_en), lang="en"))
        latin = latin_label(entity.label_ar, entity.label_en)
        if latin:  # for readers of Latin script only: the English label, else romanised
            self.add(node, RDFS.label, Literal(safe_text(latin), lang="ar-Latn"))
        # what a query matches a name written any way by: keys of the names as written here
        shown = replace(entity, label_ar=safe_text(entity.label_ar),
                        aliases_ar=tuple(safe_text(a) for a in entity.aliases_ar),
                        label_en=safe_text(entity.label_en) if entity.label_en else None)
        for key in entity_keys(shown):
            self.add(node, KG.matchKey, Literal(safe_text(key)))
        for alias in entity.aliases_ar:
            if alias and alias != entity.label_ar:
                self.add(node, SKOS.altLabel, _ar(alias))
        for iri in entity.same_as:
            if _is_url(iri):  # a malformed IRI would make the whole file unreadable
                self.add(node, OWL.sameAs, URIRef(iri))
        if entity.description:
            self.add(node, RDFS.comment, _plain(entity.description))
        if entity.lat is not None and entity.lon is not None:
            self.add(node, GEO.lat, _decimal(entity.lat))
            self.add(node, GEO.long, _decimal(entity.lon))
        self.derived_from(node, entity.docs)
        for n, judgement in enumerate(entity.judgements, start=1):
            self.judgement(node, KGR[f"{_local(entity.id)}/judgement/{n}"], judgement)

    def judgement(self, owner: URIRef, node: URIRef, judgement: Judgement) -> None:
        self.add(owner, KG.judgement, node)
        self.add(node, RDF.type, KG.Judgement)
        self.add(node, KG.leftName, _plain(judgement.left))
        self.add(node, KG.rightName, _plain(judgement.right))
        self.add(node, KG.verdict, Literal(judgement.verdict.value))
        self.add(node, KG.rule, _plain(judgement.rule))
        self.add(node, KG.judgementSource, _plain(judgement.source))
        if judgement.evidence is not None:
            if judgement.evidence.text:
                self.add(node, KG.evidence, _ar(judgement.evidence.text))
            if judgement.evidence.rule and judgement.evidence.rule != judgement.rule:
                self.add(node, KG.rule, _plain(judgement.evidence.rule))
            self.derived_from(node, [judgement.evidence.doc_id])

    def raid(self, raid: Raid) -> None:
        node = raid_iri(raid.id)
        for cls in raid_classes(raid):
            self.add(node, RDF.type, cls)
        if raid.label_ar:
            self.add(node, RDFS.label, _ar(raid.label_ar))
        for role, field_name in _ROLE_FIELDS:
            for entity_id in getattr(raid, field_name):
                self.add(node, KG[role.value], entity_iri(entity_id))
        for entity_id in raid.supporters:
            self.add(node, KG.supportedBy, entity_iri(entity_id))
        for entity_id in raid.escaped:
            self.add(node, KG.escaped, entity_iri(entity_id))
        for date in raid.dates:
            self.add(node, KG.date, date_literal(date.value, date.precision))
        if raid.method:
            self.add(node, KG.method, _plain(raid.method))
        for role, count in raid.casualties:
            if role in _COUNT_PROPERTY:
                self.add(node, KG[_COUNT_PROPERTY[role]], Literal(count, datatype=XSD.integer))
        for sentence in raid.evidence:
            self.add(node, KG.evidence, _ar(sentence))
        self.derived_from(node, raid.docs)
        for n, claim in enumerate(raid.claims, start=1):
            self.claim(node, KGR[f"{_local(raid.id)}/claim/{n}"], claim, raid.dates)

    def claim(
        self, raid: URIRef, node: URIRef, claim: Claim, dates: tuple[DateValue, ...]
    ) -> None:
        role = claim.role.value if isinstance(claim.role, Role) else str(claim.role)
        self.add(raid, KG.claim, node)
        self.add(node, RDF.type, KG.Claim)
        self.add(node, KG.role, _plain(role))
        if role == KG.date.fragment:
            known = {d.value: d.precision for d in dates}
            self.add(node, KG.value, date_literal(claim.value, known.get(claim.value)))
        else:
            self.add(node, KG.value, entity_iri(claim.value))
        if claim.evidence:
            self.add(node, KG.evidence, _ar(claim.evidence))
        if claim.hedge:
            self.add(node, KG.hedge, _plain(claim.hedge))
        self.derived_from(node, [claim.doc_id])

    def relation(self, relation: Relation) -> None:
        s, p, o = (entity_iri(relation.subject), KG[relation.predicate.value],
                   entity_iri(relation.object))
        self.add(s, p, o)
        node = _statement_iri(relation)
        self.add(node, RDF.type, KG.Statement)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        for evidence in relation.evidence:
            if evidence.text:
                self.add(node, KG.evidence, _ar(evidence.text))
            if evidence.rule:
                self.add(node, KG.rule, _plain(evidence.rule))
        self.derived_from(node, relation.docs)

    def document(self, doc_id: str, document: Document | None) -> None:
        node = document_iri(doc_id)
        self.add(node, RDF.type, KG.Document)
        self.add(node, DCTERMS.identifier, _plain(doc_id))
        if document is None:
            return
        if document.published:
            self.add(node, DCTERMS.date, date_literal(document.published))
        if document.url:
            url = document.url.strip()
            self.add(node, DCTERMS.source, URIRef(url) if _is_url(url) else _plain(url))
        if document.outlet:
            self.add(node, DCTERMS.publisher, _plain(document.outlet))
        if document.title:
            self.add(node, DCTERMS.title, _plain(document.title))


def _decimal(value: float) -> Literal:
    """Coordinates as xsd:decimal at 6 places (~0.1 m): stable text across platforms."""
    return Literal(Decimal(f"{value:.6f}"), datatype=XSD.decimal)


def to_rdf(graph: KnowledgeGraph) -> Graph:
    """The KnowledgeGraph as an rdflib Graph with the kg prefixes bound."""
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES:
        rdf.bind(prefix, namespace, override=True, replace=True)
    _emit(graph, rdf)
    return rdf


def _emit(graph: KnowledgeGraph, sink: _Sink) -> None:
    """Every triple of ``graph`` into ``sink``."""
    builder = _Builder(sink)
    for entity in graph.entities:
        builder.entity(entity)
    for raid in graph.raids:
        builder.raid(raid)
    for relation in graph.relations:
        builder.relation(relation)
    documents = {document.id: document for document in graph.documents}
    # Every document that is referenced gets a node, known metadata or not, so no
    # prov:wasDerivedFrom ever points at an untyped IRI.
    for doc_id in sorted(builder.doc_ids | set(documents)):
        builder.document(doc_id, documents.get(doc_id))


def generate_turtle(graph: KnowledgeGraph) -> str:
    """The KnowledgeGraph as Turtle text; the same graph always gives the same text."""
    sink = TurtleSink()
    _emit(graph, sink)
    return "".join(sink.blocks())


def write_turtle(graph: KnowledgeGraph, path: str | Path) -> None:
    """Write ``generate_turtle(graph)`` to ``path`` (UTF-8), streamed block by block, with
    no rdflib Graph and no whole-file string in memory (a large build's peak was there)."""
    sink = TurtleSink()
    _emit(graph, sink)
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        sink.write(out)


# ----------------------------------------------------------------------------- reading back

_KGR_PREFIX = str(KGR)
_DOC_PREFIX = _KGR_PREFIX + "doc/"
_PRECISION_OF_TYPE = {XSD[p.value]: p for p in DatePrecision}
_ROLE_OF_COUNT = {prop: role for role, prop in _COUNT_PROPERTY.items()}
_BASE_TYPES = {KG[t.value]: t for t in EntityType}


def _id_of(node: Node) -> str:
    """The id behind ``kgr:<id>`` (percent-decoding what ``_local`` encoded)."""
    text = str(node)
    if text.startswith(_DOC_PREFIX):
        return unquote(text[len(_DOC_PREFIX):])
    if text.startswith(_KGR_PREFIX):
        return unquote(text[len(_KGR_PREFIX):])
    return text


def _kg_term(node: Node) -> str | None:
    """The local name of a kg ontology term (``kg:Airstrike`` -> "Airstrike"), else None."""
    text = str(node)
    return text[len(str(KG)):] if isinstance(node, URIRef) and text.startswith(str(KG)) else None


def _ordinal(node: Node) -> int:
    """N of ``…/claim/N`` or ``…/judgement/N``: the order they were written in."""
    tail = str(node).rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


class _Reader:
    """Reads the triples ``_Builder`` writes; only ``from_rdf`` uses it."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.doc_ids: dict[Node, str] = {}
        for node in graph.subjects(RDF.type, KG.Document):
            identifier = graph.value(node, DCTERMS.identifier)
            self.doc_ids[node] = str(identifier) if identifier is not None else _id_of(node)

    def texts(self, node: Node, prop: URIRef, lang: str | None = None) -> list[str]:
        return sorted(
            str(o) for o in self.g.objects(node, prop)
            if isinstance(o, Literal) and (lang is None or o.language == lang)
        )

    def text(self, node: Node, prop: URIRef, lang: str | None = None) -> str | None:
        values = self.texts(node, prop, lang)
        return values[0] if values else None

    def docs(self, node: Node) -> tuple[str, ...]:
        return tuple(sorted({self.doc_ids.get(d, _id_of(d))
                             for d in self.g.objects(node, PROV.wasDerivedFrom)}))

    def classes(self, node: Node) -> set[Node]:
        return set(self.g.objects(node, RDF.type))

    def entity(self, node: Node, base: EntityType) -> Entity:
        label_ar = self.text(node, RDFS.label, "ar") or ""
        subtypes = sorted(t for t in map(_kg_term, self.classes(node))
                          if t and t != base.value)
        lat, lon = self.g.value(node, GEO.lat), self.g.value(node, GEO.long)
        judgements = sorted(self.g.objects(node, KG.judgement), key=_ordinal)
        return Entity(
            id=_id_of(node), type=base, label_ar=label_ar,
            aliases_ar=tuple(a for a in self.texts(node, SKOS.altLabel, "ar") if a != label_ar),
            label_en=self.text(node, RDFS.label, "en"),
            subtypes=tuple(subtypes),
            same_as=tuple(sorted(str(o) for o in self.g.objects(node, OWL.sameAs))),
            docs=self.docs(node),
            judgements=tuple(self.judgement(j) for j in judgements),
            lat=float(lat) if isinstance(lat, Literal) else None,
            lon=float(lon) if isinstance(lon, Literal) else None,
            description=self.text(node, RDFS.comment),
        )

    def judgement(self, node: Node) -> Judgement:
        rules = self.texts(node, KG.rule)
        rule = rules[0] if rules else ""
        texts, docs = self.texts(node, KG.evidence), self.docs(node)
        evidence = None
        if texts or docs or len(rules) > 1:
            evidence = Evidence(docs[0] if docs else "", texts[0] if texts else "",
                                rules[-1] if rules else "")
        verdict = self.text(node, KG.verdict) or Verdict.UNSURE.value
        return Judgement(
            left=self.text(node, KG.leftName) or "", right=self.text(node, KG.rightName) or "",
            verdict=Verdict(verdict) if verdict in Verdict._value2member_map_ else Verdict.UNSURE,
            rule=rule, evidence=evidence, source=self.text(node, KG.judgementSource) or "",
        )

    def raid(self, node: Node, classes: set[Node]) -> Raid:
        if KG.Raid in classes:
            sub = sorted(t for t in map(_kg_term, classes)
                         if t and t not in (KG.Raid.fragment, KG.Event.fragment))
            kinds = [EventKind(t) for t in sub if t in EventKind._value2member_map_]
            kind = kinds[0] if kinds else EventKind.RAID
        else:
            kind = EventKind.EVENT
        roles = {
            field_name: tuple(sorted(_id_of(o) for o in self.g.objects(node, KG[role.value])))
            for role, field_name in _ROLE_FIELDS
        }
        dates = sorted(
            (DateValue(str(o), _PRECISION_OF_TYPE[o.datatype])
             for o in self.g.objects(node, KG.date)
             if isinstance(o, Literal) and o.datatype in _PRECISION_OF_TYPE),
            key=lambda d: d.value,
        )
        casualties = tuple(
            (_ROLE_OF_COUNT[prop], int(str(count)))
            for prop in sorted(_ROLE_OF_COUNT)
            for count in self.g.objects(node, KG[prop])
        )
        claims = sorted(self.g.objects(node, KG.claim), key=_ordinal)
        return Raid(
            id=_id_of(node), kind=kind, dates=tuple(dates),
            method=self.text(node, KG.method), casualties=casualties,
            evidence=tuple(self.texts(node, KG.evidence)), docs=self.docs(node),
            claims=tuple(self.claim(c) for c in claims),
            label_ar=self.text(node, RDFS.label, "ar") or "",
            supporters=tuple(sorted(_id_of(o) for o in self.g.objects(node, KG.supportedBy))),
            escaped=tuple(sorted(_id_of(o) for o in self.g.objects(node, KG.escaped))),
            **roles,
        )

    def claim(self, node: Node) -> Claim:
        role_text = self.text(node, KG.role) or ""
        role: Role | str = (Role(role_text) if role_text in Role._value2member_map_
                            else role_text)
        value = self.g.value(node, KG.value)
        docs = self.docs(node)
        return Claim(
            role=role,
            value=str(value) if isinstance(value, Literal) else _id_of(value) if value else "",
            doc_id=docs[0] if docs else "", evidence=self.text(node, KG.evidence) or "",
            hedge=self.text(node, KG.hedge),
        )

    def relations(self) -> list[Relation]:
        found: dict[tuple[str, RelationType, str], tuple[Evidence, ...]] = {}
        for node in self.g.subjects(RDF.type, KG.Statement):
            s, p, o = (self.g.value(node, RDF.subject), self.g.value(node, RDF.predicate),
                       self.g.value(node, RDF.object))
            name = _kg_term(p) or "" if p is not None else ""
            if s is None or o is None or name not in RelationType._value2member_map_:
                continue
            texts, rules, docs = (self.texts(node, KG.evidence), self.texts(node, KG.rule),
                                  self.docs(node))
            evidence = tuple(
                Evidence(docs[min(i, len(docs) - 1)] if docs else "",
                         texts[i] if i < len(texts) else "",
                         rules[min(i, len(rules) - 1)] if rules else "")
                for i in range(max(len(texts), len(rules), len(docs)))
            )
            found[(_id_of(s), RelationType(name), _id_of(o))] = evidence
        for predicate in RelationType:  # plain triples without a statement node
            for s, o in self.g.subject_objects(KG[predicate.value]):
                found.setdefault((_id_of(s), predicate, _id_of(o)), ())
        return [Relation(s, p, o, ev) for (s, p, o), ev in sorted(found.items())]

    def document(self, node: Node) -> Document:
        url = self.g.value(node, DCTERMS.source)
        published = self.g.value(node, DCTERMS.date)
        return Document(
            id=self.doc_ids[node], text="", source="",
            url=str(url) if url is not None else None,
            published=str(published) if published is not None else None,
            outlet=self.text(node, DCTERMS.publisher), title=self.text(node, DCTERMS.title),
        )


def from_rdf(graph: Graph) -> KnowledgeGraph:
    """The KnowledgeGraph written as ``graph`` by ``to_rdf`` (see the module doc for limits).

    Nodes typed with a base class (Person, Organization, Place) are entities; nodes typed
    ``kg:Raid`` or ``kg:Event`` are raids; ``kg:Statement`` nodes (or plain relation triples)
    are relations; ``kg:Document`` nodes are documents, with empty text.
    """
    reader = _Reader(graph)
    entities: list[Entity] = []
    raids: list[Raid] = []
    for node in set(graph.subjects(RDF.type, None)):
        if not isinstance(node, URIRef):
            continue
        classes = reader.classes(node)
        bases = [t for c, t in _BASE_TYPES.items() if c in classes]
        if bases:
            entities.append(reader.entity(node, bases[0]))
        elif KG.Raid in classes or KG.Event in classes:
            raids.append(reader.raid(node, classes))
    return KnowledgeGraph(
        documents=tuple(sorted((reader.document(n) for n in reader.doc_ids),
                               key=lambda d: d.id)),
        entities=tuple(sorted(entities, key=lambda e: e.id)),
        raids=tuple(sorted(raids, key=lambda r: r.id)),
        relations=tuple(reader.relations()),
    )


def load_turtle(path: str | Path) -> Graph:
    """Parse a Turtle graph file, with a clear error when it is missing or broken."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: graph file not found; build one with `kg build INPUT -o OUT/`")
    graph = Graph()
    try:
        graph.parse(p, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise InputError(f"{p}: not a readable Turtle file ({exc}); rebuild it with "
                         "`kg build`") from None
    return graph


def read_turtle(path: str | Path) -> KnowledgeGraph:
    """The KnowledgeGraph of a ``graph.ttl`` written by ``kg build`` (or ``write_turtle``)."""
    return from_rdf(load_turtle(path))
