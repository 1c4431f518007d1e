"""Dates relative to the publication date, Hijri dates, datelines and the month a text calls
the current one (kg.text.dates). Every text is written for the test."""

from __future__ import annotations

import pytest

from kg.model import DatePrecision
from kg.text.dates import current_month, find_dateline, find_dates

MONDAY = "2024-05-20"
THURSDAY = "2024-05-23"


def values(text: str, published: str | None) -> list[str]:
    return [m.value.value for m in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a weekday alone is the latest such day on or before publication
        ("قتل في غارة يوم الخميس", MONDAY, ["2024-05-16"]),
        ("قتل في غارة يوم الخميس", THURSDAY, ["2024-05-23"]),
        ("قتل في غارة الخميس الماضي", THURSDAY, ["2024-05-16"]),
        ("نفذت الغارة فجر الخميس", MONDAY, ["2024-05-16"]),
        # days before publication
        ("قتل أمس", MONDAY, ["2024-05-19"]),
        ("نفذت العملية فجر اليوم", MONDAY, ["2024-05-20"]),
        ("قتل الليلة الماضية", MONDAY, ["2024-05-19"]),
        ("اعتقل قبل يومين", MONDAY, ["2024-05-18"]),
        ("اعتقل قبل ثلاثة أيام", MONDAY, ["2024-05-17"]),
        # counted from another event, not from publication
        ("اعتقل قبل يومين من مقتل شقيقه", MONDAY, []),
        # both Gregorian namings; the year completed from publication only when known
        ("قتل في 15 كانون الثاني", MONDAY, ["2024-01-15"]),
        ("قتل في 15 يناير", MONDAY, ["2024-01-15"]),
        ("قتل في 15 كانون الثاني", None, ["--01-15"]),
        # a day later in the year than publication is last year's
        ("قتل في 15 أيلول", MONDAY, ["2023-09-15"]),
        # without publication, relative forms give nothing
        ("قتل يوم الخميس", None, []),
        ("قتل أمس", None, []),
    ],
)
def test_relative_and_year_less_dates(text: str, published: str | None, expected: list) -> None:
    assert values(text, published) == expected


def test_hijri_date_with_its_year() -> None:
    (m,) = find_dates("قتل في الأول من رمضان 1440 هـ", None)
    assert (m.value.value, m.value.precision) == ("2019-05-06", DatePrecision.DATE)


def test_hijri_date_placed_by_publication() -> None:
    # 27 Ramadan before a publication date of 10 June 2019 (tabular calendar: 1 June 2019)
    assert values("قتل ليلة 27 رمضان", "2019-06-10") == ["2019-06-01"]
    assert values("قتل ليلة 27 رمضان", None) == []


def test_gregorian_date_stated_with_a_hijri_one_wins() -> None:
    assert values("في 15 رمضان 1440 هـ الموافق 20 أيار 2019", None) == ["2019-05-20"]


def test_a_name_is_not_a_hijri_month() -> None:
    assert values("قال رمضان الأحمد إن العملية نجحت", None) == []


def test_dateline_with_spaced_dots() -> None:
    text = "الوكالة / الخميس 04 . 02 . 2021 — أعلنت القوات مقتل قيادي مساء اليوم الخميس."
    assert find_dateline(text) == "2021-02-04"
    assert "2021-02-04" in values(text, None)


def test_a_sentence_opening_with_its_date_is_not_a_dateline() -> None:
    assert find_dateline("في 12 آذار 2021 قتل القيادي في غارة جوية.") is None
    assert find_dateline("بغداد - 12 آذار 2021 - قتل القيادي في غارة.") == "2021-03-12"


def test_the_month_a_text_calls_current_dates_this_week() -> None:
    text = "قتل قياديان في 17 أيار الحالي. وهذا الأسبوع اعتقلت القوات قياديا ثالثا."
    assert current_month(text) == 5
    assert values(text, None) == ["--05-17", "--05"]
    # with a publication date, this week is read from it, as before
    assert values("وهذا الأسبوع اعتقلت القوات قياديا", MONDAY) == ["2024-05"]


def test_an_ambiguous_month_name_with_past_or_current() -> None:
    # ماي (Maghrebi May) is also a word: with الماضي it is the month
    assert values("اعتقل في عملية نفذتها في ماي الماضي", "2024-08-02") == ["2024-05"]
