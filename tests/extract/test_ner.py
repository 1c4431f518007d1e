"""Tests of the statistical NER tagger (kg.extract.ner): tiny training, shipped model, scoring."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize

from kg.errors import ModelError
from kg.extract.ner import load_tagger, tokenize_with_offsets
from kg.extract.ner.conll import LABELS, entities, map_tag, read_conll
from kg.extract.ner.evaluate import evaluate_file, format_report
from kg.extract.ner.tagger import Tagger
from kg.extract.ner.train import DEFAULT_DATA_DIR, train_model

# A model small enough to train in seconds: 150 sentences, few iterations, 1 epoch.
TINY: dict = {
    "max_sentences": 150,
    "max_iterations": 25,
    "folds": 2,
    "workers": 1,
    "neural_epochs": 1,
}
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ner"


class FixedTagger:
    """A stand-in tagger that returns fixed labels, to check the scorer exactly."""

    def __init__(self, labels: list[list[str]]) -> None:
        self.labels = labels

    def tag_document(
        self, sentences: Sequence[Sequence[str]], two_pass: bool = True
    ) -> list[list[tuple[str, float]]]:
        assert [len(s) for s in sentences] == [len(x) for x in self.labels]
        return [[(lab, 1.0) for lab in sent] for sent in self.labels]


def test_evaluate_exact_counts() -> None:
    pred = [
        ["O", "O", "B-PERS", "I-PERS", "O", "B-ORG", "O"],
        ["O", "B-ORG", "I-ORG", "O", "O", "B-LOC", "O", "B-LOC", "O", "O"],
    ]
    m = evaluate_file(FIXTURES / "tiny.conll", FixedTagger(pred))  # type: ignore[arg-type]
    # gold: PERS جورج بوش, LOC واشنطن, ORG وزارة الخارجية الفرنسية, LOC باريس (MISC is O)
    assert m["precision"] == pytest.approx(2 / 5)
    assert m["recall"] == pytest.approx(2 / 4)
    assert m["f1"] == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert m["per_type"]["PERS"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert m["per_type"]["ORG"]["f1"] == 0.0 and m["per_type"]["ORG"]["support"] == 1
    assert m["per_type"]["LOC"]["precision"] == pytest.approx(0.5)
    assert m["per_type"]["LOC"]["recall"] == pytest.approx(0.5)
    report = format_report(m)
    assert "overall" in report and "0.4444" in report


def test_conll_mapping() -> None:
    assert map_tag("B-PER") == "B-PERS"
    assert map_tag("I-MISC") == "O"
    assert map_tag("O") == "O"
    sents = read_conll(FIXTURES / "tiny.conll")
    assert sents[1][1][9] == "O"  # MISC mapped to O
    assert entities(["B-LOC", "I-LOC", "O", "I-PERS"]) == {(0, 2, "LOC"), (3, 4, "PERS")}


def test_tokenizer_matches_camel_tools() -> None:
    text = "قال «أبو محمد» (الجولاني)، في إدلب: 3 قتلى!! SDF-2"
    toks = tokenize_with_offsets(text)
    assert [t for t, _, _ in toks] == simple_word_tokenize(text)
    assert all(text[s:e] == t for t, s, e in toks)


def test_missing_model_raises(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="retrain"):
        load_tagger(tmp_path)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (DEFAULT_DATA_DIR / "anercorp" / "train.conll").exists():
        pytest.skip("data/ner/ corpora not present")
    out = tmp_path_factory.mktemp("ner")
    train_model(out, **TINY)
    return out


def test_tiny_training_tags(tiny_model: Path) -> None:
    tagger = Tagger(tiny_model)
    tokens = ["قال", "الرئيس", "جورج", "بوش", "في", "واشنطن", "."]
    tagged = tagger.tag(tokens)
    assert len(tagged) == len(tokens)
    assert all(lab in LABELS and 0.0 <= p <= 1.0 for lab, p in tagged)
    assert any(lab != "O" for lab, _ in tagged)
    meta = json.loads((tiny_model / "metadata.json").read_text(encoding="utf-8"))
    assert "CC BY-SA 4.0" in json.dumps(meta)
    assert not any("anercorp/test" in p for p in meta["training_data"] + meta["cluster_text"])
    assert (tiny_model / "neural.pt").exists()


def test_training_is_deterministic(tiny_model: Path, tmp_path: Path) -> None:
    train_model(tmp_path, **TINY)
    names = ("model.crfsuite", "model2.crfsuite", "neural.pt", "clusters.tsv", "gazetteer.tsv")
    for name in (*names, "given_names.txt", "crf.tsv", "names.tsv", "org_heads.txt", "clubs.txt"):
        assert (tmp_path / name).read_bytes() == (tiny_model / name).read_bytes(), name


def test_numpy_crf_matches_crfsuite(tiny_model: Path) -> None:
    """The tagger's numpy CRFs (crf.py) give python-crfsuite's labels and marginals."""
    import numpy as np
    import pycrfsuite

    from kg.extract.ner.crf import CrfWeights, marginals, viterbi
    from kg.extract.ner.features import memory_tables
    from kg.extract.ner.tagger import WINDOW

    sents = [t for t, _ in read_conll(DEFAULT_DATA_DIR / "anercorp" / "train.conll")[150:190]]
    tagger = Tagger(tiny_model)
    assert (tiny_model / "crf.tsv").is_file()
    saved = CrfWeights.load(tiny_model / "crf.tsv")
    files = [tiny_model / "model.crfsuite", tiny_model / "model2.crfsuite"]
    direct = CrfWeights.from_crfsuite(files)
    assert np.array_equal(saved.state, direct.state) and np.array_equal(saved.trans, direct.trans)
    lengths = [len(s) for s in sents]
    scores, rows = tagger._scorer.scores(sents)
    extractor = tagger._features
    first = [[LABELS[j] for j in p] for p in viterbi(scores[:, 0], lengths, saved.trans[0])]
    stems = tagger._scorer.stems(rows)
    keys = []
    for n in lengths:
        keys.append(stems[:n])
        stems = stems[n:]
    mems = memory_tables(keys, first, WINDOW)
    memory = [m.get(k, ()) for ks, m in zip(keys, mems, strict=True) for k in ks]
    s2 = scores[:, 1] + tagger._scorer.memory_scores(memory, lengths, 1)
    ours = {
        "model.crfsuite": (first, marginals(scores[:, 0], lengths, saved.trans[0])),
        "model2.crfsuite": (
            [[LABELS[j] for j in p] for p in viterbi(s2, lengths, saved.trans[1])],
            marginals(s2, lengths, saved.trans[1]),
        ),
    }
    key_mems = extractor.memories(sents, first, WINDOW)
    for name, (labels, marg) in ours.items():
        crf = pycrfsuite.Tagger()
        crf.open(str(tiny_model / name))
        theirs, probs = [], []
        for toks, mem in zip(sents, key_mems, strict=True):
            feats = extractor.sentence(toks, mem if name == "model2.crfsuite" else None)
            crf.set(feats)
            theirs.append(list(crf.tag()))
            probs += [[crf.marginal(lab, i) for lab in LABELS] for i in range(len(toks))]
        assert labels == theirs, name
        assert np.abs(marg - np.array(probs)).max() < 1e-4, name


def test_training_refuses_test_set(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="never"):
        train_model(tmp_path, corpora=("anercorp/test.conll",))


def test_shipped_model_tags_a_known_sentence() -> None:
    tagger = load_tagger()
    assert load_tagger() is tagger  # cached
    text = "وقال الرئيس الأمريكي جورج بوش في واشنطن إن «وزارة الخارجية» سترد.\nوزار «بغداد» أمس."
    spans = tagger.spans(text)
    found = {(text[s:e], k) for s, e, k, _ in spans}
    assert ("جورج بوش", "PERS") in found
    assert ("واشنطن", "LOC") in found
    assert ("بغداد", "LOC") in found
    for s, e, k, conf in spans:
        assert k in {"PERS", "ORG", "LOC"} and 0.0 < conf <= 1.0
        assert text[s] not in "«»\"'().،" and text[e - 1] not in "«»\"'().،"


def test_shipped_model_tags_syrian_president_sentence() -> None:
    text = "قال الرئيس السوري بشار الأسد في دمشق"
    found = {(text[s:e], k) for s, e, k, _ in load_tagger().spans(text)}
    assert found == {("بشار الأسد", "PERS"), ("دمشق", "LOC")}


def test_fast_normal_form_matches_camel_tools() -> None:
    from kg.extract.ner.features import normal_form, shape_of
    from kg.text.normalize import clean, fold

    for token in ("أبوبكر", "إدلب", "مُحَمَّد", "الـرقة", "مدرسة", "مستشفى", "مؤتمر", "SDF", "٣"):
        assert normal_form(token) == (fold(clean(token)) or token)
    assert shape_of("الرقة") == "a" and shape_of("MQ-9") == "Ldp"


def test_person_boundary_rules() -> None:
    from kg.extract.ner.tagger import fix_person_boundaries

    given = frozenset({"علي", "محمد"})
    toks = ["قال", "علي", "لاريجاني", "و", "محمد", "الشربيني", "الكويتي", "أمس"]
    labels = ["O", "O", "B-PERS", "O", "B-PERS", "B-PERS", "O", "O"]
    assert fix_person_boundaries(toks, labels, given) == [
        "O",
        "B-PERS",
        "I-PERS",
        "O",
        "B-PERS",
        "I-PERS",
        "I-PERS",
        "O",
    ]
    # a second name joined by و stays a second name; an unknown word before a name stays O
    toks = ["زار", "وليد", "سامي", "ومحمد"]
    labels = ["O", "O", "B-PERS", "B-PERS"]
    assert fix_person_boundaries(toks, labels, given) == labels


def test_a_word_re_segmented_by_a_boundary_rule_keeps_its_name_probability() -> None:
    """محمد/B الشربيني/B -> B I: the second word's confidence is that it is in a name at all
    (B + I), not the small marginal of the label the model did not choose."""
    import numpy as np

    tagger = load_tagger()
    toks = ["قال", "محمد", "الشربيني", "أمس"]
    path = [LABELS.index(x) for x in ("O", "B-PERS", "B-PERS", "O")]
    probs = np.full((4, len(LABELS)), 0.0)
    probs[0][LABELS.index("O")] = probs[3][LABELS.index("O")] = 1.0
    probs[1][LABELS.index("B-PERS")] = 0.9
    probs[1][LABELS.index("O")] = 0.1
    probs[2][LABELS.index("B-PERS")] = 0.7
    probs[2][LABELS.index("I-PERS")] = 0.2
    probs[2][LABELS.index("O")] = 0.1
    (row,) = tagger._finish([toks], [path], [probs])
    assert [lab for lab, _ in row] == ["O", "B-PERS", "I-PERS", "O"]
    assert row[1][1] == pytest.approx(0.9)
    assert row[2][1] == pytest.approx(0.9)  # was 0.2: the name fell under the span threshold


def test_org_head_rule() -> None:
    """A lone head word tagged ORG takes the next word (two after a direction), or is
    untagged when no word can follow; longer names and other types are left alone."""
    from kg.extract.ner.tagger import fix_org_heads

    heads = frozenset({"بنك", "مجلس", "حلف"})
    places = frozenset({"شمال"})
    not_name = frozenset({"في"})
    toks = ["قال", "البنك", "التجاري", "إن", "لمجلس", "الأمن", "و", "حلف", "شمال", "الأطلسي"]
    labels = ["O", "B-ORG", "O", "O", "B-ORG", "O", "O", "B-ORG", "O", "O"]
    assert fix_org_heads(toks, labels, heads, places, not_name) == [
        "O", "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG",
    ]  # fmt: skip
    # nothing can follow: punctuation, a preposition, a word with و, the sentence end, a
    # word tagged as another name
    for tail, tail_labels in (([","], ["O"]), (["في"], ["O"]), (["والحكومة"], ["O"]),
                              ([], []), (["قطر"], ["B-LOC"])):  # fmt: skip
        labels = ["B-ORG", *tail_labels]
        assert fix_org_heads(["البنك", *tail], labels, heads, places, not_name) == [
            "O", *tail_labels,
        ], tail  # fmt: skip
    # a longer name, a name that is not a head, another type, no head list: unchanged
    for toks, labels in (
        (["البنك", "الدولي", "أمس"], ["B-ORG", "I-ORG", "O"]),
        (["الكونغرس", "الأمريكي"], ["B-ORG", "O"]),
        (["البنك", "الدولي"], ["B-LOC", "O"]),
    ):
        assert fix_org_heads(toks, labels, heads, places, not_name) == labels
    assert fix_org_heads(["البنك", "التجاري"], ["B-ORG", "O"], frozenset()) == ["B-ORG", "O"]


def test_club_name_rule() -> None:
    """A place name after a newspaper/club/company word, or a club's name in a sports
    context (two different sports words in the sentence or its neighbours), becomes an
    organisation with its confidence; the same names elsewhere stay places."""
    from kg.extract.ner.tagger import ClubRule, fix_club_names

    rule = ClubRule(
        clubs=frozenset({"برشلونه", "ريال مدريد"}),
        sport=frozenset({"مباراه", "هدف", "ملعب"}),
        org_before=frozenset({"صحيفه"}),
    )

    def run(sentences: list[list[tuple[str, str]]]) -> list[list[str]]:
        keys = [[k for k, _ in s] for s in sentences]
        tagged = [[(lab, 0.7) for _, lab in s] for s in sentences]
        out = fix_club_names(tagged, keys, rule)
        assert all(p == 0.7 for s in out for _, p in s)
        return [[lab for lab, _ in s] for s in out]

    # sports words in the next sentence make the context; multi-word club names too
    doc = [
        [("فاز", "O"), ("برشلونه", "B-LOC"), ("علي", "O"), ("ريال", "B-LOC"), ("مدريد", "I-LOC")],
        [("في", "O"), ("مباراه", "O"), ("سجل", "O"), ("هدف", "O")],
    ]
    assert run(doc)[0] == ["O", "B-ORG", "O", "B-ORG", "I-ORG"]
    # one sports word is not enough; too far away is not near
    one = [[("زار", "O"), ("برشلونه", "B-LOC"), ("قبل", "O"), ("مباراه", "O")]]
    assert run(one)[0] == ["O", "B-LOC", "O", "O"]
    far = [doc[0], [("و", "O")], doc[1]]
    assert run(far)[0] == [lab for _, lab in doc[0]]
    # a place after صحيفة is the newspaper, sports or not; persons and names not in the list
    # are left alone
    other = [[("صحيفه", "O"), ("قدس", "B-LOC"), ("برشلونه", "B-PERS"), ("روما", "B-LOC")]]
    assert run(other)[0] == ["O", "B-ORG", "B-PERS", "B-LOC"]
    assert run([[("لصحيفه", "O"), ("قدس", "B-LOC")]])[0] == ["O", "B-ORG"]  # glued ل
    assert fix_club_names([[("B-LOC", 0.5)]], [["برشلونه"]], ClubRule(*[frozenset()] * 3)) == [
        [("B-LOC", 0.5)]
    ]


def test_clubs_from_arwikicats(tmp_path: Path) -> None:
    """Club names lose the generic words and a parenthesised qualifier and are keyed by
    folded stems; no file, no clubs."""
    from kg.extract.ner.train import build_clubs

    assert build_clubs(tmp_path, frozenset()) == []
    (tmp_path / "arwikicats").mkdir()
    (tmp_path / "arwikicats" / "Clubs_key.json").write_text(
        json.dumps(
            {
                "fc barcelona": "نادي برشلونة",
                "fc girondins de bordeaux": "نادي بوردو لكرة القدم",
                "al jazira club": "نادي الجزيرة (الإمارات العربية المتحدة)",
                "real madrid": "ريال مدريد",
                "x": "نادي",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    words = frozenset({"نادي", "لكره", "القدم"})
    assert build_clubs(tmp_path, words) == ["برشلونه", "بوردو", "جزيره", "ريال مدريد"]


def test_shipped_model_reads_a_club_in_a_sports_report() -> None:
    """Roma in a match report is the club (the models alone say place); in a travel
    sentence the city."""
    tagger = load_tagger()
    match = "فاز روما على ريال مدريد في المباراة التي أقيمت على ملعب كامب نو."
    travel = "وصل الوزير إلى روما في زيارة رسمية."
    for text, kind in ((match, "ORG"), (travel, "LOC")):
        kinds = {text[s:e]: k for s, e, k, _ in tagger.spans(text)}
        assert kinds.get("روما") == kind, kinds


def test_org_heads_from_training_data() -> None:
    """Head words that stand alone as a name in the training data as often as they begin a
    longer one (الكونغرس) are left out of the rule's list; the others stay, by their stem."""
    from kg.extract.ner.features import head_key
    from kg.extract.ner.train import build_org_heads

    heads = frozenset({"البنك", "بنك", "الكونغرس", "كونغرس", "مجلس"})
    train = [
        (["قرر", "الكونغرس", "أمس"], ["O", "B-ORG", "O"]),
        (["قرر", "للبنك", "الدولي"], ["O", "B-ORG", "I-ORG"]),
        (["قال", "البنك", "أمس"], ["O", "B-ORG", "O"]),
        (["قال", "البنك", "الأهلي"], ["O", "B-ORG", "I-ORG"]),
    ]
    assert build_org_heads(train, heads) == ["بنك", "مجلس"]
    assert head_key("لمجلس", frozenset({"مجلس"})) == "مجلس"
    assert head_key("والبنك", frozenset({"بنك"})) == "بنك"
    assert head_key("بنكنوت", frozenset({"بنك"})) == ""


