"""The tagger as an extractor: spans cleaned by the domain rules; and the new alias cues."""

from __future__ import annotations

from kg.extract.patterns import PatternExtractor
from kg.extract.registry import CrfExtractor
from kg.model import Document, EntityType, Mention
from kg.resolve.resolver import Resolver
from kg.text.sentences import split_sentences


def doc(text: str) -> Document:
    return Document("t", text, "t")


class FakeTagger:
    def __init__(self, spans: list[tuple[int, int, str, float]]) -> None:
        self._spans = spans

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        return self._spans


def crf_with(spans: list[tuple[int, int, str, float]]) -> CrfExtractor:
    ex = CrfExtractor.__new__(CrfExtractor)
    CrfExtractor.__init__(ex)
    ex.tagger = FakeTagger(spans)
    return ex


def test_name_cut_in_two_is_joined_across_one_given_name() -> None:
    text = "هو جبار سلمان علي فرحان العيساوي من مواليد 1982"
    a, b = text.index("جبار"), text.index("فرحان")
    ex = crf_with([(a, a + len("جبار سلمان"), "PERS", 0.9),
                   (b, b + len("فرحان العيساوي"), "PERS", 0.9)])
    d = doc(text)
    (m,) = ex(d, split_sentences(d))
    assert m.base == "جبار سلمان علي فرحان العيساوي"


def test_two_people_joined_by_wa_stay_two() -> None:
    text = "إن أحمد عيسى الزاوي وأحمد عبد الجغيفي قتلا"
    a = text.index("أحمد")
    b = text.index("وأحمد")
    ex = crf_with([(a, a + len("أحمد عيسى الزاوي"), "PERS", 0.9),
                   (b, b + len("وأحمد عبد الجغيفي"), "PERS", 0.9)])
    d = doc(text)
    bases = [m.base for m in ex(d, split_sentences(d))]
    assert bases == ["أحمد عيسى الزاوي", "أحمد عبد الجغيفي"]  # the conjunction is dropped


def test_lone_head_word_and_unsure_single_words_are_dropped() -> None:
    text = "في ريف المدينة قال سامي"
    r, s = text.index("ريف"), text.index("سامي")
    ex = crf_with([(r, r + 3, "LOC", 0.99), (s, s + 4, "PERS", 0.65)])
    d = doc(text)
    assert ex(d, split_sentences(d)) == []


def test_known_as_verb_makes_an_alias_statement() -> None:
    d = doc("حيث يعرف الزاوي باسم أبو علي البغدادي. أما الجغيفي فيعرف باسم أبو عمار")
    mentions, aliases = PatternExtractor().extract(d, split_sentences(d))
    by_key = {m.key: m.base for m in mentions}
    pairs = {(by_key[a.left], by_key[a.right]) for a in aliases}
    assert ("الزاوي", "أبو علي البغدادي") in pairs
    assert ("الجغيفي", "أبو عمار") in pairs


def m(doc_id: str, start: int, base: str, etype: EntityType, surface: str | None = None
      ) -> Mention:
    surface = surface or base
    return Mention(doc_id, start, start + len(surface), surface, base, etype, 0.8, "t", 0)


def test_organisation_named_without_its_generic_head_is_one() -> None:
    a = m("d", 0, "تنظيم حراس الدين", EntityType.ORGANIZATION)
    b = m("d", 50, "حراس الدين", EntityType.ORGANIZATION)
    res = Resolver().resolve([a, b])
    assert res.assignment[a.key] == res.assignment[b.key]


def test_joined_kunya_spelling_is_kept_as_an_alias() -> None:
    a = m("d", 0, "أبو ياسر العيساوي", EntityType.PERSON, surface="أبوياسر العيساوي")
    (ent,) = Resolver().resolve([a]).entities
    assert ent.label_ar == "أبو ياسر العيساوي"
    assert "أبوياسر العيساوي" in ent.aliases_ar


def test_prepared_chunk_gives_the_same_mentions() -> None:
    """``prepare`` (one batch for a chunk of documents) changes nothing in the mentions, and a
    document that was not in the chunk is still tagged."""
    texts = [
        "قتل القيادي في تنظيم داعش أبو محمد العدناني في غارة قرب مدينة الباب.",
        "أعلنت قوات سوريا الديمقراطية اعتقال المدعو خالد الحسين في ريف دير الزور.",
    ]
    docs = [Document(f"d{i}", t, f"d{i}.txt") for i, t in enumerate(texts)]
    ex = CrfExtractor()
    alone = [ex(d, split_sentences(d)) for d in docs]
    ex.prepare(docs[:1])
    assert [ex(d, split_sentences(d)) for d in docs] == alone
    assert ex._ready == {}
