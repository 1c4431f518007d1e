"""Reading a graph back from RDF (``from_rdf`` / ``read_turtle``): the inverse of ``to_rdf``."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdf_support import assert_isomorphic
from rdflib import Graph

from kg.errors import InputError
from kg.export.rdf import from_rdf, read_turtle, to_rdf, write_turtle
from kg.model import DatePrecision, KnowledgeGraph, RelationType, Role, Verdict


def test_round_trip_is_isomorphic(small_graph: KnowledgeGraph,
                                  hostile_graph: KnowledgeGraph) -> None:
    for kg in (small_graph, hostile_graph, KnowledgeGraph()):
        first = to_rdf(kg)
        assert_isomorphic(first, to_rdf(from_rdf(first)))


def test_round_trip_fails_when_something_is_lost(small_graph: KnowledgeGraph) -> None:
    """The comparison above can fail: dropping one altLabel is seen."""
    from kg.vocab import SKOS
    first = to_rdf(small_graph)
    damaged = Graph()
    for triple in first:
        damaged.add(triple)
    damaged.remove((None, SKOS.altLabel, next(first.objects(None, SKOS.altLabel))))
    with pytest.raises(AssertionError):
        assert_isomorphic(first, to_rdf(from_rdf(damaged)))


def test_fields_come_back(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    kg = read_turtle(path)
    entities = {e.id: e for e in kg.entities}
    assert set(entities) == {e.id for e in small_graph.entities}
    baghdadi = entities["abu-bakr-al-baghdadi"]
    assert baghdadi.label_ar == "أبو بكر البغدادي"
    assert baghdadi.label_en == "Abu Bakr al-Baghdadi"
    assert set(baghdadi.aliases_ar) == {"البغدادي", "إبراهيم عواد البدري"}
    assert baghdadi.same_as == ("http://www.wikidata.org/entity/Q1190327",)
    assert baghdadi.docs == ("doc-a", "doc-b", "doc-c")
    first, second = baghdadi.judgements
    assert (first.verdict, first.rule, first.evidence.doc_id) == (Verdict.POSITIVE,
                                                                  "short-form", "doc-b")
    assert (second.verdict, second.source, second.evidence) == (Verdict.NEGATIVE, "curated",
                                                                None)
    assert entities["isis"].subtypes == ("ArmedGroup",)
    assert entities["us-forces"].subtypes == ("MilitaryForce",)  # not a class: not in RDF
    assert entities["barisha"].lat == pytest.approx(36.1617)
    assert entities["barisha"].lon == pytest.approx(36.6289)
    raids = {r.id: r for r in kg.raids}
    raid = raids["raid-2019-10-27-barisha"]
    assert raid.kind == "GroundRaid" and raid.method == "helicopter"
    assert (raid.perpetrators, raid.killed, raid.locations) == (
        ("us-forces",), ("abu-bakr-al-baghdadi",), ("barisha",))
    assert {(d.value, d.precision) for d in raid.dates} == {
        ("2019-10-27", DatePrecision.DATE), ("2019-10", DatePrecision.YEAR_MONTH)}
    assert raid.casualties == ((Role.KILLED, 2),)
    assert [(c.role, c.value, c.doc_id) for c in raid.claims] == [
        (c.role, c.value, c.doc_id) for c in small_graph.raids[1].claims]
    assert raids["event-prison-break"].kind == "Event"
    assert raids["raid-2022-02-03-atmeh"].kind == "Raid"
    relations = {(r.subject, r.predicate, r.object): r for r in kg.relations}
    leader = relations[("abu-bakr-al-baghdadi", RelationType.LEADER_OF, "isis")]
    assert [(e.doc_id, e.rule) for e in leader.evidence] == [("doc-b", "cue:زعيم")]
    assert ("abu-ibrahim-al-hashimi-al-qurashi", RelationType.MEMBER_OF, "isis") in relations
    docs = {d.id: d for d in kg.documents}
    assert docs["doc-a"].url == "https://example.org/news/a?id=1"
    assert (docs["doc-a"].published, docs["doc-a"].outlet) == ("2019-10-27", "وكالة مثال")
    assert docs["doc-c"].url == "not a url"


def test_ids_with_unsafe_characters_come_back() -> None:
    from kg.model import Entity, EntityType
    kg = KnowledgeGraph(entities=(Entity(id="a b/ج%", type=EntityType.PERSON, label_ar="ج"),))
    assert from_rdf(to_rdf(kg)).entities[0].id == "a b/ج%"


def test_missing_and_broken_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_turtle(tmp_path / "nope.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <x> .\nkg:a kg:b", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable Turtle file"):
        read_turtle(broken)
