"""Readable ASCII slugs for entity and raid IRIs, from Arabic or Latin names.

``slugify`` lower-cases the newswire-style romanisation of ``kg.text.romanize``
(``kgr:abu-bakr-al-baghdadi``, ``kgr:salem-abdullah-al-jabburi``). ``legacy_slug`` is the
letter-by-letter consonant skeleton that ids were made of until this release
(``abw-bkr-albghdady``): ``kg explain`` and ``kg view --focus`` still accept such an id for one
release, by recomputing it from each entity's Arabic label (``kg.text.namematch``).
"""

from __future__ import annotations

import re
import unicodedata

from kg.text.normalize import clean
from kg.text.romanize import romanize_name

_MAP = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b", "ت": "t",
    "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a",
    "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}  # fmt: skip


def romanize(text: str) -> str:
    """Letter-by-letter transcription of Arabic (the old ids); Latin passes through, unaccented."""
    out = []
    for ch in clean(text):
        if ch in _MAP:
            out.append(_MAP[ch])
        else:
            out.append(ch)
    latin = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in latin if not unicodedata.combining(c))


def _slug(latin: str, fallback: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")
    s = s[:60].rstrip("-")
    return s or fallback


def slugify(text: str, fallback: str = "x") -> str:
    """A lowercase ASCII slug of the romanised name: words joined by hyphens, at most 60
    characters (``أبو بكر البغدادي`` -> ``abu-bakr-al-baghdadi``)."""
    return _slug(romanize_name(text), fallback)


def legacy_slug(text: str, fallback: str = "x") -> str:
    """The slug ids had before the newswire romanisation (``abw-bkr-albghdady``)."""
    return _slug(romanize(text), fallback)
