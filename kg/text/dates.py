"""Dates in Arabic news text, at the precision the text supports.

Reads strings (and ``kg/data/dates.json``, once, at import); writes ``DateMatch`` spans whose
offsets index the string given (``Document.text``). No I/O beyond the data file.

Forms read (month names in the Syriac and Egyptian namings, Maghrebi and English too, folded
so that spelling variants match; see ``dates.json``):

- day + month (+ year): "22 نوفمبر / November 2024", "السابع من يوليو/ تموز", "في الـ 16 من
  الشهر الجاري", "13 آذار (مارس)", "(مارس) آذار", "19 ديسمبر/كانون الأول"; numeric
  "2024-11-22", "22/11/2024".
- month (+ year), with a part-of-month word kept at month precision: "فبراير/شباط 2022",
  "منتصف تشرين الأول", "أواخر كانون الثاني", "في حزيران".
- years: "في عام 2019", "العام 2019", "نهاية 2017", "صيف العام 2019", a bare "2019" unless it
  counts something ("نحو 2000 مقاتل").
- relative to the publication date ``published``: "أمس", "أول من أمس", "اليوم الأحد",
  "صباح اليوم", "الخميس الماضي", "يوم الجمعة", "الشهر الماضي/الجاري", "الأسبوع الماضي",
  "هذا العام", "العام الماضي", and a month or day qualified by الماضي / الجاري / المقبل.

Resolution rules (``published`` = P):

- A month named with "الماضي" is the latest such month strictly before P's month
  ("19 تشرين الأول الماضي" with P = 2025-12-05 -> 2025-10-19); with "المقبل" the first after
  it; with "الجاري"/"الحالي" P's own month and year.
- A day and month (or a month) without a year takes its year from P: P's year, unless that
  would put the date more than 2 days (the month: any month) after P, then the year before.
  The year is "implied", as the CONTRACT says, and news reports the past.
- A weekday alone ("يوم الجمعة") is the latest such day on or before P; with "الماضي" strictly
  before P; with "المقبل" strictly after; "اليوم الأحد" is P (or P - 1, publication lag).
- "الأسبوع الماضي" is the month of the seven days before P when they lie in one month, else
  the year; a week has no XSD type.
- Without P: a day + month is ``gMonthDay`` ("--07-07"), a month alone ``gMonth`` ("--10"),
  and anything that needs P (أمس, الشهر الماضي, هذا العام, a weekday) gives nothing.

The page-header rule (seed 002): a page header date is not always the article's date (pages
are re-dated when re-served or archived). When the text contradicts P, P is not used for any
relative or implied date of that text: the text says a month is the current one
("في السابع من يوليو/ تموز الجاري") but P is in another month, or it says today is a weekday
("اليوم الأحد") that is neither P's nor the day before's. Then "السابع من يوليو الجاري" gives
"--07-07", not "2024-07-07", and "الخميس الماضي" gives nothing. Dates with an explicit year are
unaffected. Call ``find_dates`` once on the whole ``Document.text`` (so that a contradiction in
one sentence protects the others) and pick matches by span (``matches_between``).

Each match has a ``kind``: "event" by default; "birth" ("من مواليد 1982"), "founded" ("تأسس عام
2018"), "death", "since" ("منذ 2019"), "until" ("حتى 2019") when a cue word stands right
before it (only filler words such as في/عام/من between), so that a raid does not take them.

Hijri dates ("15 رمضان 1440 هـ") are read with their day, and with a year or P to place them;
they are converted by the tabular calendar (a day or two off the observed calendar at worst), and
a Gregorian date stated next to one (الموافق ...) wins. Datelines with spaced dots ("04 . 02 .
2021") are read. "قبل يومين" / "الليلة الماضية" are days before P (not when من follows: قبل
يومين من مقتله counts from another event). Without P, a month the text calls the current one
("17 أيار الحالي") tells P's month: "هذا الأسبوع" and "الشهر الجاري" then give that month.

Limits: date ranges ("بين 2014 و2017") give their ends, if at all;
seasons give the year; spans never cross a line break.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from kg.model import DatePrecision, DateValue
from kg.text.foldview import fold_text, folded_view

__all__ = [
    "DateMatch",
    "best_date",
    "check_published",
    "current_month",
    "find_dateline",
    "find_dates",
    "find_header_date",
    "header_date_line",
    "matches_between",
    "parse_iso_date",
]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a text: span of the text given, its value and what kind of date it is."""

    start: int
    end: int
    value: DateValue
    kind: str = "event"  # "event" | "birth" | "founded" | "death" | "since" | "until"


