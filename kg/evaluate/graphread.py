"""Reading a built graph for scoring: its entity nodes, their types, names and documents,
and which gold entities each node identifies. Reads an rdflib Graph; writes nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from kg.evaluate.gold import ENTITY_TYPES, GoldIndex, name_keys
from kg.evaluate.results import NodeRef
from kg.vocab import KG, RESOURCE_IRI

TYPE_OF_CLASS: dict[URIRef, str] = {
    KG.Person: "Person",
    KG.Organization: "Organization",
    KG.ArmedGroup: "Organization",
    KG.Place: "Place",
    KG.Country: "Place",
    KG.Raid: "Raid",
    KG.Airstrike: "Raid",
}
PREDICATE_OF_NAME: dict[str, URIRef] = {
    "memberOf": KG.memberOf,
    "leaderOf": KG.leaderOf,
    "successorOf": KG.successorOf,
    "nationality": KG.nationality,
    "locatedIn": KG.locatedIn,
    "spokespersonOf": KG.spokespersonOf,
    "possiblySameAs": KG.possiblySameAs,
}



# --------------------------------------------------------------------------- graph reading


@dataclass(frozen=True, slots=True)
class GraphNode:
    ref: NodeRef
    types: frozenset[str]
    names: tuple[str, ...]
    docs: frozenset[str]


def short_iri(node: Node) -> str:
    text = str(node)
    return "kgr:" + text[len(RESOURCE_IRI) :] if text.startswith(RESOURCE_IRI) else text


def is_arabic(lit: Node) -> bool:
    """An Arabic-script name: @ar or a regional @ar-XX tag, never a romanisation (@ar-Latn)."""
    if not isinstance(lit, Literal) or not lit.language:
        return False
    lang = lit.language.lower()
    return lang == "ar" or (lang.startswith("ar-") and lang != "ar-latn")


def read_nodes(graph: Graph) -> dict[Node, GraphNode]:
    doc_ids: dict[Node, str] = {}
    for doc in graph.subjects(RDF.type, KG.Document):
        ident = graph.value(doc, DCTERMS.identifier)
        doc_ids[doc] = str(ident) if ident is not None else str(doc).rsplit("/", 1)[-1]
    types: dict[Node, set[str]] = defaultdict(set)
    for cls, name in TYPE_OF_CLASS.items():
        for s in graph.subjects(RDF.type, cls):
            types[s].add(name)
    nodes: dict[Node, GraphNode] = {}
    for s, ts in types.items():
        labels = sorted(str(o) for o in graph.objects(s, RDFS.label) if is_arabic(o))
        alts = sorted(str(o) for o in graph.objects(s, SKOS.altLabel) if is_arabic(o))
        docs = frozenset(
            doc_ids.get(d, str(d).rsplit("/", 1)[-1]) for d in graph.objects(s, PROV.wasDerivedFrom)
        )
        names = tuple(dict.fromkeys([*labels, *alts]))
        nodes[s] = GraphNode(
            NodeRef(short_iri(s), labels[0] if labels else ""), frozenset(ts), names, docs
        )
    return nodes



# --------------------------------------------------------------------------- identification


@dataclass(frozen=True, slots=True)
class Identity:
    gold: frozenset[str]  # gold entities the node identifies
    ambiguous: bool  # some name pointed to several gold entities and stayed unresolved


def identify(node: GraphNode, index: GoldIndex) -> Identity:
    sure: set[str] = set()
    open_sets: list[set[str]] = []
    for typ in sorted(node.types & set(ENTITY_TYPES)):
        for name in node.names:
            candidates: set[str] = set()
            for key in name_keys(name):
                for alias in index.by_key.get((typ, key), []):
                    if alias.weak and node.docs and not (node.docs & index.docs(alias.entity)):
                        continue
                    candidates.add(alias.entity)
            if len(candidates) == 1:
                sure |= candidates
            elif candidates:
                open_sets.append(candidates)
    ambiguous = False
    for candidates in open_sets:
        if not candidates & sure:
            ambiguous = True
    return Identity(frozenset(sure), ambiguous and not sure)
