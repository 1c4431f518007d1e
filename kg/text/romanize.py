"""Latin-script names in one convention: English newswire style ("Abu Bakr al-Baghdadi").

Reads ``kg/data/romanize/words.tsv`` (the usual Latin spelling of ~10,000 Arabic name words,
derived from Wikidata by ``scripts/make_romanize_dict.py``) and ``overrides.tsv`` (hand-kept
corrections, which win). Writes nothing. :func:`romanize_name` turns an Arabic name in base
form into the spelling a wire service would print:

- the article is ``al-``, lower case, joined by a hyphen, before every letter (sun letters
  are not assimilated: ``al-Shishani``, not ``ash-Shishani``); the word after it is
  capitalised, and so is every other name word;
- the kunya head is ``Abu`` (``Umm`` for أم), ``بن`` is ``bin``, ``ابن`` is ``Ibn``;
- ``عبد الله`` is ``Abdullah``; ``عبد`` before another divine name is ``Abdul`` (``Abdul
  Rahman``, as in "Adel Abdul Mahdi"), before a plain name ``Abd``;
- a word in the list takes its listed spelling; any other word is spelt letter by letter
  (long vowels from ا/و/ي, an ``a`` after a first consonant that has no vowel, the nisba
  ending ي as ``i``, ة as ``a``).

Limits: Arabic does not write short vowels, so a word outside the list can only be guessed
(``مظلوم`` is in the list; an unknown ``فرحات`` comes out ``Farhat``, an unknown ``قتيبة``
``Qtiba``); the list follows Mashreq usage, so a Maghrebi name gets its English, not its
French, spelling. Latin letters and digits in the input pass through (accents removed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from kg.text.normalize import KUNYA_CASES, clean, fold, strip_quotes

_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "p", "چ": "ch", "گ": "g",
    "ڤ": "v",
}  # fmt: skip
_HAMZA = frozenset("ءأإآؤئ")
_KUNYA = {head: {"ابو": "Abu", "ام": "Umm"}[nominative] for head, nominative in KUNYA_CASES.items()}
_PARTICLES = {"بن": "bin", "ابن": "Ibn", "بنت": "bint"}
_VOWEL_LETTERS = "اآإوىيةع"
_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


@cache
def _words() -> dict[str, str]:
    """The word list, overrides applied (loaded once)."""
    folder = resources.files("kg").joinpath("data", "romanize")
    out: dict[str, str] = {}
    for name in ("words.tsv", "overrides.tsv"):
        entry = folder.joinpath(name)
        if not entry.is_file():
            continue
        for line in entry.read_text("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            ar, _, la = line.partition("\t")
            if la:
                out[fold(ar.strip())] = la.strip()
    return out


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def spell_letters(word: str) -> str:
    """A word outside the list, letter by letter (lower case); see the module docstring."""
    return _Speller(word).spell()


class _Speller:
    """The letter rules of ``spell_letters``: one method a letter class, sharing the output so
    far and whether a vowel has been written yet."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.out: list[str] = []
        self.vowel_seen = False

    def spell(self) -> str:
        word, n = self.word, len(self.word)
        for i, ch in enumerate(word):
            prev = word[i - 1] if i else " "  # a space, never "": "" is in every string
            nxt = word[i + 1] if i + 1 < n else " "
            if ch in "اآإءأؤئ":
                self._alef_or_hamza(ch, i, prev)
            elif ch in "ىة":
                self.out.append("a" if ch == "ى" or i == n - 1 else "t")
            elif ch in "وي":
                self._weak(ch, i, prev, nxt)
            elif ch == "ع":
                if i == 0 or not self._ends_in_vowel():
                    self._vowel("a")
            elif ch in _CONSONANTS:
                self._consonant(ch, i, prev, nxt)
            else:
                self.out.append(_ascii(ch))
        return "".join(self.out)

    def _vowel(self, letters: str) -> None:
        self.out.append(letters)
        self.vowel_seen = True

    def _ends_in_vowel(self) -> bool:
        return bool(self.out) and self.out[-1][-1:] in "aiu"

    def _alef_or_hamza(self, ch: str, i: int, prev: str) -> None:
        if ch in "اآ":
            if not (self.out and self.out[-1].endswith("a") and prev not in _HAMZA):
                self.out.append("a")
            self.vowel_seen = True
        elif ch == "إ":
            self._vowel("i")
        elif i == 0:
            self._vowel("a")
        elif ch == "ئ" and not self._ends_in_vowel():
            self.out.append("i")

    def _weak(self, ch: str, i: int, prev: str, nxt: str) -> None:
        """و and ي: a consonant (w, y) at the start, after alef or before a vowel letter;
        else a long vowel (u, i; iy before teh marbuta)."""
        if ch == "و":
            if i == 0 or prev in "اآ" or nxt in "اآوي":
                self.out.append("w")
            else:
                self._vowel("u")
        elif i == 0 or prev in "اآ" or nxt in "اآو":
            self.out.append("y")
        else:
            self._vowel("iy" if nxt == "ة" else "i")

    def _consonant(self, ch: str, i: int, prev: str, nxt: str) -> None:
        word, n, out = self.word, len(self.word), self.out
        out.append(_CONSONANTS[ch])
        after = word[i + 2] if i + 2 < n else " "
        if not self.vowel_seen and nxt in "وي" and after in "اآ":
            self._vowel("a")  # a consonantal و/ي before ا: Qawat, Sayaf
        elif nxt not in _VOWEL_LETTERS and i != n - 1:
            if not self.vowel_seen:
                self._vowel("a")  # the first consonant's unwritten vowel
            elif i + 2 == n and prev in "اآ" and nxt in _CONSONANTS:
                out.append("i")  # فاعل: Qasim, Ladin
            elif prev in _CONSONANTS and nxt in _CONSONANTS and not (
                out[-2:-1] and out[-2][-1:] in "aiu"
            ):
                out.append("i")  # a third consonant in a row: Idlib


