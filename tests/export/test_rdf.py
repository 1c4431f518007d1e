"""The Turtle exporter: round trip, determinism, the contract's shape, golden file by meaning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdf_support import assert_isomorphic
from rdflib import BNode, Graph, Literal, URIRef

from kg import vocab
from kg.export.rdf import document_iri, entity_iri, generate_turtle, to_rdf, write_turtle
from kg.model import Entity, EntityType, KnowledgeGraph
from kg.vocab import DCTERMS, GEO, KG, KGR, OWL, PROV, RDF, RDFS, SKOS

GOLDEN = Path(__file__).parent.parent / "fixtures" / "export" / "small_graph.ttl"


def test_turtle_round_trip(small_graph: KnowledgeGraph, hostile_graph: KnowledgeGraph) -> None:
    for kg in (small_graph, hostile_graph):
        parsed = Graph().parse(data=generate_turtle(kg), format="turtle")
        assert_isomorphic(to_rdf(kg), parsed)


def test_write_turtle_reads_back(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    assert_isomorphic(to_rdf(small_graph), Graph().parse(path))


def test_golden_file_by_meaning(small_graph: KnowledgeGraph) -> None:
    """tests/fixtures/export/small_graph.ttl is the reviewed output for the small fixture."""
    assert_isomorphic(Graph().parse(GOLDEN), to_rdf(small_graph))


def test_output_is_byte_identical(small_graph: KnowledgeGraph) -> None:
    assert generate_turtle(small_graph) == generate_turtle(small_graph)


def test_output_does_not_depend_on_hash_seed(small_graph: KnowledgeGraph) -> None:
    code = ("import sys; sys.path.insert(0, 'tests/export'); import conftest;"
            "from kg.export.rdf import generate_turtle;"
            "sys.stdout.buffer.write(generate_turtle(conftest.build_small_graph()).encode())")
    root = Path(__file__).parent.parent.parent
    outputs = {
        subprocess.run([sys.executable, "-c", code], cwd=root, check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert outputs == {generate_turtle(small_graph).encode()}


def test_prefixes_bound(small_graph: KnowledgeGraph) -> None:
    text = generate_turtle(small_graph)
    for prefix in ("kg", "kgr", "rdfs", "skos", "owl", "prov", "dcterms", "xsd", "geo"):
        assert f"@prefix {prefix}: " in text


def test_no_blank_nodes(small_graph: KnowledgeGraph, hostile_graph: KnowledgeGraph) -> None:
    for kg in (small_graph, hostile_graph):
        assert not any(isinstance(term, BNode) for triple in to_rdf(kg) for term in triple)


def test_entity_shape(small_graph: KnowledgeGraph) -> None:
    g = to_rdf(small_graph)
    isis = KGR["isis"]
    assert set(g.objects(isis, RDF.type)) == {KG.Organization, KG.ArmedGroup}
    assert set(g.objects(isis, RDFS.label)) == {Literal("تنظيم الدولة الإسلامية", lang="ar"),
                                                Literal("Islamic State", lang="en"),
                                                Literal("Islamic State", lang="ar-Latn")}
    # no English label: the romanised Arabic name, for readers of Latin script
    assert Literal("Atma", lang="ar-Latn") in set(g.objects(KGR["atmeh"], RDFS.label))
    assert set(g.objects(isis, SKOS.altLabel)) == {Literal("داعش", lang="ar"),
                                                   Literal("تنظيم داعش", lang="ar")}
    assert (isis, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q2429253")) in g
    # a subtype the ontology does not know is dropped, a known one kept beside the base class
    assert set(g.objects(KGR["us-forces"], RDF.type)) == {KG.Organization, KG.MilitaryForce}
    barisha = KGR["barisha"]
    assert set(g.objects(barisha, RDF.type)) == {KG.Place, KG.Village}
    assert g.value(barisha, GEO.lat) == Literal("36.161700", datatype=vocab.XSD.decimal)
    assert set(g.objects(barisha, PROV.wasDerivedFrom)) == {KGR["doc/doc-a"], KGR["doc/doc-b"]}
    assert (KGR["abu-bakr-al-baghdadi"], KG.leaderOf, isis) in g


def test_raid_shape_and_conflicting_claims(small_graph: KnowledgeGraph) -> None:
    g = to_rdf(small_graph)
    raid = KGR["raid-2019-10-27-barisha"]
    assert set(g.objects(raid, RDF.type)) == {KG.Raid, KG.GroundRaid}
    assert (raid, KG.killed, KGR["abu-bakr-al-baghdadi"]) in g
    assert (raid, KG.perpetrator, KGR["us-forces"]) in g
    assert set(g.objects(raid, KG.date)) == {Literal("2019-10-27", datatype=vocab.XSD.date),
                                             Literal("2019-10", datatype=vocab.XSD.gYearMonth)}
    assert g.value(raid, KG.killedCount) == Literal(2, datatype=vocab.XSD.integer)
    assert g.value(raid, RDFS.label) == Literal("عملية باريشا", lang="ar")
    claims = sorted(g.objects(raid, KG.claim))
    assert len(claims) == 5 and claims[0] == KGR["raid-2019-10-27-barisha/claim/1"]
    locations = {(g.value(c, KG.value), g.value(c, PROV.wasDerivedFrom)) for c in claims
                 if g.value(c, KG.role) == Literal("location")}
    assert locations == {(KGR["barisha"], KGR["doc/doc-a"]), (KGR["idlib"], KGR["doc/doc-b"])}
    dates = {g.value(c, KG.value) for c in claims if g.value(c, KG.role) == Literal("date")}
    assert dates == {Literal("2019-10-27", datatype=vocab.XSD.date),
                     Literal("--10-26", datatype=vocab.XSD.gMonthDay)}
    assert set(g.objects(KGR["raid-2022-02-03-atmeh"], RDF.type)) == {KG.Raid}
    assert set(g.objects(KGR["event-prison-break"], RDF.type)) == {KG.Event}
    assert g.value(KGR["event-prison-break"], KG.date) == Literal("--07", datatype=vocab.XSD.gMonth)


def test_relation_statement_and_judgements(small_graph: KnowledgeGraph) -> None:
    g = to_rdf(small_graph)
    statements = [s for s in g.subjects(RDF.type, KG.Statement)
                  if g.value(s, RDF.predicate) == KG.successorOf]
    assert len(statements) == 1
    (stmt,) = statements
    assert str(stmt).startswith(str(KGR["stmt/"]))
    assert g.value(stmt, RDF.subject) == KGR["abu-ibrahim-al-hashimi-al-qurashi"]
    assert g.value(stmt, PROV.wasDerivedFrom) == KGR["doc/doc-c"]
    assert g.value(stmt, KG.evidence).language == "ar"
    judgements = sorted(g.objects(KGR["abu-bakr-al-baghdadi"], KG.judgement))
    assert judgements == [KGR["abu-bakr-al-baghdadi/judgement/1"],
                          KGR["abu-bakr-al-baghdadi/judgement/2"]]
    assert g.value(judgements[1], KG.verdict) == Literal("negative")
    assert g.value(judgements[0], RDF.type) == KG.Judgement


def test_documents(small_graph: KnowledgeGraph) -> None:
    g = to_rdf(small_graph)
    doc = KGR["doc/doc-a"]
    assert g.value(doc, RDF.type) == KG.Document
    assert g.value(doc, DCTERMS.identifier) == Literal("doc-a")
    assert g.value(doc, DCTERMS.date) == Literal("2019-10-27", datatype=vocab.XSD.date)
    assert g.value(doc, DCTERMS.source) == URIRef("https://example.org/news/a?id=1")
    assert g.value(KGR["doc/doc-c"], DCTERMS.source) == Literal("not a url")


def test_referenced_unknown_document_gets_a_node() -> None:
    kg = KnowledgeGraph(entities=(Entity("x", EntityType.PERSON, "س", docs=("ghost",)),))
    g = to_rdf(kg)
    assert g.value(document_iri("ghost"), DCTERMS.identifier) == Literal("ghost")


def test_unsafe_ids_are_percent_encoded_and_distinct() -> None:
    assert entity_iri("abu-bakr") == KGR["abu-bakr"]
    assert entity_iri("أبو_بكر") == KGR["أبو_بكر"]  # Arabic slugs stay readable (IRIs)
    odd = {entity_iri(i) for i in ("a b", "a%20b", "a/b", "doc/x", "a>b")}
    assert len(odd) == 5
    for iri in odd:
        assert not any(ch in str(iri)[len(str(KGR)):] for ch in " />\"")
    assert document_iri("x") != entity_iri("doc/x")


def test_malformed_same_as_is_dropped() -> None:
    kg = KnowledgeGraph(entities=(Entity("x", EntityType.PERSON, "س",
                                         same_as=("not an iri <x>", "https://ok.example/1")),))
    assert set(to_rdf(kg).objects(KGR["x"], OWL.sameAs)) == {URIRef("https://ok.example/1")}