def test_name_lexicon_folds_and_becomes_features(tmp_path: Path) -> None:
    """names.tsv words that fold together add their counts; the features give each role with
    its count band, also for a name behind a glued conjunction, and say when a word is none."""
    from kg.extract.ner.features import NAMES_FILE, FeatureExtractor, Resources, name_tags
    from kg.extract.ner.train import build_names

    (tmp_path / "names").mkdir()
    (tmp_path / "names" / NAMES_FILE).write_text(
        "# word\tgiven\tsurname\tpart\tfull\tforeign\n"
        "أسامة\t3\t0\t0\t0\t0\nاسامه\t8\t0\t1\t0\t0\nفينغر\t0\t0\t0\t0\t1\nا\t5\t0\t0\t0\t0\n",
        encoding="utf-8",
    )
    rows = build_names(tmp_path)
    assert rows == [("اسامه", [11, 0, 1, 0, 0]), ("فينغر", [0, 0, 0, 0, 1])]
    assert name_tags([11, 0, 1, 0, 0]) == ("g3", "p1")
    assert name_tags([0, 2, 0, 3, 1]) == ("s2", "p2", "f")
    assert name_tags([0, 0, 0, 0, 0]) == ()
    model = tmp_path / "model"
    model.mkdir()
    (model / NAMES_FILE).write_text(
        "".join(w + "\t" + "\t".join(map(str, c)) + "\n" for w, c in rows), encoding="utf-8"
    )
    fx = FeatureExtractor(Resources.load(model))
    assert {"nm=g3", "nm=p1"} <= set(fx.word_features("أسامة"))
    assert "nm=f" in fx.word_features("فينغر")
    assert "ns-nm=f" in fx.word_features("وفينغر")
    assert "nm=no" in fx.word_features("الحكومة")
    assert "nm=y" in fx.word_context("فينغر")[1]
    bare = FeatureExtractor(Resources())  # a model directory without names.tsv
    assert not any(f.startswith("nm=") for f in bare.word_features("فينغر"))


