"""A fast, deterministic Turtle writer for graphs without blank nodes.

Reads an rdflib Graph, returns Turtle text: prefixes of ``kg.vocab.PREFIXES``, one block per
subject (subjects, predicates and objects sorted; ``rdf:type`` first, written ``a``), IRIs
shortened to prefixed names where the local part is a plain name, literals escaped per the
Turtle grammar. rdflib's own serializer gives the same graph but is several times slower on
large graphs (it analyses the graph for lists and nesting, which kg graphs never need).

Limits: blank nodes are written as ``_:id`` labels (kg graphs have none); long strings are
written on one line.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.vocab import PREFIXES

_LOCAL_RE = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}  # fmt: skip
_ESCAPE_RE = re.compile(r'[\\"\n\r\t\b\f]')
_IRI_ESCAPE_RE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri(value: str, prefixes: list[tuple[str, str]]) -> str:
    for name, ns in prefixes:
        if value.startswith(ns):
            local = value[len(ns) :]
            if _LOCAL_RE.match(local):
                return f"{name}:{local}"
    return "<" + _IRI_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04X}", value) + ">"


def _literal(lit: Literal, prefixes: list[tuple[str, str]]) -> str:
    text = '"' + _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], str(lit)) + '"'
    if lit.language:
        return f"{text}@{lit.language}"
    if lit.datatype is not None and lit.datatype != XSD.string:
        return f"{text}^^{_iri(str(lit.datatype), prefixes)}"
    return text


def _term(term: object, prefixes: list[tuple[str, str]]) -> str:
    if isinstance(term, URIRef):
        return _iri(str(term), prefixes)
    if isinstance(term, Literal):
        return _literal(term, prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"cannot write {term!r} as Turtle")


def serialize_turtle(graph: Graph) -> str:
    """Turtle text of ``graph``; the same triples always give the same bytes."""
    # longest namespace first, so that a namespace inside another never shadows it
    prefixes = sorted(PREFIXES, key=lambda p: -len(p[1]))
    by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    memo: dict[object, str] = {RDF.type: "a"}

    def term(t: object) -> str:
        text = memo.get(t)
        if text is None:
            text = memo[t] = _term(t, prefixes)
        return text

    for s, p, o in graph:
        by_subject[term(s)][term(p)].add(term(o))
    out = [f"@prefix {name}: <{ns}> ." for name, ns in sorted(PREFIXES)]
    out.append("")
    for subject in sorted(by_subject):
        preds = by_subject[subject]
        order = sorted(preds, key=lambda p: (p != "a", p))
        lines = []
        for pred in order:
            objs = sorted(preds[pred])
            lines.append(f"    {pred} " + ",\n        ".join(objs))
        out.append(subject + "\n" + " ;\n".join(lines) + " .\n")
    return "\n".join(out)
