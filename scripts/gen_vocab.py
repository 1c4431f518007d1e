"""Generate kg/vocab.py from ontology/kg.ttl, the one source of truth for kg: terms.

Reads the ontology (Turtle), writes a Python module with one rdflib ``DefinedNamespace`` per
vocabulary (``_fail = True``: a misspelt term raises instead of minting a new IRI), the
namespace constants, the subclass table the exporters use to type nodes, and the prefixes to
bind. Output is deterministic (terms sorted), so ``--check`` can tell when the committed
module and the ontology have drifted apart (tests/test_ontology.py runs the same check).

Usage:
    python scripts/gen_vocab.py            # rewrite kg/vocab.py
    python scripts/gen_vocab.py --check    # exit 1 if kg/vocab.py is stale
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
VOCAB = ROOT / "kg" / "vocab.py"

VANN_URI = URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")
# External vocabularies rdflib does not ship correctly: rdflib's WGS uses https://, the W3C
# namespace is http://. Terms listed here are the ones the exporters may use.
EXTERNAL_TERMS = {"geo": ("GEO", ("lat", "long"))}
# Prefixes bound in every serialised graph, in this order; rdflib ships the namespaces.
RDFLIB_NAMESPACES = ("DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD")


def _en(graph: Graph, term: URIRef, prop: URIRef) -> str:
    for value in graph.objects(term, prop):
        if isinstance(value, Literal) and value.language == "en":
            return " ".join(str(value).split())
    return ""


def _classes(graph: Graph, ns: str, node: object) -> tuple[str, ...]:
    """The kg classes a domain or range names: one class, or an owl:unionOf list of them."""
    if isinstance(node, URIRef):
        return (str(node)[len(ns):],) if str(node).startswith(ns) else ()
    members = graph.value(node, OWL.unionOf)  # type: ignore[arg-type]
    found: list[str] = []
    while members is not None and members != RDF.nil:
        first = graph.value(members, RDF.first)
        found += _classes(graph, ns, first)
        members = graph.value(members, RDF.rest)
    return tuple(sorted(found))


def _signatures(
    graph: Graph, ns: str, terms: dict[str, str]
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each object property's (domain classes, range classes), from rdfs:domain/rdfs:range."""
    out = {}
    for name, kind in terms.items():
        if kind != "object property":
            continue
        term = URIRef(ns + name)
        domain = tuple(c for d in graph.objects(term, RDFS.domain) for c in _classes(graph, ns, d))
        range_ = tuple(c for r in graph.objects(term, RDFS.range) for c in _classes(graph, ns, r))
        if domain or range_:
            out[name] = (tuple(sorted(domain)), tuple(sorted(range_)))
    return out


def _tuple(items: tuple[str, ...]) -> str:
    return "(" + ", ".join(f'"{x}"' for x in items) + ("," if len(items) == 1 else "") + ")"


