"""Raid detection (kg.extract.raids): roles, date, joining and what is not a raid.

Mentions come from the real ``kb`` and ``pattern`` extractors (through
``kg.assemble.pipeline.extract_document``), so each test reads like an analyst's check: in this
sentence, who was killed, who did it, where and when.
"""

from __future__ import annotations

from kg.assemble.pipeline import DocumentExtraction, extract_document
from kg.model import DatePrecision, Document, RaidMention, Role

EXTRACTORS = ("kb", "pattern")


def extract(text: str, published: str | None = "2024-05-20") -> DocumentExtraction:
    return extract_document(Document("r", text, "r.txt", published=published), EXTRACTORS)


def role_names(ex: DocumentExtraction, raid: RaidMention, role: Role) -> set[str]:
    """Base forms (or knowledge-base ids) of the mentions filling ``role``."""
    bases = {m.key: m.base for m in ex.mentions}
    kb_ids = {m.key: m.kb_id for m in ex.mentions}
    out = set()
    for r, key in raid.roles:
        if r is role:
            out.add(bases.get(key, key))
            if kb_ids.get(key):
                out.add(f"kb:{kb_ids[key]}")
            if key.startswith("kb:"):
                out.add(key)
    return out


def raids(ex: DocumentExtraction) -> list[RaidMention]:
    return [r for r in ex.raids if r.kind != "Event"]


def only_raid(ex: DocumentExtraction) -> RaidMention:
    found = raids(ex)
    assert len(found) == 1, [(r.sentences, r.roles) for r in found]
    return found[0]


def test_killed_perpetrator_location_and_date() -> None:
    ex = extract(
        "أعلنت القوات الأمريكية مقتل القيادي في تنظيم داعش أبو خالد العراقي في غارة جوية "
        "على بلدة جاسم بريف درعا يوم 15 آذار 2023."
    )
    raid = only_raid(ex)
    assert role_names(ex, raid, Role.KILLED) == {"أبو خالد العراقي"}
    assert "kb:us_military" in role_names(ex, raid, Role.PERPETRATOR)
    # the most specific place: the town, not its governorate
    assert "جاسم" in role_names(ex, raid, Role.LOCATION)
    assert "درعا" not in role_names(ex, raid, Role.LOCATION)
    # ISIS is the victim's group, never the perpetrator
    assert "kb:isis" not in role_names(ex, raid, Role.PERPETRATOR)
    assert raid.date is not None
    assert (raid.date.value, raid.date.precision) == ("2023-03-15", DatePrecision.DATE)
    assert raid.kind == "Airstrike"


def test_captured_in_a_raid() -> None:
    ex = extract("اعتقلت قوات سوريا الديمقراطية المدعو سامر الحلبي في مداهمة بمدينة الحسكة.")
    raid = only_raid(ex)
    assert role_names(ex, raid, Role.CAPTURED) == {"سامر الحلبي"}
    assert not role_names(ex, raid, Role.KILLED)
    assert "kb:sdf" in role_names(ex, raid, Role.PERPETRATOR)
    assert raid.kind == "CaptureOperation"


def test_wounded_is_not_killed() -> None:
    ex = extract("أسفرت الغارة عن مقتل المدعو سامي الحسن وإصابة المدعو فراس العبدالله بجروح.")
    raid = only_raid(ex)
    assert role_names(ex, raid, Role.KILLED) == {"سامي الحسن"}
    assert role_names(ex, raid, Role.WOUNDED) == {"فراس العبدالله"}


def test_target_of_a_drone_strike() -> None:
    ex = extract("استهدفت طائرة مسيرة القيادي أبو يوسف المهاجر قرب مدينة الباب.")
    raid = only_raid(ex)
    assert role_names(ex, raid, Role.TARGET) == {"أبو يوسف المهاجر"}
    assert not role_names(ex, raid, Role.KILLED)
    assert raid.method == "drone"


def test_perpetrator_after_nafadhat_and_place_after_qarya() -> None:
    ex = extract(
        "نفذت قوات التحالف الدولي عملية إنزال جوي في قرية الشحيل أسفرت عن مقتل أبو عمر الشامي."
    )
    raid = only_raid(ex)
    assert role_names(ex, raid, Role.KILLED) == {"أبو عمر الشامي"}
    assert "kb:coalition" in role_names(ex, raid, Role.PERPETRATOR)
    assert role_names(ex, raid, Role.LOCATION) == {"الشحيل"}


