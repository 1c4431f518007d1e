"""Word tokens with character offsets, for pattern matching over Arabic sentences.

Reads a string, returns ``Token`` spans into it. Words are runs of letters, digits, combining
marks, tatweel and internal hyphens/dots of Latin acronyms; every other non-space character
is a token of its own (punctuation, quotes). Each token carries its folded base form
(diacritics and tatweel removed, alef/yeh/teh-marbuta folded) so that matchers compare
spellings, not code points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text.normalize import clean, fold

TOKEN_RE = re.compile(
    r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+|[^\w\s]", re.UNICODE
)


@dataclass(frozen=True, slots=True)
class Token:
    """A token: span into the text, the text as written and its folded form."""

    start: int
    end: int
    text: str
    norm: str  # cleaned and folded

    @property
    def is_word(self) -> bool:
        return self.norm[:1].isalnum() if self.norm else False


@lru_cache(maxsize=1 << 17)
def _norm(raw: str) -> str:
    """``fold(clean(raw))``, memoised: news repeats its words, and normalising one word costs
    far more than a dictionary look-up (the hot spot of extraction before; issue 8)."""
    return fold(clean(raw))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens; offsets are shifted by ``offset`` (a sentence's start)."""
    out = []
    for m in TOKEN_RE.finditer(text):
        raw = m.group(0)
        out.append(Token(m.start() + offset, m.end() + offset, raw, _norm(raw)))
    return out
