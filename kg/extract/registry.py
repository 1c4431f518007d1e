"""The built-in extractors, registered by name: ``kb``, ``pattern`` and ``crf``."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from kg.extract import Extractor, register
from kg.extract.cues import load_cues
from kg.extract.patterns import PatternExtractor
from kg.model import Document, EntityType, Mention, Sentence
from kg.text.normalize import base_form, clean, fold, is_arabic_letter

NER_TYPES = {"PERS": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "LOC": EntityType.PLACE}
# Below this mean marginal a tagger span is too unsure to become a node on its own.
CRF_MIN_CONFIDENCE = 0.6
CRF_MIN_CONFIDENCE_ONE_WORD = 0.75
# Lone UTF-16 surrogates (a Document built from JSON's "\ud800"): crfsuite cannot encode them.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@register("kb")
def _kb() -> Extractor:
    from kg.extract.kb import load_kb

    kb = load_kb()
    return kb.find_mentions


@register("pattern")
def _pattern() -> Extractor:
    return PatternExtractor()


def _taggable(text: str) -> str:
    """``text`` with lone surrogates replaced one for one (offsets stay), as the tagger needs."""
    return _SURROGATE_RE.sub("\ufffd", text)


class CrfExtractor:
    """Mentions from the statistical tagger shipped in ``kg/data/tagger``.

    The tagger reads the whole document at once (its second pass looks at how the same words
    were tagged in neighbouring sentences). Its spans are cleaned by the rules of the domain
    before they become mentions: a leading conjunction و is not part of a name (وكلب → كلب is
    then no name either), a lone cue word or place/organisation head is no name, and one-word
    spans need more confidence than longer ones.
    """

    name = "crf"

    def __init__(self) -> None:
        from kg.extract.ner import load_tagger

        self.tagger = load_tagger()
        cues = load_cues()
        self.given = cues.given_names
        self.written_stop = cues.written_stop_words
        self.not_names = cues.stop_words | cues.place_heads | cues.org_heads
        # spans of texts tagged ahead in a batch (``prepare``), taken out as they are used
        self._ready: dict[str, list[tuple[int, int, str, float]]] = {}

    def prepare(self, docs: Sequence[Document]) -> None:
        """Tag the texts of a chunk of documents in one batch (``Tagger.spans_many``, the
        same spans as one text at a time, faster); ``__call__`` on each of them then takes
        its spans from here. If the batch fails, each document is tagged alone (so an error
        names its own document)."""
        texts = [_taggable(d.text) for d in docs]
        try:
            self._ready = dict(zip(texts, self.tagger.spans_many(texts), strict=True))
        except Exception:  # each document is retried alone in __call__
            self._ready = {}

    def _joined(
        self, text: str, spans: list[tuple[int, int, str, float]]
    ) -> list[tuple[int, int, str, float]]:
        """Join a person name the tagger cut in two (أحمد عيسى | إسماعيل الزاوي), also across
        one untagged given name between the parts (جبار سلمان علي فرحان العيساوي)."""
        out: list[tuple[int, int, str, float]] = []
        for span in sorted(spans):
            if out and span[2] == "PERS" and out[-1][2] == "PERS":
                gap = text[out[-1][1] : span[0]].split()
                second = text[span[0] : span[1]]
                one_name = (
                    len(gap) == 1 and gap[0].isalpha() and clean(gap[0]) not in self.written_stop
                )
                if second[:1] != "و" and (not gap or one_name):
                    ps, _, _, pc = out[-1]
                    out[-1] = (ps, span[1], "PERS", min(pc, span[3]))
                    continue
            out.append(span)
        return out

    def __call__(self, doc: Document, sentences: Sequence[Sentence]) -> list[Mention]:
        starts = [s.start for s in sentences]
        out = []
        text = _taggable(doc.text)
        spans = self._ready.pop(text, None)
        if spans is None:
            spans = self.tagger.spans(text)
        for s, e, label, conf in self._joined(doc.text, spans):
            words = doc.text[s:e].split()
            if words and words[0][:1] == "و" and len(words[0]) > 3:
                head = fold(clean(words[0]))
                if head[1:] in self.given or (
                    head not in self.given and head[1:] not in self.not_names
                ):
                    s += 1  # a conjunction glued to the first word
            surface = doc.text[s:e]
            base = base_form(surface)
            keys = [fold(w) for w in base.split()]
            if len(base) < 3 or not keys or all(k in self.not_names for k in keys):
                continue
            if conf < (CRF_MIN_CONFIDENCE_ONE_WORD if len(keys) == 1 else CRF_MIN_CONFIDENCE):
                continue
            if not any(is_arabic_letter(c) for c in base):
                continue
            index = max(0, bisect_right(starts, s) - 1)
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
                    sentence=sentences[index].index if sentences else 0,
                )
            )
        return out


@register("crf")
def _crf() -> Extractor:
    return CrfExtractor()
