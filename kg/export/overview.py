"""The view of a big graph: an overview page that loads neighbourhoods on demand.

Reads a ``kg.model.KnowledgeGraph``; writes ``graph.html`` and a data folder beside it
(``graph-data/`` for ``graph.html``). A browser cannot draw 170,000 nodes, and one page that
holds them all (309 MB at 100,000 articles) does not even open; this view draws only the most
connected entities and raids at first, searches every name, and loads the neighbourhood of
what the analyst clicks or finds from the data folder.

The data folder holds plain JavaScript files, each one call ``kgData(kind, block, payload)``
with a JSON payload, gzip-compressed and base64-encoded (the page adds them as ``<script>``
elements: a page opened from the disk may not ``fetch`` files, but it may load scripts beside
it; ``read_script`` reads one back):

- ``n0000.js`` …: node records by block of ``BLOCK`` node numbers: ``[id, type, label_ar,
  label_latn, subtype, aliases (at most MAX_ALIASES), number of documents, degree, date]``;
- ``a0000.js`` …: the neighbours of the same nodes: ``[[other node number, relation number,
  1 when the edge leaves this node], …]``;
- ``s00.js`` … ``s07.js``: the search index, ``[node number, id and names joined by a tab,
  Latin phonetic keys joined by a tab]``, loaded on the first search.

Node numbers are the nodes' positions in id order, so the files are byte-identical from one
build to the next, and an id is found by a binary search over each block's first id.
Evidence sentences and sources are left out (they would not fit in the data's budget): the
tooltip gives the ``kg view … --focus ID`` command that draws the full neighbourhood with
them. The Latin-script search matches English and Latin-script labels (not every alias).
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from kg.export.common import safe_text
from kg.export.html_template import PAGE_CSS, TEMPLATE
from kg.export.network import to_networkx
from kg.export.overview_template import OVERVIEW_TEMPLATE
from kg.export.vis import EDGE_COLOURS, TYPE_STYLE, json_for_script, vis_css, vis_js
from kg.model import KnowledgeGraph
from kg.text.namematch import latin_word_keys

# Above this many nodes (entities and raids) graph.html is the overview, not the whole graph.
BIG_VIEW_NODES = 3000
# Nodes drawn when the page opens: the most connected ones.
OVERVIEW_NODES = 300
BLOCK = 250
SEARCH_FILES = 8
MAX_ALIASES = 6
# Neighbours drawn when a node is opened (a country or a big group has thousands).
MAX_NEIGHBOURS = 150


def data_folder(page: Path) -> Path:
    """The folder of an overview page's data: ``graph.html`` -> ``graph-data``."""
    return page.with_name(page.stem + "-data")


def _script(kind: str, block: int, payload: Any) -> str:
    """One data file: a call with the payload as gzip-compressed JSON in base64 (a third of the
    JSON's size; the page inflates it with the browser's DecompressionStream). Compressed with
    a zero timestamp, so that the file is the same at every build."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    packed = base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return f'kgData("{kind}",{block},"{packed.decode("ascii")}");\n'


def read_script(text: str) -> tuple[str, int, Any]:
    """``(kind, block, payload)`` of a data file (the inverse of what the build writes)."""
    head, _, rest = text.partition("(")
    kind, block, packed = rest.rstrip().removesuffix(");").split(",")
    assert head == "kgData", "not a kg data file"
    payload = json.loads(gzip.decompress(base64.b64decode(packed.strip('"'))))
    return kind.strip('"'), int(block), payload


def _record(attrs: dict[str, Any], node: str, degree: int) -> list[Any]:
    aliases = [a for a in str(attrs.get("aliases", "")).split(" | ") if a][:MAX_ALIASES]
    docs = [d for d in str(attrs.get("docs", "")).split(" | ") if d]
    return [
        safe_text(node), str(attrs.get("type", "Unknown")), str(attrs.get("label", node)),
        str(attrs.get("label_latn", "")), str(attrs.get("subtype", "")), aliases, len(docs),
        degree, str(attrs.get("date", "")),
    ]


def _search_entry(number: int, node: str, attrs: dict[str, Any]) -> list[Any]:
    names = [node, str(attrs.get("label", "")), *str(attrs.get("aliases", "")).split(" | ")]
    latin = [str(attrs.get(k, "")) for k in ("label_en", "label_latn")]
    shown = sorted({n for n in [*names, *latin] if n})  # the page folds them as it folds queries
    # Latin phonetic keys of the English and Latin-script labels only: romanising every alias
    # of 170,000 nodes would cost minutes at build time
    keys = {" ".join(latin_word_keys(n)) for n in latin if n} - {""}
    return [number, "\t".join(shown), "\t".join(sorted(keys))]


def overview_files(
    graph: KnowledgeGraph, overview_nodes: int = OVERVIEW_NODES
) -> tuple[dict[str, Any], dict[str, str]]:
    """The page's own data (the overview) and the data files (name -> text) of ``graph``."""
    g = to_networkx(graph)
    order = sorted(g.nodes)
    number = {node: i for i, node in enumerate(order)}
    simple = nx.Graph(g)
    degree = dict(simple.degree())
    relations = sorted({str(rel) for _, _, rel in g.edges(keys=True)})
    rel_no = {r: i for i, r in enumerate(relations)}
    adjacency: list[set[tuple[int, int, int]]] = [set() for _ in order]
    for u, v, rel in g.edges(keys=True):
        adjacency[number[u]].add((number[v], rel_no[str(rel)], 1))
        adjacency[number[v]].add((number[u], rel_no[str(rel)], 0))
    records = [_record(g.nodes[n], n, degree.get(n, 0)) for n in order]

    files: dict[str, str] = {}
    for start in range(0, len(order), BLOCK):
        block = start // BLOCK
        files[f"n{block:04d}.js"] = _script("n", block, records[start : start + BLOCK])
        files[f"a{block:04d}.js"] = _script(
            "a", block, [sorted(adj) for adj in adjacency[start : start + BLOCK]]
        )
    search: list[list[list[Any]]] = [[] for _ in range(SEARCH_FILES)]
    for i, node in enumerate(order):
        search[i % SEARCH_FILES].append(_search_entry(i, node, g.nodes[node]))
    for k, entries in enumerate(search):
        files[f"s{k:02d}.js"] = _script("s", k, entries)

    top = sorted(order, key=lambda n: (-degree.get(n, 0), n))[:overview_nodes]
    shown = {number[n] for n in top}
    page = {
        "nodes": {str(number[n]): records[number[n]] for n in top},
        "edges": sorted(
            [number[n], other, rel, out]
            for n in top for other, rel, out in adjacency[number[n]]
            if out and other in shown
        ),
        "relations": relations,
        "block": BLOCK,
        "firsts": [order[start] for start in range(0, len(order), BLOCK)],
        "search_files": SEARCH_FILES,
        "total": {"nodes": len(order), "edges": g.number_of_edges()},
    }
    return page, files


