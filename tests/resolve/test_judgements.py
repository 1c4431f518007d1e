"""Curated judgements (kg.resolve.judgements): the file format, precedence and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import EntityType, Mention, Verdict
from kg.resolve.judgements import JudgementIndex, load_judgements
from kg.resolve.resolver import Resolver
from kg.text.normalize import match_key


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_shipped_file_keeps_the_caliphs_apart() -> None:
    index = JudgementIndex(load_judgements())
    j = index.get(match_key("أبو الحسن الهاشمي القرشي"), match_key("أبو الحسين الحسيني القرشي"))
    assert j is not None and j.verdict is Verdict.NEGATIVE and j.rule


def test_names_are_compared_by_match_key_in_any_spelling(tmp_path: Path) -> None:
    path = write(tmp_path, "j.json", {"judgements": [
        {"left": "بأبي يحيى", "right": "أبو يحيى الشامي", "verdict": "positive", "reason": "r"}]})
    index = JudgementIndex(load_judgements([path]))
    j = index.get(match_key("أبو يحيى"), match_key("ابو يحيى الشامي"))
    assert j is not None and j.verdict is Verdict.POSITIVE


def test_kb_ids_are_kept_as_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "j.json", {"judgements": [
        {"left": "kb:isis", "right": "kb:sdf", "verdict": "negative", "reason": "enemies"}]})
    index = JudgementIndex(load_judgements([path]))
    j = index.get("kb:sdf", "kb:isis")  # order of the pair does not matter
    assert j is not None and j.verdict is Verdict.NEGATIVE
    assert j.evidence is not None and j.evidence.doc_id == str(path)


def test_the_users_file_wins_over_the_shipped_one(tmp_path: Path) -> None:
    left, right = "أبو الحسن الهاشمي القرشي", "أبو الحسين الحسيني القرشي"
    path = write(tmp_path, "j.json", {"judgements": [
        {"left": right, "right": left, "verdict": "positive", "reason": "analyst override"}]})
    index = JudgementIndex(load_judgements([path]))
    j = index.get(match_key(left), match_key(right))
    assert j is not None and j.verdict is Verdict.POSITIVE and j.rule == "analyst override"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"judgements": "no"}', "judgements"),
        ('{"judgements": [{"left": "a", "right": "b"}]}', "judgement 1"),
        ('{"judgements": [{"left": "a", "right": "b", "verdict": "maybe"}]}', "verdict"),
    ],
)
def test_broken_files_name_the_file_and_the_problem(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "mine.json"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=expected) as info:
        load_judgements([path])
    assert "mine.json" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_judgements([tmp_path / "nowhere.json"])


def test_curated_unsure_becomes_possibly_same_as(tmp_path: Path) -> None:
    path = write(tmp_path, "j.json", {"judgements": [
        {"left": "أبو عمر الشامي", "right": "أبو عمر الحلبي", "verdict": "unsure", "reason": "?"}]})
    a = Mention("d1", 0, 14, "أبو عمر الشامي", "أبو عمر الشامي", EntityType.PERSON, 0.8, "t", 0)
    b = Mention("d2", 0, 14, "أبو عمر الحلبي", "أبو عمر الحلبي", EntityType.PERSON, 0.8, "t", 0)
    res = Resolver(judgements=load_judgements([path])).resolve([a, b])
    assert res.assignment[a.key] != res.assignment[b.key]
    pairs = {frozenset((x, y)) for x, y, _ in res.possibly_same}
    assert frozenset((res.assignment[a.key], res.assignment[b.key])) in pairs
