"""Score a built graph against a gold file: the metrics of CONTRACT.md ("Gold files and metrics").

Reads an rdflib graph (the CONTRACT shape: ``graph.ttl``) and a gold dict (``load_gold``: the
JSON of ``../shared/gold/seeds.json``); writes nothing. ``format_report`` renders a plain-text
table, ``report_to_json`` a dict with stable keys; both can add the *details* (what was missed,
what was wrong) that developers use to improve extraction.

How names are compared
    Every name is reduced to two keys: the CONTRACT key (``kg.text.normalize.eval_key``:
    diacritics and tatweel removed, أ/إ/آ→ا, ى→ي, ة→ه, one leading و/ب/ل/ف/ك dropped) and the
    same key without the clitic step. Two names are equal when their key sets intersect. The
    second key is needed because eval_key drops the first letter of any name that starts with
    a clitic letter: gold بغداد becomes غداد, so a system label وبغداد (key بغداد) would never
    match it otherwise. A system node *identifies* a gold entity of its type when any of its
    ``rdfs:label``/``skos:altLabel`` @ar equals any of the entity's ``aliases_ar`` or
    ``world_aliases``. ``claimed_aliases`` (names a source claims, the gold does not accept)
    never identify.

Short aliases (decision)
    A one-word alias of a Person (علي, نصر, ماهر, القحطاني) is a bare given or family name that
    can name anybody. It identifies its entity only on a node derived (``prov:wasDerivedFrom``)
    from one of the entity's gold ``docs``; a node without provenance is given the benefit of
    the doubt. If a name still points to several gold entities of one type (two people called
    علي in the same article) it is *ambiguous*: it resolves to the one the node's other names
    identify; otherwise the node counts as correct for precision (it names something the gold
    knows) but identifies none of them (no recall credit, no merge error), and the details
    list it.

Other decisions (where the CONTRACT leaves room)
    - Types: a node is a Person/Organization/Place/Raid by its explicit class; the CONTRACT
      subclasses (kg:ArmedGroup, kg:Country, kg:Airstrike) imply their base class.
    - Merging counts every gold entity found, core or not.
    - Raids: a system raid (kg:Raid, never kg:Event) matches a gold raid when a person it
      killed/captured/targeted identifies one the gold raid killed/captured/targeted. Gold
      raids with no named person match by location instead, and only system raids that match
      nothing by person and (when both have provenance) share a document.
    - Location: correct when any system location identifies any acceptable id of any item of
      gold ``location``; gold raids with no location are not scored.
    - Perpetrator: correct when every group of gold ``perpetrators`` (or every group of
      ``alt_perpetrators``) has a member identified by some system perpetrator; extra system
      perpetrators are not penalised. The share of groups satisfied is reported too.
    - Killed: correct when the gold entities identified by the system's killed nodes are
      exactly the gold killed set and every system killed node identifies one of them.
    - Date: gold null is not scored. Dates are compared by their (year, month, day) parts:
      compatible when no part known on both sides differs and at least one part is known on
      both. This is "equal or one a prefix of the other", extended to the gold's yearless
      ``--MM-DD``/``--MM`` forms, which a system that resolves the year from the publication
      date (as the CONTRACT asks) writes as ``2022-10``.
    - Relations: a system triple with one of the seven CONTRACT predicates between two entity
      nodes is correct when its ends identify the ends of a gold relation with that predicate
      (core or not). ``kg:possiblySameAs`` is also correct in either direction, and when both
      ends identify one gold entity (the link then repairs a split).

Limits: ids that the gold file references but does not define are reported as warnings and
never satisfied. No partial credit for names (an alias must match in full).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.text.normalize import clean, eval_key, fold, strip_quotes
from kg.vocab import KG, RESOURCE_IRI

ENTITY_TYPES = ("Person", "Organization", "Place")
RELATION_PREDICATES = (
    "memberOf",
    "leaderOf",
    "successorOf",
    "nationality",
    "locatedIn",
    "spokespersonOf",
    "possiblySameAs",
)
_TYPE_OF_CLASS: dict[URIRef, str] = {
    KG.Person: "Person",
    KG.Organization: "Organization",
    KG.ArmedGroup: "Organization",
    KG.Place: "Place",
    KG.Country: "Place",
    KG.Raid: "Raid",
    KG.Airstrike: "Raid",
}
_PREDICATE_OF_NAME: dict[str, URIRef] = {
    "memberOf": KG.memberOf,
    "leaderOf": KG.leaderOf,
    "successorOf": KG.successorOf,
    "nationality": KG.nationality,
    "locatedIn": KG.locatedIn,
    "spokespersonOf": KG.spokespersonOf,
    "possiblySameAs": KG.possiblySameAs,
}


# --------------------------------------------------------------------------- result types


@dataclass(frozen=True, slots=True)
class Ratio:
    """A count ratio; 0.0 when nothing was there to count (never a division by zero)."""

    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0


def f1(precision: Ratio, recall: Ratio) -> float:
    """Harmonic mean of two ratios; 0.0 when both are 0."""
    p, r = precision.value, recall.value
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class TypeScores:
    """Entity precision and recall for one type (Person, Organization, Place)."""

    type: str
    precision: Ratio
    recall: Ratio

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class EntityScores:
    precision: Ratio
    recall: Ratio
    by_type: tuple[TypeScores, ...]

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class MergeScores:
    recall: Ratio  # gold entities found on exactly one node / gold entities found
    precision: Ratio  # distinct pairs kept apart / distinct pairs with both found

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class RaidScores:
    precision: Ratio  # system raids matching a gold raid / system raids
    recall: Ratio  # core gold raids matched / core gold raids
    location: Ratio  # over matched (gold, system) pairs with a gold location
    perpetrator: Ratio  # pairs whose every perpetrator group is satisfied
    perpetrator_groups: Ratio  # perpetrator groups satisfied / groups, over the same pairs
    killed: Ratio  # pairs whose killed set is exactly right
    date: Ratio  # pairs with a gold date whose system date is compatible
    multi_document: Ratio  # multi-document gold raids matched by exactly one node / them

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class RelationScores:
    precision: Ratio
    recall: Ratio

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class NodeRef:
    """A system node as a developer wants to see it: short IRI and Arabic label."""

    iri: str
    label: str

    def __str__(self) -> str:
        return f"{self.iri} «{self.label}»" if self.label else self.iri


@dataclass(frozen=True, slots=True)
class MissedEntity:
    gold_id: str
    type: str
    core: bool
    alias: str
    other_type_nodes: tuple[NodeRef, ...] = ()  # nodes with a matching name but another type


@dataclass(frozen=True, slots=True)
class UnmatchedNode:
    node: NodeRef
    types: tuple[str, ...]
    names: tuple[str, ...]
    hint: str = ""  # e.g. "name of gold place 'idlib' but typed Person"


@dataclass(frozen=True, slots=True)
class NodeGroup:
    """Several gold entities on one node (merge) or one gold entity on several nodes (split)."""

    gold_ids: tuple[str, ...]
    nodes: tuple[NodeRef, ...]


@dataclass(frozen=True, slots=True)
class AttributeMiss:
    """A matched (gold, system) raid pair whose attribute is wrong."""

    gold_raid: str
    node: NodeRef
    attribute: str
    expected: str
    got: str


@dataclass(frozen=True, slots=True)
class RelationRef:
    subject: str
    predicate: str
    object: str

    def __str__(self) -> str:
        return f"{self.subject} {self.predicate} {self.object}"


@dataclass(frozen=True, slots=True)
class Details:
    """Everything behind the numbers: what to look at to improve extraction."""

    missed_entities: tuple[MissedEntity, ...] = ()
    unmatched_nodes: tuple[UnmatchedNode, ...] = ()
    ambiguous_nodes: tuple[NodeGroup, ...] = ()
    merged_nodes: tuple[NodeGroup, ...] = ()
    merged_distinct: tuple[NodeGroup, ...] = ()
    split_entities: tuple[NodeGroup, ...] = ()
    missed_raids: tuple[str, ...] = ()
    unmatched_raids: tuple[NodeRef, ...] = ()
    split_raids: tuple[NodeGroup, ...] = ()
    raid_errors: tuple[AttributeMiss, ...] = ()
    missed_relations: tuple[RelationRef, ...] = ()
    wrong_relations: tuple[RelationRef, ...] = ()
    gold_warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EvalReport:
    entities: EntityScores
    merging: MergeScores
    raids: RaidScores
    relations: RelationScores
    details: Details = field(default_factory=Details)
    corpus: str = ""


# --------------------------------------------------------------------------- gold loading


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read and check a gold JSON file; raise InputError saying what to fix."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: gold file not found; give the path of a gold JSON file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text ({exc}); save the gold file as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{p}: line {exc.lineno}: invalid JSON ({exc.msg}); fix the gold file"
        ) from exc
    try:
        check_gold(data)
    except InputError as exc:
        raise InputError(f"{p}: {exc}") from exc
    return data


def check_gold(gold: Any) -> None:
    """Raise InputError when ``gold`` does not have the shape of CONTRACT's gold files."""
    if not isinstance(gold, dict):
        raise InputError("the gold file must hold a JSON object with an 'entities' list")
    entities = gold.get("entities")
    if not isinstance(entities, list):
        raise InputError("the gold file has no 'entities' list")
    seen: set[str] = set()
    for i, ent in enumerate(entities):
        where = f"entities[{i}]"
        if not isinstance(ent, dict) or not isinstance(ent.get("id"), str):
            raise InputError(f"{where} must be an object with a string 'id'")
        if ent["id"] in seen:
            raise InputError(f"{where}: id {ent['id']!r} is used twice; make ids unique")
        seen.add(ent["id"])
        if ent.get("type") not in ENTITY_TYPES:
            raise InputError(f"{where} ({ent['id']}): type must be one of {ENTITY_TYPES}")
        for key in ("aliases_ar", "world_aliases"):
            value = ent.get(key, [])
            if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
                raise InputError(f"{where} ({ent['id']}): {key!r} must be a list of strings")
    for key in ("distinct", "raids", "relations"):
        if not isinstance(gold.get(key, []), list):
            raise InputError(f"{key!r} must be a list")
    for i, pair in enumerate(gold.get("distinct", [])):
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise InputError(f"distinct[{i}] must be a pair of entity ids")
    for i, raid in enumerate(gold.get("raids", [])):
        if not isinstance(raid, dict) or not isinstance(raid.get("id"), str):
            raise InputError(f"raids[{i}] must be an object with a string 'id'")
        date = raid.get("date")
        if date is not None and (not isinstance(date, str) or _date_parts(date) is None):
            raise InputError(f"raids[{i}] ({raid['id']}): date {date!r} is not an ISO date")
    for i, rel in enumerate(gold.get("relations", [])):
        if not isinstance(rel, dict) or not all(isinstance(rel.get(k), str) for k in "spo"):
            raise InputError(f"relations[{i}] must be an object with string s, p, o")
        if rel["p"] not in RELATION_PREDICATES:
            raise InputError(
                f"relations[{i}]: predicate {rel['p']!r} is not one of {RELATION_PREDICATES}"
            )


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


