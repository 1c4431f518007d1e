"""RDF export: the KnowledgeGraph as triples of the kg ontology, serialised as Turtle.

Reads a ``kg.model.KnowledgeGraph``; writes an ``rdflib.Graph`` (``to_rdf``), Turtle text
(``generate_turtle``) or a file (``write_turtle``). The shape is the one of
shared/CONTRACT.md and ontology/shapes.ttl:

- entities ``kgr:<id>``, raids ``kgr:<id>``, documents ``kgr:doc/<id>``; claims
  ``kgr:<raid>/claim/<n>``, judgements ``kgr:<entity>/judgement/<n>``, reified relations
  ``kgr:stmt/<hash>``. Never a blank node, so every node is stable across builds.
- every node carries its base class and, where the ontology has one, its subclass.
- conflicting claims of different sources about one raid are kept as ``kg:Claim`` nodes;
  the raid's own role triples are the merged view.

Every IRI comes from ``kg.vocab`` (generated from ontology/kg.ttl). Ids are used as they are
when they are IRI-safe slugs; any other character is percent-encoded, so two different ids
never share an IRI. Output is deterministic: rdflib's Turtle serializer sorts subjects,
predicates and objects, and without blank nodes the same graph gives the same bytes.

Limits: literals are written as given (no language detection: evidence and labels are
tagged ``@ar``, titles and outlets are untagged). A raid without ``label_ar`` gets no Arabic
label and will fail the SHACL shapes: the builder must name every raid.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.export.common import ROLE_FIELDS as _ROLE_FIELDS
from kg.export.common import safe_text
from kg.model import (
    Claim,
    DatePrecision,
    DateValue,
    Document,
    Entity,
    Judgement,
    KnowledgeGraph,
    Raid,
    Relation,
    Role,
)
from kg.vocab import DCTERMS, GEO, KG, KGR, OWL, PREFIXES, PROV, RDF, RDFS, SKOS, SUPERCLASS, XSD

__all__ = [
    "date_literal",
    "document_iri",
    "entity_iri",
    "generate_turtle",
    "kg_classes",
    "raid_classes",
    "raid_iri",
    "to_rdf",
    "write_turtle",
]

# Characters kept as they are in an IRI local part; everything else is percent-encoded.
_SAFE_PUNCT = "-._~"
_URL_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$")
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
        ch if (ch.isalnum() or ch in _SAFE_PUNCT) else quote(ch, safe="") for ch in identifier
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
    return bool(_URL_RE.match(text))


def _ar(text: str) -> Literal:
    return Literal(safe_text(text), lang="ar")


def _plain(text: str) -> Literal:
    return Literal(safe_text(text))


def _statement_iri(relation: Relation) -> URIRef:
    key = "\t".join((relation.subject, relation.predicate.value, relation.object))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return KGR["stmt/" + digest]


class _Builder:
    """Collects the triples of one KnowledgeGraph; only ``to_rdf`` uses it."""

    def __init__(self) -> None:
        self.graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES:
            self.graph.bind(prefix, namespace, override=True, replace=True)
        self.doc_ids: set[str] = set()

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
        self.graph.add((s, p, o))

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
    builder = _Builder()
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
    return builder.graph


def generate_turtle(graph: KnowledgeGraph) -> str:
    """The KnowledgeGraph as Turtle text; the same graph always gives the same text."""
    text = to_rdf(graph).serialize(format="turtle")
    return text if text.endswith("\n") else text + "\n"


def write_turtle(graph: KnowledgeGraph, path: str | Path) -> None:
    """Write ``generate_turtle(graph)`` to ``path`` (UTF-8)."""
    Path(path).write_text(generate_turtle(graph), encoding="utf-8")
