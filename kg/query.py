"""SPARQL over a built graph: load a Turtle file and run a query, print a table.

Reads ``graph.ttl`` (rdflib, in memory) or an oxigraph store (``kg.store``: a store folder,
or the Turtle file loaded into oxigraph in memory) and a query (a ``.rq`` file, the query
text, or a named query of ``kg.named_queries``); returns rows of plain strings, the same on both
engines. A named query's ``entity`` parameter is resolved here, in Python, to the IRIs of the
entities it names (``kg.text.namematch``: any alias or spelling, a short form, the English or
Latin-script label, a Latin spelling with the same phonetic key, the id or former id), so
the SPARQL only receives IRIs and reads the same on rdflib and oxigraph. The graph's prefixes
(kg, kgr, geo, dcterms, owl, prov, rdf, rdfs, skos, xsd: ``kg.vocab.PREFIXES``) are
predeclared so short queries need no PREFIX lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import Namespace
from rdflib.query import ResultRow

from kg.errors import InputError, QueryError
from kg.export.rdf import load_turtle
from kg.named_queries import sparql_string
from kg.text.namematch import NameIndex, former_id, query_keys
from kg.vocab import KGR
from kg.vocab import PREFIXES as VOCAB_PREFIXES

# The prefixes every query may use unannounced: the graph's own (kg.vocab.PREFIXES, one map for
# the whole project), as namespaces for rdflib's initNs.
PREFIXES: dict[str, Namespace] = {name: Namespace(iri) for name, iri in VOCAB_PREFIXES}
STORES = ("rdflib", "oxigraph")
# Turtle files from this size on are queried with oxigraph unless rdflib is asked for (the
# graph of 100 articles is about 0.6 MB; seeds: 0.1 MB).
RDFLIB_MAX_BYTES = 2_000_000


def load_graph(path: str | Path) -> Graph:
    """Parse a Turtle graph file, with a clear error when it is missing or broken."""
    return load_turtle(path)


def open_graph(path: str | Path, store: str | None = None) -> Graph | ox.Store:
    """The graph to query: ``store`` is ``rdflib`` or ``oxigraph``; None picks by the path.

    A store folder (``kg load``) is opened read-only with oxigraph; a Turtle file is parsed
    with rdflib when it is small (under ``RDFLIB_MAX_BYTES``) or ``store="rdflib"``, and
    otherwise loaded into an in-memory oxigraph store: rdflib evaluates SPARQL in Python and
    takes seconds to minutes per named query from about 1,000 articles on, oxigraph
    milliseconds.
    """
    from kg.store import is_store, memory_store, open_store

    p = Path(path)
    if store not in (None, *STORES):
        raise InputError(f"--store {store}: choose one of {', '.join(STORES)}")
    if p.is_dir():
        if store == "rdflib":
            raise InputError(f"{p}: a folder; rdflib reads a Turtle file (graph.ttl)")
        if not is_store(p) and (p / "graph.ttl").is_file():
            raise InputError(f"{p}: a build folder; query {p / 'graph.ttl'}")
        return open_store(p)
    if store == "oxigraph" or (store is None and _size(p) >= RDFLIB_MAX_BYTES):
        return memory_store(p)
    return load_graph(p)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # missing: load_graph says so


def read_query(query: str) -> str:
    """The query text: the contents of a ``.rq`` file, or the argument itself."""
    p = Path(query)
    if query.endswith((".rq", ".sparql")) or (len(query) < 300 and p.is_file()):
        try:
            return p.read_text("utf-8")
        except FileNotFoundError:
            raise InputError(f"{p}: query file not found") from None
    return query


def run_query(graph: Graph | ox.Store, query: str) -> tuple[list[str], list[list[str]]]:
    """Run a SELECT/ASK query; returns (column names, rows as strings).

    The query is read by ``kg.serve.guard`` first: SERVICE (both engines would send an HTTP
    request to any address it names) and nesting deep enough to crash Oxigraph are refused
    with a ``QueryError``."""
    from kg.serve.guard import inspect_query

    inspect_query(query)
    if isinstance(graph, ox.Store):
        from kg.store import store_query

        return store_query(graph, query, {k: str(v) for k, v in PREFIXES.items()})
    try:
        result = graph.query(query, initNs=PREFIXES)
    except Exception as exc:  # pyparsing / rdflib errors: report them as the user's query
        raise QueryError(f"the SPARQL query could not be run: {exc}") from None
    if result.type == "ASK":
        return ["ask"], [[str(bool(result.askAnswer)).lower()]]
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries are supported here")
    cols = [str(v) for v in result.vars or []]
    rows = [["" if v is None else str(v) for v in cast(ResultRow, row)] for row in result]
    return cols, rows


def run_named(
    graph: Graph | ox.Store, name: str, params: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Run the named query ``name`` (``kg query --list``) with its parameters filled in."""
    from kg.named_queries import bind_params, get_query

    return run_query(graph, bind_params(get_query(name), params or {},
                                        resolve=lambda value: find_entities(graph, value)))


