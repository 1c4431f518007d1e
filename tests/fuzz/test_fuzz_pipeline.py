"""Fuzz extraction, resolution, assembly and every exporter with hostile documents.

Documents are built directly (not through ingestion), so the extractors also meet what
ingestion would have cleaned: controls, lone surrogates, markup. Ids, URLs, outlets and titles
are hostile too (JSONL gives any string). Checked: no stage raises; mentions index the text;
no bidi or zero-width control reaches a label; ``graph.ttl`` parses back to the same graph;
GEXF is schema-valid XML that networkx reads; the CSV files read back row for row with no
formula cell; the HTML carries no live markup from the text.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
from fuzz_support import INJECTIONS, INVISIBLE, any_text, fuzz, newsy, random_unicode
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree
from rdflib import RDF, RDFS, SKOS, Graph
from rdflib.compare import isomorphic

from kg.assemble.pipeline import assemble, extract_document
from kg.export.csv import generate_csv
from kg.export.gexf import generate_gexf
from kg.export.html import generate_html
from kg.export.network import to_networkx
from kg.export.rdf import generate_turtle, to_rdf
from kg.extract import DisjointSpans, combine
from kg.model import Document, KnowledgeGraph
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[2]
GEXF_XSD = ROOT / "tests" / "fixtures" / "gexf-schema" / "1.2draft" / "gexf.xsd"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@cache
def gexf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(GEXF_XSD)))


def doc_ids() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["a", "000_x", "doc 1", "x/y", "a#2", "<b>", "x\u202ey", "ا", "%41", "-"]),
        random_unicode(12).filter(lambda s: s.strip()),
    )


@st.composite
def documents(draw: st.DrawFn, max_docs: int = 3) -> list[Document]:
    ids = draw(st.lists(doc_ids(), min_size=1, max_size=max_docs, unique=True))
    meta = st.one_of(st.none(), st.sampled_from(INJECTIONS), random_unicode(20))
    return [
        Document(
            id=doc_id,
            text=draw(st.one_of(newsy(), newsy(), any_text(300))),
            source=f"{doc_id}.txt",
            url=draw(st.one_of(meta, st.sampled_from(["https://x.example/a?b=1&c=<2>",
                                                      "http://x.example/\u202e", "javascript:x"]))),
            published=draw(st.one_of(st.none(), st.sampled_from(["2024-02-29", "2019-10-27",
                                                                 "0001-01-01", "9999-12-31"]))),
            outlet=draw(meta),
            title=draw(meta),
        )
        for doc_id in ids
    ]


def check_extraction(doc: Document, extractors: tuple[str, ...]) -> None:
    ex = extract_document(doc, extractors)
    n = len(ex.sentences)
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert m.surface == doc.text[m.start : m.end]
        assert 0 <= m.sentence < n
        assert not any(c in INVISIBLE for c in m.base), f"invisible control in {m.base!r}"
    for r in ex.raids:
        assert all(0 <= i < n for i in r.sentences)


@fuzz(120)
@given(documents(max_docs=1))
@example([Document("a", "\ud800", "a.txt")])  # the long run: crfsuite cannot encode it
def test_every_extractor_with_the_tagger(docs: list[Document]) -> None:
    check_extraction(docs[0], ("kb", "pattern", "crf"))


def build(docs: list[Document]) -> KnowledgeGraph:
    return assemble([extract_document(d, ("kb", "pattern")) for d in docs])


@fuzz(250)
@given(documents())
@example([Document("\ud800", "مقتل أبو بكر البغدادي", "a.txt", url="http://x.example/\ud800")])
def test_build_and_export(docs: list[Document]) -> None:
    graph = build(docs)
    assert {d.id for d in graph.documents} == {d.id for d in docs}
    check_exports(graph)


def check_exports(graph: KnowledgeGraph) -> None:
    # Turtle: parses back to the graph it was made from; every document is a kg:Document
    turtle = generate_turtle(graph)
    back = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(back, to_rdf(graph))
    assert len(set(back.subjects(RDF.type, KG.Document))) >= len(graph.documents)
    for p in (RDFS.label, SKOS.altLabel):
        for label in back.objects(None, p):
            assert str(label).strip(), "an empty label"
            assert not any(c in INVISIBLE for c in str(label)), f"invisible control in {label!r}"
    # GEXF: valid against the schema, read by networkx with every node
    gexf = generate_gexf(graph)
    document = etree.fromstring(gexf.encode("utf-8"))
    assert gexf_schema().validate(document), str(gexf_schema().error_log)
    read = nx.read_gexf(io.BytesIO(gexf.encode("utf-8")))
    assert read.number_of_nodes() == to_networkx(graph).number_of_nodes()
    # CSV: one row per entity, raid, relation; no cell a spreadsheet would run
    tables = generate_csv(graph)
    sizes = {"entities.csv": len(graph.entities), "raids.csv": len(graph.raids),
             "relations.csv": len(graph.relations)}
    for name, text in tables.items():
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == 1 + sizes[name]
        assert len({len(r) for r in rows}) == 1
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_START) or cell.lstrip("-").replace(
                    ".", "", 1).isdigit(), f"formula cell {cell!r} in {name}"
    # HTML: the text's markup never reaches the page as markup
    page = generate_html(graph)
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "<svg onload" not in page


GIANT_TOKENS = ["ب", "أبو", ".", "<", "&amp;", '"', "مقتل أبو بكر "]


@pytest.mark.parametrize("token", GIANT_TOKENS)
def test_giant_tokens_through_the_pipeline(token: str) -> None:
    """30,000 characters without a sentence end: bounded work (sentences are cut at 2,000
    characters, fuzzy matching skips words longer than any name, overlap checks are binary
    searches), and the exports still hold."""
    check_giant(token, 30_000)


@pytest.mark.slow
@pytest.mark.parametrize("token", GIANT_TOKENS)
def test_giant_tokens_through_the_pipeline_200k(token: str) -> None:
    """The same with 200,000 characters (before the fixes: killed for lack of memory after
    minutes, or 7 minutes of quadratic overlap checks)."""
    check_giant(token, 200_000)


def check_giant(token: str, size: int) -> None:
    text = "غارة في إدلب أسفرت عن مقتل " + token * (size // len(token))
    graph = build([Document("giant", text, "giant.txt")])
    check_exports(graph)


@fuzz(300)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=40),
       st.tuples(st.integers(0, 60), st.integers(0, 12)))
def test_disjoint_spans_answer_as_a_scan_does(spans: list[tuple[int, int]],
                                              query: tuple[int, int]) -> None:
    """The binary search of ``DisjointSpans`` (combine, short forms) agrees with the
    quadratic scan it replaced."""
    taken: list[tuple[int, int]] = []
    index = DisjointSpans()
    for start, length in spans:
        end = start + length
        scan = any(start < e and s < end for s, e in taken)
        assert index.overlaps(start, end) == scan
        if not scan:
            taken.append((start, end))
            index.add(start, end)
    qs, ql = query
    assert index.overlaps(qs, qs + ql) == any(qs < e and s < qs + ql for s, e in taken)
    assert combine([]) == []
