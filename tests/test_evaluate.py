"""Tests of kg.evaluate: every expected number is counted by hand from the fixtures.

The main fixture is tests/fixtures/eval/{graph.ttl,gold.json}; the comments in graph.ttl name
each node (A, B, C, ...) as used below. Smaller cases are inline Turtle.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.errors import InputError
from kg.evaluate import (
    EvalReport,
    Ratio,
    dates_compatible,
    evaluate,
    evaluate_files,
    format_report,
    load_gold,
    name_keys,
    report_to_json,
)
from kg.vocab import KG, KGR

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
GRAPH = FIXTURES / "graph.ttl"
GOLD = FIXTURES / "gold.json"

PREFIXES = """
@prefix kg:  <https://w3id.org/raidkg/ontology#> .
@prefix kgr: <https://w3id.org/raidkg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kgr:doc_d1 a kg:Document ; dcterms:identifier "d1" .
kgr:doc_d2 a kg:Document ; dcterms:identifier "d2" .
"""


def ttl(body: str) -> Graph:
    return Graph().parse(data=PREFIXES + body, format="turtle")


def counts(r: Ratio) -> tuple[int, int]:
    return (r.hits, r.total)


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate_files(GRAPH, GOLD)


# ----------------------------------------------------------------------------- entities


def test_entity_precision_recall_f1(report: EvalReport) -> None:
    # 12 entity nodes; correct: A B C (Person), idlib barisha (Place), F G J (Organization).
    # Wrong: H (علي outside ali's documents), I (سوريا typed Person), دمشق, جيش الإسلام.
    assert counts(report.entities.precision) == (8, 12)
    # 10 core entities (al_monitor is not core); missed: hamza, sdf, syria.
    assert counts(report.entities.recall) == (7, 10)
    assert report.entities.f1 == pytest.approx(2 * (8 / 12) * (7 / 10) / (8 / 12 + 7 / 10))
    by_type = {t.type: (counts(t.precision), counts(t.recall)) for t in report.entities.by_type}
    assert by_type == {
        "Person": ((3, 5), (3, 4)),
        "Organization": ((3, 4), (2, 3)),
        "Place": ((2, 3), (2, 3)),
    }


def test_missed_and_unmatched_details(report: EvalReport) -> None:
    d = report.details
    assert {m.gold_id for m in d.missed_entities} == {"hamza", "sdf", "syria"}
    syria = next(m for m in d.missed_entities if m.gold_id == "syria")
    assert [n.iri for n in syria.other_type_nodes] == ["kgr:suriya_person"]
    unmatched = {u.node.iri: u.hint for u in d.unmatched_nodes}
    assert set(unmatched) == {"kgr:ali", "kgr:suriya_person", "kgr:dimashq", "kgr:jaysh_al_islam"}
    assert "outside its documents" in unmatched["kgr:ali"]
    assert "a Place" in unmatched["kgr:suriya_person"]


@pytest.mark.parametrize(
    ("system", "gold"),
    [
        ("ادلب", "إدلب"),  # hamza on alef
        ("وباريشا", "باريشا"),  # conjunction on a name starting with a clitic letter
        ("بباريشا", "باريشا"),
        ("وأبو بكر البغدادي", "أبو بكر البغدادي"),
        ("الدولة الاسلامية", "الدولة الإسلامية"),
        ("القيادة المركزيّة", "القيادة المركزية"),  # shadda
        ("سنتـكوم", "سنتكوم"),  # tatweel
        ("مصطفى", "مصطفي"),  # alef maksura
        ("الحسكه", "الحسكة"),  # teh marbuta
        ("لداعش", "داعش"),
    ],
)
def test_name_variants_match(system: str, gold: str) -> None:
    assert name_keys(system) & name_keys(gold)


@pytest.mark.parametrize(
    ("a", "b"),
    [("أبو بكر", "أبو بكر البغدادي"), ("صلاح", "صلاح نعمان"), ("الحسن", "الحسين")],
)
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert not (name_keys(a) & name_keys(b))


def test_name_starting_with_clitic_letter_keeps_a_full_key() -> None:
    # eval_key drops the first letter of بغداد; the second key keeps the name whole, so that a
    # system label وبغداد still meets the gold بغداد.
    assert name_keys("بغداد") == {"غداد", "بغداد"}
    assert name_keys("وبغداد") & name_keys("بغداد") == {"بغداد"}


# ----------------------------------------------------------------------------- merging


def test_merging(report: EvalReport) -> None:
    # found: baghdadi (A, B), qurashi1 (A), ali, isis, centcom, al_monitor, idlib, barisha.
    assert counts(report.merging.recall) == (7, 8)
    # distinct pairs with both found: (baghdadi, qurashi1) merged on A; (centcom, isis) apart.
    assert counts(report.merging.precision) == (1, 2)
    merged = report.details.merged_distinct
    assert [(g.gold_ids, [n.iri for n in g.nodes]) for g in merged] == [
        (("baghdadi", "qurashi1"), ["kgr:abu_bakr"])
    ]
    assert [g.gold_ids for g in report.details.split_entities] == [("baghdadi",)]


# ----------------------------------------------------------------------------- raids


def test_raid_matching(report: EvalReport) -> None:
    r = report.raids
    # 4 kg:Raid nodes (the kg:Event is ignored); raid_other matches nothing.
    assert counts(r.precision) == (3, 4)
    # core gold raids: barisha, idlib_ali, hamza (raid_unnamed is not core); hamza missed.
    assert counts(r.recall) == (2, 3)
    assert r.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert report.details.missed_raids == ("raid_hamza",)
    assert [n.iri for n in report.details.unmatched_raids] == ["kgr:raid_other"]


def test_raid_attributes(report: EvalReport) -> None:
    r = report.raids
    # pairs: (raid_barisha, S1), (raid_idlib_ali, S2), (raid_unnamed, S3)
    assert counts(r.location) == (2, 3)  # S2 is in دمشق
    assert counts(r.perpetrator) == (1, 3)  # S1 lacks the sdf group, S3 names isis
    assert counts(r.perpetrator_groups) == (2, 4)
    assert counts(r.killed) == (2, 3)  # S3 killed an unmatched node where gold has nobody
    # 2019-10 vs 2019-10-27 (prefix), --07-07 vs 2023-07 (yearless gold), 2020 vs 2021 wrong
    assert counts(r.date) == (2, 3)
    errors = {(e.gold_raid, e.attribute) for e in report.details.raid_errors}
    assert errors == {
        ("raid_barisha", "perpetrator"),
        ("raid_idlib_ali", "location"),
        ("raid_unnamed", "perpetrator"),
        ("raid_unnamed", "killed"),
        ("raid_unnamed", "date"),
    }


def test_multi_document_raid_counted_once(report: EvalReport) -> None:
    assert counts(report.raids.multi_document) == (1, 1)


def test_multi_document_raid_split_over_two_nodes() -> None:
    graph = Graph().parse(GRAPH)
    graph.parse(
        data=PREFIXES + "kgr:raid_barisha_again a kg:Raid ; kg:killed kgr:abu_bakr ;"
        " prov:wasDerivedFrom kgr:doc_d2 .",
        format="turtle",
    )
    report = evaluate(graph, load_gold(GOLD))
    assert counts(report.raids.multi_document) == (0, 1)
    # The new node killed A, which identifies baghdadi: it matches raid_barisha too.
    assert counts(report.raids.precision) == (4, 5)
    assert [g.gold_ids for g in report.details.split_raids] == [("raid_barisha",)]


def test_alt_perpetrators_are_accepted() -> None:
    gold = load_gold(GOLD)
    raid = gold["raids"][0]
    raid["alt_perpetrators"] = [["centcom"]]
    report = evaluate(Graph().parse(GRAPH), gold)
    assert counts(report.raids.perpetrator) == (2, 3)
    # raid_barisha now scores its one alternative group (1/1); idlib 1/1; unnamed 0/1.
    assert counts(report.raids.perpetrator_groups) == (2, 3)


@pytest.mark.parametrize(
    ("gold", "system", "ok"),
    [
        ("2019-10", "2019-10-27", True),
        ("2019-10-27", "2019-10", True),
        ("2019", "2019-10-27", True),
        ("2019-10", "2019-11", False),
        ("2019-10", "2020-10", False),
        ("--07-07", "2023-07-07", True),
        ("--07-07", "--07-07", True),
        ("--07-07", "2023-07", True),
        ("--07-07", "2023-07-08", False),
        ("--10", "2022-10", True),
        ("--10", "2022", False),
        ("2025-10-19", "2025-10-19Z", True),
        ("2019", "--10", False),
        ("2019", "not a date", False),
    ],
)
def test_dates_compatible(gold: str, system: str, ok: bool) -> None:
    assert dates_compatible(gold, system) is ok


# ----------------------------------------------------------------------------- relations


def test_relations(report: EvalReport) -> None:
    # counted: A leaderOf isis (gold twice, via the merged node), barisha locatedIn idlib,
    # C memberOf isis (non-core gold), B possiblySameAs A (both baghdadi): 4 correct;
    # idlib locatedIn barisha (reversed) and C memberOf جيش الإسلام: wrong.
    # C memberOf raid_barisha is not between entities and is not counted.
    assert counts(report.relations.precision) == (4, 6)
    # core: 5; present: baghdadi leaderOf, qurashi1 leaderOf, barisha locatedIn idlib.
    assert counts(report.relations.recall) == (3, 5)
    assert report.relations.f1 == pytest.approx(2 * (4 / 6) * (3 / 5) / (4 / 6 + 3 / 5))
    assert {str(r) for r in report.details.missed_relations} == {
        "qurashi1 successorOf baghdadi",
        "idlib locatedIn syria",
    }
    assert len(report.details.wrong_relations) == 2


def test_possibly_same_as_in_gold_either_direction() -> None:
    gold: dict[str, Any] = {
        "entities": [
            {"id": "a", "type": "Person", "aliases_ar": ["عبد الرحمن العراقي"], "core": True},
            {"id": "b", "type": "Person", "aliases_ar": ["أبو الحسن القرشي"], "core": True},
        ],
        "relations": [{"s": "a", "p": "possiblySameAs", "o": "b", "core": True}],
    }
    graph = ttl(
        """
        kgr:a a kg:Person ; rdfs:label "عبد الرحمن العراقي"@ar .
        kgr:b a kg:Person ; rdfs:label "أبو الحسن القرشي"@ar ; kg:possiblySameAs kgr:a .
        """
    )
    report = evaluate(graph, gold)
    assert counts(report.relations.precision) == (1, 1)
    assert counts(report.relations.recall) == (1, 1)


# ----------------------------------------------------------------------------- short aliases


AMBIGUOUS_GOLD: dict[str, Any] = {
    "entities": [
        {"id": "ali1", "type": "Person", "aliases_ar": ["صلاح نعمان", "علي"], "docs": ["d1"]},
        {"id": "ali2", "type": "Person", "aliases_ar": ["علي حسن", "علي"], "docs": ["d1"]},
    ],
    "distinct": [["ali1", "ali2"]],
}


def test_ambiguous_short_alias_counts_for_precision_only() -> None:
    graph = ttl('kgr:ali a kg:Person ; rdfs:label "علي"@ar ; prov:wasDerivedFrom kgr:doc_d1 .')
    report = evaluate(graph, AMBIGUOUS_GOLD)
    assert counts(report.entities.precision) == (1, 1)
    assert counts(report.entities.recall) == (0, 2)
    assert counts(report.merging.precision) == (0, 0)  # not a merge of ali1 and ali2
    assert [g.gold_ids for g in report.details.ambiguous_nodes] == [("ali1", "ali2")]


def test_ambiguous_short_alias_resolved_by_other_name() -> None:
    graph = ttl(
        """
        kgr:salah a kg:Person ; rdfs:label "صلاح نعمان"@ar ; skos:altLabel "علي"@ar ;
            prov:wasDerivedFrom kgr:doc_d1 .
        kgr:ali_hasan a kg:Person ; rdfs:label "علي حسن"@ar ; prov:wasDerivedFrom kgr:doc_d1 .
        """
    )
    report = evaluate(graph, AMBIGUOUS_GOLD)
    assert counts(report.entities.recall) == (2, 2)
    assert counts(report.merging.precision) == (1, 1)
    assert counts(report.merging.recall) == (2, 2)
    assert report.details.ambiguous_nodes == ()


def test_short_alias_on_node_without_provenance_identifies() -> None:
    gold = load_gold(GOLD)
    graph = ttl('kgr:ali a kg:Person ; rdfs:label "علي"@ar .')
    report = evaluate(graph, gold)
    assert counts(report.entities.precision) == (1, 1)


def test_world_alias_and_subclass_only_typing() -> None:
    # kg:ArmedGroup implies kg:Organization even when the base class is missing.
    graph = ttl('kgr:isis a kg:ArmedGroup ; rdfs:label "الدولة الإسلامية"@ar .')
    report = evaluate(graph, load_gold(GOLD))
    assert counts(report.entities.precision) == (1, 1)
    assert counts(report.entities.recall) == (1, 10)


def test_english_labels_are_ignored() -> None:
    graph = ttl('kgr:isis a kg:Organization ; rdfs:label "داعش"@en , "ISIS" .')
    report = evaluate(graph, load_gold(GOLD))
    assert counts(report.entities.precision) == (0, 1)


# ----------------------------------------------------------------------------- oracle graph


def graph_from_gold(gold: dict[str, Any]) -> Graph:
    """The graph a perfect system would build: one node per gold entity and raid."""
    g = Graph()
    for e in gold["entities"]:
        node = KGR[e["id"]]
        g.add((node, RDF.type, KG[e["type"]]))
        g.add((node, RDFS.label, Literal(e["aliases_ar"][0], lang="ar")))
        for alias in e["aliases_ar"][1:] + e.get("world_aliases", []):
            g.add((node, SKOS.altLabel, Literal(alias, lang="ar")))
        for doc in e.get("docs", []):
            g.add((KGR["doc_" + doc], RDF.type, KG.Document))
            g.add((KGR["doc_" + doc], DCTERMS.identifier, Literal(doc)))
            g.add((node, PROV.wasDerivedFrom, KGR["doc_" + doc]))
    for r in gold["raids"]:
        node = KGR[r["id"]]
        g.add((node, RDF.type, KG.Raid))
        for person in r.get("killed", []):
            g.add((node, KG.killed, KGR[person]))
        for item in r["location"]:
            g.add((node, KG.location, KGR[item[0] if isinstance(item, list) else item]))
        for group in r["perpetrators"]:
            g.add((node, KG.perpetrator, KGR[group[0]]))
        if r["date"]:
            g.add((node, KG.date, Literal(r["date"])))
        for doc in r["docs"]:
            g.add((node, PROV.wasDerivedFrom, KGR["doc_" + doc]))
    for rel in gold["relations"]:
        g.add((KGR[rel["s"]], KG[rel["p"]], KGR[rel["o"]]))
    return g


def test_perfect_graph_scores_one_everywhere() -> None:
    gold = load_gold(GOLD)
    data = report_to_json(evaluate(graph_from_gold(gold), gold))
    for group in ("entities", "merging", "raids", "relations"):
        assert (data[group]["precision"], data[group]["recall"]) == (1.0, 1.0), group
    for attribute in ("location", "perpetrator", "killed", "date", "multi_document_one_node"):
        assert data["raids"][attribute]["value"] == 1.0, attribute


# ----------------------------------------------------------------------------- empty graph


@pytest.mark.parametrize("verbose", [False, True])
def test_empty_graph_gives_zeros(verbose: bool) -> None:
    report = evaluate(Graph(), load_gold(GOLD))
    assert counts(report.entities.precision) == (0, 0)
    assert counts(report.entities.recall) == (0, 10)
    assert report.entities.f1 == 0.0
    assert counts(report.merging.recall) == (0, 0)
    assert counts(report.raids.precision) == (0, 0)
    assert counts(report.raids.recall) == (0, 3)
    assert counts(report.raids.multi_document) == (0, 1)
    assert counts(report.relations.recall) == (0, 5)
    data = report_to_json(report, verbose=verbose)
    assert data["entities"]["f1"] == 0.0
    json.dumps(data)
    assert "entities" in format_report(report, verbose=verbose)


def test_empty_gold_and_graph() -> None:
    report = evaluate(Graph(), {"entities": []})
    assert report_to_json(report)["relations"]["precision"] == 0.0


# ----------------------------------------------------------------------------- output


def test_report_to_json_keys(report: EvalReport) -> None:
    data = report_to_json(report)
    assert list(data) == ["corpus", "entities", "merging", "raids", "relations"]
    for group in ("entities", "merging", "raids", "relations"):
        assert {"precision", "recall", "f1", "precision_counts", "recall_counts"} <= set(
            data[group]
        )
    assert data["entities"]["precision_counts"] == [8, 12]
    assert data["raids"]["date"] == {"value": 0.6667, "hits": 2, "total": 3}
    assert data["raids"]["multi_document_one_node"]["hits"] == 1
    assert data["merging"]["distinct_pairs_merged"] == 1
    assert "details" not in data
    details = report_to_json(report, verbose=True)["details"]
    assert details["merged_distinct"] == [
        {"gold": ["baghdadi", "qurashi1"], "nodes": ["kgr:abu_bakr"]}
    ]
    json.dumps(details, ensure_ascii=False)


def test_format_report(report: EvalReport) -> None:
    text = format_report(report)
    assert "entities        P 0.67 (8/12)     R 0.70 (7/10)     F1 0.68" in text
    assert "relations       P 0.67 (4/6)      R 0.60 (3/5)" in text
    assert "distinct pairs merged" not in text.split("merging", 1)[0]
    assert "gold entities not found" not in text
    verbose = format_report(report, verbose=True)
    assert "gold entities not found (3):" in verbose
    assert "baghdadi + qurashi1 on kgr:abu_bakr" in verbose
    assert "qurashi1 successorOf baghdadi" in verbose


def test_deterministic() -> None:
    a = report_to_json(evaluate_files(GRAPH, GOLD), verbose=True)
    b = report_to_json(evaluate_files(GRAPH, GOLD), verbose=True)
    assert a == b


# ----------------------------------------------------------------------------- bad input


def test_load_gold_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_gold(tmp_path / "nope.json")


def test_load_gold_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text('{"entities": [\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.json: line 2: invalid JSON"):
        load_gold(path)


def test_load_gold_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_bytes('{"entities": ["داعش"]}'.encode("cp1256"))
    with pytest.raises(InputError, match="UTF-8"):
        load_gold(path)


def _gold_with(**changes: Any) -> dict[str, Any]:
    gold = copy.deepcopy(json.loads(GOLD.read_text(encoding="utf-8")))
    gold.update(changes)
    return gold


@pytest.mark.parametrize(
    ("gold", "message"),
    [
        ([], "JSON object"),
        ({"raids": []}, "no 'entities' list"),
        ({"entities": [{"id": "x", "type": "Thing", "aliases_ar": []}]}, "type must be"),
        ({"entities": [{"id": "x", "type": "Person", "aliases_ar": "x"}]}, "list of strings"),
        ({"entities": [{"id": "x", "type": "Person"}, {"id": "x", "type": "Place"}]}, "twice"),
        (_gold_with(relations=[{"s": "a", "p": "knows", "o": "b"}]), "predicate 'knows'"),
        (_gold_with(raids=[{"id": "r", "date": "October"}]), "not an ISO date"),
        (_gold_with(distinct=[["a"]]), "pair of entity ids"),
    ],
)
def test_bad_gold_shape(tmp_path: Path, gold: Any, message: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(path)
    with pytest.raises(InputError, match=message):
        evaluate(Graph(), gold)


def test_undefined_gold_ids_are_warnings() -> None:
    gold = _gold_with()
    gold["raids"][0]["perpetrators"] = [["us_special_operations"]]
    report = evaluate(Graph(), gold)
    assert report.details.gold_warnings == (
        "raid raid_barisha perpetrators refers to undefined entity 'us_special_operations'",
    )


def test_evaluate_files_bad_graph(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="kg build"):
        evaluate_files(tmp_path / "graph.ttl", GOLD)
    bad = tmp_path / "graph.ttl"
    bad.write_text("this is not turtle .", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        evaluate_files(bad, GOLD)


def test_romanised_labels_are_not_arabic_names() -> None:
    """An @ar-Latn label is a reading aid, not a name form to match against the gold."""
    from rdflib import Literal

    from kg.evaluate.graphread import is_arabic

    assert is_arabic(Literal("البغدادي", lang="ar"))
    assert is_arabic(Literal("البغدادي", lang="ar-SY"))
    assert not is_arabic(Literal("al-Baghdadi", lang="ar-Latn"))
    assert not is_arabic(Literal("Baghdadi", lang="en"))
