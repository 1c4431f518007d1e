"""Shared by the RDF export tests: graph comparison that says which triples differ."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Fail with the triples only one side has (N-Triples), not just "not isomorphic"."""
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        raise AssertionError(
            "graphs differ\n--- only expected:\n" + only_expected.serialize(format="nt")
            + "\n--- only actual:\n" + only_actual.serialize(format="nt"))
