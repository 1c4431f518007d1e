"""Raid roles (kg.extract.raids): who carried the operation out, who only supported it, every
victim in its role, hedged outcomes, earlier killings told in passing, the kind of operation.

Every sentence here is written for the test (none is taken from a real article). Mentions come
from the real ``kb`` and ``pattern`` extractors, as in tests/extract/test_raids.py.
"""

from __future__ import annotations

from kg.assemble.pipeline import DocumentExtraction, extract_document
from kg.model import Document, RaidMention, Role

EXTRACTORS = ("kb", "pattern")


def extract(text: str, published: str | None = "2024-05-20") -> DocumentExtraction:
    return extract_document(Document("r", text, "r.txt", published=published), EXTRACTORS)


def names(ex: DocumentExtraction, raid: RaidMention, role: Role) -> set[str]:
    """Base forms and ``kb:`` ids of the mentions filling ``role``."""
    bases = {m.key: m.base for m in ex.mentions}
    kb_ids = {m.key: m.kb_id for m in ex.mentions}
    out = set()
    for r, key in raid.roles:
        if r is role:
            out.add(bases.get(key, key))
            if kb_ids.get(key):
                out.add(f"kb:{kb_ids[key]}")
    return out


def only_raid(ex: DocumentExtraction) -> RaidMention:
    found = [r for r in ex.raids if r.kind != "Event"]
    assert len(found) == 1, [(r.sentences, r.roles) for r in found]
    return found[0]


# ------------------------------------------------------------------ perpetrators


def test_subject_of_an_arrest_verb_is_the_perpetrator() -> None:
    ex = extract("قوات سوريا الديمقراطية اعتقلت المدعو سامر الحلبي في مداهمة بمدينة الحسكة.")
    raid = only_raid(ex)
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)
    assert names(ex, raid, Role.CAPTURED) == {"سامر الحلبي"}


def test_verb_first_arrest_by_a_security_force() -> None:
    ex = extract("ألقت قوات سوريا الديمقراطية القبض على المدعو سامر الحلبي في مدينة الحسكة.")
    raid = only_raid(ex)
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)
    assert names(ex, raid, Role.CAPTURED) == {"سامر الحلبي"}
    assert raid.kind == "CaptureOperation"


def test_a_unit_between_the_verb_and_its_force() -> None:
    ex = extract("أوقفت دورية من هيئة تحرير الشام المدعو سامر الحلبي في مدينة إدلب.")
    raid = only_raid(ex)
    assert "kb:hts" in names(ex, raid, Role.PERPETRATOR)
    assert names(ex, raid, Role.CAPTURED) == {"سامر الحلبي"}


def test_owner_of_the_drone_is_the_perpetrator() -> None:
    ex = extract("استهدفت طائرة مسيرة تابعة للتحالف الدولي المدعو سامي الحسن قرب بلدة جاسم.")
    raid = only_raid(ex)
    assert "kb:coalition" in names(ex, raid, Role.PERPETRATOR)
    assert names(ex, raid, Role.TARGET) == {"سامي الحسن"}


def test_agent_after_min_qibal_and_biwasita() -> None:
    ex = extract("اعتقل المدعو سامر الحلبي من قبل قوات سوريا الديمقراطية في مدينة الحسكة.")
    assert "kb:sdf" in names(ex, only_raid(ex), Role.PERPETRATOR)
    ex = extract("قتل المدعو سامي الحسن بواسطة القوات الأمريكية في بلدة جاسم.")
    assert "kb:us_military" in names(ex, only_raid(ex), Role.PERPETRATOR)


def test_force_that_announces_its_own_operation() -> None:
    ex = extract("أعلنت القيادة المركزية الأمريكية مقتل المدعو سامي الحسن في غارة جوية قرب جاسم.")
    assert "kb:centcom" in names(ex, only_raid(ex), Role.PERPETRATOR)


def test_a_force_that_says_it_carried_the_strike_out() -> None:
    """قال X إنه نفذ / قالت X إنها شنت: the complementiser's pronoun is the speaker."""
    ex = extract("قال الجيش الأمريكي إنه نفذ غارة جوية قرب بلدة جاسم أسفرت عن مقتل سامي الحسن.")
    assert "kb:us_military" in names(ex, only_raid(ex), Role.PERPETRATOR)
    ex = extract(
        "قالت القيادة المركزية الأمريكية إنها شنت ضربة قرب بلدة جاسم قتلت المدعو سامي الحسن."
    )
    assert "kb:centcom" in names(ex, only_raid(ex), Role.PERPETRATOR)