# --------------------------------------------------------------------------- data


def _load() -> dict:
    with resources.files("kg.data").joinpath("dates.json").open(encoding="utf-8") as fh:
        return json.load(fh)


_DATA = _load()
_S = r"[^\S\n]*"  # optional spaces, never a line break
_S1 = r"[^\S\n]+"
_BEG = r"(?:(?<![^\W_])|(?<=(?<![^\W_])[وفبلك])|(?<=(?<![^\W_])[وف][بلك]))"
_END = r"(?![^\W\d_])"


def _f(word: str) -> str:
    """A word as the folded view spells it, with single spaces."""
    return " ".join(fold_text(word).split())


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of folded words, longest first; spaces match any run of spaces."""
    forms = sorted({_f(w) for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", _S1) for w in forms) + ")"


def _index(table: dict[str, list[str]]) -> dict[str, int]:
    return {_f(w): int(k) for k, words in table.items() for w in words}


_MONTHS = _index(_DATA["months"])
_AMBIGUOUS_MONTHS = {_f(w) for w in _DATA["ambiguous_months"]}
_WEEKDAYS = _index(_DATA["weekdays"])
_AMBIGUOUS_WEEKDAYS = {_f(w) for w in _DATA["ambiguous_weekdays"]}
_ORDINALS = _index(_DATA["day_ordinals"])
_REL = {_f(w): k for k, words in _DATA["relative"].items() for w in words}
_OFFSETS = _index(_DATA["day_offsets"])

_MONTH = _alt(_MONTHS) + _END
_WEEKDAY = _alt(_WEEKDAYS) + _END
_REL_ANY = _alt(_REL) + _END
_REL_CURRENT = _alt(_DATA["relative"]["current"]) + _END
_TOD = _alt(_DATA["time_of_day"])
_TOD_NOT_DAY = _alt(w for w in _DATA["time_of_day"] if _f(w) != "يوم")
_MOD = _alt(_DATA["period_modifiers"])
_YPRE = _alt(_DATA["year_prefix"])
_YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_YEAR = r"(?<![\d.,/:\-])" + _YEAR_DIGITS
_DAYNUM = r"(?<![\d.,/:\-])(?:0?[1-9]|[12]\d|3[01])(?![\d.,:])"
_ORD = _alt(_ORDINALS) + _END
_THIS = _alt(_DATA["this"])
_MONTH_WORD = _alt(_DATA["month_word"])
_MONTH_PRE = _alt(_DATA["month_prefix"])
_WEEK_WORD = _alt(_DATA["week_word"])
_YEAR_WORD = _alt(_DATA["year_word"])
_TODAY = _alt(_DATA["today"])

# A day: digits (optionally "الـ 16") or an ordinal word, which needs "من" before the month.
_DAY = rf"(?:(?:ال{_S})?(?P<dd>{_DAYNUM}){_S}(?:من{_S1})?|(?P<dw>{_ORD}){_S1}من{_S1})"
# A month, alone or as a pair of its two namings: "يوليو/ تموز", "(مارس) آذار", "آذار (مارس)".
_MG = (
    rf"(?:\({_S}(?P<m0>{_MONTH}){_S}\){_S})?(?P<m1>{_MONTH})"
    rf"(?:{_S}[/\\|\-–—]{_S}(?P<m2>{_MONTH})|{_S}\({_S}(?P<m3>{_MONTH}){_S}\))?"
)
_YEAR_TAIL = rf"(?:{_S}[،,]?{_S}(?:{_YPRE}{_S1})?(?P<y>{_YEAR})(?:{_S}م{_END})?)"
_REL_TAIL = rf"(?:{_S1}(?P<rel>{_REL_ANY}))"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(_BEG + pattern)


_RE_DAY_MONTH = _c(
    rf"(?:(?P<wd>{_WEEKDAY}){_S}[،,]?{_S})?(?:{_TOD}{_S1})?{_DAY}"
    rf"(?:(?P<pre>{_MONTH_PRE}){_S1})?{_MG}(?:{_YEAR_TAIL}|{_REL_TAIL})?"
)
_RE_MONTH = _c(
    rf"(?:(?P<mod>{_MOD}){_S1})?(?:(?P<pre>{_MONTH_PRE}){_S1})?{_MG}(?:{_YEAR_TAIL}|{_REL_TAIL})?"
)
_RE_YEAR = _c(rf"(?:(?P<mod>{_MOD}){_S1})?(?:(?P<pre>{_YPRE}){_S1})?(?P<y>{_YEAR})(?:{_S}م{_END})?")
_RE_YMD = re.compile(rf"(?P<y>{_YEAR})(?P<s>[-/.])(?P<mo>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?!\d)")
_RE_DMY = re.compile(
    rf"(?<![\d.,/:\-])(?P<d>\d{{1,2}})(?P<s>[-/.])(?P<mo>\d{{1,2}})(?P=s)(?P<y>{_YEAR_DIGITS})"
)
# a dateline written with spaced dots: "04 . 02 . 2021"
_RE_DMY_SPACED = re.compile(
    rf"(?<![\d.,/:\-])(?P<d>\d{{1,2}}){_S1}(?P<s>[.])(?:{_S1})(?P<mo>\d{{1,2}}){_S1}(?P=s){_S1}"
    rf"(?P<y>{_YEAR_DIGITS})"
)
_RE_REL_MONTH = _c(
    rf"(?:(?P<mod>{_MOD}){_S1})?(?:{_DAY})?"
    rf"(?:{_MONTH_WORD}{_S1}(?P<rel>{_REL_ANY})|(?P<this>{_THIS}){_S1}{_MONTH_WORD}{_END})"
)
_RE_DAY_CURRENT = _c(
    rf"(?:(?:ال{_S})?(?P<dd>{_DAYNUM})|(?P<dw>{_ORD})){_S1}(?:من{_S1})?"
    rf"(?P<rel>{_REL_CURRENT})"
)
_RE_REL_WEEK = _c(
    rf"(?:{_WEEK_WORD}{_S1}(?P<rel>{_REL_ANY})|(?P<this>{_THIS}){_S1}{_WEEK_WORD}{_END})"
)
_RE_REL_YEAR = _c(
    rf"(?:(?P<mod>{_MOD}){_S1})?(?:{_YEAR_WORD}{_S1}(?P<before>قبل{_S1})?(?P<rel>{_REL_ANY})"
    rf"|(?P<this>{_THIS}){_S1}{_YEAR_WORD}{_END})"
)
_RE_OFFSET = _c(rf"(?:{_TOD}{_S1})?(?P<off>{_alt(_OFFSETS)}){_END}(?!{_S1}من{_END})")
_HIJRI = _index(_DATA["hijri_months"])
_RE_HIJRI = _c(
    rf"(?:(?:ال{_S})?(?P<dd>{_DAYNUM}){_S}(?:من{_S1})?|(?P<dw>{_ORD}){_S1}من{_S1})"
    rf"(?P<hm>{_alt(_HIJRI)}){_END}"
    rf"(?:{_S}[،,]?{_S}(?:{_YPRE}{_S1})?(?P<y>1[34]\d\d)(?!\d))?"
    rf"(?:{_S}(?P<mark>{_alt(_DATA['hijri_markers'])}){_END})?"
)
_RE_TODAY = _c(
    rf"(?:{_TODAY}{_S}[،,]?{_S}(?P<wd>{_WEEKDAY})"
    rf"|(?P<tod>{_TOD_NOT_DAY}){_S1}{_TODAY}{_END}(?!{_S1}(?:نفسه|ذاته|التالي|السابق)))"
)
_RE_WEEKDAY = _c(
    rf"(?:(?P<tod>{_TOD}){_S1})?(?P<wd>{_WEEKDAY})(?!{_S1}عشر)"
    rf"(?:{_S1}(?P<rel>{_alt(_DATA['relative']['past'] + _DATA['relative']['next'])}{_END}))?"
)

_KIND_RE = re.compile(
    r"(?:^|[^\w])(?:[وف])?(?P<cue>"
    + "|".join(f"(?P<k_{kind}>{_alt(words)})" for kind, words in sorted(_DATA["kinds"].items()))
    + rf"){_END}(?:{_S1}{_alt(_DATA['kind_fillers'])}{_END})*{_S}$"
)
_YEAR_BLOCK_BEFORE = re.compile(rf"(?:^|[^\w]){_alt(_DATA['year_blockers_before'])}{_S}$")
_YEAR_BLOCK_AFTER = re.compile(rf"^{_S}(?:{_alt(_DATA['year_count_nouns_after'])}|[%٪])")


# --------------------------------------------------------------------------- raw parse


@dataclass(slots=True)
class _Raw:
    """A date as written, before resolution against the publication date."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    rel: str | None = None  # "past" | "current" | "next"
    unit: str | None = None  # "month" | "week" | "year" when relative to P without a name
    offset: int | None = None  # days from P (أمس = -1)
    today: bool = False
    year_shift: int = 0  # "العام قبل الماضي" = -2
    explicit: bool = True  # year explicit or only a part of a date
    hijri: bool = False  # year, month and day are of the Hijri calendar


