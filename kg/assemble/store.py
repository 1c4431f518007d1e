"""The extraction store: what ``kg build`` read from each document, kept for ``--update``.

Writes and reads ``OUT/extractions.pkl.gz``: a gzip stream (level 1: fast, about 5x smaller)
of pickles, in this order:

1. a header dict ``{"format": "kg-extractions", "version": 1, "extractors": [...],
   "documents": N, "problems": M}``;
2. the build's Problems (the input problems of every earlier build, so an updated
   ``report.json`` lists what a full rebuild would list), as one list;
3. the compact ``DocumentExtraction``s (``kg.assemble.parallel.compact``: no article text), in
   lists of up to ``BATCH``, sorted by document id.

``kg build --update OUT/ NEW...`` loads this, extracts only the new documents and assembles
again: identity across documents is decided by ``assemble`` from the extractions alone, so
the result equals a full rebuild over old and new inputs.

Limits: pickle runs code when it loads; load only stores that ``kg build`` wrote (the reader
refuses other formats and versions, not a crafted file). The store is tied to the data model
and the extractors of the kg that wrote it: a store of another ``version`` is refused with a
message to rebuild, and ``FORMAT_VERSION`` must change whenever ``kg.model`` or the
extraction of a document changes in a way that makes old extractions wrong.
"""

from __future__ import annotations

import gzip
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.assemble.pipeline import DocumentExtraction
from kg.errors import InputError
from kg.model import Problem

STORE_NAME = "extractions.pkl.gz"
FORMAT = "kg-extractions"
FORMAT_VERSION = 1
BATCH = 1000


@dataclass(frozen=True, slots=True)
class Store:
    """The content of an extraction store."""

    extractors: tuple[str, ...]
    extractions: list[DocumentExtraction]
    problems: list[Problem]


def write_store(
    path: str | Path,
    extractions: Iterable[DocumentExtraction],
    problems: Sequence[Problem],
    extractors: Sequence[str],
) -> Path:
    """Write the store (see the module docstring) and return its path."""
    exs = sorted(extractions, key=lambda e: e.document.id)
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "extractors": list(extractors),
        "documents": len(exs),
        "problems": len(problems),
    }
    path = Path(path)
    # mtime=0: the same extractions give the same bytes (deterministic output, STYLE 6)
    with path.open("wb") as raw, gzip.GzipFile(
        filename="", mode="wb", compresslevel=1, fileobj=raw, mtime=0
    ) as fh:
        pickle.dump(header, fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(list(problems), fh, protocol=pickle.HIGHEST_PROTOCOL)
        for i in range(0, len(exs), BATCH):
            pickle.dump(exs[i : i + BATCH], fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def read_store(out_dir: str | Path) -> Store:
    """The store of a previous build in ``out_dir``; InputError when there is none or it is
    not one this kg can use (the message says to rebuild)."""
    path = Path(out_dir) / STORE_NAME
    rebuild = f"run a full `kg build INPUT... -o {out_dir}` first"
    if not path.is_file():
        raise InputError(f"{path} not found: {out_dir} is not the output of a kg build; {rebuild}")
    try:
        with gzip.open(path, "rb") as fh:
            header = pickle.load(fh)
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise InputError(f"{path} is not a kg extraction store; {rebuild}")
            if header.get("version") != FORMAT_VERSION:
                raise InputError(
                    f"{path} was written by another version of kg (store format "
                    f"{header.get('version')}, this kg reads {FORMAT_VERSION}); {rebuild}"
                )
            problems = pickle.load(fh)
            extractions: list[DocumentExtraction] = []
            while len(extractions) < header["documents"]:
                extractions.extend(pickle.load(fh))
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError) as err:
        raise InputError(f"{path} is damaged ({type(err).__name__}: {err}); {rebuild}") from err
    return Store(tuple(header["extractors"]), extractions, problems)
