"""Word clusters learnt from unlabelled text, for the NER tagger's features.

Reads token sequences (the text of the training corpora, never ANERcorp test); writes
``clusters.tsv`` (``stem<TAB>c32<TAB>c128<TAB>c512``). Method: counts of each word's left and
right neighbours (±1, ±2) among the frequent words, positive PMI, truncated SVD to a few
dozen dimensions, unit length, then k-means at three granularities. Words that occur in
similar contexts (first names, towns, ministries) share a cluster even when one of them was
never tagged in the training data.

Deterministic given the seed: the numeric libraries run with a fixed number of threads
(``THREADS``), whatever the machine or the environment's thread settings.

Limits: a few hundred thousand tokens of text are little for distributional statistics, so
only words seen at least ``min_count`` times get a cluster.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from threadpoolctl import threadpool_limits

from kg.extract.ner.features import normal_form, stem_of

GRANULARITIES = (32, 128, 512)
THREADS = 2  # BLAS/OpenMP threads of the SVD and k-means (fixed: see learn_clusters)


def learn_clusters(
    sentences: Iterable[Sequence[str]],
    seed: int,
    min_count: int = 2,
    n_contexts: int = 3000,
    dims: int = 80,
    granularities: Sequence[int] = GRANULARITIES,
) -> dict[str, tuple[str, ...]]:
    """Cluster ids of every stem seen ``min_count`` times (deterministic given ``seed``)."""
    seqs = [[stem_of(normal_form(t))[1] for t in s] for s in sentences]
    counts = Counter(w for s in seqs for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx_words = vocab[:n_contexts]
    ctx_index = {w: i for i, w in enumerate(ctx_words)}
    offsets = (-2, -1, 1, 2)
    rows: list[int] = []
    cols: list[int] = []
    for s in seqs:
        n = len(s)
        for i, w in enumerate(s):
            wi = index.get(w)
            if wi is None:
                continue
            for k, off in enumerate(offsets):
                j = i + off
                if 0 <= j < n:
                    ci = ctx_index.get(s[j])
                    if ci is not None:
                        rows.append(wi)
                        cols.append(k * len(ctx_words) + ci)
    data = np.ones(len(rows), dtype=np.float64)
    mat = sparse.coo_matrix(
        (data, (rows, cols)), shape=(len(vocab), len(offsets) * len(ctx_words))
    ).tocsr()
    mat.sum_duplicates()
    total = mat.sum()
    row_sum = np.asarray(mat.sum(axis=1)).ravel()
    col_sum = np.asarray(mat.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    coo = mat.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col] + 1e-12))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=mat.shape, dtype=np.float64
    )
    # BLAS and OpenMP split their sums by thread count, which changes the last bits of the
    # SVD and so some cluster assignments: a fixed count makes the clusters the same on any
    # machine and environment (2 is what the shipped model was built with).
    with threadpool_limits(THREADS):
        svd = TruncatedSVD(n_components=dims, random_state=seed, algorithm="randomized", n_iter=7)
        vecs = svd.fit_transform(ppmi)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = vecs / np.maximum(norms, 1e-9)
        labels = []
        for k in granularities:
            km = KMeans(n_clusters=min(k, len(vocab)), n_init=1, random_state=seed, max_iter=100)
            labels.append(km.fit_predict(vecs))
    return {w: tuple(str(int(lab[i])) for lab in labels) for i, w in enumerate(vocab)}


def write_clusters(clusters: dict[str, tuple[str, ...]], path: Path) -> None:
    """Write ``clusters.tsv`` sorted by word (byte-identical for identical input)."""
    lines = ["# stem\t" + "\t".join(f"k{k}" for k in GRANULARITIES)]
    lines += [w + "\t" + "\t".join(c) for w, c in sorted(clusters.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
