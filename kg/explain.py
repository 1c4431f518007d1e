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
    """A readable account of the entity ``name`` names and the decisions behind its names.

    A name that fits several entities (a short form such as «القرشي» shared by four caliphs)
    gets each of them, then why each pair was kept apart: the negative judgements the resolver
    recorded between their names.
    """
    g = load_graph(graph_path)
    hits = [URIRef(h) for h in find_entities(g, name)]
    if not hits:
        find_entity(g, name)  # raises the error that says what to try
    if len(hits) == 1:
        return _explain_one(g, hits[0])
    blocks = [f"{name!r} names {len(hits)} entities:"]
    blocks += [_explain_one(g, h) for h in sorted(hits)]
    blocks.append("why they are kept apart:\n" + "\n".join(_apart(g, sorted(hits))))
    return "\n\n".join(blocks)


def _names(g: Graph, s: URIRef) -> set[str]:
    return {str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(s, p)}


def _apart(g: Graph, entities: list[URIRef]) -> list[str]:
    """For each pair of ``entities``: the negative judgements between their names."""
    names = {e: _names(g, e) for e in entities}
    lines = []
    for i, a in enumerate(entities):
        for b in entities[i + 1 :]:
            found = set()
            for holder, other in ((a, b), (b, a)):
                for j in g.objects(holder, KG.judgement):
                    if str(g.value(j, KG.verdict) or "") != "negative":
                        continue
                    pair = {str(g.value(j, KG.leftName) or ""), str(g.value(j, KG.rightName) or "")}
                    if pair & names[holder] and pair & names[other]:
                        found.add(str(g.value(j, KG.rule) or ""))
            la, lb = _labels(g, a)[0], _labels(g, b)[0]
            why = "; ".join(sorted(found)) or "no judgement recorded (never proposed for a merge)"
            lines.append(f"  {la}  /  {lb}: {why}")
    return lines


def _explain_one(g: Graph, ent: URIRef) -> str:
    """One entity: its names, types, documents, and every judgement about its names."""
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
    merged: list[str] = []
    apart: list[str] = []
    for j in sorted(g.objects(ent, KG.judgement), key=str):
        verdict = str(g.value(j, KG.verdict) or "")
        left = str(g.value(j, KG.leftName) or "")
        right = str(g.value(j, KG.rightName) or "")
        rule = str(g.value(j, KG.rule) or "")
        ev = str(g.value(j, KG.evidence) or "")
        doc = g.value(j, PROV.wasDerivedFrom)
        if doc:
            where = "document: " + str(doc).rsplit("/", 1)[-1]
        elif str(g.value(j, KG.judgementSource) or "") == "curated":
            where = "from the curated entry (the name is not in the graph's documents)"
        else:
            where = "document: -"
        text = f"    {left}  ~  {right}\n      rule: {rule}; {where}"
        if ev:
            text += f"\n      sentence: {ev}"
        (merged if verdict == "positive" else apart).append(text)
    lines.append("  merged because:" if merged else "  merged because: (single name form)")
    lines += merged
    if apart:
        lines.append("  kept apart / unsure:")
        lines += apart
    for p in (KG.possiblySameAs,):
        for o in sorted({str(x) for x in g.objects(ent, p)} | {str(x) for x in g.subjects(p, ent)}):
            other, _ = _labels(g, URIRef(o))
            lines.append(f"  possibly the same as: {other} <{o}>")
    return "\n".join(lines)
