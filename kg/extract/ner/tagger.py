"""The Arabic NER tagger at run time: loads a trained model directory and tags text.

Reads the model directory (default ``kg/data/tagger/``: ``crf.tsv``, the weights of
``model.crfsuite`` and optionally ``model2.crfsuite``, read from those files when ``crf.tsv``
is missing; optionally ``neural.pt``; the word lists of ``features.Resources``); writes
nothing. Tagging runs up to three models: a first-pass CRF; a second-pass CRF that also sees
how the first pass labelled the same words within 8 sentences (both evaluated in numpy by
``crf.CrfScorer``, batched over the sentences of a text or of several); and a BiLSTM whose
probabilities are averaged with the second-pass marginals (organisation labels scaled by
``ORG_SCALE``). Four rules follow, all chosen on held-out ANERcorp train: person-name
boundary repairs (``fix_person_boundaries``, reads ``given_names.txt``), organisation names
that stop after their head word (``fix_org_heads``, reads ``org_heads.txt``), clubs and
newspapers named after places (``fix_club_names``, reads ``clubs.txt``) and organisation
and place label consistency over the document (``propagate``).

``Tagger.tag`` labels a token sequence (BIO over PERS/ORG/LOC, with each label's probability);
``Tagger.spans`` tokenises raw text with character offsets (punctuation split off as
camel-tools' ``simple_word_tokenize`` does), tags it sentence by sentence as one document and
returns character spans of entities; ``Tagger.spans_many`` does that for several texts in
one batch (what ``kg build`` uses, a chunk of articles at a time), each text still its own
document. Loading the shipped model once per process (``load_tagger``) also moves the objects
alive then out of the garbage collector's scans (``gc.freeze``), and tagging runs with the
collector paused: both only save time, the labels are the same.

Limits: sentences are cut at . ! ? ؟ ; and line breaks, and at 200 tokens; an entity never
crosses such a cut.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex

from kg.errors import ModelError
from kg.extract.ner.conll import LABELS, entities
from kg.extract.ner.crf import WEIGHTS_FILE, CrfScorer, CrfWeights, marginals, viterbi
from kg.extract.ner.features import (
    FeatureExtractor,
    Resources,
    head_key,
    memory_tables,
    normal_form,
    stem_head,
    stem_of,
)

MODEL_FILE = "model.crfsuite"
MODEL2_FILE = "model2.crfsuite"
NEURAL_FILE = "neural.pt"
WINDOW = 8  # sentences before and after that form a sentence's document memory
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "tagger"
# A token: a run of characters that are neither space nor punctuation/symbol, or one
# punctuation/symbol character (the split of camel-tools' simple_word_tokenize).
_TOKEN_RE = regex.compile(r"[^\s\p{P}\p{S}]+|[\p{P}\p{S}]")
_PUNCT_RE = regex.compile(r"[\p{P}\p{S}]")
_SENT_END = frozenset(".!?؟;؛")
_NEWLINE_RE = re.compile("\n")
MAX_SENTENCE = 200


# Runs of non-space characters; the space set is Unicode White_Space, i.e. exactly what
# ``regex``'s \s matches (Python's \s also matches the control characters 1C-1F).
_CHUNK_RE = re.compile(
    "[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)
_SPLITS: dict[str, tuple[tuple[str, int, int], ...]] = {}


def tokenize_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for every token of ``text`` (offsets into ``text``).

    Why two steps: the Unicode-property pattern is slow on long texts, so the text is cut
    at white space first and each distinct chunk is split once (news repeats its words).
    """
    out: list[tuple[str, int, int]] = []
    cache = _SPLITS
    for m in _CHUNK_RE.finditer(text):
        chunk = m.group()
        parts = cache.get(chunk)
        if parts is None:
            parts = tuple((t.group(), t.start(), t.end()) for t in _TOKEN_RE.finditer(chunk))
            if len(cache) < 200_000:
                cache[chunk] = parts
        base = m.start()
        if len(parts) == 1:
            out.append(
                (chunk, base, m.end())
                if parts[0][0] == chunk
                else (parts[0][0], base + parts[0][1], base + parts[0][2])
            )
        else:
            out.extend((t, base + s, base + e) for t, s, e in parts)
    return out


