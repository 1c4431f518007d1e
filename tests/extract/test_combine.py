"""``kg.extract.combine``: the one rule that settles overlapping mentions.

The rule: greedy by (priority of the extractor family, span length, confidence); a mention
overlapping one already taken is dropped; the result is in text order.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract import PRIORITY, combine
from kg.model import EntityType, Mention

TEXT = "قتل زعيم تنظيم داعش أبو بكر البغدادي في قرية باريشا."


def mention(surface: str, extractor: str, conf: float = 0.8,
            etype: EntityType = EntityType.PERSON, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(surface, start + 1)
    return Mention("c", start, start + len(surface), surface, surface, etype, conf, extractor, 0)


def test_higher_priority_wins_over_a_longer_span() -> None:
    assert PRIORITY["kb"] > PRIORITY["crf"]
    kb = mention("البغدادي", "kb", conf=0.5)
    crf = mention("أبو بكر البغدادي", "crf", conf=0.99)
    assert combine([crf, kb]) == [kb]


def test_same_family_longer_span_wins() -> None:
    short = mention("بكر البغدادي", "pattern:title", conf=0.99)
    long = mention("أبو بكر البغدادي", "pattern:kunya", conf=0.6)
    assert combine([short, long]) == [long]


def test_same_span_higher_confidence_wins() -> None:
    low = mention("باريشا", "gazetteer", conf=0.4, etype=EntityType.ORGANIZATION)
    high = mention("باريشا", "gazetteer", conf=0.9, etype=EntityType.PLACE)
    assert combine([low, high]) == [high]


def test_unknown_extractor_ranks_below_known_ones() -> None:
    other = mention("أبو بكر البغدادي", "mystery", conf=1.0)
    crf = mention("البغدادي", "crf", conf=0.1)
    assert combine([other, crf]) == [crf]


def test_non_overlapping_mentions_are_all_kept_in_text_order() -> None:
    isis = mention("تنظيم داعش", "kb", etype=EntityType.ORGANIZATION)
    person = mention("أبو بكر البغدادي", "pattern:kunya")
    place = mention("باريشا", "gazetteer", etype=EntityType.PLACE)
    assert combine([place, person, isis]) == [isis, person, place]


def test_touching_spans_do_not_overlap() -> None:
    a = Mention("c", 0, 3, "قتل", "قتل", EntityType.PERSON, 0.5, "crf", 0)
    b = Mention("c", 3, 8, " زعيم", "زعيم", EntityType.PERSON, 0.5, "kb", 0)
    assert combine([a, b]) == [a, b]


def test_order_of_input_does_not_change_the_result() -> None:
    ms = [
        mention("أبو بكر البغدادي", "pattern:kunya"),
        mention("البغدادي", "crf", conf=0.95),
        mention("بكر", "crf", conf=0.99),
        mention("قرية باريشا", "pattern:place", etype=EntityType.PLACE),
        mention("باريشا", "kb", etype=EntityType.PLACE),
    ]
    first = combine(ms)
    assert combine(list(reversed(ms))) == first
    surfaces = [m.surface for m in first]
    assert surfaces == ["أبو بكر البغدادي", "باريشا"]


def test_a_name_read_after_its_head_keeps_the_gazetteer_link_of_the_same_span() -> None:
    """في قرية باريشا: the pattern (higher priority) and the gazetteer read the same span."""
    pattern = mention("باريشا", "pattern:place", etype=EntityType.PLACE)
    gazetteer = replace(mention("باريشا", "gazetteer", etype=EntityType.PLACE),
                        kb_id="barisha", subtype="City")
    (kept,) = combine([gazetteer, pattern])
    assert kept.extractor == "pattern:place"
    assert (kept.kb_id, kept.subtype) == ("barisha", "City")
