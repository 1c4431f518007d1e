"""``kg view`` and the exports of the real seeds graph: read back from Turtle, places on the
map, raids on the timeline, the neighbourhood of one entity."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.api import build
from kg.cli import main
from kg.errors import InputError
from kg.export.rdf import read_turtle, to_rdf
from kg.extract.kb import load_kb
from kg.view import view

ROOT = Path(__file__).resolve().parents[1]
DATA_RE = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    build([ROOT / "seeds"], out)
    return out


def payload(path: Path) -> dict:
    match = DATA_RE.search(path.read_text(encoding="utf-8"))
    assert match
    return json.loads(match.group(1))


def test_seeds_turtle_reads_back_to_the_same_graph(seeds_out: Path) -> None:
    kg = read_turtle(seeds_out / "graph.ttl")
    assert len(kg.entities) > 40 and len(kg.raids) > 5 and len(kg.documents) == 5
    assert isomorphic(Graph().parse(seeds_out / "graph.ttl"), to_rdf(kg))


def test_curated_places_carry_coordinates() -> None:
    """Curated places take the coordinates of their GeoNames row (they were lost before)."""
    kb = load_kb()
    for place in ("idlib", "damascus", "jasim", "al_bab"):
        entry = kb.get(place)
        assert entry is not None and entry.lat is not None and entry.lon is not None, place
    assert 35.5 < kb.get("idlib").lat < 36.5  # type: ignore[union-attr]


def test_seeds_gexf_has_places_and_timeline(seeds_out: Path) -> None:
    g = nx.read_gexf(seeds_out / "graph.gexf")
    assert g.nodes["idlib"]["latitude"] == pytest.approx(35.93, abs=0.1)
    assert g.nodes["idlib"]["longitude"] == pytest.approx(36.63, abs=0.1)
    with_coordinates = [n for n, d in g.nodes(data=True) if "latitude" in d]
    assert len(with_coordinates) >= 8
    assert all(g.nodes[n]["type"] == "Place" for n in with_coordinates)
    dated = [d for _, d in g.nodes(data=True) if d.get("type") == "Raid" and "start" in d]
    assert dated and all(d["start"] <= d["end"] for d in dated)
    assert 'mode="dynamic"' in (seeds_out / "graph.gexf").read_text(encoding="utf-8")


def test_view_whole_graph_and_focus(seeds_out: Path, tmp_path: Path) -> None:
    whole = view(seeds_out / "graph.ttl", tmp_path / "all.html")
    focus = view(seeds_out / "graph.ttl", tmp_path / "sub" / "focus.html",
                 focus="البغدادي", hops=1)
    all_nodes = {n["id"] for n in payload(whole)["nodes"]}
    data = payload(focus)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert "abu_bakr_al_baghdadi" in nodes and nodes["abu_bakr_al_baghdadi"]["borderWidth"] == 4
    assert set(nodes) < all_nodes
    assert "isis" in nodes  # one hop: al-Baghdadi led ISIS
    assert "jasim" not in nodes
    # tooltips name the sources by their metadata, not only by id
    assert any("000_6885625b2571f587" in s for s in data["sources"].values())


def test_focus_by_english_name_and_unknown_name(seeds_out: Path, tmp_path: Path) -> None:
    out = view(seeds_out / "graph.ttl", tmp_path / "v.html", focus="al-Baghdadi", hops=0)
    assert {n["id"] for n in payload(out)["nodes"]} == {"abu_bakr_al_baghdadi"}
    with pytest.raises(InputError, match="no entity named"):
        view(seeds_out / "graph.ttl", tmp_path / "v.html", focus="لا أحد بهذا الاسم")
    with pytest.raises(InputError, match="hops"):
        view(seeds_out / "graph.ttl", tmp_path / "v.html", hops=-1)


def test_cli_view(seeds_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "view.html"
    assert main(["view", str(seeds_out / "graph.ttl"), "-o", str(out), "--focus",
                 "أبو إبراهيم الهاشمي القرشي", "--hops", "1"]) == 0
    assert "abu_ibrahim_al_qurashi" in {n["id"] for n in payload(out)["nodes"]}
    assert main(["view", str(tmp_path / "missing.ttl"), "-o", str(out)]) == 1
    assert "graph file not found" in capsys.readouterr().err