class Tagger:
    """The trained CRFs (and network) with their feature extractor."""

    def __init__(self, model_dir: Path) -> None:
        model = model_dir / MODEL_FILE
        if not model.is_file():
            raise ModelError(
                f"NER model not found: {model}. Reinstall kg, or retrain it with "
                f"'python -m kg.extract.ner.train --out {model_dir}'."
            )
        self.model_dir = model_dir
        self._features = FeatureExtractor(Resources.load(model_dir))
        weights_file = model_dir / WEIGHTS_FILE
        try:
            if weights_file.is_file():
                weights = CrfWeights.load(weights_file)
            else:  # a model directory from before crf.tsv: read the crfsuite files
                weights = CrfWeights.from_crfsuite(
                    [p for p in (model, model_dir / MODEL2_FILE) if p.is_file()]
                )
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"NER model {model_dir} is unreadable ({exc}); retrain it.") from exc
        self._weights = weights
        res = self._features.res
        trig = res.triggers
        self._clubs = ClubRule(
            res.clubs,
            res.rule_words.get("SPORT", frozenset()),
            res.rule_words.get("ORG_BEFORE", frozenset()),
        )
        self._place_heads = trig.get("LOC_HEAD", frozenset())
        # words that never continue an organisation name: prepositions, reporting verbs
        self._not_name = trig.get("LOC_PREP", frozenset()) | trig.get("PERS_VERB", frozenset())
        self._scorer = CrfScorer(weights, self._features)
        self._neural = None
        if weights.models > 1 and (model_dir / NEURAL_FILE).is_file():
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

        Then place names that name a club or newspaper become organisations
        (``fix_club_names``), and an organisation or place name tagged at least twice in the
        text, always with the same type, is also tagged where it was left untagged
        (``propagate``).
        """
        return self.tag_documents([sentences], two_pass)[0]

    def tag_documents(
        self, documents: Sequence[Sequence[Sequence[str]]], two_pass: bool = True
    ) -> list[list[list[tuple[str, float]]]]:
        """``tag_document`` of each of several texts, in one batch.

        Each text is still its own document (memory and ``propagate`` never look across
        texts) and gets the labels it gets alone (its probabilities may differ in the last
        bits, as the network's float sums depend on the batch's shape); the models just score
        the sentences of all texts together, which saves the per-call cost of the network
        and of the CRF scoring (about a fifth of the time on news-article-sized texts).
        """
        with _no_gc():
            flat: list[Sequence[str]] = []
            bounds: list[int] = [0]
            for sentences in documents:
                flat += [toks for toks in sentences if toks]
                bounds.append(len(flat))
            tagged: list[list[tuple[str, float]]] = []
            kept_keys: list[list[str]] = []
            if flat:
                tagged, kept_keys = self._tag_sentences(flat, two_pass, bounds)
            out = []
            for d, sentences in enumerate(documents):
                result: list[list[tuple[str, float]]] = [[] for _ in sentences]
                keys: list[list[str]] = [[] for _ in sentences]
                k = bounds[d]
                for i, toks in enumerate(sentences):
                    if toks:
                        result[i], keys[i] = tagged[k], kept_keys[k]
                        k += 1
                result = fix_club_names(result, keys, self._clubs)
                out.append(propagate(sentences, result, self._features.stem_key, keys=keys))
            return out

    def _tag_sentences(
        self, sentences: Sequence[Sequence[str]], two_pass: bool, bounds: Sequence[int]
    ) -> tuple[list[list[tuple[str, float]]], list[list[str]]]:
        """Tag non-empty sentences: first-pass CRF, then (second pass) the memory CRF,
        averaged with the network when there is one. Also returns each token's stem (the
        key of document memory and of ``propagate``). Document ``d`` is made of
        ``sentences[bounds[d]:bounds[d + 1]]``; memory stays within a document."""
        lengths = [len(s) for s in sentences]
        scores, rows = self._scorer.scores(sentences)
        keys = _per_sentence(self._scorer.stems(rows), lengths)
        trans = self._weights.trans
        if self._weights.models < 2 or not two_pass:
            s1 = scores[:, 0]
            paths = viterbi(s1, lengths, trans[0])
            marg = _per_sentence(marginals(s1, lengths, trans[0]), lengths)
            return self._finish(sentences, paths, marg), keys
        first = [[LABELS[j] for j in p] for p in viterbi(scores[:, 0], lengths, trans[0])]
        mems = []
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            mems += memory_tables(keys[a:b], first[a:b], WINDOW)
        memory = [mem.get(k, ()) for ks, mem in zip(keys, mems, strict=True) for k in ks]
        s2 = scores[:, 1] + self._scorer.memory_scores(memory, lengths, 1)
        marg = _per_sentence(marginals(s2, lengths, trans[1]), lengths)
        if self._neural is None:
            return self._finish(sentences, viterbi(s2, lengths, trans[1]), marg), keys
        return self._ensemble(sentences, marg), keys

    def _ensemble(
        self, sentences: Sequence[Sequence[str]], marg: list[np.ndarray]
    ) -> list[list[tuple[str, float]]]:
        """Average the second-pass CRF marginals with the network's probabilities."""
        from kg.extract.ner.neural import ENSEMBLE_WEIGHT, decode

        assert self._neural is not None
        probs = self._neural.probabilities(sentences)
        avgs = [
            ENSEMBLE_WEIGHT * nn_p + (1.0 - ENSEMBLE_WEIGHT) * m
            for nn_p, m in zip(probs, marg, strict=True)
        ]
        return self._finish(sentences, [decode(avg * _SCALE) for avg in avgs], avgs)

    def _finish(
        self, sentences: Sequence[Sequence[str]], paths: Sequence[Sequence[int]], probs: list
    ) -> list[list[tuple[str, float]]]:
        """Labels after the person-boundary rules, each with its probability (``probs``: a
        ``(tokens, labels)`` array per sentence)."""
        out = []
        res = self._features.res
        given = res.given_names
        b_pers, i_pers = _INDEX["B-PERS"], _INDEX["I-PERS"]
        for toks, path, p in zip(sentences, paths, probs, strict=True):
            labels = [LABELS[j] for j in path]
            fixed = fix_person_boundaries(toks, labels, given)
            fixed = fix_org_heads(toks, fixed, res.org_heads, self._place_heads, self._not_name)
            conf = p.tolist()
            row = []
            for i, lab in enumerate(fixed):
                c = conf[i][_INDEX[lab]]
                if lab != labels[i] and lab.endswith("PERS"):
                    # re-segmented by a boundary rule: how likely the word is in a name at all
                    c = conf[i][b_pers] + conf[i][i_pers]
                row.append((lab, c))
            out.append(row)
        return out

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """Entity spans ``(start, end, type, confidence)`` over the characters of ``text``.

        Confidence is the mean marginal probability of the entity's token labels.
        """
        return self.spans_many([text])[0]

    def spans_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """``spans`` of each text, tagged in one batch (``tag_documents``): the spans of one
        call per text, faster for many short texts such as news articles."""
        with _no_gc():
            cut = [_sentences(tokenize_with_offsets(text), text) for text in texts]
            tagged = self.tag_documents([[[t for t, _, _ in s] for s in sents] for sents in cut])
            out = []
            for sents, tags in zip(cut, tagged, strict=True):
                found: list[tuple[int, int, str, float]] = []
                for s, tg in zip(sents, tags, strict=True):
                    found += self._sentence_spans(s, tg)
                out.append(found)
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


