"""Short forms: a family name or nisba used alone after the full name was given.

Reads a Document, its Sentences and the mentions already found; returns new Person mentions
(extractor ``pattern:short-form``) for the last word of a person's full name standing alone
elsewhere in the same article (البغدادي after أبو بكر البغدادي, القحطاني after إبراهيم
القحطاني), also with an attached clitic (والبغدادي، للقحطاني). Whether the short form really
is that person is the resolver's decision (it joins it only when one full name fits).

Limits: only the last word; a first name alone is not searched (too many are common words).
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract import DisjointSpans
from kg.extract.cues import load_cues
from kg.model import Document, EntityType, Mention, Sentence
from kg.text.names import parse_name
from kg.text.normalize import base_form
from kg.text.tokens import tokenize


def find_short_forms(
    doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> list[Mention]:
    """New mentions of family names used alone (never overlapping an existing mention)."""
    stop = load_cues().stop_words
    lasts: set[str] = set()
    for m in mentions:
        if m.type is not EntityType.PERSON:
            continue
        parts = parse_name(m.base)
        if len(parts.tokens) >= 2 and len(parts.last) >= 3 and parts.last not in stop:
            lasts.add(parts.last)
    if not lasts:
        return []
    from kg.extract.kb import load_kb

    demonym = load_kb().demonym
    lasts = {w for w in lasts if not demonym(w)}
    taken = DisjointSpans((m.start, m.end) for m in mentions)  # mentions do not overlap
    out = []
    for sent in sentences:
        toks = tokenize(sent.text, sent.start)
        for k, tok in enumerate(toks):
            if k > 0 and toks[k - 1].norm.startswith("ال"):
                continue  # an adjective agreeing with the noun before it
            norm, skip = tok.norm, 0
            if norm not in lasts and norm[:1] in "وبلفك" and norm[1:] in lasts:
                norm, skip = norm[1:], 1
            if norm not in lasts:
                continue
            start = tok.start + skip
            if taken.overlaps(start, tok.end):
                continue
            surface = doc.text[start : tok.end]
            out.append(
                Mention(
                    doc.id,
                    start,
                    tok.end,
                    surface,
                    base_form(surface),
                    EntityType.PERSON,
                    0.6,
                    "pattern:short-form",
                    sent.index,
                )
            )
    return out
