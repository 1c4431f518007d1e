"""Issue 22, case 10: the output folder is replaced as a whole, under a lock.

Files used to be moved into OUT/ one by one: a kill between two renames, or two builds into
one OUT/ at once, left files of different builds side by side. Now a build writes a new
folder beside OUT/, swaps it in with two renames (a crash between them is repaired by the
next build), and holds ``.OUT.lock`` (fcntl) while it works.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from buildsafe_support import EXTRACTORS, article, snapshot

from kg import api
from kg.cli import main
from kg.errors import InputError, NothingToBuild, OutputError


def test_swap_replaces_the_folder_as_a_whole(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = good_out
    inode = out.stat().st_ino
    (tmp_path / "more.txt").write_text(article(3), encoding="utf-8")
    api.build([tmp_path / "good", tmp_path / "more.txt"], out, EXTRACTORS, jobs=1)
    assert out.stat().st_ino != inode  # a new folder, not files moved into the old one
    assert set(snapshot(out)) == set(before) and snapshot(out) != before
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~_umask())
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".out.lock"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_crash_between_the_two_renames_is_repaired(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]]
) -> None:
    """What ``kill -9`` between the renames leaves: OUT/ gone, ``.OUT.old`` and an unfinished
    ``.OUT.tmp-*`` beside it. The next build (even one that fails) puts OUT/ back first."""
    out, before = good_out
    os.rename(out, tmp_path / ".out.old")
    shutil.copytree(tmp_path / ".out.old", tmp_path / ".out.tmp-abc123")
    (tmp_path / ".out.tmp-abc123" / "graph.ttl").write_text("half a gra", encoding="utf-8")
    with pytest.raises(NothingToBuild):
        api.build([tmp_path / "missing"], out, EXTRACTORS, jobs=1)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".out.lock"]


def test_crash_after_the_second_rename_is_cleaned(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = good_out
    shutil.copytree(out, tmp_path / ".out.old")  # the new OUT/ in place, the old not deleted
    api.build([tmp_path / "good"], out, EXTRACTORS, jobs=1)
    assert not (tmp_path / ".out.old").exists()
    assert snapshot(out) == before  # same input, same bytes


def test_a_second_build_into_the_same_out_fails_clearly(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    out, before = good_out
    with open(tmp_path / ".out.lock", "w") as held:  # another build is running
        fcntl.flock(held, fcntl.LOCK_EX)
        assert main(["build", str(tmp_path / "good"), "-o", str(out), "--jobs", "1"]) == 1
        err = capsys.readouterr().err
        assert "kg: error: another kg build is writing" in err and "Traceback" not in err
        with pytest.raises(OutputError, match="another kg build"):
            api.update(out, [tmp_path / "good"])
    assert snapshot(out) == before
    api.build([tmp_path / "good"], out, EXTRACTORS, jobs=1)  # the lock is free again


def test_an_out_holding_other_files_is_not_replaced(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = good_out
    (out / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"holds files kg did not write \(notes.md\)"):
        api.build([tmp_path / "good"], out, EXTRACTORS, jobs=1)
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"
    assert snapshot(out) == {**before, "notes.md": b"mine"}
