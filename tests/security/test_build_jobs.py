"""Issue 22, case 8: ``--jobs`` cannot fork without bound, and workers die with the build.

``--jobs 100000`` forked them all; ``kill -9`` of a build left its pool workers running.
Now ``jobs`` is capped at the cores this process may use (with a notice), and each worker
gets ``PR_SET_PDEATHSIG`` (Linux) or a parent watchdog.
"""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from buildsafe_support import EXTRACTORS

import kg.api
from kg import api
from kg.assemble import parallel
from kg.cli import main


def test_jobs_beyond_the_cores_are_capped_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.api, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    sizes = []
    real = concurrent.futures.ProcessPoolExecutor

    def pool(max_workers: int, **kwargs: object) -> concurrent.futures.ProcessPoolExecutor:
        sizes.append(max_workers)
        return real(max_workers=max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    notices: list[str] = []
    (tmp_path / "a.txt").write_text("قالت الوزارة إن غارة قتلت أبو عمر الأنصاري في سوريا.",
                                    encoding="utf-8")
    summary = api.build([tmp_path / "a.txt"], tmp_path / "o", EXTRACTORS, jobs=100_000,
                        on_notice=notices.append)
    assert summary.documents == 1
    assert notices == ["--jobs 100000 is more than the 2 core(s) this process may use; using 2"]
    assert sizes == [2]
    # the library caps as well, whoever calls it
    list(parallel.extract_all([], EXTRACTORS, jobs=100_000))
    assert sizes == [2, 2]


def test_cli_prints_the_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(kg.api, "default_jobs", lambda: 1)
    (tmp_path / "a.txt").write_text("قالت الوزارة إن غارة قتلت أبو عمر الأنصاري في سوريا.",
                                    encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"),
                 "--extractors", "kb,pattern", "--jobs", "100000", "-q"]) == 0
    assert "kg: note: --jobs 100000 is more than the 1 core(s)" in capsys.readouterr().err


# A build whose workers block for minutes (extraction replaced by a sleep), each recording
# its pid, so the test can kill the build with SIGKILL and look for orphans.
SLOW_BUILD = """
import os, sys, time
from pathlib import Path
from kg.assemble import parallel
from kg.model import Document

def slow(docs, extractors):
    (Path(sys.argv[1]) / str(os.getpid())).write_text("")
    time.sleep(300)
    return []

parallel.default_jobs = lambda: 2
parallel.prepare_process = lambda extractors: None
parallel.extract_chunk = slow
docs = [Document(f"d{i}", "نص", "x") for i in range(4)]
list(parallel.extract_all(docs, ("kb",), jobs=2, chunksize=1))
"""


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_when_the_build_is_killed(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    build = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(pids)])
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2 and all(_alive(w) for w in workers)
    finally:
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = [w for w in workers if _alive(w)]
    for w in orphans:  # do not leave them behind even when the test fails
        os.kill(w, signal.SIGKILL)
    assert orphans == []


def test_die_with_parent_is_called_in_each_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The initializer arms the parent-death signal before anything else (same process)."""
    calls: list[object] = []
    monkeypatch.setattr(parallel, "die_with_parent", lambda parent: calls.append(parent))
    monkeypatch.setattr(parallel, "prepare_process", lambda extractors: calls.append(extractors))
    parallel._init_worker(("kb",), 1234)
    assert calls == [1234, ("kb",)]
