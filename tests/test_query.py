"""SPARQL over a built graph (kg.query): loading, query text or file, tables, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import api
from kg.errors import InputError, QueryError
from kg.query import format_table, load_graph, read_query, run_query

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("query") / "out"
    api.build([ROOT / "tests" / "fixtures" / "text"], out, extractors=("kb", "pattern"))
    return out / "graph.ttl"


def test_raid_victims_and_sources(graph_path: Path) -> None:
    q = """SELECT ?name (COUNT(DISTINCT ?doc) AS ?n) WHERE {
             ?r a kg:Raid ; kg:killed ?p ; prov:wasDerivedFrom ?doc .
             ?p rdfs:label ?name . FILTER(lang(?name) = "ar") } GROUP BY ?name"""
    cols, rows = run_query(load_graph(graph_path), q)
    assert cols == ["name", "n"]
    assert rows == [["أبو مصعب الحلبي", "2"]]


def test_prefixes_are_predeclared_and_ask_works(graph_path: Path) -> None:
    g = load_graph(graph_path)
    assert run_query(g, "ASK { ?r a kg:Raid ; kg:captured ?p }") == (["ask"], [["true"]])
    assert run_query(g, "ASK { ?p a kg:Person ; kg:captured ?r }") == (["ask"], [["false"]])


def test_query_from_file(graph_path: Path, tmp_path: Path) -> None:
    rq = tmp_path / "places.rq"
    rq.write_text("SELECT ?l WHERE { ?p a kg:Place ; rdfs:label ?l } ORDER BY ?l", "utf-8")
    cols, rows = run_query(load_graph(graph_path), read_query(str(rq)))
    assert ["الكسرة"] in rows and ["الفلوجة"] in rows


def test_table_is_aligned_and_counts_rows() -> None:
    text = format_table(["a", "bb"], [["xyz", "1"], ["q", "22"]])
    lines = text.splitlines()
    assert lines[0].startswith("a    bb")
    assert lines[2].startswith("xyz  1")
    assert lines[-1] == "(2 rows)"
    assert format_table(["a"], []).splitlines()[-1] == "(0 rows)"


def test_broken_query_is_a_query_error(graph_path: Path) -> None:
    with pytest.raises(QueryError, match="SPARQL"):
        run_query(load_graph(graph_path), "SELECT WHERE {")


def test_construct_is_refused(graph_path: Path) -> None:
    with pytest.raises(QueryError, match="SELECT and ASK"):
        run_query(load_graph(graph_path), "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_missing_and_broken_graph_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_graph(tmp_path / "none.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is @@ not turtle", "utf-8")
    with pytest.raises(InputError, match="bad.ttl"):
        load_graph(bad)


def test_missing_query_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="query file not found"):
        read_query(str(tmp_path / "nothing.rq"))