def test_spans_many_equals_one_text_at_a_time() -> None:
    """A batch of texts gets exactly the spans each text gets alone: memory and label
    propagation never cross from one text to the next (the two texts share a name)."""
    tagger = load_tagger()
    texts = [
        "قال وزير الخارجية الفرنسي برنار كوشنير في باريس. وأضاف كوشنير أن الاتحاد الأوروبي "
        "سيجتمع.",
        "",
        "   ",
        "كوشنير",
        "وصل كوشنير إلى بيروت والتقى رئيس الوزراء فؤاد السنيورة.\nوقال البنك الدولي إن "
        "البنك الدولي سيدعم لبنان.",
    ]
    alone = [tagger.spans(t) for t in texts]
    assert tagger.spans_many(texts) == alone
    assert tagger.spans_many(texts[::-1]) == alone[::-1]
    assert any(alone[0]) and tagger.spans_many([]) == []
    docs = [[simple_word_tokenize(s) for s in t.split(".")] for t in texts]
    batch = tagger.tag_documents(docs)
    for doc, tags in zip(docs, batch, strict=True):
        one = tagger.tag_document(doc)
        assert [[lab for lab, _ in s] for s in tags] == [[lab for lab, _ in s] for s in one]
        # the network's float sums may differ in the last bits with the batch's shape
        for s, t in zip(tags, one, strict=True):
            assert all(abs(p - q) < 1e-6 for (_, p), (_, q) in zip(s, t, strict=True))


