"""One name-matching rule (kg.text.namematch) on every surface: the phonetic key, its
JavaScript port in the HTML view, the tiers of NameIndex, named queries, kg explain and
kg view --focus. Names and sentences here are written for these tests."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.explain import explain
from kg.export.html_template import TEMPLATE
from kg.export.rdf import write_turtle
from kg.model import Entity, EntityType, KnowledgeGraph
from kg.query import find_entities, load_graph, run_named
from kg.text.namematch import (
    NameIndex,
    entity_index,
    former_id,
    latin_key,
    latin_word_keys,
    name_keys,
)
from kg.view import view

TABLE = json.loads((Path(__file__).parent / "fixtures" / "name_keys.json").read_text("utf-8"))
R = "https://w3id.org/raidkg/resource/"


@pytest.mark.parametrize(("name", "keys"), TABLE["keys"])
def test_latin_word_keys(name: str, keys: list[str]) -> None:
    assert list(latin_word_keys(name)) == keys


def test_spellings_of_one_name_share_the_whole_key_and_others_do_not() -> None:
    assert latin_key("Abu Bakr al-Baghdadi") == latin_key("Abubakr al-Baghdadi")
    assert latin_key("Abdul Rahman") == latin_key("Abdulrahman") == latin_key("Abd al-Rahman")
    assert latin_key("al-Baghdadi") != latin_key("Baghdad")  # the nisba ending counts
    assert latin_key("Jabburi") != latin_key("Jabbar")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_html_view_port_gives_the_same_keys() -> None:
    """The page script's latinWordKeys, run in node on the same table."""
    block = re.search(r"// namematch:begin.*?\n(.*?)// namematch:end", TEMPLATE, re.S)
    assert block is not None
    script = block.group(1) + (
        "const table = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(JSON.stringify(table.keys.map(r => latinWordKeys(r[0]))));\n"
    )
    out = subprocess.run(["node", "-e", script], input=json.dumps(TABLE), text=True,
                         capture_output=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [keys for _, keys in TABLE["keys"]]


def _node(script: str, stdin: str) -> object:
    block = re.search(r"// namematch:begin.*?\n(.*?)// namematch:end", TEMPLATE, re.S)
    assert block is not None
    out = subprocess.run(["node", "-e", block.group(1) + script], input=stdin, text=True,
                         capture_output=True, check=True, timeout=60)
    return json.loads(out.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_html_search_finds_what_the_phonetic_tiers_find() -> None:
    """The page's phonetic(entry, words) on the keys the exporter embeds (html._latin_keys)
    agrees with the Latin tiers of NameIndex for Latin queries."""
    from kg.export.html import _latin_keys

    queries = ["Jubouri", "al-Jaburi", "Baghdadi", "Abu Najm", "Hamed al-Bagdadi", "Nasr",
               "Salim Abdallah", "Khattab", "Abu", "x", "Hussein"]
    entries = {e.id: _latin_keys([e.label_ar, *e.aliases_ar, e.label_en or ""])
               for e in GRAPH.entities}
    script = (
        "const [entries, queries] = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(JSON.stringify(queries.map(q => Object.keys(entries).sort()"
        ".filter(id => phonetic({lkeys: entries[id]}, latinWordKeys(q))))));\n"
    )
    found = _node(script, json.dumps([entries, queries]))
    expected = []
    for q in queries:
        keys = name_keys(q)
        hits = []
        for e in sorted(GRAPH.entities, key=lambda e: e.id):
            forms = [name_keys(n) for n in (e.label_ar, *e.aliases_ar, e.label_en or "")
                     if n]
            if len(keys.latin) >= 3 and any(
                    k.latin == keys.latin or _in_order(keys.latin_words, k.latin_words)
                    for k in forms):
                hits.append(e.id)
        expected.append(hits)
    assert found == expected
    assert found[0] == [SALEM.id] and found[8] == []


def _in_order(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    words = iter(full)
    return bool(short) and all(w in words for w in short)


# --------------------------------------------------------------------------- the index

SALEM = Entity(id="salem-abdullah-al-jabburi", type=EntityType.PERSON,
               label_ar="سالم عبد الله الجبوري", aliases_ar=("أبو خطاب العراقي",),
               docs=("d1",))
HAMID = Entity(id="hamid-al-baghdadi", type=EntityType.PERSON, label_ar="حامد البغدادي",
               docs=("d1",))
NAJM = Entity(id="abu-najm-al-baghdadi", type=EntityType.PERSON, label_ar="أبو نجم البغدادي",
              docs=("d1",))
FORCE = Entity(id="org-liwa-al-nasr", type=EntityType.ORGANIZATION, label_ar="لواء النصر",
               label_en="Victory Brigade", docs=("d1",))
GRAPH = KnowledgeGraph(entities=(NAJM, HAMID, FORCE, SALEM))


@pytest.mark.parametrize("query", [
    "سالم عبد الله الجبوري",  # the label
    "سالم عبدالله الجبورى",  # joined Abdullah, final alif maqsura
    "الجبوري",  # a short form, with the article
    "جبوري",  # and without
    "Jabburi", "al-Jaburi", "Jubouri", "al-Jubouri",  # Latin spellings of the nisba
    "Salem Abdullah al-Jabburi",  # the Latin-script label
    "Salim Abdallah al-Juburi",  # another romanisation of the whole name
    "أبو خطاب العراقي", "Abu Khattab al-Iraqi",  # an alias, in either script
    "salem-abdullah-al-jabburi",  # the id
    "salm-bd-allh-aljbwry",  # the former, letter-by-letter id
])
def test_every_form_of_a_name_finds_the_entity(query: str) -> None:
    assert entity_index(GRAPH.entities).find(query) == [SALEM.id]


def test_tiers_prefer_an_exact_name_to_a_phonetic_or_short_form() -> None:
    index = entity_index(GRAPH.entities)
    assert index.find("البغدادي") == [NAJM.id, HAMID.id]  # a short form of two men
    assert index.find("Victory Brigade") == [FORCE.id]
    assert index.find("لواء النصر") == [FORCE.id]
    assert index.find("Liwa al-Nasr") == [FORCE.id]  # the romanised Arabic name
    assert index.find("no such man") == [] and index.find("  ") == []
    both = NameIndex({"a": ["حسن علي"], "b": ["حسين علي"]})
    assert both.find("حسن علي") == ["a"]  # exact first: Hassan is not Hussein here
    assert both.find("Hussein Ali") == ["a", "b"]  # the phonetic key cannot tell them apart


def test_former_ids_keep_the_type_prefix() -> None:
    assert former_id("Person", "سالم عبد الله الجبوري") == "salm-bd-allh-aljbwry"
    assert former_id("Organization", "لواء النصر") == "org-lwa-alnsr"


# --------------------------------------------------------------------------- the surfaces

@pytest.fixture(scope="module")
def graph_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "graph.ttl"
    write_turtle(GRAPH, path)
    return path


def test_named_query_explain_and_view_agree(graph_ttl: Path, tmp_path: Path) -> None:
    g = load_graph(graph_ttl)
    for query in ("Jubouri", "الجبوري", "salm-bd-allh-aljbwry"):
        assert find_entities(g, query) == [R + SALEM.id]
        _, rows = run_named(g, "aliases", {"name": query})
        assert {r[0] for r in rows} == {R + SALEM.id}
        assert ["label", "ar-latn", "Salem Abdullah al-Jabburi"] in [r[1:] for r in rows]
        text = explain(graph_ttl, query)
        assert text.splitlines()[1] == "  latin: Salem Abdullah al-Jabburi"
        out = view(graph_ttl, tmp_path / "v.html", focus=query, hops=0)
        assert "salem-abdullah-al-jabburi" in out.read_text("utf-8")
    assert run_named(g, "aliases", {"name": "Zzyzx"})[1] == []


@pytest.mark.parametrize("query", [
    "Jubouri", "الجبوري", "البغدادي", "Baghdadi", "Liwa al-Nasr", "Victory Brigade",
    "أبو خطاب", "salm-bd-allh-aljbwry", "hamid-al-baghdadi", "Hussein", "a", "",
])
def test_the_graph_lookup_by_match_keys_agrees_with_the_whole_index(graph_ttl: Path,
                                                                    query: str) -> None:
    """find_entities asks the graph for candidates by kg:matchKey; the answer is the one the
    whole NameIndex gives, and the one a graph without keys (an older build) gives."""
    from kg.vocab import KG

    g = load_graph(graph_ttl)
    expected = [R + e for e in entity_index(GRAPH.entities).find(query)]
    assert find_entities(g, query) == expected
    g.remove((None, KG.matchKey, None))
    assert find_entities(g, query) == expected
