"""The builder: documents in, the neutral KnowledgeGraph out (see ``pipeline``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from kg.build.pipeline import (
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
    "extract_document",
]


def build_graph(
    items: Iterable[Document | Problem],
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    judgement_files: Sequence[str] = (),
    progress: Callable[[int, str], None] | None = None,
) -> KnowledgeGraph:
    """Extract every document of ``items`` and assemble the graph; Problems are carried along.

    ``progress(n, doc_id)`` is called after each document (for progress output).
    """
    extractions: list[DocumentExtraction] = []
    problems: list[Problem] = []
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        extractions.append(extract_document(item, extractors))
        if progress is not None:
            progress(len(extractions), item.id)
    return assemble(extractions, problems, judgement_files)
