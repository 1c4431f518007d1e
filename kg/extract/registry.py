"""The built-in extractors, registered by name: ``kb``, ``pattern`` and ``crf``."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract import Extractor, register
from kg.extract.patterns import PatternExtractor
from kg.model import Document, EntityType, Mention, Sentence
from kg.text.normalize import base_form

NER_TYPES = {"PERS": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "LOC": EntityType.PLACE}
# Below this mean marginal a tagger span is too unsure to become a node on its own.
CRF_MIN_CONFIDENCE = 0.6


@register("kb")
def _kb() -> Extractor:
    from kg.extract.kb import load_kb

    kb = load_kb()
    return kb.find_mentions


@register("pattern")
def _pattern() -> Extractor:
    return PatternExtractor()


class CrfExtractor:
    """Mentions from the statistical tagger shipped in ``kg/data/ner``."""

    name = "crf"

    def __init__(self) -> None:
        from kg.extract.ner import load_tagger

        self.tagger = load_tagger()

    def __call__(self, doc: Document, sentences: Sequence[Sentence]) -> list[Mention]:
        out = []
        for sent in sentences:
            for start, end, label, conf in self.tagger.spans(sent.text):
                if conf < CRF_MIN_CONFIDENCE:
                    continue
                s, e = sent.start + start, sent.start + end
                surface = doc.text[s:e]
                base = base_form(surface)
                if len(base) < 2:
                    continue
                out.append(
                    Mention(
                        doc_id=doc.id,
                        start=s,
                        end=e,
                        surface=surface,
                        base=base,
                        type=NER_TYPES[label],
                        confidence=conf,
                        extractor="crf",
                        sentence=sent.index,
                    )
                )
        return out


@register("crf")
def _crf() -> Extractor:
    return CrfExtractor()