def test_a_speaker_quoting_another_force_with_a_bare_inna_is_not_the_perpetrator() -> None:
    ex = extract(
        "قال التحالف الدولي إن قوات سوريا الديمقراطية نفذت عملية قرب بلدة جاسم أسفرت عن "
        "مقتل سامي الحسن."
    )
    raid = only_raid(ex)
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)
    assert "kb:coalition" not in names(ex, raid, Role.PERPETRATOR)


def test_the_commander_of_the_force_is_not_its_victim() -> None:
    """The victim's name has no cue of its own here: the CRF tagger finds it."""
    text = (
        "قتلت قوات سوريا الديمقراطية، بقيادة العميد سامر الحلبي، القيادي في تنظيم داعش "
        "سامي الحسن في بلدة جاسم."
    )
    ex = extract_document(Document("r", text, "r.txt"), (*EXTRACTORS, "crf"))
    raid = only_raid(ex)
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن"}
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)


def test_an_organisation_right_after_qatala_is_its_subject() -> None:
    """قتل is active and passive alike; an institution right after it is the killer."""
    ex = extract("قتل الجيش النيجيري المدعو سامي الحسن قرب بلدة جاسم.")
    raid = only_raid(ex)
    assert "kb:nigerian_army" in names(ex, raid, Role.PERPETRATOR)
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن"}


def test_who_fired_the_shot_is_not_a_victim() -> None:
    for text in (
        "قتل قائد في الجيش النيجيري برصاص المدعو سامي الحسن قرب بلدة جاسم.",
        "قتل المدعو فراس العبدالله على يد المدعو سامي الحسن قرب بلدة جاسم.",
    ):
        ex = extract(text)
        for raid in ex.raids:
            assert "سامي الحسن" not in names(ex, raid, Role.KILLED), text


def test_an_announcer_named_again_in_brackets_still_announces() -> None:
    ex = extract(
        "أعلنت القيادة المركزية الأمريكية (سنتكوم)، اليوم الأحد، مقتل المدعو سامي الحسن في "
        "غارة قرب بلدة جاسم."
    )
    assert "kb:centcom" in names(ex, only_raid(ex), Role.PERPETRATOR)


def test_the_detainee_named_after_the_noun_and_the_province_of_his_office() -> None:
    """المعتقل، ويدعى X joins the capture told before; والي الرقة is his office, not where."""
    ex = extract(
        "وقالت القوات الأمريكية إنها اعتقلت قياديا في تنظيم داعش خلال عملية إنزال في بلدة "
        "الحميرة بريف الحسكة.\nوأوضحت أن المعتقل، ويدعى سامي الحسن، كان يشغل منصب والي الرقة."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.CAPTURED) == {"سامي الحسن"}
    assert "kb:us_military" in names(ex, raid, Role.PERPETRATOR)
    assert "الرقة" not in names(ex, raid, Role.LOCATION)


def test_the_victims_group_before_the_strike_and_its_verb_is_not_the_perpetrator() -> None:
    """يشتبه بانتمائهما لتنظيم القاعدة في غارة أمريكية استهدفت: the strike is the subject."""
    ex = extract(
        "قتل المدعو سامي الحسن المشتبه بانتمائه لتنظيم القاعدة في غارة جوية أمريكية استهدفت "
        "سيارته قرب بلدة جاسم."
    )
    raid = only_raid(ex)
    assert "kb:al_qaeda" not in names(ex, raid, Role.PERPETRATOR)
    assert "kb:us_military" in names(ex, raid, Role.PERPETRATOR)


def test_a_news_agency_or_a_mourning_group_is_not_the_perpetrator() -> None:
    ex = extract("أكدت وكالة فرانس برس مقتل المدعو سامي الحسن في غارة جوية قرب بلدة جاسم.")
    assert "kb:afp" not in names(ex, only_raid(ex), Role.PERPETRATOR)
    ex = extract("أكدت حركة الشباب مقتل زعيمها المدعو سامي الحسن في غارة جوية قرب بلدة جاسم.")
    assert "kb:al_shabaab" not in names(ex, only_raid(ex), Role.PERPETRATOR)


def test_a_ministry_quoting_another_force_is_not_the_perpetrator() -> None:
    ex = extract(
        "أعلنت وزارة الدفاع الأميركية أن قوات سوريا الديمقراطية قتلت المدعو سامي الحسن "
        "في بلدة جاسم."
    )
    raid = only_raid(ex)
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)
    assert "kb:pentagon" not in names(ex, raid, Role.PERPETRATOR)


