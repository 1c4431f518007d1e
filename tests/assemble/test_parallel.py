"""Parallel extraction (``--jobs``) gives the output of the serial build, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import api
from kg.assemble import extract_items
from kg.assemble.extraction_store import read_store
from kg.assemble.parallel import _chunks, compact, extract_all
from kg.assemble.pipeline import extract_document
from kg.errors import InputError
from kg.model import Document, Problem
from kg.text.ingest import iter_inputs

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXTRACTORS = ("kb", "pattern")
OUTPUTS = ("graph.ttl", "graph.gexf", "graph.html", "entities.csv", "raids.csv",
           "relations.csv", "report.json")


def corpus(tmp_path: Path) -> Path:
    """The seeds as JSONL plus a broken line and a repeated id (problems in the stream)."""
    lines = []
    for item in iter_inputs([SEEDS]):
        assert isinstance(item, Document)
        lines.append(json.dumps({"id": item.id, "text": item.text}, ensure_ascii=False))
    lines.insert(2, "{not json")
    lines.append(lines[0])
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_jobs_output_is_byte_identical(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    serial = api.build([src], tmp_path / "one", EXTRACTORS, jobs=1)
    parallel = api.build([src], tmp_path / "two", EXTRACTORS, jobs=2)
    assert serial.documents == parallel.documents == 5
    assert serial.skipped == parallel.skipped == 2
    for name in OUTPUTS:
        a = (tmp_path / "one" / name).read_bytes()
        assert a == (tmp_path / "two" / name).read_bytes(), name
    # the store is a cache, equal in content (pickle's sharing of objects may differ)
    assert read_store(tmp_path / "one") == read_store(tmp_path / "two")


def test_results_in_input_order_with_small_chunks() -> None:
    items = list(iter_inputs([SEEDS]))
    items.insert(1, Problem("x", 1, "a problem"))
    out = list(extract_all(items, EXTRACTORS, jobs=2, chunksize=1))
    assert [isinstance(i, Problem) for i in out] == [isinstance(i, Problem) for i in items]
    docs = [i for i in items if isinstance(i, Document)]
    got = [i for i in out if not isinstance(i, Problem)]
    assert [e.document.id for e in got] == [d.id for d in docs]
    assert got[0] == compact(extract_document(docs[0], EXTRACTORS))


def test_compact_drops_only_the_text() -> None:
    doc = next(d for d in iter_inputs([SEEDS]) if isinstance(d, Document))
    full = extract_document(doc, EXTRACTORS)
    small = compact(full)
    assert small.document.text == "" and small.document.id == doc.id
    assert small.sentences == full.sentences and small.mentions == full.mentions


def test_chunks_keep_problems_before_their_documents() -> None:
    d = [Document(str(i), "نص", "s") for i in range(3)]
    p = Problem("s", 1, "bad")
    assert list(_chunks([d[0], p, d[1], d[2]], 2)) == [([], [d[0]]), ([p], [d[1], d[2]])]
    assert list(_chunks([p], 2)) == [([p], [])]


def test_progress_counts_every_document() -> None:
    seen: list[str] = []
    exs, problems = extract_items(
        iter_inputs([SEEDS]), EXTRACTORS, lambda n, i: seen.append(i), jobs=2
    )
    assert seen == [e.document.id for e in exs] and len(seen) == 5 and not problems


@pytest.mark.parametrize("jobs", [0, -2])
def test_bad_jobs_is_an_input_error(jobs: int) -> None:
    with pytest.raises(InputError):
        list(extract_all([], EXTRACTORS, jobs=jobs))


def test_unknown_engine_is_an_input_error() -> None:
    with pytest.raises(InputError, match="engine"):
        list(extract_all([], EXTRACTORS, engine="spark"))
