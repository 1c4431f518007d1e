"""Offices stated as titles and appositions, succession and explicit nationality
(kg.extract.relations): one hand-written sentence per rule, each checking the triple read and
the wrong ones a looser rule would read (the announcing force, a leader for a regional office,
a nationality guessed from a nisba).
"""

from __future__ import annotations

from kg.assemble.pipeline import assemble, extract_document
from kg.model import Document


def triples(
    text: str, extractors: tuple[str, ...] = ("kb", "pattern")
) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) with mentions shown by base form, kb refs kept as kb:ID."""
    ex = extract_document(Document("rel", text, "rel.txt"), extractors)
    name = {m.key: m.base for m in ex.mentions}
    return {
        (name.get(r.subject, r.subject), r.predicate.value, name.get(r.object, r.object))
        for r in ex.relations
    }


def preds(found: set[tuple[str, str, str]], subject: str) -> set[tuple[str, str]]:
    """(predicate, object) of every triple about ``subject``."""
    return {(p, o) for s, p, o in found if s == subject}


# -- memberOf / leaderOf from titles ---------------------------------------------------


def test_apposition_before_the_title_not_the_striking_force() -> None:
    found = triples("قتل أبو خالد الحلبي، القيادي في تنظيم داعش، بغارة للتحالف الدولي.")
    assert ("أبو خالد الحلبي", "memberOf", "تنظيم داعش") in found
    assert not any(o == "التحالف الدولي" for _, _, o in found)


def test_a_name_right_after_the_title_holds_it_not_the_name_before_the_comma() -> None:
    """قوات X بقيادة العميد Y، القيادي في داعش Z: the title introduces Z."""
    found = triples(
        "قتلت قوات الجيش الوطني الليبي بقيادة العميد سالم الورفلي، القيادي في تنظيم داعش "
        "مفتاح الفيتوري في الجفرة.",
        ("kb", "pattern", "crf"),  # the name after the title has no cue of its own
    )
    assert ("مفتاح الفيتوري", "memberOf", "تنظيم داعش") in found
    assert not preds(found, "سالم الورفلي") & {("memberOf", "تنظيم داعش")}


def test_title_then_organisation_then_name_intro() -> None:
    found = triples("اعتقلت القوات القيادي في هيئة تحرير الشام المدعو أبو صهيب الإدلبي أمس.")
    assert ("أبو صهيب الإدلبي", "memberOf", "هيئة تحرير الشام") in found


def test_announcing_force_is_not_the_organisation() -> None:
    found = triples("أعلن الجيش العراقي مقتل القيادي في داعش أبو ياسر العيساوي في كركوك.")
    assert ("أبو ياسر العيساوي", "memberOf", "داعش") in found
    assert all(o == "داعش" for p, o in preds(found, "أبو ياسر العيساوي") if p == "memberOf")


def test_regional_emir_is_member_not_leader() -> None:
    found = triples("قتل أمير داعش في دير الزور أبو عمر الشيشاني بغارة.")
    assert ("أبو عمر الشيشاني", "memberOf", "داعش") in found
    assert ("أبو عمر الشيشاني", "leaderOf", "داعش") not in found


def graph_triples(text: str) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of the assembled graph, entities shown by their id."""
    ex = extract_document(Document("rel", text, "rel.txt"), ("kb", "pattern"))
    graph = assemble([ex])
    label = {e.id: e.label_ar for e in graph.entities}
    return {(label[r.subject], r.predicate.value, label[r.object]) for r in graph.relations}


def test_top_leader_is_leader_and_member() -> None:
    found = graph_triples("أكدت الحركة مقتل أبو عبيدة الصومالي، زعيم حركة الشباب، في غارة.")
    about = {
        (p, o.split()[:2] == ["حركة", "الشباب"]) for s, p, o in found if s == "أبو عبيدة الصومالي"
    }
    assert ("leaderOf", True) in about
    assert ("memberOf", True) in about


