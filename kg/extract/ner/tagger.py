"""The Arabic NER tagger at run time: loads a trained model directory and tags text.

Reads the model directory (default ``kg/data/ner/``: ``model.crfsuite``, optionally
``model2.crfsuite`` and ``neural.pt``, plus the word lists of ``features.Resources``); writes
nothing. Tagging runs up to three models: a first-pass CRF; a second-pass CRF that also sees
how the first pass labelled the same words within 8 sentences; and a BiLSTM whose
probabilities are averaged with the second-pass marginals.

``Tagger.tag`` labels a token sequence (BIO over PERS/ORG/LOC, with each label's probability);
``Tagger.spans`` tokenises raw text with character offsets (punctuation split off as
camel-tools' ``simple_word_tokenize`` does), tags it sentence by sentence as one document and
returns character spans of entities.

Limits: sentences are cut at . ! ? ؟ ; and line breaks, and at 200 tokens; an entity never
crosses such a cut.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite
import regex

from kg.errors import ModelError
from kg.extract.ner.conll import LABELS
from kg.extract.ner.features import FeatureExtractor, Resources

MODEL_FILE = "model.crfsuite"
MODEL2_FILE = "model2.crfsuite"
NEURAL_FILE = "neural.pt"
WINDOW = 8  # sentences before and after that form a sentence's document memory
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "ner"
# A token: a run of characters that are neither space nor punctuation/symbol, or one
# punctuation/symbol character (the split of camel-tools' simple_word_tokenize).
_TOKEN_RE = regex.compile(r"[^\s\p{P}\p{S}]+|[\p{P}\p{S}]")
_PUNCT_RE = regex.compile(r"[\p{P}\p{S}]")
_SENT_END = frozenset(".!?؟;؛")
MAX_SENTENCE = 200


def tokenize_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for every token of ``text`` (offsets into ``text``)."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


class Tagger:
    """A trained CRF with its feature extractor."""

    def __init__(self, model_dir: Path) -> None:
        model = model_dir / MODEL_FILE
        if not model.is_file():
            raise ModelError(
                f"NER model not found: {model}. Reinstall kg, or retrain it with "
                f"'python -m kg.extract.ner.train --out {model_dir}'."
            )
        self.model_dir = model_dir
        self._crf = pycrfsuite.Tagger()
        try:
            self._crf.open(str(model))
        except (OSError, ValueError) as exc:
            raise ModelError(f"NER model {model} is unreadable ({exc}); retrain it.") from exc
        self._features = FeatureExtractor(Resources.load(model_dir))
        self._crf2: pycrfsuite.Tagger | None = None
        if (model_dir / MODEL2_FILE).is_file():
            self._crf2 = pycrfsuite.Tagger()
            self._crf2.open(str(model_dir / MODEL2_FILE))
        self._neural = None
        if (model_dir / NEURAL_FILE).is_file():
            from kg.extract.ner.neural import NeuralTagger

            self._neural = NeuralTagger.load(model_dir / NEURAL_FILE, self._features)

    def tag(self, tokens: Sequence[str]) -> list[tuple[str, float]]:
        """A BIO label and its marginal probability for each token of one sentence."""
        return self.tag_document([tokens])[0]

    def tag_document(
        self, sentences: Sequence[Sequence[str]], two_pass: bool = True
    ) -> list[list[tuple[str, float]]]:
        """Tag the sentences of one text in order.

        With the second-pass model (and ``two_pass``), each sentence is tagged again with
        features saying how the first pass labelled the same words in the neighbouring
        sentences, so that a name recognised once is recognised again.
        """
        # Tagging allocates hundreds of thousands of short-lived feature lists and no
        # reference cycles; the cyclic garbage collector would otherwise rescan the feature
        # caches again and again (a third of the tagging time).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._tag_document(sentences, two_pass)
        finally:
            if enabled:
                gc.enable()

    def _tag_document(
        self, sentences: Sequence[Sequence[str]], two_pass: bool
    ) -> list[list[tuple[str, float]]]:
        feats = [self._features.sentence(toks) if toks else [] for toks in sentences]
        crf = self._crf
        final = self._crf2 is None or not two_pass
        first: list[list[str]] = []
        result: list[list[tuple[str, float]]] = []
        for f in feats:
            if not f:
                first.append([])
                result.append([])
                continue
            crf.set(f)
            labels = crf.tag()
            first.append(labels)
            if final:
                result.append([(lab, crf.marginal(lab, i)) for i, lab in enumerate(labels)])
        if final:
            return result
        crf = self._crf2
        mems = self._features.memories(sentences, first, WINDOW)
        out = []
        if self._neural is None:
            for toks, f, mem in zip(sentences, feats, mems, strict=True):
                if not f:
                    out.append([])
                    continue
                crf.set(self._features.with_memory(toks, f, mem))
                labels = crf.tag()
                out.append([(lab, crf.marginal(lab, i)) for i, lab in enumerate(labels)])
            return out
        return self._ensemble(sentences, feats, mems)

    def _ensemble(
        self,
        sentences: Sequence[Sequence[str]],
        feats: list[list[list[str]]],
        mems: list[dict[str, tuple[str, ...]]],
    ) -> list[list[tuple[str, float]]]:
        """Average the second-pass CRF marginals with the network's probabilities."""
        import numpy as np

        from kg.extract.ner.neural import ENSEMBLE_WEIGHT, O_SCALE, decode

        assert self._neural is not None and self._crf2 is not None
        crf = self._crf2
        probs = self._neural.probabilities(sentences)
        out: list[list[tuple[str, float]]] = []
        for toks, f, mem, nn_p in zip(sentences, feats, mems, probs, strict=True):
            if not f:
                out.append([])
                continue
            crf.set(self._features.with_memory(toks, f, mem))
            crf.tag()
            marg = np.array([[crf.marginal(lab, i) for lab in LABELS] for i in range(len(toks))])
            avg = ENSEMBLE_WEIGHT * nn_p + (1.0 - ENSEMBLE_WEIGHT) * marg
            # Recall is the weak side: O's probability is scaled down before decoding.
            scaled = avg.copy()
            scaled[:, 0] *= O_SCALE
            path = decode(scaled)
            out.append([(LABELS[j], float(avg[i, j])) for i, j in enumerate(path)])
        return out

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """Entity spans ``(start, end, type, confidence)`` over the characters of ``text``.

        Confidence is the mean marginal probability of the entity's token labels.
        """
        toks = tokenize_with_offsets(text)
        sents: list[list[tuple[str, int, int]]] = []
        start = 0
        for i, (tok, s, _e) in enumerate(toks):
            last = i == len(toks) - 1
            boundary = tok in _SENT_END or (i + 1 < len(toks) and "\n" in text[s : toks[i + 1][1]])
            if last or boundary or i + 1 - start >= MAX_SENTENCE:
                sents.append(toks[start : i + 1])
                start = i + 1
        tagged = self.tag_document([[t for t, _, _ in s] for s in sents])
        out: list[tuple[int, int, str, float]] = []
        for s, tg in zip(sents, tagged, strict=True):
            out += self._sentence_spans(s, tg)
        return out

    def _sentence_spans(
        self, toks: list[tuple[str, int, int]], tagged: list[tuple[str, float]]
    ) -> list[tuple[int, int, str, float]]:
        groups: list[tuple[list[int], str]] = []
        for i, (lab, _p) in enumerate(tagged):
            if lab.startswith("I-") and groups and groups[-1][1] == lab[2:] and groups[-1][0]:
                if groups[-1][0][-1] == i - 1:
                    groups[-1][0].append(i)
                    continue
            if lab != "O":
                groups.append(([i], lab[2:]))
        out = []
        for idx, kind in groups:
            # Punctuation (quotes, brackets) at the edges never belongs to the name.
            while idx and _PUNCT_RE.fullmatch(toks[idx[0]][0]):
                idx = idx[1:]
            while idx and _PUNCT_RE.fullmatch(toks[idx[-1]][0]):
                idx = idx[:-1]
            if not idx:
                continue
            conf = sum(tagged[k][1] for k in idx) / len(idx)
            out.append((toks[idx[0]][1], toks[idx[-1]][2], kind, round(conf, 4)))
        return out


_CACHE: dict[Path, Tagger] = {}


def load_tagger(path: Path | None = None) -> Tagger:
    """The tagger of a model directory (default: the shipped one), loaded once per process."""
    model_dir = (path or DEFAULT_MODEL_DIR).resolve()
    if model_dir.is_file():
        model_dir = model_dir.parent
    tagger = _CACHE.get(model_dir)
    if tagger is None:
        tagger = Tagger(model_dir)
        _CACHE[model_dir] = tagger
    return tagger
