"""Tests of scripts/ner_heldout.py, the held-out scoring every NER setting is chosen with."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.extract.ner.conll import entities, read_conll
from kg.extract.ner.train import DEFAULT_DATA_DIR, train_model

ROOT = Path(__file__).resolve().parents[2]


def _heldout():
    path = ROOT / "scripts" / "ner_heldout.py"
    spec = importlib.util.spec_from_file_location("ner_heldout", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_network_seed_retrains_beside_a_kept_fold_model(tmp_path: Path) -> None:
    if not (DEFAULT_DATA_DIR / "anercorp" / "train.conll").exists():
        pytest.skip("data/ner/ corpora not present")
    heldout = _heldout()
    # A small data directory: fold 2 (the first 500 sentences) and 40 sentences to train on.
    data = tmp_path / "data"
    data.mkdir()
    for entry in DEFAULT_DATA_DIR.iterdir():
        if entry.name != "anercorp":
            (data / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    (data / "anercorp").mkdir()
    sentences = read_conll(DEFAULT_DATA_DIR / "anercorp" / "train.conll")[:540]
    heldout.write_conll(sentences, data / "anercorp" / "train.conll")
    fold_dir = tmp_path / "fold2"
    held = heldout.fold_data(data, fold_dir, *heldout.FOLDS[2])
    assert held == sentences[:500]
    train_model(
        fold_dir / "model",
        data_dir=fold_dir / "data",
        max_iterations=25,
        folds=2,
        workers=1,
        neural_epochs=1,
    )
    kept = (fold_dir / "model" / "neural.pt").read_bytes()

    metrics = heldout.run_network_seed(2, data, fold_dir, seed=5, epochs=1)

    assert metrics["fold"] == 2 and metrics["seed"] == 5
    assert metrics["support"] == sum(len(entities(labels)) for _, labels in held)
    assert 0.0 <= metrics["f1"] <= 1.0
    net_dir = fold_dir / "net-s5"
    assert (net_dir / "neural.pt").is_file() and not (net_dir / "neural.pt").is_symlink()
    assert (net_dir / "crf.tsv").resolve() == (fold_dir / "model" / "crf.tsv").resolve()
    assert (fold_dir / "model" / "neural.pt").read_bytes() == kept  # the kept model unchanged


def test_network_seed_needs_a_kept_fold_model(tmp_path: Path) -> None:
    heldout = _heldout()
    (tmp_path / "fold1").mkdir()
    with pytest.raises(SystemExit, match="--keep"):
        heldout.run_network_seed(1, DEFAULT_DATA_DIR, tmp_path / "fold1", seed=13)