def test_curated_caliph_and_state_commander_are_leaders_only() -> None:
    found = graph_triples("قتل زعيم تنظيم داعش أبو حفص الهاشمي القرشي في اشتباك.")
    assert ("أبو حفص الهاشمي القرشي", "leaderOf", "تنظيم الدولة الإسلامية") in found
    assert ("أبو حفص الهاشمي القرشي", "memberOf", "تنظيم الدولة الإسلامية") not in found
    found = graph_triples(
        "وقال الجنرال مايكل كوريلا، قائد القيادة المركزية الأميركية، إن الغارة نجحت."
    )
    assert ("مايكل كوريلا", "leaderOf", "القيادة المركزية الأميركية") in found
    assert ("مايكل كوريلا", "memberOf", "القيادة المركزية الأميركية") not in found


def test_ordinal_keeps_the_top_office() -> None:
    found = triples("وأبو الحسين الحسيني القرشي هو الزعيم الرابع لتنظيم داعش.")
    assert ("أبو الحسين الحسيني القرشي", "leaderOf", "تنظيم داعش") in found


def test_lesser_office_of_a_leader_title_is_membership() -> None:
    found = triples("قتل أبو مصعب الحضرمي، القائد العسكري لحركة الشباب، في غارة.")
    assert ("أبو مصعب الحضرمي", "memberOf", "حركة الشباب") in found
    assert ("أبو مصعب الحضرمي", "leaderOf", "حركة الشباب") not in found


def test_deputy_is_member_not_leader() -> None:
    found = triples("قتل أبو مصعب الحضرمي، نائب زعيم حركة الشباب، في غارة.")
    assert ("أبو مصعب الحضرمي", "memberOf", "حركة الشباب") in found
    assert ("أبو مصعب الحضرمي", "leaderOf", "حركة الشباب") not in found


def test_kin_of_a_leader_holds_no_office() -> None:
    found = triples("قتل أبو مصعب الحضرمي، نجل زعيم حركة الشباب، في غارة.")
    assert not preds(found, "أبو مصعب الحضرمي")


def test_indefinite_adjective_after_the_title() -> None:
    found = triples("قال أبو أحمد الشامي، مسؤول أمني في هيئة تحرير الشام، إن العملية انتهت.")
    assert ("أبو أحمد الشامي", "memberOf", "هيئة تحرير الشام") in found


def test_person_far_after_the_title_only_behind_a_name_intro() -> None:
    found = triples("وقتل قيادي في تنظيم داعش المستهدف في العملية، والمدعو أبو علي الأنباري.")
    assert ("أبو علي الأنباري", "memberOf", "تنظيم داعش") in found


def test_a_clause_between_title_and_name_breaks_the_link() -> None:
    found = triples("قتلت القوات زعيم داعش بعدما قتلت أبو علي الأنباري في الصحراء.")
    assert not preds(found, "أبو علي الأنباري")


def test_person_before_a_title_in_another_clause_is_not_the_holder() -> None:
    found = triples("أعلن أبو عمر الخالدي يوم الأحد مقتل زعيم تنظيم داعش في سوريا.")
    assert not preds(found, "أبو عمر الخالدي")


def test_pronoun_after_announces_the_subject() -> None:
    found = triples(
        "وأكد البيان مقتل المدعو أبو علي الأنباري، مشيرا إلى أنه المسؤول في تنظيم داعش."
    )
    assert ("أبو علي الأنباري", "memberOf", "تنظيم داعش") in found


def test_pronoun_title_refers_to_the_group_not_its_affiliation() -> None:
    found = triples("أكدت حركة الشباب المرتبطة بتنظيم القاعدة مقتل زعيمها أبو عبيدة الصومالي.")
    assert ("أبو عبيدة الصومالي", "leaderOf", "حركة الشباب") in found
    assert not any(o == "تنظيم القاعدة" for _, _, o in found)


