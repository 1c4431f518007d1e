"""A folded view of a text that keeps the way back to the original offsets.

Reads a string, returns a ``FoldedView``: the string with diacritics, tatweel and invisible
controls dropped, alef/yeh/teh-marbuta/hamza-seat variants folded (as ``normalize.fold``),
Arabic-Indic digits made ASCII and ASCII letters lower-cased, plus, for every character of
the folded string, the index of the character of the original it came from. Regexes then run
on one spelling of each word (``تشرين الأوّل`` and ``تشرين الاول`` match the same pattern) while
the spans they find are reported in ``Document.text`` coordinates.

Limits: the folding is character to character (no ligature expansion, no NFKC), so that the
offset map stays a simple list; presentation-form letters (U+FB50–U+FEFF) are not folded.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from kg.text.normalize import INVISIBLE_RE, LETTER_FOLDS, TATWEEL

# Characters removed from the view: Arabic diacritics (as camel-tools' AR_DIAC_CHARSET, plus
# the Quranic marks), tatweel, bidi and zero-width controls.
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0653)]
    + ["\u0670", TATWEEL]
    + [chr(c) for c in range(0x0610, 0x061B)]
)
_MAP: dict[str, str] = {**LETTER_FOLDS, "\u00a0": " "}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian) digits
for _c in range(ord("A"), ord("Z") + 1):
    _MAP[chr(_c)] = chr(_c + 32)


@dataclass(frozen=True, slots=True)
class FoldedView:
    """``folded`` plus ``origin[i]``: the index in the original of ``folded[i]``."""

    original: str
    folded: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``folded`` back to a span of ``original``."""
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else len(self.original)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


_TABLE: dict[int, str | None] = {ord(k): v for k, v in _MAP.items()}
_TABLE.update({ord(c): None for c in _DROP})
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]|" + INVISIBLE_RE.pattern)


def fold_text(text: str) -> str:
    """Only the folded string (for matching whole lines or words)."""
    return INVISIBLE_RE.sub("", text.translate(_TABLE))


def folded_view(text: str) -> FoldedView:
    """Fold ``text`` character by character, remembering where each character came from."""
    folded = fold_text(text)
    if len(folded) == len(text):
        return FoldedView(text, folded, range(len(text)))
    origin = array("l")
    pos = 0
    for m in _DROP_RE.finditer(text):
        origin.extend(range(pos, m.start()))
        pos = m.end()
    origin.extend(range(pos, len(text)))
    return FoldedView(text, folded, origin)
