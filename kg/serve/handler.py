"""The HTTP side of ``kg serve``: the SPARQL 1.1 Protocol (query operation) and the query page.

Reads requests; answers from the worker pool (``kg.serve.pool``) and the files of
``kg/serve/static/`` (the query page at ``/``). Checks, in this order, before a query reaches a
worker: the ``Host`` header (while bound to loopback, only loopback names: 127.0.0.0/8 in any
spelling, ::1, localhost; DNS rebinding), the ``Origin`` (only the server's own origin, or
the one ``--cors`` allows; a page elsewhere gets 403, so it cannot make the endpoint run
anything), the size of the request, then the query itself (``kg.serve.guard``: SERVICE,
UPDATE, nesting), and negotiates the result format once the query form is known.

Limits: HTTP/1.0-style, one request per connection; no authentication.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.serve.guard import QueryRefused, inspect_query
from kg.serve.pool import Answer, QueryPool, text_answer
from kg.serve.results import acceptable, negotiate

MAX_REQUEST_BYTES = 1_000_000
LISTEN_BACKLOG = 1024
STATIC = Path(__file__).with_name("static")
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
# The query page may load only its own files and talk only to this server.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
USAGE = (
    "kg SPARQL endpoint (read-only). Send a query: GET /sparql?query=…, or POST /sparql "
    "with query=… (form) or the query as an application/sparql-query body; or open / in a "
    "browser."
)
READ_ONLY = "SPARQL UPDATE is refused: this endpoint is read-only"


def _ipv4_any_spelling(name: str) -> int | None:
    """The address a browser or ``inet_aton`` reads in ``name`` (``127.1``, ``0x7f.1``,
    ``2130706433``, ``0177.0.0.1``), or None when it is no IPv4 address."""
    parts = name.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        try:
            if part.lower().startswith("0x"):
                values.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                values.append(int(part, 8))
            else:
                values.append(int(part, 10) if part.isdigit() else -1)
        except ValueError:
            return None
        if values[-1] < 0:
            return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    address = 0
    for i, v in enumerate(head):
        address |= v << (24 - 8 * i)
    return address | last


def is_loopback(name: str) -> bool:
    """Whether a host name or address can only mean this machine: ``localhost``, ::1 (also
    IPv4-mapped), or 127.0.0.0/8 in any spelling."""
    name = name.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name.rstrip(".") == "localhost":
        return True
    if ":" in name:
        try:
            ip = ipaddress.IPv6Address(name)
        except ValueError:
            return False
        return ip.is_loopback or bool(ip.ipv4_mapped and ip.ipv4_mapped.is_loopback)
    address = _ipv4_any_spelling(name)
    return address is not None and address >> 24 == 127


def host_name(header: str) -> str:
    """The host part of a ``Host`` header (``name``, ``name:port``, ``[v6]:port``)."""
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def listen_address(host: str, port: int) -> tuple[socket.AddressFamily, tuple[str, int]]:
    """The socket family and address to bind for ``host`` (a name, an IPv4 address in any
    spelling, or an IPv6 address such as ``::1`` or ``::``, which need an IPv6 socket: the
    standard library's HTTP server is IPv4-only). Raises ``OSError`` for a name that does not
    resolve."""
    family, _, _, _, sockaddr = socket.getaddrinfo(
        host, port, 0, socket.SOCK_STREAM, 0, socket.AI_PASSIVE
    )[0]
    return family, (str(sockaddr[0]), int(sockaddr[1]))


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: one thread per request, queries run by a :class:`QueryPool`."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG  # the listen backlog (socketserver's default is 5)

    def __init__(
        self,
        address: tuple[str, int],
        pool: QueryPool,
        timeout: float,
        max_results: int,
        cors: str | None = None,
        quiet: bool = False,
    ) -> None:
        self.pool = pool
        self.query_timeout = timeout
        self.max_results = max_results
        self.cors = cors.rstrip("/").lower() if cors and cors != "*" else cors
        self.quiet = quiet
        self.address_family, sockaddr = listen_address(*address)
        super().__init__(sockaddr, SparqlHandler)
        self.loopback = is_loopback(str(self.server_address[0]))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        name = f"[{name}]" if ":" in name else name
        return f"http://{name}:{port}/sparql"


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol, query operation only, and the static query page."""

    server: SparqlServer
    server_version = "kg-sparql/0.2"
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

    def _refused(self) -> bool:
        """Refuse (and answer) a request for another host, or from a page elsewhere."""
        host = self.headers.get("Host", "")
        if self.server.loopback and host and not is_loopback(host_name(host)):
            refusal = f"Host {host!r} refused: this endpoint only serves localhost"
            self._send(text_answer(403, refusal))
            return True
        origin = (self.headers.get("Origin") or "").rstrip("/").lower()
        cors = self.server.cors
        if cors == "*":
            return False
        if origin:
            if origin in (cors, f"http://{host.lower()}"):
                return False
            self._send(
                text_answer(
                    403,
                    f"Origin {origin!r} refused: pages of other sites may not use this "
                    "endpoint; allow one with kg serve --cors ORIGIN",
                )
            )
            return True
        if self.headers.get("Sec-Fetch-Site", "") in ("cross-site", "same-site") and not cors:
            self._send(text_answer(403, "cross-site request refused; see kg serve --cors"))
            return True
        return False

    def _route(self) -> str | None:
        """"sparql", "page", a static file name, or None (answered 404)."""
        path = urlsplit(self.path).path
        if path.rstrip("/") == "/sparql":
            return "sparql"
        if path == "/":
            return "page"
        if path.startswith("/static/"):
            name = path[len("/static/") :]
            if name in {p.name for p in STATIC.iterdir()} and Path(name).suffix in STATIC_TYPES:
                return name
        self._send(text_answer(404, "not found: the SPARQL endpoint is /sparql, the query page /"))
        return None

    def _static(self, name: str) -> None:
        body = (STATIC / name).read_bytes()
        headers = {"Content-Security-Policy": PAGE_POLICY, "X-Frame-Options": "DENY"}
        self._send(Answer(200, STATIC_TYPES[Path(name).suffix], body, headers))

    def _run(self, params: dict[str, list[str]], query: str | None) -> None:
        if "update" in params:
            self._send(text_answer(403, READ_ONLY))
            return
        if query is None:
            queries = params.get("query", [])
            if not queries:
                self._send(text_answer(200, USAGE))
                return
            if len(queries) > 1:
                self._send(text_answer(400, "give exactly one query parameter"))
                return
            query = queries[0]
        try:
            form = inspect_query(query).form
        except QueryRefused as exc:
            self._send(text_answer(exc.status, str(exc)))
            return
        wanted = params.get("format", []) + params.get("output", [])
        fmt = negotiate(form, self.headers.get("Accept", "*/*"), wanted)
        if fmt is None:
            self._send(text_answer(406, f"acceptable formats for {form}: {acceptable(form)}"))
            return
        started = time.monotonic()
        answer = self.server.pool.run(
            query, form, fmt, self.server.query_timeout, self.server.max_results
        )
        answer.headers["X-Query-Seconds"] = f"{time.monotonic() - started:.3f}"
        self._send(answer)

    # -- methods -----------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        if self._refused():
            return
        route = self._route()
        raw = urlsplit(self.path).query
        if route == "page" and not raw:
            self._static("index.html")
            return
        if route not in ("sparql", "page"):
            if route is not None:
                self._static(route)
            return
        if len(raw) > MAX_REQUEST_BYTES:
            self._send(text_answer(414, "query string too long: send the query with POST"))
            return
        self._run(parse_qs(raw, keep_blank_values=True), None)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        if self._refused():
            return
        route = self._route()
        if route not in ("sparql", "page"):
            if route is not None:
                self._send(text_answer(405, "static files are read with GET"))
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_REQUEST_BYTES:
            self._send(text_answer(413, f"request body must be 0..{MAX_REQUEST_BYTES} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._send(text_answer(403, READ_ONLY))
        elif ctype == "application/sparql-query":
            self._run(params, body)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            self._run(params, None)
        else:
            self._send(
                text_answer(
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
        self._send(text_answer(405, "this endpoint is read-only"))

    do_DELETE = do_PATCH = do_PUT