def test_relative_date_resolved_against_publication() -> None:
    text = (
        "قتل أبو سعد الأنصاري في عملية على يد قوات سوريا الديمقراطية في قرية الكسرة. "
        "وجرت العملية فجر الخميس الماضي بمشاركة مروحيات."
    )
    raid = only_raid(extract(text, published="2024-05-01"))  # a Wednesday
    assert raid.date is not None and raid.date.value == "2024-04-25"
    assert raid.sentences == (0, 1)  # the second sentence tells the same operation
    assert raid.method == "helicopter"


def test_date_without_publication_keeps_its_own_precision() -> None:
    ex = extract(
        "قتل المدعو سامي الحسن في غارة جوية على بلدة جاسم في 15 آذار.", published=None
    )
    raid = only_raid(ex)
    assert raid.date is not None
    assert (raid.date.value, raid.date.precision) == ("--03-15", DatePrecision.MONTH_DAY)


def test_unnamed_sentence_joins_the_named_raid_next_to_it() -> None:
    ex = extract(
        "نفذت القوات الأمريكية عملية إنزال جوي في قرية الشحيل فجر يوم 3 أيار 2024. "
        "وأسفرت العملية عن مقتل القيادي أبو هاجر السوري."
    )
    raid = only_raid(ex)
    assert role_names(ex, raid, Role.KILLED) == {"أبو هاجر السوري"}
    assert "kb:us_military" in role_names(ex, raid, Role.PERPETRATOR)
    assert role_names(ex, raid, Role.LOCATION) == {"الشحيل"}
    assert raid.date is not None and raid.date.value == "2024-05-03"


def test_dawn_is_not_a_kill_cue() -> None:
    # فجر ("at dawn") is spelled like فجّر ("blew up"): it must not make a victim
    ex = extract("نفذت القوات الأمريكية فجر اليوم عملية في قرية الشحيل ضد المدعو سامي الحسن.")
    for raid in ex.raids:
        assert "سامي الحسن" not in role_names(ex, raid, Role.KILLED)


def test_plural_generic_trigger_is_not_a_raid() -> None:
    ex = extract("تشن القوات الأمريكية غارات وعمليات دهم بشكل دوري في ريف دير الزور.")
    assert raids(ex) == []


def test_isis_attack_is_not_a_raid() -> None:
    ex = extract("شن تنظيم داعش هجوما على حاجز للجيش في بلدة الصور وقتل المدعو سامي الحسن.")
    for raid in ex.raids:
        assert raid.kind == "Event", raid
        assert "kb:isis" not in role_names(ex, raid, Role.PERPETRATOR) or raid.kind == "Event"


def test_two_victims_in_two_paragraphs_are_two_raids() -> None:
    ex = extract(
        "قتل المدعو سامي الحسن في غارة جوية على بلدة جاسم في 15 آذار 2023.\n"
        "وفي سياق آخر، اعتقلت قوات سوريا الديمقراطية المدعو سامر الحلبي في مداهمة بمدينة "
        "الحسكة في 2 أيار 2024."
    )
    found = raids(ex)
    killed = [role_names(ex, r, Role.KILLED) for r in found]
    captured = [role_names(ex, r, Role.CAPTURED) for r in found]
    assert {"سامي الحسن"} in killed
    assert {"سامر الحلبي"} in captured
    # never both victims on one raid
    assert not any(k and c for k, c in zip(killed, captured, strict=True))


def test_organisations_joined_by_wa_are_both_actors() -> None:
    from kg.assemble.pipeline import extract_document
    from kg.model import Document, Role

    d = Document(
        "j",
        "وقُتل المدعو سامي الدليمي في عملية عسكرية مشتركة بين قوات سوريا الديمقراطية "
        "والتحالف الدولي في بلدة الشحيل.",
        "j",
    )
    ex = extract_document(d, ("kb", "pattern"))
    by_key = {m.key: m.base for m in ex.mentions}
    (raid,) = ex.raids
    actors = {by_key[k] for r, k in raid.roles if r is Role.PERPETRATOR}
    assert actors == {"قوات سوريا الديمقراطية", "التحالف الدولي"}


def test_our_forces_are_the_speakers() -> None:
    from kg.assemble.pipeline import extract_document
    from kg.model import Document, Role

    d = Document(
        "o",
        'وقالت القيادة المركزية الأمريكية إنه "نفذت قواتنا ضربة جوية استهدفت '
        "المدعو سامي الدليمي في محافظة دير الزور، مما أسفر عن مقتله\".",
        "o",
    )
    ex = extract_document(d, ("kb", "pattern"))
    by_key = {m.key: m.base for m in ex.mentions}
    (raid,) = ex.raids
    actors = {by_key[k] for r, k in raid.roles if r is Role.PERPETRATOR}
    assert actors == {"القيادة المركزية الأمريكية"}
