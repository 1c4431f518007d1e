"""The parts of an Arabic name that identity decisions look at.

Reads a base form, returns its folded tokens split into kunya (أبو X / أم X), given names and
nisbas. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.text.normalize import KUNYA_CASES, fold

# Base forms carry the kunya in the nominative: only those heads start a kunya here.
KUNYA_HEADS = tuple(sorted(set(KUNYA_CASES.values())))


@dataclass(frozen=True, slots=True)
class NameParts:
    """Folded tokens of a name and where its kunya is."""

    tokens: tuple[str, ...]
    kunya: str | None  # "ابو بكر", folded; None when the name has no kunya

    @property
    def rest(self) -> tuple[str, ...]:
        """The tokens after the kunya (nisbas), or all tokens when there is none."""
        return self.tokens[2:] if self.kunya else self.tokens

    @property
    def first(self) -> str:
        return self.tokens[0] if self.tokens else ""

    @property
    def last(self) -> str:
        return self.tokens[-1] if self.tokens else ""

    @property
    def key(self) -> str:
        return " ".join(self.tokens)

    @property
    def plain(self) -> tuple[str, ...]:
        """The tokens with the article of the kunya's name dropped: أبو الحسن and أبو حسن are
        one kunya written two ways (the name, not the article, tells people apart)."""
        if not self.kunya or not self.tokens[1].startswith("ال") or len(self.tokens[1]) < 5:
            return self.tokens
        return (self.tokens[0], self.tokens[1][2:], *self.tokens[2:])

    @property
    def plain_key(self) -> str:
        return " ".join(self.plain)

    @property
    def kunya_key(self) -> str | None:
        """The kunya without the article of its name (``plain``): ابو حسن for أبو الحسن."""
        return " ".join(self.plain[:2]) if self.kunya else None


@lru_cache(maxsize=200_000)
def parse_name(base: str) -> NameParts:
    """Split a base form (already clitic-free, nominative kunya) into NameParts."""
    tokens = tuple(t for t in fold(base).replace("ابي ", "ابو ").split(" ") if t)
    # compound given names: عبد الله, عبد الرحمن count as one token
    merged: list[str] = []
    for t in tokens:
        if merged and merged[-1] == "عبد":
            merged[-1] = "عبد " + t
        else:
            merged.append(t)
    tokens = tuple(merged)
    kunya = None
    if len(tokens) >= 2 and tokens[0] in KUNYA_HEADS:
        kunya = f"{tokens[0]} {tokens[1]}"
    return NameParts(tokens, kunya)


def skeleton(token: str) -> str:
    """A token without its inner long vowels: القرشي ~ القريشي, أميركية ~ أمريكية.

    Only for long tokens (>= 5 letters): short names like حسن / حسين are different names.
    """
    if len(token) < 5:
        return token
    return token[0] + "".join(c for c in token[1:-1] if c not in "اوي") + token[-1]


def one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def spelling_variants(a: NameParts, b: NameParts) -> bool:
    """Two multi-word names that are spellings of one name.

    The kunya (أبو X) and the first given name must be identical; every other word equal, or a
    long word (>= 5 letters) with the same skeleton or one edit apart (مغاوير / مغاورير).
    """
    if len(a.tokens) != len(b.tokens) or len(a.tokens) < 2 or a.plain == b.plain:
        return False
    if a.kunya_key != b.kunya_key or a.first != b.first:
        return False
    for x, y in zip(a.plain, b.plain, strict=True):
        if x == y:
            continue
        if min(len(x), len(y)) < 5:
            return False
        if skeleton(x) != skeleton(y) and not one_edit_apart(x, y):
            return False
    return True
