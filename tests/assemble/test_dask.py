"""``--engine dask``: extraction on a Dask LocalCluster gives the serial build's output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import api
from kg.errors import InputError
from kg.model import Document
from kg.text.ingest import iter_inputs

distributed = pytest.importorskip("dask.distributed")

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXTRACTORS = ("kb", "pattern")


def test_dask_output_is_byte_identical(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False)
            for d in iter_inputs([SEEDS])
            if isinstance(d, Document)
        )
        + "\n{broken\n",
        "utf-8",
    )
    api.build([src], tmp_path / "serial", EXTRACTORS, jobs=1)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        summary = api.build(
            [src], tmp_path / "dask", EXTRACTORS, engine="dask", scheduler=cluster.scheduler_address
        )
    assert summary.documents == 5 and summary.skipped == 1
    for name in ("graph.ttl", "graph.gexf", "entities.csv", "raids.csv", "report.json"):
        assert (tmp_path / "dask" / name).read_bytes() == (
            tmp_path / "serial" / name
        ).read_bytes(), name


def test_unreachable_scheduler_is_an_input_error(tmp_path: Path) -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(
        InputError, match="scheduler"
    ):
        api.build([SEEDS], tmp_path / "o", EXTRACTORS, engine="dask",
                  scheduler="tcp://127.0.0.1:9")