def _month_of(m: re.Match[str]) -> int | None:
    """The month of a month group, None when ambiguous and unsupported by context."""
    names = [m.group(g) for g in ("m0", "m1", "m2", "m3") if m.group(g)]
    keys = [" ".join(n.split()) for n in names]
    months = [_MONTHS[k] for k in keys]
    if len(keys) > 1:
        return months[1] if keys[0] in _AMBIGUOUS_MONTHS and months[0] != months[1] else months[0]
    key = keys[0]
    if key in _AMBIGUOUS_MONTHS:
        gd = m.groupdict()
        if not (gd.get("dd") or gd.get("dw") or gd.get("y") or gd.get("pre") or gd.get("rel")):
            return None
    return months[0]


def _day_of(m: re.Match[str]) -> int | None:
    if m.group("dd"):
        return int(m.group("dd"))
    if m.group("dw"):
        return _ORDINALS[" ".join(m.group("dw").split())]
    return None


def _rel_of(m: re.Match[str]) -> str | None:
    rel = m.groupdict().get("rel")
    return _REL[" ".join(rel.split())] if rel else None


def _p_day_month(m: re.Match[str], text: str) -> _Raw | None:
    month = _month_of(m)
    if month is None:
        return None
    raw = _Raw(m.start(), m.end(), month=month, day=_day_of(m), rel=_rel_of(m))
    if m.group("y"):
        raw.year = int(m.group("y"))
    if m.group("wd"):
        raw.weekday = _WEEKDAYS[m.group("wd")]
    return raw


