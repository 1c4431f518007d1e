"""Issue 22, cases 13 and 14: FIFOs, devices, unreadable and symlinked folders, NUL bytes.

- A FIFO named ``.jsonl`` hung the build forever (opening it waits for a writer): FIFOs,
  devices and sockets are refused from ``stat`` before anything is opened.
- A folder that cannot be listed and symlinked folders were skipped without a word (exit 0,
  zero documents): an unreadable folder is reported (its articles count as skipped), a
  symlinked folder is followed, once (a loop is reported, not followed again).
- One NUL byte in an Arabic ``.txt`` skipped the whole article while JSONL's ``\\u0000`` was
  accepted: a stray NUL is removed with a warning; a binary file is still skipped.

Tests run as root, for whom ``chmod 000`` does not block reading; unreadability is simulated
by making ``os.scandir`` (what the folder walk calls) raise PermissionError for one folder,
which is exactly what a non-root user meets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from buildsafe_support import EXTRACTORS, article

from kg import api
from kg.model import Document, Problem
from kg.text.ingest import iter_inputs


def items_of(*paths: Path) -> tuple[list[Document], list[Problem]]:
    items = list(iter_inputs(paths))
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Problem)])


# A build in a fresh interpreter with a time limit, so a hang fails the test, not the suite.
BUILD = """
import sys
from kg.cli import main
sys.exit(main(["build", *sys.argv[2:], "-o", sys.argv[1], "--extractors", "kb,pattern",
               "--jobs", "1", "-q"]))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_jsonl_is_refused_not_waited_for(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(article(0), encoding="utf-8")
    os.mkfifo(src / "feed.jsonl")
    os.mkfifo(tmp_path / "given.txt")
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(tmp_path / "out"), str(src), str(tmp_path / "given.txt")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 3, done.stderr
    for fifo in (src / "feed.jsonl", tmp_path / "given.txt"):
        assert f"kg: skipped: {fifo}: a FIFO (named pipe), not a file of articles" in done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["documents_built"] == 1 and report["documents_skipped"] == 2


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_refused() -> None:
    docs, (problem,) = items_of(Path("/dev/null"))
    assert docs == [] and problem.fatal and "a device, not a file of articles" in problem.reason


def test_an_unreadable_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    (src / "a.txt").write_text(article(0), encoding="utf-8")
    (src / "locked" / "b.txt").write_text(article(1), encoding="utf-8")
    os.chmod(src / "locked", 0)
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # what a non-root user meets
        if Path(str(path)) == src / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    try:
        docs, problems = items_of(src)
        summary = api.build([src], tmp_path / "out", EXTRACTORS, jobs=1)
    finally:
        os.chmod(src / "locked", 0o755)
    assert [d.id for d in docs] == ["a"]
    (problem,) = problems
    assert problem.source == str(src / "locked") and problem.fatal
    assert "cannot read the folder (Permission denied)" in problem.reason
    assert summary.documents == 1 and summary.skipped == 1  # exit status 3, not 0


def test_an_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(article(0), encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied", str(self))))
    docs, (problem,) = items_of(tmp_path / "a.txt")
    assert docs == [] and problem.fatal and "Permission denied" in problem.reason


def test_symlinked_folders_are_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "a.txt").write_text(article(0), encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "b.txt").write_text(article(1), encoding="utf-8")
    (src / "again").symlink_to(real / "sub", target_is_directory=True)  # read first
    (real / "sub" / "loop").symlink_to(real, target_is_directory=True)  # up: real, then sub
    (src / "linked").symlink_to(real, target_is_directory=True)  # real: read via the loop
    docs, problems = items_of(src)
    assert sorted(d.id for d in docs) == ["a", "b"]  # each once, no duplicate-id Problem
    reasons = {p.source: p.reason for p in problems}
    assert set(reasons) == {str(src / "again" / "loop" / "sub"), str(src / "linked")}
    assert all("already read" in r for r in reasons.values())
    assert not any(p.fatal for p in problems)


def test_a_broken_symlink_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "a.txt").write_text(article(0), encoding="utf-8")
    docs, (problem,) = items_of(tmp_path)
    assert [d.id for d in docs] == ["a"] and problem.source == str(tmp_path / "gone.txt")


def test_a_stray_nul_in_an_arabic_text_is_removed_with_a_warning(tmp_path: Path) -> None:
    text = article(0)
    cut = len(text) // 2
    path = tmp_path / "nul.txt"
    path.write_bytes(text[:cut].encode() + b"\x00" + text[cut:].encode())
    docs, problems = items_of(path)
    (doc,) = docs
    assert "\x00" not in doc.text and doc.text.strip() == text.strip()
    (warning,) = problems
    assert not warning.fatal and "1 stray NUL byte(s) removed" in warning.reason


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,  # NULs everywhere: binary
        b"%PDF-1.4\n" + article(0).encode() + b"\x00",  # a signature
        article(0).encode()[:200] + b"\x00" * 50 + article(1).encode()[:200],  # many NULs
    ],
    ids=["binary", "pdf", "many_nuls"],
)
def test_binary_files_are_still_skipped(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bin.txt"
    path.write_bytes(data)
    docs, (problem,) = items_of(path)
    assert docs == [] and problem.fatal and "binary" in problem.reason
