"""The result types of an evaluation: ratios and per-part scores, and the details
(misses, false positives) that developers read. Pure data; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

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