# --------------------------------------------------------------------------- name matching


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """The comparison keys of a name: the CONTRACT's eval_key and the same without clitic step.

    Cached: the same labels are compared many times over (per type, per missed entity).
    """
    plain = fold(strip_quotes(clean(name)))
    return frozenset(k for k in (eval_key(name), plain) if k)


@dataclass(frozen=True, slots=True)
class _GoldAlias:
    entity: str
    weak: bool  # one-word Person alias: only trusted on nodes from the entity's documents


class _GoldIndex:
    """Gold entities indexed by (type, key)."""

    def __init__(self, gold: Mapping[str, Any]) -> None:
        self.entities: dict[str, Mapping[str, Any]] = {e["id"]: e for e in gold["entities"]}
        self.by_key: dict[tuple[str, str], list[_GoldAlias]] = defaultdict(list)
        self.by_key_any_type: dict[str, set[str]] = defaultdict(set)
        for ent in gold["entities"]:
            names = [*ent.get("aliases_ar", []), *ent.get("world_aliases", [])]
            for name in dict.fromkeys(names):
                weak = ent["type"] == "Person" and len(clean(name).split()) == 1
                for key in name_keys(name):
                    self.by_key[(ent["type"], key)].append(_GoldAlias(ent["id"], weak))
                    self.by_key_any_type[key].add(ent["id"])

    def docs(self, entity: str) -> frozenset[str]:
        return frozenset(self.entities[entity].get("docs", []))

    def core(self, entity: str) -> bool:
        return bool(self.entities[entity].get("core", True))