def _word(word: str) -> str:
    """One name word (no article), capitalised."""
    if not _ARABIC.search(word):
        return _ascii(word)
    listed = _words().get(fold(word))
    if listed:
        return listed
    return _cap(spell_letters(word))


def _with_article(word: str) -> str:
    """A word that may carry the article: ``al-Word`` or ``Word``."""
    key = fold(word)
    if key.startswith("ال") and len(key) > 3:
        if key in ("الله", "اله"):
            return "Allah"
        return "al-" + _word(word[2:])
    return _word(word)


@lru_cache(maxsize=65536)
def romanize_name(name: str) -> str:
    """The Latin-script form of an Arabic name (``"Abu Bakr al-Baghdadi"``).

    Examples
    --------
    >>> romanize_name("أبو بكر البغدادي")
    'Abu Bakr al-Baghdadi'
    >>> romanize_name("سالم عبد الله الجبوري")
    'Salem Abdullah al-Jabburi'
    """
    words = [w for w in strip_quotes(clean(name)).split(" ") if w]
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        key = fold(word)
        nxt = fold(words[i + 1]) if i + 1 < len(words) else ""
        if key == "عبد" and (nxt in ("الله", "اله") or (nxt.startswith("ال") and len(nxt) > 3)):
            # عبد + a divine name: Abdullah, Abdul Rahman; عبد before a plain name is a name
            # of its own (عبد محمد: Abd Muhammad)
            out.append("Abdullah" if nxt in ("الله", "اله") else "Abdul " + _word(words[i + 1][2:]))
            i += 2
            continue
        if key == "عبد":
            out.append("Abd")
        elif key.startswith("عبدال") and len(key) > 6 and key not in ("عبدالله",):
            out.append("Abdul " + _word(word[5:]))
        elif key in ("عبدالله", "عبداله"):
            out.append("Abdullah")
        elif key in _KUNYA and nxt:
            out.append(_KUNYA[key])
        elif key[:3] == "ابو" and len(key) >= 6:
            out.append("Abu " + _with_article(word[3:]))
        elif key in _PARTICLES and out:
            out.append(_PARTICLES[key])
        else:
            out.append(_with_article(word))
        i += 1
    return " ".join(out)


def latin_label(label_ar: str, label_en: str | None = None) -> str:
    """An entity's Latin-script label: its curated English label, else its romanised name."""
    return label_en if label_en else romanize_name(label_ar)