def render_vocab(ontology: Path = ONTOLOGY) -> str:
    """Return the text of kg/vocab.py for the ontology at ``ontology``."""
    graph = Graph(bind_namespaces="none").parse(ontology, format="turtle")
    ontologies = sorted(graph.subjects(RDF.type, OWL.Ontology))
    if len(ontologies) != 1:
        raise SystemExit(f"{ontology}: expected one owl:Ontology, found {len(ontologies)}")
    header = ontologies[0]
    ns = str(graph.value(header, VANN_URI))
    resource_prop = URIRef(ns + "resourceNamespace")
    resource_ns = str(graph.value(header, resource_prop))
    if not ns or ns == "None" or resource_ns == "None":
        raise SystemExit(f"{ontology}: the ontology needs vann:preferredNamespaceUri and "
                         "kg:resourceNamespace")

    kinds = {
        OWL.Class: "class",
        OWL.ObjectProperty: "object property",
        OWL.DatatypeProperty: "datatype property",
        OWL.AnnotationProperty: "annotation property",
        RDF.Property: "property",
    }
    terms: dict[str, str] = {}
    for rdf_type, kind in kinds.items():
        for term in graph.subjects(RDF.type, rdf_type):
            if isinstance(term, URIRef) and str(term).startswith(ns):
                name = str(term)[len(ns):]
                terms.setdefault(name, kind)
    superclass: dict[str, str] = {}
    for name, kind in terms.items():
        if kind != "class":
            continue
        for parent in graph.objects(URIRef(ns + name), RDFS.subClassOf):
            if str(parent).startswith(ns):
                superclass[name] = str(parent)[len(ns):]

    signatures = _signatures(graph, ns, terms)
    labels_ar = {
        name: str(label)
        for name in terms
        for label in graph.objects(URIRef(ns + name), RDFS.label)
        if isinstance(label, Literal) and label.language == "ar"
    }

    geo_ns = dict(graph.namespaces()).get("geo")
    if geo_ns is None:
        raise SystemExit(f"{ontology}: the geo prefix (W3C wgs84) must be declared")

    lines = [
        '"""The kg vocabulary as rdflib namespaces. GENERATED by scripts/gen_vocab.py from',
        "ontology/kg.ttl: do not edit by hand; edit the ontology and run",
        "``python scripts/gen_vocab.py``.",
        "",
        "Every IRI the package writes comes from here. A typo in a term is an error",
        "(``_fail = True``). ``SUPERCLASS`` maps each kg subclass to its parent class;",
        "``SIGNATURES`` gives each object property's domain and range classes (a union",
        "expanded); ``LABELS_AR`` the Arabic label of each term that has one (the raid labels",
        "say «ضربة جوية» from it); ``PREFIXES`` are the prefixes bound in every serialised graph.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "from rdflib import Namespace, URIRef",
        "from rdflib.namespace import " + ", ".join(RDFLIB_NAMESPACES) + ", DefinedNamespace",
        "",
        f'ONTOLOGY_IRI: Final = "{ns}"',
        f'RESOURCE_IRI: Final = "{resource_ns}"',
        f'GEO_IRI: Final = "{geo_ns}"',
        "",
        "",
        "class KG(DefinedNamespace):",
        f'    """{ns}"""',
        "",
        "    _fail = True",
        "    _NS = Namespace(ONTOLOGY_IRI)",
        "",
    ]
    order = ["class", "object property", "datatype property", "property",
             "annotation property"]
    for kind in order:
        names = sorted(n for n, k in terms.items() if k == kind)
        if not names:
            continue
        lines.append(f"    # --- {kind} ---")
        for name in names:
            comment = _en(graph, URIRef(ns + name), RDFS.comment)
            lines.extend(f"    # {line}" for line in textwrap.wrap(comment, width=92))
            lines.append(f"    {name}: URIRef")
    lines += [
        "",
        "",
        "class GEO(DefinedNamespace):",
        f'    """{geo_ns} (W3C WGS84 lat/long)"""',
        "",
        "    _fail = True",
        "    _NS = Namespace(GEO_IRI)",
        "",
    ]
    lines += [f"    {term}: URIRef" for term in EXTERNAL_TERMS["geo"][1]]
    lines += [
        "",
        "",
        "KGR = Namespace(RESOURCE_IRI)",
        "",
        "SUPERCLASS: Final[dict[str, str]] = {",
    ]
    lines += [f'    "{child}": "{parent}",' for child, parent in sorted(superclass.items())]
    lines += [
        "}",
        "",
        "SIGNATURES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {",
    ]
    lines += [f'    "{name}": ({_tuple(dom)}, {_tuple(rng)}),'
              for name, (dom, rng) in sorted(signatures.items())]
    lines += [
        "}",
        "",
        "LABELS_AR: Final[dict[str, str]] = {",
    ]
    lines += [f'    "{name}": "{label}",' for name, label in sorted(labels_ar.items())]
    lines += [
        "}",
        "",
        "PREFIXES: Final[tuple[tuple[str, str], ...]] = (",
        '    ("kg", ONTOLOGY_IRI),',
        '    ("kgr", RESOURCE_IRI),',
        '    ("geo", GEO_IRI),',
    ]
    lines += [f'    ("{name.lower()}", str({name})),' for name in RDFLIB_NAMESPACES]
    lines += [
        ")",
        "",
        "__all__ = [",
        '    "DCTERMS", "GEO", "GEO_IRI", "KG", "KGR", "LABELS_AR", "ONTOLOGY_IRI", "OWL",',
        '    "PREFIXES", "PROV", "RDF", "RDFS", "RESOURCE_IRI", "SIGNATURES", "SKOS",',
        '    "SUPERCLASS", "XSD",',
        "]",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if kg/vocab.py is stale")
    args = parser.parse_args(argv)
    text = render_vocab()
    if args.check:
        if VOCAB.read_text(encoding="utf-8") != text:
            print(f"{VOCAB} is stale: run python scripts/gen_vocab.py", file=sys.stderr)
            return 1
        return 0
    VOCAB.write_text(text, encoding="utf-8")
    print(f"wrote {VOCAB}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