def _sentences(toks: list[tuple[str, int, int]], text: str) -> list[list[tuple[str, int, int]]]:
    """The tokens of ``text`` cut into sentences: after . ! ? ؟ ; ؛, at a line break and
    every ``MAX_SENTENCE`` tokens."""
    sents: list[list[tuple[str, int, int]]] = []
    start = 0
    n = len(toks)
    # a line break between two tokens ends a sentence: mark the token before each one
    breaks = set()
    if "\n" in text:
        starts = [s for _, s, _ in toks]
        breaks = {bisect_left(starts, m.start()) - 1 for m in _NEWLINE_RE.finditer(text)}
    for i, (tok, _s, _e) in enumerate(toks):
        if tok in _SENT_END or i in breaks or i == n - 1 or i + 1 - start >= MAX_SENTENCE:
            sents.append(toks[start : i + 1])
            start = i + 1
    return sents


_INDEX = {lab: i for i, lab in enumerate(LABELS)}
_PERS = ("B-PERS", "I-PERS")
# Organisation recall is the weakest: B-ORG/I-ORG probabilities are scaled by ORG_SCALE
# before decoding (1.5 chosen on held-out ANERcorp train: F1 +0.007, see docs/ner-development.json).
ORG_SCALE = 1.5
_SCALE = np.array([ORG_SCALE if lab.endswith("-ORG") else 1.0 for lab in LABELS])
PROPAGATE_TYPES = frozenset({"ORG", "LOC"})
PROPAGATE_MIN = 2


def _per_sentence(flat: Sequence | np.ndarray, lengths: Sequence[int]) -> list:
    """``flat`` (one item or row per token of consecutive sentences) cut into sentences."""
    out = []
    start = 0
    for n in lengths:
        out.append(flat[start : start + n])
        start += n
    return out