# --------------------------------------------------------------------------- graph reading


@dataclass(frozen=True, slots=True)
class _Node:
    ref: NodeRef
    types: frozenset[str]
    names: tuple[str, ...]
    docs: frozenset[str]


def _short(node: Node) -> str:
    text = str(node)
    return "kgr:" + text[len(RESOURCE_IRI) :] if text.startswith(RESOURCE_IRI) else text


def _is_ar(lit: Node) -> bool:
    return (
        isinstance(lit, Literal)
        and bool(lit.language)
        and (lit.language.lower() == "ar" or lit.language.lower().startswith("ar-"))
    )


def _read_nodes(graph: Graph) -> dict[Node, _Node]:
    doc_ids: dict[Node, str] = {}
    for doc in graph.subjects(RDF.type, KG.Document):
        ident = graph.value(doc, DCTERMS.identifier)
        doc_ids[doc] = str(ident) if ident is not None else str(doc).rsplit("/", 1)[-1]
    types: dict[Node, set[str]] = defaultdict(set)
    for cls, name in _TYPE_OF_CLASS.items():
        for s in graph.subjects(RDF.type, cls):
            types[s].add(name)
    nodes: dict[Node, _Node] = {}
    for s, ts in types.items():
        labels = sorted(str(o) for o in graph.objects(s, RDFS.label) if _is_ar(o))
        alts = sorted(str(o) for o in graph.objects(s, SKOS.altLabel) if _is_ar(o))
        docs = frozenset(
            doc_ids.get(d, str(d).rsplit("/", 1)[-1]) for d in graph.objects(s, PROV.wasDerivedFrom)
        )
        names = tuple(dict.fromkeys([*labels, *alts]))
        nodes[s] = _Node(
            NodeRef(_short(s), labels[0] if labels else ""), frozenset(ts), names, docs
        )
    return nodes