def test_demonym_on_a_force_word_with_an_adjective_between() -> None:
    ex = extract("قتل المدعو سامي الحسن في ضربة جوية أمريكية قرب بلدة جاسم.")
    assert "kb:us_military" in names(ex, only_raid(ex), Role.PERPETRATOR)


def test_supporter_is_kept_apart_from_the_perpetrator() -> None:
    ex = extract(
        "نفذت القوات الأمريكية بدعم من قوات سوريا الديمقراطية عملية إنزال في قرية الشحيل "
        "أسفرت عن مقتل أبو عمر الشامي."
    )
    raid = only_raid(ex)
    assert "kb:us_military" in names(ex, raid, Role.PERPETRATOR)
    assert "kb:sdf" in names(ex, raid, Role.SUPPORTER)
    assert "kb:sdf" not in names(ex, raid, Role.PERPETRATOR)


def test_coordinated_supporters_and_joint_perpetrators() -> None:
    ex = extract(
        "تمكنت القوات الأمريكية، بإسناد وتنسيق من هيئة تحرير الشام وقوات سوريا الديمقراطية، "
        "من قتل المدعو سامي الحسن في بلدة جاسم."
    )
    raid = only_raid(ex)
    assert "kb:us_military" in names(ex, raid, Role.PERPETRATOR)
    assert {"kb:hts", "kb:sdf"} <= names(ex, raid, Role.SUPPORTER)
    ex = extract(
        "نفذت القوات الأمريكية بالتعاون مع قوات سوريا الديمقراطية غارة قتل فيها المدعو سامي الحسن."
    )
    assert {"kb:us_military", "kb:sdf"} <= names(ex, only_raid(ex), Role.PERPETRATOR)


def test_the_other_side_of_a_clash() -> None:
    ex = extract("قتل المدعو سامي الحسن في اشتباكات مع قوات سوريا الديمقراطية قرب بلدة جاسم.")
    raid = only_raid(ex)
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)
    assert raid.kind == "Clash"


# ------------------------------------------------------------------ victims and outcomes


def test_a_victim_and_his_son_are_both_killed() -> None:
    ex = extract("أسفرت الغارة عن مقتل المدعو سامي الحسن ونجله المدعو فراس الحسن.")
    assert names(ex, only_raid(ex), Role.KILLED) == {"سامي الحسن", "فراس الحسن"}


def test_two_coordinated_captives() -> None:
    ex = extract(
        "اعتقلت قوات سوريا الديمقراطية المدعو سامر الحلبي والمدعو فراس العبدالله في الحسكة."
    )
    assert names(ex, only_raid(ex), Role.CAPTURED) == {"سامر الحلبي", "فراس العبدالله"}


def test_members_of_a_counted_group_named_in_the_next_sentence() -> None:
    ex = extract(
        "قتلت القوات الأمريكية قياديين اثنين في غارة قرب بلدة جاسم. وأوضح البيان أن أحدهما هو "
        "المدعو سامي الحسن والآخر هو المدعو فراس العبدالله."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن", "فراس العبدالله"}
    assert "kb:us_military" in names(ex, raid, Role.PERPETRATOR)
    assert raid.sentences == (0, 1)


def test_far_victim_named_as_another_member() -> None:
    ex = extract(
        "أسفرت الغارة عن مقتل القائد العسكري العام للتنظيم في المنطقة الشرقية وقائد ميداني "
        "آخر من الجنسية اليمنية اسمه المدعو فراس العبدالله."
    )
    assert names(ex, only_raid(ex), Role.KILLED) == {"فراس العبدالله"}


def test_hedged_death_is_a_target_with_a_hedged_claim() -> None:
    ex = extract(
        "شنت القوات الأمريكية غارة على بلدة جاسم من المحتمل أن يكون قد قتل فيها المدعو سامي الحسن."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.TARGET) == {"سامي الحسن"}
    assert not names(ex, raid, Role.KILLED)
    ((role, key, hedge),) = raid.hedged
    assert role is Role.KILLED and "المحتمل" in hedge
    assert {m.base for m in ex.mentions if m.key == key} == {"سامي الحسن"}


def test_reports_of_a_death_are_hedged() -> None:
    ex = extract("تحدثت أنباء عن مقتل المدعو سامي الحسن في غارة جوية قرب بلدة جاسم.")
    raid = only_raid(ex)
    assert not names(ex, raid, Role.KILLED)
    assert [h[0] for h in raid.hedged] == [Role.KILLED]


def test_escaped_from_a_raid() -> None:
    ex = extract(
        "نفذت القوات الأمريكية عملية إنزال في قرية الشحيل، ونجا المدعو سامي الحسن من العملية."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.ESCAPED) == {"سامي الحسن"}
    assert not names(ex, raid, Role.KILLED)


def test_fell_into_the_hands_of_a_force_is_a_capture() -> None:
    ex = extract("وقع المدعو سامي الحسن في قبضة قوات سوريا الديمقراطية في مدينة الحسكة.")
    raid = only_raid(ex)
    assert names(ex, raid, Role.CAPTURED) == {"سامي الحسن"}
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)