def propagate(
    sentences: Sequence[Sequence[str]],
    tagged: list[list[tuple[str, float]]],
    key: Callable[[str], str],
    types: frozenset[str] = PROPAGATE_TYPES,
    min_count: int = PROPAGATE_MIN,
    keys: list[list[str]] | None = None,
) -> list[list[tuple[str, float]]]:
    """Label consistency over one text: a name of a type in ``types`` tagged at least
    ``min_count`` times, never with another type, is tagged wherever its words (compared by
    ``key``, or given as ``keys``: clitics and article stripped, folded) occur untagged;
    longest match first.

    Confidence of a copied label is the mean confidence of the tagged occurrences. Why
    organisations and places only: on held-out ANERcorp train it raised organisation F1 by
    0.03-0.04 (overall +0.007-0.010) and place F1 by up to 0.009, but lowered person F1
    (given names recur in other names).
    """
    if keys is None:
        keys = [[key(t) for t in toks] for toks in sentences]
    seen: dict[tuple[str, ...], list[tuple[str, float]]] = {}
    for ks, tg in zip(keys, tagged, strict=True):
        for start, end, kind in entities([lab for lab, _ in tg]):
            conf = sum(p for _, p in tg[start:end]) / (end - start)
            seen.setdefault(tuple(ks[start:end]), []).append((kind, conf))
    table: dict[tuple[str, ...], tuple[str, float]] = {}
    for span, found in seen.items():
        kinds = {k for k, _ in found}
        if len(found) >= min_count and len(kinds) == 1 and found[0][0] in types:
            table[span] = (found[0][0], sum(c for _, c in found) / len(found))
    if not table:
        return tagged
    longest = max(len(s) for s in table)
    firsts = {s[0] for s in table}
    out = []
    for ks, tg in zip(keys, tagged, strict=True):
        labels = [lab for lab, _ in tg]
        new = list(tg)
        n = len(ks)
        i = 0
        while i < n:
            step = 1
            if ks[i] in firsts and labels[i] == "O":
                for length in range(min(longest, n - i), 0, -1):
                    hit = table.get(tuple(ks[i : i + length]))
                    if (
                        hit
                        and all(lab == "O" for lab in labels[i : i + length])
                        and (i + length == n or not labels[i + length].startswith("I-"))
                    ):
                        kind, conf = hit
                        new[i] = ("B-" + kind, conf)
                        for j in range(i + 1, i + length):
                            new[j] = ("I-" + kind, conf)
                        step = length
                        break
            i += step
        out.append(new)
    return out


@dataclass(frozen=True)
class ClubRule:
    """The word lists of ``fix_club_names`` (folded stems): club names (words joined by a
    space), sports words, and the words after which a place name is an organisation's."""

    clubs: frozenset[str]
    sport: frozenset[str]
    org_before: frozenset[str]


SPORT_WINDOW = 1  # sentences before and after that count for a sports context
SPORT_MIN = 2  # different sports words that make one


def fix_club_names(
    tagged: list[list[tuple[str, float]]], keys: Sequence[Sequence[str]], rule: ClubRule
) -> list[list[tuple[str, float]]]:
    """Place names that name an organisation, over one text (``keys``: each token's folded
    stem), retagged ORG with their confidence kept:

    1. a LOC name right after a word of ``rule.org_before`` (صحيفة القدس, لنادي قطر);
    2. a LOC name that is a club's name (``rule.clubs``: برشلونة, بنفيكا, ميلان) in a
       sports context: at least ``SPORT_MIN`` different ``rule.sport`` words in its sentence
       and the ``SPORT_WINDOW`` sentences around it.

    Why: in sports reports the tagger reads clubs named after their cities as places
    (ANERcorp tags them ORG), and the club list alone would turn every Rome into a club. On
    three held-out folds of ANERcorp train, three network seeds each, F1 went from 0.7665 /
    0.6965 / 0.7886 to 0.7746 / 0.7000 / 0.7886 (docs/ner-development.json).
    """
    if not (rule.clubs or rule.org_before):
        return tagged
    sport: dict[int, set[str]] = {}  # sentence -> its sports words, computed when needed
    out = []
    for i, (ks, tg) in enumerate(zip(keys, tagged, strict=True)):
        if not any(lab == "B-LOC" for lab, _ in tg):
            out.append(tg)
            continue
        found = [e for e in entities([lab for lab, _ in tg]) if e[2] == "LOC"]
        near = range(max(0, i - SPORT_WINDOW), min(len(keys), i + SPORT_WINDOW + 1))
        for j in near:
            if j not in sport:
                sport[j] = {k for k in keys[j] if k in rule.sport}
        sports = len(set().union(*(sport[j] for j in near)))
        new = list(tg)
        for start, end, _ in found:
            if (start > 0 and stem_head(ks[start - 1], rule.org_before)) or (
                sports >= SPORT_MIN and " ".join(ks[start:end]) in rule.clubs
            ):
                for j in range(start, end):
                    new[j] = (("B-ORG" if j == start else "I-ORG"), tg[j][1])
        out.append(new)
    return out


