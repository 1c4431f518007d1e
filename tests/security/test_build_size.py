"""Issue 22, case 12: a huge input is refused quickly, in bounded memory.

A 300 MB text file (one line or many) or a 50 MB JSONL line was read and extracted: 6.9 GB
of memory, about 2.5 hours. Now one article (a ``.txt`` file, a JSONL line) may be at most
``MAX_ARTICLE_BYTES`` (16 MiB): a larger one is refused from its size, before it is read,
with a message naming it and saying to split it; the rest of the input still builds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from buildsafe_support import EXTRACTORS, article

from kg import api
from kg.errors import NothingToBuild
from kg.model import Problem
from kg.text import ingest

# The build in a fresh interpreter; VmHWM is its own peak resident memory (ru_maxrss of a
# child would carry the forking pytest's).
BUILD_SCRIPT = """
import sys
from kg.cli import main
code = main(["build", *sys.argv[2:], "-o", sys.argv[1], "--extractors", "kb,pattern",
             "--jobs", "1", "-q"])
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
print(code, int(hwm) // 1024)
"""


def run_build(out: Path, *inputs: Path) -> tuple[int, int, float, str]:
    """(exit status, peak MiB, seconds, stderr) of ``kg build INPUTS -o OUT``."""
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(out), *map(str, inputs)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    code, peak = done.stdout.split()
    return int(code), int(peak), time.monotonic() - start, done.stderr


def write_big(path: Path, size: int, one_line: bool) -> None:
    """``size`` bytes of Arabic text, written a block at a time."""
    unit = article(0).replace("\n", " ") if one_line else article(0)
    block = (unit * (1 << 20 // len(unit.encode()) + 1)).encode()
    with path.open("wb") as fh:
        for _ in range(size // len(block) + 1):
            fh.write(block)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("one_line", [True, False], ids=["one_line", "many_lines"])
def test_300_mb_text_file_is_refused_fast_in_bounded_memory(
    tmp_path: Path, one_line: bool
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(article(1), encoding="utf-8")
    big = src / "huge.txt"
    try:
        write_big(big, 300 << 20, one_line)
        code, peak_mib, seconds, err = run_build(tmp_path / "out", src)
    finally:
        big.unlink()  # pytest keeps tmp folders: do not leave 300 MB behind
    assert code == 3, err
    assert f"kg: skipped: {big}: " in err and "more than the limit of 16.0 MiB" in err
    assert "split it into one .txt file per article" in err
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["documents_built"] == 1 and report["documents_skipped"] == 1
    assert peak_mib < 2048 and seconds < 60


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_50_mb_jsonl_line_is_refused_and_the_next_lines_built(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "before", "text": article(0)}, ensure_ascii=False) + "\n")
        fh.write('{"id": "huge", "text": "' + "ب" * (25 << 20) + '"}\n')  # 50 MB of UTF-8
        fh.write(json.dumps({"id": "after", "text": article(1)}, ensure_ascii=False) + "\n")
    code, peak_mib, seconds, err = run_build(tmp_path / "out", path)
    path.unlink()
    assert code == 3, err
    assert f"kg: skipped: {path}:2: line 2 is 50.0 MiB, more than the limit of 16.0 MiB" in err
    assert "split the article" in err
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["documents_built"] == 2
    assert peak_mib < 1024 and seconds < 60


def test_limit_is_decided_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the limit is refused from its size: it is never opened."""
    big = tmp_path / "sparse.txt"
    with big.open("wb") as fh:
        fh.truncate(300 << 20)  # sparse: 300 MB that take no disk
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read " + str(self)))
    (problem,) = list(ingest.iter_inputs([big]))
    assert problem.fatal and "300.0 MiB is more than the limit" in problem.reason
    assert opened == []


def test_just_under_the_limit_is_split_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the limit the old rule holds: a long text is split at paragraphs."""
    text = "\n\n".join(article(i) for i in range(60))
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", len(text.encode()))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    items = list(ingest.iter_inputs([path], max_chars=5_000))
    assert sum(1 for i in items if not isinstance(i, Problem)) > 1
    path.write_text(text + ".", encoding="utf-8")  # one byte over
    (problem,) = list(ingest.iter_inputs([path], max_chars=5_000))
    assert "more than the limit" in problem.reason
    with pytest.raises(NothingToBuild):
        api.build([path], tmp_path / "out", EXTRACTORS, jobs=1)
