"""The SHACL shapes (ontology/shapes.ttl): exported graphs conform, broken graphs do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal

from kg import vocab
from kg.export.rdf import to_rdf
from kg.model import KnowledgeGraph

SHAPES = Path(__file__).parent.parent.parent / "ontology" / "shapes.ttl"
KG, KGR, RDF, RDFS, PROV, DCTERMS = (vocab.KG, vocab.KGR, vocab.RDF, vocab.RDFS, vocab.PROV,
                                    vocab.DCTERMS)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


def conforms(data: Graph, shapes: Graph) -> tuple[bool, str]:
    ok, _, text = validate(data, shacl_graph=shapes, inference="none")
    return bool(ok), str(text)


def test_exported_graphs_conform(shapes: Graph, small_graph: KnowledgeGraph,
                                 hostile_graph: KnowledgeGraph) -> None:
    for kg in (small_graph, hostile_graph):
        ok, report = conforms(to_rdf(kg), shapes)
        assert ok, report


def test_every_entity_has_one_latin_label(small_graph: KnowledgeGraph) -> None:
    """The @ar-Latn label is the English one where curated, else the romanised Arabic name;
    an @ar-Latn label must not count as the Arabic one (SHACL languageIn matches ranges)."""
    g = to_rdf(small_graph)
    for e in small_graph.entities:
        latin = [o for o in g.objects(KGR[e.id], RDFS.label)
                 if getattr(o, "language", None) == "ar-Latn"]
        assert len(latin) == 1, e.id
        if e.label_en:
            assert str(latin[0]) == e.label_en
        else:
            assert str(latin[0]).isascii() and str(latin[0])[:1].isalpha()


BAGHDADI = KGR["abu-bakr-al-baghdadi"]
RAID = KGR["raid-2019-10-27-barisha"]


def _second_arabic_label(g: Graph) -> None:
    g.add((BAGHDADI, RDFS.label, Literal("البغدادي", lang="ar")))


def _no_arabic_label(g: Graph) -> None:
    g.remove((BAGHDADI, RDFS.label, None))


def _diacritics_in_label(g: Graph) -> None:
    g.set((KGR["atmeh"], RDFS.label, Literal("أَطْمَة", lang="ar")))


def _killed_is_a_place(g: Graph) -> None:
    g.add((RAID, KG.killed, KGR["idlib"]))


def _perpetrator_is_a_person(g: Graph) -> None:
    g.add((RAID, KG.perpetrator, BAGHDADI))


def _date_as_string(g: Graph) -> None:
    g.add((RAID, KG.date, Literal("2019-10-27")))


def _date_ill_typed(g: Graph) -> None:
    g.add((RAID, KG.date, Literal("2019-13-45", datatype=vocab.XSD.date)))


def _no_provenance(g: Graph) -> None:
    g.remove((KGR["isis"], PROV.wasDerivedFrom, None))


def _subclass_without_base(g: Graph) -> None:
    g.remove((KGR["isis"], RDF.type, KG.Organization))


def _blank_node_person(g: Graph) -> None:
    node = BNode()
    g.add((node, RDF.type, KG.Person))
    g.add((node, RDFS.label, Literal("مجهول", lang="ar")))
    g.add((node, PROV.wasDerivedFrom, KGR["doc/doc-a"]))


def _document_without_identifier(g: Graph) -> None:
    g.remove((KGR["doc/doc-a"], DCTERMS.identifier, None))


def _member_of_a_place(g: Graph) -> None:
    g.add((BAGHDADI, KG.memberOf, KGR["syria"]))


def _raid_without_label(g: Graph) -> None:
    g.remove((RAID, RDFS.label, None))


def _claim_with_bad_role(g: Graph) -> None:
    g.set((KGR["raid-2019-10-27-barisha/claim/1"], KG.role, Literal("hero")))


def _bidi_control_in_alias(g: Graph) -> None:
    g.add((BAGHDADI, vocab.SKOS.altLabel, Literal("أبو\u202eبكر", lang="ar")))


def _no_latin_label(g: Graph) -> None:
    for o in [o for o in g.objects(KGR["atmeh"], RDFS.label)
              if getattr(o, "language", None) == "ar-Latn"]:
        g.remove((KGR["atmeh"], RDFS.label, o))
    assert not any(getattr(o, "language", None) == "ar-Latn"
                   for o in g.objects(KGR["atmeh"], RDFS.label))


def _second_latin_label(g: Graph) -> None:
    g.add((BAGHDADI, RDFS.label, Literal("Abou Bakr el-Baghdadi", lang="ar-Latn")))


@pytest.mark.parametrize("breakage", [
    _no_latin_label, _second_latin_label,
    _second_arabic_label, _no_arabic_label, _diacritics_in_label, _killed_is_a_place,
    _perpetrator_is_a_person, _date_as_string, _date_ill_typed, _no_provenance,
    _subclass_without_base, _blank_node_person, _document_without_identifier,
    _member_of_a_place, _raid_without_label, _claim_with_bad_role, _bidi_control_in_alias,
])
def test_broken_graph_is_rejected(shapes: Graph, small_graph: KnowledgeGraph,
                                  breakage: object) -> None:
    g = to_rdf(small_graph)
    breakage(g)  # type: ignore[operator]
    ok, report = conforms(g, shapes)
    assert not ok, f"{breakage.__name__} was not caught"  # type: ignore[attr-defined]