def test_numpy_char_cnn_matches_torch() -> None:
    """The network's word vectors computed with numpy lookups (``_fill_word_cache``) equal
    the torch layers they replace."""
    import numpy as np
    import torch

    neural = Tagger(load_tagger().model_dir)._neural
    assert neural is not None
    words = ["قال", "الرئيس", "ولاريجاني", "MQ-9", "أبوبكر", "ب", "استراتيجياتهم", "؟"]
    with torch.inference_mode():
        neural._fill_word_cache(words)
        feats, chars = neural._batch([words])
        net = neural.net
        bag = torch.tanh(net.feats(feats[0]))
        conv = torch.relu(net.conv(net.chars(chars[0]).transpose(1, 2))).max(dim=2).values
        expected = torch.cat([bag, conv], -1).numpy()
    got = neural._matrix[[neural._rows[w] for w in words]]
    assert np.abs(got - expected).max() < 1e-5


def test_tagging_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    tagger = load_tagger()
    assert gc.isenabled()
    tagger.spans_many(["قال الرئيس السوري بشار الأسد في دمشق."])
    assert gc.isenabled()
    gc.disable()
    try:
        tagger.spans("قال الرئيس السوري بشار الأسد في دمشق.")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_label_consistency_for_organisations_and_places() -> None:
    """An organisation or place tagged twice, always with one type, is tagged where its
    words (clitics and article stripped) occur untagged; a person name is not copied, nor a
    name tagged with two types."""
    from kg.extract.ner.tagger import propagate

    def key(token: str) -> str:
        return token.removeprefix("و").removeprefix("ال")

    sents = [
        ["زار", "كركوك", "وزير"],
        ["في", "كركوك", "اليوم"],
        ["ووصل", "وكركوك", "هادئة"],
        ["قال", "سامي", "إن", "سامي"],
        ["حماة", "حماة"],
        ["سامي", "وحماة"],
    ]
    labels = [
        ["O", "B-LOC", "O"],
        ["O", "B-LOC", "O"],
        ["O", "O", "O"],
        ["O", "B-PERS", "O", "B-PERS"],
        ["B-LOC", "B-ORG"],
        ["O", "O"],
    ]
    tagged = [[(lab, 0.9) for lab in labs] for labs in labels]
    out = [[lab for lab, _ in s] for s in propagate(sents, tagged, key)]
    assert out[2] == ["O", "B-LOC", "O"]
    assert out[5] == ["O", "O"]  # سامي is a person, حماة was tagged with two types
    assert out[:2] == labels[:2] and out[3:5] == labels[3:5]
