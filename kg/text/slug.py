"""Readable ASCII slugs for entity IRIs, from Arabic or Latin names.

A simple, deterministic letter-by-letter romanisation (not a scholarly transliteration):
its only job is a stable, readable IRI such as ``kgr:abu-bakr-albghdady``.
"""

from __future__ import annotations

import re
import unicodedata

from kg.text.normalize import clean

_MAP = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b", "ت": "t",
    "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a",
    "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}  # fmt: skip


def romanize(text: str) -> str:
    """Letter-by-letter romanisation of Arabic; Latin letters pass through (accents removed)."""
    out = []
    for ch in clean(text):
        if ch in _MAP:
            out.append(_MAP[ch])
        else:
            out.append(ch)
    latin = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in latin if not unicodedata.combining(c))


def slugify(text: str, fallback: str = "x") -> str:
    """A lowercase ASCII slug: words joined by hyphens, at most 60 characters."""
    s = re.sub(r"[^a-z0-9]+", "-", romanize(text).lower()).strip("-")
    s = s[:60].rstrip("-")
    return s or fallback