def _p_month(m: re.Match[str], text: str) -> _Raw | None:
    month = _month_of(m)
    if month is None:
        return None
    raw = _Raw(m.start(), m.end(), month=month, rel=_rel_of(m))
    if m.group("y"):
        raw.year = int(m.group("y"))
    return raw


def _p_year(m: re.Match[str], text: str) -> _Raw | None:
    if not (m.group("mod") or m.group("pre")):
        # A bare number: a year unless it counts something.
        if _YEAR_BLOCK_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            return None
        if _YEAR_BLOCK_AFTER.match(text[m.end() : m.end() + 20]):
            return None
    return _Raw(m.start(), m.end(), year=int(m.group("y")))


def _p_numeric(m: re.Match[str], text: str) -> _Raw | None:
    y, mo, d = int(m.group("y")), int(m.group("mo")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
        return None
    return _Raw(m.start(), m.end(), year=y, month=mo, day=d)


def _p_rel_month(m: re.Match[str], text: str) -> _Raw | None:
    rel = "current" if m.groupdict().get("this") else _rel_of(m)
    return _Raw(m.start(), m.end(), day=_day_of(m), rel=rel, unit="month")


def _p_rel_week(m: re.Match[str], text: str) -> _Raw | None:
    rel = "current" if m.group("this") else _rel_of(m)
    return _Raw(m.start(), m.end(), rel=rel, unit="week")


def _p_rel_year(m: re.Match[str], text: str) -> _Raw | None:
    rel = "current" if m.group("this") else _rel_of(m)
    shift = -1 if m.group("before") and rel == "past" else 0
    return _Raw(m.start(), m.end(), rel=rel, unit="year", year_shift=shift)


def _p_offset(m: re.Match[str], text: str) -> _Raw | None:
    return _Raw(m.start(), m.end(), offset=_OFFSETS[" ".join(m.group("off").split())])


def _p_today(m: re.Match[str], text: str) -> _Raw | None:
    raw = _Raw(m.start(), m.end(), today=True)
    if m.group("wd"):
        raw.weekday = _WEEKDAYS[m.group("wd")]
    else:
        raw.offset = 0
    return raw


def _p_hijri(m: re.Match[str], text: str) -> _Raw | None:
    raw = _Raw(m.start(), m.end(), month=_HIJRI[" ".join(m.group("hm").split())], hijri=True)
    raw.day = _day_of(m)
    if m.group("y"):
        raw.year = int(m.group("y"))
    return raw


def _p_weekday(m: re.Match[str], text: str) -> _Raw | None:
    wd = m.group("wd")
    rel = _rel_of(m)
    if wd in _AMBIGUOUS_WEEKDAYS and not (m.group("tod") or rel):
        return None
    return _Raw(m.start(), m.end(), weekday=_WEEKDAYS[wd], rel=rel)


_PARSERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], _Raw | None]], ...] = (
    (_RE_YMD, _p_numeric),
    (_RE_DMY, _p_numeric),
    (_RE_DMY_SPACED, _p_numeric),
    (_RE_HIJRI, _p_hijri),
    (_RE_DAY_MONTH, _p_day_month),
    (_RE_MONTH, _p_month),
    (_RE_YEAR, _p_year),
    (_RE_REL_MONTH, _p_rel_month),
    (_RE_DAY_CURRENT, _p_rel_month),
    (_RE_REL_WEEK, _p_rel_week),
    (_RE_REL_YEAR, _p_rel_year),
    (_RE_OFFSET, _p_offset),
    (_RE_TODAY, _p_today),
    (_RE_WEEKDAY, _p_weekday),
)


