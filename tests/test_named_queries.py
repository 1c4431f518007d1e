"""The named SPARQL queries (kg.named_queries) answered on the seeds graph, by rdflib and oxigraph.

The seeds graph is built once for the module with the default extractors. Each query is
checked for its answer (who, where, when, by whom), and the three engines (rdflib on
graph.ttl, oxigraph in memory, oxigraph on disk) must give the same rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import api
from kg.cli import main
from kg.errors import InputError, QueryError
from kg.named_queries import bind_params, get_query, list_queries, parse_params, sparql_string
from kg.query import open_graph, run_named, run_query
from kg.store import load_store

ROOT = Path(__file__).resolve().parents[1]
R = "https://w3id.org/raidkg/resource/"
CALIPHS = [
    "abu_bakr_al_baghdadi",
    "abu_ibrahim_al_qurashi",
    "abu_al_hasan_al_qurashi",
    "abu_al_husayn_al_qurashi",
    "abu_hafs_al_qurashi",
]
BARISHA = R + "raid-2019-10-abu-bakr-al-baghdadi"
Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("named") / "out"
    api.build([ROOT / "seeds"], out)
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def engines(seeds: Path) -> dict[str, Graph | ox.Store]:
    store_dir = seeds.parent / "store"
    load_store(seeds, store_dir)
    return {
        "rdflib": open_graph(seeds),
        "oxigraph-memory": open_graph(seeds, "oxigraph"),
        "oxigraph-disk": open_graph(store_dir),
    }


@pytest.fixture(scope="module", params=["rdflib", "oxigraph-disk"])
def graph(request: pytest.FixtureRequest, engines: dict) -> Graph | ox.Store:
    return engines[request.param]


def named(graph: Graph | ox.Store, query: str, /, **params: str) -> Rows:
    cols, rows = run_named(graph, query, params)
    return [dict(zip(cols, r, strict=True)) for r in rows]


def cell(value: str) -> set[str]:
    """A cell holding a " | "-separated list, as a set (GROUP_CONCAT order is not defined)."""
    return {v for v in value.split(" | ") if v}


def test_the_library_lists_every_query_with_its_header() -> None:
    queries = {q.name: q for q in list_queries()}
    assert {
        "caliphs", "aliases", "raids-by-perpetrator", "raids-by-province", "raids-by-period",
        "killed-per-organization", "raid-documents", "date-conflicts",
    } <= set(queries)  # fmt: skip
    for q in queries.values():
        assert q.title and q.title != q.name and len(q.description) > 40, q.name
    (name,) = queries["aliases"].params
    assert name.name == "name" and name.required
    period = {p.name: p for p in queries["raids-by-period"].params}
    assert period["from"].type == "date" and not period["from"].required


def test_caliphs_are_five_distinct_people_in_order(graph: Graph | ox.Store) -> None:
    rows = named(graph, "caliphs")
    assert [r["person"] for r in rows] == [R + c for c in CALIPHS]
    assert [int(r["rank"]) for r in rows] == [0, 1, 2, 3, 4]
    assert [r["name"] for r in rows] == [
        "أبو بكر البغدادي",
        "أبو إبراهيم الهاشمي القرشي",
        "أبو الحسن الهاشمي القرشي",
        "أبو الحسين الحسيني القرشي",
        "أبو حفص الهاشمي القرشي",
    ]
    baghdadi, ibrahim, hasan, _husayn, hafs = rows
    assert "إبراهيم عواد البدري" in cell(baghdadi["aliases"])
    assert (baghdadi["died"], baghdadi["place"]) == ("2019-10", "باريشا")
    assert "قوات دلتا" in cell(baghdadi["killer"])
    assert (ibrahim["died"], ibrahim["place"]) == ("2022-02", "أطمة")
    assert "أبو إبراهيم القرشي" in cell(ibrahim["aliases"])
    assert hasan["place"] == "درعا" and cell(hasan["killer"]) == {"الجيش السوري الحر"}
    assert "أبو الحسن الهاشمي القريشي" in cell(hasan["aliases"])
    assert hafs["died"] == "" and hafs["name_en"] == "Abu Hafs al-Hashimi al-Qurashi"


@pytest.mark.parametrize(
    "name",
    [
        "أبو بكر البغدادي",  # the preferred label
        "ابو بكر البغدادى",  # another spelling of hamza and final ya
        "إبراهيم عواد البدري",  # an alias (his real name)
        "abu bakr al-baghdadi",  # the English label, any case
        "abu_bakr_al_baghdadi",  # the id
        "البغدادي",  # a short form used alone
        "ابو بكر البغدادي",  # without hamza
        "Baghdadi",  # a Latin short form
        "Abou Bakr el-Baghdadi",  # a French-style Latin spelling, same phonetic key
    ],
)
def test_aliases_finds_the_person_by_any_of_his_names(graph: Graph | ox.Store, name: str) -> None:
    rows = named(graph, "aliases", name=name)
    assert {r["entity"] for r in rows} == {R + "abu_bakr_al_baghdadi"}
    labels = {(r["kind"], r["lang"], r["alias"]) for r in rows}
    assert ("label", "ar", "أبو بكر البغدادي") in labels
    assert ("label", "en", "Abu Bakr al-Baghdadi") in labels
    assert ("altLabel", "ar", "إبراهيم عواد إبراهيم البدري") in labels


def test_aliases_keeps_the_qurashi_caliphs_apart(graph: Graph | ox.Store) -> None:
    rows = named(graph, "aliases", name="أبو حفص القرشي")
    assert {r["entity"] for r in rows} == {R + "abu_hafs_al_qurashi"}
    assert not any("الحسن" in r["alias"] or "الحسين" in r["alias"] for r in rows)


def test_raids_by_perpetrator(graph: Graph | ox.Store) -> None:
    rows = {r["perpetrator"]: r for r in named(graph, "raids-by-perpetrator")}
    delta = rows[R + "delta_force"]
    assert delta["raids"] == "2" and delta["name_en"] == "Delta Force"
    assert cell(delta["killed_or_captured"]) == {"أبو بكر البغدادي", "أبو إبراهيم الهاشمي القرشي"}
    assert cell(delta["dates"]) == {"2019-10", "2022-02"}
    assert "أبو الحسن الهاشمي القرشي" in cell(rows[R + "fsa"]["killed_or_captured"])
    counts = [int(r["raids"]) for r in named(graph, "raids-by-perpetrator")]
    assert counts == sorted(counts, reverse=True)


def test_raids_by_province_on_the_seeds(graph: Graph | ox.Store) -> None:
    rows = {r["region"]: r for r in named(graph, "raids-by-province")}
    daraa = rows[R + "daraa"]
    assert daraa["kind"] == "province" and int(daraa["raids"]) >= 1
    assert "ضربة جوية مقتل أبو الحسن الهاشمي القرشي في درعا --10" in cell(daraa["raid_names"])
    # Daraa lies in Syria (kg:locatedIn), so its raids count for Syria too.
    syria = rows[R + "syria"]
    assert syria["kind"] == "country" and cell(daraa["raid_names"]) <= cell(syria["raid_names"])
    assert int(syria["raids"]) >= int(daraa["raids"])


LOCATED = """@prefix kg: <https://w3id.org/raidkg/ontology#> .
@prefix kgr: <https://w3id.org/raidkg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kgr:syria a kg:Country, kg:Place ; rdfs:label "سوريا"@ar .
kgr:idlib a kg:Governorate, kg:Place ; rdfs:label "إدلب"@ar ; kg:locatedIn kgr:syria .
kgr:harim a kg:District, kg:Place ; rdfs:label "حارم"@ar ; kg:locatedIn kgr:idlib .
kgr:atmeh a kg:Village, kg:Place ; rdfs:label "أطمة"@ar ; kg:locatedIn kgr:harim .
kgr:daraa a kg:Governorate, kg:Place ; rdfs:label "درعا"@ar ; kg:locatedIn kgr:syria .
kgr:r1 a kg:Raid ; rdfs:label "r1"@ar ; kg:location kgr:atmeh .
kgr:r2 a kg:Raid ; rdfs:label "r2"@ar ; kg:location kgr:idlib .
kgr:r3 a kg:Raid ; rdfs:label "r3"@ar ; kg:location kgr:daraa .
kgr:r4 a kg:Raid ; rdfs:label "r4"@ar ; kg:location kgr:harim, kgr:atmeh .
"""


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_raids_by_province_follow_located_in_transitively(tmp_path: Path, store: str) -> None:
    ttl = tmp_path / "g.ttl"
    ttl.write_text(LOCATED, "utf-8")
    rows = named(open_graph(ttl, store), "raids-by-province")
    got = {(r["name"], r["kind"], r["raids"], frozenset(cell(r["raid_names"]))) for r in rows}
    assert got == {
        ("إدلب", "province", "3", frozenset({"r1", "r2", "r4"})),  # village -> district -> here
        ("درعا", "province", "1", frozenset({"r3"})),
        ("سوريا", "country", "4", frozenset({"r1", "r2", "r3", "r4"})),
    }
    assert [r["name"] for r in rows] == ["سوريا", "إدلب", "درعا"]


IBRAHIM_RAID = R + "raid-2022-02-abu-ibrahim-al-hashimi-al-qurashi"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ({"from": "2019", "to": "2019"}, [BARISHA]),
        # a raid dated to the month overlaps a period of two days inside that month
        ({"from": "2019-10-26", "to": "2019-10-27"}, [BARISHA]),
        ({"from": "2020", "to": "2021-12-31"}, []),
        ({"from": "2022-02", "to": "2022-12"}, [IBRAHIM_RAID]),
    ],
)
def test_raids_by_period(graph: Graph | ox.Store, period: dict, expected: list[str]) -> None:
    assert [r["raid"] for r in named(graph, "raids-by-period", **period)] == expected


def test_raids_by_period_default_is_every_raid_with_a_year(graph: Graph | ox.Store) -> None:
    rows = named(graph, "raids-by-period")
    assert [r["raid"] for r in rows][:2] == [BARISHA, IBRAHIM_RAID]
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    assert not any(d.startswith("-") for d in dates)  # --10, --07-07: year unknown, left out
    assert "عملية مقتل أبو بكر البغدادي في باريشا 2019-10" == rows[0]["name"]
    assert cell(rows[0]["killed"]) == {"أبو بكر البغدادي"} and rows[0]["places"] == "باريشا"


def test_killed_per_organization(graph: Graph | ox.Store) -> None:
    rows = named(graph, "killed-per-organization")
    isis = rows[0]
    assert isis["organization"] == R + "isis"
    killed = cell(isis["people"])
    assert {"أبو بكر البغدادي", "أبو إبراهيم الهاشمي القرشي", "أبو الحسن الهاشمي القرشي"} <= killed
    assert int(isis["killed"]) == len(killed) >= 5
    assert "أبو حفص الهاشمي القرشي" not in killed  # alive in the seeds


def test_raid_documents(graph: Graph | ox.Store) -> None:
    rows = named(graph, "raid-documents", raid="باريشا")
    assert {r["raid"] for r in rows} == {BARISHA}
    assert [r["id"] for r in rows] == ["000_6885625b2571f587", "002_1d408386859719b9"]
    doc2 = rows[1]
    assert doc2["published"] == "2024-11-22"
    assert doc2["title"].startswith("بغارة في شرق سوريا")
    assert doc2["raid_name"] == "عملية مقتل أبو بكر البغدادي في باريشا 2019-10"


@pytest.mark.parametrize(
    "raid",
    [
        "raid-2019-10-abu-bakr-al-baghdadi",  # its id
        BARISHA,  # its IRI
        "ابو بكر البغدادى",  # the man it killed, spelt without hamza and with final alif maqsura
        "باريشا 2019-10",  # place and date
    ],
)
def test_raid_documents_finds_the_raid_by_id_or_part_of_its_name(
    graph: Graph | ox.Store, raid: str
) -> None:
    assert {r["raid"] for r in named(graph, "raid-documents", raid=raid)} == {BARISHA}


def test_raid_documents_lists_the_raids_reported_by_most_documents_first(
    graph: Graph | ox.Store,
) -> None:
    rows = named(graph, "raid-documents", raid="")  # an empty name: every raid
    every_raid = run_query(graph, "SELECT DISTINCT ?r WHERE { ?r a kg:Raid }")[1]
    assert {r["raid"] for r in rows} == {r for (r,) in every_raid}
    per_raid: dict[str, int] = {}
    for r in rows:
        per_raid[r["raid"]] = per_raid.get(r["raid"], 0) + 1
    counts = [per_raid[r["raid"]] for r in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    assert not named(graph, "raid-documents", raid="no such raid")


def test_every_named_query_gives_the_same_rows_on_every_engine(engines: dict) -> None:
    params = {"aliases": {"name": "أبو الحسن الهاشمي القرشي"}, "raid-documents": {"raid": "2019"}}
    for q in list_queries():
        answers = {}
        for label, g in engines.items():
            cols, rows = run_named(g, q.name, params.get(q.name, {}))
            answers[label] = (cols, [[sorted(cell(c)) for c in r] for r in rows])
        first = answers["rdflib"]
        assert first[1], f"{q.name} gave no rows"
        for label, answer in answers.items():
            assert answer == first, f"{q.name}: {label} differs from rdflib"


HOSTILE = [
    'x" } UNION { ?entity ?p ?alias } #',
    "back\\slash\\",
    'a\\" } #',
    "line\nbreak\r\ttab",
    "'''\"\"\" {{name}} ?x $y",
    "أبو\u202e بكر\u200b",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_parameters_are_inserted_as_inert_literals(engines: dict, value: str) -> None:
    """Whatever the value, it comes back verbatim: it cannot leave its string literal."""
    for label, g in engines.items():
        assert run_query(g, f"SELECT ?v WHERE {{ BIND({sparql_string(value)} AS ?v) }}") == (
            ["v"],
            [[value]],
        ), label
    # an entity parameter never reaches SPARQL as text: it is resolved to IRIs first (the
    # bidi-spoofed أبو بكر is أبو بكر once the controls are dropped: a short form of al-Baghdadi)
    rows = named(engines["oxigraph-memory"], "aliases", name=value)
    assert {r["entity"] for r in rows} <= {R + "abu_bakr_al_baghdadi"}


def test_an_injection_attempt_finds_nothing_on_rdflib(engines: dict) -> None:
    assert named(engines["rdflib"], "aliases", name=HOSTILE[0]) == []


def test_parameter_errors() -> None:
    aliases = get_query("aliases")
    with pytest.raises(InputError, match="needs --param name"):
        bind_params(aliases, {})
    with pytest.raises(InputError, match="no parameter nme"):
        bind_params(aliases, {"nme": "x"})
    with pytest.raises(InputError, match="YYYY"):
        bind_params(get_query("raids-by-period"), {"from": "2019'; DROP"})
    with pytest.raises(InputError, match="NAME=VALUE"):
        parse_params(["justaname"])
    assert parse_params(["name=a=b", "x="]) == {"name": "a=b", "x": ""}
    with pytest.raises(QueryError, match="caliphs"):
        get_query("caliph")
    # SPARQL expands \uXXXX before parsing, differently per engine: refused, not mangled
    raid = get_query("raid-documents")
    for value in ("\\u0022 } #", "a\\U00000022"):
        with pytest.raises(InputError, match="backslash followed by u"):
            bind_params(raid, {"raid": value})
    # a value holding a placeholder is not expanded a second time
    text = bind_params(raid, {"raid": "{{raid}}"})
    assert '"{{raid}}"' in text
    # an entity parameter is resolved against a graph; without one it cannot be bound
    with pytest.raises(QueryError, match="needs a graph"):
        bind_params(aliases, {"name": "البغدادي"})
    text = bind_params(aliases, {"name": "x"}, resolve=lambda v: [R + "a", "bad iri>"])
    assert f"VALUES ?entity {{ <{R}a> }}" in text  # an IRI that could break out is dropped
    assert "<urn:x-kg:no-entity>" in bind_params(aliases, {"name": "x"}, resolve=lambda v: [])


def test_cli_named_query_list_and_store(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "caliphs:" in listing and "--param name=" in listing

    assert main(["query", str(seeds), "--name", "caliphs", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["person"] for r in rows] == [R + c for c in CALIPHS]

    store = tmp_path / "store"
    assert main(["load", str(seeds), str(store)]) == 0
    assert "triples loaded" in capsys.readouterr().err
    assert main(["load", str(seeds), str(store)]) == 1  # exists: needs --replace
    assert "--replace" in capsys.readouterr().err
    assert main(["load", str(seeds), str(store), "--replace"]) == 0
    capsys.readouterr()
    args = ["--name", "aliases", "--param", "name=Abu Hafs al-Hashimi al-Qurashi", "--json"]
    assert main(["query", str(store), *args]) == 0
    from_store = json.loads(capsys.readouterr().out)
    assert main(["query", str(seeds), "--store", "oxigraph", *args]) == 0
    assert json.loads(capsys.readouterr().out) == from_store
    assert {r["alias"] for r in from_store} >= {"أبو حفص القرشي", "أبو حفص الهاشمي القرشي"}

    assert main(["query", str(seeds), "--param", "name=x"]) == 1
    assert "--name" in capsys.readouterr().err
    assert main(["query", "--name", "raids-by-period", "--param", "from=2019", "--show"]) == 0
    assert 'SUBSTR(STR("2019"), 1, STRLEN(STR(?d)))' in capsys.readouterr().out
    assert main(["query", str(seeds)]) == 1
    assert "--list" in capsys.readouterr().err


CONFLICTING_REPORTS = [
    {"id": "report_a", "published": "2024-03-14",
     "text": "قتلت القوات الأمريكية المدعو سامي الحسن في غارة جوية على بلدة جاسم في 10 آذار 2024."},
    {"id": "report_b", "published": "2024-03-15",
     "text": "أعلنت القوات الأمريكية أنها قتلت المدعو سامي الحسن في غارة جوية على بلدة جاسم "
             "في 12 آذار 2024."},
    {"id": "report_c", "published": "2024-03-16",
     "text": "قتلت القوات الأمريكية المدعو فراس العبدالله في غارة على بلدة جاسم في 11 آذار 2024."},
]  # fmt: skip


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_date_conflicts_lists_a_raid_whose_sources_disagree(tmp_path: Path, store: str) -> None:
    src = tmp_path / "reports.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in CONFLICTING_REPORTS),
                   "utf-8")
    api.build([src], tmp_path / "out", extractors=("kb", "pattern"), jobs=1)
    rows = named(open_graph(tmp_path / "out" / "graph.ttl", store), "date-conflicts")
    # one raid (the same victim in two reports), its two dates, and what they share
    assert [(r["first"], r["first_doc"], r["second"], r["second_doc"], r["shared"])
            for r in rows] == [("2024-03-10", "report_a", "2024-03-12", "report_b", "2024-03")]
    assert "سامي الحسن" in rows[0]["raid_name"]
