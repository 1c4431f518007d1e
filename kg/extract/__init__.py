"""Extractors: small callables that find mentions in a document, registered by name.

An extractor is any callable ``(Document, Sequence[Sentence]) -> list[Mention]``. Factories are
registered with ``@register("name")`` and built lazily (a model is loaded only when used).
``combine`` merges the mentions of several extractors by one documented rule.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

from kg.model import AliasStatement, Document, EntityType, Mention, Sentence


class Extractor(Protocol):
    """Finds mentions of named entities in one document.

    An extractor may also have a method ``prepare(docs: Sequence[Document]) -> None``: the
    build calls it with a chunk of documents before calling the extractor on each of them,
    so that it can do its work for the whole chunk at once (the statistical tagger does).
    The mentions must be the same with or without it.

    And one that also reads what the text says about identity (المعروف باسم between two
    names) has ``extract(doc, sentences) -> (mentions, alias statements)``: the build calls
    that instead (``run``), so the statements reach the resolver without a special case.
    """

    def __call__(self, doc: Document, sentences: Sequence[Sentence]) -> list[Mention]: ...


@runtime_checkable
class AliasExtractor(Extractor, Protocol):
    """An extractor that also states which of its mentions name one entity."""

    def extract(
        self, doc: Document, sentences: Sequence[Sentence]
    ) -> tuple[list[Mention], list[AliasStatement]]: ...


def run(
    ex: Extractor, doc: Document, sentences: Sequence[Sentence]
) -> tuple[list[Mention], list[AliasStatement]]:
    """The mentions an extractor finds in ``doc``, and its alias statements if it makes any."""
    if isinstance(ex, AliasExtractor):
        return ex.extract(doc, sentences)
    return ex(doc, sentences), []


_FACTORIES: dict[str, Callable[[], Extractor]] = {}


def register(name: str) -> Callable[[Callable[[], Extractor]], Callable[[], Extractor]]:
    """Register an extractor factory under ``name``."""

    def deco(factory: Callable[[], Extractor]) -> Callable[[], Extractor]:
        _FACTORIES[name] = factory
        return factory

    return deco


def available() -> list[str]:
    """Names of the registered extractors."""
    from kg.extract import registry  # noqa: F401  (registers the built-in extractors)

    return sorted(_FACTORIES)


def get(name: str) -> Extractor:
    """Build the extractor registered under ``name``."""
    available()
    try:
        return _FACTORIES[name]()
    except KeyError:
        raise KeyError(
            f"unknown extractor {name!r}; known: {', '.join(sorted(_FACTORIES))}"
        ) from None


# Priority of each extractor family when spans overlap (higher wins). The curated base knows
# the entity; a cue pattern knows the span; the gazetteer knows a place name but not whether
# it is used as one; the statistical tagger generalises but errs most.
PRIORITY = {"kb": 50, "pattern": 40, "gazetteer": 30, "crf": 20}


def _priority(m: Mention) -> int:
    return PRIORITY.get(m.extractor.split(":")[0], 10)


def combine(mentions: Iterable[Mention]) -> list[Mention]:
    """Resolve overlapping mentions: one documented rule.

    A person's span that runs over و into a second name is first split in two
    (``kg.extract.spans.split_coordinated``). Every span is then cut back to where its name
    stops (``kg.extract.spans.tidy``: no comma,
    quote, clause or cue word inside; no title in front of a person), whichever extractor
    found it; a span with no name left is dropped. Candidates are then taken greedily by
    (priority of their extractor, length, confidence); a candidate overlapping one already
    taken is dropped. The result is sorted by position. One exception to the priorities: a
    known place inside an organisation name read by its head (جيش مالي، قوات دفاع شبوة) is
    part of that name, so the place mention gives way; so is a country or town in the name
    of a lake, mountain, valley or island read with its head (بحيرة تشاد). A mention with
    no knowledge-base link takes the link of one of the same span and type.
    """
    from kg.extract.spans import split_coordinated, tidy  # a submodule: imported when needed

    parts = [p for m in mentions for p in split_coordinated(m)]
    tidied = _drop_places_inside_names([t for t in map(tidy, parts) if t is not None])
    tidied = _keep_links(tidied)
    ranked = sorted(
        tidied,
        key=lambda m: (-_priority(m), -(m.end - m.start), -m.confidence, m.start, m.extractor),
    )
    taken: list[Mention] = []
    spans = DisjointSpans()
    for m in ranked:
        if spans.overlaps(m.start, m.end):
            continue
        taken.append(m)
        spans.add(m.start, m.end)
    return sorted(taken, key=lambda m: (m.doc_id, m.start, m.end))


def _keep_links(mentions: list[Mention]) -> list[Mention]:
    """A mention with no knowledge-base link takes the link of another mention of the same
    span and type (``مدينة حلب``: the pattern reads the name after its head, the gazetteer
    knows it as Aleppo; whichever wins, the name keeps its GeoNames entry)."""
    links = {
        (m.doc_id, m.start, m.end, m.type): (m.kb_id, m.subtype) for m in mentions if m.kb_id
    }
    if not links:
        return mentions
    out = []
    for m in mentions:
        link = None if m.kb_id else links.get((m.doc_id, m.start, m.end, m.type))
        out.append(replace(m, kb_id=link[0], subtype=m.subtype or link[1]) if link else m)
    return out


def _drop_places_inside_names(mentions: list[Mention]) -> list[Mention]:
    """``mentions`` without the knowledge-base or gazetteer places that lie strictly inside
    an organisation found by its head (``pattern:org``: جيش مالي) or a lake, mountain,
    valley or island named with its head (``pattern:place``: بحيرة تشاد is not Chad): the
    place is a word of that name.

    The pattern extractor reads a sentence left to right, so its names do not overlap one
    another: the one starting last at or before a place is the only one that can hold it
    (a binary search, not a scan)."""
    from kg.extract.cues import word_set
    from kg.text.normalize import clean, fold

    features = word_set("feature_place_heads")

    def holder(m: Mention) -> bool:
        if m.extractor == "pattern:org":
            return True
        first = fold(clean(m.surface.split()[0])) if m.extractor == "pattern:place" else ""
        return first in features or first[1:] in features

    orgs = sorted((m.doc_id, m.start, m.end) for m in mentions if holder(m))
    if not orgs:
        return mentions

    def inside(m: Mention) -> bool:
        i = bisect_right(orgs, (m.doc_id, m.start, 1 << 62)) - 1
        if i < 0:
            return False
        doc, start, end = orgs[i]
        longer = end - start > m.end - m.start
        return doc == m.doc_id and start <= m.start and m.end <= end and longer

    return [
        m
        for m in mentions
        if not (
            m.type is EntityType.PLACE
            and m.extractor.split(":")[0] in ("kb", "gazetteer")
            and inside(m)
        )
    ]


class DisjointSpans:
    """Spans ``(start, end)`` that do not overlap one another, sorted, so that "does this span
    overlap one of them" costs a binary search, not a scan: a hostile article with tens of
    thousands of names would otherwise take quadratic time."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = []
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``(s, e)`` has ``start < e and s < end``. Spans that do not overlap,
        sorted by start, are sorted by end too: the last one starting before ``end`` reaches
        furthest."""
        i = bisect_left(self._spans, (end,))
        return i > 0 and self._spans[i - 1][1] > start
