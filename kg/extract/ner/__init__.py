"""Statistical Arabic named-entity tagger (PERS / ORG / LOC), trained on ANERcorp.

Public interface:

- ``load_tagger(path=None) -> Tagger``: the shipped model (``kg/data/tagger/``) or another model
  directory, loaded once per process; ``kg.errors.ModelError`` when it is missing.
- ``Tagger.tag(tokens)``: a BIO label and its marginal probability per token.
- ``Tagger.spans(text)``: ``(start, end, type, confidence)`` character spans over raw text.
- ``kg.extract.ner.train.train_model(out_dir, seed=13, ...)``: rebuild the model.
- ``kg.extract.ner.evaluate.evaluate_file(path, tagger=None)`` and ``format_report``.

Reads the model directory only; writes nothing. Domain patterns (kunya chains, titles,
quoted names) are not here: they live with the other extractors.
"""

from __future__ import annotations

from kg.extract.ner.tagger import Tagger, load_tagger, tokenize_with_offsets

__all__ = ["Tagger", "load_tagger", "tokenize_with_offsets"]