def _raw_dates(folded: str) -> list[_Raw]:
    """Every date form found, overlaps resolved: the longest span wins, then the earliest."""
    found: list[_Raw] = []
    for regex, parse in _PARSERS:
        for m in regex.finditer(folded):
            if m.end() <= m.start():
                continue
            raw = parse(m, folded)
            if raw is not None:
                found.append(raw)
    found.sort(key=lambda r: (-(r.end - r.start), r.start))
    taken: list[_Raw] = []
    for raw in found:
        if all(raw.end <= t.start or raw.start >= t.end for t in taken):
            taken.append(raw)
    taken.sort(key=lambda r: r.start)
    return taken


# --------------------------------------------------------------------------- resolution


def parse_iso_date(value: object) -> date | None:
    """A date from "yyyy-mm-dd" (or a timestamp starting with one); None if it is not one."""
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _contradicts(raw: _Raw, p: date) -> bool:
    """Does this date say the publication date is not the article's date?"""
    if raw.rel == "current" and raw.month is not None and raw.year is None:
        return raw.month != p.month
    if raw.today and raw.weekday is not None:
        return raw.weekday not in (p.weekday(), (p - timedelta(days=1)).weekday())
    return False


def check_published(text: str, published: str | None) -> str | None:
    """``published`` if the text does not contradict it (module docstring), else None."""
    p = parse_iso_date(published)
    if p is None:
        return None
    raws = _raw_dates(folded_view(text).folded)
    return None if any(_contradicts(r, p) for r in raws) else p.isoformat()


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _dv(value: str, precision: DatePrecision) -> DateValue:
    return DateValue(value, precision)


def _full(y: int, m: int, d: int) -> DateValue | None:
    try:
        return _dv(date(y, m, d).isoformat(), DatePrecision.DATE)
    except ValueError:
        return None


