"""Scoring a graph against a gold file: entities, merging, raids and relations (the
CONTRACT metrics; decisions in the package docstring). Reads a Graph and a gold dict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.evaluate.gold import (
    ENTITY_TYPES,
    RELATION_PREDICATES,
    GoldIndex,
    alternatives,
    check_gold,
    dates_compatible,
    load_gold,
    name_keys,
)
from kg.evaluate.graphread import (
    PREDICATE_OF_NAME,
    GraphNode,
    Identity,
    identify,
    read_nodes,
    short_iri,
)
from kg.evaluate.results import (
    AttributeMiss,
    Details,
    EntityScores,
    EvalReport,
    MergeScores,
    MissedEntity,
    NodeGroup,
    NodeRef,
    RaidScores,
    Ratio,
    RelationRef,
    RelationScores,
    TypeScores,
    UnmatchedNode,
)
from kg.vocab import KG


def evaluate_files(graph_path: str | Path, gold_path: str | Path) -> EvalReport:
    """Load a graph file (Turtle unless its suffix says otherwise) and a gold file, score them."""
    gp = Path(graph_path)
    if not gp.is_file():
        raise InputError(f"{gp}: graph file not found; run `kg build` first")
    gold = load_gold(gold_path)
    graph = Graph()
    fmt = {".nt": "nt", ".n3": "n3", ".jsonld": "json-ld", ".rdf": "xml", ".xml": "xml"}
    try:
        graph.parse(gp, format=fmt.get(gp.suffix.lower(), "turtle"))
    except Exception as exc:  # rdflib raises many parser-specific types; we re-raise them all
        raise InputError(f"{gp}: cannot parse the graph ({exc}); is it a Turtle file?") from exc
    return evaluate(graph, gold)



def evaluate(graph: Graph, gold: dict[str, Any]) -> EvalReport:
    """Score ``graph`` against ``gold`` (a dict as ``load_gold`` returns it)."""
    check_gold(gold)
    index = GoldIndex(gold)
    nodes = read_nodes(graph)
    entity_nodes = {n: v for n, v in nodes.items() if v.types & set(ENTITY_TYPES)}
    identity = {n: identify(v, index) for n, v in entity_nodes.items()}
    nodes_of: dict[str, set[Node]] = defaultdict(set)
    for n, ident in identity.items():
        for g in ident.gold:
            nodes_of[g].add(n)
    warnings = _gold_warnings(gold, index)

    entities, ent_details = _score_entities(gold, index, entity_nodes, identity, nodes_of)
    merging, merge_details = _score_merging(gold, index, entity_nodes, identity, nodes_of)
    raids, raid_details = _score_raids(graph, gold, index, nodes, identity)
    relations, rel_details = _score_relations(graph, gold, index, entity_nodes, identity)
    details = Details(
        **ent_details,
        **merge_details,
        **raid_details,
        **rel_details,
        gold_warnings=tuple(warnings),
    )
    return EvalReport(entities, merging, raids, relations, details, str(gold.get("corpus", "")))


def _gold_warnings(gold: Mapping[str, Any], index: GoldIndex) -> list[str]:
    out: list[str] = []

    def check(ref: str, where: str) -> None:
        if ref not in index.entities:
            out.append(f"{where} refers to undefined entity {ref!r}")

    for a, b in gold.get("distinct", []):
        check(a, "distinct")
        check(b, "distinct")
    for raid in gold.get("raids", []):
        for key in ("location", "perpetrators", "alt_perpetrators"):
            for item in raid.get(key) or []:
                for ref in alternatives(item):
                    check(ref, f"raid {raid['id']} {key}")
        for key in ("killed", "captured", "wounded", "target"):
            for ref in raid.get(key) or []:
                check(ref, f"raid {raid['id']} {key}")
    for rel in gold.get("relations", []):
        check(rel["s"], f"relation {rel['p']}")
        check(rel["o"], f"relation {rel['p']}")
    return sorted(set(out))


def _score_entities(
    gold: Mapping[str, Any],
    index: GoldIndex,
    entity_nodes: Mapping[Node, GraphNode],
    identity: Mapping[Node, Identity],
    nodes_of: Mapping[str, set[Node]],
) -> tuple[EntityScores, dict[str, Any]]:
    by_type = []
    for typ in ENTITY_TYPES:
        typed = [n for n, v in entity_nodes.items() if typ in v.types]
        good = [n for n in typed if _node_ok(identity[n], index, typ)]
        core = [e["id"] for e in gold["entities"] if e["type"] == typ and index.core(e["id"])]
        found = [g for g in core if nodes_of.get(g)]
        by_type.append(TypeScores(typ, Ratio(len(good), len(typed)), Ratio(len(found), len(core))))
    good_all = [n for n in entity_nodes if _node_ok(identity[n], index, None)]
    core_all = [e["id"] for e in gold["entities"] if index.core(e["id"])]
    found_all = [g for g in core_all if nodes_of.get(g)]
    scores = EntityScores(
        Ratio(len(good_all), len(entity_nodes)),
        Ratio(len(found_all), len(core_all)),
        tuple(by_type),
    )

    missed = []
    for ent in gold["entities"]:
        if nodes_of.get(ent["id"]):
            continue
        keys = {k for a in ent.get("aliases_ar", []) for k in name_keys(a)}
        other = tuple(
            sorted(
                (
                    v.ref
                    for v in entity_nodes.values()
                    if ent["type"] not in v.types
                    and keys & {k for nm in v.names for k in name_keys(nm)}
                ),
                key=lambda r: r.iri,
            )
        )
        alias = (ent.get("aliases_ar") or [""])[0]
        missed.append(MissedEntity(ent["id"], ent["type"], index.core(ent["id"]), alias, other))
    missed.sort(key=lambda m: (not m.core, m.type, m.gold_id))

    unmatched = []
    ambiguous = []
    for n, v in sorted(entity_nodes.items(), key=lambda kv: kv[1].ref.iri):
        ident = identity[n]
        if ident.ambiguous:
            cands = sorted(
                {
                    g
                    for nm in v.names
                    for k in name_keys(nm)
                    for g in index.by_key_any_type.get(k, ())
                }
            )
            ambiguous.append(NodeGroup(tuple(cands), (v.ref,)))
        if _node_ok(ident, index, None):
            continue
        hint_ids = sorted(
            {g for nm in v.names for k in name_keys(nm) for g in index.by_key_any_type.get(k, ())}
        )
        hint = "; ".join(
            f"name of gold {g}, a {index.entities[g]['type']}"
            if index.entities[g]["type"] not in v.types
            else f"short alias of gold {g} outside its documents {sorted(index.docs(g))}"
            for g in hint_ids
        )
        unmatched.append(UnmatchedNode(v.ref, tuple(sorted(v.types)), v.names, hint))
    return scores, {
        "missed_entities": tuple(missed),
        "unmatched_nodes": tuple(unmatched),
        "ambiguous_nodes": tuple(ambiguous),
    }


def _node_ok(ident: Identity, index: GoldIndex, typ: str | None) -> bool:
    """Does the node count as correct for precision (optionally: as a node of type ``typ``)?"""
    if ident.ambiguous:
        return True
    if typ is None:
        return bool(ident.gold)
    return any(index.entities[g]["type"] == typ for g in ident.gold)


def _score_merging(
    gold: Mapping[str, Any],
    index: GoldIndex,
    entity_nodes: Mapping[Node, GraphNode],
    identity: Mapping[Node, Identity],
    nodes_of: Mapping[str, set[Node]],
) -> tuple[MergeScores, dict[str, Any]]:
    found = [e["id"] for e in gold["entities"] if nodes_of.get(e["id"])]
    single = [g for g in found if len(nodes_of[g]) == 1]
    splits = tuple(
        NodeGroup((g,), tuple(sorted((entity_nodes[n].ref for n in nodes_of[g]), key=_iri)))
        for g in found
        if len(nodes_of[g]) > 1
    )
    merged = tuple(
        NodeGroup(tuple(sorted(identity[n].gold)), (entity_nodes[n].ref,))
        for n in sorted(entity_nodes, key=lambda n: entity_nodes[n].ref.iri)
        if len(identity[n].gold) > 1
    )
    pairs_found = 0
    apart = 0
    merged_distinct = []
    for a, b in dict.fromkeys(tuple(p) for p in gold.get("distinct", [])):
        if not (nodes_of.get(a) and nodes_of.get(b)):
            continue
        pairs_found += 1
        both = nodes_of[a] & nodes_of[b]
        if both:
            refs = tuple(sorted((entity_nodes[n].ref for n in both), key=_iri))
            merged_distinct.append(NodeGroup((a, b), refs))
        else:
            apart += 1
    scores = MergeScores(Ratio(len(single), len(found)), Ratio(apart, pairs_found))
    return scores, {
        "merged_nodes": merged,
        "merged_distinct": tuple(merged_distinct),
        "split_entities": splits,
    }


def _iri(ref: NodeRef) -> str:
    return ref.iri


def _ids_of(
    graph: Graph, raid: Node, preds: Iterable[URIRef], identity: Mapping[Node, Identity]
) -> tuple[set[str], list[Node]]:
    """Gold ids identified by the objects of ``preds`` on ``raid``, and those objects."""
    ids: set[str] = set()
    objs: list[Node] = []
    for p in preds:
        for o in graph.objects(raid, p):
            objs.append(o)
            if o in identity:
                ids |= identity[o].gold
    return ids, objs


def _score_raids(
    graph: Graph,
    gold: Mapping[str, Any],
    index: GoldIndex,
    nodes: Mapping[Node, GraphNode],
    identity: Mapping[Node, Identity],
) -> tuple[RaidScores, dict[str, Any]]:
    sys_raids = sorted((n for n, v in nodes.items() if "Raid" in v.types), key=lambda n: str(n))
    gold_raids = list(gold.get("raids", []))
    people: dict[Node, set[str]] = {}
    places: dict[Node, set[str]] = {}
    for r in sys_raids:
        people[r] = _ids_of(graph, r, (KG.killed, KG.captured, KG.target), identity)[0]
        places[r] = _ids_of(graph, r, (KG.location,), identity)[0]

    gold_people = _all_gold_people(gold_raids)
    matches: dict[str, list[Node]] = {}
    for g in gold_raids:
        g_people = {*(g.get("killed") or []), *(g.get("captured") or []), *(g.get("target") or [])}
        if g_people:
            matches[g["id"]] = [r for r in sys_raids if people[r] & g_people]
        else:
            g_places = {x for item in g.get("location") or [] for x in alternatives(item)}
            g_docs = set(g.get("docs") or [])
            matches[g["id"]] = [
                r
                for r in sys_raids
                if not people[r] & gold_people
                and places[r] & g_places
                and (not g_docs or not nodes[r].docs or g_docs & nodes[r].docs)
            ]
    matched_sys = {r for rs in matches.values() for r in rs}
    core = [g for g in gold_raids if g.get("core", True)]
    core_hit = [g for g in core if matches[g["id"]]]

    loc = [0, 0]
    perp = [0, 0]
    groups = [0, 0]
    killed = [0, 0]
    date = [0, 0]
    errors: list[AttributeMiss] = []
    for g in gold_raids:
        for r in matches[g["id"]]:
            ref = nodes[r].ref
            _score_location(g, r, places[r], ref, loc, errors)
            _score_perpetrator(graph, g, r, identity, ref, perp, groups, errors)
            _score_killed(graph, g, r, identity, nodes, ref, killed, errors)
            _score_date(graph, g, r, ref, date, errors)

    multi = [g for g in gold_raids if len(g.get("docs") or []) > 1]
    multi_one = [g for g in multi if len(matches[g["id"]]) == 1]
    split_raids = tuple(
        NodeGroup((g["id"],), tuple(nodes[r].ref for r in matches[g["id"]]))
        for g in gold_raids
        if len(matches[g["id"]]) > 1
    )
    scores = RaidScores(
        precision=Ratio(len(matched_sys), len(sys_raids)),
        recall=Ratio(len(core_hit), len(core)),
        location=Ratio(*loc),
        perpetrator=Ratio(*perp),
        perpetrator_groups=Ratio(*groups),
        killed=Ratio(*killed),
        date=Ratio(*date),
        multi_document=Ratio(len(multi_one), len(multi)),
    )
    return scores, {
        "missed_raids": tuple(
            f"{g['id']}{'' if g.get('core', True) else ' (not core)'}"
            for g in gold_raids
            if not matches[g["id"]]
        ),
        "unmatched_raids": tuple(nodes[r].ref for r in sys_raids if r not in matched_sys),
        "split_raids": split_raids,
        "raid_errors": tuple(errors),
    }


def _all_gold_people(gold_raids: list[Mapping[str, Any]]) -> set[str]:
    return {
        p for g in gold_raids for key in ("killed", "captured", "target") for p in g.get(key) or []
    }


def _score_location(
    g: Mapping[str, Any],
    r: Node,
    got: set[str],
    ref: NodeRef,
    acc: list[int],
    errors: list[AttributeMiss],
) -> None:
    items = g.get("location") or []
    if not items:
        return
    acceptable = {x for item in items for x in alternatives(item)}
    acc[1] += 1
    if got & acceptable:
        acc[0] += 1
    else:
        errors.append(
            AttributeMiss(
                g["id"],
                ref,
                "location",
                _show(items),
                ", ".join(sorted(got)) or "(none identified)",
            )
        )


def _score_perpetrator(
    graph: Graph,
    g: Mapping[str, Any],
    r: Node,
    identity: Mapping[Node, Identity],
    ref: NodeRef,
    acc: list[int],
    groups_acc: list[int],
    errors: list[AttributeMiss],
) -> None:
    main = [alternatives(x) for x in g.get("perpetrators") or []]
    if not main:
        return
    got = _ids_of(graph, r, (KG.perpetrator,), identity)[0]
    options = [
        main,
        *([[alternatives(x) for x in g["alt_perpetrators"]]] if g.get("alt_perpetrators") else []),
    ]
    best = max(
        (sum(1 for grp in opt if got & set(grp)), -len(opt), i) for i, opt in enumerate(options)
    )
    satisfied, n_groups = best[0], -best[1]
    acc[1] += 1
    groups_acc[0] += satisfied
    groups_acc[1] += n_groups
    if satisfied == n_groups:
        acc[0] += 1
    else:
        errors.append(
            AttributeMiss(
                g["id"],
                ref,
                "perpetrator",
                _show(g["perpetrators"]),
                ", ".join(sorted(got)) or "(none identified)",
            )
        )


def _score_killed(
    graph: Graph,
    g: Mapping[str, Any],
    r: Node,
    identity: Mapping[Node, Identity],
    nodes: Mapping[Node, GraphNode],
    ref: NodeRef,
    acc: list[int],
    errors: list[AttributeMiss],
) -> None:
    want = set(g.get("killed") or [])
    got, objs = _ids_of(graph, r, (KG.killed,), identity)
    stray = [o for o in objs if not (o in identity and identity[o].gold & want)]
    acc[1] += 1
    if got == want and not stray:
        acc[0] += 1
        return
    shown = sorted(got) + [
        f"unmatched {nodes[o].ref if o in nodes else short_iri(o)}"
        for o in stray
        if not (o in identity and identity[o].gold)
    ]
    errors.append(
        AttributeMiss(
            g["id"],
            ref,
            "killed",
            ", ".join(sorted(want)) or "(nobody)",
            ", ".join(shown) or "(nobody)",
        )
    )


def _score_date(
    graph: Graph,
    g: Mapping[str, Any],
    r: Node,
    ref: NodeRef,
    acc: list[int],
    errors: list[AttributeMiss],
) -> None:
    want = g.get("date")
    if want is None:
        return
    got = sorted(str(d) for d in graph.objects(r, KG.date))
    acc[1] += 1
    if any(dates_compatible(want, d) for d in got):
        acc[0] += 1
    else:
        errors.append(AttributeMiss(g["id"], ref, "date", want, ", ".join(got) or "(none)"))


def _show(items: list[Any]) -> str:
    return "; ".join(" | ".join(alternatives(x)) for x in items)


def _score_relations(
    graph: Graph,
    gold: Mapping[str, Any],
    index: GoldIndex,
    entity_nodes: Mapping[Node, GraphNode],
    identity: Mapping[Node, Identity],
) -> tuple[RelationScores, dict[str, Any]]:
    gold_set = {(rel["s"], rel["p"], rel["o"]) for rel in gold.get("relations", [])}
    present: set[tuple[str, str, str]] = set()
    total = 0
    hits = 0
    wrong = []
    for name in RELATION_PREDICATES:
        pred = PREDICATE_OF_NAME[name]
        for s, o in sorted(graph.subject_objects(pred), key=lambda so: (str(so[0]), str(so[1]))):
            if s not in entity_nodes or o not in entity_nodes:
                continue
            total += 1
            s_ids, o_ids = identity[s].gold, identity[o].gold
            found = {(a, name, b) for a in s_ids for b in o_ids} & gold_set
            if name == "possiblySameAs":
                found |= {(b, name, a) for a in s_ids for b in o_ids} & gold_set
            present |= found
            if found or (name == "possiblySameAs" and s_ids & o_ids):
                hits += 1
            else:
                wrong.append(RelationRef(str(entity_nodes[s].ref), name, str(entity_nodes[o].ref)))
    core = [(r["s"], r["p"], r["o"]) for r in gold.get("relations", []) if r.get("core", True)]
    core = list(dict.fromkeys(core))
    core_hit = [t for t in core if t in present]
    missed = tuple(RelationRef(*t) for t in core if t not in present)
    return RelationScores(Ratio(hits, total), Ratio(len(core_hit), len(core))), {
        "missed_relations": missed,
        "wrong_relations": tuple(wrong),
    }
