"""Held-out scores of the NER tagger on folds of ANERcorp train (how settings are chosen).

Every setting of the tagger is chosen on held-out parts of ANERcorp *train*, never on
ANERcorp test. A fold is a run of 500 training sentences; for each fold this script writes a
copy of ``data/ner/`` whose ``anercorp/train.conll`` lacks those sentences (so the CRFs, the
network, the word clusters and the given names never read them, as with the test set), trains
a model from it with ``kg.extract.ner.train.train_model`` and scores the fold with
``kg.extract.ner.evaluate`` (the fold tagged as one text, as for the test file).

Folds (the ones logged in ``docs/ner-development.json``): 1 = the last 500 sentences,
2 = the first 500 (mostly places), 3 = sentences 1700-2199.

    python scripts/ner_heldout.py                 # all three folds, one after another
    python scripts/ner_heldout.py --folds 1 3 --json out.json --keep /tmp/heldout
    python scripts/ner_heldout.py --reuse /tmp/heldout --network-seeds 13 14 15

Each fold trains a full model: about 10 minutes on 2 cores. Why ``--network-seeds``: the
network's random seed alone moves a fold's F1 by up to 0.02 (more than most changes
tried), so a change to the network or to decoding is only judged over several seeds; with
``--reuse DIR`` (fold models kept by an earlier ``--keep DIR``) only the network is
retrained, once per seed (about 2 minutes on one core), beside the fold's CRFs. Reads
``data/ner/``; writes only into a temporary folder (or ``--keep`` / ``--reuse`` DIR) and
the ``--json`` file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kg.extract.ner.conll import Sentence, read_conll
from kg.extract.ner.evaluate import evaluate_sentences, format_report
from kg.extract.ner.features import FeatureExtractor, Resources
from kg.extract.ner.neural import NEURAL_FILE, train_neural
from kg.extract.ner.tagger import Tagger
from kg.extract.ner.train import DEFAULT_DATA_DIR, train_model

FOLDS = {1: (3473, 3973), 2: (0, 500), 3: (1700, 2200)}


def write_conll(sentences: list[Sentence], path: Path) -> None:
    """Write sentences as ``token<TAB>tag`` lines, a blank line after each sentence."""
    with path.open("w", encoding="utf-8") as out:
        for tokens, labels in sentences:
            for tok, lab in zip(tokens, labels, strict=True):
                out.write(f"{tok}\t{lab}\n")
            out.write("\n")


def fold_data(data_dir: Path, work: Path, start: int, end: int) -> list[Sentence]:
    """Lay out ``work/data`` (``data_dir`` less the fold in ANERcorp train); return the fold."""
    train = read_conll(data_dir / "anercorp" / "train.conll")
    held, rest = train[start:end], train[:start] + train[end:]
    data = work / "data"
    data.mkdir(parents=True)
    for entry in data_dir.iterdir():
        if entry.name != "anercorp":
            (data / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    (data / "anercorp").mkdir()
    write_conll(rest, data / "anercorp" / "train.conll")
    return held


def run_fold(fold: int, data_dir: Path, work: Path) -> dict:
    start, end = FOLDS[fold]
    held = fold_data(data_dir, work, start, end)
    began = time.time()
    train_model(work / "model", data_dir=work / "data")
    metrics = evaluate_sentences(held, Tagger(work / "model"))
    metrics["fold"] = fold
    metrics["seconds"] = round(time.time() - began, 1)
    return metrics


def run_network_seed(
    fold: int, data_dir: Path, fold_dir: Path, seed: int, epochs: int = 12
) -> dict:
    """Retrain only the network of a kept fold model with ``seed`` and score the fold.

    The network goes into ``fold_dir/net-s<seed>/`` beside links to the fold's other model
    files (CRFs, word lists), so the kept model is left as it was.
    """
    model = fold_dir / "model"
    if not (model / "crf.tsv").is_file():
        raise SystemExit(f"no fold model in {model}: train it first with --keep {fold_dir.parent}")
    start, end = FOLDS[fold]
    train = read_conll(data_dir / "anercorp" / "train.conll")
    held, rest = train[start:end], train[:start] + train[end:]
    out = fold_dir / f"net-s{seed}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for entry in model.iterdir():
        if entry.name != NEURAL_FILE:
            (out / entry.name).symlink_to(entry.resolve())
    began = time.time()
    net = train_neural(FeatureExtractor(Resources.load(out)), rest, seed, epochs)
    net.save(out / NEURAL_FILE)
    metrics = evaluate_sentences(held, Tagger(out))
    metrics.update(fold=fold, seed=seed, seconds=round(time.time() - began, 1))
    return metrics


def write_json(path: Path | None, results: list[dict]) -> None:
    """Write the metrics so far (after each fold or seed, so a long run keeps what it did)."""
    if path is not None:
        path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, nargs="+", default=sorted(FOLDS), choices=FOLDS)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json", type=Path, help="write the metrics of every fold here")
    parser.add_argument("--keep", type=Path, help="train in this folder and keep it")
    parser.add_argument(
        "--reuse", type=Path, help="fold models kept by an earlier --keep: retrain the network only"
    )
    parser.add_argument(
        "--network-seeds", type=int, nargs="+", default=[13], help="network seeds (with --reuse)"
    )
    args = parser.parse_args(argv)
    results = []
    if args.reuse:
        for fold in args.folds:
            for seed in args.network_seeds:
                m = run_network_seed(fold, args.data, args.reuse / f"fold{fold}", seed)
                results.append(m)
                print(f"fold {fold}, network seed {seed} ({m['seconds']} s): F1 {m['f1']:.4f}")
                write_json(args.json, results)
        means = [
            sum(m["f1"] for m in results if m["fold"] == fold) / len(args.network_seeds)
            for fold in args.folds
        ]
        print(
            "F1, mean over seeds: "
            + " / ".join(f"{x:.4f}" for x in means)
            + f" (mean {sum(means) / len(means):.4f})",
            file=sys.stderr,
        )
        return 0
    for fold in args.folds:
        if args.keep:
            work = args.keep / f"fold{fold}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            results.append(run_fold(fold, args.data, work))
        else:
            with tempfile.TemporaryDirectory(prefix=f"kg-heldout-{fold}-") as tmp:
                results.append(run_fold(fold, args.data, Path(tmp)))
        m = results[-1]
        print(f"fold {fold} ({m['seconds']} s)\n{format_report(m)}", flush=True)
        write_json(args.json, results)
    print("F1: " + " / ".join(f"{m['f1']:.4f}" for m in results), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