_HIJRI_EPOCH = 1948439  # JDN of the day before 1 Muharram 1 AH (tabular, civil epoch)
_JDN_ORDINAL = 1721425  # JDN minus this is the proleptic Gregorian ordinal (date.toordinal)


def _hijri_ordinal(year: int, month: int, day: int) -> int:
    """The Gregorian ordinal of a Hijri date by the tabular (arithmetic) calendar."""
    jdn = (
        day
        + -(-(59 * (month - 1)) // 2)  # ceil(29.5 * (month - 1))
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + _HIJRI_EPOCH
    )
    return jdn - _JDN_ORDINAL


def _resolve_hijri(raw: _Raw, p: date | None) -> DateValue | None:
    """A Hijri day and month, with its year or the latest such day up to P + 2 days."""
    if raw.day is None or raw.month is None or not 1 <= raw.day <= 30:
        return None
    if raw.year is not None:
        return _dv(
            date.fromordinal(_hijri_ordinal(raw.year, raw.month, raw.day)).isoformat(),
            DatePrecision.DATE,
        )
    if p is None:
        return None
    # the Hijri year of P: the tabular year has 354 or 355 days
    year = int((p.toordinal() + _JDN_ORDINAL - _HIJRI_EPOCH) / 354.367) + 1
    limit = (p + timedelta(days=2)).toordinal()
    for y in (year + 1, year, year - 1, year - 2):
        ordinal = _hijri_ordinal(y, raw.month, raw.day)
        if ordinal <= limit:
            return _dv(date.fromordinal(ordinal).isoformat(), DatePrecision.DATE)
    return None


def _resolve(raw: _Raw, p: date | None, hint: int | None = None) -> DateValue | None:
    """``raw`` resolved against P; ``hint`` is the publication month when only the text tells
    it (a month called الجاري/الحالي and no P): this week and this month are that month."""
    if raw.hijri:
        return _resolve_hijri(raw, p)
    if p is None and hint is not None and raw.rel == "current" and raw.unit in ("week", "month"):
        if raw.unit == "month" and raw.day is not None:
            return _dv(f"--{hint:02d}-{raw.day:02d}", DatePrecision.MONTH_DAY)
        return _dv(f"--{hint:02d}", DatePrecision.MONTH)
    if raw.offset is not None:
        return _dv((p + timedelta(days=raw.offset)).isoformat(), DatePrecision.DATE) if p else None
    if raw.weekday is not None and raw.month is None:
        return _resolve_weekday(raw, p)
    if raw.unit == "week":
        return _resolve_week(raw, p)
    if raw.unit == "year":
        if p is None:
            return None
        shift = {"past": -1, "current": 0, "next": 1}.get(raw.rel or "current", 0) + raw.year_shift
        return _dv(f"{p.year + shift:04d}", DatePrecision.YEAR)
    if raw.unit == "month":
        if p is None:
            return None
        delta = {"past": -1, "current": 0, "next": 1}[raw.rel or "current"]
        y, m = _add_months(p.year, p.month, delta)
        if raw.day is not None:
            return _full(y, m, raw.day)
        return _dv(f"{y:04d}-{m:02d}", DatePrecision.YEAR_MONTH)
    if raw.month is None:
        if raw.year is None:
            return None
        return _dv(f"{raw.year:04d}", DatePrecision.YEAR)
    return _resolve_month(raw, p)


def _resolve_month(raw: _Raw, p: date | None) -> DateValue | None:
    month, day = raw.month, raw.day
    assert month is not None
    if day is not None and day > calendar.monthrange(2000, month)[1]:
        return None
    year = raw.year
    if year is None and p is not None:
        if raw.rel == "current":
            year = p.year
        elif raw.rel == "past":
            year = p.year if month < p.month else p.year - 1
        elif raw.rel == "next":
            year = p.year if month > p.month else p.year + 1
        elif day is not None:
            limit = p + timedelta(days=2)
            fits = (month, day) <= (limit.month, limit.day) or limit.year > p.year
            year = p.year if fits else p.year - 1
        else:
            year = p.year if month <= p.month else p.year - 1
    if year is None:
        if day is not None:
            return _dv(f"--{month:02d}-{day:02d}", DatePrecision.MONTH_DAY)
        return _dv(f"--{month:02d}", DatePrecision.MONTH)
    if day is not None:
        return _full(year, month, day)
    return _dv(f"{year:04d}-{month:02d}", DatePrecision.YEAR_MONTH)


def _resolve_weekday(raw: _Raw, p: date | None) -> DateValue | None:
    if p is None or raw.weekday is None:
        return None
    if raw.today:
        d = p if p.weekday() == raw.weekday else p - timedelta(days=1)
        return _dv(d.isoformat(), DatePrecision.DATE) if d.weekday() == raw.weekday else None
    if raw.rel == "next":
        d = p + timedelta(days=(raw.weekday - p.weekday() - 1) % 7 + 1)
    elif raw.rel == "past":
        d = p - timedelta(days=(p.weekday() - raw.weekday - 1) % 7 + 1)
    else:
        d = p - timedelta(days=(p.weekday() - raw.weekday) % 7)
    return _dv(d.isoformat(), DatePrecision.DATE)


def _resolve_week(raw: _Raw, p: date | None) -> DateValue | None:
    if p is None:
        return None
    if raw.rel == "past":
        first, last = p - timedelta(days=7), p - timedelta(days=1)
    elif raw.rel == "next":
        first, last = p + timedelta(days=1), p + timedelta(days=7)
    else:
        first = last = p
    if (first.year, first.month) == (last.year, last.month):
        return _dv(f"{first.year:04d}-{first.month:02d}", DatePrecision.YEAR_MONTH)
    if first.year == last.year:
        return _dv(f"{first.year:04d}", DatePrecision.YEAR)
    return None


def _kind(folded: str, start: int) -> str:
    m = _KIND_RE.search(folded, max(0, start - 60), start)
    if not m:
        return "event"
    for name, value in m.groupdict().items():
        if name.startswith("k_") and value:
            return name[2:]
    return "event"


# --------------------------------------------------------------------------- public


_DATELINE_CHARS = 100
_DATELINE_WORDS = 5


def find_dateline(text: str) -> str | None:
    """The ISO date of a dateline opening the text ("السيمر / الخميس 04 . 02 . 2021 — أعلنت",
    "بغداد - 12 آذار 2021 -"): a full date with its year in the first 100 characters, with at
    most five words (an outlet, a place, a weekday) before it and a dash, slash, bar or colon
    before or after it (a sentence that opens with its date is not a dateline). For texts
    without metadata."""
    head = text[: _DATELINE_CHARS + 40]
    for m in find_dates(head, None):
        if m.start > _DATELINE_CHARS:
            break
        if m.value.precision is DatePrecision.DATE and re.search(r"\d{4}", m.value.surface):
            before, after = head[: m.start], head[m.end : m.end + 3].lstrip(" \t")
            marked = re.search(r"[-–—|/:]", before) or re.match(r"(?:[-–—|/:]|\n|$)", after)
            if marked and len(re.findall(r"[^\W\d_]+", before)) <= _DATELINE_WORDS:
                return m.value.value
        return None
    return None


def current_month(text: str) -> int | None:
    """The publication month as the text tells it: the one month it calls the current one
    ("17 أيار الحالي"), else None. For texts without a publication date."""
    return _current_month(_raw_dates(folded_view(text).folded))


def _current_month(raws: Sequence[_Raw]) -> int | None:
    current = {r.month for r in raws if r.rel == "current" and r.month and not r.year}
    return next(iter(current)) if len(current) == 1 else None


def find_dates(text: str, published: str | None, month_hint: int | None = None) -> list[DateMatch]:
    """Every date of ``text``, resolved against ``published`` (ISO) unless the text contradicts
    it; spans index ``text``. Pass a whole document's text (see the module docstring), or a
    part of it with ``month_hint``, the whole text's ``current_month``."""
    view = folded_view(text)
    raws = _raw_dates(view.folded)
    p = parse_iso_date(published)
    if p is not None and any(_contradicts(r, p) for r in raws):
        p = None
    hint = (month_hint or _current_month(raws)) if p is None else None
    # a Gregorian date stated with a Hijri one (الموافق ...) wins over it
    full = [r for r in raws if not r.hijri and r.day is not None and r.month is not None]
    raws = [
        r
        for r in raws
        if not (
            r.hijri and any(abs(f.start - r.end) < 40 or abs(r.start - f.end) < 40 for f in full)
        )
    ]
    out: list[DateMatch] = []
    for raw in raws:
        try:
            value = _resolve(raw, p, hint)
        except OverflowError:  # "yesterday" of a text published on 0001-01-01
            continue
        if value is None:
            continue
        start, end = view.span(raw.start, raw.end)
        surface = text[start:end]
        out.append(
            DateMatch(
                start,
                end,
                DateValue(value.value, value.precision, surface),
                _kind(view.folded, raw.start),
            )
        )
    return out


def matches_between(matches: Sequence[DateMatch], start: int, end: int) -> list[DateMatch]:
    """The matches lying inside ``[start, end)`` (e.g. a sentence's span)."""
    return [m for m in matches if m.start >= start and m.end <= end]


_RANK = {
    DatePrecision.DATE: 5,
    DatePrecision.YEAR_MONTH: 4,
    DatePrecision.MONTH_DAY: 3,
    DatePrecision.YEAR: 2,
    DatePrecision.MONTH: 1,
}


def best_date(
    matches: Iterable[DateMatch], near: int | None = None, kinds: Iterable[str] = ("event",)
) -> DateValue | None:
    """The most specific date among ``matches`` of the given kinds.

    Specificity: full date > year-month > month-day > year > month (a year-month says more
    about "when" than a day without its year). Ties go to the match closest to offset ``near``
    (e.g. a raid trigger), else to the first in the text. Birth, founding and period-start
    dates are left out by default.
    """
    allowed = set(kinds)
    pool = [m for m in matches if m.kind in allowed]
    if not pool:
        return None

    def key(m: DateMatch) -> tuple[int, int, int]:
        distance = abs((m.start + m.end) // 2 - near) if near is not None else 0
        return (-_RANK[m.value.precision], distance, m.start)

    return min(pool, key=key).value


_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[صم]|am|pm))?", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"(?:"
    + "|".join(
        map(
            re.escape,
            sorted(
                {
                    _f(w)
                    for w in (
                        "تاريخ النشر",
                        "نشر في",
                        "نشر",
                        "آخر تحديث",
                        "تحديث",
                        "بتاريخ",
                        "published",
                        "updated",
                        "last updated",
                        "في",
                        "الساعة",
                        "ت.غ",
                        "gmt",
                        "utc",
                    )
                },
                key=len,
                reverse=True,
            ),
        )
    )
    + r")"
)
_DIGIT_RE = re.compile(r"\d")  # a full date always has digits (its year)
_HEADER_MAX_LINES = 12
_HEADER_MAX_CHARS = 120
_HEADER_MAX_OTHER_WORDS = 4


