"""Relations inside sentences (kg.extract.relations): one hand-written sentence per rule.

Mentions come from the real ``kb`` and ``pattern`` extractors; each test checks the triple read
(subject and object by name) and that the reverse or a wrong predicate is not produced.
"""

from __future__ import annotations

from kg.assemble.pipeline import extract_document
from kg.model import Document, RelationType


def triples(text: str) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) with mentions shown by base form, kb refs kept as kb:ID."""
    ex = extract_document(Document("rel", text, "rel.txt"), ("kb", "pattern"))
    name = {m.key: m.base for m in ex.mentions}
    for r in ex.relations:
        assert r.evidence and r.rule  # every relation says where it was read and by which rule
    return {(name.get(r.subject, r.subject), r.predicate.value, name.get(r.object, r.object))
            for r in ex.relations}


def test_leader_of_after_zaim() -> None:
    found = triples("قتل زعيم تنظيم داعش أبو حفص القرشي في اشتباك.")
    assert ("أبو حفص القرشي", "leaderOf", "تنظيم داعش") in found


def test_spokesperson_of() -> None:
    found = triples("قال المتحدث باسم تنظيم داعش أبو عمر المهاجر إن التنظيم سيرد.")
    assert ("أبو عمر المهاجر", "spokespersonOf", "تنظيم داعش") in found
    assert ("أبو عمر المهاجر", "leaderOf", "تنظيم داعش") not in found


def test_member_of_after_qiyadi() -> None:
    found = triples("وكان أبو طلحة الأنصاري قياديا في تنظيم داعش قبل مقتله.")
    assert ("أبو طلحة الأنصاري", "memberOf", "تنظيم داعش") in found
    assert ("أبو طلحة الأنصاري", "leaderOf", "تنظيم داعش") not in found


def test_successor_of_khalifa_lahu() -> None:
    found = triples(
        "قتل أبو الحسن الهاشمي القرشي، وأعلن التنظيم تعيين أبو الحسين الحسيني القرشي خليفة له."
    )
    assert ("أبو الحسين الحسيني القرشي", "successorOf", "أبو الحسن الهاشمي القرشي") in found
    # succession has a direction
    assert ("أبو الحسن الهاشمي القرشي", "successorOf", "أبو الحسين الحسيني القرشي") not in found


def test_successor_across_sentences() -> None:
    found = triples(
        "قتل أبو الحسن الهاشمي القرشي في درعا. وأعلن التنظيم أبو الحسين الحسيني القرشي خليفة له."
    )
    assert ("أبو الحسين الحسيني القرشي", "successorOf", "أبو الحسن الهاشمي القرشي") in found


def test_nationality_from_demonym_before_the_name() -> None:
    found = triples("اعتقلت القوات مواطنًا عراقيًا يُدعى كريم جاسم الدليمي في الموصل.")
    assert ("كريم جاسم الدليمي", "nationality", "kb:iraq") in found


def test_located_in_with_direction_and_governorate() -> None:
    found = triples("وقعت الغارة في بلدة جاسم شمالي محافظة درعا.")
    assert ("جاسم", "locatedIn", "درعا") in found
    assert ("درعا", "locatedIn", "جاسم") not in found


def test_located_in_with_attached_bi_rif() -> None:
    found = triples("وقعت الغارة في بلدة جاسم بريف درعا.")
    assert ("جاسم", "locatedIn", "درعا") in found


def test_a_list_of_places_is_not_containment() -> None:
    found = triples("زار الوفد الموصل وبغداد.")
    assert not any(p == RelationType.LOCATED_IN.value for _, p, _ in found)


def test_founder_is_leader_not_member() -> None:
    # the cue lists are folded when read: مؤسس (with hamza on waw) must match the text
    got = triples("كما فجّر مؤسس تنظيم داعش، أبو بكر البغدادي، نفسه.")
    assert ("أبو بكر البغدادي", "leaderOf", "تنظيم داعش") in got
    assert ("أبو بكر البغدادي", "memberOf", "تنظيم داعش") not in got


def test_member_named_among_members_of_a_group() -> None:
    found = triples(
        "واعتقلت الشرطة ثلاثة عناصر من تنظيم داعش، بينهم المدعو سامر الحلبي، في الموصل."
    )
    assert ("سامر الحلبي", "memberOf", "تنظيم داعش") in found
    # a group that is not of members (قرى) says nothing of the person named among them
    found = triples("وقصفت الطائرات قرى في ريف حلب بينهم المدعو سامر الحلبي.")
    assert not any(s == "سامر الحلبي" and p == "memberOf" for s, p, _ in found)


def test_belonging_with_a_glued_preposition_or_an_accusation() -> None:
    found = triples("واعتقلت القوات المدعو فراس العبدالله المنتمي لهيئة تحرير الشام.")
    assert ("فراس العبدالله", "memberOf", "هيئة تحرير الشام") in found
    found = triples("وأوقف الأمن المدعو سامر الحلبي بتهمة الانتماء إلى تنظيم داعش.")
    assert ("سامر الحلبي", "memberOf", "تنظيم داعش") in found


def test_the_leader_of_a_unit_of_a_group_is_its_member() -> None:
    found = triples("وفككت القوات خلية تابعة لتنظيم داعش يتزعمها المدعو سامر الحلبي.")
    assert ("سامر الحلبي", "memberOf", "تنظيم داعش") in found
    assert ("سامر الحلبي", "leaderOf", "تنظيم داعش") not in found
    found = triples("وقاتلت هيئة تحرير الشام بقيادة المدعو سامر الحلبي في إدلب.")
    assert ("سامر الحلبي", "leaderOf", "هيئة تحرير الشام") in found
