"""Interactive HTML view: one self-contained page drawing the graph with vis-network.

Reads a ``kg.model.KnowledgeGraph``; writes HTML text (``generate_html``) or a file
(``write_html``). The page needs no network: the vis-network JS and CSS (vendored from npm
in ``kg/data/vendor/vis-network``, with their licences) are inlined, and a
Content-Security-Policy forbids any fetch. pyvis's own template is not used: it loads
Bootstrap from a CDN, drops parallel edges, is quadratic in the number of edges, and passes
tooltips to vis-network as HTML strings.

What the page shows: colour and shape by type (Person, Organization, Place, Raid, Event),
size by degree, a legend whose entries are type filters, a search box (Arabic-aware folding,
and for Latin script the phonetic key of ``kg.text.namematch``, ported to the page script, on
keys computed here: ``Jubouri`` finds al-Jabburi), Arabic labels drawn right-to-left with the
Latin-script name (English label, else romanisation: ``kg.text.romanize``) below them, tooltips with
aliases, sources and evidence sentences. Physics (Barnes-Hut) stabilises with a bounded number
of iterations, fewer for big graphs, then stops; edge labels and smooth curves are dropped
above a size where they cost more than they show. ``generate_html(graph, focus=..., hops=2)``
draws the neighbourhood of one entity.

Safety: names and sentences from articles are data. They travel as one JSON document in a
``<script type="application/json">`` block with ``<``, ``>``, ``&`` and U+2028/2029 escaped,
so no text can close the block; the page script puts them in the DOM with ``textContent``
only. Text also goes through ``safe_text``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from kg.errors import InputError
from kg.export.common import entity_subtype, raid_kind, safe_text
from kg.export.html_template import PAGE_CSS, TEMPLATE
from kg.export.network import best_date, to_networkx
from kg.export.overview import BIG_VIEW_NODES, write_overview
from kg.export.vis import (
    EDGE_COLOUR,
    EDGE_COLOURS,
    TYPE_STYLE,
    json_for_script,
    vis_css,
    vis_js,
)
from kg.model import Document, KnowledgeGraph
from kg.text.namematch import entity_index, latin_word_keys
from kg.text.romanize import latin_label, romanize_name

__all__ = ["TYPE_STYLE", "generate_html", "neighbourhood", "write_html"]

# Colour and vis-network shape per node type; the legend shows them in this order.
_LRM = "\u200e"
_LRI, _PDI = "\u2066", "\u2069"
# A date as kg writes it: 2019-10-27, 2019-10, 2019, --10-27 or --10 (no digit around it).
_DATE_RE = re.compile(r"(?<![\d-])(?:\d{4}(?:-\d{2}){0,2}|--\d{2}(?:-\d{2})?)(?![\d-])")
# Evidence sentences shown in an entity's tooltip.
_EVIDENCE = 3
# Above these sizes the view trades looks for speed.
_BIG_GRAPH = 1000
_HUGE_GRAPH = 2500
_LABELLED_EDGES = 300
# A focus name that fits more entities than this is too vague to centre a view on.
_MAX_CENTRES = 8


def _options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    big = n_nodes > _BIG_GRAPH
    # Stabilisation costs ~0.15 s per iteration at 5,000 nodes in headless Chromium on 2 cores
    # (benchmarks/bench_html.py): big graphs get a rough layout fast, then physics stops.
    iterations = (1000 if n_nodes <= 200 else 400 if n_nodes <= _BIG_GRAPH
                  else 100 if n_nodes <= _HUGE_GRAPH else 50)
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "nodes": {
            "font": {"size": 14, "face": "DejaVu Sans, Noto Sans, Tahoma, sans-serif",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 8, "max": 40, "label": {"enabled": False}},
            "borderWidth": 1,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False if big else {"enabled": True, "type": "continuous",
                                         "roundness": 0.3},
            "font": {"size": 9, "align": "middle", "strokeWidth": 2, "color": "#666666"},
            "width": 1,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            # Tuned on the seeds graph: strong enough central gravity that unconnected
            # entities stay near the rest (so the fitted view is not zoomed out too far to
            # read), soft springs and overlap avoidance so that labels have room.
            "barnesHut": {"gravitationalConstant": -4000 if big else -9000,
                          "centralGravity": 0.6 if big else 0.45,
                          "springLength": 150 if big else 190, "springConstant": 0.03,
                          "damping": 0.4,
                          "avoidOverlap": 0 if big else 1.0, "theta": 0.9 if big else 0.5},
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": iterations,
                              "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": True},
    }


def _label(label_ar: str, label_latn: str | None) -> str:
    """Arabic name, then the Latin-script one on its own line, marked left-to-right so that
    its punctuation is not mirrored in the right-to-left canvas; dates isolated."""
    label_ar = readable_dates(label_ar)
    if label_latn:
        return f"{label_ar}\n{_LRM}{label_latn}{_LRM}"
    return label_ar


def readable_date(value: str) -> str:
    """An ISO date for people: a year-less ``--10`` / ``--10-15`` reads ``????-10`` /
    ``????-10-15`` (the year unknown) instead of two dashes."""
    return "????" + value[1:] if value.startswith("--") else value


def readable_dates(text: str) -> str:
    """``text`` with each date readable and in a left-to-right isolate (U+2066 … U+2069):
    inside Arabic the bidi algorithm reads «2019-10» as two numbers and draws «10-2019»."""
    return _DATE_RE.sub(lambda m: f"{_LRI}{readable_date(m.group(0))}{_PDI}", text)


def _entity_evidence(graph: KnowledgeGraph) -> dict[str, list[str]]:
    """The first sentences that name each entity, with their document: from the raids'
    claims, the relations and the alias judgements (in that order), at most _EVIDENCE each."""
    found: dict[str, dict[str, None]] = {}

    def add(entity: str, doc: str, sentence: str) -> None:
        if sentence and len(found.setdefault(entity, {})) < _EVIDENCE:
            found[entity][f"{safe_text(sentence)} [{safe_text(doc)}]"] = None

    for raid in graph.raids:
        for claim in raid.claims:
            add(claim.value, claim.doc_id, claim.evidence)
    for relation in graph.relations:
        for ev in relation.evidence:
            add(relation.subject, ev.doc_id, ev.text)
            add(relation.object, ev.doc_id, ev.text)
    for entity in graph.entities:
        for judgement in entity.judgements:
            if judgement.evidence:
                add(entity.id, judgement.evidence.doc_id, judgement.evidence.text)
    return {k: list(v) for k, v in found.items()}


def _latin_keys(names: list[str]) -> list[str]:
    """The phonetic word keys of each name form (romanised when Arabic), as the page's search
    compares them: words joined by a space, duplicates dropped, sorted."""
    keys = {" ".join(latin_word_keys(romanize_name(n))) for n in names if n}
    return sorted(k for k in keys if k)


def _source(document: Document) -> str:
    """How a tooltip names a source: id, then title, outlet, date and URL where known."""
    details = [safe_text(x) for x in (document.title, document.outlet, document.published,
                                      document.url) if x]
    return safe_text(document.id) + (" — " + " · ".join(details) if details else "")


def _view_data(graph: KnowledgeGraph, focus_ids: frozenset[str] = frozenset()) -> dict[str, Any]:
    g = to_networkx(graph)
    entities = {e.id: e for e in graph.entities}
    raids = {r.id: r for r in graph.raids}
    evidence = _entity_evidence(graph)
    nodes: list[dict[str, Any]] = []
    for node_id in g.nodes:
        kg: dict[str, Any]
        if node_id in entities:
            e = entities[node_id]
            kg = {
                "type": e.type.value, "subtype": safe_text(entity_subtype(e)),
                "label_ar": safe_text(e.label_ar), "label_en": safe_text(e.label_en),
                "label_latn": safe_text(latin_label(e.label_ar, e.label_en)),
                "aliases": [safe_text(a) for a in e.aliases_ar if a != e.label_ar],
                "docs": [safe_text(d) for d in e.docs], "evidence": evidence.get(e.id, []),
                "lkeys": _latin_keys([e.label_ar, *e.aliases_ar, e.label_en or ""]),
            }
        elif node_id in raids:
            r = raids[node_id]
            date = best_date(r)
            kg = {
                "type": raid_kind(r), "subtype": safe_text(r.kind),
                "label_ar": safe_text(r.label_ar) or safe_text(r.id), "label_en": "",
                "label_latn": "", "lkeys": [],
                "aliases": [], "docs": [safe_text(d) for d in r.docs],
                "evidence": [safe_text(s) for s in r.evidence],
                "date": readable_date(safe_text(date.value)) if date else "",
            }
        else:
            kg = {"type": "Unknown", "subtype": "Unknown", "label_ar": safe_text(str(node_id)),
                  "label_en": "", "label_latn": "", "lkeys": [], "aliases": [], "docs": [],
                  "evidence": []}
        colour, shape = TYPE_STYLE.get(kg["type"], TYPE_STYLE["Unknown"])
        node: dict[str, Any] = {
            "id": node_id, "label": _label(kg["label_ar"], kg["label_latn"] or kg["label_en"]),
            "shape": shape, "color": colour, "value": g.degree(node_id) + 1, "kg": kg,
        }
        if node_id in focus_ids:
            node["borderWidth"] = 4
            node["color"] = {"background": colour, "border": "#000000"}
        nodes.append(node)
    edges: list[dict[str, Any]] = []
    show_labels = g.number_of_edges() <= _LABELLED_EDGES
    for n, (u, v, key, attrs) in enumerate(g.edges(keys=True, data=True)):
        relation = str(attrs.get("relation", key))
        edge: dict[str, Any] = {
            "id": f"e{n}", "from": u, "to": v,
            "color": EDGE_COLOURS.get(relation, EDGE_COLOUR),
            "kg": {"relation": relation,
                   "docs": [d for d in str(attrs.get("docs", "")).split(" | ") if d],
                   "evidence": [s for s in str(attrs.get("evidence", "")).split(" | ") if s]},
        }
        if show_labels:
            edge["label"] = relation
        edges.append(edge)
    used = {d for item in (*nodes, *edges) for d in item["kg"]["docs"]}
    sources = {d.id: _source(d) for d in graph.documents if d.id in used}
    return {"nodes": nodes, "edges": edges, "sources": sources,
            "options": _options(g.number_of_nodes(), g.number_of_edges())}


def neighbourhood(graph: KnowledgeGraph, focus: str, hops: int = 2) -> tuple[KnowledgeGraph,
                                                                                frozenset[str]]:
    """The part of ``graph`` within ``hops`` edges of the entity ``focus``, and the focus ids.

    ``focus`` is a raid id, or anything ``kg.text.namematch`` matches: an entity id (or its
    former id), any Arabic name form in any spelling of hamza/ya/ta marbuta, with or without
    the article, the English or Latin-script label, a short form, a Latin spelling with the
    same phonetic key (``Jubouri`` for al-Jabburi). Every entity the name identifies is a
    centre.
    """
    g = to_networkx(graph)
    centres = {focus} if focus in g else set(entity_index(graph.entities).find(focus))
    if not centres:
        raise InputError(f"no entity named {focus!r} in the graph: give an entity id or one of "
                         "its names as written in the graph (see entities.csv)")
    if len(centres) > _MAX_CENTRES:
        some = ", ".join(sorted(centres)[:_MAX_CENTRES])
        raise InputError(f"{focus!r} names {len(centres)} entities ({some}, ...): give a fuller "
                         "name or an entity id")
    undirected = g.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in sorted(centres):
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
    sub = replace(
        graph,
        entities=tuple(e for e in graph.entities if e.id in keep),
        raids=tuple(
            replace(r, perpetrators=_within(r.perpetrators, keep), targets=_within(r.targets, keep),
                    killed=_within(r.killed, keep), wounded=_within(r.wounded, keep),
                    captured=_within(r.captured, keep), locations=_within(r.locations, keep))
            for r in graph.raids if r.id in keep
        ),
        relations=tuple(rel for rel in graph.relations
                        if rel.subject in keep and rel.object in keep),
    )
    return sub, frozenset(centres)


def _within(ids: tuple[str, ...], keep: set[str]) -> tuple[str, ...]:
    return tuple(i for i in ids if i in keep)


def generate_html(graph: KnowledgeGraph, focus: str | None = None, hops: int = 2,
                  title: str = "kg graph") -> str:
    """The graph (or, with ``focus``, the neighbourhood of one entity) as one HTML page.

    Raises ``InputError`` when ``focus`` names no entity.
    """
    focus_ids: frozenset[str] = frozenset()
    if focus is not None:
        graph, focus_ids = neighbourhood(graph, focus, hops)
        title = f"{title}: {focus} ({hops} hops)"
    data = _view_data(graph, focus_ids)
    counts: dict[str, int] = {}
    for node in data["nodes"]:
        counts[node["kg"]["type"]] = counts.get(node["kg"]["type"], 0) + 1
    legend = [{"type": t, "colour": c, "shape": s, "count": counts[t]}
              for t, (c, s) in TYPE_STYLE.items() if t in counts]
    relations = {e["kg"]["relation"] for e in data["edges"]}
    edge_legend = [{"relation": r, "colour": c} for r, c in EDGE_COLOURS.items()
                   if r in relations]
    env = Environment(autoescape=True, keep_trailing_newline=True)
    page = env.from_string(TEMPLATE).render(
        title=safe_text(title),
        legend=legend,
        edge_legend=edge_legend,
        data_json=Markup(json_for_script(data)),
        vis_js=Markup(vis_js()), page_css=Markup(PAGE_CSS),
        vis_css=Markup(vis_css()),
    )
    return page


def write_html(graph: KnowledgeGraph, path: str | Path, focus: str | None = None,
               hops: int = 2, title: str = "kg graph") -> None:
    """Write ``generate_html(graph, focus, hops, title)`` to ``path`` (UTF-8).

    A whole graph of more than ``overview.BIG_VIEW_NODES`` entities and raids is too big for
    one page: ``path`` then gets the overview, with its data in a folder beside it
    (``kg.export.overview``). A focused view is always one page.
    """
    if focus is None and len(graph.entities) + len(graph.raids) > BIG_VIEW_NODES:
        write_overview(graph, path, title=title)
        return
    Path(path).write_text(generate_html(graph, focus=focus, hops=hops, title=title),
                          encoding="utf-8")
