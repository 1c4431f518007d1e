"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (``kg serve``).

Serves ``GRAPH.ttl`` or a store folder (``kg load``) so that SPARQLWrapper, YASGUI, Protégé
or ``curl`` can query it over HTTP: ``GET /sparql?query=…``, ``POST /sparql`` with a form
(``query=…``) or with the query as the body (``application/sparql-query``); a query page for
the browser at ``/`` (works offline). SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV,
CONSTRUCT and DESCRIBE in Turtle, N-Triples, RDF/XML or JSON-LD, chosen by ``Accept`` (or
``format=``) once the query form is known. The kg prefixes are predeclared.

The package, by job: ``guard`` (what a query is and whether it may run), ``results``
(serialisers, content negotiation), ``worker`` (a query process), ``pool`` (the workers and
admission control), ``handler`` (HTTP), and this module (start and stop).

Safety, because the graph is read from hostile sources, the endpoint runs on an analyst's
machine, and any web page the analyst opens can send it requests:

- read-only: SPARQL UPDATE is refused with HTTP 403; the store is opened read-only;
- no outgoing requests: ``SERVICE`` is refused (400) before any engine sees the query, and the
  workers run without network access where the system allows it;
- bound to 127.0.0.1 unless another host is given; while on loopback, a ``Host`` header that
  names another machine is refused (DNS rebinding); a request from a page of another origin
  is refused (403) unless ``--cors`` allows that origin;
- limits per query: time (the worker is killed and replaced, 503), memory (``--max-memory``
  MB over the graph per worker, 503), result size (``X-Result-Truncated``), nesting depth
  (400), request size (413/414); admission control keeps short queries answered while long
  ones run (a reserved worker) and answers 503 with ``Retry-After`` when too many wait.

Reads the graph (a Turtle file is first loaded into a temporary store folder, removed on
shutdown, on Ctrl-C, SIGTERM and SIGHUP); writes nothing else. Limits: no authentication
(anyone who can reach the port can read the graph: keep it on loopback); no named graphs.
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from kg.errors import InputError
from kg.serve.guard import QueryRefused, inspect_query
from kg.serve.handler import MAX_REQUEST_BYTES, SparqlHandler, SparqlServer, is_loopback
from kg.serve.pool import (
    DEFAULT_MEMORY_MB,
    DEFAULT_WORKERS,
    Answer,
    QueryPool,
)
from kg.serve.results import negotiate, serialize_boolean, serialize_solutions
from kg.store import is_store, load_store

__all__ = [
    "Answer", "DEFAULT_MEMORY_MB", "DEFAULT_WORKERS", "MAX_REQUEST_BYTES", "QueryPool",
    "QueryRefused", "SparqlHandler", "SparqlServer", "inspect_query", "is_loopback",
    "make_server", "memory_fits", "negotiate", "serialize_boolean", "serialize_solutions",
    "serve",
]  # fmt: skip

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000
# An in-memory copy of a store takes about this many times the store's size on disk
# (measured: a 55 MB store of 651,586 triples, 10,000 synthetic articles, ~250 MB in memory).
MEMORY_PER_DISK_BYTE = 5
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _Stop(Exception):
    """Raised in the main thread by a stop signal, so that cleanup runs as on Ctrl-C."""


