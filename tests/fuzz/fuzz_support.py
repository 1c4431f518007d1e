"""Strategies and settings shared by the fuzz tests (tests/fuzz/test_fuzz_*.py).

Reads kg/data/*.json and kg/data/kb/*.json (for words the extractors react to) and the seed
articles (for truncated files). Writes nothing.

Two runs:
- the default one (``pytest tests/fuzz``): a fixed seed (``derandomize=True``), no example
  database, about 11,000 generated inputs in all, well under a minute;
- the long one (``HYPOTHESIS_PROFILE=long pytest tests/fuzz``): ten times the examples of
  every test (about 115,000 inputs), with a random seed each run (Hypothesis prints the seed
  and the failing input to reproduce).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "kg" / "data"
SEEDS = ROOT / "seeds"

settings.register_profile(
    "fuzz",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "long",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
PROFILE = "long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "fuzz"
LONG_FACTOR = 10


def fuzz(examples: int) -> settings:
    """Settings of one fuzz test: ``examples`` inputs (ten times more in the long profile)."""
    factor = LONG_FACTOR if PROFILE == "long" else 1
    return settings(settings.get_profile(PROFILE), max_examples=examples * factor)


# --------------------------------------------------------------------------- characters

ARABIC_LETTERS = "".join(chr(c) for c in range(0x0621, 0x064B) if c != 0x0640)
DIACRITICS = "".join(chr(c) for c in (*range(0x064B, 0x0653), 0x0670))
TATWEEL = "\u0640"
ARABIC_PUNCTUATION = "،؛؟٪٫٬«»۔"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "پچژگکیۀ"
PRESENTATION = "\ufe8d\ufe8e\ufe91\ufef7\ufefb\ufdf2\ufdfa\ufb56"  # presentation forms, ligatures
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
OTHER_FORMAT = "\u2061\u2064\u206a\u206f\u180e\ufff9\U000e0001\U000e0041"
INVISIBLE = BIDI + ZERO_WIDTH + OTHER_FORMAT
ODD = "\x00\x07\x0b\x0c\x1b\x85\u2028\u2029\ufffd\ufffe\uffff\r\t\ud800\udfff\U0001f600"
ASCII_PUNCT = " .!?\"'()[]{}<>&;:/-_*=+@#\\"
SPACES = " \n  \n\n\t\u00a0"

ARABIC_ALPHABET = (
    ARABIC_LETTERS + DIACRITICS + TATWEEL + ARABIC_PUNCTUATION + ARABIC_DIGITS + PERSIAN
    + PRESENTATION + INVISIBLE + SPACES + ASCII_PUNCT + "0123456789"
)

# Markup, formulas and other attempts to turn article text into code.
INJECTIONS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
    "javascript:alert(3)",
    "<svg onload=alert(4)>",
    "&lt;script&gt;",
    "&#60;b&#62;",
    "]]>",
    "<!--",
    "=HYPERLINK(\"http://x\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    '{"id": 1}',
    "\\u0000",
    "${jndi:ldap://x}",
    "'; DROP TABLE x; --",
    "\"\"\"",
    "<http://example.org/x>",
    "kgr:x",
)


@cache
def vocabulary() -> tuple[str, ...]:
    """Arabic words and phrases the extractors react to: cue words, raid triggers, month
    names, curated names and places (all read from kg/data)."""
    words: set[str] = set()
    for name in ("cues.json", "raid_cues.json", "dates.json"):
        words |= set(_strings(json.loads((DATA / name).read_text(encoding="utf-8"))))
    for name in ("persons.json", "organizations.json", "places.json"):
        entries = json.loads((DATA / "kb" / name).read_text(encoding="utf-8"))["entries"]
        for entry in entries:
            words |= {v for k, v in entry.items() if k.startswith("label") and isinstance(v, str)}
            words |= {a for a in entry.get("aliases_ar", ()) if isinstance(a, str)}
    arabic = {w for w in words if any("\u0621" <= c <= "\u064a" for c in w) and len(w) < 60}
    return tuple(sorted(arabic))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if not str(k).startswith("_"):
                yield str(k)
                yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


# --------------------------------------------------------------------------- strategies


def random_unicode(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any Unicode text, lone surrogates included (JSON's "\\ud800" gives them), and text
    rich in the characters that break things (controls, surrogates, bidi, separators)."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(st.characters(exclude_categories=()), max_size=max_size),
        st.text(st.sampled_from(ODD + INVISIBLE + ASCII_PUNCT + "ab\u0628"), max_size=max_size),
    )


def random_arabic(max_size: int = 300) -> st.SearchStrategy[str]:
    """Arabic letters, diacritics, tatweel, Arabic punctuation and digits, bidi and zero-width
    controls, spaces and line breaks, in any order."""
    return st.text(st.sampled_from(ARABIC_ALPHABET), max_size=max_size)


@cache
def _words() -> tuple[str, ...]:
    extra = ("المدعو", "أبو", "أبي", "مقتل", "غارة", "في", "تنظيم داعش", "إدلب", "2019", "٢٠١٩",
             "27", "عام", *ODD, *INVISIBLE, TATWEEL, "بَ", "ـــ", "0", "-1", "1e9")
    return vocabulary() + INJECTIONS + extra


GLUE = (" ", " ", " ", " ", " ", "", "\n", ". ", "، ", "\u200f", " «", "» ", "\r\n", ".\n\n",
        "\u202e", ": ", " (", ") ", "؟ ", "\t")


@st.composite
def newsy(draw: st.DrawFn, max_pieces: int = 40) -> str:
    """Text that looks enough like Arabic news for every extractor to fire: cue words,
    triggers, curated names, dates and numbers, glued with spaces, commas, full stops and line
    breaks, with junk (controls, markup, formulas, random characters) in between.

    The words are chosen by the bytes of one binary draw (three bytes a word and its glue):
    one draw instead of a hundred keeps generation cheap, and shrinking still works.
    """
    words, glue = _words(), GLUE
    data = draw(st.binary(max_size=3 * max_pieces))
    out = []
    for k in range(0, len(data) - 2, 3):
        out.append(words[(data[k] << 8 | data[k + 1]) % len(words)])
        out.append(glue[data[k + 2] % len(glue)])
    junk = draw(random_arabic(30))
    at = draw(st.integers(0, len(out)))
    out.insert(at, junk)
    return "".join(out)


def any_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Random Unicode, random Arabic, or news-like text."""
    return st.one_of(random_unicode(max_size), random_arabic(max_size), newsy())


@cache
def seed_bytes() -> tuple[tuple[str, bytes], ...]:
    """The seed articles encoded as UTF-8, UTF-16 (with BOM) and Windows-1256."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for codec in ("utf-8", "utf-16", "cp1256"):
            out.append((f"{path.stem}.{codec}", text.encode(codec, errors="replace")))
    return tuple(out)
