"""Page furniture: the lines of a scraped page that are not the article.

Reads ``kg/data/furniture.json`` once at import; ``strip_furniture`` takes a text (line breaks
already ``\\n``) and returns the text without furniture, plus what the furniture told us: the
page-header date, a title and an outlet name. No I/O.

What is removed (patterns in the data file, matched on whole lines after normalisation:
diacritics, tatweel and invisible controls removed, letters folded, case ignored, punctuation
trimmed at both ends):

- lines matching a furniture pattern (share buttons, "تابع القراءة", "إشترك بقناتنا على
  واتساب", "على مدار الساعة", "الأكثر قراءة", "المزيد", time stamps, view counters, ...), but
  only lines of at most ``max_words`` words, so body paragraphs are never touched;
- phone numbers alone on a line, weather widgets ("دمشق °C"), short Latin-only lines in an
  Arabic page ("Close", "WhatsApp");
- section names ("اقليمي ودولي") in the first or last lines;
- a footer: a marker line ("المصادر:", "تابع القراءة") and the short lines after it;
- the line after a "اقرأ أيضا" marker (a link to another article);
- photo captions: a line ending in a credit "(الصورة: ...)", or the credit alone inside a long
  line;
- the page-header date line (its date goes to ``header_date``);
- a short line repeated in the first lines (a bare outlet name: goes to ``outlet``), and a
  line of the first lines that repeats one kept before it (a duplicated title).

What stays is left as written (no letter is changed); runs of blank lines are folded to one.
Limits: a furniture line longer than ``max_words`` words stays; a title that is itself a
section name would go.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from camel_tools.utils.dediac import dediac_ar

from kg.text.dates import header_date_line
from kg.text.foldview import fold_text, folded_view
from kg.text.normalize import TATWEEL, clean, fold, is_arabic_letter

__all__ = ["Stripped", "strip_furniture", "normalise_line"]


def _load() -> dict:
    with resources.files("kg.data").joinpath("furniture.json").open(encoding="utf-8") as fh:
        return json.load(fh)


_DATA = _load()
_TRIM = " \t.:!?؟،,؛;-–—|•·»«\"'“”‘’()[]*#>_=~"


def _pat(pattern: str) -> str:
    """A pattern in the folded spelling the lines are matched in."""
    return fold(dediac_ar(pattern).replace(TATWEEL, ""))


def normalise_line(line: str) -> str:
    """The form a line is matched in: NFKC, folded (``foldview``: no diacritics, tatweel or
    invisible controls; alef/yeh/teh marbuta folded; lower case), spaces folded, trimmed of
    punctuation. Equivalent to ``fold(clean(line))`` for matching, and much faster."""
    return " ".join(fold_text(unicodedata.normalize("NFKC", line)).split()).strip(_TRIM)


_LINE_RES = tuple(re.compile(_pat(p), re.IGNORECASE) for p in _DATA["line_patterns"])
_MAX_WORDS: int = _DATA["max_words"]
_SECTIONS = frozenset(normalise_line(s) for s in _DATA["section_names"])
_PHONE_RE = re.compile(_DATA["phone_pattern"])
_PHONE_DIGITS: int = _DATA["phone_min_digits"]
_WEATHER_RE = re.compile(_DATA["weather_pattern"])
_LATIN_MAX: int = _DATA["latin_only_max_words"]
_FOOTER = frozenset(normalise_line(s) for s in _DATA["footer_markers"])
_FOOTER_MAX: int = _DATA["footer_line_max_words"]
_DROP_NEXT = frozenset(normalise_line(s) for s in _DATA["drop_next_markers"])
_DROP_NEXT_MAX: int = _DATA["drop_next_max_words"]
_CAPTION_RE = re.compile(_pat(_DATA["caption_pattern"]), re.IGNORECASE)
_CAPTION_MAX: int = _DATA["caption_line_max_words"]
_ZONE: int = _DATA["header_zone_lines"]
_REPEAT_MAX: int = _DATA["repeated_short_line_max_words"]
_TITLE_MIN_WORDS = 2
_TITLE_MAX_WORDS = 20
_HEADER_SCAN_LINES = 40


@dataclass(frozen=True, slots=True)
class Stripped:
    """The article text without furniture, and what the furniture said."""

    text: str
    title: str | None = None
    outlet: str | None = None
    header_date: str | None = None
    removed: tuple[str, ...] = field(default=())  # the furniture lines, for reports and tests


def _is_furniture(norm: str, words: int) -> bool:
    if words > _MAX_WORDS or not norm:
        return False
    if any(r.fullmatch(norm) for r in _LINE_RES):
        return True
    if _PHONE_RE.fullmatch(norm) and sum(c.isdigit() for c in norm) >= _PHONE_DIGITS:
        return True
    if words <= 6 and _WEATHER_RE.fullmatch(norm):
        return True
    has_arabic = any(is_arabic_letter(c) for c in norm)
    return not has_arabic and words <= _LATIN_MAX and any(c.isalpha() for c in norm)


def _caption(line: str) -> tuple[bool, str]:
    """(drop the whole line?, the line without its photo credit)."""
    if "(" not in line and "[" not in line:
        return False, line
    view = folded_view(line)
    matches = list(_CAPTION_RE.finditer(view.folded))
    if not matches:
        return False, line
    match = matches[-1]
    start, end = view.span(match.start(), match.end())
    tail = line[end:].strip(_TRIM)
    if not tail and len(line.split()) <= _CAPTION_MAX:
        return True, line
    return False, (line[:start].rstrip() + " " + line[end:].lstrip()).strip()


def strip_furniture(text: str, header: bool = True) -> Stripped:
    """Remove page furniture from ``text`` (see the module docstring).

    ``header=False`` for the second and later parts of a split document: they have no page
    header, so no header date, title or outlet is looked for.
    """
    lines = text.split("\n")
    drop = [False] * len(lines)
    header_date = None
    if header:
        found = header_date_line(lines[:_HEADER_SCAN_LINES])
        if found:
            drop[found[0]] = True
            header_date = found[1]
    norms = [normalise_line(line) for line in lines]
    filled = [i for i, n in enumerate(norms) if n]
    zone = set(filled[:_ZONE]) | set(filled[-_ZONE:]) if header else set(filled[-_ZONE:])

    _mark_body(lines, norms, filled, drop, zone)
    outlet = _mark_header(lines, norms, filled, drop) if header else None

    kept = [line.rstrip() for line, d in zip(lines, drop, strict=True) if not d]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    removed = tuple(line for line, d in zip(lines, drop, strict=True) if d and line.strip())
    title = _title(body) if header else None
    return Stripped(body, title, outlet, header_date, removed)


def _mark_body(
    lines: list[str], norms: list[str], filled: list[int], drop: list[bool], zone: set[int]
) -> None:
    """Mark captions, footers, share/read-more lines and section names (``drop``); a caption
    glued before the text is cut off the line in place."""
    footer = False
    drop_next = False
    for i in filled:
        if drop[i]:
            continue
        norm = norms[i]
        words = len(norm.split())
        if footer:
            if words <= _FOOTER_MAX:
                drop[i] = True
                continue
            footer = False
        if drop_next:
            drop_next = False
            if words <= _DROP_NEXT_MAX:
                drop[i] = True
                continue
        whole, rest = _caption(lines[i])
        if whole:
            drop[i] = True
            continue
        if rest != lines[i]:
            lines[i] = rest
            norms[i] = norm = normalise_line(rest)
            words = len(norm.split())
        if norm in _FOOTER:
            drop[i] = footer = True
        elif norm in _DROP_NEXT:
            drop[i] = drop_next = True
        elif _is_furniture(norm, words) or (i in zone and norm in _SECTIONS):
            drop[i] = True


def _mark_header(
    lines: list[str], norms: list[str], filled: list[int], drop: list[bool]
) -> str | None:
    """Mark the outlet's name repeated in the first lines and a duplicated title; return the
    outlet's name."""
    outlet = None
    head = [i for i in filled[:_ZONE] if not drop[i]]
    counts = Counter(norms[i] for i in head if len(norms[i].split()) <= _REPEAT_MAX)
    repeated = {n for n, c in counts.items() if c >= 2}
    for i in head:
        if norms[i] in repeated:
            if outlet is None:
                outlet = clean(lines[i])
            drop[i] = True
    # A duplicated title: a line of the first lines that repeats one kept before it. Body
    # paragraphs are never deduplicated (a repeated paragraph is text, kept as written).
    seen: set[str] = set()
    for i in filled[:_ZONE]:
        if drop[i]:
            continue
        if norms[i] in seen:
            drop[i] = True
        seen.add(norms[i])
    return outlet


def _title(body: str) -> str | None:
    """The first line, when it looks like a headline: short, no final full stop, text after."""
    first, sep, rest = body.partition("\n")
    first = first.strip()
    if not sep or not rest.strip():
        return None
    words = len(first.split())
    if not (_TITLE_MIN_WORDS <= words <= _TITLE_MAX_WORDS) or first.endswith((".", ":", "،")):
        return None
    return clean(first)