def write_data_folder(files: dict[str, str], folder: Path) -> None:
    """Write the data files into ``folder`` (made if missing; other files left alone)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        (folder / name).write_text(text, encoding="utf-8")


def _namematch_js() -> str:
    """The Latin phonetic key in JavaScript: the block the full view's template ports from
    kg.text.namematch (between its ``namematch:begin`` / ``namematch:end`` markers), so both
    pages key names the same way (tests/test_name_match.py runs that block in node)."""
    text = TEMPLATE.split("// namematch:begin", 1)[1].split("// namematch:end", 1)[0]
    return text.split("\n", 1)[1].strip()  # the rest of the marker's comment line dropped


def generate_overview(
    graph: KnowledgeGraph, folder: str, title: str = "kg graph",
    overview_nodes: int = OVERVIEW_NODES,
) -> tuple[str, dict[str, str]]:
    """The overview page (its data files read from the relative ``folder``) and those files."""
    data, files = overview_files(graph, overview_nodes)
    data.update({
        "folder": folder,
        "styles": {k: list(v) for k, v in TYPE_STYLE.items()},
        "edge_colours": EDGE_COLOURS,
        "max_neighbours": MAX_NEIGHBOURS,
        "options": {
            "layout": {"improvedLayout": False, "randomSeed": 7},
            "nodes": {"font": {"size": 14, "face": "DejaVu Sans, Noto Sans, Tahoma, sans-serif",
                               "strokeWidth": 3, "strokeColor": "#ffffff"},
                      "scaling": {"min": 8, "max": 40, "label": {"enabled": False}}},
            "edges": {"smooth": False, "width": 1, "arrows": {"to": {"scaleFactor": 0.5}}},
            # a rough layout fast, then physics stops (as the full view does for big graphs)
            "physics": {"solver": "barnesHut",
                        "barnesHut": {"gravitationalConstant": -4000, "centralGravity": 0.6,
                                      "springLength": 150, "springConstant": 0.03,
                                      "damping": 0.4, "theta": 0.9},
                        "minVelocity": 1.0,
                        "stabilization": {"enabled": True, "iterations": 150,
                                          "updateInterval": 50, "fit": True}},
            "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True,
                            "hideEdgesOnDrag": True, "hideEdgesOnZoom": True},
        },
    })
    total = data["total"]
    summary = (f"{total['nodes']:,} nodes and {total['edges']:,} links: the "
               f"{len(data['nodes'])} most connected are drawn; search a name, or double-click "
               "a node, to load its neighbours")
    env = Environment(autoescape=True, keep_trailing_newline=True)
    page = env.from_string(OVERVIEW_TEMPLATE).render(
        title=safe_text(title), summary=summary, data_json=Markup(json_for_script(data)),
        vis_js=Markup(vis_js()), page_css=Markup(PAGE_CSS), vis_css=Markup(vis_css()),
        namematch_js=Markup(_namematch_js()),
    )
    return page, files


def write_overview(graph: KnowledgeGraph, path: str | Path, title: str = "kg graph") -> None:
    """Write the overview page to ``path`` and its data files to ``data_folder(path)``."""
    page_path = Path(path)
    folder = data_folder(page_path)
    page, files = generate_overview(graph, folder.name, title)
    write_data_folder(files, folder)
    page_path.write_text(page, encoding="utf-8")
