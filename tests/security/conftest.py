"""Fixtures of the build-safety tests: a good earlier build that a bad build must leave
untouched, and a writer of input files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from buildsafe_support import EXTRACTORS, article, snapshot

from kg import api


@pytest.fixture()
def good_out(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A good build of two articles in ``tmp_path/out`` and a snapshot of it."""
    src = tmp_path / "good"
    src.mkdir()
    for i in range(2):
        (src / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    out = tmp_path / "out"
    api.build([src], out, EXTRACTORS, jobs=1)
    return out, snapshot(out)


@pytest.fixture()
def make_txt(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return make
