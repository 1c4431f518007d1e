"""The domain patterns (kg.extract.patterns): one small hand-written sentence per rule.

Each test states which name must be found, with which type and base form, and where a name
must stop; nothing here counts mentions.
"""

from __future__ import annotations

import pytest

from kg.extract.patterns import PatternExtractor
from kg.model import AliasStatement, Document, EntityType, Mention
from kg.text.sentences import split_sentences


def run(text: str) -> tuple[list[Mention], list[AliasStatement]]:
    doc = Document(id="p", text=text, source="p.txt")
    return PatternExtractor().extract(doc, split_sentences(doc))


def names(text: str) -> dict[str, Mention]:
    """Base form -> mention, checking the span invariant of every mention on the way."""
    ms, _ = run(text)
    for m in ms:
        assert text[m.start : m.end] == m.surface
        assert m.extractor.startswith("pattern:")
    return {m.base: m for m in ms}


def person(text: str, base: str) -> Mention:
    found = names(text)
    assert base in found, (base, sorted(found))
    assert found[base].type is EntityType.PERSON
    return found[base]


# --- kunya chains ----------------------------------------------------------------------


def test_kunya_with_nisba() -> None:
    m = person("قتل أبو بكر البغدادي في سوريا.", "أبو بكر البغدادي")
    assert m.extractor == "pattern:kunya"


def test_kunya_with_attached_preposition_gets_nominative_base() -> None:
    text = "التقى المبعوث بأبي يحيى في المدينة."
    m = person(text, "أبو يحيى")
    # the clitic ب is outside the span; the genitive أبي is shown in the nominative
    assert m.surface == "أبي يحيى"
    assert not any(b.startswith("ب") for b in names(text))


def test_joined_kunya_is_split_in_the_base() -> None:
    m = person("وقال أبوياسر إن الهجوم فشل.", "أبو ياسر")
    assert m.surface == "أبوياسر"


def test_umm_kunya_with_nisba() -> None:
    person("اعتقلت قوات الأمن أم حسين الشيشانية في المخيم.", "أم حسين الشيشانية")


def test_kunya_chain_stops_before_the_next_clause() -> None:
    found = names("قتل أبو بكر البغدادي في سوريا.")
    assert "أبو بكر البغدادي في" not in found
    assert not any("سوريا" in b for b in found if found[b].type is EntityType.PERSON)


def test_kunya_with_ali_is_a_name_not_the_preposition() -> None:
    # علي (a name) folds like على (a preposition): the spelling as written must decide
    person("قتل أبو علي الأنباري في غارة.", "أبو علي الأنباري")


# --- names introduced by cue words --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("اعتقلت القوات شخصا يُدعى محمود سالم في الحسكة.", "محمود سالم"),
        ("قتل المدعو خالد الأحمد أمس.", "خالد الأحمد"),
        ("قتل قيادي المعروف باسم أبو عمر الشامي في الغارة.", "أبو عمر الشامي"),
        ("قتل القيادي المكنى أبو سارة العراقي في الغارة.", "أبو سارة العراقي"),
        ("وكان القيادي يكنى أبا عبد الله المصري.", "أبو عبد الله المصري"),
        # a link word (بن، ولد) and the name after it belong to the name
        ("قتل أحد المهاجمين ويدعى سالم بن علي الحارثي.", "سالم بن علي الحارثي"),
        ("اعتقلت القوات المدعو محمدو ولد الشيخ قرب الحدود.", "محمدو ولد الشيخ"),
        # a given name starting with و is no conjunction; a conjunction ends the name
        ("قتل المدعو وليد خالد وأخوه.", "وليد خالد"),
    ],
)
def test_cue_names(text: str, base: str) -> None:
    m = person(text, base)
    # the cue word itself is never part of the name
    for cue in ("يدعى", "يُدعى", "المدعو", "المعروف", "المكنى", "يكنى"):
        assert cue not in m.surface


# --- names after titles ---------------------------------------------------------------------


def test_general_title() -> None:
    m = person("قال الجنرال مايكل كوريلا إن العملية نجحت.", "مايكل كوريلا")
    assert m.extractor == "pattern:title"


def test_title_skips_adjectives() -> None:
    text = "التقى الرئيس السوري المؤقت أحمد الشرع بالوفد."
    person(text, "أحمد الشرع")
    assert not any("السوري" in b or "المؤقت" in b for b in names(text))


def test_title_skips_a_prepositional_phrase() -> None:
    text = "صرح المبعوث الأميركي إلى سوريا توم باراك إن الاتفاق قريب."
    person(text, "توم باراك")
    assert not any("سوريا" in b for b in names(text))


def test_title_name_stops_before_a_clitic_conjunction_word() -> None:
    # بأن ("that") after a name is not a third name word
    text = "وصرح المبعوث الأميركي إلى سوريا توم باراك بأن الاتفاق قريب."
    person(text, "توم باراك")


# --- places and organisations ------------------------------------------------------------------


def test_place_head() -> None:
    found = names("وقعت الغارة في بلدة جاسم أمس.")
    assert found["جاسم"].type is EntityType.PLACE
    assert "بلدة جاسم" not in found  # the head is not part of the name


def test_organisation_with_definite_words() -> None:
    found = names("أعلنت قوات الأمن العراقية اعتقال إرهابي.")
    assert found["قوات الأمن العراقية"].type is EntityType.ORGANIZATION


@pytest.mark.parametrize(
    "text",
    ["وخلفه في قيادة التنظيم أبو خالد.", "قاتلت القوات تحت قيادة المشير.",
     "وعاد إلى مجلس الجماعة بعد أشهر."],
)  # fmt: skip
def test_a_head_before_a_word_that_refers_elsewhere_is_no_name(text: str) -> None:
    """قيادة التنظيم, قيادة المشير: the leadership of a group or a man named elsewhere."""
    assert not [m for m in run(text)[0] if m.type is EntityType.ORGANIZATION]


def test_organisation_with_quoted_name() -> None:
    found = names('ينتمي إلى تنظيم "حراس الدين" المرتبط بالقاعدة.')
    assert found["تنظيم حراس الدين"].type is EntityType.ORGANIZATION
    assert not any("المرتبط" in b for b in found)


# --- alias statements ---------------------------------------------------------------------------


def alias_pairs(text: str) -> set[tuple[str, str]]:
    ms, aliases = run(text)
    by_key = {m.key: m.base for m in ms}
    return {(by_key[a.left], by_key[a.right]) for a in aliases}


def test_alias_statement_known_also_as() -> None:
    text = "اعتقلت القوات قياديا يُدعى صلاح نعمان، والمعروف أيضًا باسم علي، في الحسكة."
    assert ("صلاح نعمان", "علي") in alias_pairs(text)


def test_alias_statement_kunya_and_real_name() -> None:
    text = "قتل أبو محمد العدناني، المعروف باسم طه صبحي فلاحة، في غارة."
    assert ("أبو محمد العدناني", "طه صبحي فلاحة") in alias_pairs(text)


def test_no_alias_statement_without_a_cue() -> None:
    text = "قتل أبو محمد العدناني، وقتل أبو عمر الشامي في غارة أخرى."
    assert alias_pairs(text) == set()


def test_organisation_stops_before_a_name_cue() -> None:
    text = "اعتقلت قوات الأمن العراقية المدعو سعد الكبيسي في الفلوجة."
    found = names(text)
    assert "قوات الأمن العراقية" in found
    assert "قوات الأمن العراقية المدعو" not in found
    person(text, "سعد الكبيسي")