def test_definite_head_refers_to_the_group_named_before() -> None:
    found = triples(
        "اعتقل الجيش عناصر من تنظيم حراس الدين في إدلب. وكان بينهم أبو عمر الحلبي وهو عضو بالتنظيم."
    )
    assert ("أبو عمر الحلبي", "memberOf", "تنظيم حراس الدين") in found


def test_group_named_again_without_its_head() -> None:
    found = triples(
        "قتلت القوات عشرة من عناصر حركة الشباب. "
        "وكان بينهم أبو بكر الكيني وهو مسؤول الشباب في القرية."
    )
    assert ("أبو بكر الكيني", "memberOf", "حركة الشباب") in found


def test_spokesperson_before_and_after() -> None:
    found = triples("قال أبو حذيفة الأنصاري، المتحدث باسم تنظيم داعش، إن التنظيم سيرد.")
    assert ("أبو حذيفة الأنصاري", "spokespersonOf", "تنظيم داعش") in found
    assert ("أبو حذيفة الأنصاري", "memberOf", "تنظيم داعش") in found
    found = triples("أعلن المتحدث باسم هيئة تحرير الشام العميد أبو خالد الشامي أن القوات تقدمت.")
    assert ("أبو خالد الشامي", "spokespersonOf", "هيئة تحرير الشام") in found


def test_spokesperson_then_a_date_and_a_clause_is_not_the_person_after() -> None:
    found = triples("أكد المتحدث باسم تنظيم داعش الخميس، أن أبو علي الأنباري قتل.")
    assert not preds(found, "أبو علي الأنباري")


def test_joining_verb() -> None:
    found = triples("وكان أبو دجانة الكويتي انضم إلى تنظيم داعش عام 2014.")
    assert ("أبو دجانة الكويتي", "memberOf", "تنظيم داعش") in found


# -- successorOf ---------------------------------------------------------------------


def test_successor_khalfan_li() -> None:
    found = triples("أعلن التنظيم تعيين أبو الحسين الحسيني القرشي خلفا لأبي الحسن الهاشمي القرشي.")
    assert ("أبو الحسين الحسيني القرشي", "successorOf", "أبو الحسن الهاشمي القرشي") in found
    assert ("أبو الحسن الهاشمي القرشي", "successorOf", "أبو الحسين الحسيني القرشي") not in found


def test_successor_salafuhu() -> None:
    found = triples(
        "وتولى أبو حفص الهاشمي القرشي القيادة بعد أن قتل سلفه أبو الحسين الحسيني القرشي."
    )
    assert ("أبو حفص الهاشمي القرشي", "successorOf", "أبو الحسين الحسيني القرشي") in found


def test_successor_new_leader_after_the_death_of() -> None:
    found = triples(
        "واختارت الحركة أبو عبيدة الصومالي زعيما جديدا لها بعد مقتل أبو الزبير الصومالي."
    )
    assert ("أبو عبيدة الصومالي", "successorOf", "أبو الزبير الصومالي") in found
    found = triples(
        "قتل أبو الزبير الصومالي زعيم حركة الشباب. "
        "واختارت الحركة أبو عبيدة الصومالي زعيما جديدا لها بعد مقتله."
    )
    assert any(s == "أبو عبيدة الصومالي" and p == "leaderOf" for s, p, _ in found)


def test_caliph_of_the_group_is_not_a_succession() -> None:
    found = triples("كما فجر مؤسس تنظيم داعش وخليفته الأول، أبو بكر البغدادي، نفسه.")
    assert not any(p == "successorOf" for _, p, _ in found)


# -- nationality -----------------------------------------------------------------------


def test_nationality_stated_with_al_jinsiyya() -> None:
    found = triples("واعتقلت الشرطة أبو علي الأنباري وهو مصري الجنسية في القاهرة.")
    assert ("أبو علي الأنباري", "nationality", "kb:egypt") in found


def test_nationality_before_the_name() -> None:
    found = triples("وقتل قائد آخر يمني الجنسية اسمه أبو البراء الصنعاني.")
    assert ("أبو البراء الصنعاني", "nationality", "kb:yemen") in found


