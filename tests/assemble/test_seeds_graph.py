"""The graph built from the seed articles: SHACL conformance, GEXF read-back, determinism."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from pyshacl import validate
from rdflib import Graph

from kg.api import build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    build([ROOT / "seeds"], out)
    return out


def test_seeds_graph_conforms_to_the_shapes(seeds_out: Path) -> None:
    data = Graph().parse(seeds_out / "graph.ttl", format="turtle")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, text


def test_seeds_gexf_reads_back(seeds_out: Path) -> None:
    g = nx.read_gexf(seeds_out / "graph.gexf")
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert "أبو بكر البغدادي" in labels
    assert g.number_of_edges() > 0


def test_two_builds_are_byte_identical(seeds_out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build([ROOT / "seeds"], again)
    for name in ("graph.ttl", "graph.gexf", "graph.html", "entities.csv", "raids.csv",
                 "relations.csv", "report.json"):
        assert (again / name).read_bytes() == (seeds_out / name).read_bytes(), name


def test_seeds_places_carry_coordinates(seeds_out: Path) -> None:
    """A map of the seeds shows nine places in ten, the two best-known raids' villages among
    them (report.json says the share)."""
    import json

    from rdflib import Literal

    from kg.vocab import GEO, KGR

    report = json.loads((seeds_out / "report.json").read_text(encoding="utf-8"))
    located, places = report["places_with_coordinates"]
    assert places > 0 and located / places >= 0.9, report["places_with_coordinates"]
    g = Graph().parse(seeds_out / "graph.ttl", format="turtle")
    for village in ("barisha", "atmeh"):
        lat = g.value(KGR[village], GEO.lat)
        assert isinstance(lat, Literal) and 36 < float(lat) < 36.3, village
