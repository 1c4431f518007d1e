"""The tagger's two CRFs evaluated in numpy from per-word-type score vectors.

Reads ``crf.tsv`` in a model directory: the weights of ``model.crfsuite`` (first pass) and
``model2.crfsuite`` (second pass), written by ``write_weights`` when the model is trained.
Writes nothing at tagging time.

Why not python-crfsuite at tagging time: it needs every attribute string of every token
(about 60 per token), which was most of the tagging time. A linear-chain CRF's score for a
label at a token is the sum of the weights of the token's attributes, and almost all of the
tagger's attributes (``features.FeatureExtractor.sentence``) depend on one word type and one
offset only: the word's own features, and each neighbour's features seen at offsets -2, -1,
+1, +2. Those sums are computed once per word type and cached; per token only the position
flags (BOS, EOS, padding), the two stem bigrams and the second pass's document-memory labels
are added. Viterbi and forward-backward then run over the seven labels, batched over the
sentences of a text.

Limits: python-crfsuite only reports weights rounded to six decimals, so marginals agree
with its own to about 1e-5 and label paths are the same except on exact near-ties (checked
by a test).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pycrfsuite

from kg.extract.ner.conll import LABELS
from kg.extract.ner.features import FeatureExtractor

WEIGHTS_FILE = "crf.tsv"
OFFSETS = (-2, -1, 1, 2)
_N = len(LABELS)
# Slots of a word type's cached score vectors: its own attributes, then its features as a
# neighbour seen from offsets -2, -1, +1, +2 (slot 1 is what the token two to the right sees).
_SLOTS = 1 + len(OFFSETS)


class CrfWeights:
    """State weights ``(attributes + 1, models, labels)`` (row 0 is all zero) and transition
    weights ``(models, labels, labels)`` of one or two CRFs over ``LABELS``."""

    def __init__(self, attributes: Sequence[str], state: np.ndarray, trans: np.ndarray) -> None:
        self.attributes = list(attributes)
        self.index = {a: i + 1 for i, a in enumerate(self.attributes)}
        self.state = state
        self.trans = trans
        self.models = trans.shape[0]

    @classmethod
    def from_crfsuite(cls, paths: Sequence[Path]) -> CrfWeights:
        """The weights of python-crfsuite model files (one model each, in order)."""
        infos = []
        for path in paths:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            infos.append(tagger.info())
            tagger.close()
        attrs = sorted({a for info in infos for a, _ in info.state_features})
        index = {a: i + 1 for i, a in enumerate(attrs)}
        lab = {x: i for i, x in enumerate(LABELS)}
        state = np.zeros((len(attrs) + 1, len(infos), _N))
        trans = np.zeros((len(infos), _N, _N))
        for m, info in enumerate(infos):
            for (attr, label), w in info.state_features.items():
                state[index[attr], m, lab[label]] = w
            for (a, b), w in info.transitions.items():
                trans[m, lab[a], lab[b]] = w
        return cls(attrs, state, trans)

    def save(self, path: Path) -> None:
        """Write the weights as text (``attribute<TAB>weights of model 1<TAB>...``, seven
        comma-separated label weights per model, empty when all zero; transitions first)."""

        def cells(v: np.ndarray) -> str:
            return "" if not v.any() else ",".join(repr(float(x)) for x in v)

        lines = [
            "# weights of the tagger's CRFs (kg.extract.ner.crf), labels " + " ".join(LABELS),
            "# @trans<TAB>model<TAB>from-label<TAB>weights to each label; then "
            "attribute<TAB>label weights per model",
        ]
        for m in range(self.models):
            for a in range(_N):
                lines.append(f"@trans\t{m}\t{LABELS[a]}\t{cells(self.trans[m, a])}")
        for i, attr in enumerate(self.attributes, 1):
            models = (cells(self.state[i, m]) for m in range(self.models))
            lines.append(attr + "\t" + "\t".join(models))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CrfWeights:
        """Read weights written by ``save``."""
        lab = {x: i for i, x in enumerate(LABELS)}
        trans_rows: list[tuple[int, int, list[float]]] = []
        attrs: list[str] = []
        rows: list[list[str]] = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line or line.startswith("# "):
                continue
            parts = line.split("\t")
            if parts[0] == "@trans":
                vals = [float(x) for x in parts[3].split(",")] if parts[3] else [0.0] * _N
                trans_rows.append((int(parts[1]), lab[parts[2]], vals))
            else:
                attrs.append(parts[0])
                rows.append(parts[1:])
        models = max(m for m, _, _ in trans_rows) + 1
        trans = np.zeros((models, _N, _N))
        for m, a, vals in trans_rows:
            trans[m, a] = vals
        state = np.zeros((len(attrs) + 1, models, _N))
        for i, cells in enumerate(rows, 1):
            for m, cell in enumerate(cells):
                if cell:
                    state[i, m] = [float(x) for x in cell.split(",")]
        return cls(attrs, state, trans)


def write_weights(paths: Sequence[Path], out: Path) -> int:
    """Write ``out`` (``crf.tsv``) from python-crfsuite model files; returns the number of
    attributes with a weight."""
    weights = CrfWeights.from_crfsuite([p for p in paths if p.is_file()])
    weights.save(out)
    return len(weights.attributes)


class CrfScorer:
    """Label scores of the CRFs for the tokens of a text, with per-word-type caches."""

    def __init__(self, weights: CrfWeights, extractor: FeatureExtractor) -> None:
        self.w = weights
        self.extractor = extractor
        flat = weights.state.reshape(len(weights.state), -1)
        self._flat = flat
        index = weights.index
        self._own = index
        # (offset slot, attribute id) pairs of a neighbour feature, keyed by the feature
        # without its "off:" prefix (no string building per word).
        self._ctx: dict[str, list[tuple[int, int]]] = {}
        for k, off in enumerate(OFFSETS):
            pre = f"{off}:"
            for a, i in index.items():
                if a.startswith(pre):
                    self._ctx.setdefault(a[len(pre) :], []).append((k, i))

        def vec(attr: str) -> np.ndarray:
            return weights.state[index.get(attr, 0)]

        self._bias = vec("b")
        self._bos = vec("BOS")
        self._eos = vec("EOS")
        self._pad_left = vec("-1:pad")
        self._pad_right = vec("1:pad")
        self._bg_prev = {a[4:]: i for a, i in index.items() if a.startswith("bg-=")}
        self._bg_next = {a[4:]: i for a, i in index.items() if a.startswith("bg+=")}
        self._rows: dict[str, int] = {}
        self._stems: list[str] = [""]
        self._table = np.zeros((1024, _SLOTS, weights.models, _N))
        self._n_rows = 1
        self._memory: dict[tuple[str, ...], int] = {}
        self._mem_table = np.zeros((0, 3, _N))

    def _add_words(self, new: list[str]) -> None:
        """Score vectors of word types not seen before, in one batch."""
        ids: list[int] = []
        starts: list[int] = []
        own_index, ctx_index = self._own, self._ctx
        word = self.extractor.word_context
        stems = self._stems
        get_own, get_ctx = own_index.get, ctx_index.get
        for t in new:
            own, ctx = word(t)
            starts.append(len(ids))
            ids.append(0)  # every segment non-empty (reduceat), row 0 is zero
            ids.extend([a for a in map(get_own, own) if a])
            slots: tuple[list[int], ...] = ([0], [0], [0], [0])
            for hits in map(get_ctx, ctx):
                if hits:
                    for k, a in hits:
                        slots[k].append(a)
            for slot in slots:
                starts.append(len(ids))
                ids.extend(slot)
            stems.append(ctx[1][2:])
        sums = np.add.reduceat(self._flat[np.array(ids)], np.array(starts), axis=0)
        need = self._n_rows + len(new)
        if need > len(self._table):
            grown = np.zeros((max(need, 2 * len(self._table)), *self._table.shape[1:]))
            grown[: self._n_rows] = self._table[: self._n_rows]
            self._table = grown
        self._table[self._n_rows : need] = sums.reshape(len(new), *self._table.shape[1:])
        for k, t in enumerate(new):
            self._rows[t] = self._n_rows + k
        self._n_rows = need

    def scores(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """``(scores, rows)``: label scores ``(tokens, models, labels)`` of every token of
        the non-empty ``sentences`` (flattened in order) without document memory, and each
        token's word-type row (for ``memory_scores``)."""
        rows = self._rows
        if len(rows) + len(sentences) * 200 > 500_000:
            self.reset()
        new = [t for t in dict.fromkeys(t for s in sentences for t in s) if t not in rows]
        if new:
            self._add_words(new)
        lengths = np.array([len(s) for s in sentences if s])
        r = np.fromiter((rows[t] for s in sentences for t in s), dtype=np.int64)
        n = len(r)
        table = self._table
        out = table[r, 0] + self._bias
        ends = np.cumsum(lengths)
        starts = ends - lengths
        out[starts] += self._bos
        out[ends - 1] += self._eos
        pos = np.arange(n) - np.repeat(starts, lengths)
        length = np.repeat(lengths, lengths)
        for k, off in enumerate(OFFSETS):
            # token i sees the word at i + off through that word's slot for offset off
            i = np.nonzero(pos >= -off if off < 0 else pos < length - off)[0]
            out[i] += table[r[i + off], 1 + k]
        out[pos == 0] += self._pad_left
        out[pos == length - 1] += self._pad_right
        stems = self._stems
        st = [stems[x] for x in r.tolist()]
        prev_i: list[int] = []
        prev_a: list[int] = []
        next_i: list[int] = []
        next_a: list[int] = []
        bgp, bgn = self._bg_prev, self._bg_next
        start_set = set(starts.tolist())
        for t in range(1, n):
            if t in start_set:
                continue
            key = st[t - 1] + "|" + st[t]
            a = bgp.get(key)
            if a:
                prev_i.append(t)
                prev_a.append(a)
            a = bgn.get(key)
            if a:
                next_i.append(t - 1)
                next_a.append(a)
        state = self.w.state
        if prev_i:
            out[prev_i] += state[prev_a]
        if next_i:
            out[next_i] += state[next_a]
        return out, r

    def stems(self, rows: np.ndarray) -> list[str]:
        """The stem (clitics and article removed, folded) of each row of ``scores``."""
        stems = self._stems
        return [stems[r] for r in rows.tolist()]

    def memory_scores(
        self, memory: Sequence[tuple[str, ...]], lengths: Sequence[int], model: int
    ) -> np.ndarray:
        """Scores ``(tokens, labels)`` of the document-memory attributes of model ``model``:
        ``m=LABEL`` for each label the first pass gave the token's stem nearby (``m=none``
        when none), ``m-1=`` / ``m+1=`` for the previous / next token's labels."""
        ids = self._memory
        new = [m for m in dict.fromkeys(memory) if m not in ids]
        if new:
            index, state = self.w.index, self.w.state
            rows = []
            for m in new:
                ids[m] = len(ids)
                own = [f"m={lab}" for lab in m] or ["m=none"]
                vecs = []
                for feats in (own, [f"m-1={lab}" for lab in m], [f"m+1={lab}" for lab in m]):
                    vecs.append(sum((state[index.get(f, 0), model] for f in feats), np.zeros(_N)))
                rows.append(vecs)
            self._mem_table = np.concatenate([self._mem_table, np.array(rows)])
        q = np.fromiter((ids[m] for m in memory), dtype=np.int64)
        table = self._mem_table
        out = table[q, 0]
        lengths_a = np.asarray(lengths)
        ends = np.cumsum(lengths_a)
        starts = ends - lengths_a
        first = np.zeros(len(q), dtype=bool)
        first[starts] = True
        last = np.zeros(len(q), dtype=bool)
        last[ends - 1] = True
        i = np.nonzero(~first)[0]
        out[i] += table[q[i - 1], 1]
        i = np.nonzero(~last)[0]
        out[i] += table[q[i + 1], 2]
        return out

    def reset(self) -> None:
        """Forget the cached word types (bounded memory in long runs)."""
        self._rows.clear()
        self._stems[1:] = []
        self._n_rows = 1