def test_nationality_carried() -> None:
    found = triples("وأوضح أن أبو محمد الشامي يحمل الجنسية الأردنية.")
    assert ("أبو محمد الشامي", "nationality", "kb:jordan") in found


def test_nationality_of_a_citizen() -> None:
    found = triples("اعتقلت القوات مواطنا سعوديا يدعى أبو محمد الشامي في الحدود.")
    assert ("أبو محمد الشامي", "nationality", "kb:saudi_arabia") in found


def test_nationality_of_a_state_office() -> None:
    found = triples("وقال وزير الدفاع الأميركي لويد أوستن إن العملية نجحت.")
    assert ("لويد أوستن", "nationality", "kb:united_states") in found


def test_no_nationality_from_an_adjective_or_a_nisba() -> None:
    found = triples("أوقفت دورية الجيش السوري أبو محمد الشامي وأبو سعد العراقي قرب الحدود.")
    assert not any(p == "nationality" for _, p, _ in found)


def test_unit_commander_named_after_a_rank() -> None:
    found = triples(
        "وقال قائد فرقة 16 من قوة دلتا الخاصة، العقيد أبو خالد الشامي، إن العملية نجحت."
    )
    assert ("أبو خالد الشامي", "memberOf", "قوة دلتا") in found
    assert ("أبو خالد الشامي", "leaderOf", "قوة دلتا") not in found


def test_title_with_an_attached_preposition() -> None:
    found = triples("ونقل التنظيم عن بيان للمتحدث باسم تنظيم داعش أبو حمزة القرشي أن الهجوم نجح.")
    assert ("أبو حمزة القرشي", "spokespersonOf", "تنظيم داعش") in found


def test_office_in_a_unit_of_the_organisation() -> None:
    found = triples(
        "وقال قائد الكتيبة الثالثة في هيئة تحرير الشام، أبو خالد الشامي، إن القوات تقدمت."
    )
    assert ("أبو خالد الشامي", "memberOf", "هيئة تحرير الشام") in found
    assert ("أبو خالد الشامي", "leaderOf", "هيئة تحرير الشام") not in found


def test_office_in_a_branch_of_the_organisation() -> None:
    found = triples("قتل أبو عمر الليبي، القيادي في ولاية سيناء التابعة لتنظيم داعش، بغارة.")
    assert ("أبو عمر الليبي", "memberOf", "ولاية سيناء") in found
    assert ("أبو عمر الليبي", "memberOf", "تنظيم داعش") in found


def test_another_officer_of_the_same_organisation() -> None:
    found = triples(
        "قتل المسؤول العسكري لحركة الشباب أبو عبيدة الصومالي وقائد آخر يمني الجنسية "
        "اسمه أبو البراء الصنعاني."
    )
    assert ("أبو البراء الصنعاني", "memberOf", "حركة الشباب") in found
    assert ("أبو البراء الصنعاني", "nationality", "kb:yemen") in found


def test_led_by() -> None:
    found = triples("وجددت الحركة ولاءها لتنظيم القاعدة بزعامة أبو محمد المصري.")
    assert ("أبو محمد المصري", "leaderOf", "تنظيم القاعدة") in found
    found = triples("وقال التحالف بقيادة الولايات المتحدة إن أبو محمد المصري قتل.")
    assert not preds(found, "أبو محمد المصري")


# -- locatedIn ---------------------------------------------------------------------------


def test_located_in_direction_before_a_country() -> None:
    found = triples("وقعت الغارة في مدينة إدلب شمالي غرب سوريا.")
    assert ("إدلب", "locatedIn", "سوريا") in found


def test_direction_before_a_city_is_not_containment() -> None:
    found = triples("وقع الهجوم في محافظة كركوك شمالي بغداد.")
    assert not any(p == "locatedIn" for _, p, _ in found)


def test_located_in_the_middle_of() -> None:
    found = triples("انفجرت سيارة في حي الكرادة وسط بغداد.")
    assert ("الكرادة", "locatedIn", "بغداد") in found


