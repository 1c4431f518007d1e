"""Entity-level evaluation of the NER tagger on a CoNLL file (exact span and type).

Reads a CoNLL file (``token<TAB>tag``; MISC and unknown types count as O) and the tagger's
model; writes nothing. Precision, recall and F1 are micro-averaged over PERS, ORG and LOC
entities: an entity counts only when its first token, last token and type all match.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.extract.ner.conll import TYPES, Sentence, entities, read_conll
from kg.extract.ner.tagger import Tagger, load_tagger


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: Sequence[list[str]], pred: Sequence[list[str]]) -> dict:
    """Metrics of predicted label sequences against gold ones (same tokenisation)."""
    counts = {t: [0, 0, 0] for t in TYPES}  # tp, predicted, gold
    for gold_labels, pred_labels in zip(gold, pred, strict=True):
        ge, pe = entities(gold_labels), entities(pred_labels)
        for _, _, k in ge:
            if k in counts:
                counts[k][2] += 1
        for span in pe:
            if span[2] in counts:
                counts[span[2]][1] += 1
                if span in ge:
                    counts[span[2]][0] += 1
    per_type = {}
    for k, (tp, npred, ngold) in counts.items():
        p, r, f = _prf(tp, npred, ngold)
        per_type[k] = {"precision": p, "recall": r, "f1": f, "support": ngold}
    tp = sum(c[0] for c in counts.values())
    npred = sum(c[1] for c in counts.values())
    ngold = sum(c[2] for c in counts.values())
    p, r, f = _prf(tp, npred, ngold)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "per_type": per_type,
        "support": ngold,
        "predicted": npred,
        "correct": tp,
    }


def evaluate_sentences(
    sentences: Sequence[Sentence], tagger: Tagger, two_pass: bool = True
) -> dict:
    """Metrics of ``tagger`` on already-read sentences, tagged in file order as one text
    (so the second pass sees the neighbouring sentences, as ``Tagger.spans`` does)."""
    gold = [labels for _, labels in sentences]
    tagged = tagger.tag_document([tokens for tokens, _ in sentences], two_pass=two_pass)
    pred = [[lab for lab, _ in sent] for sent in tagged]
    return score(gold, pred)


def evaluate_file(path: Path, tagger: Tagger | None = None, two_pass: bool = True) -> dict:
    """Metrics of ``tagger`` (default: the shipped model) on the CoNLL file ``path``."""
    metrics = evaluate_sentences(read_conll(Path(path)), tagger or load_tagger(), two_pass)
    metrics["file"] = str(path)
    return metrics


def format_report(metrics: dict) -> str:
    """A plain-text table: precision, recall, F1 and support per type and overall."""
    lines = [f"{'type':<8}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for kind, m in metrics["per_type"].items():
        lines.append(
            f"{kind:<8}{m['precision']:>10.4f}{m['recall']:>10.4f}{m['f1']:>10.4f}"
            f"{m['support']:>9d}"
        )
    lines.append(
        f"{'overall':<8}{metrics['precision']:>10.4f}{metrics['recall']:>10.4f}"
        f"{metrics['f1']:>10.4f}{metrics.get('support', 0):>9d}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.extract.ner.evaluate FILE.conll [--json] [--model DIR]``."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m kg.extract.ner.evaluate")
    parser.add_argument("file", type=Path)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sentence-only", action="store_true", help="first pass only")
    args = parser.parse_args(argv)
    metrics = evaluate_file(args.file, load_tagger(args.model), not args.sentence_only)
    print(json.dumps(metrics, indent=2) if args.json else format_report(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