# --------------------------------------------------------------------------- identification


@dataclass(frozen=True, slots=True)
class _Identity:
    gold: frozenset[str]  # gold entities the node identifies
    ambiguous: bool  # some name pointed to several gold entities and stayed unresolved


def _identify(node: _Node, index: _GoldIndex) -> _Identity:
    sure: set[str] = set()
    open_sets: list[set[str]] = []
    for typ in sorted(node.types & set(ENTITY_TYPES)):
        for name in node.names:
            candidates: set[str] = set()
            for key in name_keys(name):
                for alias in index.by_key.get((typ, key), []):
                    if alias.weak and node.docs and not (node.docs & index.docs(alias.entity)):
                        continue
                    candidates.add(alias.entity)
            if len(candidates) == 1:
                sure |= candidates
            elif candidates:
                open_sets.append(candidates)
    ambiguous = False
    for candidates in open_sets:
        if not candidates & sure:
            ambiguous = True
    return _Identity(frozenset(sure), ambiguous and not sure)


# --------------------------------------------------------------------------- evaluation


def _alternatives(item: Any) -> list[str]:
    return [x for x in item if isinstance(x, str)] if isinstance(item, list) else [item]


def _date_parts(text: str) -> tuple[str | None, str | None, str | None] | None:
    """(year, month, day) of an xsd date-like lexical form; None when it is not one."""
    text = text.strip()
    text = text.removesuffix("Z")
    if len(text) > 6 and text[-6] in "+-" and text[-3] == ":":
        text = text[:-6]
    if text.startswith("--"):
        parts = text[2:].split("-")
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 2:
            return None, parts[0], None
        if len(parts) == 2 and all(p.isdigit() and len(p) == 2 for p in parts):
            return None, parts[0], parts[1]
        return None
    parts = text.split("T")[0].split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or len(parts) > 3:
        return None
    rest = parts[1:]
    if not all(p.isdigit() and len(p) == 2 for p in rest):
        return None
    return parts[0], rest[0] if rest else None, rest[1] if len(rest) > 1 else None