def test_the_killer_of_others_is_not_killed() -> None:
    ex = extract(
        "اعتقلت قوات سوريا الديمقراطية المدعو سامي الحسن الذي قتل عشرات المدنيين في الحسكة."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.CAPTURED) == {"سامي الحسن"}
    assert not names(ex, raid, Role.KILLED)


def test_toppling_a_regime_is_not_a_capture() -> None:
    ex = extract("أدت الإطاحة بنظام المدعو سامي الحسن إلى مرحلة جديدة في المنطقة.")
    assert not [r for r in ex.raids if names(ex, r, Role.CAPTURED)]
    ex = extract("أعلن الجهاز الإطاحة بالإرهابي المدعو سامي الحسن خلال عملية أمنية.")
    assert names(ex, only_raid(ex), Role.CAPTURED) == {"سامي الحسن"}


def test_ambush_kind() -> None:
    ex = extract("نصب مقاتلو هيئة تحرير الشام كمينا قتل فيه المدعو سامي الحسن قرب بلدة جاسم.")
    raid = only_raid(ex)
    assert raid.kind == "Ambush"
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن"}


# ------------------------------------------------------------------ earlier killings, dates


def test_earlier_killing_with_its_own_year_is_a_reference() -> None:
    ex = extract(
        "عين التنظيم اليوم الأحد المدعو فراس العبدالله خلفا لسلفه المدعو سامي الحسن الذي قتل "
        "عام 2019 في غارة جوية."
    )
    (raid,) = [r for r in ex.raids if names(ex, r, Role.KILLED)]
    assert raid.reference
    assert raid.date is not None and raid.date.value == "2019"


def test_earlier_killing_without_a_date_is_never_dated_by_the_article() -> None:
    ex = extract("أعلن التنظيم اليوم الأحد تعيين المدعو فراس العبدالله بعد مقتل المدعو سامي الحسن.")
    (raid,) = [r for r in ex.raids if names(ex, r, Role.KILLED)]
    assert raid.reference
    assert raid.date is None


def test_the_operation_date_beats_the_announcement_date() -> None:
    ex = extract(
        "أعلن الجيش الأمريكي يوم الأحد 19 أيار 2024 أن قواته قتلت المدعو سامي الحسن في غارة "
        "جوية فجر الخميس الماضي قرب بلدة جاسم."
    )
    raid = only_raid(ex)
    assert raid.date is not None and raid.date.value == "2024-05-16"
    assert not raid.date_announced


def test_announcement_date_is_kept_as_such_when_alone() -> None:
    ex = extract("أعلن الجيش الأمريكي يوم الأحد 19 أيار 2024 مقتل المدعو سامي الحسن في غارة.")
    raid = only_raid(ex)
    assert raid.date is not None and raid.date.value == "2024-05-19"
    assert raid.date_announced


def test_weekday_only_date_of_a_raid() -> None:
    # published on a Monday: "يوم الخميس" is the Thursday before it
    ex = extract("قتل المدعو سامي الحسن في غارة جوية يوم الخميس قرب بلدة جاسم.")
    raid = only_raid(ex)
    assert raid.date is not None and raid.date.value == "2024-05-16"


