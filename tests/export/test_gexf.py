"""The GEXF exporter: schema-valid, read back by networkx with its attributes, deterministic."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from kg.export.gexf import generate_gexf, write_gexf
from kg.export.network import date_span
from kg.model import DatePrecision, DateValue, KnowledgeGraph

SCHEMA = Path(__file__).parent.parent / "fixtures" / "gexf-schema" / "1.2draft" / "gexf.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(file=str(SCHEMA))


def read_back(text: str) -> nx.MultiDiGraph:
    return nx.read_gexf(io.BytesIO(text.encode("utf-8")))


def test_valid_against_the_gexf_schema(schema: etree.XMLSchema, small_graph: KnowledgeGraph,
                                       hostile_graph: KnowledgeGraph) -> None:
    for kg in (small_graph, hostile_graph):
        document = etree.fromstring(generate_gexf(kg).encode("utf-8"))
        assert schema.validate(document), str(schema.error_log)


def test_schema_check_can_fail(schema: etree.XMLSchema, small_graph: KnowledgeGraph) -> None:
    text = generate_gexf(small_graph).replace('defaultedgetype="directed"',
                                              'defaultedgetype="sideways"')
    assert not schema.validate(etree.fromstring(text.encode("utf-8")))


def test_round_trip_with_attributes(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_gexf(small_graph, path)
    g = nx.read_gexf(path)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == ({e.id for e in small_graph.entities}
                            | {r.id for r in small_graph.raids})
    baghdadi = g.nodes["abu-bakr-al-baghdadi"]
    assert baghdadi["label"] == "أبو بكر البغدادي"
    assert baghdadi["label_en"] == "Abu Bakr al-Baghdadi"
    assert baghdadi["label_latn"] == "Abu Bakr al-Baghdadi"
    assert g.nodes["atmeh"]["label_latn"] == "Atma"  # no English label: romanised
    assert baghdadi["type"] == "Person"
    assert baghdadi["aliases"] == "البغدادي | إبراهيم عواد البدري"
    assert baghdadi["docs"] == "doc-a | doc-b | doc-c"
    isis = g.nodes["isis"]
    assert (isis["type"], isis["subtype"]) == ("Organization", "ArmedGroup")
    barisha = g.nodes["barisha"]
    assert barisha["latitude"] == pytest.approx(36.1617)
    assert barisha["longitude"] == pytest.approx(36.6289)
    raid = g.nodes["raid-2019-10-27-barisha"]
    assert (raid["start"], raid["end"], raid["date"]) == ("2019-10-27", "2019-10-27",
                                                          "2019-10-27")
    assert raid["type"] == "Raid" and raid["kind"] == "GroundRaid"
    atmeh_raid = g.nodes["raid-2022-02-03-atmeh"]
    assert (atmeh_raid["start"], atmeh_raid["end"]) == ("2022-01-01", "2022-12-31")
    assert "start" not in g.nodes["event-prison-break"]  # "--07": no year, no timeline


def test_parallel_edges_are_kept(small_graph: KnowledgeGraph) -> None:
    g = read_back(generate_gexf(small_graph))
    edges = g.get_edge_data("raid-2019-10-27-barisha", "abu-bakr-al-baghdadi")
    assert sorted(d["relation"] for d in edges.values()) == ["killed", "target"]
    assert sorted(d["label"] for d in edges.values()) == ["killed", "target"]
    (leader,) = g.get_edge_data("abu-bakr-al-baghdadi", "isis").values()
    assert leader["relation"] == "leaderOf" and leader["docs"] == "doc-b"
    assert "زعيم" in leader["evidence"]


def test_hostile_text_is_valid_xml_and_reads_back(hostile_graph: KnowledgeGraph) -> None:
    text = generate_gexf(hostile_graph)
    etree.fromstring(text.encode("utf-8"))  # raises on invalid XML
    g = read_back(text)
    assert g.nodes["e00"]["label_en"] == "<script>window.__pwned=1</script>"
    assert g.nodes["e09"]["label_en"] == "ctlend"  # characters illegal in XML dropped
    assert "<script>" not in text  # escaped by the writer


def test_deterministic(small_graph: KnowledgeGraph) -> None:
    first = generate_gexf(small_graph)
    assert first == generate_gexf(small_graph)
    assert "lastmodifieddate" not in first


@pytest.mark.parametrize(("value", "precision", "span"), [
    ("2019-10-27", DatePrecision.DATE, ("2019-10-27", "2019-10-27")),
    ("2020-02", DatePrecision.YEAR_MONTH, ("2020-02-01", "2020-02-29")),
    ("2019", DatePrecision.YEAR, ("2019-01-01", "2019-12-31")),
    ("--10-26", DatePrecision.MONTH_DAY, None),
    ("--10", DatePrecision.MONTH, None),
    ("2019-02-30", DatePrecision.DATE, None),
])
def test_date_span(value: str, precision: DatePrecision,
                   span: tuple[str, str] | None) -> None:
    assert date_span(DateValue(value, precision)) == span