def _is_given(token: str, given: frozenset[str]) -> bool:
    key = normal_form(token)
    return key in given or (len(key) > 3 and key[0] in "وفبل" and key[1:] in given)


def fix_person_boundaries(
    tokens: Sequence[str], labels: Sequence[str], given: frozenset[str]
) -> list[str]:
    """Repair the usual boundary errors of person names, in this order:

    1. a known given name tagged O right before a person name starts that name
       (علي/O لاريجاني/B-PERS -> B-PERS I-PERS);
    2. a person name right after another one continues it, unless it starts with و
       (محمد/B-PERS الشربيني/B-PERS -> B-PERS I-PERS);
    3. a nisba (ال...ي) tagged O right after a person name ends it (ناصر الشاعري).

    Why: on held-out ANERcorp train, half of the person-name errors were such boundary
    errors; the three rules together raised held-out F1 by 0.007-0.015 (docs/ner-development.json).
    """
    out = list(labels)
    n = len(out)
    for i in range(n - 1):
        if out[i] == "O" and out[i + 1] == "B-PERS" and _is_given(tokens[i], given):
            out[i], out[i + 1] = "B-PERS", "I-PERS"
    for i in range(1, n):
        if out[i] == "B-PERS" and out[i - 1] in _PERS and not tokens[i].startswith("و"):
            out[i] = "I-PERS"
    for i in range(1, n):
        if out[i] == "O" and out[i - 1] in _PERS:
            key = normal_form(tokens[i])
            if key.startswith("ال") and key.endswith("ي") and len(key) > 4:
                out[i] = "I-PERS"
    return out


def _continues(token: str, label: str, not_name: frozenset[str]) -> bool:
    """Whether an untagged ``token`` can be the next word of an organisation name."""
    return (
        label == "O"
        and token.isalpha()
        and not token.startswith("و")
        and normal_form(token) not in not_name
    )


def fix_org_heads(
    tokens: Sequence[str],
    labels: Sequence[str],
    heads: frozenset[str],
    place_heads: frozenset[str] = frozenset(),
    not_name: frozenset[str] = frozenset(),
) -> list[str]:
    """An organisation name of one word that is a head word (``heads``, by ``head_key``:
    البنك, لمجلس, حلف) takes the untagged word after it (البنك التجاري, لمجلس الأمن), and one
    more when that word is a place head or direction (حلف شمال الأطلسي); a head that has no
    such word after it (end of sentence, punctuation, و, a preposition or reporting verb in
    ``not_name``) is no name and is untagged.

    Why: the tagger often stops after the head, and in the training data a head word almost
    never makes an organisation name alone (those that do, الكونغرس, are not in ``heads``,
    see ``train.build_org_heads``); on three held-out folds of ANERcorp train the rule
    raised F1 from 0.746 / 0.788 / 0.692 to 0.765 / 0.788 / 0.692 (docs/ner-development.json).
    """
    out = list(labels)
    if not heads:
        return out
    n = len(out)
    for i, lab in enumerate(labels):
        if lab != "B-ORG" or (i + 1 < n and labels[i + 1] == "I-ORG"):
            continue
        if not head_key(tokens[i], heads):
            continue
        j = i + 1
        if j < n and _continues(tokens[j], out[j], not_name):
            out[j] = "I-ORG"
            k = j + 1
            if (
                k < n
                and stem_of(normal_form(tokens[j]))[1] in place_heads
                and _continues(tokens[k], out[k], not_name)
            ):
                out[k] = "I-ORG"
        else:
            out[i] = "O"
    return out


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector off for a block (restored after, nesting allowed).

    Why: tagging allocates many short-lived tuples and lists and makes no reference cycles,
    yet each allocation burst makes the collector rescan the tagger's large caches; with it
    off, cold tagging is about 10% faster (benchmarks/ner.md).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        # The objects alive now (torch's modules, the model's tables) live as long as the
        # process: move them out of the cyclic collector's scans, which otherwise walk them
        # all at every full collection (about 0.1 s each while tagging).
        gc.freeze()
    return tagger
