"""The SPARQL endpoint (kg.serve) over HTTP, queried the way a user would: with SPARQLWrapper.

A synthetic graph of 2,000 triples is served on a free loopback port by a server thread (its
queries run in worker processes); one test starts `kg serve` as a separate process. Checked:
the SPARQL 1.1 Protocol (GET, POST form, POST query body), result formats by Accept decided
by the query form (every SPARQLWrapper format for SELECT, CONSTRUCT and DESCRIBE), the query
page at / (no external address), UPDATE refused, the result-size limit, the Host check, and
that a runaway query is stopped at the time limit while another client is still answered.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.serve import SparqlServer, make_server, memory_fits

TIMEOUT = 4.0
MAX_RESULTS = 50
PEOPLE = 400  # 5 triples each: 2,000 triples
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 8e9 rows


def synthetic_graph(path: Path) -> Path:
    lines = [
        "@prefix kg: <https://w3id.org/raidkg/ontology#> .",
        "@prefix kgr: <https://w3id.org/raidkg/resource/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
    ]
    for i in range(PEOPLE):
        lines.append(
            f'kgr:p{i} a kg:Person ; rdfs:label "أبو {i}"@ar, "Abu {i}"@en ; '
            f'skos:altLabel "=cmd|{i}"@ar ; kg:memberOf kgr:isis .'
        )
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_graph(tmp_path_factory.mktemp("serve") / "graph.ttl")


@pytest.fixture(scope="module")
def server(graph_file: Path) -> Iterator[SparqlServer]:
    srv = make_server(
        graph_file, port=0, timeout=TIMEOUT, max_results=MAX_RESULTS, workers=2, quiet=True
    )
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, str]:
    """(status, headers, body) of one request, HTTP errors included."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def count_triples(url: str) -> int:
    res = client(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").query().convert()
    return int(res["results"]["bindings"][0]["n"]["value"])


def test_bound_to_loopback_by_default(server: SparqlServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_select_through_sparqlwrapper_in_json(server: SparqlServer) -> None:
    q = "SELECT ?l WHERE { kgr:p7 rdfs:label ?l } ORDER BY ?l"  # kg prefixes predeclared
    res = client(server.url, q).query().convert()
    assert res["head"]["vars"] == ["l"]
    assert res["results"]["bindings"] == [
        {"l": {"type": "literal", "value": "Abu 7", "xml:lang": "en"}},
        {"l": {"type": "literal", "value": "أبو 7", "xml:lang": "ar"}},
    ]
    assert count_triples(server.url) == PEOPLE * 5


def test_post_form_and_post_query_body(server: SparqlServer) -> None:
    q = "SELECT ?p WHERE { ?p skos:altLabel ?a } ORDER BY ?p LIMIT 1"
    form = client(server.url, q)
    form.setMethod(POST)
    direct = client(server.url, q)
    direct.setMethod(POST)
    direct.setRequestMethod(POSTDIRECTLY)
    for sw in (form, direct):
        (row,) = sw.query().convert()["results"]["bindings"]
        assert row["p"]["value"].startswith("https://w3id.org/raidkg/resource/p")


def test_xml_csv_tsv_and_ask(server: SparqlServer) -> None:
    q = 'SELECT ?p ?a WHERE { ?p skos:altLabel ?a . FILTER(?a = "=cmd|3"@ar) }'
    xml = client(server.url, q, XML).query().convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "=cmd|3"
    csv_body = client(server.url, q, CSV).query().convert().decode("utf-8")
    assert csv_body.splitlines() == ["p,a", "https://w3id.org/raidkg/resource/p3,=cmd|3"]
    tsv_body = client(server.url, q, TSV).query().convert().decode("utf-8")
    assert tsv_body.splitlines()[1] == '<https://w3id.org/raidkg/resource/p3>\t"=cmd|3"@ar'
    status, headers, body = http(
        server.url + "?" + urllib.parse.urlencode({"query": "ASK { kgr:p1 a kg:Person }"}),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert json.loads(body)["boolean"] is True


def test_update_is_refused_however_it_is_sent(server: SparqlServer) -> None:
    before = count_triples(server.url)
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    sw = SPARQLWrapper(server.url, updateEndpoint=server.url)
    sw.setMethod(POST)
    sw.setQuery(update)  # SPARQLWrapper sends it as update=… (a form)
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    attempts = [
        (server.url + "?" + urllib.parse.urlencode({"query": update}), None, {}),
        (server.url, update.encode(), {"Content-Type": "application/sparql-update"}),
        (server.url, urllib.parse.urlencode({"update": update}).encode(), {}),
        (
            server.url,
            b"PREFIX x: <urn:x#>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
            {"Content-Type": "application/sparql-query"},
        ),
    ]
    for url, data, headers in attempts:
        status, _, body = http(url, data, headers)
        assert status == 403, (url, data)
        assert "read-only" in body
    assert http(server.url, b"", {"Content-Type": "text/turtle"})[0] == 415
    assert count_triples(server.url) == before


def test_broken_query_is_a_bad_request(server: SparqlServer) -> None:
    with pytest.raises(QueryBadFormed):
        client(server.url, "SELECT WHERE {").query()


def test_result_size_limit(server: SparqlServer) -> None:
    url = server.url + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    status, headers, body = http(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_RESULTS
    assert headers["X-Result-Truncated"] == "true"
    assert headers["X-Result-Limit"] == str(MAX_RESULTS)
    small = server.url + "?" + urllib.parse.urlencode({"query": "SELECT * { kgr:p1 ?p ?o }"})
    status, headers, body = http(small, headers={"Accept": "application/sparql-results+json"})
    assert len(json.loads(body)["results"]["bindings"]) == 5
    assert "X-Result-Truncated" not in headers


def test_requests_for_another_host_are_refused(server: SparqlServer) -> None:
    """A web page on evil.example that resolves its name to 127.0.0.1 gets nothing."""
    url = server.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, _, body = http(url, headers={"Host": "evil.example"})
    assert status == 403 and "localhost" in body
    assert http(url, headers={"Host": f"localhost:{server.server_address[1]}"})[0] == 200


def test_runaway_query_is_stopped_while_another_client_is_answered(server: SparqlServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        try:
            client(server.url, SLOW).query()
        except urllib.error.HTTPError as err:
            outcome["status"] = err.code
            outcome["message"] = err.read().decode("utf-8")
        outcome["seconds"] = time.monotonic() - started

    slow = threading.Thread(target=runaway)
    slow.start()
    time.sleep(0.3)  # let the runaway query reach its worker
    # A second client is answered while the runaway query is still running.
    res = client(server.url, "SELECT ?l WHERE { kgr:p1 rdfs:label ?l }").query().convert()
    assert len(res["results"]["bindings"]) == 2
    assert slow.is_alive(), "the runaway query should still be running"
    slow.join(TIMEOUT + 30)
    assert outcome["status"] == 503
    assert "time limit" in str(outcome["message"])
    assert float(outcome["seconds"]) >= TIMEOUT  # type: ignore[arg-type]
    # The killed worker is replaced: two clients at once are both answered afterwards.
    answers: list[int] = []
    pair = [
        threading.Thread(target=lambda: answers.append(count_triples(server.url))) for _ in range(2)
    ]
    for t in pair:
        t.start()
    for t in pair:
        t.join(TIMEOUT * 3)
    assert answers == [PEOPLE * 5] * 2


@pytest.mark.parametrize(
    ("where", "said"),
    [(["--disk"], "on disk"), (["--memory"], "in memory"), ([], "in memory")],
    ids=["disk", "memory", "default"],
)
def test_kg_serve_command_answers_another_process(
    graph_file: Path, where: list[str], said: str
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(graph_file), "--port", "0", "-q", *where],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "SPARQL endpoint at http://127.0.0.1:" in line, line
        assert said in line  # a small graph is served from memory unless --disk is given
        url = line.split(" at ", 1)[1].split()[0]
        res = client(url, "SELECT ?l WHERE { kgr:p2 rdfs:label ?l . FILTER(lang(?l)='en') }")
        assert res.query().convert()["results"]["bindings"][0]["l"]["value"] == "Abu 2"
        assert count_triples(url) == PEOPLE * 5
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0


def test_memory_is_the_default_only_when_every_copy_fits(tmp_path: Path) -> None:
    store = tmp_path / "store"
    (store / "sub").mkdir(parents=True)
    (store / "sub" / "data.sst").write_bytes(b"x" * 1000)
    assert memory_fits(store, workers=2)
    assert not memory_fits(store, workers=10**12)  # 5 PB of copies fit nowhere


# -- content negotiation by query form (issue 21) ----------------------------------------------

CONSTRUCT_Q = "CONSTRUCT { ?p rdfs:label ?l } WHERE { kgr:p3 rdfs:label ?l . BIND(kgr:p3 AS ?p) }"
DESCRIBE_Q = "DESCRIBE kgr:p3"


def test_select_in_every_results_format(server: SparqlServer) -> None:
    q = "SELECT ?l WHERE { kgr:p3 rdfs:label ?l . FILTER(lang(?l) = 'en') }"
    res = client(server.url, q, JSON).query()
    assert res.response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert res.convert()["results"]["bindings"][0]["l"]["value"] == "Abu 3"
    xml = client(server.url, q, XML).query()
    assert xml.response.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert xml.convert().getElementsByTagName("literal")[0].firstChild.data == "Abu 3"
    csv_res = client(server.url, q, CSV).query()
    assert csv_res.response.headers["Content-Type"].startswith("text/csv")
    assert csv_res.convert().decode("utf-8").splitlines() == ["l", "Abu 3"]
    tsv_res = client(server.url, q, TSV).query()
    assert tsv_res.response.headers["Content-Type"].startswith("text/tab-separated-values")
    assert tsv_res.convert().decode("utf-8").splitlines() == ["?l", '"Abu 3"@en']


@pytest.mark.parametrize("query", [CONSTRUCT_Q, DESCRIBE_Q], ids=["construct", "describe"])
@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (TURTLE, "text/turtle"),
        (N3, "text/turtle"),
        (XML, "application/rdf+xml"),
        (JSONLD, "application/ld+json"),
    ],
    ids=["turtle", "n3", "rdfxml", "jsonld"],
)
def test_graph_forms_in_every_rdf_format(
    server: SparqlServer, query: str, fmt: str, media: str
) -> None:
    """CONSTRUCT and DESCRIBE answer Turtle, N3 (as Turtle), RDF/XML and JSON-LD, the format
    chosen after the query form is known (SPARQLWrapper sends format=xml for RDF/XML)."""
    res = client(server.url, query, fmt).query()
    assert res.response.headers["Content-Type"].startswith(media)
    got = res.convert()
    graph = Graph()
    if isinstance(got, Graph):
        graph = got
    else:
        graph.parse(data=got.decode("utf-8"), format="turtle")
    p3 = URIRef("https://w3id.org/raidkg/resource/p3")
    labels = {str(o) for o in graph.objects(p3, RDFS.label)}
    assert labels == {"Abu 3", "أبو 3"}
    if query == DESCRIBE_Q:  # DESCRIBE gives every triple of the resource
        assert len(graph) == 5


def test_construct_with_accept_turtle_is_not_406(server: SparqlServer) -> None:
    url = server.url + "?" + urllib.parse.urlencode({"query": CONSTRUCT_Q})
    status, headers, body = http(url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "Abu 3" in body
    status, headers, _ = http(url, headers={"Accept": "text/csv"})
    assert status == 406  # no table format for a graph
    url = server.url + "?" + urllib.parse.urlencode({"query": "SELECT * {} LIMIT 1"})
    assert http(url, headers={"Accept": "text/turtle"})[0] == 406


# -- the query page (issue 21) -----------------------------------------------------------------


def test_query_page_is_served_and_works_offline(server: SparqlServer) -> None:
    root = server.url.rsplit("/", 1)[0]
    status, headers, page = http(root + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "Run query" in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sorted(assets) == ["static/query.css", "static/query.js"]
    bodies = [page]
    for asset in assets:
        status, headers, body = http(f"{root}/{asset}")
        assert status == 200, asset
        bodies.append(body)
    for body in bodies:  # nothing is loaded from, or sent to, another address
        assert not re.search(r"(?i)https?:|//[a-z0-9]|\burl\(|@import", body), body[:200]
    assert "innerHTML" not in bodies[2] and 'fetch("sparql"' in bodies[2]
    assert http(root + "/static/../serve/__init__.py")[0] == 404
    assert http(root + "/static/nothing.js")[0] == 404
