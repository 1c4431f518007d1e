"""Arabic normalisation for matching, and base forms of names.

Reads strings, writes strings; no I/O. Built on camel-tools' data-free utilities (Unicode
normalisation, dediacritisation, alef/yeh/teh-marbuta folding).

Three levels, each keeping less of the original:

- ``clean``: what a name looks like in the graph: Unicode normalised, no diacritics, no tatweel,
  no bidi or zero-width controls, spaces folded. Letters are left as written.
- ``base_form``: ``clean`` plus the grammar of names: attached clitics (و ب ل ف ك) removed
  from the first word, a genitive or accusative kunya made nominative (أبي/أبا -> أبو), a kunya
  written joined made separate (أبوبكر -> أبو بكر).
- ``match_key``: ``base_form`` plus orthographic folding (أ/إ/آ->ا, ى->ي, ة->ه, ؤ/ئ->ء): the key
  two spellings of one name share. It is never shown to users.

Limits: clitic stripping is rule based. A word that merely begins with و/ب/ل/ف/ك is only
stripped when what follows is a definite noun (ال...), a kunya (أبي...), or a name the caller
says is known (``known`` callback); otherwise بشار or كركوك would lose their first letter.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar, cast

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import normalize_unicode

_F = TypeVar("_F", bound=Callable[..., str])

TATWEEL = "\u0640"
# Bidi embeddings/overrides/isolates, zero-width characters, BOM, soft hyphen: invisible
# characters that can hide inside a name and make two spellings of it look the same. Also the
# other invisible format characters: invisible operators (U+2061-4), deprecated format
# controls (U+206A-F), the Mongolian vowel separator, interlinear annotation marks and tags.
INVISIBLE_RE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u00ad\u061c\u180e"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
SPACE_RE = re.compile(r"\s+")
QUOTES = "\"'«»“”‘’„`()[]{}<>"
CLITIC_LETTERS = "وبلفك"
# The one letter-folding table of kg: what every spelling of a word shares. Alef with hamza or
# madda and alef wasla -> alef (as camel-tools' normalize_alef_ar), alef maqsura -> yeh,
# teh marbuta -> heh, hamza on waw or yeh -> hamza. kg.text.foldview and the tagger's features
# extend it; the HTML views' search ports it to JavaScript.
LETTER_FOLDS: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ء", "ئ": "ء",
}  # fmt: skip
_FOLD_TABLE = str.maketrans(LETTER_FOLDS)
# The kunya heads in every case, folded, and the nominative each stands for: ابو (father of),
# ابي / ابا its genitive and accusative (لأبي يحيى، إن أبا محمد); ام (mother of). The one kunya
# list of kg: every stage derives what it needs from it.
KUNYA_CASES: dict[str, str] = {"ابو": "ابو", "ابي": "ابو", "ابا": "ابو", "ام": "ام"}
# The written forms of أبو in any case (with or without its hamza) -> the nominative.
KUNYA_FORMS = {
    form: "أبو"
    for head, nominative in KUNYA_CASES.items() if nominative == "ابو"
    for form in (head, "أ" + head[1:])
}
KUNYA_JOINED_RE = re.compile(r"^([أا]ب[وياى])(?=[\u0621-\u064a]{2,})")
# Common joined kunyas are only split when the remainder is itself a plausible name part:
# أبوبكر -> أبو بكر; but أبواب (doors) is no kunya. We require the remainder to be >= 3 letters.


# Names and words recur across a corpus (resolution cleans every mention several times), so
# the functions below remember their answers for short strings (up to _CACHED_LENGTH
# characters, without a ``known`` callback); article-length text is never kept.
_CACHED_LENGTH = 80
_CACHE_SIZE = 1 << 17
_caches: list[functools._lru_cache_wrapper] = []


def _remember_short(fn: _F) -> _F:
    """``fn(text, known=None)`` with its answers for short ``text`` remembered."""
    cached = functools.lru_cache(maxsize=_CACHE_SIZE)(fn)
    _caches.append(cached)

    @functools.wraps(fn)
    def wrapper(text: str, known: Callable[[str], bool] | None = None) -> str:
        if known is None:
            return cached(text) if len(text) <= _CACHED_LENGTH else fn(text)
        return fn(text, known)

    return cast(_F, wrapper)


def clear_caches() -> None:
    """Forget every remembered answer (for benchmarks that measure a cold start)."""
    for cached in _caches:
        cached.cache_clear()


@_remember_short
def clean(text: str) -> str:
    """Normalise Unicode, drop diacritics, tatweel and invisible controls, fold spaces."""
    text = unicodedata.normalize("NFKC", normalize_unicode(text))
    text = INVISIBLE_RE.sub("", text)
    text = dediac_ar(text).replace(TATWEEL, "")
    return SPACE_RE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Orthographic folding shared by every spelling of a word (never shown to users):
    ``LETTER_FOLDS``, letter by letter."""
    return text.translate(_FOLD_TABLE)


