"""The library functions behind the CLI: one per command, each testable without a shell.

``build`` reads inputs, builds the graph, and writes every output file atomically: files are
written into a temporary folder beside OUT/ and moved into place only when all are complete,
so a crash or Ctrl-C never leaves a half-written graph and the previous output survives a
failed build. ``report.json`` says how many documents were read, built and skipped, and why.

Every build also keeps what it read from each document in ``OUT/extractions.pkl.gz``
(``kg.assemble.store``), so that ``update`` (``kg build --update OUT/ NEW...``) extracts only
new documents and assembles again, giving the graph a full rebuild would give. Extraction
runs on ``jobs`` processes (default: every core) or on Dask (``engine="dask"``); the output
is the same byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.assemble import DEFAULT_EXTRACTORS, DocumentExtraction, assemble, extract_items
from kg.assemble.store import STORE_NAME, read_store, write_store
from kg.errors import InputError
from kg.export import write_all
from kg.model import Document, KnowledgeGraph, Problem
from kg.text.ingest import iter_inputs


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build did: counts, the files written, and every problem met."""

    documents: int
    entities: int
    raids: int
    relations: int
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.fatal)


def report_dict(graph: KnowledgeGraph) -> dict:
    """The content of ``report.json``."""
    return {
        "documents_built": len(graph.documents),
        "documents_skipped": sum(1 for p in graph.problems if p.fatal),
        "warnings": sum(1 for p in graph.problems if not p.fatal),
        "entities": len(graph.entities),
        "raids": len(graph.raids),
        "relations": len(graph.relations),
        "problems": [
            {
                "source": p.source,
                "line": p.line,
                "doc_id": p.doc_id,
                "reason": p.reason,
                "skipped": p.fatal,
            }
            for p in graph.problems
        ],
    }


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    judgement_files: Sequence[str] = (),
    progress: Callable[[int, str], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
) -> BuildSummary:
    """Build the graph of ``inputs`` and write it to ``out_dir`` (atomically).

    ``jobs``: extraction processes (None: every core; 1: serial); ``engine="dask"`` extracts
    on the Dask scheduler at ``scheduler`` (None: a local cluster). Same output either way.
    """
    extractions, problems = extract_items(
        _reported(iter_inputs(inputs), on_problem), extractors, progress, jobs, engine, scheduler
    )
    return _finish(out_dir, extractions, problems, tuple(extractors), judgement_files)


def update(
    out_dir: str | Path,
    inputs: Sequence[str | Path],
    extractors: Sequence[str] | None = None,
    judgement_files: Sequence[str] = (),
    progress: Callable[[int, str], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
) -> BuildSummary:
    """Add the documents of ``inputs`` to the build in ``out_dir`` without reading the old
    ones again: their extractions come from ``OUT/extractions.pkl.gz``; identity is decided
    again over all documents, so the graph equals a full rebuild over old and new inputs.

    An id the build already has is reported as a duplicate (the old document is kept), as
    in a full build. ``extractors`` must be those of the stored build (None: the same);
    ``judgement_files`` are applied afresh (give them again if the first build had them).
    """
    store = read_store(out_dir)
    if extractors is not None and tuple(extractors) != store.extractors:
        raise InputError(
            f"{out_dir} was built with extractors {','.join(store.extractors)}, not "
            f"{','.join(extractors)}: update with the same extractors (omit --extractors) or "
            "run a full build"
        )
    known = {e.document.id: e.document.source for e in store.extractions}
    items = _reported(iter_inputs(inputs, known_ids=known), on_problem)
    extractions, problems = extract_items(
        items, store.extractors, progress, jobs, engine, scheduler
    )
    return _finish(
        out_dir,
        store.extractions + extractions,
        store.problems + problems,
        store.extractors,
        judgement_files,
    )


def _reported(
    items: Iterable[Document | Problem], on_problem: Callable[[Problem], None] | None
) -> Iterator[Document | Problem]:
    for item in items:
        if isinstance(item, Problem) and on_problem is not None:
            on_problem(item)
        yield item


def _finish(
    out_dir: str | Path,
    extractions: list[DocumentExtraction],
    problems: list[Problem],
    extractors: tuple[str, ...],
    judgement_files: Sequence[str],
) -> BuildSummary:
    """Assemble the graph and write every output file and the extraction store atomically."""
    graph = assemble(extractions, problems, judgement_files)
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        write_all(graph, tmp)
        (tmp / "report.json").write_text(
            json.dumps(report_dict(graph), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            "utf-8",
        )
        write_store(tmp / STORE_NAME, extractions, problems, extractors)
        out.mkdir(exist_ok=True)
        written = []
        for f in sorted(tmp.iterdir()):
            os.replace(f, out / f.name)
            written.append(out / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return BuildSummary(
        len(graph.documents),
        len(graph.entities),
        len(graph.raids),
        len(graph.relations),
        graph.problems,
        tuple(written),
    )
