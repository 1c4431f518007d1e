"""``kg explain`` (kg.explain): finding an entity by any name and printing why it has its names.

The graph is built once from the seed articles (kb + pattern extractors) and once from the
hand-written fixtures, where a short form is merged by the resolver.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import api
from kg.errors import InputError
from kg.explain import explain, find_entity
from kg.query import load_graph
from kg.vocab import KG, KGR

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explain") / "seeds"
    api.build([ROOT / "seeds"], out, extractors=("kb", "pattern"))
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def fixture_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explain") / "fx"
    api.build([ROOT / "tests" / "fixtures" / "text"], out, extractors=("kb", "pattern"))
    return out / "graph.ttl"


def test_short_form_finds_al_baghdadi(seeds_graph: Path) -> None:
    text = explain(seeds_graph, "البغدادي")
    head, *rest = text.splitlines()
    assert head.startswith("أبو بكر البغدادي") and "abu_bakr_al_baghdadi" in head
    aliases = next(line for line in rest if line.strip().startswith("aliases:"))
    assert "إبراهيم عواد البدري" in aliases
    docs = next(line for line in rest if line.strip().startswith("documents:"))
    assert "000_6885625b2571f587" in docs and "002_1d408386859719b9" in docs


def test_any_spelling_and_the_id_find_the_same_entity(seeds_graph: Path) -> None:
    g = load_graph(seeds_graph)
    target = KGR["abu_al_hasan_al_qurashi"]
    assert find_entity(g, "أبو الحسن الهاشمي القريشي") == target
    assert find_entity(g, "ابو الحسن الهاشمي القرشي") == target
    assert find_entity(g, "abu_al_hasan_al_qurashi") == target


def test_a_name_shared_by_several_entities_lists_them(seeds_graph: Path) -> None:
    g = load_graph(seeds_graph)
    with pytest.raises(InputError) as info:
        find_entity(g, "القرشي")
    assert "abu_hafs_al_qurashi" in str(info.value)
    assert "abu_al_husayn_al_qurashi" in str(info.value)


def test_unknown_name(seeds_graph: Path) -> None:
    with pytest.raises(InputError, match="no entity named"):
        find_entity(load_graph(seeds_graph), "شخص لا وجود له")


def test_merge_evidence_shows_rule_document_and_sentence(fixture_graph: Path) -> None:
    text = explain(fixture_graph, "أبو مصعب الحلبي")
    merged = text.split("merged because:", 1)[1]
    assert "الحلبي" in merged
    assert "rule: short-form" in merged
    assert "document: strike_kasra_" in merged
    assert "sentence:" in merged and "الحلبي" in merged.split("sentence:", 1)[1]


def test_spelling_variant_evidence(seeds_graph: Path) -> None:
    text = explain(seeds_graph, "abu_al_hasan_al_qurashi")
    assert "أبو الحسن الهاشمي القريشي" in text.split("aliases:", 1)[1].splitlines()[0]
    assert "rule: spelling" in text or "rule: kb" in text


CALIPHS = ("abu_ibrahim_al_qurashi", "abu_al_hasan_al_qurashi", "abu_al_husayn_al_qurashi",
           "abu_hafs_al_qurashi")


def test_a_shared_name_explains_every_entity_and_why_each_pair_is_apart(
    seeds_graph: Path,
) -> None:
    """The mission's own example: «القرشي» fits the four Qurashi caliphs (and al-Baghdadi,
    whose curated names include it); each is shown, and each pair has its recorded reason."""
    text = explain(seeds_graph, "القرشي")
    head, *blocks = text.split("\n\n")
    assert head.startswith("'القرشي' names ")
    shown = [b for b in blocks if b.splitlines()[0].endswith(">")]
    for caliph in CALIPHS:
        assert sum(caliph in b.splitlines()[0] for b in shown) == 1, caliph
    apart = blocks[-1].splitlines()
    assert apart[0] == "why they are kept apart:"
    pairs = [line for line in apart[1:] if line.count("القرشي") >= 2]
    assert len(pairs) >= 6  # the four caliphs pairwise
    assert all("different-kunya" in line for line in pairs), pairs


def test_negative_judgements_are_in_the_graph(seeds_graph: Path) -> None:
    g = load_graph(seeds_graph)
    negatives = {
        (str(g.value(j, KG.leftName)), str(g.value(j, KG.rightName)))
        for j in g.subjects(KG.verdict, None) if str(g.value(j, KG.verdict)) == "negative"
    }
    names = {"أبو إبراهيم الهاشمي القرشي", "أبو الحسن الهاشمي القرشي"}
    assert any(set(pair) == names for pair in negatives)


def test_curated_aliases_say_where_they_come_from(seeds_graph: Path) -> None:
    text = explain(seeds_graph, "abu_bakr_al_baghdadi")
    assert "from the curated entry" in text and "document: -" not in text
