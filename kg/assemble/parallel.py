"""Extraction of many documents on several cores or a Dask cluster, in input order.

Reads ``Document``s and ``Problem``s (from ``kg.text.ingest.iter_inputs``), yields the compact
``DocumentExtraction`` of each Document (``compact``: the article text is dropped once its
sentences are cut, since nothing downstream reads it) and passes each Problem through, all in
input order, so the graph assembled from them is the same whatever the engine.

Engines:

- ``process`` (default): a pool of ``jobs`` worker processes (``jobs`` None: every core this
  process may use). Each worker loads the knowledge base and the extractors once (pool
  initializer) and caps torch at one thread so that workers do not compete for cores.
  ``jobs=1`` extracts in this process, with no pool, chunk by chunk as well (the tagger
  tags a chunk's articles in one batch, ``pipeline.extract_documents``).
- ``dask``: the chunks are submitted to a ``dask.distributed`` scheduler (``scheduler`` is
  its address, ``tcp://host:8786``; None starts a local cluster). Workers load the knowledge
  base on their first chunk (cached per worker process). Needs the ``dask`` extra.

Input of any size is streamed: documents are sent in chunks of ``chunksize`` and at most
``window`` chunks are in flight, so memory holds a bounded number of pending articles plus
the compact extractions returned (which the assembly needs anyway). Results come back in
submission order, never in completion order.

Workers never outlive the build: ``jobs`` is capped at the cores this process may use (more
processes only compete for them), and each pool worker asks the kernel to kill it when its
parent dies (``prctl(PR_SET_PDEATHSIG)`` on Linux; elsewhere a thread that watches the parent
id), so ``kill -9`` of a build leaves no orphan extracting on.

Limits: a worker that dies (out of memory, killed) fails the whole build with the pool's
error; there is no retry. Progress is reported per document as results arrive.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from kg.assemble.pipeline import DEFAULT_EXTRACTORS, DocumentExtraction, extract_documents
from kg.errors import InputError
from kg.model import Document, Problem

ENGINES = ("process", "dask")
DEFAULT_CHUNKSIZE = 16


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """End this process when the process ``parent`` ends (a pool worker of a killed build).

    Linux: the kernel sends SIGKILL at the parent's death (``PR_SET_PDEATHSIG``); the parent
    may have died before the call, so the parent id is checked after it. Elsewhere: a daemon
    thread checks the parent id every second."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:
                    os._exit(1)
                return
        except (OSError, AttributeError):  # no prctl: fall back to the watchdog
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watchdog", daemon=True).start()


def _init_worker(extractors: Sequence[str], parent: int) -> None:
    """Pool initializer: die with the build, then load what extraction needs."""
    die_with_parent(parent)
    prepare_process(extractors)


def compact(ex: DocumentExtraction) -> DocumentExtraction:
    """The extraction without the article text (its sentences keep what evidence needs)."""
    if not ex.document.text:
        return ex
    return replace(ex, document=replace(ex.document, text=""))


def extract_chunk(docs: Sequence[Document], extractors: Sequence[str]) -> list[DocumentExtraction]:
    """The compact extraction of each document of ``docs`` (what a worker runs)."""
    prepare_process(extractors)  # cheap after the first call; Dask workers get no initializer
    return [compact(ex) for ex in extract_documents(docs, extractors)]


def prepare_process(extractors: Sequence[str]) -> None:
    """Ready a process to extract: torch on one thread, the knowledge base and the
    extractors loaded once. Every extracting process runs it, the serial one too: the tagger's
    network works on one article at a time, where more threads only add synchronisation,
    and on a busy machine torch's waiting threads made serial tagging about 20x slower."""
    if "crf" in extractors:
        try:
            import torch

            torch.set_num_threads(1)
        except ImportError:  # the neural vote of the tagger is optional
            pass
    from kg.assemble.pipeline import _extractors
    from kg.extract.kb import load_kb

    load_kb()
    _extractors(tuple(extractors))


def _chunks(
    items: Iterable[Document | Problem], size: int
) -> Iterator[tuple[list[Problem], list[Document]]]:
    """(problems met before, documents) in input order; the last chunk may be short."""
    problems: list[Problem] = []
    docs: list[Document] = []
    for item in items:
        if isinstance(item, Problem):
            if docs:
                yield problems, docs
                problems, docs = [], []
            problems.append(item)
            continue
        docs.append(item)
        if len(docs) >= size:
            yield problems, docs
            problems, docs = [], []
    if docs or problems:
        yield problems, docs


def _windowed(
    submit: Callable[[list[Document]], Any],
    items: Iterable[Document | Problem],
    chunksize: int,
    window: int,
) -> Iterator[DocumentExtraction | Problem]:
    """Submit chunks, keep at most ``window`` in flight, yield results in input order."""
    pending: deque[tuple[list[Problem], Any]] = deque()
    for problems, docs in _chunks(items, chunksize):
        pending.append((problems, submit(docs) if docs else None))
        while len(pending) > window:
            yield from _collect(pending.popleft())
    while pending:
        yield from _collect(pending.popleft())


def _collect(entry: tuple[list[Problem], Any]) -> Iterator[DocumentExtraction | Problem]:
    problems, future = entry
    yield from problems
    if future is not None:
        yield from future.result()


def extract_all(
    items: Iterable[Document | Problem],
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> Iterator[DocumentExtraction | Problem]:
    """Compact extractions of the Documents of ``items`` and its Problems, in input order."""
    extractors = tuple(extractors)
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs must be at least 1 (got {jobs})")
    if engine == "dask":
        yield from _extract_dask(items, extractors, scheduler, chunksize)
        return
    jobs = min(jobs or default_jobs(), default_jobs())  # never more processes than cores
    if jobs == 1:
        prepare_process(extractors)
        for problems, docs in _chunks(items, chunksize):
            yield from problems
            yield from extract_chunk(docs, extractors)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start at once and share the parent's loaded modules copy-on-write
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(extractors, os.getpid()),
    ) as pool:
        yield from _windowed(
            lambda docs: pool.submit(extract_chunk, docs, extractors),
            items,
            chunksize,
            window=4 * jobs,
        )


def _extract_dask(
    items: Iterable[Document | Problem],
    extractors: tuple[str, ...],
    scheduler: str | None,
    chunksize: int,
) -> Iterator[DocumentExtraction | Problem]:
    try:
        from dask.distributed import Client
    except ImportError as err:
        raise InputError(
            "the dask engine needs dask.distributed: pip install 'kg[dask]' "
            "(or use the default --engine process)"
        ) from err
    try:
        client = Client(scheduler) if scheduler else Client(processes=False)
    except OSError as err:
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler}: {err}; start it with "
            "`dask scheduler` and give its address (tcp://HOST:8786)"
        ) from err
    with client:
        workers = max(1, sum(client.nthreads().values()))
        yield from _windowed(
            lambda docs: client.submit(extract_chunk, docs, extractors, pure=False),
            items,
            chunksize,
            window=4 * workers,
        )
