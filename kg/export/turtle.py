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
from collections.abc import Iterator
from typing import TextIO

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


class TurtleSink:
    """Triples collected as Turtle term text, grouped by subject, then written sorted.

    What ``kg build`` writes graph.ttl through: it takes the triples straight from the
    exporter (``add``), so no rdflib Graph (several index dictionaries per triple) is ever
    held, and ``write`` streams one subject block at a time instead of joining one string.
    The same triples always give the same bytes, in whatever order they were added.
    """

    def __init__(self) -> None:
        # longest namespace first, so that a namespace inside another never shadows it
        self._prefixes = sorted(PREFIXES, key=lambda p: -len(p[1]))
        self._by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._memo: dict[object, str] = {RDF.type: "a"}

    def _text(self, t: object) -> str:
        text = self._memo.get(t)
        if text is None:
            text = self._memo[t] = _term(t, self._prefixes)
        return text

    def add(self, triple: tuple[object, object, object]) -> None:
        s, p, o = triple
        self._by_subject[self._text(s)][self._text(p)].add(self._text(o))

    def blocks(self) -> Iterator[str]:
        """The prefix block, then one block per subject, in sorted order."""
        yield "\n".join(f"@prefix {name}: <{ns}> ." for name, ns in sorted(PREFIXES)) + "\n"
        for subject in sorted(self._by_subject):
            preds = self._by_subject[subject]
            order = sorted(preds, key=lambda p: (p != "a", p))
            lines = [f"    {pred} " + ",\n        ".join(sorted(preds[pred])) for pred in order]
            yield "\n" + subject + "\n" + " ;\n".join(lines) + " .\n"

    def write(self, out: TextIO) -> None:
        for block in self.blocks():
            out.write(block)


def serialize_turtle(graph: Graph) -> str:
    """Turtle text of ``graph``; the same triples always give the same bytes."""
    sink = TurtleSink()
    for triple in graph:
        sink.add(triple)
    return "".join(sink.blocks())
