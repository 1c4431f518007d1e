"""Exporters: the KnowledgeGraph in every output format of the graph contract.

One module per format, each with a pure ``generate_X(graph)`` (no I/O) and ``write_X(graph,
path)``, as in networkx's readwrite package:

- ``kg.export.rdf``: Turtle (``graph.ttl``) and the rdflib Graph (``to_rdf``);
- ``kg.export.gexf``: GEXF 1.2draft for Gephi (``graph.gexf``);
- ``kg.export.html``: the self-contained interactive view (``graph.html``); above
  ``overview.BIG_VIEW_NODES`` an overview with its data in ``graph-data/`` (``kg.export.overview``);
- ``kg.export.csv``: ``entities.csv``, ``raids.csv``, ``relations.csv``;
- ``kg.export.network``: the networkx MultiDiGraph the GEXF and HTML views share.

``write_all`` writes every file of a build into one folder. It writes in place; making the
build atomic (temporary folder, then move) is the caller's job.
"""

from __future__ import annotations

from pathlib import Path

from kg.export.csv import write_csv
from kg.export.gexf import write_gexf
from kg.export.html import write_html
from kg.export.overview import data_folder
from kg.export.rdf import write_turtle
from kg.model import KnowledgeGraph

__all__ = ["OUTPUT_FILES", "OUTPUT_FOLDERS", "write_all"]

OUTPUT_FILES = ("graph.ttl", "graph.gexf", "graph.html", "entities.csv", "raids.csv",
                "relations.csv")
# Written only for big graphs: the overview's data beside graph.html.
OUTPUT_FOLDERS = (data_folder(Path("graph.html")).name,)


def write_all(graph: KnowledgeGraph, directory: str | Path) -> list[Path]:
    """Write graph.ttl, graph.gexf, graph.html and the three CSV files into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    write_turtle(graph, out / "graph.ttl")
    write_gexf(graph, out / "graph.gexf")
    write_html(graph, out / "graph.html")
    write_csv(graph, out)
    written = [out / name for name in (*OUTPUT_FILES, *OUTPUT_FOLDERS)]
    return [path for path in written if path.exists()]