def header_date_line(lines: Sequence[str]) -> tuple[int, str] | None:
    """(index, ISO date) of the first page-header date line among the first lines.

    A header date line is a short line (at most 120 characters) among the first 12 non-empty
    lines whose full date (day, month, year) is most of it: besides the date, a weekday, a
    time and labels such as "نشر في", at most 4 other words (an outlet name).
    """
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > _HEADER_MAX_LINES:
            break
        if len(line) > _HEADER_MAX_CHARS or not _DIGIT_RE.search(line):
            continue
        for match in find_dates(line, None):
            if match.value.precision is not DatePrecision.DATE:
                continue
            rest = fold_text(line[: match.start] + " " + line[match.end :])
            rest = _TIME_RE.sub(" ", rest)
            for name in _WEEKDAYS:
                rest = rest.replace(name, " ")
            rest = _LABEL_RE.sub(" ", rest)
            words = [w for w in re.split(r"[\W_]+", rest) if w]
            if len(words) <= _HEADER_MAX_OTHER_WORDS:
                return index, match.value.value
    return None


def find_header_date(text: str) -> str | None:
    """The ISO date of a page-header date line in the first lines of ``text``, if any
    ("الجمعة 22 نوفمبر / November 2024" -> "2024-11-22")."""
    head = text[:5000].split("\n")
    found = header_date_line(head)
    return found[1] if found else None
