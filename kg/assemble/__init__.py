"""The builder: documents in, the neutral KnowledgeGraph out (see ``pipeline``).

``extract_items`` runs the per-document extraction (serially, on a process pool or on Dask:
``kg.assemble.parallel``); ``assemble`` decides identity across documents; ``build_graph`` does
both. The extractions a build keeps are compact (no article text: nothing downstream reads
it), so ``KnowledgeGraph.documents`` carry metadata and sentences, not the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from kg.assemble.parallel import compact, extract_all
from kg.assemble.pipeline import (
    DEFAULT_EXTRACTORS,
    DocumentExtraction,
    assemble,
    extract_document,
)
from kg.model import Document, KnowledgeGraph, Problem

__all__ = [
    "DEFAULT_EXTRACTORS",
    "DocumentExtraction",
    "assemble",
    "build_graph",
    "compact",
    "extract_document",
    "extract_items",
]


def extract_items(
    items: Iterable[Document | Problem],
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    progress: Callable[[int, str], None] | None = None,
    jobs: int | None = 1,
    engine: str = "process",
    scheduler: str | None = None,
) -> tuple[list[DocumentExtraction], list[Problem]]:
    """The compact extraction of every document of ``items``, and its Problems, in input
    order. ``jobs`` worker processes (None: all cores; 1: in this process) or ``engine="dask"``
    on ``scheduler``: the result is the same. ``progress(n, doc_id)`` after each document."""
    extractions: list[DocumentExtraction] = []
    problems: list[Problem] = []
    for item in extract_all(items, extractors, jobs, engine, scheduler):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        extractions.append(item)
        if progress is not None:
            progress(len(extractions), item.document.id)
    return extractions, problems


def build_graph(
    items: Iterable[Document | Problem],
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    judgement_files: Sequence[str] = (),
    progress: Callable[[int, str], None] | None = None,
    jobs: int | None = 1,
    engine: str = "process",
    scheduler: str | None = None,
) -> KnowledgeGraph:
    """Extract every document of ``items`` and assemble the graph; Problems are carried along.

    ``progress(n, doc_id)`` is called after each document (for progress output).
    """
    extractions, problems = extract_items(items, extractors, progress, jobs, engine, scheduler)
    return assemble(extractions, problems, judgement_files)
