"""Issue 22, case 6: one bad URL must not disable the graph.

A JSONL ``url`` that is not a valid IRI (``http://example.com:abc/``, ``http://[::1``,
``http://%zz/``, a space) used to be written as an IRI: rdflib read the file, Oxigraph (``kg
load``, ``kg serve``, ``kg query --store oxigraph``) refused all of it. Now such a URL is a
plain literal with a warning, and every build parses its own graph.ttl with Oxigraph before
publishing it.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from buildsafe_support import EXTRACTORS, article, snapshot, write_jsonl
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.api
import kg.export.rdf
from kg import api
from kg.cli import main
from kg.errors import KgError
from kg.serve import make_server
from kg.store import load_store
from kg.text.iri import is_http_iri

BAD_URLS = (
    "http://example.com:abc/",
    "http://[::1",
    "http://%zz/",
    "https://example.com/a b",
)
TRICKY = (
    *BAD_URLS,
    "http://[::1]/", "http://[::1]:80/a?b#c", "http://[zz]/", "http://[fe80::1%25eth0]/",
    "http://[v1.abc]/", "http://example.com/مقال", "http://مثال.com/", "http://a@b/",
    "http://ex.com/%2", "http://ex.com/%E2%82", "http://ex.com/a|b", "http://ex.com/a{b}",
    "http://ex.com/^", "http://ex.com/a\\b", "http://ex.com/`", "http://ex.com/\ue000",
    "http://ex.com/?\ue000", "http://ex.com/\ufffe", "http://ex.com/a#b#c", "http://ex.com/<",
    'http://ex.com/"', "http://ex.com/\x7f", "http://ex.com/[x]", "http://ex[.com/",
    "http://[1:2:3:4:5:6:7:8:9]/", "HTTP://EX.COM/", "http://1.2.3.4:8080/x?q=1&r=2",
)  # fmt: skip


def oxigraph_accepts(iri: str) -> bool:
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("url", TRICKY)
def test_iri_check_agrees_with_oxigraph(url: str) -> None:
    assert is_http_iri(url) == oxigraph_accepts(url)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["http://", "https://"]),
    st.text(alphabet="ab1:%[]@/?#.-_~!$&'()*+,;= <>\"{}|\\^`\x00\u0627\ue000\ufffd", max_size=25),
)
def test_no_iri_oxigraph_refuses_is_accepted(scheme: str, rest: str) -> None:
    """Soundness: whatever is_http_iri lets through as an IRI, Oxigraph reads."""
    url = scheme + rest
    if is_http_iri(url):
        assert oxigraph_accepts(url), url


def bad_url_corpus(tmp_path: Path) -> Path:
    records = [
        {"id": f"u{i}", "text": article(i), "url": url} for i, url in enumerate(BAD_URLS)
    ]
    records.append({"id": "ok", "text": article(1), "url": "https://example.com/news/1"})
    return write_jsonl(tmp_path / "urls.jsonl", *records)


def test_bad_urls_build_a_graph_every_store_opens(tmp_path: Path) -> None:
    out = tmp_path / "out"
    warnings = []
    summary = api.build([bad_url_corpus(tmp_path)], out, EXTRACTORS, jobs=1,
                        on_problem=warnings.append)
    assert summary.documents == 5 and summary.skipped == 0
    assert len(warnings) == 4 and all("not a valid http(s) address" in w.reason for w in warnings)
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["warnings"] == 4
    # Oxigraph reads it; every bad URL is a plain literal, the good one an IRI
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    rows = store.query("SELECT ?s WHERE { ?d <http://purl.org/dc/terms/source> ?s }")
    sources = {row["s"].value: type(row["s"]).__name__ for row in rows}
    good = "https://example.com/news/1"
    assert sources == {**{u: "Literal" for u in BAD_URLS}, good: "NamedNode"}
    # kg load, kg query --store oxigraph, kg serve
    assert load_store(out / "graph.ttl", tmp_path / "db") > 0
    assert main(["query", str(out / "graph.ttl"), "--store", "oxigraph",
                 "SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:Document }"]) == 0
    server = make_server(out / "graph.ttl", port=0, workers=1, quiet=True, memory=False)
    try:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(f"{server.url}?{query}", timeout=30) as answer:
            assert json.loads(answer.read())["boolean"] is True
    finally:
        server.shutdown()
        server.server_close()


def test_a_graph_oxigraph_refuses_is_never_published(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The self-check: were the exporter to write a bad IRI, the build fails and the
    previous output stays."""
    out, before = good_out
    monkeypatch.setattr(kg.export.rdf, "_is_url", lambda text: text.startswith("http"))
    with pytest.raises(KgError, match="not valid Turtle for Oxigraph"):
        api.build([bad_url_corpus(tmp_path)], out, EXTRACTORS, jobs=1)
    assert snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if ".tmp-" in p.name]
    assert kg.api.check_turtle(out / "graph.ttl") is None