def dates_compatible(gold: str, system: str) -> bool:
    """Equal, or one a prefix of the other, part by part; a yearless gold ignores the year."""
    a, b = _date_parts(gold), _date_parts(system)
    if a is None or b is None:
        return False
    shared = 0
    for x, y in zip(a, b, strict=True):
        if x is not None and y is not None:
            if x != y:
                return False
            shared += 1
    return shared > 0


def evaluate(graph: Graph, gold: dict[str, Any]) -> EvalReport:
    """Score ``graph`` against ``gold`` (a dict as ``load_gold`` returns it)."""
    check_gold(gold)
    index = _GoldIndex(gold)
    nodes = _read_nodes(graph)
    entity_nodes = {n: v for n, v in nodes.items() if v.types & set(ENTITY_TYPES)}
    identity = {n: _identify(v, index) for n, v in entity_nodes.items()}
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


def _gold_warnings(gold: Mapping[str, Any], index: _GoldIndex) -> list[str]:
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
                for ref in _alternatives(item):
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
    index: _GoldIndex,
    entity_nodes: Mapping[Node, _Node],
    identity: Mapping[Node, _Identity],
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


def _node_ok(ident: _Identity, index: _GoldIndex, typ: str | None) -> bool:
    """Does the node count as correct for precision (optionally: as a node of type ``typ``)?"""
    if ident.ambiguous:
        return True
    if typ is None:
        return bool(ident.gold)
    return any(index.entities[g]["type"] == typ for g in ident.gold)


