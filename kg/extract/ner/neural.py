"""A small BiLSTM tagger (torch, CPU) over the CRF's word features plus a character CNN.

Reads and writes ``neural.pt`` in a model directory: the network's weights (stored as
float16 to keep the package small) together with its feature and character vocabularies.
Trained by ``train.train_model`` after the CRF; at run time ``Tagger`` averages its label
probabilities with the CRF's marginals (``ENSEMBLE_WEIGHT``) and decodes the average under
BIO constraints. Why both: the CRF is precise on the words it has seen; the character CNN
and the recurrent context generalise better to names it has not, and the two make different
mistakes.

Each token is a bag of the ``FeatureExtractor`` own-word features (form, stem, affixes,
gazetteer, triggers, clusters) that occurred at least twice in training, summed into one
vector, plus a CNN over the characters of the folded form; a one-layer BiLSTM reads the
sentence; a linear layer gives label scores (softmax, no CRF layer).

Limits: deterministic only on CPU with one thread (``train_neural`` sets both).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from kg.extract.ner.conll import LABELS, Sentence
from kg.extract.ner.features import FeatureExtractor

NEURAL_FILE = "neural.pt"
ENSEMBLE_WEIGHT = 0.5  # weight of the network's probabilities against the CRF's marginals
MAX_FEATS = 40
MAX_CHARS = 16
BATCH = 128  # sentences per BiLSTM call at tagging time (fastest on one core)


class _Net(nn.Module):
    def __init__(self, n_feats: int, n_chars: int, dim: int = 128, hidden: int = 128) -> None:
        super().__init__()
        self.feats = nn.EmbeddingBag(n_feats + 1, dim, mode="sum", padding_idx=0)
        self.chars = nn.Embedding(n_chars + 2, 32, padding_idx=0)
        self.conv = nn.Conv1d(32, 64, 3, padding=1)
        self.drop = nn.Dropout(0.5)
        self.lstm = nn.LSTM(dim + 64, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(LABELS))

    def forward(self, feats: torch.Tensor, chars: torch.Tensor) -> torch.Tensor:
        b, n, k = feats.shape
        x = self.feats(feats.view(b * n, k)).view(b, n, -1)
        c = self.chars(chars.view(b * n, -1)).transpose(1, 2)
        c = torch.relu(self.conv(c)).max(dim=2).values.view(b, n, -1)
        x = self.drop(torch.cat([torch.tanh(x), c], -1))
        h, _ = self.lstm(x)
        return self.out(self.drop(h))


class NeuralTagger:
    """The network with its vocabularies; gives label probabilities per token."""

    def __init__(
        self, extractor: FeatureExtractor, vocab: dict[str, int], chars: dict[str, int]
    ) -> None:
        self.extractor = extractor
        self.vocab = vocab
        self.char_vocab = chars
        self.net = _Net(len(vocab), len(chars))
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # Word vectors (feature bag after tanh, then char CNN), one row per word type seen.
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((1, 0), dtype=np.float32)
        self._n_rows = 1
        self._tables: tuple[np.ndarray, np.ndarray] | None = None

    def _encode_word(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        hit = self._cache.get(token)
        if hit is None:
            own = self.extractor.word_features(token)
            ids = [self.vocab[f] for f in own if f in self.vocab][:MAX_FEATS]
            f = np.zeros(MAX_FEATS, dtype=np.int64)
            f[: len(ids)] = ids
            word = own[0][2:][:MAX_CHARS]
            c = np.zeros(MAX_CHARS, dtype=np.int64)
            c[: len(word)] = [self.char_vocab.get(ch, 1) for ch in word]
            hit = (f, c)
            if len(self._cache) < 500_000:
                self._cache[token] = hit
        return hit

    def _batch(self, sentences: Sequence[Sequence[str]]) -> tuple[torch.Tensor, torch.Tensor]:
        n = max(len(s) for s in sentences)
        feats = np.zeros((len(sentences), n, MAX_FEATS), dtype=np.int64)
        chars = np.zeros((len(sentences), n, MAX_CHARS), dtype=np.int64)
        for b, toks in enumerate(sentences):
            for i, t in enumerate(toks):
                feats[b, i], chars[b, i] = self._encode_word(t)
        return torch.from_numpy(feats), torch.from_numpy(chars)

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """``(len(sentence), len(LABELS))`` probabilities for each non-empty sentence.

        Sentences are run in length-sorted batches packed with ``pack_padded_sequence``, so
        each sentence gets exactly the output it would get alone (no padding is read).
        """
        net = self.net
        net.eval()
        out: list[np.ndarray] = [np.zeros((0, len(LABELS)))] * len(sentences)
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        if not order:
            return out
        with torch.inference_mode():
            self._fill_word_cache([t for s in sentences for t in s])
            rows = self._rows
            table = torch.from_numpy(self._matrix[: self._n_rows])
            for k in range(0, len(order), BATCH):
                idx = order[k : k + BATCH]
                lengths = [len(sentences[i]) for i in idx]
                n = lengths[0]
                ids = np.zeros((len(idx), n), dtype=np.int64)
                for b, i in enumerate(idx):
                    ids[b, : lengths[b]] = [rows[t] for t in sentences[i]]
                x = table[torch.from_numpy(ids)]
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True)
                h, _ = net.lstm(packed)
                h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
                probs = torch.softmax(net.out(h), -1).numpy().astype(np.float64)
                for b, i in enumerate(idx):
                    out[i] = probs[b, : lengths[b]]
        return out

    def reset_cache(self) -> None:
        """Forget the word vectors computed so far (they depend on the weights)."""
        self._rows.clear()
        self._n_rows = 1
        self._tables = None

    def _word_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """The character CNN as numpy lookup tables: for each of the convolution's three taps
        every character's contribution (its embedding times that tap's weights), and the
        convolution bias.

        Why: a convolution over embedded characters is then three row lookups and two sums
        per position, about twice as fast as torch's embedding and conv1d calls, for the few
        hundred new words of an article as for thousands (same values up to float rounding).
        """
        if self._tables is None:
            net = self.net
            with torch.no_grad():
                emb = net.chars.weight.float()  # (chars, 32); row 0 (padding) is zero
                w = net.conv.weight.float()  # (64, 32, 3)
                taps = torch.stack([emb @ w[:, :, k].T for k in range(w.shape[2])])
                bias = net.conv.bias
                assert bias is not None  # the convolution is built with a bias (CharCNN)
                self._tables = (taps.numpy().copy(), bias.float().numpy().copy())
        return self._tables

    def _fill_word_cache(self, tokens: Sequence[str]) -> None:
        """Compute, in one batch, the word-level input vectors of tokens not seen before.

        Why: the feature bag and the character CNN of a word do not depend on its context,
        so at run time each word type is encoded once (a row of ``_matrix``); only the BiLSTM
        runs per sentence.
        """
        rows = self._rows
        new = [t for t in dict.fromkeys(tokens) if t not in rows]
        if not new:
            return
        if self._n_rows + len(new) > 500_000:
            rows.clear()
            self._n_rows = 1
        taps, bias = self._word_tables()
        # the feature bags as one flat id list with offsets (no padding); the letters padded
        # with 0 on both sides
        flat: list[int] = []
        offsets: list[int] = []
        letters = np.zeros((len(new), MAX_CHARS + 2), dtype=np.int64)
        vocab, char_get = self.vocab, self.char_vocab.get
        word_features = self.extractor.word_features
        for k, t in enumerate(new):
            own = word_features(t)
            offsets.append(len(flat))
            flat.extend([i for i in map(vocab.get, own) if i][:MAX_FEATS])
            ids = [char_get(ch, 1) for ch in own[0][2:][:MAX_CHARS]]
            letters[k, 1 : 1 + len(ids)] = ids
        bag = torch.tanh(
            self.net.feats(
                torch.from_numpy(np.array(flat, dtype=np.int64)),
                torch.from_numpy(np.array(offsets, dtype=np.int64)),
            )
        ).numpy()
        # conv1d(padding=1) at position i reads letters i-1, i, i+1: tap k at column i + k
        conv = taps[0][letters[:, :MAX_CHARS]]
        for k in range(1, len(taps)):
            conv += taps[k][letters[:, k : k + MAX_CHARS]]
        chars = np.maximum(conv.max(axis=1) + bias, 0.0)  # max over positions, then relu
        vecs = np.concatenate([bag, chars], axis=1)
        need = self._n_rows + len(new)
        if need > len(self._matrix):
            grown = np.zeros((max(need, 2 * len(self._matrix)), vecs.shape[1]), np.float32)
            if self._matrix.shape[1] == vecs.shape[1]:
                grown[: self._n_rows] = self._matrix[: self._n_rows]
            self._matrix = grown
        self._matrix[self._n_rows : need] = vecs
        for k, t in enumerate(new):
            rows[t] = self._n_rows + k
        self._n_rows = need

    def save(self, path: Path) -> None:
        state = {
            k: v.half() if v.is_floating_point() else v for k, v in self.net.state_dict().items()
        }
        torch.save(
            {"state": state, "vocab": self.vocab, "chars": self.char_vocab, "labels": LABELS},
            path,
        )

    @classmethod
    def load(cls, path: Path, extractor: FeatureExtractor) -> NeuralTagger:
        data = torch.load(path, map_location="cpu", weights_only=True)
        tagger = cls(extractor, data["vocab"], data["chars"])
        tagger.net.load_state_dict({k: v.float() for k, v in data["state"].items()})
        tagger.net.eval()
        return tagger


def train_neural(
    extractor: FeatureExtractor,
    sentences: Sequence[Sentence],
    seed: int,
    epochs: int = 12,
    on_epoch: Callable[[int, NeuralTagger], None] | None = None,
) -> NeuralTagger:
    """Train the network on labelled sentences (deterministic given ``seed``).

    ``on_epoch(epoch, tagger)`` is called after each epoch (held-out tuning of the epoch
    count); it must leave the network's weights alone.

    It gets no document memory: on held-out ANERcorp train, feeding it the first-pass
    memory (as the second-pass CRF gets) did not improve the ensemble.
    """
    torch.manual_seed(seed)
    rng = random.Random(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        counts: Counter[str] = Counter()
        char_counts: Counter[str] = Counter()
        for toks, _ in sentences:
            for t in toks:
                own = extractor.word_features(t)
                counts.update(own)
                char_counts.update(own[0][2:])
        vocab = {f: i + 1 for i, f in enumerate(sorted(f for f, c in counts.items() if c >= 2))}
        chars = {
            c: i + 2 for i, c in enumerate(sorted(c for c, n in char_counts.items() if n >= 2))
        }
        tagger = NeuralTagger(extractor, vocab, chars)
        net = tagger.net
        net.train()
        opt = torch.optim.Adam(net.parameters(), lr=2e-3)
        loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
        label_id = {lab: i for i, lab in enumerate(LABELS)}
        order = sorted(range(len(sentences)), key=lambda i: (len(sentences[i][0]), i))
        batches = [order[i : i + 32] for i in range(0, len(order), 32)]
        for epoch in range(epochs):
            rng.shuffle(batches)
            for idx in batches:
                batch = [sentences[i] for i in idx]
                feats, chrs = tagger._batch([t for t, _ in batch])
                gold = torch.full(feats.shape[:2], -100, dtype=torch.long)
                for b, (_, labs) in enumerate(batch):
                    gold[b, : len(labs)] = torch.tensor([label_id[x] for x in labs])
                # Feature dropout: the network must not lean on any single feature.
                drop = torch.rand(feats.shape, generator=None) < 0.1
                feats = feats.masked_fill(drop, 0)
                opt.zero_grad()
                loss = loss_fn(net(feats, chrs).view(-1, len(LABELS)), gold.view(-1))
                loss.backward()
                opt.step()
            if on_epoch is not None:
                net.eval()
                tagger.reset_cache()
                on_epoch(epoch + 1, tagger)
                tagger.reset_cache()
                net.train()
        net.eval()
        return tagger
    finally:
        torch.set_num_threads(threads)


_ALLOWED = np.array(
    [[0.0 if not b.startswith("I-") or a[2:] == b[2:] else -1e9 for b in LABELS] for a in LABELS]
)
_START = np.array([-1e9 if lab.startswith("I-") else 0.0 for lab in LABELS])


def decode(probs: np.ndarray) -> list[int]:
    """The label path maximising the product of per-token probabilities under BIO rules
    (an I-X only after B-X or I-X)."""
    best = probs.argmax(1)
    if _START[best[0]] == 0.0 and all(
        _ALLOWED[a, b] == 0.0 for a, b in zip(best[:-1], best[1:], strict=True)
    ):
        return [int(j) for j in best]  # the per-token best labels already form valid BIO
    logp = np.log(probs + 1e-9)
    score = logp[0] + _START
    back = []
    for i in range(1, len(probs)):
        m = score[:, None] + _ALLOWED
        back.append(m.argmax(0))
        score = m.max(0) + logp[i]
    j = int(score.argmax())
    path = [j]
    for b in reversed(back):
        j = int(b[j])
        path.append(j)
    return path[::-1]
