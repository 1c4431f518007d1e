"""The ontology is the source of truth: kg/vocab.py is generated from it and code uses only
terms it defines; the shapes cover every subclass it declares."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg import vocab

ROOT = Path(__file__).parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
OWL, RDF, RDFS = vocab.OWL, vocab.RDF, vocab.RDFS
SH = "http://www.w3.org/ns/shacl#"
CONTRACT_TERMS = (
    "Person", "Organization", "ArmedGroup", "Place", "Country", "Raid", "Airstrike", "Event",
    "Document", "memberOf", "leaderOf", "successorOf", "nationality", "locatedIn",
    "spokespersonOf", "possiblySameAs", "perpetrator", "target", "killed", "wounded",
    "captured", "location", "date", "evidence",
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph(bind_namespaces="none").parse(ONTOLOGY)


def _gen_vocab_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_vocab", ROOT / "scripts" / "gen_vocab.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vocab_is_generated_from_the_ontology() -> None:
    expected = _gen_vocab_module().render_vocab(ONTOLOGY)
    actual = (ROOT / "kg" / "vocab.py").read_text(encoding="utf-8")
    assert actual == expected, "kg/vocab.py is stale: run python scripts/gen_vocab.py"


def _terms(ontology: Graph) -> set[str]:
    ns = vocab.ONTOLOGY_IRI
    return {str(s)[len(ns):] for s in ontology.subjects() if str(s).startswith(ns)}


def test_every_kg_term_used_in_code_is_defined(ontology: Graph) -> None:
    defined = _terms(ontology)
    used: dict[str, str] = {}
    pattern = re.compile(r"\bKG(?:\.(\w+)|\[\s*[\"'](\w+)[\"']\s*\])")
    paths = sorted((ROOT / "kg").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    for path in (p for p in paths if p.resolve() != Path(__file__).resolve()):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            term = match.group(1) or match.group(2)
            if term != "fragment" and not term.startswith("_"):
                used.setdefault(term, str(path))
    assert used, "the scan found no KG term at all: the pattern is broken"
    missing = {term: path for term, path in used.items() if term not in defined}
    assert not missing, f"terms used but not in ontology/kg.ttl: {missing}"


def test_vocab_fails_on_typos() -> None:
    with pytest.raises(AttributeError):
        _ = vocab.KG.Persn  # type: ignore[attr-defined]


def test_contract_terms_exist(ontology: Graph) -> None:
    assert set(CONTRACT_TERMS) <= _terms(ontology)
    assert str(vocab.KG.Person) == "https://w3id.org/raidkg/ontology#Person"
    assert str(vocab.KGR["x"]) == "https://w3id.org/raidkg/resource/x"


def test_terms_are_documented(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    for kind in kinds:
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, BNode):  # an anonymous class expression (a union): no term
                continue
            labels = [o for o in ontology.objects(term, RDFS.label)
                      if isinstance(o, Literal) and o.language == "en"]
            comments = [o for o in ontology.objects(term, RDFS.comment)
                        if isinstance(o, Literal) and o.language == "en"]
            assert labels and comments, f"{term} needs rdfs:label and rdfs:comment in English"
            if kind is not OWL.Class and term != vocab.KG.possiblySameAs:
                assert (term, RDFS.domain, None) in ontology or (
                    term, RDFS.range, None) in ontology, f"{term} has no domain or range"


def test_subclasses_reach_a_base_class() -> None:
    bases = {"Person", "Organization", "Place", "Event"}
    for child in vocab.SUPERCLASS:
        name, seen = child, set()
        while name in vocab.SUPERCLASS and name not in seen:
            seen.add(name)
            name = vocab.SUPERCLASS[name]
        assert name in bases, child


def test_shapes_cover_every_subclass() -> None:
    shapes = Graph().parse(SHAPES)
    targeted = {str(o)[len(vocab.ONTOLOGY_IRI):]
                for o in shapes.objects(None, URIRef(SH + "targetClass"))}
    assert set(vocab.SUPERCLASS) <= targeted, set(vocab.SUPERCLASS) - targeted


def test_domains_and_ranges_are_read_from_the_ontology() -> None:
    """Relation and raid-role type checks use the ontology's rdfs:domain/rdfs:range (through
    vocab.SIGNATURES), not a copy in Python: the two cannot drift apart."""
    from kg.assemble.raids import ROLE_TYPES
    from kg.model import EntityType, Role

    assert vocab.SIGNATURES["perpetrator"] == (("Event",), ("Organization", "Place"))
    assert vocab.SIGNATURES["memberOf"] == (("Person",), ("Organization",))
    assert ROLE_TYPES[Role.LOCATION] == (EntityType.PLACE,)
    assert set(ROLE_TYPES) == set(Role)
