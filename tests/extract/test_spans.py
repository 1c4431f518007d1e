"""``kg.extract.spans.tidy``: a span stops where the name stops, whichever extractor found it.

Sentences written for these tests (no article text).
"""

from __future__ import annotations

import pytest

from kg.extract import combine
from kg.extract.spans import split_coordinated, tidy
from kg.model import EntityType, Mention

PER, ORG = EntityType.PERSON, EntityType.ORGANIZATION


def mention(text: str, surface: str, etype: EntityType = PER, extractor: str = "crf") -> Mention:
    start = text.index(surface)
    return Mention("t", start, start + len(surface), surface, surface, etype, 0.9, extractor, 0)


def surface_of(text: str, surface: str, etype: EntityType = PER, extractor: str = "crf") -> str:
    m = tidy(mention(text, surface, etype, extractor))
    return "" if m is None else m.surface


@pytest.mark.parametrize(
    ("text", "span", "etype", "expected"),
    [
        # never across a comma or a sentence end
        ("هاجم تنظيم جند الأقصى ، وكان يقوده رجل", "تنظيم جند الأقصى ، وكان يقوده", ORG,
         "تنظيم جند الأقصى"),
        ("قتل سامر الحلبي. وقال المتحدث", "سامر الحلبي. وقال", PER, "سامر الحلبي"),
        # never across a bracket
        ("أعلن كمال العطار (الملقب بالذئب) أمس", "كمال العطار (الملقب", PER, "كمال العطار"),
        # never into a relative or participle clause
        ("أن كتائب الفجر التي تقاتل هناك", "كتائب الفجر التي تقاتل", ORG, "كتائب الفجر"),
        ("هاجمت سرايا النور الموالية لطهران", "سرايا النور الموالية لطهران", ORG, "سرايا النور"),
        ("قتل عناصر ألوية الحق التابعة للجيش", "ألوية الحق التابعة للجيش", ORG, "ألوية الحق"),
        # never ending on (or running through) a cue word
        ("اعتقل نادر الفلاحي المكنى أبو زيد", "نادر الفلاحي المكنى", PER, "نادر الفلاحي"),
        ("قتل وليد السامر شقيق القيادي", "وليد السامر شقيق", PER, "وليد السامر"),
        ("اعتقل حامد الراوي الملقب بالشبح", "حامد الراوي الملقب بالشبح", PER, "حامد الراوي"),
        # never ending on a preposition; علي the name is not على the preposition
        ("وصل خليل علي إلى", "خليل علي", PER, "خليل علي"),
        ("وقف سعيد الأحمد على الباب", "سعيد الأحمد على", PER, "سعيد الأحمد"),
        # a title in front of a person goes, with its glued conjunction
        ("وقال والقيادي محمد الجابر إن", "والقيادي محمد الجابر", PER, "محمد الجابر"),
        ("وحضر الشيخ نايف العلي اللقاء", "الشيخ نايف العلي", PER, "نايف العلي"),
        # an office with its complement is no name at all
        ("وقال ورئيس قسم البحوث في الجامعة", "ورئيس قسم البحوث", PER, ""),
        ("وصرح مدير مكتب الإعلام", "مدير مكتب الإعلام", PER, ""),
        # an office followed by a given name keeps the name
        ("وقال مدير محمد الصالح", "مدير محمد الصالح", PER, "محمد الصالح"),
    ],
)
def test_span_stops_where_the_name_stops(
    text: str, span: str, etype: EntityType, expected: str
) -> None:
    assert surface_of(text, span, etype) == expected


def test_quoted_name_after_a_head_is_kept_whole() -> None:
    text = 'وأعلن تنظيم "جند الشام" مسؤوليته'
    assert surface_of(text, 'تنظيم "جند الشام"', ORG) == 'تنظيم "جند الشام"'
    text = "وأعلن تنظيم «جند الشام» مسؤوليته"
    assert surface_of(text, "تنظيم «جند الشام» مسؤوليته", ORG) == "تنظيم «جند الشام»"


def test_an_open_quote_after_a_head_may_end_the_span() -> None:
    """The knowledge base matches across a quote (تنظيم “داعش): that span stays."""
    text = "في تنظيم “داعش” أمس"
    assert surface_of(text, "تنظيم “داعش", ORG, "kb") == "تنظيم “داعش"


