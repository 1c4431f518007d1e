"""Issue 22, case 15: every error path ends in a ``kg:`` message and a documented status.

Raw tracebacks came out for: an output path that is an existing file (found only after all
extraction), a read-only or full disk, a corrupted store (tests/security/test_build_store.py),
``--extractors foo``, ``kg view -o DIR``. Now each is a ``kg: error: …`` line saying what to
do, exit status 1 (``kg --help`` lists the statuses), and the previous output is untouched.
Full and read-only disks are simulated by making the write raise OSError(ENOSPC / EROFS).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from buildsafe_support import snapshot

import kg.api
from kg.cli import EXIT_STATUSES, main


def no_extraction(*args: object, **kwargs: object) -> object:
    raise AssertionError("the mistake should be found before any extraction")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_output_path_that_is_a_file_is_refused_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    monkeypatch.setattr(kg.api, "extract_items", no_extraction)
    code, err = run(["build", str(tmp_path), "-o", str(tmp_path / "taken")], capsys)
    assert code == 1 and f"kg: error: {tmp_path / 'taken'} exists and is not a folder" in err
    code, err = run(["build", str(tmp_path), "-o", str(tmp_path / "taken" / "out")], capsys)
    assert code == 1 and "is not a folder" in err
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file"


def test_unknown_extractor_is_refused_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(kg.api, "extract_items", no_extraction)
    code, err = run(["build", str(tmp_path), "-o", str(tmp_path / "o"), "--extractors",
                     "kb,foo"], capsys)
    assert code == 1
    assert "kg: error: unknown extractor 'foo'; give a comma-separated list of: " in err
    assert "crf" in err and "pattern" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("code", "advice"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "the file system is read-only"),
     (errno.EACCES, "no permission")],
)
@pytest.mark.parametrize("where", ["write_all", "mkdtemp", "lock"])
def test_disk_errors_are_kg_errors_and_keep_the_output(
    tmp_path: Path,
    good_out: tuple[Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    advice: str,
    where: str,
) -> None:
    out, before = good_out

    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code), str(out / "graph.ttl"))

    if where == "write_all":
        monkeypatch.setattr(kg.api, "write_all", fail)
    elif where == "mkdtemp":
        monkeypatch.setattr(kg.api.tempfile, "mkdtemp", fail)
    else:
        real_open = os.open

        def open_(path: str, *args: object, **kwargs: object) -> int:
            if str(path).endswith(".lock"):
                fail()
            return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(kg.api.os, "open", open_)
    status, err = run(["build", str(tmp_path / "good"), "-o", str(out), "--extractors",
                       "kb,pattern", "--jobs", "1", "-q"], capsys)
    assert status == 1 and err.startswith("kg: error: cannot ")
    assert advice in err and f"{out} was left as it was" in err
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or p.name.endswith(".old")]


def test_view_into_a_folder_is_a_kg_error(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = good_out
    code, err = run(["view", str(out / "graph.ttl"), "-o", str(tmp_path)], capsys)
    assert code == 1 and f"kg: error: {tmp_path} is a folder" in err
    assert str(tmp_path / "view.html") in err


def test_an_unexpected_os_error_is_a_kg_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last guard in ``main``: an OSError no command turned into a message."""
    import kg.view

    def fail(*args: object, **kwargs: object) -> object:
        raise IsADirectoryError(errno.EISDIR, "Is a directory", "x.html")

    monkeypatch.setattr(kg.view, "view", fail)
    code, err = run(["view", str(tmp_path / "g.ttl"), "-o", str(tmp_path / "x.html")], capsys)
    assert code == 1 and err.startswith("kg: error: Is a directory (x.html)")


def test_help_lists_the_exit_statuses() -> None:
    out = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "exit status:" in out and EXIT_STATUSES.splitlines()[-1].strip() in out
    for status in ("0", "1", "2", "3", "130"):
        assert f"\n  {status} " in out