def memory_fits(store_dir: str | Path, workers: int) -> bool:
    """Whether ``workers`` in-memory copies of the store take at most half the memory the
    system has available (Linux ``MemAvailable``; False where that cannot be read)."""
    size = sum(f.stat().st_size for f in Path(store_dir).rglob("*") if f.is_file())
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            info = dict(line.split(":", 1) for line in fh if ":" in line)
        available = int(info["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return False
    return size * MEMORY_PER_DISK_BYTE * max(workers, 1) <= available // 2


class _ServerWithCleanup(SparqlServer):
    """A :class:`SparqlServer` that owns its pool and its temporary store folder."""

    cleanup: Callable[[], None] | None = None

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
        if self.cleanup is not None:
            self.cleanup()
            self.cleanup = None


def make_server(
    source: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    workers: int = DEFAULT_WORKERS,
    cors: str | None = None,
    quiet: bool = False,
    memory: bool | None = None,
    max_memory: int = DEFAULT_MEMORY_MB,
) -> SparqlServer:
    """A ready (bound, workers started) endpoint over ``source``: a Turtle file or a store.

    ``memory``: each worker holds its own in-memory copy of the graph (2-4x faster queries,
    that much more memory per worker, slower start); ``False``: workers read the store on
    disk; ``None`` (default): in memory when every worker's copy fits (``memory_fits``).
    ``max_memory``: megabytes a query may take on top of the loaded graph (0: no cap).
    ``port=0`` lets the system choose a free port (see ``server.url``). Call
    ``serve_forever()`` to answer requests, then ``shutdown()`` and ``server_close()``.
    """
    if timeout <= 0:
        raise InputError("--timeout: give a positive number of seconds")
    if max_results < 1:
        raise InputError("--max-results: give at least 1")
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: give a port from 1 to 65535 (0 picks a free one)")
    src = Path(source)
    tmp: Path | None = None
    if is_store(src):
        store_dir = src
    elif src.is_file():
        tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        store_dir = tmp / "store"
        try:
            load_store(src, store_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    else:
        raise InputError(
            f"{src}: neither a graph file nor an oxigraph store; give OUT/graph.ttl "
            "or a folder made by `kg load`"
        )

    def cleanup() -> None:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    if memory is None:
        memory = memory_fits(store_dir, workers + 1)
    try:
        pool = QueryPool(store_dir, workers, memory, max_memory)
    except BaseException:
        cleanup()
        raise
    try:
        server = _ServerWithCleanup((host, port), pool, timeout, max_results, cors, quiet)
    except (OSError, OverflowError) as exc:
        pool.close()
        cleanup()
        raise InputError(_bind_advice(host, port, exc)) from None
    server.cleanup = cleanup
    return server


def _bind_advice(host: str, port: int, exc: BaseException) -> str:
    """Why listening failed, and what to change: the port, or the host."""
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno in (98, 48, 13):  # in use, in use (BSD), denied
        return f"cannot listen on port {port} ({text}); choose another --port"
    return (
        f"cannot listen on {host} ({text}); give an address of this machine with --host "
        "(127.0.0.1, ::1, 0.0.0.0 or ::)"
    )


def serve(
    source: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    workers: int = DEFAULT_WORKERS,
    cors: str | None = None,
    quiet: bool = False,
    memory: bool | None = None,
    max_memory: int = DEFAULT_MEMORY_MB,
) -> None:
    """Serve ``source`` until Ctrl-C, SIGTERM or SIGHUP; announces the URL on stderr. Every
    way of stopping removes the temporary store."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop(signum)

    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS}
    try:
        try:
            server = make_server(
                source, host, port, timeout, max_results, workers, cors, quiet, memory, max_memory
            )
        except _Stop:
            return  # stopped while starting: make_server removed what it had made
        try:
            _announce(server, timeout, max_results, workers, max_memory)
            server.serve_forever()
        except (KeyboardInterrupt, _Stop):
            pass
        finally:
            server.server_close()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _announce(
    server: SparqlServer, timeout: float, max_results: int, workers: int, max_memory: int
) -> None:
    if not server.loopback:
        print(
            f"kg: warning: listening on {server.url}: anyone who can reach this "
            "machine can read the graph",
            file=sys.stderr,
        )
    where = "graph in memory" if server.pool.memory else "graph read from the store on disk"
    print(
        f"kg: SPARQL endpoint at {server.url} (read-only; time limit {timeout:g} s, "
        f"at most {max_results} results; {where} in each of {workers} workers); Ctrl-C stops it",
        file=sys.stderr,
        flush=True,
    )
    if not server.pool.isolated:
        print(
            "kg: note: the query workers could not be cut off from the network on this system; "
            "SERVICE is still refused",
            file=sys.stderr,
        )
