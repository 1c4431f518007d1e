"""The HTML view without a browser: self-contained, data escaped, neighbourhood view."""

from __future__ import annotations

import json
import re

import pytest

from kg.errors import InputError
from kg.export.common import safe_text
from kg.export.html import generate_html, neighbourhood
from kg.model import Entity, EntityType, KnowledgeGraph, Relation, RelationType

DATA_RE = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def payload(page: str) -> dict:
    match = DATA_RE.search(page)
    assert match, "no data block"
    return json.loads(match.group(1))


def test_self_contained(small_graph: KnowledgeGraph) -> None:
    page = generate_html(small_graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page, re.I)
    assert "@import" not in page
    assert "vis.Network" in page and "Content-Security-Policy" in page


def test_nodes_edges_and_legend(small_graph: KnowledgeGraph) -> None:
    page = generate_html(small_graph)
    data = payload(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == ({e.id for e in small_graph.entities}
                          | {r.id for r in small_graph.raids})
    baghdadi = nodes["abu-bakr-al-baghdadi"]
    assert baghdadi["label"] == "أبو بكر البغدادي\n\u200eAbu Bakr al-Baghdadi\u200e"
    assert baghdadi["kg"]["aliases"] == ["البغدادي", "إبراهيم عواد البدري"]
    # every entity shows a Latin-script name under the Arabic one, and carries the phonetic
    # keys the page's search compares a Latin query with
    assert nodes["atmeh"]["label"] == "أطمة\n\u200eAtma\u200e"
    assert nodes["atmeh"]["kg"]["label_latn"] == "Atma"
    assert "ab bkr bgdi" in baghdadi["kg"]["lkeys"] and "bgdi" in baghdadi["kg"]["lkeys"]
    assert baghdadi["shape"] == "dot" and nodes["isis"]["shape"] == "square"
    assert baghdadi["value"] > nodes["atmeh"]["value"]  # size by degree
    assert nodes["raid-2019-10-27-barisha"]["kg"]["evidence"]
    relations = sorted(e["kg"]["relation"] for e in data["edges"]
                       if (e["from"], e["to"]) == ("raid-2019-10-27-barisha",
                                                   "abu-bakr-al-baghdadi"))
    assert relations == ["killed", "target"]
    for kind in ("Person", "Organization", "Place", "Raid", "Event"):
        assert f'value="{kind}"' in page


def test_hostile_text_is_data_not_markup(hostile_graph: KnowledgeGraph) -> None:
    page = generate_html(hostile_graph)
    baseline = generate_html(KnowledgeGraph())
    # no name can open or close an element: the page has exactly the template's tags
    for tag in ("<script", "</script", "<img", "<style"):
        assert page.lower().count(tag) == baseline.lower().count(tag), tag
    block = DATA_RE.search(page).group(1)  # type: ignore[union-attr]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\u2028" not in block and "\u2029" not in block
    data = payload(page)
    labels = {n["id"]: n["kg"]["label_en"] for n in data["nodes"]}
    for entity in hostile_graph.entities:
        assert labels[entity.id] == safe_text(entity.label_en)
    evidence = next(n for n in data["nodes"] if n["id"] == "r-bad")["kg"]["evidence"]
    assert "</script><script>window.__pwned=3</script>" in evidence


def test_title_is_escaped() -> None:
    page = generate_html(KnowledgeGraph(), title='<kgx>"x"</kgx>')
    assert "<kgx>" not in page and "&lt;kgx&gt;&#34;x&#34;" in page


def test_deterministic(small_graph: KnowledgeGraph) -> None:
    assert generate_html(small_graph) == generate_html(small_graph)


def test_neighbourhood_by_name_and_id(small_graph: KnowledgeGraph) -> None:
    sub, centres = neighbourhood(small_graph, "البغدادي", hops=1)
    assert centres == {"abu-bakr-al-baghdadi"}
    ids = {e.id for e in sub.entities} | {r.id for r in sub.raids}
    assert {"abu-bakr-al-baghdadi", "isis", "raid-2019-10-27-barisha",
            "abu-ibrahim-al-hashimi-al-qurashi"} <= ids
    assert "syria" not in ids and "atmeh" not in ids
    # clitic and spelling variants of a name find the same entity
    assert neighbourhood(small_graph, "والبغدادي", 1)[1] == centres
    assert neighbourhood(small_graph, "abu bakr al-baghdadi", 1)[1] == centres
    assert neighbourhood(small_graph, "isis", 0)[0].entities[0].id == "isis"
    page = generate_html(small_graph, focus="isis", hops=1)
    focused = {n["id"] for n in payload(page)["nodes"]}
    assert "isis" in focused and "syria" not in focused
    assert all(e["from"] in focused and e["to"] in focused for e in payload(page)["edges"])


def test_unknown_focus_is_an_input_error(small_graph: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="no entity named"):
        generate_html(small_graph, focus="nobody at all")


def test_big_graph_options() -> None:
    n = 5000
    entities = tuple(Entity(f"p{i:04d}", EntityType.PERSON, f"اسم {i}") for i in range(n))
    relations = tuple(Relation(f"p{i:04d}", RelationType.SUCCESSOR_OF, f"p{(i * 7 + 1) % n:04d}")
                      for i in range(n))
    data = payload(generate_html(KnowledgeGraph(entities=entities, relations=relations)))
    options = data["options"]
    assert len(data["nodes"]) == n and len(data["edges"]) == n
    assert options["layout"]["improvedLayout"] is False
    assert options["physics"]["stabilization"]["iterations"] <= 200
    assert options["edges"]["smooth"] is False
    assert "label" not in data["edges"][0]


def test_tooltips_name_sources_and_legend_shows_edge_colours(small_graph: KnowledgeGraph) -> None:
    page = generate_html(small_graph)
    data = payload(page)
    assert data["sources"]["doc-a"] == ("doc-a \u2014 مقتل البغدادي \u00b7 وكالة مثال \u00b7 "
                                        "2019-10-27 \u00b7 https://example.org/news/a?id=1")
    assert data["sources"]["doc-b"] == "doc-b \u2014 2019-10-28"
    assert 'class="kg-edge"' in page and ">killed</span>" in page
    assert "stabilizationProgress" in page  # the layout shows its progress, then stops


def test_focus_by_part_of_a_name(small_graph: KnowledgeGraph) -> None:
    """A word of a name finds the entity when no entity has that word as its whole name."""
    assert neighbourhood(small_graph, "الهاشمي", 0)[1] == {"abu-ibrahim-al-hashimi-al-qurashi"}
    assert neighbourhood(small_graph, "Baghdadi", 0)[1] == {"abu-bakr-al-baghdadi"}
    # Latin spellings by phonetic key, and the former letter-by-letter id
    assert neighbourhood(small_graph, "el-Hachimi", 0)[1] == {"abu-ibrahim-al-hashimi-al-qurashi"}
    assert neighbourhood(small_graph, "Atmah", 0)[1] == {"atmeh"}
    assert neighbourhood(small_graph, "place-atma", 0)[1] == {"atmeh"}
    with pytest.raises(InputError):
        neighbourhood(small_graph, "بكر البغ", 0)  # words are whole words


def test_vis_network_is_the_vendored_npm_build() -> None:
    """The page inlines the documented vis-network files, unchanged (checksums in their README)."""
    import hashlib
    from pathlib import Path

    import kg

    vendor = Path(kg.__file__).parent / "data" / "vendor" / "vis-network"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    for name in ("vis-network.min.js", "vis-network.min.css"):
        digest = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert digest in readme, f"{name} differs from the documented checksum"
    assert (vendor / "LICENSE-MIT").is_file() and (vendor / "LICENSE-APACHE-2.0").is_file()
    page = generate_html(KnowledgeGraph())
    assert "vis-network 9.1.2" in readme and "Network" in page and "DataSet" in page


def test_dates_in_labels_are_isolated_and_yearless_dates_readable() -> None:
    from kg.export.html import readable_date, readable_dates

    assert readable_dates("عملية في باريشا 2019-10") == "عملية في باريشا \u20662019-10\u2069"
    assert readable_dates("ضربة --07-07") == "ضربة \u2066????-07-07\u2069"
    assert readable_dates("رقم 12345 و19-10") == "رقم 12345 و19-10"  # not dates: untouched
    assert readable_date("--10") == "????-10" and readable_date("2022-02-03") == "2022-02-03"


def test_every_entity_tooltip_carries_evidence_with_its_source() -> None:
    from kg.model import Claim, Evidence, Raid, Role

    man = Entity(id="p1", type=EntityType.PERSON, label_ar="أبو زيد الكردي", docs=("d1",))
    group = Entity(id="o1", type=EntityType.ORGANIZATION, label_ar="جماعة المثال",
                   docs=("d2",))
    raid = Raid(id="r1", kind="Raid", label_ar="عملية", killed=("p1",), docs=("d1",),
                claims=(Claim(Role.KILLED, "p1", "d1", "قتل أبو زيد الكردي في غارة."),))
    rel = Relation("p1", RelationType.MEMBER_OF, "o1",
                   (Evidence("d2", "أبو زيد الكردي القيادي في جماعة المثال.", "title"),))
    page = generate_html(KnowledgeGraph(entities=(man, group), raids=(raid,), relations=(rel,)))
    nodes = {n["id"]: n for n in payload(page)["nodes"]}
    assert nodes["p1"]["kg"]["evidence"] == [
        "قتل أبو زيد الكردي في غارة. [d1]", "أبو زيد الكردي القيادي في جماعة المثال. [d2]"]
    assert nodes["o1"]["kg"]["evidence"] == ["أبو زيد الكردي القيادي في جماعة المثال. [d2]"]
