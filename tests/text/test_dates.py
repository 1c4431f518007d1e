"""Dates: every form of the issue, with and without a publication date."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import DatePrecision
from kg.text.dates import (
    DateMatch,
    best_date,
    check_published,
    find_dates,
    find_header_date,
    matches_between,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FRIDAY = "2025-12-05"  # a Friday


def values(text: str, published: str | None) -> list[str]:
    return [m.value.value for m in find_dates(text, published)]


# (text, published, expected values in order)
CASES: list[tuple[str, str | None, list[str]]] = [
    # both namings, and pairs
    ("في 19 تشرين الأول 2019", None, ["2019-10-19"]),
    ("في 27 أكتوبر 2019", None, ["2019-10-27"]),
    ("الجمعة 22 نوفمبر / November 2024", None, ["2024-11-22"]),
    ("في فبراير/شباط 2022 حاصرت", None, ["2022-02"]),
    ("في أكتوبر/ تشرين الأول 2019 عندما", None, ["2019-10"]),
    ("في السابع من يوليو/ تموز", None, ["--07-07"]),
    ("في 13 آذار (مارس) نفذت", None, ["--03-13"]),
    ("في (مارس) آذار الماضي", None, ["--03"]),
    ("في 19 ديسمبر/كانون الأول، نفذت", None, ["--12-19"]),
    ("في ١٩ تشرين الأول ٢٠١٩", None, ["2019-10-19"]),
    ("بتموز 2014", None, ["2014-07"]),
    ("في كانون الثاني 2021", None, ["2021-01"]),
    ("في جانفي 2020", None, ["2020-01"]),
    # day numbers in words and digits
    ("الأول من أكتوبر", None, ["--10-01"]),
    ("في الحادي والعشرين من أيار", None, ["--05-21"]),
    ("في السابع عشر من أيار الماضي", FRIDAY, ["2025-05-17"]),
    ("يوم 5 أيار", None, ["--05-05"]),
    # part-of-month words keep month precision
    ("منتصف تشرين الأول", None, ["--10"]),
    ("في منتصف شهر تشرين الثاني", None, ["--11"]),
    ("في أواخر كانون الثاني", None, ["--01"]),
    ("منتصف تشرين الأول", "2022-12-01", ["2022-10"]),
    # years
    ("في عام 2019", None, ["2019"]),
    ("منذ إعلان القضاء عليها في العام 2019", None, ["2019"]),
    ("مهد انتفاضة 2011", None, ["2011"]),
    ("نهاية 2017", None, ["2017"]),
    ("منتصف عام 2020", None, ["2020"]),
    ("وفي صيف العام 2019", None, ["2019"]),
    ("نحو 2000 مقاتل", None, []),
    ("أكثر من 2015 شخصا", None, []),
    # numeric dates
    ("2024-11-22", None, ["2024-11-22"]),
    ("22/11/2024", None, ["2024-11-22"]),
    ("31/02/2024", None, []),
    # relative, with a publication date (2025-12-05 is a Friday)
    ("في الـ 16 من الشهر الجاري", FRIDAY, ["2025-12-16"]),
    ("في 16 الجاري", FRIDAY, ["2025-12-16"]),
    ("وفي الشهر الماضي، نفذت", FRIDAY, ["2025-11"]),
    ("الشهر الماضي", "2025-01-10", ["2024-12"]),
    ("هذا الشهر", FRIDAY, ["2025-12"]),
    ("الخميس الماضي", FRIDAY, ["2025-12-04"]),
    ("الجمعة الماضي", FRIDAY, ["2025-11-28"]),
    ("يوم الجمعة", FRIDAY, ["2025-12-05"]),
    ("قال الجيش الثلاثاء", FRIDAY, ["2025-12-02"]),
    ("فجر الخميس", FRIDAY, ["2025-12-04"]),
    ("السبت المقبل", FRIDAY, ["2025-12-06"]),
    ("اليوم الجمعة", FRIDAY, ["2025-12-05"]),
    ("اليوم الخميس", FRIDAY, ["2025-12-04"]),  # published a day late
    ("صباح اليوم", FRIDAY, ["2025-12-05"]),
    ("أمس", FRIDAY, ["2025-12-04"]),
    ("يوم أمس", FRIDAY, ["2025-12-04"]),
    ("أول من أمس", FRIDAY, ["2025-12-03"]),
    ("هذا العام", FRIDAY, ["2025"]),
    ("العام الماضي", FRIDAY, ["2024"]),
    ("العام قبل الماضي", FRIDAY, ["2023"]),
    ("الأسبوع الماضي", "2025-12-20", ["2025-12"]),
    ("الأسبوع الماضي", FRIDAY, ["2025"]),  # the week spans November and December
    ("19 تشرين الأول الماضي", FRIDAY, ["2025-10-19"]),
    ("فجر 19 تشرين الأول", FRIDAY, ["2025-10-19"]),
    ("يوليو الماضي", FRIDAY, ["2025-07"]),
    ("ديسمبر الماضي", FRIDAY, ["2024-12"]),
    ("ديسمبر المقبل", FRIDAY, ["2026-12"]),
    ("في حزيران", FRIDAY, ["2025-06"]),
    ("في 20 ديسمبر", FRIDAY, ["2024-12-20"]),  # past-biased: not a future date
    ("في 6 ديسمبر", FRIDAY, ["2025-12-06"]),  # within the 2-day margin
    # relative, without a publication date: nothing, or no year
    ("في الـ 16 من الشهر الجاري", None, []),
    ("الشهر الماضي", None, []),
    ("الخميس الماضي", None, []),
    ("اليوم الأحد", None, []),
    ("أمس", None, []),
    ("أول من أمس", None, []),
    ("هذا العام", None, []),
    ("الأسبوع الماضي", None, []),
    ("19 تشرين الأول الماضي", None, ["--10-19"]),
    ("يوليو الماضي", None, ["--07"]),
    # words that only look like dates
    ("أب لثلاثة أطفال", None, []),
    ("مارس الضغط على الحكومة", None, []),
    ("روسيا اليوم", FRIDAY, []),
    ("في وقت سابق من اليوم نفسه", FRIDAY, []),
    ("صلاة الجمعة", FRIDAY, []),
    ("الأحد عشر لاعبا", FRIDAY, []),
    ("في 31 شباط", None, []),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_date_forms(text: str, published: str | None, expected: list[str]) -> None:
    assert values(text, published) == expected


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        ("في 19 تشرين الأول 2019", DatePrecision.DATE),
        ("في فبراير/شباط 2022", DatePrecision.YEAR_MONTH),
        ("في عام 2019", DatePrecision.YEAR),
        ("في السابع من يوليو", DatePrecision.MONTH_DAY),
        ("منتصف تشرين الأول", DatePrecision.MONTH),
    ],
)
def test_precision_is_kept(value: str, precision: DatePrecision) -> None:
    (match,) = find_dates(value, None)
    assert match.value.precision is precision


def test_spans_index_the_text_and_keep_the_surface() -> None:
    text = "وقعت الغارة فجر 19 تشرين الأوّل الماضي في مدينة الضمير."
    (match,) = find_dates(text, FRIDAY)
    assert text[match.start : match.end] == "فجر 19 تشرين الأوّل الماضي"
    assert match.value.surface == text[match.start : match.end]
    assert match.value.value == "2025-10-19"


def test_tatweel_and_diacritics_do_not_hide_a_month() -> None:
    assert values("في 3 تـمّـوز 2020", None) == ["2020-07-03"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("وهو من مواليد 1982", "birth"),
        ("وُلد عام 1971 في سامراء", "birth"),
        ("تأسس عام 2018", "founded"),
        ("منذ تأسيسها في عام 2014", "founded"),
        ("منذ عام 2019", "since"),
        ("ابتداءً من 30 نوفمبر 2022", "since"),
        ("حتى 2019", "until"),
        ("قتل في 27 أكتوبر 2019", "event"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    matches = find_dates(text, None)
    assert [m.kind for m in matches] == [kind]


def test_birth_cue_does_not_reach_a_later_date() -> None:
    matches = find_dates("وُلد عام 1971 وقُتل في 27 أكتوبر 2019", None)
    assert [(m.value.value, m.kind) for m in matches] == [
        ("1971", "birth"),
        ("2019-10-27", "event"),
    ]
    assert best_date(matches) is not None
    assert best_date(matches).value == "2019-10-27"  # type: ignore[union-attr]


# -- the page-header rule (seed 002) ----------------------------------------------------------


def test_current_month_contradicting_the_header_drops_the_year() -> None:
    text = "في ضربة نفذتها في السابع من يوليو/ تموز الجاري في شرق سوريا."
    assert values(text, "2024-11-22") == ["--07-07"]
    assert values(text, "2024-07-22") == ["2024-07-07"]
    assert check_published(text, "2024-11-22") is None
    assert check_published(text, "2024-07-22") == "2024-07-22"


def test_today_weekday_contradicting_the_header_voids_relative_dates() -> None:
    text = "أعلنت القيادة اليوم الأحد مقتل قيادي.\nوالخميس الماضي، أعلنت القوات الأميركية."
    # 2024-11-22 is a Friday: "today Sunday" cannot be that day, so nothing relative resolves
    assert values(text, "2024-11-22") == []
    # 2024-11-24 is a Sunday: both resolve
    assert values(text, "2024-11-24") == ["2024-11-24", "2024-11-21"]


def test_seed_002_dates() -> None:
    text = (SEEDS / "002_1d408386859719b9.txt").read_text(encoding="utf-8")
    matches = find_dates(text, "2024-11-22")
    found = [m.value.value for m in matches]
    assert "--07-07" in found
    assert "2019-10" in found
    assert not any(v.startswith("2024-07") for v in found)


def test_seed_004_dates() -> None:
    text = (SEEDS / "004_7c080dde73779be8.txt").read_text(encoding="utf-8")
    found = [m.value.value for m in find_dates(text, "2025-12-05")]
    assert found.count("2025-10-19") == 2


def test_seed_003_without_publication_date() -> None:
    text = (SEEDS / "003_45f60665583b1f03.txt").read_text(encoding="utf-8")
    found = [m.value.value for m in find_dates(text, None)]
    assert found[:3] == ["2011", "--10", "--11-30"]
    assert "--01" in found  # أواخر كانون الثاني
    # "هذا العام" needs a publication date
    assert not any(v.isdigit() and v != "2011" for v in found)


# -- header dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الجمعة 22 نوفمبر / November 2024\n\nعنوان الخبر هنا", "2024-11-22"),
        (
            "اقليمي ودولي\n\nروسيا اليوم\nالجمعة 05 كانون الأول 2025 - 19:29 روسيا اليوم\n",
            "2025-12-05",
        ),
        ("دمشق °C\nنشر في 2023-07-09 الساعة 10:00\nنص", "2023-07-09"),
        (
            "عنوان\nقتل في 27 أكتوبر 2019 زعيم التنظيم أبو بكر البغدادي في غارة أميركية شمال سوريا",
            None,
        ),
        ("نص بلا تاريخ\nسطر آخر", None),
    ],
)
def test_find_header_date(text: str, expected: str | None) -> None:
    assert find_header_date(text) == expected


def test_header_date_of_the_seeds() -> None:
    got = {
        p.stem[:3]: find_header_date(p.read_text(encoding="utf-8"))
        for p in sorted(SEEDS.glob("*.txt"))
    }
    assert got == {
        "000": None,
        "001": None,
        "002": "2024-11-22",
        "003": None,
        "004": "2025-12-05",
    }


# -- best_date --------------------------------------------------------------------------------


def test_best_date_prefers_specific_then_near() -> None:
    text = "في عام 2019، وفي 27 أكتوبر 2019 قتل، وفي 3 تشرين الثاني 2019 أعلن."
    matches = find_dates(text, None)
    assert [m.value.precision for m in matches][0] is DatePrecision.YEAR
    best = best_date(matches)
    assert best is not None and best.value == "2019-10-27"
    near = best_date(matches, near=text.index("أعلن"))
    assert near is not None and near.value == "2019-11-03"


def test_best_date_leaves_out_birth_years() -> None:
    matches = find_dates("القيادي من مواليد 1982", None)
    assert best_date(matches) is None
    assert best_date(matches, kinds=("birth",)) is not None


def test_matches_between() -> None:
    text = "في عام 2019 قتل. وفي عام 2022 أعلن."
    matches = find_dates(text, None)
    first = matches_between(matches, 0, text.index("."))
    assert [m.value.value for m in first] == ["2019"]
    assert all(isinstance(m, DateMatch) for m in first)


# -- property: no text makes the date finder crash, spans are valid ----------------------------

DATE_WORDS = st.lists(
    st.sampled_from(
        "في من الماضي الجاري المقبل اليوم أمس أول الأحد الجمعة الخميس منتصف أواخر عام العام "
        "شهر الشهر الأسبوع هذا تشرين الأول الثاني كانون آب مارس يوليو / ( ) ، 7 16 31 2019 "
        "2024-11-22 22/11/2024 السابع الحادي والعشرين مواليد تأسس منذ".split()
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(DATE_WORDS, st.text(max_size=120)),
    st.sampled_from([None, "2024-11-22", "2025-01-01", "2024-02-29", "not a date"]),
)
def test_any_text_gives_valid_matches(text: str, published: str | None) -> None:
    for m in find_dates(text, published):
        assert 0 <= m.start < m.end <= len(text)
        assert m.value.surface == text[m.start : m.end]
        assert m.kind in {"event", "birth", "founded", "death", "since", "until"}
