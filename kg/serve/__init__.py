"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (``kg serve``).

Serves ``GRAPH.ttl`` or a store folder (``kg load``) so that SPARQLWrapper, YASGUI, Protégé
or ``curl`` can query it over HTTP: ``GET /sparql?query=…``, ``POST /sparql`` with a form
(``query=…``) or with the query as the body (``application/sparql-query``). Results are SPARQL
JSON, XML, CSV or TSV, chosen by the ``Accept`` header (or a ``format=json|xml|csv|tsv``
parameter); CONSTRUCT and DESCRIBE give N-Triples. The kg prefixes are predeclared.

Safety, because the graph is read from hostile sources and the endpoint runs on an analyst's
machine:

- read-only: SPARQL UPDATE (``update=``, ``application/sparql-update``, or an update sent as
  ``query=``) is refused with HTTP 403; the store itself is opened read-only;
- bound to 127.0.0.1 unless another host is given; requests whose ``Host`` header names
  another machine are refused while bound to loopback (DNS rebinding);
- a time limit per query: each query runs in a worker *process* (a small pool, each with the
  store open read-only); a query that runs past the limit is answered with HTTP 503 and its
  worker is killed and replaced, so a runaway query never stalls the other clients, who are
  served by the other workers and by their own threads (``ThreadingHTTPServer``);
- a result-size limit: at most ``max_results`` rows (or triples) are returned; when a result
  was cut, the response carries ``X-Result-Truncated: true`` and ``X-Result-Limit: N``;
- request bodies and query strings over 1 MB are refused (HTTP 413 / 414).