def _padded(
    scores: np.ndarray, lengths: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Flat ``(tokens, labels)`` scores as ``(sentences, longest, labels)``, longest sentence
    first, with the mask (in the given order), the order, and for each position how many of
    the sorted sentences reach it (the recursions then work on a shrinking prefix, as
    packed sequences do, instead of masking)."""
    lengths_a = np.asarray(lengths)
    b, longest = len(lengths_a), int(lengths_a.max())
    mask = np.arange(longest)[None, :] < lengths_a[:, None]
    out = np.zeros((b, longest, scores.shape[-1]))
    out[mask] = scores
    order = np.argsort(-lengths_a, kind="stable")
    active = np.searchsorted(-lengths_a[order], -np.arange(longest), side="left").tolist()
    return out[order], mask, order, active


def viterbi(scores: np.ndarray, lengths: Sequence[int], trans: np.ndarray) -> list[list[int]]:
    """Best label path of each sentence (flat ``scores`` of consecutive sentences)."""
    if not len(lengths):
        return []
    s, _, order, active = _padded(scores, lengths)
    b, longest, _ = s.shape
    delta = s[:, 0].copy()
    back = np.zeros((b, longest, _N), dtype=np.int64)
    for t in range(1, longest):
        k = active[t]  # sentences longer than t
        m = delta[:k, :, None] + trans[None]
        back[:k, t] = m.argmax(1)
        delta[:k] = m.max(1) + s[:k, t]
    best = delta.argmax(1).tolist()
    back_l = back.tolist()
    paths: list[list[int]] = [[] for _ in lengths]
    for k, i in enumerate(order.tolist()):
        j = best[k]
        path = [j]
        rows = back_l[k]
        for t in range(lengths[i] - 1, 0, -1):
            j = rows[t][j]
            path.append(j)
        paths[i] = path[::-1]
    return paths


def marginals(scores: np.ndarray, lengths: Sequence[int], trans: np.ndarray) -> np.ndarray:
    """Per-token label marginals (forward-backward), flat like ``scores``."""
    if not len(lengths):
        return np.zeros((0, _N))
    s, mask, order, active = _padded(scores, lengths)
    b, longest, _ = s.shape
    e = np.exp(s - s.max(-1, keepdims=True))
    et = np.exp(trans)
    ett = et.T.copy()
    alpha = np.ones_like(e)
    a = e[:, 0] / e[:, 0].sum(1, keepdims=True)
    alpha[:, 0] = a
    for t in range(1, longest):
        k = active[t]
        a = (a[:k] @ et) * e[:k, t]
        a /= a.sum(1, keepdims=True)
        alpha[:k, t] = a
    beta = np.ones_like(e)
    for t in range(longest - 2, -1, -1):
        k = active[t + 1]  # sentences with a token after t
        nb = (e[:k, t + 1] * beta[:k, t + 1]) @ ett
        nb /= nb.sum(1, keepdims=True)
        beta[:k, t] = nb
    p = alpha * beta
    p /= p.sum(-1, keepdims=True)
    unsorted = np.empty_like(p)
    unsorted[order] = p
    return unsorted[mask]
