"""The fast Turtle writer: same graph as rdflib's reading of it, stable bytes, escaping."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.export.turtle import serialize_turtle
from kg.vocab import KG, KGR


def sample() -> Graph:
    g = Graph()
    a = KGR["abu_bakr_al_baghdadi"]
    g.add((a, RDF.type, KG.Person))
    g.add((a, RDFS.label, Literal("أبو بكر البغدادي", lang="ar")))
    g.add((a, RDFS.label, Literal('a "quoted"\nline\\ with\ttab', lang="en")))
    g.add((KGR["doc/000_x"], RDF.type, KG.Document))  # '/' is no plain local name
    g.add((KGR["raid-1"], KG.date, Literal("2019-10", datatype=XSD.gYearMonth)))
    g.add((KGR["raid-1"], KG.killed, a))
    g.add((KGR["raid-1"], KG.evidence, Literal("x")))
    return g


def test_round_trip_is_isomorphic() -> None:
    g = sample()
    back = Graph().parse(data=serialize_turtle(g), format="turtle")
    if not isomorphic(g, back):
        _, only_in_g, only_back = graph_diff(g, back)
        raise AssertionError(f"{list(only_in_g)} != {list(only_back)}")


def test_output_is_stable_and_uses_prefixes() -> None:
    text = serialize_turtle(sample())
    assert text == serialize_turtle(sample())
    assert "kgr:abu_bakr_al_baghdadi\n    a kg:Person ;" in text
    assert "<https://w3id.org/raidkg/resource/doc/000_x>\n    a kg:Document" in text
    assert '"2019-10"^^xsd:gYearMonth' in text
