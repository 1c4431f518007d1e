"""Score a built graph against a gold file: the metrics of CONTRACT.md ("Gold files and metrics").

Modules: ``gold`` (loading, checking, the name index), ``graphread`` (the graph's nodes and what
they identify), ``scoring`` (the metrics), ``results`` (result types), ``render`` (text, JSON).

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

from kg.evaluate.gold import (
    ENTITY_TYPES,
    RELATION_PREDICATES,
    check_gold,
    dates_compatible,
    load_gold,
    name_keys,
)
from kg.evaluate.render import format_report, report_to_json
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
    f1,
)
from kg.evaluate.scoring import evaluate, evaluate_files

__all__ = [
    "ENTITY_TYPES", "RELATION_PREDICATES", "AttributeMiss", "Details", "EntityScores",
    "EvalReport", "MergeScores", "MissedEntity", "NodeGroup", "NodeRef", "RaidScores", "Ratio",
    "RelationRef", "RelationScores", "TypeScores", "UnmatchedNode", "check_gold",
    "dates_compatible", "evaluate", "evaluate_files", "f1", "format_report", "load_gold",
    "name_keys", "report_to_json",
]