Reads the graph (a Turtle file is first loaded into a temporary store folder, removed on
shutdown); writes nothing else. Limits: no authentication (anyone who can reach the port can
read the graph: keep it on loopback); no named graphs (``default-graph-uri`` and
``named-graph-uri`` are ignored); a query waits at most the time limit for a free worker.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import InputError
from kg.store import is_store, load_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_WORKERS = 2
# An in-memory copy of a store takes about this many times the store's size on disk
# (measured: a 55 MB store of 651,586 triples, 10,000 synthetic articles, ~250 MB in memory).
MEMORY_PER_DISK_BYTE = 5
MAX_REQUEST_BYTES = 1_000_000
USAGE = (
    "kg SPARQL endpoint (read-only). Send a query: GET /sparql?query=…, or POST /sparql "
    "with query=… (form) or the query as an application/sparql-query body."
)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Media types: results of SELECT/ASK, then of CONSTRUCT/DESCRIBE (N-Triples is also Turtle).
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RESULT_CONTENT_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = ("application/n-triples", "text/turtle", "text/plain")
_UPDATE = re.compile(
    r"^(?:\s|#[^\n]*\n)*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)(?:\s|#[^\n]*\n)*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
# Characters XML 1.0 cannot carry (a hostile article may contain them); shown as U+FFFD.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Serialising results (runs in the worker processes)
# ---------------------------------------------------------------------------------------------


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_text(value: str) -> str:
    return escape(_XML_BAD.sub("\ufffd", value))


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        attr = ""
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        return f"<literal{attr}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


def _nt_term(term: Any) -> str:
    """A term in N-Triples syntax (also the TSV results syntax)."""
    if isinstance(term, ox.Literal):
        value = (
            term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t")
        )  # fmt: skip
        if term.language:
            return f'"{value}"@{term.language}'
        if term.datatype.value != XSD_STRING:
            return f'"{value}"^^<{term.datatype.value}>'
        return f'"{value}"'
    return str(term)


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def serialize_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results in SPARQL JSON, XML, CSV or TSV."""
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.append("</head>\n<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else _nt_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """ASK results in SPARQL JSON, XML, CSV or TSV."""
    text = str(value).lower()
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n"
        ).encode()
    return f"_askResult\n{text}\n".encode()


def execute(
    store: ox.Store, query: str, fmt: str, graph_type: str, max_results: int, prefixes: dict
) -> tuple[str, bytes, bool]:
    """Run one query; (media type, body, whether the result was cut at ``max_results``)."""
    result = store.query(query, prefixes=prefixes)
    if isinstance(result, ox.QueryBoolean):
        return RESULT_CONTENT_TYPE[fmt], serialize_boolean(bool(result), fmt), False
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[sol[i] for i in range(len(variables))] for sol in islice(result, max_results + 1)]
        cut = len(rows) > max_results
        body = serialize_solutions(variables, rows[:max_results], fmt)
        return RESULT_CONTENT_TYPE[fmt], body, cut
    triples = list(islice(result, max_results + 1))
    cut = len(triples) > max_results
    lines = [
        f"{_nt_term(t.subject)} {_nt_term(t.predicate)} {_nt_term(t.object)} .\n"
        for t in triples[:max_results]
    ]
    return graph_type, "".join(lines).encode("utf-8"), cut


def _worker_main(
    rx: Connection, tx: Connection, store_dir: str, prefixes: dict[str, str], memory: bool = False
) -> None:
    """A worker process: open the store read-only (with ``memory``, copy it into an in-memory
    store first), then answer queries until the pipe closes."""
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
    tx.send(("ready", ""))
    while True:
        try:
            query, fmt, graph_type, max_results = rx.recv()
        except (EOFError, OSError):
            return
        try:
            ctype, body, cut = execute(store, query, fmt, graph_type, max_results, prefixes)
        except SyntaxError as exc:
            tx.send(("error", 400, f"the SPARQL query could not be parsed: {exc}"))
        except OSError as exc:
            tx.send(("error", 500, f"the store could not be read: {exc}"))
        else:
            tx.send(("ok", ctype, body, cut))


# ---------------------------------------------------------------------------------------------
# The worker pool (runs in the server process)
# ---------------------------------------------------------------------------------------------


class _Worker:
    """One worker: ``python -m kg.serve --worker`` talking over two pipes.

    Why a fresh interpreter rather than multiprocessing: forking a threaded server is unsafe,
    and multiprocessing's "spawn" re-runs the caller's main script, which breaks scripts
    without an ``if __name__ == "__main__"`` guard.
    """

    def __init__(self, store_dir: str, prefixes: dict[str, str], memory: bool = False) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        where = "memory" if memory else "disk"
        args = [str(to_child_r), str(from_child_w), store_dir, json.dumps(prefixes), where]
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.serve", "--worker", *args],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.tx = Connection(to_child_w, readable=False)
        self.rx = Connection(from_child_r, writable=False)

    def wait_ready(self, timeout: float) -> str | None:
        """None when the worker is ready, else why it is not."""
        try:
            if self.rx.poll(timeout):
                status, message = self.rx.recv()
                return None if status == "ready" else message
        except (EOFError, OSError) as exc:
            return f"the worker process ended ({exc})"
        return "the worker process did not start in time"

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(5)
        self.tx.close()
        self.rx.close()


class QueryPool:
    """Worker processes that each hold the store open read-only and run one query at a time.

    Why processes: a SPARQL engine cannot be interrupted from outside, but a process can be
    killed. A worker that overruns the time limit is killed and a fresh one started in the
    background, while the other workers keep answering.
    """

    def __init__(
        self, store_dir: str | Path, size: int = DEFAULT_WORKERS, memory: bool = False
    ) -> None:
        from kg.query import PREFIXES

        if size < 1:
            raise InputError("--workers: give at least 1")
        self._store_dir = str(store_dir)
        self.memory = memory  # each worker answers from an in-memory copy
        # a worker copying a large store into memory needs longer to be ready
        self._ready_seconds = 900 if memory else 60
        self._prefixes = {k: str(v) for k, v in PREFIXES.items()}
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._spawn() for _ in range(size)]
        for w in started:
            problem = w.wait_ready(self._ready_seconds)
            if problem is not None:
                self.close()
                raise InputError(f"{store_dir}: the store could not be opened ({problem})")
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self._store_dir, self._prefixes, self.memory)
        with self._lock:
            self._live.add(w)
        return w

    def _retire(self, w: _Worker) -> None:
        with self._lock:
            self._live.discard(w)
        w.kill()
        if not self._closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        w = self._spawn()
        if w.wait_ready(self._ready_seconds) is None and not self._closed:
            self._idle.put(w)
        else:
            with self._lock:
                self._live.discard(w)
            w.kill()

    def run(
        self, query: str, fmt: str, graph_type: str, timeout: float, max_results: int
    ) -> Answer:
        """Run a query on a free worker; HTTP 503 when none frees up or the query overruns."""
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _text(503, f"all query workers are busy; try again (limit {timeout:g} s)")
        try:
            w.tx.send((query, fmt, graph_type, max_results))
            ready = w.rx.poll(timeout)
            msg = w.rx.recv() if ready else None
        except (EOFError, OSError, BrokenPipeError):
            self._retire(w)
            return _text(500, "the query worker failed; the query was not answered")
        if msg is None:
            self._retire(w)
            return _text(
                503,
                f"query stopped: it ran longer than the time limit of {timeout:g} s "
                "(kg serve --timeout)",
            )
        self._idle.put(w)
        if msg[0] == "error":
            return _text(msg[1], msg[2])
        _, ctype, body, cut = msg
        headers = {"X-Result-Limit": str(max_results)}
        if cut:
            headers["X-Result-Truncated"] = "true"
        return Answer(200, f"{ctype}; charset=utf-8", body, headers)

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._live)
            self._live.clear()
        for w in workers:
            w.kill()


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------


def _negotiate(accept: str, fmt_param: str | None) -> tuple[str | None, str]:
    """The results format (json/xml/csv/tsv, None if nothing acceptable) and graph type."""
    if fmt_param:
        f = fmt_param.lower()
        f = {"text": "tsv", "application/sparql-results+json": "json"}.get(f, f)
        if f in RESULT_CONTENT_TYPE:
            return f, GRAPH_TYPES[0]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if bits[0] and q > 0:
            ranked.append((-q, i, bits[0].lower()))
    ranked.sort()
    types = [t for _, _, t in ranked] or ["*/*"]
    fmt: str | None = None
    for t in types:
        if t in RESULT_TYPES:
            fmt = RESULT_TYPES[t]
            break
        if t in ("*/*", "application/*", "text/*"):
            fmt = "json" if t != "text/*" else "csv"
            break
    graph_type = next((t for t in types if t in GRAPH_TYPES), GRAPH_TYPES[0])
    return fmt, graph_type


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: one thread per request, queries run by a :class:`QueryPool`."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        pool: QueryPool,
        timeout: float,
        max_results: int,
        cors: str | None = None,
        quiet: bool = False,
        cleanup: Callable[[], None] | None = None,
    ) -> None:
        self.pool = pool
        self.query_timeout = timeout
        self.max_results = max_results
        self.cors = cors
        self.quiet = quiet
        self._cleanup = cleanup
        self.loopback = _is_loopback(address[0])
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
        if self._cleanup is not None:
            self._cleanup()
            self._cleanup = None


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol, query operation only."""

    server: SparqlServer
    server_version = "kg-sparql/0.1"
    timeout = 60  # seconds a client may take to send its request (slow clients)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        if not self.server.quiet:
            super().log_message(format, *args)

    # -- plumbing --------------------------------------------------------------------------

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Access-Control-Expose-Headers", "X-Result-Truncated, X-Result-Limit")
        for k, v in answer.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _refuse_host(self) -> bool:
        """Refuse a request naming another host while bound to loopback (DNS rebinding)."""
        if not self.server.loopback:
            return False
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if not host or _is_loopback(name):
            return False
        self._send(_text(403, f"Host {host!r} refused: this endpoint only serves localhost"))
        return True

    def _path_ok(self) -> bool:
        if urlsplit(self.path).path.rstrip("/") in ("/sparql", ""):
            return True
        self._send(_text(404, "not found: the SPARQL endpoint is /sparql"))
        return False

    def _run(self, params: dict[str, list[str]], query: str | None) -> None:
        if "update" in params:
            self._send(_text(403, "SPARQL UPDATE is refused: this endpoint is read-only"))
            return
        if query is None:
            queries = params.get("query", [])
            if not queries:
                self._send(_text(200, USAGE))
                return
            if len(queries) > 1:
                self._send(_text(400, "give exactly one query parameter"))
                return
            query = queries[0]
        if _UPDATE.match(query):
            self._send(_text(403, "SPARQL UPDATE is refused: this endpoint is read-only"))
            return
        fmt_param = (params.get("format") or params.get("output") or [None])[0]
        fmt, graph_type = _negotiate(self.headers.get("Accept", "*/*"), fmt_param)
        if fmt is None:
            self._send(
                _text(406, "acceptable results formats: " + ", ".join(RESULT_CONTENT_TYPE.values()))
            )
            return
        started = time.monotonic()
        answer = self.server.pool.run(
            query, fmt, graph_type, self.server.query_timeout, self.server.max_results
        )
        answer.headers["X-Query-Seconds"] = f"{time.monotonic() - started:.3f}"
        self._send(answer)

    # -- methods -----------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        if self._refuse_host() or not self._path_ok():
            return
        raw = urlsplit(self.path).query
        if len(raw) > MAX_REQUEST_BYTES:
            self._send(_text(414, "query string too long: send the query with POST"))
            return
        self._run(parse_qs(raw, keep_blank_values=True), None)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        if self._refuse_host() or not self._path_ok():
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_REQUEST_BYTES:
            self._send(_text(413, f"request body must be 0..{MAX_REQUEST_BYTES} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._send(_text(403, "SPARQL UPDATE is refused: this endpoint is read-only"))
        elif ctype == "application/sparql-query":
            self._run(params, body)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            self._run(params, None)
        else:
            self._send(
                _text(
                    415,
                    "send application/x-www-form-urlencoded (query=…) or application/sparql-query",
                )
            )

    def do_OPTIONS(self) -> None:  # noqa: N802 (stdlib name)
        self.send_response(HTTPStatus.NO_CONTENT)
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Allow", "GET, POST, HEAD, OPTIONS")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self) -> None:  # noqa: N802 (stdlib name)
        self._send(_text(405, "this endpoint is read-only"))

    do_DELETE = do_PATCH = do_PUT


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


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
) -> SparqlServer:
    """A ready (bound, workers started) endpoint over ``source``: a Turtle file or a store.

    ``memory``: each worker holds its own in-memory copy of the graph (2-4x faster queries,
    that much more memory per worker, slower start); ``False``: workers read the store on
    disk; ``None`` (default): in memory when every worker's copy fits (``memory_fits``).
    ``port=0`` lets the system choose a free port (see ``server.url``). Call
    ``serve_forever()`` to answer requests, then ``shutdown()`` and ``server_close()``.
    """
    if timeout <= 0:
        raise InputError("--timeout: give a positive number of seconds")
    if max_results < 1:
        raise InputError("--max-results: give at least 1")
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
        memory = memory_fits(store_dir, workers)
    try:
        pool = QueryPool(store_dir, workers, memory)
    except BaseException:
        cleanup()
        raise
    try:
        return SparqlServer(
            (host, port), pool, timeout, max_results, cors=cors, quiet=quiet, cleanup=cleanup
        )
    except OSError as exc:
        pool.close()
        cleanup()
        raise InputError(f"cannot listen on {host}:{port} ({exc}); choose another --port") from None


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
) -> None:
    """Serve ``source`` until Ctrl-C; announces the URL on stderr."""
    server = make_server(source, host, port, timeout, max_results, workers, cors, quiet, memory)
    if not _is_loopback(host):
        print(
            f"kg: warning: listening on {host}: anyone who can reach this machine can "
            "read the graph",
            file=sys.stderr,
        )
    print(
        f"kg: SPARQL endpoint at {server.url} (read-only; time limit {timeout:g} s, "
        f"at most {max_results} results; "
        f"{'graph in memory' if server.pool.memory else 'graph read from the store on disk'}"
        f" in each of {workers} workers); Ctrl-C stops it",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    _rx, _tx, _store, _prefixes, _where = sys.argv[2:7]
    _worker_main(
        Connection(int(_rx), writable=False),
        Connection(int(_tx), readable=False),
        _store,
        json.loads(_prefixes),
        memory=_where == "memory",
    )