def _score_merging(
    gold: Mapping[str, Any],
    index: _GoldIndex,
    entity_nodes: Mapping[Node, _Node],
    identity: Mapping[Node, _Identity],
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
    graph: Graph, raid: Node, preds: Iterable[URIRef], identity: Mapping[Node, _Identity]
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
    index: _GoldIndex,
    nodes: Mapping[Node, _Node],
    identity: Mapping[Node, _Identity],
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
            g_places = {x for item in g.get("location") or [] for x in _alternatives(item)}
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
    acceptable = {x for item in items for x in _alternatives(item)}
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
    identity: Mapping[Node, _Identity],
    ref: NodeRef,
    acc: list[int],
    groups_acc: list[int],
    errors: list[AttributeMiss],
) -> None:
    main = [_alternatives(x) for x in g.get("perpetrators") or []]
    if not main:
        return
    got = _ids_of(graph, r, (KG.perpetrator,), identity)[0]
    options = [
        main,
        *([[_alternatives(x) for x in g["alt_perpetrators"]]] if g.get("alt_perpetrators") else []),
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
    identity: Mapping[Node, _Identity],
    nodes: Mapping[Node, _Node],
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
        f"unmatched {nodes[o].ref if o in nodes else _short(o)}"
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
    return "; ".join(" | ".join(_alternatives(x)) for x in items)


def _score_relations(
    graph: Graph,
    gold: Mapping[str, Any],
    index: _GoldIndex,
    entity_nodes: Mapping[Node, _Node],
    identity: Mapping[Node, _Identity],
) -> tuple[RelationScores, dict[str, Any]]:
    gold_set = {(rel["s"], rel["p"], rel["o"]) for rel in gold.get("relations", [])}
    present: set[tuple[str, str, str]] = set()
    total = 0
    hits = 0
    wrong = []
    for name in RELATION_PREDICATES:
        pred = _PREDICATE_OF_NAME[name]
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


# --------------------------------------------------------------------------- output


def _ratio_json(r: Ratio) -> dict[str, float | int]:
    return {"value": round(r.value, 4), "hits": r.hits, "total": r.total}


def _prf_json(p: Ratio, r: Ratio, f: float) -> dict[str, Any]:
    return {
        "precision": round(p.value, 4),
        "recall": round(r.value, 4),
        "f1": round(f, 4),
        "precision_counts": [p.hits, p.total],
        "recall_counts": [r.hits, r.total],
    }


def report_to_json(report: EvalReport, *, verbose: bool = False) -> dict[str, Any]:
    """The report as plain JSON data with stable keys; ``verbose`` adds ``details``."""
    e, m, r, rel = report.entities, report.merging, report.raids, report.relations
    out: dict[str, Any] = {
        "corpus": report.corpus,
        "entities": {
            **_prf_json(e.precision, e.recall, e.f1),
            "by_type": {t.type: _prf_json(t.precision, t.recall, t.f1) for t in e.by_type},
        },
        "merging": {
            **_prf_json(m.precision, m.recall, m.f1),
            "distinct_pairs_merged": m.precision.total - m.precision.hits,
        },
        "raids": {
            **_prf_json(r.precision, r.recall, r.f1),
            "location": _ratio_json(r.location),
            "perpetrator": _ratio_json(r.perpetrator),
            "perpetrator_groups": _ratio_json(r.perpetrator_groups),
            "killed": _ratio_json(r.killed),
            "date": _ratio_json(r.date),
            "multi_document_one_node": _ratio_json(r.multi_document),
        },
        "relations": _prf_json(rel.precision, rel.recall, rel.f1),
    }
    if verbose:
        out["details"] = _details_json(report.details)
    return out


def _details_json(d: Details) -> dict[str, Any]:
    def group(g: NodeGroup) -> dict[str, Any]:
        return {"gold": list(g.gold_ids), "nodes": [n.iri for n in g.nodes]}

    return {
        "missed_entities": [
            {
                "gold": m.gold_id,
                "type": m.type,
                "core": m.core,
                "alias": m.alias,
                "other_type_nodes": [n.iri for n in m.other_type_nodes],
            }
            for m in d.missed_entities
        ],
        "unmatched_nodes": [
            {
                "node": u.node.iri,
                "label": u.node.label,
                "types": list(u.types),
                "names": list(u.names),
                "hint": u.hint,
            }
            for u in d.unmatched_nodes
        ],
        "ambiguous_nodes": [group(g) for g in d.ambiguous_nodes],
        "merged_nodes": [group(g) for g in d.merged_nodes],
        "merged_distinct": [group(g) for g in d.merged_distinct],
        "split_entities": [group(g) for g in d.split_entities],
        "missed_raids": list(d.missed_raids),
        "unmatched_raids": [n.iri for n in d.unmatched_raids],
        "split_raids": [group(g) for g in d.split_raids],
        "raid_errors": [
            {
                "gold": x.gold_raid,
                "node": x.node.iri,
                "attribute": x.attribute,
                "expected": x.expected,
                "got": x.got,
            }
            for x in d.raid_errors
        ],
        "missed_relations": [str(x) for x in d.missed_relations],
        "wrong_relations": [str(x) for x in d.wrong_relations],
        "gold_warnings": list(d.gold_warnings),
    }


def _fmt(r: Ratio) -> str:
    return f"{r.value:.2f} ({r.hits}/{r.total})"


def _prf_line(name: str, p: Ratio, r: Ratio, f: float, width: int = 16) -> str:
    return f"{name:<{width}}P {_fmt(p):<16}R {_fmt(r):<16}F1 {f:.2f}"


def format_report(report: EvalReport, *, verbose: bool = False) -> str:
    """A plain-text table of the metrics; ``verbose`` adds what was missed and what was wrong."""
    e, m, r, rel = report.entities, report.merging, report.raids, report.relations
    lines = [f"kg eval{f' — gold: {report.corpus}' if report.corpus else ''}", ""]
    lines.append(_prf_line("entities", e.precision, e.recall, e.f1))
    for t in e.by_type:
        lines.append("  " + _prf_line(t.type, t.precision, t.recall, t.f1, width=14))
    lines.append("")
    lines.append(_prf_line("merging", m.precision, m.recall, m.f1))
    lines.append(
        f"{'':<16}P = distinct pairs kept apart, R = found entities on one node;"
        f" distinct pairs merged: {m.precision.total - m.precision.hits}"
    )
    lines.append("")
    lines.append(_prf_line("raids", r.precision, r.recall, r.f1))
    lines.append(f"{'':<16}location     {_fmt(r.location)}")
    lines.append(
        f"{'':<16}perpetrator  {_fmt(r.perpetrator)}   groups {_fmt(r.perpetrator_groups)}"
    )
    lines.append(f"{'':<16}killed       {_fmt(r.killed)}")
    lines.append(f"{'':<16}date         {_fmt(r.date)}")
    lines.append(f"{'':<16}multi-document raids as one node  {_fmt(r.multi_document)}")
    lines.append("")
    lines.append(_prf_line("relations", rel.precision, rel.recall, rel.f1))
    if verbose:
        lines.extend(_format_details(report.details))
    return "\n".join(lines) + "\n"


def _format_details(d: Details) -> list[str]:
    out: list[str] = []

    def section(title: str, rows: list[str]) -> None:
        if rows:
            out.extend(["", f"{title} ({len(rows)}):", *(f"  - {row}" for row in rows)])

    section(
        "gold entities not found",
        [
            f"{m.gold_id} [{m.type}{'' if m.core else ', not core'}] «{m.alias}»"
            + (
                f"; named on {', '.join(map(str, m.other_type_nodes))} of another type"
                if m.other_type_nodes
                else ""
            )
            for m in d.missed_entities
        ],
    )
    section(
        "nodes matching no gold entity",
        [
            f"{u.node} [{', '.join(u.types)}] names: {' / '.join(u.names) or '(none)'}"
            + (f"; {u.hint}" if u.hint else "")
            for u in d.unmatched_nodes
        ],
    )
    section(
        "nodes with an unresolved ambiguous name",
        [
            f"{', '.join(map(str, g.nodes))}: could be {', '.join(g.gold_ids)}"
            for g in d.ambiguous_nodes
        ],
    )
    section(
        "distinct pairs merged",
        [f"{' + '.join(g.gold_ids)} on {', '.join(map(str, g.nodes))}" for g in d.merged_distinct],
    )
    section(
        "nodes identifying several gold entities",
        [f"{', '.join(map(str, g.nodes))}: {', '.join(g.gold_ids)}" for g in d.merged_nodes],
    )
    section(
        "gold entities split over several nodes",
        [f"{g.gold_ids[0]}: {', '.join(map(str, g.nodes))}" for g in d.split_entities],
    )
    section("gold raids not matched", list(d.missed_raids))
    section("system raids matching no gold raid", [str(n) for n in d.unmatched_raids])
    section(
        "gold raids on several nodes",
        [f"{g.gold_ids[0]}: {', '.join(map(str, g.nodes))}" for g in d.split_raids],
    )
    section(
        "raid attribute errors",
        [
            f"{x.gold_raid} / {x.node.iri}: {x.attribute} expected {x.expected}; got {x.got}"
            for x in d.raid_errors
        ],
    )
    section("core gold relations missing", [str(x) for x in d.missed_relations])
    section("system relations not in gold", [str(x) for x in d.wrong_relations])
    section("gold file warnings", list(d.gold_warnings))
    return out
