"""``kg view``: the interactive HTML view of a built graph, whole or around one entity.

Reads a ``graph.ttl`` written by ``kg build`` (through ``kg.export.rdf.read_turtle``, so the
view is the one ``kg build`` writes, including tooltips with aliases, sources and evidence);
writes one self-contained HTML file (``kg.export.html``). With ``focus`` only the entities
and raids within ``hops`` edges of the named entity are drawn, the centre outlined.

Limits: the whole graph is read into memory first; a focus name must be written as in the
graph (any alias, compared after Arabic normalisation, or the English label, or the id).
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.export.html import write_html
from kg.export.rdf import read_turtle

__all__ = ["view"]


def view(graph_path: str | Path, out_path: str | Path, focus: str | None = None,
         hops: int = 2) -> Path:
    """Write the HTML view of ``graph_path`` (or of ``focus``'s neighbourhood) to ``out_path``.

    Returns the path written. Raises ``InputError`` for a missing or unreadable graph, a
    negative ``hops``, or a focus that names no entity.
    """
    if hops < 0:
        raise InputError(f"--hops must be 0 or more, not {hops}")
    graph = read_turtle(graph_path)
    out = Path(out_path)
    if out.parent != Path():
        out.parent.mkdir(parents=True, exist_ok=True)
    write_html(graph, out, focus=focus, hops=hops)
    return out