def test_a_person_does_not_run_into_a_quoted_name() -> None:
    text = "قال سامي العبد “أبو قتادة” إن"
    assert surface_of(text, "سامي العبد “أبو قتادة", PER) == "سامي العبد"


def test_a_span_never_crosses_a_closing_quote_it_did_not_open() -> None:
    text = "قال “جند الأقصى” إن"
    assert surface_of(text, "جند الأقصى” إن", ORG) == "جند الأقصى"


def test_a_clean_mention_is_returned_unchanged() -> None:
    m = mention("قتل أبو حمزة المصري أمس", "أبو حمزة المصري", extractor="pattern:kunya")
    assert tidy(m) is m


def test_the_base_form_follows_the_cut() -> None:
    m = tidy(mention("عاد أبي نادر الفلاحي المكنى", "أبي نادر الفلاحي المكنى"))
    assert m is not None and m.base == "أبو نادر الفلاحي"


def test_combine_tidies_every_extractor() -> None:
    text = "هاجم تنظيم جند الأقصى ، وكان يقوده نادر الفلاحي المكنى أبو زيد"
    ms = [
        mention(text, "تنظيم جند الأقصى ، وكان", ORG, "pattern:org"),
        mention(text, "نادر الفلاحي المكنى", PER, "kb"),
        mention(text, "أبو زيد", PER, "pattern:kunya"),
    ]
    assert [m.surface for m in combine(ms)] == ["تنظيم جند الأقصى", "نادر الفلاحي", "أبو زيد"]


def test_a_spokesman_title_and_its_organisation_go() -> None:
    text = "وقال والناطق باسم حركة النهضة أحمد عبد الرحيم إن"
    span = "والناطق باسم حركة النهضة أحمد عبد الرحيم"
    assert surface_of(text, span) == "أحمد عبد الرحيم"
    assert surface_of("وقال المتحدث باسم الجيش إن", "المتحدث باسم الجيش") == ""


def test_a_spaced_closing_quote_stays_with_its_name() -> None:
    text = 'أعلنت حركة " الفجر الجديد " أمس'
    assert surface_of(text, 'حركة " الفجر الجديد "', ORG) == 'حركة " الفجر الجديد "'


@pytest.mark.parametrize(
    ("text", "span", "parts"),
    [
        ("اعتقلت الشرطة سامر حسن الحلبي وخالد ناصر العمري.", "سامر حسن الحلبي وخالد ناصر العمري",
         ["سامر حسن الحلبي", "خالد ناصر العمري"]),
        # علي, the name, is kept apart from على only by its written ي
        ("اعتقلت الشرطة سامر حسن الحلبي وعلي ناصر العمري.", "سامر حسن الحلبي وعلي ناصر العمري",
         ["سامر حسن الحلبي", "علي ناصر العمري"]),
        # a common name the learnt lexicon leaves out as a word (عمر: age)
        ("قتل سامر حسن الحلبي وعمر خالد الدليمي.", "سامر حسن الحلبي وعمر خالد الدليمي",
         ["سامر حسن الحلبي", "عمر خالد الدليمي"]),
        ("قتل سامر حسن وأبو عمر الشامي.", "سامر حسن وأبو عمر الشامي",
         ["سامر حسن", "أبو عمر الشامي"]),
        # a given name that starts with و, a title, or one word before: no split
        ("قتل أحمد خالد وليد العمري.", "أحمد خالد وليد العمري", ["أحمد خالد وليد العمري"]),
        ("قتل أبو محمد الحلبي والي الرقة.", "أبو محمد الحلبي والي الرقة",
         ["أبو محمد الحلبي والي الرقة"]),
        ("اعتقل سامر وخالد العمري.", "سامر وخالد العمري", ["سامر وخالد العمري"]),
    ],
)  # fmt: skip
def test_a_person_span_over_a_conjunction_is_two_names(
    text: str, span: str, parts: list[str]
) -> None:
    found = split_coordinated(mention(text, span))
    assert [m.surface for m in found] == parts
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_a_knowledge_base_name_is_never_split() -> None:
    text = "قتل سامر حسن وخالد العمري."
    span = "سامر حسن وخالد العمري"
    assert [m.surface for m in split_coordinated(mention(text, span, extractor="kb"))] == [span]
