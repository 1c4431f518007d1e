"""The ``kg`` command through ``kg.cli.main`` (no shell), plus one run of the installed script.

Builds use ``--extractors kb,pattern`` (fast, no statistical model) on the hand-written articles
of tests/fixtures/text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.cli import EXIT_SKIPPED, main

FIXTURES = Path(__file__).parent / "fixtures" / "text"
FILES = ("graph.ttl", "graph.html", "graph.gexf", "entities.csv", "raids.csv", "relations.csv",
         "report.json")
FAST = ["--extractors", "kb,pattern", "-q"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "out"
    assert main(["build", str(FIXTURES), "-o", str(out), *FAST]) == 0
    return out


def test_build_writes_every_file(built: Path) -> None:
    for name in FILES:
        assert (built / name).is_file() and (built / name).stat().st_size > 0, name
    g = Graph().parse(built / "graph.ttl", format="turtle")
    labels = {str(o) for o in g.objects(None, None) if getattr(o, "language", None) == "ar"}
    assert "أبو مصعب الحلبي" in labels
    assert nx.read_gexf(built / "graph.gexf").number_of_nodes() > 0
    report = json.loads((built / "report.json").read_text("utf-8"))
    assert report["documents_built"] == 3 and report["documents_skipped"] == 0
    html = (built / "graph.html").read_text("utf-8")
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert block, "graph.html holds no kg-data block"
    nodes = json.loads(block.group(1))["nodes"]
    assert any(n["label"].split("\n")[0] == "أبو مصعب الحلبي" for n in nodes)


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(["build", str(FIXTURES), "-o", str(again), *FAST]) == 0
    for name in FILES:
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


def test_bad_inputs_are_reported_and_the_rest_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "capture_fallujah.txt", src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (src / "latin.txt").write_bytes("Café résumé naïve, déjà vu à Paris.\n".encode("latin-1") * 4)
    (src / "english.txt").write_text("This article has no Arabic at all.\n", "utf-8")
    good_line = json.dumps({"id": "j1", "text": (FIXTURES / "strike_kasra_b.txt").read_text(
        "utf-8")}, ensure_ascii=False)
    (src / "feed.jsonl").write_text(good_line + "\n{not json\n", "utf-8")
    missing = tmp_path / "nowhere.txt"
    out = tmp_path / "out"
    code = main(["build", str(src), str(missing), "-o", str(out), *FAST])
    err = capsys.readouterr().err
    assert code == EXIT_SKIPPED
    for name in ("empty.txt", "binary.txt", "latin.txt", "english.txt", "nowhere.txt"):
        assert any(name in line for line in err.splitlines()), (name, err)
    assert any("feed.jsonl:2" in line for line in err.splitlines()), err
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["documents_built"] == 2
    skipped = {Path(p["source"]).name for p in report["problems"] if p["skipped"]}
    assert {"empty.txt", "binary.txt", "latin.txt", "english.txt", "nowhere.txt"} <= skipped
    ttl = (out / "graph.ttl").read_text("utf-8")
    assert "سعد الكبيسي" in ttl and "أبو مصعب الحلبي" in ttl


def test_query_prints_a_table(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = "SELECT ?l WHERE { ?p a kg:Person ; rdfs:label ?l . FILTER(lang(?l) = 'ar') } ORDER BY ?l"
    assert main(["query", str(built / "graph.ttl"), q]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].strip() == "l"
    assert set(out[1].strip()) == {"-"}
    assert "أبو مصعب الحلبي" in [line.strip() for line in out]
    assert "سعد الكبيسي" in [line.strip() for line in out]


def test_query_error_is_reported(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(built / "graph.ttl"), "SELEKT nothing"]) == 1
    assert "SPARQL" in capsys.readouterr().err


def test_eval_prints_metrics(built: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    gold = {
        "corpus": "cli-test",
        "documents": ["capture_fallujah", "strike_kasra_a", "strike_kasra_b"],
        "entities": [
            {"id": "musab", "type": "Person", "aliases_ar": ["أبو مصعب الحلبي", "الحلبي"],
             "docs": ["strike_kasra_a", "strike_kasra_b"], "core": True},
            {"id": "saad", "type": "Person", "aliases_ar": ["سعد الكبيسي", "الكبيسي"],
             "docs": ["capture_fallujah"], "core": True},
            {"id": "kasra", "type": "Place", "aliases_ar": ["الكسرة"],
             "docs": ["strike_kasra_a", "strike_kasra_b"], "core": True},
        ],
        "distinct": [["musab", "saad"]],
        "raids": [{"id": "r1", "docs": ["strike_kasra_a", "strike_kasra_b"],
                   "killed": ["musab"], "captured": [], "wounded": [], "location": ["kasra"],
                   "perpetrators": [], "date": "2024-03-10", "core": True}],
        "relations": [],
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    assert main(["eval", str(built / "graph.ttl"), "--gold", str(path)]) == 0
    out = capsys.readouterr().out
    for word in ("entities", "merging", "raids", "relations"):
        assert word in out
    assert main(["eval", str(built / "graph.ttl"), "--gold", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entities"]["recall"] == 1.0  # both men and the town are found
    assert data["merging"]["precision"] == 1.0  # and kept apart


def test_explain_prints_aliases_with_rules(built: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(built / "graph.ttl"), "الحلبي"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("أبو مصعب الحلبي")
    assert "الحلبي" in out.split("aliases:", 1)[1].splitlines()[0]
    assert "short-form" in out


def test_explain_unknown_name(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(built / "graph.ttl"), "اسم غير موجود"]) == 1
    assert "no entity named" in capsys.readouterr().err


def test_missing_graph_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(tmp_path / "none.ttl"), "SELECT * WHERE {?s ?p ?o}"]) == 1
    assert "none.ttl" in capsys.readouterr().err


def test_bad_usage_exits_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["build"])
    assert info.value.code == 2


def test_installed_script_help() -> None:
    script = Path(sys.executable).parent / "kg"
    assert script.exists(), "install the package: make install"
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    for command in ("build", "query", "eval", "explain"):
        assert command in done.stdout


def test_options_may_follow_the_positionals(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kg query GRAPH --store oxigraph "SELECT …"``, as people type it and as the README shows."""
    graph = str(built / "graph.ttl")
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Person }"
    assert main(["query", graph, "--store", "oxigraph", query, "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert main(["query", "--store", "rdflib", "--json", graph, query]) == 0
    before = json.loads(capsys.readouterr().out)
    assert after == before and int(after[0]["n"]) > 0
