"""GEXF export for Gephi: the graph of ``kg.export.network.to_networkx`` as GEXF 1.2draft.

Reads a ``kg.model.KnowledgeGraph``; writes GEXF text (``generate_gexf``) or a file
(``write_gexf``), through networkx's GEXF writer, so ``networkx.read_gexf`` reads it back.

What Gephi gets:
- node label = the Arabic name; attributes ``label_en``, ``label_latn`` (Latin-script name),
  ``type``, ``subtype``, ``aliases``
  (one string, " | " between names), ``docs``, ``latitude``/``longitude`` for places (the
  names GeoLayout looks for), and for raids ``kind``, ``date``, ``method``, ``evidence``;
- raids carry ``start``/``end`` (the days their date spans) so the Timeline can play them;
- edges are directed and keyed by kind, so parallel edges of different kinds are kept;
  the kind is in the edge label and in the ``relation`` attribute (GEXF reserves the edge
  attribute name ``type`` for directed/undirected);
- no ``viz`` colours or sizes: the official 1.2draft XSD declares them in the wrong namespace,
  so a file carrying them fails validation; Gephi's Appearance panel colours by ``type``.

The output is deterministic: nodes and edges in model order, no modification date (networkx
stamps today's date; it is removed). Text is made XML-safe by ``safe_text`` (characters
illegal in XML 1.0 are dropped) and escaped by the XML writer.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import tostring

from networkx.readwrite.gexf import GEXFWriter

from kg.export.network import to_networkx
from kg.model import KnowledgeGraph

__all__ = ["generate_gexf", "write_gexf"]


def generate_gexf(graph: KnowledgeGraph) -> str:
    """The KnowledgeGraph as GEXF 1.2draft text (UTF-8 XML); deterministic."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(to_networkx(graph))
    graph_element = writer.xml.find("graph")
    if graph_element is not None:  # 1.2draft has no graph name attribute
        graph_element.attrib.pop("name", None)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "kg"
    body = tostring(writer.xml, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def write_gexf(graph: KnowledgeGraph, path: str | Path) -> None:
    """Write ``generate_gexf(graph)`` to ``path`` (UTF-8)."""
    Path(path).write_text(generate_gexf(graph), encoding="utf-8")
