"""The oxigraph store (kg.store): atomic loading, refusing to clobber, read-only opening."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError, QueryError
from kg.query import open_graph, run_query
from kg.store import is_store, load_store, open_store

TTL = """@prefix kg: <https://w3id.org/raidkg/ontology#> .
@prefix kgr: <https://w3id.org/raidkg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kgr:a a kg:Person ; rdfs:label "أبو مصعب"@ar .
kgr:b a kg:Person ; rdfs:label "Abu Ali"@en .
"""


@pytest.fixture
def ttl(tmp_path: Path) -> Path:
    p = tmp_path / "graph.ttl"
    p.write_text(TTL, "utf-8")
    return p


def test_load_and_query_a_store(ttl: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert load_store(ttl, store) == 4
    assert is_store(store)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.")]  # no leftovers
    g = open_graph(store)
    cols, rows = run_query(g, "SELECT ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l")
    assert (cols, rows) == (["l"], [["Abu Ali"], ["أبو مصعب"]])
    assert run_query(g, "ASK { kgr:a a kg:Person }") == (["ask"], [["true"]])


def test_two_readers_at_once(ttl: Path, tmp_path: Path) -> None:
    load_store(ttl, tmp_path / "store")
    a, b = open_store(tmp_path / "store"), open_store(tmp_path / "store")
    assert len(a) == len(b) == 4


def test_a_store_is_read_only(ttl: Path, tmp_path: Path) -> None:
    load_store(ttl, tmp_path / "store")
    store = open_store(tmp_path / "store")
    with pytest.raises((OSError, RuntimeError), match="read-write|read-only|read only"):
        store.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises(QueryError, match="SPARQL"):
        run_query(store, "INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert len(store) == 4


def test_replacing_needs_consent_and_a_broken_file_keeps_the_old_store(
    ttl: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    load_store(ttl, store)
    with pytest.raises(InputError, match="--replace"):
        load_store(ttl, store)
    bad = tmp_path / "bad.ttl"
    bad.write_text("kgr:a kgr:b", "utf-8")
    with pytest.raises(InputError, match="bad.ttl"):
        load_store(bad, store, replace=True)
    assert len(open_store(store)) == 4  # the previous store survived
    ttl.write_text(TTL + "kgr:c a kg:Person .\n", "utf-8")
    assert load_store(ttl, store, replace=True) == 5


def test_never_replaces_a_folder_that_is_not_a_store(ttl: Path, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", "utf-8")
    with pytest.raises(InputError, match="not an oxigraph store"):
        load_store(ttl, precious, replace=True)
    assert (precious / "notes.txt").read_text("utf-8") == "keep me"
    with pytest.raises(InputError, match="kg load"):
        open_store(precious)


def test_choosing_the_engine(ttl: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="rdflib reads a Turtle file"):
        open_graph(tmp_path, "rdflib")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text(TTL, "utf-8")
    with pytest.raises(InputError, match="build folder"):
        open_graph(out)
    with pytest.raises(InputError, match="not found"):
        open_graph(tmp_path / "none.ttl", "oxigraph")


def test_a_large_turtle_file_is_queried_with_oxigraph(
    ttl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdflib import Graph

    import kg.query

    assert isinstance(open_graph(ttl), Graph)  # small: rdflib
    assert isinstance(open_graph(ttl, "oxigraph"), ox.Store)
    monkeypatch.setattr(kg.query, "RDFLIB_MAX_BYTES", ttl.stat().st_size)
    large = open_graph(ttl)
    assert isinstance(large, ox.Store)
    assert isinstance(open_graph(ttl, "rdflib"), Graph)  # asked for
    query = "SELECT ?l WHERE { ?p a kg:Person ; rdfs:label ?l }"
    by_rdflib = run_query(open_graph(ttl, "rdflib"), query)[1]
    assert sorted(run_query(large, query)[1]) == sorted(by_rdflib) == [["Abu Ali"], ["أبو مصعب"]]