def test_located_in_by_a_country_adjective() -> None:
    found = triples("قال محافظ مدينة إسطنبول التركية إن الشرطة اعتقلت المشتبه.")
    assert ("إسطنبول", "locatedIn", "kb:turkey") in found


def test_located_in_a_dateline_and_a_dash() -> None:
    found = triples("أنقرة، تركيا (رويترز) - قال المسؤول إن الهجوم فشل.")
    assert ("أنقرة", "locatedIn", "تركيا") in found
    found = triples("اعتقل في بلدة الباغوز - دير الزور.")
    assert ("الباغوز", "locatedIn", "دير الزور") in found


def test_a_list_joined_by_wa_is_not_containment() -> None:
    found = triples("اعتقل في قرية الباغوز ومدينة دير الزور.")
    assert not any(p == "locatedIn" for _, p, _ in found)


def test_located_in_the_country_named_before() -> None:
    found = triples(
        "شنت القوات غارة في العراق. وفر المطلوب من العراق إلى سوريا. "
        "وقتل القيادي في مدينة الرطبة غرب البلاد."
    )
    assert ("الرطبة", "locatedIn", "العراق") in found  # the country named most
    assert ("الرطبة", "locatedIn", "سوريا") not in found


def test_implicit_organisation_only_named_before_the_title() -> None:
    found = triples(
        "اعتقل الجيش عناصر من تنظيم حراس الدين. "
        "وجاء في تسجيل على قناة للتنظيم أن القوات أسرت المتحدث السابق أبو عمر الحلبي."
    )
    assert ("أبو عمر الحلبي", "spokespersonOf", "تنظيم حراس الدين") in found
    found = triples(
        "اعتقل الجيش عناصر من تنظيم حراس الدين. "
        "وقال المتحدث العسكري أبو عمر الحلبي إن التنظيم فقد مواقعه."
    )
    assert not preds(found, "أبو عمر الحلبي")


def test_organisation_named_by_an_adjective() -> None:
    found = triples(
        "تواصل القوات ملاحقة خلايا داعش. واعتقلت القوات زعيم داعشي يدعى أبو سعد الأنباري."
    )
    assert ("أبو سعد الأنباري", "memberOf", "داعش") in found
    assert ("أبو سعد الأنباري", "leaderOf", "داعش") not in found


def test_group_title_with_the_group_named_after_it() -> None:
    found = triples(
        "تواصل القوات ملاحقة خلايا تنظيم داعش. "
        "وقتل والي الجنوب المدعو أبو سعد الأنباري وهو من أخطر عناصر التنظيم."
    )
    assert ("أبو سعد الأنباري", "memberOf", "تنظيم داعش") in found


def test_pronoun_title_never_points_to_a_quoted_outlet() -> None:
    found = triples("ونقلت وكالة فرانس برس الخبر. وقد قتل واليها أبو زيد الأندلسي أمس.")
    assert not any(o == "وكالة فرانس برس" for _, _, o in found)


def test_every_person_listed_after_a_plural_title() -> None:
    found = triples("قتل القياديان في تنظيم داعش أبو خالد الحلبي وأبو عمر الشامي بغارة.")
    assert ("أبو خالد الحلبي", "memberOf", "تنظيم داعش") in found
    assert ("أبو عمر الشامي", "memberOf", "تنظيم داعش") in found
    found = triples("قتل القيادي في تنظيم داعش أبو خالد الحلبي وأبو عمر الشامي بغارة.")
    assert ("أبو عمر الشامي", "memberOf", "تنظيم داعش") not in found


def test_direction_before_a_governorate_when_the_knowledge_base_agrees() -> None:
    found = triples("اعتقل القيادي في منزله بقرية الحمامة بريف جسر الشغور غربي إدلب.")
    assert ("جسر الشغور", "locatedIn", "إدلب") in found
    found = triples("وقعت الغارة في مدينة الضمير شرق دمشق.")
    assert not any(p == "locatedIn" for _, p, _ in found)
