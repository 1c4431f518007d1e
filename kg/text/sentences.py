"""Sentence splitting for Arabic news, by character span of ``Document.text``.

Reads a ``Document`` (and ``kg/data/abbreviations.json`` once, at import); returns
``Sentence``s whose ``text == doc.text[start:end]``, trimmed of surrounding white space. No I/O.

A sentence ends at a line break, or after a run of ``.``, ``!``, ``?``, ``؟`` (with any closing
quotes or brackets right after it) that is followed by white space, the end of the text or an
Arabic letter. A full stop does not end a sentence:

- inside a decimal number or an acronym (the next character is a digit or a Latin letter:
  "3.5", "U.S.A", "www.example.com");
- after an abbreviation: any single letter ("م." "د.") or a listed word ("إم. كيو-9");
- inside quotes (« », “ ”, " ") when avoidable: a quote left open for more than 400
  characters is taken to be unbalanced and no longer protects; a terminator right before the
  closing quote ends the sentence after the quote. Quote state is reset at each line break.

Limits: no model, so a sentence ending in a listed abbreviation is joined with the next one; a
headline separated from its text by a double full stop ("سوريا.. القوات") is split there.
A "sentence" longer than 2,000 characters (real ones are under 500; hostile or broken pages
can have a 200,000-character run with no full stop) is cut at white space into pieces of at
most 2,000, so that the extractors' per-sentence work stays bounded.
"""

from __future__ import annotations

import json
import re
from importlib import resources

from kg.model import Document, Sentence
from kg.text.foldview import fold_text

__all__ = ["split_sentences", "split_text"]


def _load_abbreviations() -> frozenset[str]:
    with resources.files("kg.data").joinpath("abbreviations.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return frozenset(fold_text(w).replace(".", "") for w in data["arabic"] + data["latin"])


_ABBREVIATIONS = _load_abbreviations()
_CANDIDATE_RE = re.compile(r"[.!?؟]+|\n|[\"«»“”]")
_LETTER = r"(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])"
_WORD_BEFORE_RE = re.compile(rf"((?:{_LETTER}+\.)*{_LETTER}+)$")
_CLOSERS = "\"'»”’)]}"
_QUOTE_MAX = 400
MAX_SENTENCE_CHARS = 2000


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"


def _abbreviation(text: str, at: int) -> bool:
    """Is the full stop at ``at`` the end of an abbreviation?"""
    m = _WORD_BEFORE_RE.search(text, max(0, at - 24), at)
    if not m:
        return False
    word = m.group(1)
    last = word.rsplit(".", 1)[-1]
    folded_last = fold_text(last).replace("\u0640", "")
    if len(folded_last) == 1:
        return True
    return fold_text(word).replace(".", "") in _ABBREVIATIONS or folded_last in _ABBREVIATIONS


class _Quotes:
    """Which quotation marks are open while the boundary scan walks the text."""

    __slots__ = ("guillemets", "curly", "straight", "opened_at")

    def __init__(self) -> None:
        self.guillemets = self.curly = 0
        self.straight = False
        self.opened_at = -1

    @property
    def open(self) -> bool:
        return self.guillemets > 0 or self.curly > 0 or self.straight

    @property
    def depth(self) -> int:
        return self.guillemets + self.curly + (1 if self.straight else 0)

    def reset(self) -> None:
        self.guillemets = self.curly = 0
        self.straight = False

    def close(self, ch: str) -> None:
        """A closing mark taken into a sentence boundary."""
        if ch == "»":
            self.guillemets = max(0, self.guillemets - 1)
        elif ch == "”":
            self.curly = max(0, self.curly - 1)
        elif ch == '"':
            self.straight = False

    def mark(self, ch: str, at: int) -> None:
        """A quotation mark met in the text: it opens or closes a quote."""
        was_open = self.open
        if ch == "«":
            self.guillemets += 1
        elif ch == "“":
            self.curly += 1
        elif ch == '"':
            self.straight = not self.straight
        else:
            self.close(ch)
        if not was_open and self.open:
            self.opened_at = at


def _not_a_stop(text: str, token: str, start: int, end: int) -> bool:
    """A single full stop inside a number, a Latin word or after an abbreviation."""
    if set(token) != {"."} or len(token) != 1:
        return False
    nxt = text[end : end + 1]
    if nxt and (nxt.isdigit() or ("a" <= nxt.lower() <= "z")):
        return True
    return _abbreviation(text, start)


def _boundaries(text: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the search for the next one) pairs, in order."""
    out: list[tuple[int, int]] = []
    quotes = _Quotes()
    consumed = 0  # closing quotes already taken into a boundary
    n = len(text)
    for m in _CANDIDATE_RE.finditer(text):
        token = m.group(0)
        start, end = m.start(), m.end()
        if start < consumed:
            continue
        if token == "\n":
            out.append((start, end))
            quotes.reset()
            continue
        in_quote = quotes.open
        if token in '«“"»”':
            quotes.mark(token, start)
            continue
        # a run of terminators
        if _not_a_stop(text, token, start, end):
            continue
        after = end
        while after < n and text[after] in _CLOSERS:
            after += 1
        closes_quote = after > end
        if in_quote and start - quotes.opened_at < _QUOTE_MAX:
            if not (closes_quote and quotes.depth == 1):
                continue
        if after < n and not (text[after].isspace() or _is_arabic_letter(text[after])):
            continue
        if closes_quote:
            # the quote characters between ``end`` and ``after`` are consumed here
            for ch in text[end:after]:
                quotes.close(ch)
            consumed = after
        out.append((after, after))
    return out


def split_text(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for end, nxt in [*_boundaries(text), (len(text), len(text))]:
        if end < pos:
            continue
        start = pos
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            spans.extend(_cut_long(text, start, stop))
        pos = max(nxt, end)
    return spans


def _cut_long(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """``(start, stop)`` cut into trimmed spans of at most ``MAX_SENTENCE_CHARS``: at the last
    white space of the second half of each window, else exactly at the limit."""
    out: list[tuple[int, int]] = []
    while stop - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = limit
        for at in range(limit, start + MAX_SENTENCE_CHARS // 2, -1):
            if text[at].isspace():
                cut = at
                break
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
        start = cut
        while start < stop and text[start].isspace():
            start += 1
    if stop > start:
        out.append((start, stop))
    return out


def split_sentences(doc: Document) -> list[Sentence]:
    """The sentences of ``doc`` (see the module docstring); spans index ``doc.text``."""
    return [
        Sentence(doc.id, index, start, end, doc.text[start:end])
        for index, (start, end) in enumerate(split_text(doc.text))
    ]