# Every name form of every entity, with the language of the form (an @ar label gives the
# former id) and the entity's base class (the former id's prefix).
_NAMES_QUERY = """
SELECT ?entity ?type ?name ?lang WHERE {
  VALUES ?type { kg:Person kg:Organization kg:Place }
  ?entity a ?type .
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
  BIND(lang(?name) AS ?lang)
}
"""


def name_index(graph: Graph | ox.Store) -> NameIndex:
    """The ``kg.text.namematch`` index of a graph's entities, keyed by IRI (either engine)."""
    names: dict[str, list[str]] = {}
    ids: dict[str, set[str]] = {}
    _, rows = run_query(graph, _NAMES_QUERY)
    for iri, type_iri, name, lang in sorted(rows):
        names.setdefault(iri, []).append(name)
        local = iri.removeprefix(str(KGR))
        ids.setdefault(iri, {iri, local})
        if lang == "ar":
            ids[iri].add(former_id(type_iri.rsplit("#", 1)[-1], name))
    return NameIndex(names, {k: sorted(v) for k, v in ids.items()})


_TYPES = "VALUES ?type { kg:Person kg:Organization kg:Place }"
_SAFE_IRI = re.compile(r"[^\s<>\"{}|^`\\]+")


def _strings(keys: Iterable[str]) -> str:
    return " ".join(sparql_string(k) for k in sorted(keys))


def find_entities(graph: Graph | ox.Store, name: str) -> list[str]:
    """The IRIs of the entities ``name`` names (sorted; empty when none does).

    A graph that carries ``kg:matchKey`` literals (every graph ``kg build`` writes) is asked
    for the few entities that share a key with ``name`` (an indexed lookup, milliseconds on
    10,000 articles); ``kg.text.namematch.NameIndex`` over their names then decides, so the
    answer is the one the whole index would give. An older graph is read whole."""
    name = name.strip()
    try:
        sparql_string(name)
    except InputError:  # a backslash-u escape: no name has one, and SPARQL cannot carry it
        return []
    if not name:
        return []
    for iri in (name, str(KGR) + name):  # an id or an IRI
        if _SAFE_IRI.fullmatch(iri) and ":" in iri:
            _, rows = run_query(graph, f"SELECT ?type WHERE {{ {_TYPES} <{iri}> a ?type }}")
            if rows:
                return [iri]
    _, rows = run_query(graph, "SELECT ?e WHERE { ?e kg:matchKey ?k } LIMIT 1")
    if not rows:
        return name_index(graph).find(name)
    whole, word_sets = query_keys(name)
    q = f"SELECT DISTINCT ?e WHERE {{ VALUES ?k {{ {_strings(whole)} }} ?e kg:matchKey ?k }}"
    found = {r[0] for r in run_query(graph, q)[1]}
    if not found:
        for words in word_sets:
            pattern = " ".join(f"?e kg:matchKey {sparql_string(w)} ." for w in sorted(words))
            q = f"SELECT DISTINCT ?e WHERE {{ {pattern} }}"
            found |= {r[0] for r in run_query(graph, q)[1]}
    if not found:
        return []
    values = " ".join(f"<{iri}>" for iri in sorted(found) if _SAFE_IRI.fullmatch(iri))
    names: dict[str, list[str]] = {}
    ids: dict[str, set[str]] = {}
    q = (f"SELECT ?e ?p ?v WHERE {{ VALUES ?e {{ {values} }} "
         "{ ?e rdfs:label ?v BIND(1 AS ?p) } UNION { ?e skos:altLabel ?v BIND(1 AS ?p) } "
         "UNION { ?e kg:matchKey ?v BIND(2 AS ?p) FILTER(STRSTARTS(?v, \"#\")) } }")
    for iri, kind, value in sorted(run_query(graph, q)[1]):
        ids.setdefault(iri, {iri, iri.removeprefix(str(KGR))})
        if kind == "1":
            names.setdefault(iri, []).append(value)
        else:
            ids[iri].add(value[1:])
    return NameIndex(names, ids).find(name)


def format_table(cols: list[str], rows: list[list[str]]) -> str:
    """A plain-text table (tab-free, padded) for the terminal."""
    if not cols:
        return ""
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True))  # noqa: E731
    out = [line(cols), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
