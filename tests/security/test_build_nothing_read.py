"""Issue 22, case 9: a build that read no document never replaces a good output.

``kg build typo_dir -o out/`` (exit 3) and a build of an empty folder (exit 0) used to replace
a good ``out/`` with an empty graph and drop its stored extractions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from buildsafe_support import snapshot, write_jsonl

from kg import api
from kg.cli import main
from kg.errors import NothingToBuild


def test_missing_folder_leaves_out_byte_identical(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    out, before = good_out
    code = main(["build", str(tmp_path / "typo_dir"), "-o", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "no such file or folder" in err and "kg: error: no document could be read" in err
    assert "was left as it was" in err and "Traceback" not in err
    assert snapshot(out) == before


@pytest.mark.parametrize("kind", ["empty_folder", "only_bad_files", "empty_jsonl"])
def test_nothing_readable_leaves_out_byte_identical(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]], kind: str
) -> None:
    out, before = good_out
    src = tmp_path / "src"
    src.mkdir()
    if kind == "only_bad_files":
        (src / "a.txt").write_text("   \n", encoding="utf-8")
        (src / "b.txt").write_text("no Arabic at all in this text", encoding="utf-8")
    elif kind == "empty_jsonl":
        write_jsonl(src / "x.jsonl", "{broken", '{"id": "a"}')
    with pytest.raises(NothingToBuild, match="no document could be read"):
        api.build([src], out, ("kb", "pattern"), jobs=1)
    assert snapshot(out) == before


def test_nothing_read_creates_no_output(tmp_path: Path) -> None:
    with pytest.raises(NothingToBuild, match="was not created"):
        api.build([tmp_path / "missing"], tmp_path / "new_out", ("kb",), jobs=1)
    assert not (tmp_path / "new_out").exists()
    assert [p.name for p in tmp_path.iterdir()] == [".new_out.lock"]
