"""The oxigraph store: a built graph loaded into an embedded, on-disk SPARQL database.

rdflib parses ``graph.ttl`` into memory on every run and evaluates SPARQL in Python, which is
fine for thousands of triples and slow for millions. ``pyoxigraph`` keeps the graph in a
RocksDB folder (a "store") that opens instantly and answers SPARQL in Rust.

Reads a Turtle file (``load_store``, ``memory_store``) or a store folder (``open_store``,
read-only); writes a store folder (``load_store``), atomically: the store is built in a
temporary folder beside the target and renamed into place when complete, so a failed load
never leaves a half-filled store and an existing one survives it.

Limits: a store folder can be open for writing by one process at a time; read-only opening
(what ``kg query`` and ``kg serve`` do) may happen in many processes at once, but not while
another process is writing the folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, QueryError

# RocksDB writes these into every database folder; their presence is how a store is told
# apart from any other folder (an OUT/ folder of ``kg build``, a home directory).
_STORE_MARKERS = ("CURRENT", "IDENTITY")


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding an oxigraph (RocksDB) store."""
    p = Path(path)
    return p.is_dir() and all((p / m).is_file() for m in _STORE_MARKERS)


def load_store(graph: str | Path, store_dir: str | Path, replace: bool = False) -> int:
    """Load the Turtle file ``graph`` into a new on-disk store ``store_dir``; the triple count.

    An existing store is only replaced when ``replace`` is set, and a folder that is not a
    store is never replaced (so a typo cannot wipe an unrelated folder).
    """
    src, dst = Path(graph), Path(store_dir)
    if not src.is_file():
        raise InputError(f"{src}: graph file not found; build one with `kg build INPUT -o OUT/`")
    if dst.exists():
        if not is_store(dst):
            if not dst.is_dir() or any(dst.iterdir()):
                raise InputError(f"{dst}: exists and is not an oxigraph store; choose a new folder")
        elif not replace:
            raise InputError(f"{dst}: a store is already there; add --replace to rebuild it")
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent))
    try:
        store = ox.Store(str(tmp))
        try:
            store.bulk_load(path=str(src), format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            raise InputError(f"{src}: not a readable Turtle file ({exc})") from None
        store.flush()
        count = len(store)
        del store  # closes the database before the folder is renamed
        old: Path | None = None
        if dst.exists():
            old = dst.with_name(f".{dst.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(dst, old)
        os.replace(tmp, dst)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return count
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def open_store(store_dir: str | Path) -> ox.Store:
    """Open a store folder read-only (many processes may do so at once)."""
    p = Path(store_dir)
    if not is_store(p):
        raise InputError(f"{p}: not an oxigraph store; create one with `kg load GRAPH.ttl {p}`")
    try:
        return ox.Store.read_only(str(p))
    except OSError as exc:
        raise InputError(f"{p}: the store could not be opened ({exc})") from None


def memory_store(graph: str | Path) -> ox.Store:
    """A Turtle file loaded into an in-memory oxigraph store (nothing written to disk)."""
    p = Path(graph)
    if not p.is_file():
        raise InputError(f"{p}: graph file not found; build one with `kg build INPUT -o OUT/`")
    store = ox.Store()
    try:
        store.load(path=str(p), format=ox.RdfFormat.TURTLE)
    except SyntaxError as exc:
        raise InputError(f"{p}: not a readable Turtle file ({exc})") from None
    return store


def term_text(term: object) -> str:
    """The plain text of an RDF term, as rdflib's ``str()`` gives it (IRI, lexical form)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return str(term)


def store_query(
    store: ox.Store, query: str, prefixes: dict[str, str]
) -> tuple[list[str], list[list[str]]]:
    """Run a SELECT/ASK query on a store; returns (column names, rows as strings).

    Refuses (``QueryError``) what ``kg.serve.guard`` refuses: SERVICE, UPDATE, and nesting
    deep enough to overflow Oxigraph's stack (a segmentation fault, not an error)."""
    from kg.serve.guard import inspect_query

    inspect_query(query)
    try:
        result = store.query(query, prefixes=prefixes)
    except SyntaxError as exc:
        raise QueryError(f"the SPARQL query could not be run: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the store could not be read: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[str(bool(result)).lower()]]
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries are supported here")
    cols = [v.value for v in result.variables]
    rows = [[term_text(sol[i]) for i in range(len(cols))] for sol in result]
    return cols, rows
