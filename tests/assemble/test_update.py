"""``kg build --update``: adding documents to a build gives the graph of a full rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import api
from kg.assemble.extraction_store import STORE_NAME, read_store
from kg.cli import main
from kg.errors import InputError, NothingToBuild
from kg.model import Document
from kg.text.ingest import iter_inputs

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXTRACTORS = ("kb", "pattern")


def split_seeds(tmp_path: Path) -> tuple[Path, Path]:
    """Seeds 000, 001, 003 in old.jsonl; 002 (same raid as 000) and 004 in new.jsonl."""
    old, new = [], []
    for item in iter_inputs([SEEDS]):
        assert isinstance(item, Document)
        line = json.dumps({"id": item.id, "text": item.text}, ensure_ascii=False)
        (new if item.id[:3] in ("002", "004") else old).append(line)
    a, b = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    a.write_text("\n".join(old) + "\n", "utf-8")
    b.write_text("\n".join(new) + "\n", "utf-8")
    return a, b


def test_update_equals_full_rebuild(tmp_path: Path) -> None:
    old, new = split_seeds(tmp_path)
    api.build([old, new], tmp_path / "full", EXTRACTORS, jobs=1)
    api.build([old], tmp_path / "inc", EXTRACTORS, jobs=1)
    first = (tmp_path / "inc" / "graph.ttl").read_bytes()
    old.unlink()  # the old documents are not read again
    summary = api.update(tmp_path / "inc", [new], jobs=1)
    assert summary.documents == 5
    for name in ("graph.ttl", "entities.csv", "raids.csv", "relations.csv", "report.json"):
        assert (tmp_path / "inc" / name).read_bytes() == (
            tmp_path / "full" / name
        ).read_bytes(), name
    assert first != (tmp_path / "inc" / "graph.ttl").read_bytes()
    store = read_store(tmp_path / "inc")
    assert len(store.extractions) == 5 and store.extractors == EXTRACTORS


def test_repeated_id_in_update_is_reported_and_old_kept(tmp_path: Path) -> None:
    old, new = split_seeds(tmp_path)
    api.build([old], tmp_path / "out", EXTRACTORS, jobs=1)
    before = (tmp_path / "out" / "graph.ttl").read_bytes()
    problems = []
    with pytest.raises(NothingToBuild, match="no new document"):  # nothing new: no rewrite
        api.update(tmp_path / "out", [old], on_problem=problems.append, jobs=1)
    assert len(problems) == 3 and all("duplicate id" in p.reason for p in problems)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == before
    _, new = split_seeds(tmp_path)
    summary = api.update(tmp_path / "out", [old, new], jobs=1)  # old ones again, and new
    assert summary.documents == 5 and summary.skipped == 3


def test_update_with_other_extractors_is_refused(tmp_path: Path) -> None:
    old, new = split_seeds(tmp_path)
    api.build([old], tmp_path / "out", EXTRACTORS, jobs=1)
    with pytest.raises(InputError, match="extractors"):
        api.update(tmp_path / "out", [new], extractors=("kb",))


def test_update_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="full `kg build"):
        api.update(tmp_path, [SEEDS])
    (tmp_path / STORE_NAME).write_bytes(b"not gzip")
    with pytest.raises(InputError, match="damaged"):
        api.update(tmp_path, [SEEDS])


def test_cli_update(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = split_seeds(tmp_path)
    assert main(["build", str(old), "-o", str(tmp_path / "o"), "--extractors", "kb,pattern",
                 "--jobs", "1", "-q"]) == 0
    assert main(["build", "--update", str(tmp_path / "o"), str(new), "--jobs", "1", "-q"]) == 0
    report = json.loads((tmp_path / "o" / "report.json").read_text("utf-8"))
    assert report["documents_built"] == 5
    assert main(["build", str(new), "-q"]) == 1
    assert "either -o OUT" in capsys.readouterr().err
