"""Sentence splitting: boundaries, abbreviations, numbers, quotes, exact spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.text.ingest import iter_inputs
from kg.text.sentences import split_sentences, split_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(Document("d", text, "test"))]


def test_splits_on_terminators_and_newlines() -> None:
    assert texts("قتل القيادي. وأعلن الجيش ذلك! هل قتل؟ نعم\nسطر جديد") == [
        "قتل القيادي.",
        "وأعلن الجيش ذلك!",
        "هل قتل؟",
        "نعم",
        "سطر جديد",
    ]


def test_spans_index_the_document_exactly() -> None:
    text = "  عنوان الخبر  \n\n  قتل القيادي.   وأعلن الجيش ذلك.  \n"
    doc = Document("d", text, "test")
    sentences = split_sentences(doc)
    assert [s.text for s in sentences] == ["عنوان الخبر", "قتل القيادي.", "وأعلن الجيش ذلك."]
    for i, s in enumerate(sentences):
        assert s.index == i
        assert s.doc_id == "d"
        assert s.text == doc.text[s.start : s.end]
        assert s.text == s.text.strip()


@pytest.mark.parametrize(
    "sentence",
    [
        'وأشار البيان إلى أن الضربة نفذتها الطائرات المسيرة "إم. كيو-9" ذاتها التي تعرضت لمضايقات.',
        "ولد في 12 ق.م. في بلدة صغيرة.",
        "وقال د. أحمد إن الوضع خطير.",
        "ارتفعت النسبة إلى 3.5 في المئة هذا العام.",
        "وأكدت وزارة الدفاع U.S. Army ذلك في بيان.",
        "زار الموقع www.example.com أمس عدد كبير من الناس.",
        "ولد عام 1980 م. في الموصل.",
    ],
)
def test_no_split_inside_abbreviations_numbers_and_urls(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_diacritic_before_full_stop_is_not_an_abbreviation() -> None:
    text = "درّبته واشنطن سابقًا. ويمثل الجيش الحر حاليًا أحد التشكيلات."
    assert texts(text) == ["درّبته واشنطن سابقًا.", "ويمثل الجيش الحر حاليًا أحد التشكيلات."]


def test_no_split_inside_quotes() -> None:
    text = "وقال المتحدث «قتلنا القيادي. والعملية مستمرة» في بيان. ثم غادر."
    assert texts(text) == ["وقال المتحدث «قتلنا القيادي. والعملية مستمرة» في بيان.", "ثم غادر."]
    curly = "وقال “انتهت العملية. عاد الجنود” مساء. ثم غادر."
    assert texts(curly) == ["وقال “انتهت العملية. عاد الجنود” مساء.", "ثم غادر."]


def test_terminator_before_closing_quote_ends_the_sentence_after_it() -> None:
    text = 'وقال: "انتهت العملية." ثم غادر المؤتمر.'
    assert texts(text) == ['وقال: "انتهت العملية."', "ثم غادر المؤتمر."]


def test_unbalanced_quote_stops_protecting_after_a_while() -> None:
    long_quote = '"' + "كلام طويل جدا " * 40 + ". "
    out = texts(long_quote + "جملة تالية.")
    assert out[-1] == "جملة تالية."


def test_quote_state_is_reset_at_line_breaks() -> None:
    assert texts('قال "بدأ الهجوم\nوقتل القيادي. ثم انتهى.') == [
        'قال "بدأ الهجوم',
        "وقتل القيادي.",
        "ثم انتهى.",
    ]


def test_ellipsis_and_closing_brackets() -> None:
    assert texts("قتل القيادي (في غارة.) ثم أعلن الجيش.") == [
        "قتل القيادي (في غارة.)",
        "ثم أعلن الجيش.",
    ]


def test_empty_and_blank() -> None:
    assert split_text("") == []
    assert split_text(" \n \n") == []


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_seed_sentences_are_exact_spans(path: Path) -> None:
    (doc,) = [d for d in iter_inputs([path]) if isinstance(d, Document)]
    sentences = split_sentences(doc)
    assert len(sentences) >= 10
    for s in sentences:
        assert s.text == doc.text[s.start : s.end] == s.text.strip()
    # sentences are in order and do not overlap
    for a, b in zip(sentences, sentences[1:], strict=False):
        assert a.end <= b.start


def test_seed_002_keeps_the_drone_name_in_one_sentence() -> None:
    (doc,) = [
        d for d in iter_inputs([SEEDS / "002_1d408386859719b9.txt"]) if isinstance(d, Document)
    ]
    hits = [s.text for s in split_sentences(doc) if "إم. كيو-9" in s.text]
    assert len(hits) == 1
    assert hits[0].startswith("وأشار البيان") and hits[0].endswith('تقريبًا".')


# -- property: any text splits into exact, ordered, non-overlapping spans ---------------------

ARABIC_AND_PUNCT = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهوية ءأإآىؤئ0123456789.!?؟«»“”\"'\n\t ـًٌٍَُِّْ")
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ARABIC_AND_PUNCT, st.text(max_size=200)))
def test_any_text_gives_exact_spans(text: str) -> None:
    spans = split_text(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        last = end
