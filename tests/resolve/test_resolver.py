"""The resolver (kg.resolve.resolver): one test per evidence rule and per guard of issue 4.

Mentions are built by hand (``kg.model.Mention``), so each test says exactly which names occur
in which article; the assertions are about which names end up on one entity, which stay
apart, and the recorded reasons.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from kg.assemble.pipeline import kb_info
from kg.extract.kb import load_kb
from kg.model import AliasStatement, Entity, EntityType, Mention, Verdict
from kg.resolve.judgements import load_judgements
from kg.resolve.resolver import Resolution, Resolver

P, ORG, L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE
_pos = itertools.count(0, 100)


def m(doc: str, base: str, etype: EntityType = P, sentence: int = 0,
      kb_id: str | None = None) -> Mention:
    """A mention at a fresh offset (keys must be unique across a test)."""
    start = next(_pos)
    return Mention(doc, start, start + len(base), base, base, etype, 0.8, "test", sentence,
                   kb_id=kb_id)


def resolve(mentions: Sequence[Mention], aliases: Sequence[AliasStatement] = (),
            judgements: Sequence = (), kb: bool = False) -> Resolution:
    sentences = {(x.doc_id, x.sentence): f"جملة {x.sentence} من {x.doc_id}" for x in mentions}
    resolver = Resolver(kb_info(load_kb()) if kb else (lambda _id: None), judgements)
    return resolver.resolve(mentions, aliases, sentences)


def entity_of(res: Resolution, mention: Mention) -> Entity:
    eid = res.assignment[mention.key]
    return next(e for e in res.entities if e.id == eid)


def same(res: Resolution, a: Mention, b: Mention) -> bool:
    return res.assignment[a.key] == res.assignment[b.key]


# --- evidence: short forms ---------------------------------------------------------------------


def test_short_form_joins_the_full_name_of_its_article() -> None:
    full, short = m("d1", "أبو بكر البغدادي"), m("d1", "البغدادي", sentence=3)
    res = resolve([full, short])
    assert same(res, full, short)
    ent = entity_of(res, full)
    assert ent.label_ar == "أبو بكر البغدادي"
    assert "البغدادي" in ent.aliases_ar


def test_short_form_in_another_article_is_not_joined() -> None:
    full, short = m("d1", "أبو بكر البغدادي"), m("d2", "البغدادي")
    assert not same(resolve([full, short]), full, short)


def test_ambiguous_short_form_stays_apart() -> None:
    # two people share a family name in one article: العلي alone could be either
    ahmad, mahmud = m("d1", "أحمد العلي"), m("d1", "محمود العلي", sentence=1)
    short = m("d1", "العلي", sentence=2)
    res = resolve([ahmad, mahmud, short])
    assert not same(res, ahmad, mahmud)
    assert not same(res, short, ahmad)
    assert not same(res, short, mahmud)
    unsure = [j for j in res.judgements if j.verdict is Verdict.UNSURE]
    assert any(j.left == "العلي" and j.rule == "short-form-ambiguous" for j in unsure)


# --- evidence: stated identity --------------------------------------------------------------------


def test_alias_statement_merges_a_name_with_its_alias() -> None:
    salah, ali = m("d1", "صلاح نعمان"), m("d1", "علي")
    statement = AliasStatement(salah.key, ali.key, "المعروف ايضا باسم", "…")
    res = resolve([salah, ali], [statement])
    assert same(res, salah, ali)
    ent = entity_of(res, salah)
    assert ent.label_ar == "صلاح نعمان" and "علي" in ent.aliases_ar
    assert any(j.rule.startswith("cue") and j.verdict is Verdict.POSITIVE for j in ent.judgements)


def test_without_the_statement_the_alias_stays_apart() -> None:
    salah, ali = m("d1", "صلاح نعمان"), m("d1", "علي")
    assert not same(resolve([salah, ali]), salah, ali)


def test_stated_identity_crosses_the_kunya_guard() -> None:
    kunya, real = m("d1", "أبو محمد العدناني"), m("d1", "طه صبحي فلاحة")
    statement = AliasStatement(kunya.key, real.key, "المعروف باسم", "…")
    assert same(resolve([kunya, real], [statement]), kunya, real)


# --- evidence: spelling variants ----------------------------------------------------------------


def test_qurashi_spelling_variant_across_articles() -> None:
    a = m("d1", "أبو الحسن الهاشمي القرشي")
    b = m("d2", "أبو الحسن الهاشمي القريشي")
    res = resolve([a, b])
    assert same(res, a, b)
    assert any(j.rule == "spelling" for j in entity_of(res, a).judgements)


def test_one_edit_typo_in_a_long_organisation_word() -> None:
    a = m("d1", "قوات مغاوير الثورة", ORG)
    b = m("d2", "قوات مغاورير الثورة", ORG)
    assert same(resolve([a, b]), a, b)


def test_short_words_one_letter_apart_are_different_names() -> None:
    # حسن / حسين: too short for the spelling rule
    a, b = m("d1", "محمد حسن الجبوري"), m("d2", "محمد حسين الجبوري")
    assert not same(resolve([a, b]), a, b)


# --- evidence: same full name across articles -----------------------------------------------------


def test_same_full_name_across_articles_is_one_entity() -> None:
    a, b = m("d1", "أبو عمر الشامي"), m("d2", "أبو عمر الشامي")
    res = resolve([a, b])
    assert same(res, a, b)
    assert entity_of(res, a).docs == ("d1", "d2")


def test_single_word_name_is_not_joined_across_articles() -> None:
    a, b = m("d1", "خالد"), m("d2", "خالد")
    assert not same(resolve([a, b]), a, b)


# --- guards ---------------------------------------------------------------


def test_different_kunyas_with_identical_nisbas_stay_apart() -> None:
    hasan = m("d1", "أبو الحسن الهاشمي القرشي")
    husayn = m("d2", "أبو الحسين الحسيني القرشي")
    hafs = m("d3", "أبو حفص الهاشمي القرشي")
    # the same short form in two articles (one node by name) pulls two kunyas together
    s1, s3 = m("d1", "الهاشمي القرشي", sentence=1), m("d3", "الهاشمي القرشي", sentence=1)
    res = resolve([hasan, husayn, hafs, s1, s3])
    ids = {res.assignment[x.key] for x in (hasan, husayn, hafs)}
    assert len(ids) == 3
    blocked = [j for j in res.judgements if j.verdict is Verdict.NEGATIVE]
    assert any(j.rule == "different-kunya" for j in blocked)


def test_father_and_son_stay_apart() -> None:
    father = m("d1", "محمد خالد العلي")
    son = m("d2", "خالد محمد خالد العلي")
    # "خالد العلي" is part of both names; used in both articles it is one name by spelling
    s1, s2 = m("d1", "خالد العلي", sentence=1), m("d2", "خالد العلي", sentence=1)
    res = resolve([father, son, s1, s2])
    assert not same(res, father, son)
    assert any(j.verdict is Verdict.NEGATIVE and j.rule == "different-given-name"
               for j in res.judgements)


def test_person_and_place_with_the_same_name_stay_apart() -> None:
    man, town = m("d1", "جاسم", P), m("d1", "جاسم", L, sentence=1, kb_id="jasim")
    full = m("d1", "جاسم محمد الحمد", P, sentence=2)
    res = resolve([man, town, full], kb=True)
    assert not same(res, man, town)
    assert not same(res, full, town)
    assert entity_of(res, town).type is L
    assert entity_of(res, man).type is P


def _judgement_file(tmp_path: Path, items: list[dict[str, str]]) -> list:
    path = tmp_path / "judgements.json"
    path.write_text(json.dumps({"judgements": items}, ensure_ascii=False), "utf-8")
    return load_judgements([path])


def test_curated_negative_overrides_a_spelling_match(tmp_path: Path) -> None:
    a = m("d1", "أبو الحسن الهاشمي القرشي")
    b = m("d2", "أبو الحسن الهاشمي القريشي")
    curated = _judgement_file(tmp_path, [{
        "left": "أبو الحسن الهاشمي القرشي", "right": "أبو الحسن الهاشمي القريشي",
        "verdict": "negative", "reason": "two men, checked by the analyst"}])
    res = resolve([a, b], judgements=curated)
    assert not same(res, a, b)
    assert any(j.verdict is Verdict.NEGATIVE and "two men" in j.rule for j in res.judgements)


def test_curated_negative_overrides_a_short_form(tmp_path: Path) -> None:
    full, short = m("d1", "أبو بكر البغدادي"), m("d1", "البغدادي", sentence=1)
    curated = _judgement_file(tmp_path, [{
        "left": "البغدادي", "right": "أبو بكر البغدادي", "verdict": "negative",
        "reason": "here البغدادي is another man"}])
    assert not same(resolve([full, short], judgements=curated), full, short)


def test_curated_positive_merges_across_the_kunya_guard(tmp_path: Path) -> None:
    a, b = m("d1", "أبو دعاء"), m("d2", "إبراهيم عواد البدري")
    curated = _judgement_file(tmp_path, [{
        "left": "أبو دعاء", "right": "إبراهيم عواد البدري", "verdict": "positive",
        "reason": "known alias"}])
    res = resolve([a, b], judgements=curated)
    assert same(res, a, b)
    assert any(j.rule.startswith("curated") for j in entity_of(res, a).judgements)


def test_bad_judgements_file_is_an_input_error(tmp_path: Path) -> None:
    from kg.errors import InputError

    path = tmp_path / "j.json"
    path.write_text('{"judgements": [{"left": "أ"}]}', "utf-8")
    with pytest.raises(InputError, match="j.json"):
        load_judgements([path])


# --- canonical id and label ---------------------------------------------------------------


def test_knowledge_base_entry_gives_the_id_and_label() -> None:
    short = m("d1", "البغدادي", sentence=2)
    full = m("d1", "أبو بكر البغدادي", kb_id="abu_bakr_al_baghdadi")
    res = resolve([short, full], kb=True)
    ent = entity_of(res, short)
    assert ent.id == "abu_bakr_al_baghdadi"
    assert ent.label_ar == load_kb().get("abu_bakr_al_baghdadi").label_ar
    assert ent.label_ar not in ent.aliases_ar
    assert ent.label_en  # curated English name carried over


def test_a_gazetteer_place_is_labelled_with_the_form_the_documents_use() -> None:
    """GeoNames lists its Arabic names in no order (ترابلس before طرابلس)."""
    kb = load_kb()
    entry = next(e for e in kb.entries if e.origin == "gazetteer" and len(e.aliases_ar) > 1)
    used = entry.aliases_ar[-1]
    ms = [m("d1", used, L, kb_id=entry.id), m("d2", used, L, kb_id=entry.id)]
    ent = entity_of(resolve(ms, kb=True), ms[0])
    assert ent.id == entry.id
    assert ent.label_ar == used


def test_without_kb_the_fullest_name_is_the_label_and_the_id_is_stable() -> None:
    ms = [m("d1", "القحطاني", sentence=1), m("d1", "إبراهيم القحطاني"),
          m("d1", "القحطاني", sentence=2)]
    first = resolve(ms)
    again = resolve(list(reversed(ms)))
    ent = entity_of(first, ms[0])
    assert ent.label_ar == "إبراهيم القحطاني"
    assert [e.id for e in first.entities] == [e.id for e in again.entities]
    assert ent.id.isascii() and " " not in ent.id


def test_two_different_people_never_share_an_id() -> None:
    a, b = m("d1", "أحمد العلي"), m("d2", "أحمد العلي", ORG)
    res = resolve([a, b])
    assert res.assignment[a.key] != res.assignment[b.key]
    assert len({e.id for e in res.entities}) == len(res.entities)


# --- evidence is kept ---------------------------------------------------------------


def test_merge_evidence_names_document_sentence_and_rule() -> None:
    full, short = m("d1", "أبو بكر البغدادي"), m("d1", "البغدادي", sentence=4)
    ent = entity_of(resolve([full, short]), full)
    merged = [j for j in ent.judgements if j.verdict is Verdict.POSITIVE]
    assert merged, ent
    j = merged[0]
    assert {j.left, j.right} == {"أبو بكر البغدادي", "البغدادي"}
    assert j.rule == "short-form"
    assert j.evidence is not None and j.evidence.doc_id == "d1"
    # the sentence of one of the two names (where the full name or the short form stands)
    assert j.evidence.text in ("جملة 0 من d1", "جملة 4 من d1")


# --- kept apart: the reason is on record even when no merge was proposed ----------------------


def test_people_sharing_a_nisba_carry_why_they_were_kept_apart() -> None:
    """Four men called «… القرشي» with different kunyas: four entities, six negative judgements."""
    names = ["أبو عمرو الهاشمي القرشي", "أبو سعد الهاشمي القرشي", "أبو يوسف الحسيني القرشي",
             "أبو زيد القرشي"]
    ms = [m("d1", n, sentence=i) for i, n in enumerate(names)]
    res = resolve(ms)
    assert len({res.assignment[x.key] for x in ms}) == 4
    apart = {
        frozenset((j.left, j.right)): j.rule for j in res.judgements
        if j.verdict is Verdict.NEGATIVE
    }
    assert set(apart) == {frozenset(p) for p in itertools.combinations(names, 2)}
    assert all("different-kunya" in rule for rule in apart.values())
    # each entity carries the judgements about its own name, with the sentence as evidence
    first = entity_of(res, ms[0])
    mine = [j for j in first.judgements if j.verdict is Verdict.NEGATIVE]
    assert len(mine) == 3 and all(j.evidence and j.evidence.text for j in mine)


def test_a_common_nisba_records_no_kept_apart_pairs() -> None:
    """A nisba shared by many different men (العراقي) says nothing about identity."""
    names = [f"أبو {k} العراقي" for k in ("علي", "عمر", "خالد", "سعد", "زيد", "بكر", "حسن",
                                          "يوسف", "ياسر", "طلحة", "حمزة", "عمار", "جابر")]
    res = resolve([m("d1", n, sentence=i) for i, n in enumerate(names)])
    assert not [j for j in res.judgements if j.verdict is Verdict.NEGATIVE]


def test_one_man_named_twice_records_no_kept_apart_pair() -> None:
    full, variant = m("d1", "أبو عمرو الهاشمي القرشي"), m("d2", "أبو عمرو الهاشمي القريشي")
    res = resolve([full, variant])
    assert same(res, full, variant)
    assert not [j for j in res.judgements if j.verdict is Verdict.NEGATIVE]
