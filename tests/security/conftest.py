"""Fixtures of the build-safety tests: a good earlier build that a bad build must leave
untouched."""

from __future__ import annotations

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
