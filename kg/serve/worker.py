"""A query worker process of ``kg serve``: ``python -m kg.serve.worker RX TX STORE PREFIXES
WHERE MEMORY_MB``.

Reads queries from the pipe ``RX`` and writes answers to ``TX`` (``multiprocessing``
connections); reads the store folder read-only (``WHERE=memory``: copied into an in-memory
store first). Writes nothing else. Before it answers anything it:

- leaves the network: it moves into a network namespace of its own (``unshare``), where no
  address, not even 127.0.0.1, can be reached, so a query that slipped a ``SERVICE`` clause
  past the guard still cannot make a request (best effort: where the system refuses
  namespaces the guard alone stands, and the ready message says so);
- caps its own memory: ``RLIMIT_DATA`` is set to what the loaded graph takes plus
  ``MEMORY_MB``, so a query that builds huge intermediate values (``CONCAT(?v, ?v)`` forty
  times) makes the engine's allocation fail and the process abort; the pool sees the abort and
  answers 503 "query stopped: memory limit".

Limits: one query at a time; the caller enforces the time limit by killing the process.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import sys
from itertools import islice
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.serve.results import (
    GRAPH_FORMS,
    media_type,
    serialize_boolean,
    serialize_solutions,
    serialize_triples,
)

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MB = 1024 * 1024


def leave_network() -> bool:
    """Move this (single-threaded) process into an empty network namespace; whether it did.

    As root a network namespace alone is allowed; otherwise a user namespace is needed too."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    unshare = getattr(libc, "unshare", None)
    if unshare is None:
        return False
    return unshare(CLONE_NEWNET) == 0 or unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0


def data_bytes() -> int:
    """This process's data segment now (``VmData``: heap and private mappings), in bytes."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cap_memory(extra_mb: int) -> bool:
    """Limit the data segment to what it is now plus ``extra_mb``; whether the cap is set."""
    if extra_mb <= 0:
        return False
    limit = data_bytes() + extra_mb * MB
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError):
        return False
    return True


def execute(
    store: ox.Store,
    query: str,
    form: str | None,
    fmt: str,
    max_results: int,
    prefixes: dict[str, str],
) -> tuple[str, bytes, bool]:
    """Run one query; (media type, body, whether the result was cut at ``max_results``)."""
    result = store.query(query, prefixes=prefixes)
    if isinstance(result, ox.QueryBoolean):
        return media_type("ASK", fmt), serialize_boolean(bool(result), fmt), False
    if isinstance(result, ox.QuerySolutions):
        if form in GRAPH_FORMS:  # the guard misread the form: answer in JSON
            fmt = "json"
        variables = [v.value for v in result.variables]
        rows = [[sol[i] for i in range(len(variables))] for sol in islice(result, max_results + 1)]
        cut = len(rows) > max_results
        body = serialize_solutions(variables, rows[:max_results], fmt)
        return media_type("SELECT", fmt), body, cut
    if form not in GRAPH_FORMS:
        fmt = "ntriples"
    triples = list(islice(result, max_results + 1))
    cut = len(triples) > max_results
    body = serialize_triples(triples[:max_results], fmt, prefixes)
    return media_type("CONSTRUCT", fmt), body, cut


def worker_main(
    rx: Connection,
    tx: Connection,
    store_dir: str,
    prefixes: dict[str, str],
    memory: bool = False,
    memory_mb: int = 0,
) -> None:
    """Leave the network, open the store, cap memory, then answer queries until the pipe
    closes. Messages out: ("ready", isolated, capped) or ("failed", why) once, then per query
    ("ok", media type, body, cut) or ("error", HTTP status, message)."""
    isolated = leave_network()
    try:
        store = ox.Store.read_only(store_dir)
        if memory:
            # Oxigraph answers 3-4x faster from memory than through RocksDB lookups.
            copy = ox.Store()
            copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
            store = copy
    except OSError as exc:
        tx.send(("failed", str(exc)))
        return
    capped = cap_memory(memory_mb)
    tx.send(("ready", isolated, capped))
    while True:
        try:
            query, form, fmt, max_results = rx.recv()
        except (EOFError, OSError):
            return
        try:
            ctype, body, cut = execute(store, query, form, fmt, max_results, prefixes)
        except SyntaxError as exc:
            tx.send(("error", 400, f"the SPARQL query could not be parsed: {exc}"))
        except OSError as exc:
            tx.send(("error", 500, f"the store could not be read or the query failed: {exc}"))
        except MemoryError:
            tx.send(("memory",))
            return  # a process that ran out of memory is not trusted further: replaced
        else:
            tx.send(("ok", ctype, body, cut))


if __name__ == "__main__":
    _rx, _tx, _store, _prefixes, _where, _mb = sys.argv[1:7]
    os.environ["RUST_BACKTRACE"] = "0"
    worker_main(
        Connection(int(_rx), writable=False),
        Connection(int(_tx), readable=False),
        _store,
        json.loads(_prefixes),
        memory=_where == "memory",
        memory_mb=int(_mb),
    )
