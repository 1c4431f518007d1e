"""Names stated together are one entity (issue 18, item 3): a kunya and a real name joined by
a cue, brackets or quotes; a kunya with or without the article; a shortened kunya; an
organisation with or without its generic head. The five caliphs stay five people.

Sentences written for these tests.
"""

from __future__ import annotations

from kg.assemble.pipeline import assemble, extract_document
from kg.extract.patterns import stated_aliases
from kg.model import Document, EntityType, Mention, Sentence
from kg.resolve.resolver import Resolver
from kg.text.names import parse_name, spelling_variants

PER, ORG = EntityType.PERSON, EntityType.ORGANIZATION


def people(*texts: str) -> list[set[str]]:
    """The name sets of the Person nodes built from ``texts`` (one document each)."""
    docs = [Document(id=f"d{i}", text=t, source="test") for i, t in enumerate(texts)]
    graph = assemble([extract_document(d) for d in docs])
    return [
        {e.label_ar, *e.aliases_ar} for e in graph.entities if e.type is EntityType.PERSON
    ]


def one_node(names: list[set[str]], *wanted: str) -> bool:
    return any(set(wanted) <= n for n in names)


# -- stated aliases between mentions of any extractor ----------------------------------------


def _mentions(text: str, *spans: tuple[str, EntityType]) -> list[Mention]:
    out = []
    for surface, etype in spans:
        s = text.index(surface)
        out.append(Mention("a", s, s + len(surface), surface, surface, etype, 0.9, "crf", 0))
    return out


def _stated(text: str, *spans: tuple[str, EntityType]) -> list[str]:
    doc = Document(id="a", text=text, source="test")
    sent = [Sentence("a", 0, 0, len(text), text)]
    return [a.cue for a in stated_aliases(doc, sent, _mentions(text, *spans))]


def test_cue_between_two_names() -> None:
    text = "اعتقل سالم الجبوري، المعروف بـ\"أبو حازم\"، أمس"
    assert _stated(text, ("سالم الجبوري", PER), ("أبو حازم", PER)) == ["المعروف"]
    text = "قتل سالم الجبوري واسمه الحقيقي خالد الحديثي"
    assert _stated(text, ("سالم الجبوري", PER), ("خالد الحديثي", PER)) == ["واسمه الحقيقي"]
    text = "قتل سالم الجبوري المدعو خالد الحديثي"
    assert _stated(text, ("سالم الجبوري", PER), ("خالد الحديثي", PER)) == ["المدعو"]


def test_cue_inside_brackets() -> None:
    text = "اعتقل جاسم الدليمي (المعروف بأبو صهيب) أمس"
    assert _stated(text, ("جاسم الدليمي", PER), ("أبو صهيب", PER)) == ["المعروف"]


def test_brackets_or_quotes_alone() -> None:
    text = "قتل حمدان الراوي (أبو ياسين العراقي) في الغارة"
    assert _stated(text, ("حمدان الراوي", PER), ("أبو ياسين العراقي", PER)) == ["("]
    text = "قتل حمدان الراوي «أبو ياسين» في الغارة"
    assert _stated(text, ("حمدان الراوي", PER), ("أبو ياسين", PER)) == ["quote"]


def test_no_statement_without_a_cue() -> None:
    text = "قتل حمدان الراوي وأبو ياسين العراقي في الغارة"
    assert _stated(text, ("حمدان الراوي", PER), ("أبو ياسين العراقي", PER)) == []
    text = "قتل حمدان الراوي (أبو ياسين العراقي وآخرون) في الغارة"
    assert _stated(text, ("حمدان الراوي", PER), ("أبو ياسين العراقي", PER)) == []
    text = "قتل حمدان الراوي، وأبو ياسين العراقي في الغارة"
    assert _stated(text, ("حمدان الراوي", PER), ("أبو ياسين العراقي", PER)) == []


def test_no_statement_between_a_person_and_an_organisation() -> None:
    text = "قتل حمدان الراوي (جند الشام) في الغارة"
    assert _stated(text, ("حمدان الراوي", PER), ("جند الشام", ORG)) == []


def test_a_stated_kunya_joins_the_real_name_in_the_graph() -> None:
    names = people("قتلت القوات جاسم حمدان الدليمي (المعروف بأبو صهيب) في الغارة.")
    assert one_node(names, "جاسم حمدان الدليمي", "أبو صهيب")


# -- kunya with or without the article, shortened kunya --------------------------------------


