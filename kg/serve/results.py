"""Result formats of the endpoint, and which one a client gets (content negotiation).

Writes SELECT solutions and ASK booleans as SPARQL JSON, XML, CSV or TSV, and the triples of
CONSTRUCT and DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD. Which format a client gets is
decided once the query form is known (``negotiate``): the ``format=``/``output=`` parameter
when it names a format of that form (SPARQLWrapper sends ``format=xml`` for both SPARQL XML
and RDF/XML), otherwise the ``Accept`` header by quality. Pure functions, no I/O; the worker
processes call the serialisers, the HTTP handler calls ``negotiate``.

Limits: CSV is the raw values of the SPARQL CSV format (not spreadsheet-safe); characters XML
1.0 cannot carry are written as U+FFFD in SPARQL XML.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# SELECT/ASK results: format name -> media type, and the media types a client may ask for.
SOLUTION_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
SOLUTION_ACCEPT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
SOLUTION_PARAM = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "text": "tsv"}
# CONSTRUCT/DESCRIBE results: format name -> (media type, Oxigraph format).
GRAPH_TYPES = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
}
GRAPH_ACCEPT = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",  # Turtle is N3
    "text/rdf+n3": "turtle",
    "application/n3": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
}
GRAPH_PARAM = {
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples",
    "ntriples": "ntriples", "n-triples": "ntriples", "xml": "rdfxml", "rdf": "rdfxml",
    "rdf+xml": "rdfxml", "rdfxml": "rdfxml", "json-ld": "jsonld", "jsonld": "jsonld",
    "json": "jsonld",
}  # fmt: skip
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
# Characters XML 1.0 cannot carry (a hostile article may contain them); shown as U+FFFD.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def negotiate(form: str | None, accept: str, params: Iterable[str]) -> str | None:
    """The format to answer a query of ``form`` in, or None when the client accepts none.

    ``params`` are the values of ``format=``/``output=`` (first one this form knows wins);
    then ``Accept`` by quality and order. A graph form gets a graph format, any other form
    (SELECT, ASK, or a syntax error still to be reported) a results format.
    """
    graph = form in GRAPH_FORMS
    by_param, by_type = (GRAPH_PARAM, GRAPH_ACCEPT) if graph else (SOLUTION_PARAM, SOLUTION_ACCEPT)
    for value in params:
        v = value.strip().lower()
        if v in by_param:
            return by_param[v]
        if v in by_type:
            return by_type[v]
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
    for t in [t for _, _, t in ranked] or ["*/*"]:
        if t in by_type:
            return by_type[t]
        if t in ("*/*", "application/*"):
            return "turtle" if graph else "json"
        if t == "text/*":
            return "turtle" if graph else "csv"
    return None


def media_type(form: str | None, fmt: str) -> str:
    """The Content-Type (without charset) of format ``fmt`` for a query of ``form``."""
    return GRAPH_TYPES[fmt][0] if form in GRAPH_FORMS else SOLUTION_TYPES[fmt]


def acceptable(form: str | None) -> str:
    """The media types a query of ``form`` can be answered in, for a 406 message."""
    if form in GRAPH_FORMS:
        return ", ".join(t for t, _ in GRAPH_TYPES.values())
    return ", ".join(SOLUTION_TYPES.values())


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



def serialize_triples(
    triples: list[ox.Triple], fmt: str, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """CONSTRUCT/DESCRIBE results in Turtle, N-Triples, RDF/XML or JSON-LD (prefixes bound
    where the format has them)."""
    if fmt == "ntriples":
        return "".join(
            f"{_nt_term(t.subject)} {_nt_term(t.predicate)} {_nt_term(t.object)} .\n"
            for t in triples
        ).encode("utf-8")
    rdf_format = GRAPH_TYPES[fmt][1]
    return ox.serialize(triples, format=rdf_format, prefixes=dict(prefixes or {})) or b""
