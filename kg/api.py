"""The library functions behind the CLI: one per command, each testable without a shell.

``build`` reads inputs, builds the graph, and writes every output file atomically: files are
written into a temporary folder beside OUT/ and moved into place only when all are complete,
so a crash or Ctrl-C never leaves a half-written graph and the previous output survives a
failed build. ``report.json`` says how many documents were read, built and skipped, and why.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.build import DEFAULT_EXTRACTORS, build_graph
from kg.export import write_all
from kg.model import KnowledgeGraph, Problem
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
) -> BuildSummary:
    """Build the graph of ``inputs`` and write it to ``out_dir`` (atomically)."""

    def items():
        for item in iter_inputs(inputs):
            if isinstance(item, Problem) and on_problem is not None:
                on_problem(item)
            yield item

    graph = build_graph(items(), extractors, judgement_files, progress)
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        write_all(graph, tmp)
        (tmp / "report.json").write_text(
            json.dumps(report_dict(graph), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            "utf-8",
        )
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