def test_kunya_with_and_without_article_is_one_kunya() -> None:
    a, b = parse_name("أبو الحسن المهاجر"), parse_name("أبو حسن المهاجر")
    assert a.kunya_key == b.kunya_key == "ابو حسن"
    assert a.plain_key == b.plain_key
    assert not spelling_variants(parse_name("أبو الحسن المهاجر"), parse_name("أبو الحسين المهاجر"))


def _resolve(*names: str) -> list[set[str]]:
    ms = [Mention(f"d{i}", 0, len(n), n, n, PER, 0.9, "crf", 0) for i, n in enumerate(names)]
    res = Resolver().resolve(ms)
    return [set(e.aliases_ar) | {e.label_ar} for e in res.entities]


def test_kunya_with_and_without_article_merge_across_articles() -> None:
    assert one_node(_resolve("أبو الحسن المصراتي", "أبو حسن المصراتي"),
                    "أبو الحسن المصراتي", "أبو حسن المصراتي")


def test_shortened_kunya_joins_the_one_fuller_name() -> None:
    names = _resolve("أبو عمر الحمداني", "أبو عمر الحمداني الكردي")
    assert one_node(names, "أبو عمر الحمداني", "أبو عمر الحمداني الكردي")


def test_shortened_kunya_with_two_fuller_names_stays_apart() -> None:
    names = _resolve("أبو عمر الحمداني", "أبو عمر الحمداني الكردي", "أبو عمر الحمداني الشامي")
    assert len(names) == 3


def test_the_five_caliphs_stay_five_people() -> None:
    caliphs = (
        "أبو بكر البغدادي",
        "أبو إبراهيم الهاشمي القرشي",
        "أبو الحسن الهاشمي القرشي",
        "أبو الحسين الحسيني القرشي",
        "أبو حفص الهاشمي القرشي",
    )
    shortened = ("أبو الحسين الحسيني", "أبو حسن الهاشمي", "أبو إبراهيم الهاشمي", "القرشي")
    text = " ".join(f"وقتل {n} في غارة." for n in caliphs)
    names = people(text, " ".join(f"وقال {n} إن الحرب طويلة." for n in shortened))
    nodes = [n for n in names if any(c in n for c in caliphs)]
    assert len(nodes) == 5
    for c in caliphs:
        assert sum(c in n for n in nodes) == 1


# -- organisations with or without a generic head --------------------------------------------


def test_organisation_with_and_without_generic_head_is_one() -> None:
    ms = [
        Mention("d0", 0, 5, "x", "تنظيم جند الأقصى", ORG, 0.9, "pattern:org", 0),
        Mention("d1", 0, 5, "x", "جماعة جند الأقصى", ORG, 0.9, "pattern:org", 0),
        Mention("d2", 0, 5, "x", "جند الأقصى", ORG, 0.9, "crf", 0),
        Mention("d3", 0, 5, "x", "حركة الشباب", ORG, 0.9, "pattern:org", 0),
        Mention("d4", 0, 5, "x", "الشباب", ORG, 0.9, "crf", 0),
    ]
    groups = [set(e.aliases_ar) | {e.label_ar} for e in Resolver().resolve(ms).entities]
    assert {"تنظيم جند الأقصى", "جماعة جند الأقصى", "جند الأقصى"} in groups
    assert {"حركة الشباب"} in groups and {"الشباب"} in groups


def test_a_surname_used_alone_after_the_full_name_is_that_person() -> None:
    names = people(
        "قتلت القوات القيادي كمال الزيباري في غارة. وكان الزيباري يقود خلية في المنطقة."
    )
    assert one_node(names, "كمال الزيباري", "الزيباري")


def test_the_army_and_the_forces_of_one_nationality_are_one() -> None:
    ms = [
        Mention("d0", 0, 5, "x", "الجيش الليبي", ORG, 0.9, "pattern:org", 0),
        Mention("d1", 0, 5, "x", "القوات الليبية", ORG, 0.9, "pattern:org", 0),
        Mention("d2", 0, 5, "x", "القوات التونسية", ORG, 0.9, "pattern:org", 0),
        Mention("d3", 0, 5, "x", "الشرطة الليبية", ORG, 0.9, "pattern:org", 0),
    ]
    groups = [set(e.aliases_ar) | {e.label_ar} for e in Resolver().resolve(ms).entities]
    assert {"الجيش الليبي", "القوات الليبية"} in groups
    assert len(groups) == 3
