"""``kg explain``: why an entity has the names it has, read back from graph.ttl.

Reads a built graph; finds the entity by any of its names, its Latin-script label or a Latin
spelling of it, or by its id (``kg.text.namematch``, as every other surface does);
prints each alias with the judgements that merged it (rule, document, sentence) and the
judgements that kept other names apart. The evidence lives in the graph as ``kg:Judgement``
nodes linked from the entity by ``kg:judgement`` (see ontology/kg.ttl), so what this prints is
what a SPARQL user can query.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.query import find_entities, load_graph
from kg.text.romanize import latin_label
from kg.vocab import KG, KGR

BASE_CLASSES = (KG.Person, KG.Organization, KG.Place)


def find_entity(g: Graph, name: str) -> URIRef:
    """The entity ``name`` names, by the one rule of ``kg.text.namematch``: its id (or former,
    letter-by-letter id), any name form in any spelling, its English or Latin-script label, a
    Latin spelling with the same phonetic key, or a short form that only one entity has."""
    hits = find_entities(g, name)
    if not hits:
        raise InputError(f"no entity named {name!r} in the graph; try another spelling or an id "
                         "(kg query GRAPH \"SELECT ?e ?l WHERE {?e rdfs:label ?l}\")")
    if len(hits) > 1:
        ids = ", ".join(sorted(h.removeprefix(str(KGR)) for h in hits))
        raise InputError(f"{name!r} names several entities ({ids}); give one of these ids")
    return URIRef(hits[0])


def _labels(g: Graph, s: URIRef) -> tuple[str, list[str]]:
    label = next((str(o) for o in g.objects(s, RDFS.label) if getattr(o, "language", None) ==
                  "ar"), str(s))
    aliases = sorted(str(o) for o in g.objects(s, SKOS.altLabel))
    return label, aliases


def explain(graph_path: str | Path, name: str) -> str:
    """A readable account of one entity's names and the decisions behind them."""
    g = load_graph(graph_path)
    ent = find_entity(g, name)
    label, aliases = _labels(g, ent)
    lines = [f"{label}  <{ent}>"]
    # the Latin-script name; a graph built before it existed gets it computed here
    latin = next((str(o) for o in g.objects(ent, RDFS.label)
                  if (getattr(o, "language", None) or "").lower() == "ar-latn"), None)
    english = next((str(o) for o in g.objects(ent, RDFS.label)
                    if getattr(o, "language", None) == "en"), None)
    lines.append(f"  latin: {latin or latin_label(label, english)}")
    types = sorted(str(t).split("#")[-1] for t in g.objects(ent, RDF.type))
    lines.append(f"  types: {', '.join(types)}")
    same = sorted(str(o) for o in g.objects(ent, URIRef("http://www.w3.org/2002/07/owl#sameAs")))
    if same:
        lines.append(f"  same as: {', '.join(same)}")
    docs = sorted(str(o).rsplit("/", 1)[-1] for o in g.objects(ent, PROV.wasDerivedFrom))
    lines.append(f"  documents: {', '.join(docs) or '-'}")
    lines.append(f"  aliases: {' | '.join(aliases) or '-'}")
    merged, apart = [], []
    for j in sorted(g.objects(ent, KG.judgement)):
        verdict = str(g.value(j, KG.verdict) or "")
        left = str(g.value(j, KG.leftName) or "")
        right = str(g.value(j, KG.rightName) or "")
        rule = str(g.value(j, KG.rule) or "")
        ev = str(g.value(j, KG.evidence) or "")
        doc = g.value(j, PROV.wasDerivedFrom)
        where = str(doc).rsplit("/", 1)[-1] if doc else "-"
        text = f"    {left}  ~  {right}\n      rule: {rule}; document: {where}"
        if ev:
            text += f"\n      sentence: {ev}"
        (merged if verdict == "positive" else apart).append(text)
    lines.append("  merged because:" if merged else "  merged because: (single name form)")
    lines += merged
    if apart:
        lines.append("  kept apart / unsure:")
        lines += apart
    for p in (KG.possiblySameAs,):
        for o in sorted(set(g.objects(ent, p)) | set(g.subjects(p, ent))):
            other, _ = _labels(g, o)
            lines.append(f"  possibly the same as: {other} <{o}>")
    return "\n".join(lines)