def strip_quotes(text: str) -> str:
    """Remove quotation marks and brackets around or inside a name."""
    return SPACE_RE.sub(" ", "".join(" " if c in QUOTES else c for c in text)).strip()


def split_clitic(word: str, known: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """Split attached proclitics from an Arabic word: ``(clitics, stem)``.

    Stripped: و/ف (conjunctions), then ب/ك/ل (prepositions) before a definite noun, a kunya
    or a known name; لل is ل + ال. ``known`` says whether a stem is a name we know, so that
    وداعش splits but بشار does not.
    """
    prefix = ""
    rest = word
    for _ in range(2):
        if len(rest) < 3 or rest[0] not in CLITIC_LETTERS:
            break
        first, tail = rest[0], rest[1:]
        if first == "ل" and tail.startswith("ل") and len(tail) > 3:
            # للتحالف = ل + التحالف
            return prefix + "ل", "ا" + tail
        if _acceptable_stem(tail, known):
            prefix, rest = prefix + first, tail
            continue
        break
    return prefix, rest


def _acceptable_stem(stem: str, known: Callable[[str], bool] | None) -> bool:
    if len(stem) < 2:
        return False
    if stem.startswith("ال") and len(stem) > 3:
        return True
    if fold(stem)[:3] in ("ابو", "ابي", "ابا") and len(stem) >= 3:
        return True
    return bool(known and known(stem))


def nominative_kunya(words: list[str]) -> list[str]:
    """أبي/أبا + name -> أبو + name; أبوبكر -> أبو بكر (joined kunya)."""
    if not words:
        return words
    first = words[0]
    if first in KUNYA_FORMS and len(words) > 1:
        return ["أبو", *words[1:]]
    m = KUNYA_JOINED_RE.match(first)
    if m and len(first) - len(m.group(1)) >= 3 and fold(first[: len(m.group(1))]) in (
        "ابو",
        "ابي",
        "ابا",
    ):
        return ["أبو", first[len(m.group(1)) :], *words[1:]]
    return words


@_remember_short
def base_form(name: str, known: Callable[[str], bool] | None = None) -> str:
    """The base form of a name as the graph shows it (CONTRACT ``rdfs:label``)."""
    words = strip_quotes(clean(name)).split(" ")
    words = [w for w in words if w]
    if not words:
        return ""
    _, words[0] = split_clitic(words[0], known)
    words = nominative_kunya(words)
    return " ".join(words)


@_remember_short
def match_key(name: str, known: Callable[[str], bool] | None = None) -> str:
    """The key two spellings of one name share: base form, folded."""
    return fold(base_form(name, known))


def eval_key(label: str) -> str:
    """The comparison key of the CONTRACT's metrics: folded, leading و/ب/ل/ف/ك removed."""
    text = fold(strip_quotes(clean(label)))
    if len(text) > 2 and text[0] in CLITIC_LETTERS and text[1:2] != " ":
        text = text[1:]
    return text


def is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic: used to reject texts with no Arabic."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if is_arabic_letter(c)) / len(letters)