def test_short_form_of_a_victim_joins_his_raid() -> None:
    ex = extract(
        "قتل المدعو سامي الحسن في اشتباكات قرب بلدة جاسم.\n"
        "وفي نهاية آذار أعلنت القوات الأمريكية أن الحسن فجر نفسه خلال عملية نفذتها قواتها."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن"}
    assert raid.date is not None and raid.date.value == "2024-03"


def test_a_described_captive_before_a_nominal_cue() -> None:
    ex = extract("أما المدعو سامر الحلبي، زعيم تنظيم الدولة المقبوض عليه، فكان له دور بارز.")
    assert names(ex, only_raid(ex), Role.CAPTURED) == {"سامر الحلبي"}


def test_a_force_beside_a_faction_of_another() -> None:
    ex = extract(
        "قتل المدعو سامي الحسن في غارة قرب بلدة جاسم شاركت فيها القوات الأمريكية إلى جانب "
        "فصيل من الجيش السوري الحر."
    )
    assert {"kb:us_military", "kb:fsa"} <= names(ex, only_raid(ex), Role.PERPETRATOR)


def test_an_unnamed_capture_joins_the_sentence_that_names_its_captive() -> None:
    ex = extract(
        "ألقت قوات سوريا الديمقراطية القبض على زعيم تنظيم الدولة في الحسكة في آذار الماضي. "
        "وكان المدعو سامي الحسن قد قتل في غارة قرب بلدة جاسم. "
        "وقال مسؤول إن المجموعة فقدت عددا من عناصرها في المنطقة. "
        "أما المدعو سامر الحلبي، زعيم تنظيم الدولة المقبوض عليه، فكان له دور بارز."
    )
    (capture,) = [r for r in ex.raids if names(ex, r, Role.CAPTURED)]
    assert names(ex, capture, Role.CAPTURED) == {"سامر الحلبي"}
    assert "kb:sdf" in names(ex, capture, Role.PERPETRATOR)
    assert capture.date is not None and capture.date.value == "2024-03"
    (killing,) = [r for r in ex.raids if names(ex, r, Role.KILLED)]
    assert "kb:sdf" not in names(ex, killing, Role.PERPETRATOR)


def test_a_victim_added_with_also_joins_the_raid_told_before() -> None:
    ex = extract(
        "ألقت قوات سوريا الديمقراطية القبض على المدعو سامر الحلبي في مدينة الحسكة. "
        "وقال مسؤول في المدينة إن الأهالي رحبوا بالخبر. "
        "وأوضح أنه تم القبض، أيضا، على المدعو فراس العبدالله."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.CAPTURED) == {"سامر الحلبي", "فراس العبدالله"}
    assert "kb:sdf" in names(ex, raid, Role.PERPETRATOR)


def test_victims_told_of_the_raid_before_by_a_pronoun_join_it() -> None:
    """ما أسفر عن مقتله واعتقال X وY: the sentence goes on with the raid before it."""
    ex = extract(
        "قتل المدعو سامي الحسن في عملية نفذها جهاز مكافحة الإرهاب في قضاء الحويجة. "
        "وقال المتحدث إن القوة اشتبكت معه ما أسفر عن مقتله واعتقال مساعديه المدعو "
        "فراس العبدالله والمدعو سامر الحلبي."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن"}
    assert names(ex, raid, Role.CAPTURED) == {"فراس العبدالله", "سامر الحلبي"}
    ex = extract(
        "قتل المدعو سامي الحسن في غارة نفذتها القوات الأمريكية قرب بلدة جاسم. "
        "وأسفرت الغارة عن اعتقال المدعو فراس العبدالله."
    )
    assert names(ex, only_raid(ex), Role.CAPTURED) == {"فراس العبدالله"}


def test_another_operation_told_next_is_its_own_raid() -> None:
    for second in (
        "وفي سياق منفصل، اعتقلت الشرطة المدعو فراس العبدالله في مدينة الموصل.",
        "وفي عملية أخرى أسفرت العملية عن اعتقال المدعو فراس العبدالله.",
        "وأسفرت العملية عن اعتقال المدعو فراس العبدالله في مدينة الموصل.",
    ):
        ex = extract(
            "قتل المدعو سامي الحسن في عملية نفذها جهاز مكافحة الإرهاب في قضاء الحويجة. " + second
        )
        raids = [r for r in ex.raids if r.kind != "Event"]
        assert len(raids) == 2, second


def test_a_relative_clause_alone_is_not_an_earlier_killing() -> None:
    ex = extract(
        "وذكر القائد أن القياديين اللذين قتلا في الغارة أحدهما يدعى المدعو سامي الحسن "
        "والآخر هو المدعو فراس العبدالله."
    )
    raid = only_raid(ex)
    assert not raid.reference
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن", "فراس العبدالله"}


def test_a_counted_group_named_later_with_the_article() -> None:
    ex = extract(
        "تمكنت القوات الأمريكية من قتل 9 مسلحين بينهم قائدان قرب بلدة جاسم. "
        "وقال المتحدث إن الأهالي رحبوا بالخبر. "
        "وأكد أن المنطقة باتت آمنة. "
        "وذكر أن القائدان اللذين قتلا أحدهما يدعى المدعو سامي الحسن والآخر هو المدعو "
        "فراس العبدالله."
    )
    raid = only_raid(ex)
    assert names(ex, raid, Role.KILLED) == {"سامي الحسن", "فراس العبدالله"}
    assert "kb:us_military" in names(ex, raid, Role.PERPETRATOR)
    assert "جاسم" in names(ex, raid, Role.LOCATION)
