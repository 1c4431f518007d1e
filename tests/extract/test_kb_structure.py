"""The curated knowledge base files as data: ids, Wikidata ids, sources, names, links, counts.

Covers organizations.json, persons.json and places.json (and militaries.json, which points into
them). These checks hold for every entry, so an entry added by hand or by a script cannot
break the matcher silently: a name given to two entries would make the matcher pick one of
them by id order, a parent that does not exist would dangle in the graph.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from kg.extract.kb import CURATED_FILES, KB_DIR, load_kb
from kg.model import Document, EntityType, Sentence
from kg.text.normalize import clean
from kg.vocab import SUPERCLASS

QID = re.compile(r"^Q[1-9][0-9]*$")
ROOT = Path(__file__).resolve().parents[2]
# Organisation subtypes the ontology has no class for yet (dropped from RDF, kept in CSV/GEXF).
EXTRA_ORG_SUBTYPES = frozenset({"ResearchCenter"})


def raw_entries() -> list[tuple[str, dict]]:
    out = []
    for name in CURATED_FILES:
        data = json.loads((KB_DIR / name).read_text(encoding="utf-8"))
        out += [(name, e) for e in data["entries"]]
    return out


def _stats_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("kb_stats", ROOT / "scripts" / "kb_stats.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ids_are_unique_ascii_slugs_across_files() -> None:
    seen: dict[str, str] = {}
    for name, e in raw_entries():
        assert re.fullmatch(r"[a-z0-9_]+", e["id"]), (name, e["id"])
        assert e["id"] not in seen, (e["id"], name, seen.get(e["id"]))
        seen[e["id"]] = name


def test_wikidata_ids_are_well_formed_or_null() -> None:
    for name, e in raw_entries():
        qid = e.get("wikidata")
        assert qid is None or QID.fullmatch(qid), (name, e["id"], qid)


def test_wikidata_ids_are_unique() -> None:
    owners: dict[str, str] = {}
    for _, e in raw_entries():
        if e.get("wikidata"):
            assert e["wikidata"] not in owners, (e["id"], owners.get(e["wikidata"]))
            owners[e["wikidata"]] = e["id"]


def test_every_entry_cites_sources() -> None:
    for name, e in raw_entries():
        sources = e.get("sources")
        assert sources and all(isinstance(s, str) and s.strip() for s in sources), (name, e["id"])


def test_names_are_base_forms_without_diacritics() -> None:
    for name, e in raw_entries():
        assert e["label_ar"], (name, e["id"])
        for alias in [e["label_ar"], *e.get("aliases_ar", []), *e.get("short_ar", [])]:
            assert alias == alias.strip() and "  " not in alias, (e["id"], alias)
            assert clean(alias) == alias, (e["id"], alias)  # no tashkeel, no tatweel


def test_no_name_is_shared_by_two_entries_unless_ambiguous() -> None:
    """After folding and the spelling variants the loader adds, each name leads to one entry;
    an entry marked ``ambiguous`` (matched only after a place cue) may share one."""
    kb = load_kb()
    ambiguous = {e["id"] for _, e in raw_entries() if e.get("ambiguous")}
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entry in kb.entries:
        if entry.origin == "kb":
            for key in kb.alias_keys(entry):
                owners[key].add(entry.id)
    shared = {
        " ".join(k): sorted(ids)
        for k, ids in owners.items()
        if len(ids) > 1 and len(set(ids) - ambiguous) > 1
    }
    assert not shared, shared


def test_latin_aliases_are_unique() -> None:
    owners: dict[str, str] = {}
    for _, e in raw_entries():
        for latin in e.get("aliases_latin", []):
            assert latin not in owners, (latin, e["id"], owners.get(latin))
            owners[latin] = e["id"]


def test_parents_and_successors_exist_and_do_not_loop() -> None:
    kb = load_kb()
    for entry in kb.entries:
        for link in (entry.parent, entry.succeeded_by):
            if link is None:
                continue
            target = kb.get(link)
            assert target is not None and link != entry.id, (entry.id, link)
            assert target.type is entry.type, (entry.id, link)
    for entry in kb.entries:
        seen = {entry.id}
        cur = entry.parent
        while cur is not None:
            assert cur not in seen, (entry.id, cur)
            seen.add(cur)
            nxt = kb.get(cur)
            cur = nxt.parent if nxt else None


def test_organisation_subtypes_are_ontology_classes() -> None:
    classes = {c for c, base in SUPERCLASS.items() if base == "Organization"}
    for name, e in raw_entries():
        if e["type"] == EntityType.ORGANIZATION.value:
            assert e["subtype"] in classes | EXTRA_ORG_SUBTYPES, (name, e["id"], e["subtype"])


def test_militaries_point_from_demonym_countries_to_military_forces() -> None:
    kb = load_kb()
    raw = json.loads((KB_DIR / "militaries.json").read_text(encoding="utf-8"))
    countries = set(kb.demonyms.values())
    for place, force in raw["militaries"].items():
        assert place in countries, place
        entry = kb.get(force)
        assert entry is not None and entry.subtype == "MilitaryForce", (place, force)


def test_readme_counts_match_the_data() -> None:
    stats = _stats_module()
    text = (KB_DIR / "README.md").read_text(encoding="utf-8")
    assert "<!-- kb-stats organizations.json -->" in text
    assert stats.stale_blocks(text) == [], "run python scripts/kb_stats.py --write"


@pytest.mark.parametrize(
    ("sentence", "kb_id"),
    [
        ("أعلنت ولاية غرب إفريقيا مسؤوليتها عن الهجوم", "isis_west_africa"),
        ("هاجم مسلحون من حركة الشباب المجاهدين قاعدة", "al_shabaab"),
        ("قال جهاز مكافحة الإرهاب العراقي في بيان", "iraqi_cts"),
        ("اعتقلت المخابرات التركية قياديا", "turkish_mit"),
        ("نفذت قوات برخان عملية", "operation_barkhane"),
        ("ذكرت خلية الإعلام الأمني أن", "iraqi_security_media_cell"),
    ],
)
def test_new_entries_are_found_in_a_sentence(sentence: str, kb_id: str) -> None:
    doc = Document(id="t", text=sentence, source="t")
    found = load_kb().find_mentions(doc, [Sentence("t", 0, 0, len(sentence), sentence)])
    assert kb_id in [m.kb_id for m in found], [m.kb_id for m in found]


@pytest.mark.parametrize(
    "sentence",
    [
        "وصلت القوات إلى القاعدة الجوية",  # القاعدة: the base, not al-Qaeda
        "تحدث الشباب عن الأمن والجيش والدولة",  # common words are no aliases
        "قال إن الحشد كان كبيرا",
    ],
)
def test_common_words_are_not_organisations(sentence: str) -> None:
    doc = Document(id="t", text=sentence, source="t")
    found = load_kb().find_mentions(doc, [Sentence("t", 0, 0, len(sentence), sentence)])
    assert [m.kb_id for m in found if m.type is EntityType.ORGANIZATION] == []


def _root(entry_id: str) -> str:
    kb = load_kb()
    entry = kb.get(entry_id)
    while entry is not None and entry.parent:
        entry = kb.get(entry.parent)
    assert entry is not None
    return entry.id


def test_every_islamic_state_province_hangs_under_isis() -> None:
    kb = load_kb()
    provinces = [e for e in kb.entries if e.origin == "kb" and e.label_ar.startswith("ولاية ")]
    assert len(provinces) >= 40
    for e in provinces:
        assert e.subtype == "ArmedGroup" and _root(e.id) == "isis", e.id


def test_earlier_names_lead_to_the_present_group() -> None:
    kb = load_kb()

    def last(entry_id: str) -> str:
        entry = kb.get(entry_id)
        while entry is not None and entry.succeeded_by:
            entry = kb.get(entry.succeeded_by)
        assert entry is not None
        return entry.id

    assert last("jamaat_al_tawhid_wal_jihad") == "isis"
    assert last("jabhat_al_nusra") == "hts"
    assert last("gspc") == "aqim" and _root("aqim") == "al_qaeda"
    assert last("amisom") == "aussom"
