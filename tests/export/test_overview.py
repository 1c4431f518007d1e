"""The big-graph overview (kg.export.overview): data files that round-trip, a neighbourhood
loaded on demand in headless Chromium, and the switch from the full page above the threshold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from test_html_browser import probe

import kg.export.html as html
from kg.export.overview import (
    BLOCK,
    data_folder,
    generate_overview,
    overview_files,
    read_script,
    write_overview,
)
from kg.model import Entity, EntityType, KnowledgeGraph, Raid, Relation, RelationType

HOSTILE = '");alert(1);//</script><img src=x onerror=alert(2)>'


def chain_graph(n_people: int = 2500) -> KnowledgeGraph:
    """People in a chain of memberships to a few groups, raids killing every tenth man; one
    man with a hostile alias and one named well enough to find by a Latin spelling."""
    groups = [Entity(id=f"org-{k}", type=EntityType.ORGANIZATION, label_ar=f"جماعة رقم {k}")
              for k in range(5)]
    people = [
        Entity(id=f"p{i:05d}", type=EntityType.PERSON, label_ar=f"أبو عمر الرقم {i}",
               aliases_ar=(HOSTILE,) if i == 7 else (), docs=(f"d{i % 40}",))
        for i in range(n_people)
    ]
    people.append(Entity(id="salim-al-jaburi", type=EntityType.PERSON,
                         label_ar="سالم عبد الله الجبوري", docs=("d1",)))
    place = Entity(id="place-x", type=EntityType.PLACE, label_ar="قرية النموذج")
    raids = tuple(
        Raid(id=f"raid-{i:05d}", kind="Raid", label_ar=f"عملية {i}", killed=(f"p{i:05d}",),
             perpetrators=("org-0",), locations=("place-x",), docs=(f"d{i % 40}",))
        for i in range(0, n_people, 10)
    )
    relations = tuple(
        Relation(f"p{i:05d}", RelationType.MEMBER_OF, f"org-{i % 5}") for i in range(n_people)
    ) + (Relation("salim-al-jaburi", RelationType.MEMBER_OF, "org-3"),)
    entities = tuple(sorted([*groups, *people, place], key=lambda e: e.id))
    return KnowledgeGraph(entities=entities, raids=raids, relations=relations)


def payloads(files: dict[str, str]) -> dict[str, Any]:
    """Each data file's payload, as the page's kgData gets it."""
    out: dict[str, Any] = {}
    for name in sorted(files):
        kind, block, payload = read_script(files[name])
        assert name == f"{kind}{block:0{2 if kind == 's' else 4}d}.js"
        out[f"{kind}{block}"] = payload
    return out


def test_data_files_hold_every_node_and_both_ends_of_every_edge() -> None:
    graph = chain_graph(600)
    page, files = overview_files(graph, overview_nodes=20)
    data = payloads(files)
    records = [r for b in range((page["total"]["nodes"] - 1) // BLOCK + 1) for r in data[f"n{b}"]]
    ids = [r[0] for r in records]
    assert ids == sorted([e.id for e in graph.entities] + [r.id for r in graph.raids])
    adjacency = [a for b in range(len(records) // BLOCK + 1) for a in data[f"a{b}"]]
    assert len(adjacency) == len(records)
    pairs = {(i, o, r, out) for i, adj in enumerate(adjacency) for o, r, out in adj}
    assert all((o, i, r, 1 - out) in pairs for i, o, r, out in pairs)
    # the hostile alias is data: it comes back as the same string
    man = records[ids.index("p00007")]
    assert man[5] == [HOSTILE]
    # the overview draws the most connected nodes: the five groups first
    assert {page["nodes"][k][0] for k in page["nodes"]} >= {f"org-{k}" for k in range(5)}
    searchable = {e[0] for k in range(page["search_files"]) for e in data[f"s{k}"]}
    assert searchable == set(range(len(records)))


def test_files_are_deterministic() -> None:
    graph = chain_graph(300)
    assert generate_overview(graph, "graph-data") == generate_overview(graph, "graph-data")


def test_write_html_switches_to_the_overview_above_the_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = chain_graph(300)
    small = tmp_path / "small.html"
    html.write_html(graph, small)
    assert not data_folder(small).exists() and "kg-results" not in small.read_text("utf-8")
    monkeypatch.setattr(html, "BIG_VIEW_NODES", 100)
    big = tmp_path / "graph.html"
    html.write_html(graph, big)
    assert (tmp_path / "graph-data" / "n0000.js").is_file()
    assert "kg-results" in big.read_text("utf-8")
    # a focused view stays one page, whatever the graph's size
    focused = tmp_path / "focus.html"
    html.write_html(graph, focused, focus="p00010", hops=1)
    assert not data_folder(focused).exists()


@pytest.mark.browser
@pytest.mark.parametrize(("query", "expected"), [
    ("p00040", "p00040:2"),                       # an id: member of a group, killed in a raid
    ("سالم عبد الله الجبوري", "salim-al-jaburi:1"),  # an Arabic name
    ("Jubouri", "salim-al-jaburi:1"),              # another Latin spelling of that name
])
def test_a_neighbourhood_is_loaded_on_demand(tmp_path: Path, query: str, expected: str) -> None:
    page = tmp_path / "graph.html"
    write_overview(chain_graph(), page)
    url = page.as_uri() + "#focus=" + quote(query)
    result = probe(url, tmp_path)
    assert f'data-kg-loaded="{expected}"' in result.dom, result.console
    assert 'data-kg-stable="1"' in result.dom
    assert not result.external
    assert not [line for line in result.console if "Uncaught" in line or "Refused" in line]
    assert "alert" not in "".join(result.console)


def test_a_build_with_an_overview_can_be_rebuilt_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """graph-data/ is output kg writes: a second build into the same OUT replaces it (a build
    refuses an OUT holding files kg did not write)."""
    from kg.api import build

    monkeypatch.setattr(html, "BIG_VIEW_NODES", 3)
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    out = tmp_path / "out"
    for _ in range(2):
        build([seeds], out, extractors=("kb", "pattern"), jobs=1)
        assert (out / "graph-data" / "n0000.js").is_file()
        assert "kg-results" in (out / "graph.html").read_text(encoding="utf-8")
